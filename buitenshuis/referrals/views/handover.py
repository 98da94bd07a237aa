"""A temporary handover: a colleague linking pin stands in for a period
(holiday, illness). During the period the family counts as the stand-in's
own (ACCESS.md); the assigned linking pin keeps access."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buitenshuis.access.policy import Data
from buitenshuis.casework.models import Handover
from buitenshuis.core import notify
from buitenshuis.core.formats import long_date
from buitenshuis.organisations.models import Membership, Role
from buitenshuis.referrals.models import Referral
from buitenshuis.referrals.views.decision import ReferralFormView
from buitenshuis.training.rules import untrained_linking_pin_message

MAX_DAYS = 92


class HandoverForm(forms.Form):
    to_user = forms.ModelChoiceField(
        label=gettext_lazy("Waarnemer"),
        queryset=get_user_model().objects.none(),
        empty_label=gettext_lazy("Kies een linking pin"),
        error_messages={"required": gettext_lazy("Kies wie waarneemt.")},
    )
    first_day = forms.DateField(
        label=gettext_lazy("Eerste dag"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Vul een geldige datum in.")},
    )
    last_day = forms.DateField(
        label=gettext_lazy("Laatste dag"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Vul een geldige datum in.")},
    )
    reason = forms.CharField(label=gettext_lazy("Reden"), max_length=200, required=False)

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        pins = Membership.objects.current().filter(
            role=Role.LINKING_PIN, programme=referral.programme
        )
        self.fields["to_user"].queryset = (
            get_user_model()
            .objects.filter(pk__in=pins.values("user_id"))
            .exclude(pk=referral.enrolment.linking_pin_id)
            .order_by("first_name", "last_name")
        )
        self.fields["first_day"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last:
            if last < first:
                self.add_error("last_day", _("De laatste dag ligt vóór de eerste dag."))
            elif (last - first).days > MAX_DAYS:
                self.add_error(
                    "last_day",
                    _(
                        "Een waarneming duurt hoogstens %(days)d dagen; wijs anders een andere "
                        "linking pin toe."
                    )
                    % {"days": MAX_DAYS},
                )
            if last < timezone.localdate():
                self.add_error("last_day", _("De laatste dag ligt in het verleden."))
        stand_in = data.get("to_user")
        if stand_in is not None:
            untrained = untrained_linking_pin_message(stand_in)
            if untrained:
                self.add_error("to_user", untrained)
        return data


class HandoverView(ReferralFormView):
    """The responsible linking pin or the coordinator arranges a stand-in."""

    data = Data.HANDOVER
    action = "change"
    form_class = HandoverForm
    template_name = "referrals/handover.html"

    def refusal(self):
        if self.object.status not in (
            Referral.Status.RECEIVED,
            Referral.Status.INTAKE,
            Referral.Status.ACCEPTED,
        ):
            return _("Voor een afgesloten aanmelding is geen waarneming nodig.")
        if self.object.enrolment.linking_pin_id is None:
            return _("Wijs eerst een linking pin toe.")
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "referral": self.object}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Waarneming regelen voor %(reference)s") % {
            "reference": self.object.family.reference
        }
        context["handovers"] = self.object.enrolment.handovers.select_related("to_user").filter(
            ends__gt=timezone.now()
        )
        return context

    def done(self, form):
        zone = timezone.get_current_timezone()
        first, last = form.cleaned_data["first_day"], form.cleaned_data["last_day"]
        handover = Handover.objects.create(
            enrolment=self.object.enrolment,
            to_user=form.cleaned_data["to_user"],
            starts=datetime.datetime.combine(first, datetime.time.min, zone),
            ends=datetime.datetime.combine(
                last + datetime.timedelta(days=1), datetime.time.min, zone
            ),
            reason=form.cleaned_data["reason"].strip(),
        )
        # A hand-off: the stand-in gets the content-free e-mail (on commit)
        # and finds the families in their work queue while standing in.
        notify.after_commit([handover.to_user], actor=self.request.user)
        return _("%(name)s neemt waar van %(first)s tot en met %(last)s.") % {
            "name": handover.to_user.get_full_name() or handover.to_user.get_username(),
            "first": long_date(first),
            "last": long_date(last),
        }
