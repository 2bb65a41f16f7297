from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterhub.common.content_languages import ContentLanguagesFormMixin
from clusterhub.common.content_languages import other_language_fields
from clusterhub.grants.enums import DIRECT_CATEGORIES
from clusterhub.grants.enums import CostCategory
from clusterhub.grants.enums import PartnerRole
from clusterhub.grants.models import RECEIPT_MAX_BYTES
from clusterhub.grants.models import RECEIPT_TYPES
from clusterhub.grants.models import Deliverable
from clusterhub.grants.models import Expenditure
from clusterhub.grants.models import Milestone
from clusterhub.grants.models import NewsArticle
from clusterhub.grants.models import Project
from clusterhub.grants.models import Task
from clusterhub.grants.models import WorkPackage
from clusterhub.registry.models import Organisation


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


class ExpenditureFilterForm(forms.Form):
    """The filter of a project's expenditure list (display only: filters.ExpenditureFilters
    validates the value)."""

    partner = forms.ChoiceField(label=_("Partner"), required=False)

    def __init__(self, data=None, *, partners=(), **kwargs):
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(data, **kwargs)
        self.fields["partner"].choices = [
            ("", _("All partners")),
            *((str(p.pk), str(p)) for p in partners),
        ]


class NewsForm(ContentLanguagesFormMixin, forms.ModelForm):
    translated_fields = ("title", "body")

    class Meta:
        model = NewsArticle
        fields = ["title", "body", "published_on", *other_language_fields("title", "body")]
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "body": _("The funding acknowledgement and disclaimer are added automatically."),
            "published_on": _("Leave empty to keep the article as a draft."),
        }


# --- Project setup (coordinators and admins) ---------------------------------------------------
# These forms only collect input; every rule (shares adding up, months inside the project...)
# is applied by the models' clean() and the verbs in grants/domain.py.


class ProjectForm(ContentLanguagesFormMixin, forms.ModelForm):
    """The project's own figures. The registry programme it belongs to is fixed: it decides who
    coordinates the project, so it is changed in the admin, not here."""

    translated_fields = ("title", "description")

    class Meta:
        model = Project
        fields = [
            "funding_programme",
            "call",
            "grant_agreement_number",
            "acronym",
            "title",
            "description",
            "start_date",
            "duration_months",
            "total_budget",
            "grant_amount",
            "indirect_rate",
            "public_page",
            *other_language_fields("title", "description"),
        ]
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"})}


class ConsortiumTotalForm(forms.Form):
    """The total budget, changed together with the partners' shares so that both stay equal."""

    total_budget = forms.DecimalField(
        label=_("Total eligible budget (EUR)"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
    )


class PartnerRowForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name"), required=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=PartnerRole.choices, required=False)
    budget_share = forms.DecimalField(
        label=_("Budget share (EUR)"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.00"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        # A row without an organisation is an empty (or removed) row.
        if data.get("organisation") is not None:
            if not data.get("role"):
                self.add_error("role", _("Choose a role."))
            if data.get("budget_share") is None and "budget_share" not in self.errors:
                self.add_error("budget_share", _("Enter the budget share."))
        return data


PartnerFormSet = forms.formset_factory(PartnerRowForm, extra=2, max_num=100, validate_max=True)


class BudgetForm(forms.Form):
    """Planned direct costs: one amount per partner and direct cost category. An empty cell
    means no budget line."""

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.partners = list(partners)
        for partner in self.partners:
            for category in DIRECT_CATEGORIES:
                self.fields[self.field_name(partner, category)] = forms.DecimalField(
                    label=f"{partner.organisation} · {CostCategory(category).label}",
                    max_digits=14,
                    decimal_places=2,
                    min_value=Decimal("0.00"),
                    required=False,
                )

    @staticmethod
    def field_name(partner, category: str) -> str:
        return f"p{partner.pk}_{category}"

    def rows(self):
        """(partner, [bound fields by category]) for the table."""
        return [
            (p, [self[self.field_name(p, c)] for c in DIRECT_CATEGORIES]) for p in self.partners
        ]

    def lines(self) -> dict:
        return {
            p: {
                c: self.cleaned_data[self.field_name(p, c)]
                for c in DIRECT_CATEGORIES
                if self.cleaned_data.get(self.field_name(p, c)) is not None
            }
            for p in self.partners
        }


class WorkPackageForm(forms.ModelForm):
    class Meta:
        model = WorkPackage
        fields = ["number", "title", "description", "lead", "start_month", "end_month"]

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = project.partners.select_related("organisation")


class _InWorkPackageForm(forms.ModelForm):
    """A task, deliverable or milestone: its work package is one of the project's."""

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_package"].queryset = project.work_packages.all()


class TaskForm(_InWorkPackageForm):
    class Meta:
        model = Task
        fields = ["work_package", "number", "title", "start_month", "end_month"]


class DeliverableForm(_InWorkPackageForm):
    class Meta:
        model = Deliverable
        fields = [
            "work_package",
            "number",
            "title",
            "description",
            "due_month",
            "status",
            "actual_date",
            "dissemination",
        ]
        widgets = {"actual_date": forms.DateInput(attrs={"type": "date"})}


class MilestoneForm(_InWorkPackageForm):
    class Meta:
        model = Milestone
        fields = [
            "work_package",
            "number",
            "title",
            "due_month",
            "actual_date",
            "means_of_verification",
        ]
        widgets = {"actual_date": forms.DateInput(attrs={"type": "date"})}
