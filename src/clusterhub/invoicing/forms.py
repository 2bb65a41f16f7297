from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterhub.invoicing.enums import InvoiceStatus
from clusterhub.invoicing.models import BillingProfile
from clusterhub.invoicing.models import InvoicingSettings


class SettingsForm(forms.ModelForm):
    class Meta:
        model = InvoicingSettings
        fields = [
            "legal_name",
            "address",
            "registration_number",
            "vat_number",
            "iban",
            "bic",
            "bank_name",
            "invoice_prefix",
            "vat_policy",
            "vat_rate",
            "payment_terms_days",
            "reminder_interval_days",
            "footer",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "footer": forms.Textarea(attrs={"rows": 2}),
        }


class BillingProfileForm(forms.ModelForm):
    class Meta:
        model = BillingProfile
        fields = ["non_taxable", "billing_email", "billing_address"]
        widgets = {"billing_address": forms.Textarea(attrs={"rows": 3})}


class GenerateForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("The calendar year; or give a period below instead."),
    )
    period_start = forms.DateField(label=_("Period from"), required=False)
    period_end = forms.DateField(label=_("Period to"), required=False)
    issued_on = forms.DateField(label=_("Issue date"), required=False)
    issue = forms.BooleanField(
        label=_("Issue and number them now"),
        required=False,
        initial=True,
        help_text=_("Unticked, the invoices are drafts to look over and issue later."),
    )

    def clean(self):
        data = super().clean()
        year, start, end = data.get("year"), data.get("period_start"), data.get("period_end")
        if year and (start or end):
            raise forms.ValidationError(_("Give either a year or a period, not both."))
        if year:
            data["period_start"], data["period_end"] = date(year, 1, 1), date(year, 12, 31)
        elif not (start and end):
            if not self.errors:
                raise forms.ValidationError(_("Give a year, or both days of a period."))
        elif end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        data["issued_on"] = data.get("issued_on") or timezone.localdate()
        return data


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=12, decimal_places=2, min_value=0.01)
    paid_on = forms.DateField(label=_("Paid on"))
    payer = forms.CharField(label=_("Payer"), max_length=200, required=False)
    reference = forms.CharField(label=_("Reference"), max_length=300, required=False)


class CreditNoteForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (VAT included)"),
        max_digits=12,
        decimal_places=2,
        min_value=0.01,
        required=False,
        help_text=_("Empty: all that is not yet credited."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)


class StatementForm(forms.Form):
    file = forms.FileField(
        label=_("Bank statement (CSV or XLSX)"),
        help_text=_("Columns: date, amount, reference, payer."),
    )


class InvoiceFilterForm(forms.Form):
    """The filters of a cluster's invoice list (display only: filters.InvoiceFilters validates
    the values)."""

    year = forms.ChoiceField(label=_("Year"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *InvoiceStatus.choices]
    )

    def __init__(self, data=None, *, years=(), **kwargs):
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(data, **kwargs)
        self.fields["year"].choices = [("", _("All")), *((str(y), str(y)) for y in years)]
