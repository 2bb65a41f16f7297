"""Forms of the strategy pages. Validation rules live in the models; views save via domain.py."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clusterhub.registry.models import Programme
from clusterhub.registry.queries import people_visible_to
from clusterhub.strategy.kpi_sources import source_choices
from clusterhub.strategy.models import LINKABLE_MODELS
from clusterhub.strategy.models import Action
from clusterhub.strategy.models import Kpi
from clusterhub.strategy.models import Measurement
from clusterhub.strategy.models import Objective
from clusterhub.strategy.models import Strategy
from clusterhub.strategy.queries import clusters_user_may_plan_for
from clusterhub.strategy.queries import possible_action_owners
from clusterhub.strategy.queries import programmes_user_may_plan_for


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StrategyForm(forms.ModelForm):
    class Meta:
        model = Strategy
        fields = ["title", "start", "end", "vision", "mission", "output_of"]
        widgets = {
            "start": _date_widget(),
            "end": _date_widget(),
            "vision": forms.Textarea(attrs={"rows": 3}),
            "mission": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        strategy = self.instance
        if strategy.cluster_id:
            # Only programmes the cluster takes part in can have it as an output.
            self.fields["output_of"].queryset = Programme.objects.filter(
                clusters=strategy.cluster_id
            )
        else:
            del self.fields["output_of"]


class StrategyCreateForm(StrategyForm):
    """A new strategy: first say whose it is (a cluster or a programme the user plans for)."""

    owner = forms.ChoiceField(label=_("Owner"))

    field_order = ["owner"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["output_of"] = forms.ModelChoiceField(
            Programme.objects.all(),
            required=False,
            label=_("project output of"),
            help_text=_("For a cluster's strategy written as a result of a funded programme."),
        )
        clusters = [(f"cluster:{c.pk}", str(c)) for c in clusters_user_may_plan_for(user)]
        programmes = [
            (f"programme:{p.pk}", f"{p.acronym} · {p.name}")
            for p in programmes_user_may_plan_for(user)
        ]
        choices = []
        if clusters:
            choices.append((_("Clusters"), clusters))
        if programmes:
            choices.append((_("Programmes"), programmes))
        self.fields["owner"].choices = choices
        self.order_fields(["owner"])

    def _update_errors(self, errors):
        # The model reports a missing or double owner on its own fields; here they are one.
        if hasattr(errors, "error_dict"):
            for key in ("cluster", "programme"):
                if key in errors.error_dict:
                    errors.error_dict.setdefault("owner", []).extend(errors.error_dict.pop(key))
        super()._update_errors(errors)

    def _post_clean(self):
        kind, _sep, pk = self.cleaned_data.get("owner", "").partition(":")
        self.instance.cluster_id = int(pk) if kind == "cluster" else None
        self.instance.programme_id = int(pk) if kind == "programme" else None
        super()._post_clean()


class TemplateForm(forms.Form):
    cluster = forms.ModelChoiceField(
        queryset=None,
        label=_("Cluster"),
        help_text=_(
            "Objectives come from the weak areas of its latest assessment (the six ECEI areas "
            "when it has none); KPIs for members and the assessment score start from today."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    start = forms.DateField(label=pgettext_lazy("date", "Start"), widget=_date_widget())
    end = forms.DateField(label=_("End"), widget=_date_widget())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters_user_may_plan_for(user)


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["title", "description", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "objective",
            "title",
            "description",
            "owner_user",
            "owner_person",
            "due_date",
            "status",
        ]
        widgets = {"due_date": _date_widget(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, strategy: Strategy, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = strategy.objectives.all()
        # Owners come from the people who work with the strategy's clusters.
        self.fields["owner_user"].queryset = possible_action_owners(strategy)
        self.fields["owner_user"].label_from_instance = lambda u: u.display_name
        self.fields["owner_person"].queryset = people_visible_to(user).select_related(
            "organisation"
        )


class ActionLinkForm(forms.Form):
    kind = forms.ModelChoiceField(queryset=None, label=_("Kind"))
    object_id = forms.IntegerField(label=_("Id"), min_value=1, max_value=2**63 - 1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = Q()
        for app_label, model in LINKABLE_MODELS:
            kinds |= Q(app_label=app_label, model=model)
        self.fields["kind"].queryset = ContentType.objects.filter(kinds).order_by(
            "app_label", "model"
        )
        self.fields["kind"].label_from_instance = lambda ct: f"{ct.app_label}: {ct.name}"


class KpiForm(forms.ModelForm):
    class Meta:
        model = Kpi
        fields = [
            "name",
            "objective",
            "unit",
            "baseline",
            "target",
            "direction",
            "frequency",
            "source",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = self.instance.strategy.objectives.all()
        self.fields["source"] = forms.ChoiceField(
            label=_("computed from"),
            required=False,
            choices=[("", _("Entered by hand")), *source_choices()],
        )


class MeasurementForm(forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ["date", "value", "note"]
        widgets = {"date": _date_widget()}


class ComputeForm(forms.Form):
    date = forms.DateField(label=_("Measure on"), widget=_date_widget())

    @staticmethod
    def default_date(strategy: Strategy):
        """Today, or the end of the period when it is over (the closing measurement)."""
        today = timezone.localdate()
        return min(max(today, strategy.start), strategy.end)
