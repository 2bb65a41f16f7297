"""Forms of matchmaking pages; they collect input, the domain verbs validate and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterhub.common.forms import ListField
from clusterhub.matchmaking.enums import CollaborationStatus
from clusterhub.matchmaking.enums import ProfileKind
from clusterhub.matchmaking.models import MAX_DESCRIPTION
from clusterhub.matchmaking.models import Collaboration
from clusterhub.matchmaking.models import Profile
from clusterhub.matchmaking.models import ValueChain
from clusterhub.registry.countries import country_choices
from clusterhub.registry.enums import OrganisationType
from clusterhub.registry.forms import LongSelect
from clusterhub.registry.forms import _FilterForm
from clusterhub.registry.forms import _lookup_attrs
from clusterhub.registry.forms import nace_suggest_attrs


class ProfileForm(forms.ModelForm):
    nace = ListField(
        label=_("NACE codes"),
        help_text=_("Comma-separated, e.g. 49.41, 52.10"),
    )

    class Meta:
        model = Profile
        fields = [
            "cluster",
            "kind",
            "title",
            "description",
            "keywords",
            "target_regions",
            "deadline",
            "visibility",
        ]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "description": _("Up to %(n)s characters; longer texts are cut.")
            % {"n": MAX_DESCRIPTION}
        }

    def __init__(self, *args, clusters=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Long texts are accepted here and cut (with a notice) by the domain verb.
        self.fields["description"].max_length = None
        if clusters is not None:
            self.fields["cluster"].queryset = clusters
        self.fields["nace"].widget.attrs.update(
            {**_lookup_attrs("nace", **{"data-multiple": "true"}), **nace_suggest_attrs()}
        )
        if self.instance.pk:
            self.fields["nace"].initial = [n.code for n in self.instance.nace_codes.all()]

    def nace_codes(self) -> list[str]:
        return self.cleaned_data.get("nace", [])


class ProfileFilterForm(_FilterForm):
    """The filters of the offers and requests list (validated by filters.ProfileFilters)."""

    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types"))] + list(ProfileKind.choices),
    )
    sector = forms.CharField(label=_("NACE sector"), required=False, max_length=8)
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        choices=[("", _("All countries"))] + country_choices(),
        widget=LongSelect,
    )
    deadline_by = forms.DateField(
        label=_("Deadline by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["sector"].widget.attrs.update(_lookup_attrs("nace"))


class RecommendationFilterForm(forms.Form):
    sector = forms.CharField(
        label=_("Sector"), required=False, max_length=8, help_text=_("NACE section or code")
    )
    country = forms.CharField(label=_("Country"), required=False, max_length=2)
    org_type = forms.ChoiceField(
        label=_("Partner type"),
        required=False,
        choices=[("", _("Any"))] + list(OrganisationType.choices),
    )
    other_clusters_only = forms.BooleanField(label=_("Only other clusters"), required=False)


class IntroductionForm(forms.Form):
    message = forms.CharField(
        label=_("Message"), required=False, max_length=2000, widget=forms.Textarea
    )


class CollaborationForm(forms.ModelForm):
    class Meta:
        model = Collaboration
        fields = [
            "title",
            "status",
            "value_chain",
            "expected_value_eur",
            "realised_value_eur",
            "notes",
        ]

    def __init__(self, *args, chains=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = CollaborationStatus.choices
        if chains is not None:
            self.fields["value_chain"].queryset = chains


class ValueChainForm(forms.ModelForm):
    stages = forms.CharField(
        label=_("Stages"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One stage a line: name, a colon, NACE codes. E.g. 'Cold logistics: 49.41, 52.10'"
        ),
    )

    class Meta:
        model = ValueChain
        fields = ["name", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["stages"].initial = "\n".join(
                f"{s.name}: {', '.join(n.code for n in s.nace_codes.all())}"
                for s in self.instance.stages.all()
            )
