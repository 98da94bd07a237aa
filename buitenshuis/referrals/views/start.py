"""Recording the first day of the activity after an accepted decision, so
the time from decision to start is known (the 48-hour clock). The placement
screens of a later issue take this over."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buitenshuis.access.policy import Data
from buitenshuis.core.formats import long_date
from buitenshuis.referrals.models import Referral
from buitenshuis.referrals.views.decision import ReferralFormView


class ActivityStartForm(forms.Form):
    first_activity_date = forms.DateField(
        label=gettext_lazy("Eerste dag van de activiteit"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": gettext_lazy("Vul de eerste dag van de activiteit in."),
            "invalid": gettext_lazy("Vul een geldige datum in, bijvoorbeeld 24-11-2026."),
        },
    )

    def __init__(self, *args, decided_on, **kwargs):
        super().__init__(*args, **kwargs)
        self.decided_on = decided_on

    def clean_first_activity_date(self):
        day = self.cleaned_data["first_activity_date"]
        if day < self.decided_on:
            raise forms.ValidationError(
                _("De activiteit kan niet beginnen vóór het besluit (%(date)s).")
                % {"date": long_date(self.decided_on)}
            )
        if day > timezone.localdate() + timezone.timedelta(days=31):
            raise forms.ValidationError(
                _("Leg de eerste dag vast als die bekend is, uiterlijk een maand vooruit.")
            )
        return day


class ActivityStartView(ReferralFormView):
    """The responsible linking pin records the first day of the activity."""

    data = Data.PLACEMENT
    action = "change"
    form_class = ActivityStartForm
    template_name = "referrals/activity_start.html"

    def refusal(self):
        if self.object.status != Referral.Status.ACCEPTED:
            return _("De eerste dag van de activiteit volgt op een toekenning.")
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        decided_at = self.object.decided_at
        kwargs["decided_on"] = (
            timezone.localtime(decided_at).date() if decided_at else timezone.localdate()
        )
        kwargs["initial"] = {"first_activity_date": self.object.enrolment.first_activity_date}
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Eerste dag van de activiteit")
        return context

    def done(self, form):
        enrolment = self.object.enrolment
        enrolment.first_activity_date = form.cleaned_data["first_activity_date"]
        enrolment.save(update_fields=["first_activity_date"])
        return _("De eerste dag van de activiteit is vastgelegd.")
