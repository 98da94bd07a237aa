"""Forms of the intake and decision part of the referral route: assigning a
linking pin, the intake, consent per child, the decision, the capacity
override and the municipality's note on a mandate decision.

Forms validate input only; the rules (who may decide, consent, capacity)
live in ``referrals.rules``."""

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buitenshuis.casework.models import Enrolment, Person
from buitenshuis.core import notify
from buitenshuis.core.validators import FREE_TEXT_MAX
from buitenshuis.organisations.models import Membership, Role
from buitenshuis.referrals import rules
from buitenshuis.referrals.models import (
    Consent,
    Decision,
    Intake,
    LegalBasis,
    Referral,
    ReferralSettings,
)
from buitenshuis.training import rules as training
from buitenshuis.training.models import TrainingOverride


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class LinkingPinChoiceField(forms.ModelChoiceField):
    untrained = frozenset()

    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.get_username()
        if obj.pk in self.untrained:
            return _("%(name)s (training nog niet afgerond)") % {"name": name}
        return name


class AssignForm(forms.Form):
    """Pick the linking pin. A linking pin whose training is not complete is
    refused (issue 4) unless the coordinator overrides that for this family
    with a reason (``may_override``); the override is stored by ``save``."""

    linking_pin = LinkingPinChoiceField(
        label=_("Linking pin"),
        queryset=get_user_model().objects.none(),
        empty_label=_("Kies een linking pin"),
        help_text=_("Alleen linking pins van dit programma."),
    )

    def __init__(self, *args, referral, may_override=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.referral = referral
        self.may_override = may_override
        self.override = None
        pins = Membership.objects.current().filter(
            role=Role.LINKING_PIN, programme=referral.programme
        )
        queryset = (
            get_user_model()
            .objects.filter(pk__in=pins.values("user_id"))
            .order_by("first_name", "last_name", "username")
        )
        field = self.fields["linking_pin"]
        field.queryset = queryset
        field.untrained = frozenset(
            pin.pk for pin in queryset if not training.is_trained(pin, Role.LINKING_PIN)
        )
        field.initial = referral.enrolment.linking_pin_id
        if may_override:
            self.fields["override"] = forms.BooleanField(
                label=_("Toch toewijzen als uitzondering op de trainingsregel"),
                required=False,
                help_text=_(
                    "Alleen nodig als de linking pin de training traumasensitief werken nog "
                    "niet heeft afgerond."
                ),
            )
            self.fields["override_reason"] = forms.CharField(
                label=_("Reden voor de uitzondering"),
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=FREE_TEXT_MAX,
                required=False,
                help_text=_(
                    "De reden wordt vastgelegd in het toegangslog en is zichtbaar in het "
                    "trainingsoverzicht van het programma."
                ),
            )

    def clean(self):
        cleaned = super().clean()
        pin = cleaned.get("linking_pin")
        if pin is None:
            return cleaned
        refusal = training.linking_pin_refusal(self.referral.enrolment, pin)
        if refusal is None:
            return cleaned
        if not (self.may_override and cleaned.get("override")):
            self.add_error("linking_pin", refusal)
            return cleaned
        cleaned["override_reason"] = (cleaned.get("override_reason") or "").strip()
        if not cleaned["override_reason"]:
            self.add_error("override_reason", _("Geef de reden voor de uitzondering."))
        else:
            self.needs_override = True
        return cleaned

    @transaction.atomic
    def save(self, granted_by=None):
        """Assign the linking pin; with an override, store it first (the
        caller logs it). Returns the enrolment; ``self.override`` is the new
        override or None."""
        enrolment = self.referral.enrolment
        pin = self.cleaned_data["linking_pin"]
        if getattr(self, "needs_override", False):
            self.override = TrainingOverride.objects.create(
                kind=TrainingOverride.Kind.LINKING_PIN_UNTRAINED,
                enrolment=enrolment,
                linking_pin=pin,
                reason=self.cleaned_data["override_reason"],
                granted_by=granted_by,
            )
        changed = enrolment.linking_pin_id != pin.pk
        enrolment.linking_pin = pin
        enrolment.save(update_fields=["linking_pin"])
        rules.mark_assigned(self.referral)
        if changed:
            # The referral now waits for this linking pin (the intake).
            notify.after_commit([pin], actor=granted_by)
        return enrolment


class IntakeForm(forms.ModelForm):
    criteria_met = forms.MultipleChoiceField(
        label=_("Inclusiecriteria waaraan is voldaan"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("De inclusiecriteria van dit programma."),
    )

    class Meta:
        model = Intake
        fields = ["held_on", "conversation", "criteria_met", "legal_basis"]
        widgets = {
            "held_on": DateInput(),
            "conversation": forms.Textarea(attrs={"rows": 8}),
            "legal_basis": forms.RadioSelect,
        }
        help_texts = {
            "legal_basis": _(
                "De grondslag voor het verwerken van de gegevens. Die staat los van de "
                "toestemming voor deelname."
            ),
        }

    def __init__(self, *args, referral, user, **kwargs):
        kwargs.setdefault("instance", getattr(referral, "intake", None))
        super().__init__(*args, **kwargs)
        self.referral = referral
        self.user = user
        criteria = list(ReferralSettings.for_programme(referral.programme).inclusion_criteria)
        # Keep criteria recorded earlier that the programme has since removed.
        for recorded in self.instance.criteria_met or []:
            if recorded not in criteria:
                criteria.append(recorded)
        self.fields["criteria_met"].choices = [(c, c) for c in criteria]
        self.fields["legal_basis"].choices = LegalBasis.choices
        if not self.instance.pk:
            self.fields["held_on"].initial = timezone.localdate()
        # A referrer may not have known a parent's date of birth: the intake
        # completes it (issue 7).
        self.unknown_births = list(
            referral.family.members.filter(kind=Person.Kind.PARENT, date_of_birth__isnull=True)
        )
        for parent in self.unknown_births:
            self.fields[f"date_of_birth_{parent.pk}"] = forms.DateField(
                label=_("Geboortedatum van %(name)s") % {"name": parent},
                widget=DateInput(),
                required=False,
                help_text=_("Niet ingevuld bij de aanmelding. Vul hem in als hij bekend is."),
            )

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for parent in self.unknown_births:
            field = f"date_of_birth_{parent.pk}"
            born = cleaned.get(field)
            if born is not None and born > today:
                self.add_error(field, _("De geboortedatum ligt in de toekomst."))
        return cleaned

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("De datum van de intake kan niet in de toekomst liggen."))
        return held_on

    @transaction.atomic
    def save(self):
        """Store the intake; a received referral moves to 'in intake'.
        Returns True when the status changed (the referrer is told)."""
        was_ready = rules.ready_for_decision(self.referral)
        intake = super().save(commit=False)
        intake.referral = self.referral
        intake.recorded_by = self.user
        intake.save()
        for parent in self.unknown_births:
            born = self.cleaned_data.get(f"date_of_birth_{parent.pk}")
            if born is not None:
                parent.date_of_birth = born
                parent.save(update_fields=["date_of_birth"])
        referral = self.referral
        changed = referral.status == Referral.Status.RECEIVED
        if changed:
            referral.status = Referral.Status.INTAKE
            referral.save(update_fields=["status"])
        enrolment = referral.enrolment
        if enrolment.status == Enrolment.Status.REFERRED:
            enrolment.status = Enrolment.Status.INTAKE
            enrolment.save(update_fields=["status"])
        rules.mark_ready(referral)
        rules.announce_ready(referral, was_ready, actor=self.user)
        return changed


def consent_candidates(child, parents, day):
    """Who can give consent for ``child``: the child itself from 12, and
    each parent."""
    people = []
    if child.age_on(day) >= 12:
        people.append(child)
    people.extend(parents)
    return people


class ConsentForm(forms.Form):
    """Per child: who gave consent, and on which date (for consents recorded
    now; earlier consents keep their date)."""

    def __init__(self, *args, referral, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.referral = referral
        self.user = user
        self.day = timezone.localdate()
        members = list(referral.family.members.all())
        self.parents = [m for m in members if m.kind == Person.Kind.PARENT]
        self.children = [m for m in members if m.kind == Person.Kind.CHILD]
        given = {}
        for consent in referral.consents.all():
            given.setdefault(consent.child_id, []).append(consent)
        self.given = given
        for child in self.children:
            choices = []
            for person in consent_candidates(child, self.parents, self.day):
                if person.pk == child.pk:
                    label = _("%(name)s zelf") % {"name": child.first_name}
                elif person.has_parental_authority:
                    label = _("%(name)s (ouder met gezag)") % {"name": person}
                else:
                    label = _("%(name)s (ouder zonder gezag)") % {"name": person}
                choices.append((str(person.pk), label))
            existing = given.get(child.pk, [])
            self.fields[f"given_by_{child.pk}"] = forms.MultipleChoiceField(
                label=_("Toestemming voor %(name)s (%(age)s jaar) gegeven door")
                % {"name": child.first_name, "age": child.age_on(self.day)},
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=[str(c.given_by_id) for c in existing],
            )
            self.fields[f"given_on_{child.pk}"] = forms.DateField(
                label=_("Datum van de toestemming voor %(name)s") % {"name": child.first_name},
                widget=DateInput(),
                required=False,
                initial=self.day,
                help_text=_("Geldt voor de toestemming die u nu aanvinkt."),
            )

    def clean(self):
        cleaned = super().clean()
        for child in self.children:
            field = f"given_on_{child.pk}"
            given_on = cleaned.get(field)
            chosen = set(cleaned.get(f"given_by_{child.pk}") or [])
            already = {str(c.given_by_id) for c in self.given.get(child.pk, [])}
            if chosen - already and not given_on:
                self.add_error(field, _("Vul de datum van de toestemming in."))
            if given_on and given_on > self.day:
                self.add_error(
                    field, _("De datum van de toestemming kan niet in de toekomst liggen.")
                )
        return cleaned

    @transaction.atomic
    def save(self):
        """Add the ticked consents and remove the unticked ones."""
        was_ready = rules.ready_for_decision(self.referral)
        people = {p.pk: p for p in [*self.parents, *self.children]}
        for child in self.children:
            chosen = {int(pk) for pk in self.cleaned_data.get(f"given_by_{child.pk}") or []}
            existing = {c.given_by_id: c for c in self.given.get(child.pk, [])}
            for pk, consent in existing.items():
                if pk not in chosen:
                    consent.delete()
            for pk in chosen - set(existing):
                Consent.objects.create(
                    referral=self.referral,
                    child=child,
                    given_by=people[pk],
                    given_on=self.cleaned_data[f"given_on_{child.pk}"],
                    recorded_by=self.user,
                )
        rules.mark_ready(self.referral)
        rules.announce_ready(self.referral, was_ready, actor=self.user)

    def child_fields(self):
        """(child, who-gave field, date field) per child, for the template."""
        return [
            (child, self[f"given_by_{child.pk}"], self[f"given_on_{child.pk}"])
            for child in self.children
        ]


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Besluit"),
        choices=Decision.Outcome.choices,
        widget=forms.RadioSelect,
    )
    start_date = forms.DateField(
        label=_("Startdatum"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "Bij toekenning: de eerste dag van een voorlopige plaatsing, anders vandaag. "
            "De einddatum volgt uit de standaardduur."
        ),
    )
    parental_contribution = forms.DecimalField(
        label=_("Ouderbijdrage per maand (euro)"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        localize=True,
        help_text=_("Bij toekenning, als de ouders bijdragen; leeg is geen ouderbijdrage."),
    )
    reason = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=FREE_TEXT_MAX,
        required=False,
        help_text=_("Verplicht bij een afwijzing. De motivering staat in de beschikking."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.fields["start_date"].initial is None and not self.initial.get("start_date"):
            self.fields["start_date"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("outcome") == Decision.Outcome.REJECTED
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Geef de reden van de afwijzing."))
        return cleaned


class OverrideCapacityForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden om de capaciteit te overschrijden"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=FREE_TEXT_MAX,
        help_text=_(
            "De reden wordt vastgelegd bij de aanmelding; het toegangslog verwijst ernaar."
        ),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Geef de reden om de capaciteit te overschrijden."))
        return reason


class ConfirmAddressForm(forms.Form):
    checked = forms.BooleanField(
        label=_(
            "Ik heb het adres gecontroleerd met de verwijzer of het gezin: het gezin woont in "
            "de gekozen woongemeente."
        ),
        error_messages={"required": _("Vink aan dat u het adres heeft gecontroleerd.")},
    )


class MandateTaskForm(forms.Form):
    NOTE, OBJECT = "note", "object"
    choice = forms.ChoiceField(
        label=_("Reactie van de gemeente"),
        choices=[
            (NOTE, _("Kennisgenomen, geen bezwaar")),
            (OBJECT, _("Kennisgenomen, met bezwaar")),
        ],
        widget=forms.RadioSelect,
        initial=NOTE,
    )
    objection = forms.CharField(
        label=_("Bezwaar"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=FREE_TEXT_MAX,
        required=False,
        help_text=_(
            "Verplicht bij bezwaar. Het traject loopt door; de linking pin en de "
            "coördinator zien het bezwaar bij de aanmelding."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["objection"] = (cleaned.get("objection") or "").strip()
        if cleaned.get("choice") == self.OBJECT and not cleaned["objection"]:
            self.add_error("objection", _("Beschrijf het bezwaar."))
        return cleaned
