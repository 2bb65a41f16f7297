"""Forms of the registry pages. Validation rules live in the models; views save via domain.py.

NACE and NUTS codes are typed into text inputs (clusterhub.js adds search-as-you-type when
JavaScript runs); the fields below turn the typed codes into reference rows and say clearly when
a code is unknown. An old code (NACE Rev. 2, NUTS 2021) converts when it has one successor: the
field keeps the conversion in `conversions`, and the page shows it after saving
(announce_conversions); one with several successors is an error listing them
(registry/conversions.py).
"""

import html

from django import forms
from django.contrib import messages
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from clusterhub.accounts.enums import CLUSTER_ROLES
from clusterhub.accounts.enums import Role
from clusterhub.accounts.models import User
from clusterhub.common.forms import ListField
from clusterhub.registry.conversions import convert_nace
from clusterhub.registry.conversions import convert_nuts
from clusterhub.registry.countries import country_choices
from clusterhub.registry.enums import OrganisationType
from clusterhub.registry.enums import SectorGroup
from clusterhub.registry.enums import SizeClass
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import NutsRegion
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person


def _code_of(text: str) -> str:
    """The code at the start of what was typed: '62.01 Computer programming' -> '62.01'."""
    return text.strip().split(" ", 1)[0].strip()


def _lookup_attrs(kind: str, **extra: str) -> dict[str, str]:
    return {"data-lookup": kind, "autocomplete": "off", "spellcheck": "false", **extra}


def nace_suggest_attrs(source_id: str = "id_description") -> dict[str, str]:
    """Attributes that make clusterhub.js add "Suggest a code" beside a NACE input: it sends the
    text of the field `source_id` to /reference/nace/suggest. Texts ride along translated."""
    return {
        "data-suggest-from": source_id,
        "data-suggest-label": str(_("Suggest a code")),
        "data-suggest-empty": str(_("Describe the activity first, then ask for a suggestion.")),
        "data-suggest-none": str(_("No code fits this description; try other words.")),
        "data-suggest-results": str(_("%s suggestions; choose one to fill in the code.")),
        "data-suggest-use": str(_("Use %s")),
    }


class _Converting:
    """A code field that converts old codes: the conversions of its last clean, and the text the
    candidates of an ambiguous NACE code are ranked by (set by the form: its description)."""

    conversions: list[str]
    description = staticmethod(lambda: "")

    def _convert_nace(self, code: str) -> str | None:
        """The NACE 2.1 code for a typed code; raises with the candidates when ambiguous."""
        converted = convert_nace(code, description=self.description())
        if converted.error:
            raise forms.ValidationError(converted.error, code="ambiguous")
        if converted.note:
            self.conversions.append(converted.note)
        return converted.code


class NaceCodeField(_Converting, forms.CharField):
    """One NACE code, typed or picked: returns a NaceCode or None. A NACE Rev. 2 code converts
    when it has one NACE 2.1 counterpart."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", _("A NACE Rev. 2.1 code such as 62.10; type a word to search.")
        )
        super().__init__(max_length=320, **kwargs)
        self.widget.attrs.update(_lookup_attrs("nace"))
        self.conversions = []

    def prepare_value(self, value):
        return value.code if isinstance(value, NaceCode) else value

    def clean(self, value):
        self.conversions = []
        text = super().clean(value)
        if not text:
            return None
        code = _code_of(text)
        nace = NaceCode.objects.filter(code=self._convert_nace(code) or code).first()
        if nace is None:
            self.conversions = []
            raise forms.ValidationError(
                _("%(code)s is not a NACE Rev. 2.1 code."), params={"code": code}, code="unknown"
            )
        return nace


class NaceCodesField(_Converting, ListField):
    """Several NACE codes separated by commas: returns a list of NaceCode rows. NACE Rev. 2 codes
    convert as in NaceCodeField."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", _("NACE Rev. 2.1 codes separated by commas, e.g. 62.10, 63.1.")
        )
        super().__init__(**kwargs)
        self.widget.attrs.update(_lookup_attrs("nace", **{"data-multiple": "true"}))
        self.conversions = []

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            value = [v.code if isinstance(v, NaceCode) else v for v in value]
        return super().prepare_value(value)

    def clean(self, value):
        self.conversions = []
        typed = super().clean(value)
        errors, codes = [], []
        for code in typed:
            try:
                codes.append(self._convert_nace(code) or code)
            except forms.ValidationError as exc:
                errors.append(exc)
                codes.append(None)
        found = {n.code: n for n in NaceCode.objects.filter(code__in=[c for c in codes if c])}
        unknown = [t for t, c in zip(typed, codes, strict=True) if c and c not in found]
        if unknown:
            errors.insert(
                0,
                forms.ValidationError(
                    _("Not NACE Rev. 2.1 codes: %(codes)s."),
                    params={"codes": ", ".join(unknown)},
                    code="unknown",
                ),
            )
        if errors:
            self.conversions = []
            raise forms.ValidationError(errors)
        # A Rev. 2 code and its 2.1 successor both typed: one sector.
        return [found[c] for c in dict.fromkeys(codes)]


class NutsRegionField(_Converting, forms.CharField):
    """A NUTS 2024 region code: returns a NutsRegion or None. A NUTS 2021 code converts when the
    region has one successor; a split or merged one is an error listing the successors."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("A NUTS 2024 code such as LV00C; type a name to search."))
        kwargs.setdefault("required", False)
        super().__init__(max_length=210, **kwargs)
        self.widget.attrs.update(_lookup_attrs("nuts", **{"data-country-field": "id_country"}))
        self.conversions = []

    def prepare_value(self, value):
        return value.code if isinstance(value, NutsRegion) else value

    def clean(self, value):
        self.conversions = []
        text = super().clean(value)
        if not text:
            return None
        code = _code_of(text).upper()
        region = NutsRegion.objects.filter(code=code).first()
        if region is None:
            converted = convert_nuts(code)
            if converted.error:
                raise forms.ValidationError(converted.error, code="ambiguous")
            if converted.code:
                region = NutsRegion.objects.filter(code=converted.code).first()
                if region is not None:
                    self.conversions.append(converted.note)
        if region is None:
            raise forms.ValidationError(
                _("%(code)s is not a NUTS 2024 region code."), params={"code": code}, code="unknown"
            )
        return region


def form_conversions(form: forms.BaseForm) -> list[str]:
    """The old codes a valid form converted ("62.01 (NACE Rev. 2) → 62.10 (NACE 2.1)")."""
    return [note for field in form.fields.values() for note in getattr(field, "conversions", ())]


def announce_conversions(request, form: forms.BaseForm) -> None:
    """Tell the user, after saving, which old codes were converted."""
    for note in form_conversions(form):
        messages.info(request, _("Converted: %(conversion)s") % {"conversion": note})


def _rank_by_description(form: forms.BaseForm, *names: str) -> None:
    """Let the NACE fields rank a Rev. 2 code's candidates by the description typed with them."""

    def description() -> str:
        return str(form.data.get(form.add_prefix("description"), "") or "") if form.data else ""

    for name in names:
        form.fields[name].description = description


# Where a cluster or an organisation is: its profile's address and its point on the map.
_PLACE_FIELDS = ["country", "nuts_region", "city", "address", "latitude", "longitude"]


class _PlacedForm(forms.ModelForm):
    """A form with the place fields: the country chosen from a list, the region typed as a
    NUTS code."""

    country = forms.ChoiceField(
        label=_("Country"), choices=[("", _("Choose a country"))] + country_choices()
    )
    nuts_region = NutsRegionField(label=_("NUTS region"))


class ClusterForm(_PlacedForm):
    sectors = NaceCodesField(label=_("Sectors (NACE)"))

    class Meta:
        model = Cluster
        fields = [
            "name",
            "acronym",
            *_PLACE_FIELDS,
            "sector_group",
            "website",
            "founded",
            "legal_form",
            "management_fte",
            "description",
            "internal_notes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = [*Meta.fields[:9], "sectors"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["sectors"] = list(self.instance.sectors.all())
        _rank_by_description(self, "sectors")
        self.fields["internal_notes"].help_text = _(
            "Seen only by the cluster's team and its programme coordinators."
        )


class OrganisationForm(_PlacedForm):
    primary_nace = NaceCodeField(label=_("Primary NACE code"), required=False)
    secondary_nace = NaceCodesField(label=_("Secondary NACE codes"))

    class Meta:
        model = Organisation
        fields = [
            "name",
            "registration_number",
            *_PLACE_FIELDS,
            "org_type",
            "primary_nace",
            "headcount",
            "turnover_eur",
            "balance_sheet_eur",
            "size_class",
            "website",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    field_order = [*Meta.fields[:10], "secondary_nace"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["secondary_nace"] = list(self.instance.secondary_nace.all())
        self.fields["primary_nace"].widget.attrs.update(nace_suggest_attrs())
        _rank_by_description(self, "primary_nace", "secondary_nace")
        self.fields["size_class"].help_text = _(
            "Worked out from headcount, turnover and balance sheet when the headcount is given."
        )

    def clean_registration_number(self):
        # Blank means unknown; stored as NULL so that many organisations may lack one.
        return (self.cleaned_data.get("registration_number") or "").strip() or None


class MembershipForm(forms.ModelForm):
    """A membership of one cluster; the cluster comes from the page, not from the form."""

    class Meta:
        model = Membership
        fields = ["organisation", "since", "until", "committed", "commitment_ground"]
        widgets = {
            "since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["until"].help_text = _("Leave empty while the membership runs.")


class MembershipPrivateForm(MembershipForm):
    """The same, with the internal notes, for those who may see them."""

    class Meta(MembershipForm.Meta):
        fields = [*MembershipForm.Meta.fields, "internal_notes"]
        widgets = {
            **MembershipForm.Meta.widgets,
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
        }


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "organisation",
            "first_name",
            "last_name",
            "job_title",
            "email",
            "phone",
            "linkedin",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            # Only organisations the user may add people to are offered.
            self.fields["organisation"].queryset = organisations
            self.fields["organisation"].required = True


class RoleGrantForm(forms.Form):
    """Give a user a role in one cluster; a member representative names their organisation."""

    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation represented"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Only for member representatives: a current member of this cluster."),
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in Role if r in CLUSTER_ROLES]
        if members is not None:
            self.fields["organisation"].queryset = members

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No active user has the username %(name)s."), params={"name": username}
            )
        return user

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.MEMBER_REPRESENTATIVE and not data.get("organisation"):
            self.add_error(
                "organisation", _("Name the organisation this member representative speaks for.")
            )
        if data.get("role") != Role.MEMBER_REPRESENTATIVE:
            data["organisation"] = None
        return data


class _FilterForm(forms.Form):
    """Renders the search box and filters of a list page.

    Only for display: the values are validated by the matching class in registry/filters.py,
    which the page and the API share.
    """

    q = forms.CharField(label=_("Search"), required=False, max_length=200)

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(data, **kwargs)


def _any(label) -> list[tuple[str, str]]:
    return [("", label)]


class LongSelect(forms.Select):
    """A select of many options (every cluster, for an admin) rendered in one pass.

    Django renders each option through its own template, about 0.1 ms apiece: 3,000 clusters
    made the organisation list take 0.3 s longer. Same markup, flat choices only.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        # The standard library's escape: Django's lazy-aware one costs more than the option.
        options = "".join(
            f'<option value="{html.escape(str(key))}"{" selected" if str(key) in chosen else ""}>'
            f"{html.escape(str(label))}</option>"
            for key, label in self.choices
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe(options),  # noqa: S308  # nosec B308 B703  # every key and label is escaped above
        )


class _PlaceAndSectorFilterForm(_FilterForm):
    """The filters of the cluster and organisation lists: where (country, NUTS region, typed
    with search-as-you-type within the chosen country) and which NACE sector."""

    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        choices=_any(_("All countries")) + country_choices(),
        widget=LongSelect,
    )
    region = forms.CharField(label=_("NUTS region"), required=False, max_length=5)
    sector = forms.CharField(label=_("NACE sector"), required=False, max_length=8)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["region"].widget.attrs.update(
            _lookup_attrs("nuts", **{"data-country-field": "filter_country"})
        )
        self.fields["sector"].widget.attrs.update(_lookup_attrs("nace"))


class ClusterFilterForm(_PlaceAndSectorFilterForm):
    sector_group = forms.ChoiceField(label=_("Sector group"), required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False, widget=LongSelect)

    def __init__(self, data=None, *, programmes=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["sector_group"].choices = _any(_("All sector groups")) + list(
            SectorGroup.choices
        )
        self.fields["programme"].choices = _any(_("All programmes")) + [
            (str(p.pk), p.acronym) for p in programmes
        ]


class OrganisationFilterForm(_PlaceAndSectorFilterForm):
    size = forms.ChoiceField(label=_("Size"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    cluster = forms.ChoiceField(label=_("Member of"), required=False, widget=LongSelect)

    def __init__(self, data=None, *, clusters=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["size"].choices = _any(_("All sizes")) + list(SizeClass.choices)
        self.fields["type"].choices = _any(_("All types")) + list(OrganisationType.choices)
        self.fields["cluster"].choices = _any(_("Any cluster")) + [
            (str(c.pk), c.acronym) for c in clusters
        ]


class PersonFilterForm(_FilterForm):
    cluster = forms.ChoiceField(label=_("At a member of"), required=False, widget=LongSelect)

    def __init__(self, data=None, *, clusters=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["cluster"].choices = _any(_("Any cluster")) + [
            (str(c.pk), c.acronym) for c in clusters
        ]


_YES_NO = [("true", _("Yes")), ("false", _("No"))]


class MemberFilterForm(_FilterForm):
    committed = forms.ChoiceField(
        label=_("Committed"), required=False, choices=_any(_("Either")) + _YES_NO
    )
    current = forms.ChoiceField(
        label=_("Current"), required=False, choices=_any(_("Current and past")) + _YES_NO
    )
