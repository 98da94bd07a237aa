# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Forms of the intake part of the referral route: assigning a linking pin,
the intake, and consent per child.

Each form validates its input and hands the cleaned data to its rule in
``referrals.rules`` (``save``); the rule says whether it may happen, and a
refusal is shown at the field it names (``core.forms``)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buitenshuis.casework.models import Person
from buitenshuis.core.forms import DateInput
from buitenshuis.core.validators import FREE_TEXT_MAX
from buitenshuis.organisations.models import Membership, Role
from buitenshuis.programmes.models import ProgrammeSettings
from buitenshuis.referrals import rules
from buitenshuis.referrals.models import Intake, LegalBasis
from buitenshuis.training import rules as training


class LinkingPinChoiceField(forms.ModelChoiceField):
    untrained = frozenset()

    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.get_username()
        if obj.pk in self.untrained:
            return _("%(name)s (training nog niet afgerond)") % {"name": name}
        return name


class AssignForm(forms.Form):
    """Pick the linking pin. A linking pin whose training is not complete is
    refused unless the coordinator makes an exception for this family with
    a reason (``may_override``): ``rules.assign_linking_pin``."""

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
        # The linking pin an assignment rule chose: another needs a reason.
        self.rule_assignment = rules.rule_assignment(referral.enrolment)
        if self.rule_assignment is not None:
            self.fields["reassign_reason"] = forms.CharField(
                label=_("Reden voor het afwijken van de toewijzingsregel"),
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=FREE_TEXT_MAX,
                required=False,
                help_text=_(
                    "Alleen nodig als u een andere linking pin kiest dan de toewijzingsregel "
                    "koos. De reden blijft bij de aanmelding; het toegangslog verwijst ernaar."
                ),
            )
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

    def save(self, granted_by):
        """Assign the linking pin (``rules.assign_linking_pin``); raises
        RuleError when a rule refuses. Returns the enrolment;
        ``self.override`` is the exception made, or None."""
        data = self.cleaned_data
        override_reason = data.get("override_reason", "") if data.get("override") else None
        pin = data["linking_pin"]
        self.override = rules.assign_linking_pin(
            granted_by,
            self.referral,
            pin,
            override_reason=override_reason,
            reassign_reason=data.get("reassign_reason"),
        )
        ruled = self.rule_assignment
        self.reassigned = None
        if ruled is not None and ruled.linking_pin_id != pin.pk:
            # The row that keeps the reason (the access log refers to it).
            self.reassigned = self.referral.enrolment.assignments.first()
        enrolment = self.referral.enrolment
        enrolment.linking_pin = pin
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
        criteria = list(ProgrammeSettings.for_programme(referral.programme).inclusion_criteria)
        # Keep criteria recorded earlier that the programme has since removed.
        for recorded in self.instance.criteria_met or []:
            if recorded not in criteria:
                criteria.append(recorded)
        self.fields["criteria_met"].choices = [(c, c) for c in criteria]
        self.fields["legal_basis"].choices = LegalBasis.choices
        if not self.instance.pk:
            self.fields["held_on"].initial = timezone.localdate()
        # A referrer may not have known a parent's date of birth: the intake
        # completes it.
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

    def save(self):
        """Record the intake (``rules.record_intake``); raises RuleError
        when a rule refuses. Returns True when the referral moved to "in
        intake"."""
        data = self.cleaned_data
        return rules.record_intake(
            self.user,
            self.referral,
            held_on=data["held_on"],
            conversation=data["conversation"],
            criteria_met=data.get("criteria_met") or [],
            legal_basis=data["legal_basis"],
            parent_births={
                parent.pk: data.get(f"date_of_birth_{parent.pk}") for parent in self.unknown_births
            },
        )


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
            choices = [
                (str(person.pk), rules.consenter_label(person, child))
                for person in rules.consent_candidates(child, self.parents, self.day)
            ]
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

    def save(self):
        """Record the ticked consents and remove the unticked ones
        (``rules.record_consents``); raises RuleError when a rule refuses."""
        data = self.cleaned_data
        rules.record_consents(
            self.user,
            self.referral,
            given={
                child.pk: {int(pk) for pk in data.get(f"given_by_{child.pk}") or []}
                for child in self.children
            },
            given_on={child.pk: data.get(f"given_on_{child.pk}") for child in self.children},
            day=self.day,
        )

    def child_fields(self):
        """(child, who-gave field, date field) per child, for the template."""
        return [
            (child, self[f"given_by_{child.pk}"], self[f"given_on_{child.pk}"])
            for child in self.children
        ]
