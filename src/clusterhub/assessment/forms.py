from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusterhub.accounts.enums import Role
from clusterhub.assessment.enums import LabelLevel
from clusterhub.assessment.evaluation import clean_input
from clusterhub.assessment.models import EVIDENCE_EXTENSIONS
from clusterhub.assessment.models import Framework
from clusterhub.assessment.presentation import shown_value
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Programme

DATE = forms.DateInput(attrs={"type": "date"})


class StartAssessmentForm(forms.Form):
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=Cluster.objects.none())
    framework = forms.ModelChoiceField(
        label=_("Framework"), queryset=Framework.objects.filter(is_active=True)
    )
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), widget=DATE)
    programme = forms.ModelChoiceField(
        label=_("Programme (for the funding notice)"),
        queryset=Programme.objects.all(),
        required=False,
    )

    def __init__(self, *args, clusters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("Up to 10 MB: %(types)s") % {"types": ", ".join(EVIDENCE_EXTENSIONS)},
    )
    link = forms.URLField(label=_("or a link"), required=False, max_length=500)
    description = forms.CharField(label=_("Description"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("link")):
            raise forms.ValidationError(_("Give either a file or a link."))
        return data


def experts():
    user_model = get_user_model()
    ids = user_model.objects.filter(role_assignments__role=Role.EXPERT).values("pk")
    return user_model.objects.filter(pk__in=ids, is_active=True).order_by("username")


class AssignExpertForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("Expert"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts()


class ReviewAnswerForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    points = forms.DecimalField(
        label=_("Adjusted points"), required=False, min_value=0, max_digits=6, decimal_places=2
    )
    reason = forms.CharField(label=_("Reason for the adjustment"), required=False, max_length=2000)


class FindingsForm(forms.Form):
    strengths = forms.CharField(
        label=_("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    weaknesses = forms.CharField(
        label=_("Weaknesses"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class AwardForm(forms.Form):
    level = forms.ChoiceField(label=_("Label"), choices=LabelLevel.choices)
    awarded_on = forms.DateField(label=_("Awarded on (interview date)"), widget=DATE)


OVERTAKEN = _(
    "Someone else changed this answer after you opened the page; it now shows their answer. "
    "Change it again if yours should replace it."
)


def untouched(post, code: str) -> bool:
    """In the questionnaire's post: the person left the answer (and its reason) as the page
    showed it, so it is not theirs to save and an answer someone else gave meanwhile stays. A
    post without the shown values (a script) saves every answer, as before."""
    if f"shown-value-{code}" not in post:
        return False
    return all(
        _typed(post.get(f"{field}-{code}", "")) == _typed(post.get(f"shown-{field}-{code}", ""))
        for field in ("value", "reason")
    )


def overtaken(answer, value, shown) -> bool:
    """Someone else changed the answer after the page showed it as `shown`, to something other
    than the `value` this person sends: saving would silently replace their answer. Without
    `shown` (a script), never."""
    if not isinstance(shown, str):
        return False
    ind = answer.indicator
    now = _meaning(ind, shown_value(answer))
    return now not in (_meaning(ind, shown), _meaning(ind, value))


def _meaning(indicator, text) -> object:
    """What an input's text means as an answer: "12,5" and "12.50" are one number."""
    typed = _typed("" if text is None else str(text))
    try:
        fields = clean_input(indicator, typed)
    except ValidationError:
        return typed
    return (fields["number"], fields["choice"], fields["flag"], fields["text"])


def input_value(post, answer, errors: dict) -> str:
    """What an answer's input shows: as stored, or what the person posted when the page comes
    back with errors; where someone else's answer overtook theirs, that one, to decide on."""
    code = answer.indicator.code
    if str(OVERTAKEN) in errors.get(code, []):
        return shown_value(answer)
    return post.get(f"value-{code}", shown_value(answer))


def _typed(text: str) -> str:
    # A browser posts a textarea's lines ending in CRLF; the page wrote them ending in LF.
    return text.replace("\r\n", "\n").strip()
