"""Forms of the training pages. They collect input; the rules run in models and domain verbs."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterhub.accounts.enums import Role
from clusterhub.accounts.models import User
from clusterhub.accounts.roles import roles_of
from clusterhub.common.content_languages import ContentLanguagesFormMixin
from clusterhub.common.content_languages import other_language_fields
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Programme
from clusterhub.training.enums import MAX_SCORE
from clusterhub.training.enums import MIN_SCORE
from clusterhub.training.enums import Competence
from clusterhub.training.models import MATERIAL_EXTENSIONS
from clusterhub.training.models import Material
from clusterhub.training.models import Module
from clusterhub.training.models import Session
from clusterhub.training.models import TrainingProgramme

SCORE_CHOICES = [(n, str(n)) for n in range(MIN_SCORE, MAX_SCORE + 1)]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class TrainingProgrammeForm(ContentLanguagesFormMixin, forms.ModelForm):
    translated_fields = ("title", "description")

    class Meta:
        model = TrainingProgramme
        fields = [
            *["title", "programme", "cluster", "description"],
            *other_language_fields("title", "description"),
        ]
        help_texts = {
            "programme": _(
                "The programme that runs the training (or leave empty and pick a cluster)."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        r = roles_of(user)
        if self.instance.pk:
            # The owner is fixed once created: its managers already run the programme.
            del self.fields["programme"]
            del self.fields["cluster"]
            return
        if not r.is_admin:
            self.fields["programme"].queryset = Programme.objects.filter(
                pk__in=r.coordinated_programmes
            )
            self.fields["cluster"].queryset = Cluster.objects.filter(
                pk__in=r.clusters_with(Role.CLUSTER_MANAGER)
            )


class ModuleForm(ContentLanguagesFormMixin, forms.ModelForm):
    translated_fields = ("title",)

    class Meta:
        model = Module
        fields = [
            *["title", "competence", "order", "required", "description"],
            *other_language_fields("title"),
        ]


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["title", "starts_at", "ends_at", "place", "online_url", "trainer", "required"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = (
            User.objects.filter(is_active=True, role_assignments__role=Role.EXPERT)
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["trainer"].label_from_instance = lambda u: u.display_name


class MaterialForm(forms.ModelForm):
    class Meta:
        model = Material
        fields = ["title", "file", "url"]
        help_texts = {
            "file": _("At most 20 MB; accepted types: %(types)s.")
            % {"types": ", ".join(sorted(MATERIAL_EXTENSIONS))},
            "url": _("Or a link instead of a file."),
        }


class EnrolmentForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Participant"), queryset=User.objects.none())
    cluster = forms.ModelChoiceField(
        label=_("For the cluster"), queryset=Cluster.objects.none(), required=False
    )

    def __init__(self, *args, training_programme: TrainingProgramme, **kwargs):
        super().__init__(*args, **kwargs)
        cluster_ids = training_programme.cluster_ids()
        # Candidates: the teams of the clusters taking part, and the programme's coordinators.
        candidates = Q(
            role_assignments__cluster_id__in=cluster_ids,
            role_assignments__role__in=[Role.CLUSTER_MANAGER, Role.CLUSTER_STAFF],
        )
        if training_programme.programme_id:
            candidates |= Q(role_assignments__programme_id=training_programme.programme_id)
        self.fields["user"].queryset = (
            User.objects.filter(candidates, is_active=True)
            .exclude(training_enrolments__training_programme=training_programme)
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["user"].label_from_instance = lambda u: f"{u.display_name} ({u.username})"
        self.fields["cluster"].queryset = Cluster.objects.filter(pk__in=cluster_ids)
        self.fields["cluster"].help_text = _(
            "Its manager follows the participant's progress. Left empty, the one cluster of the "
            "programme the participant runs is taken."
        )
        self._cluster_ids = cluster_ids

    def clean(self):
        data = super().clean()
        user = data.get("user")
        if user is not None and data.get("cluster") is None:
            teams = Cluster.objects.filter(
                pk__in=self._cluster_ids,
                role_assignments__user=user,
                role_assignments__role__in=[Role.CLUSTER_MANAGER, Role.CLUSTER_STAFF],
            ).distinct()
            if len(teams) == 1:
                data["cluster"] = teams[0]
        return data


class SelfAssessmentForm(forms.Form):
    """One 1-5 choice per competence the programme builds."""

    def __init__(self, *args, competences: list[str], initial_scores: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        for code in competences:
            self.fields[code] = forms.TypedChoiceField(
                label=Competence(code).label,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                initial=initial_scores.get(code),
                help_text=_("1 = new to it, 3 = do it with some help, 5 = could teach it"),
            )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating (1 = poor, 5 = excellent)"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea, required=False, max_length=5000
    )


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=40)
