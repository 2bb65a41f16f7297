"""The directory's filter form (display only: DirectoryFilters validates the values)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterhub.assessment.enums import LabelLevel
from clusterhub.registry.enums import SectorGroup


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("NUTS region"), required=False)
    sector_group = forms.ChoiceField(label=_("Sector group"), required=False)
    label = forms.ChoiceField(label=_("Label"), required=False)

    def __init__(self, data=None, *, countries=(), regions=(), **kwargs):
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(data, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *countries]
        self.fields["region"].choices = [("", _("All regions")), *regions]
        self.fields["sector_group"].choices = [("", _("All sector groups")), *SectorGroup.choices]
        self.fields["label"].choices = [
            ("", _("All")),
            ("any", _("With a label")),
            *LabelLevel.choices,
            ("none", _("Without a label")),
        ]
