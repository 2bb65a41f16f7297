from django import forms
from django.utils.translation import gettext_lazy as _

from clusterhub.grants.enums import DIRECT_CATEGORIES, CostCategory
from clusterhub.grants.models import RECEIPT_MAX_BYTES, RECEIPT_TYPES, Expenditure, NewsArticle


class ExpenditureForm(forms.ModelForm):
    """Enter a cost for one of the partners the user may book for."""

    confirm_overrun = forms.BooleanField(
        label=_("I confirm this cost takes its budget line over the plan"), required=False
    )

    class Meta:
        model = Expenditure
        fields = [
            "partner",
            "date",
            "category",
            "amount",
            "currency",
            "exchange_rate",
            "description",
            "receipt",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "receipt": forms.ClearableFileInput(attrs={"accept": ",".join(RECEIPT_TYPES)}),
        }

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        self.fields["partner"].empty_label = None
        self.fields["category"].choices = [(c, CostCategory(c).label) for c in DIRECT_CATEGORIES]
        self.fields["amount"].min_value = None

    def clean_receipt(self):
        receipt = self.cleaned_data.get("receipt")
        if receipt and getattr(receipt, "size", 0) > RECEIPT_MAX_BYTES:
            raise forms.ValidationError(
                _("A receipt may be at most %(mb)s MB.") % {"mb": RECEIPT_MAX_BYTES // 2**20}
            )
        return receipt


class NewsForm(forms.ModelForm):
    class Meta:
        model = NewsArticle
        fields = ["title", "body", "published_on"]
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "body": _("The funding acknowledgement and disclaimer are added automatically."),
            "published_on": _("Leave empty to keep the article as a draft."),
        }
