"""Forms of the membership pages. Validation lives in the models and verbs; these only shape
the input (and keep robots off the public application form)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterhub.membership.enums import ApplicationStatus
from clusterhub.membership.enums import LeavingReason
from clusterhub.membership.models import Application
from clusterhub.membership.models import FeeRule
from clusterhub.membership.models import MembershipType
from clusterhub.membership.models import MemberTerms
from clusterhub.registry.countries import country_choices


class MembershipTypeForm(forms.ModelForm):
    class Meta:
        model = MembershipType
        fields = ["name", "description", "is_free", "open_for_applications"]


class FeeRuleForm(forms.ModelForm):
    class Meta:
        model = FeeRule
        fields = ["org_type", "size_class", "yearly_amount"]


class TermsForm(forms.ModelForm):
    class Meta:
        model = MemberTerms
        fields = ["membership_type", "vat_number", "period_end"]
        widgets = {"period_end": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership_type"].queryset = MembershipType.objects.filter(cluster=cluster)


class ApplicationForm(forms.ModelForm):
    """The public application form. `website` is a honeypot: hidden from people, filled in by
    robots; a form with it filled is refused."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    country = forms.ChoiceField(label=_("country"))

    class Meta:
        model = Application
        fields = [
            "company_name",
            "registration_number",
            "vat_number",
            "country",
            "org_type",
            "size_class",
            "contact_first_name",
            "contact_last_name",
            "email",
            "membership_type",
            "message",
        ]

    def __init__(self, *args, cluster, types, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cluster = cluster
        self.fields["country"].choices = [("", "---------"), *country_choices()]
        self.fields["country"].initial = cluster.country
        self.fields["membership_type"].queryset = types
        self.fields["membership_type"].empty_label = None
        self.fields["message"].widget.attrs["maxlength"] = 4000

    def clean_message(self):
        message = self.cleaned_data.get("message", "")
        if len(message) > 4000:
            raise forms.ValidationError(_("Keep the message under 4000 characters."))
        return message

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class AcceptForm(forms.Form):
    since = forms.DateField(label=_("member since"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["since"].initial = timezone.localdate()


class DeclineForm(forms.Form):
    decline_reason = forms.CharField(
        label=_("reason (mailed to the applicant)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class LeaveForm(forms.Form):
    until = forms.DateField(label=_("member until"), widget=forms.DateInput(attrs={"type": "date"}))
    leaving_reason = forms.ChoiceField(label=_("leaving reason"), choices=LeavingReason.choices)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ApplicationFilterForm(forms.Form):
    """The filter of a cluster's application list (display only: filters.ApplicationFilters
    validates the value). Without a status the page shows those waiting for review."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[*ApplicationStatus.choices, ("all", _("All"))]
    )

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(data, **kwargs)
