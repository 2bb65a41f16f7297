"""Forms of the services pages. They collect input; validation is in the models and domain."""

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from clusterhub.accounts.models import User
from clusterhub.common.content_languages import ContentLanguagesFormMixin
from clusterhub.common.content_languages import other_language_fields
from clusterhub.common.forms import ListField
from clusterhub.registry.enums import OrganisationType
from clusterhub.registry.enums import SizeClass
from clusterhub.registry.models import Organisation
from clusterhub.services.enums import QuestionKind
from clusterhub.services.enums import ServiceCategory
from clusterhub.services.enums import ServiceStatus
from clusterhub.services.models import Question
from clusterhub.services.models import Service
from clusterhub.services.models import Survey


class ServiceForm(ContentLanguagesFormMixin, forms.ModelForm):
    translated_fields = ("name", "description")
    target_org_types = forms.MultipleChoiceField(
        label=_("Target organisation types"),
        choices=OrganisationType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_size_classes = forms.MultipleChoiceField(
        label=_("Target size classes"),
        choices=SizeClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_sectors = ListField(
        label=_("Target sectors (NACE codes)"),
        help_text=_("Codes separated by commas, e.g. 10, 49.41, 62"),
    )

    class Meta:
        model = Service
        fields = [
            "name",
            "category",
            "status",
            "description",
            "owner",
            "target_org_types",
            "target_size_classes",
            "target_sectors",
            "resources",
            "price_model",
            "price_eur",
            "launch_date",
            "success_kpi",
            "retired_on",
            *other_language_fields("name", "description"),
        ]
        widgets = {
            "launch_date": forms.DateInput(attrs={"type": "date"}),
            "retired_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "resources": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners if owners is not None else User.objects.none()
        if self.instance.pk:
            # The stage changes through a logged stage move, not through editing; the field
            # stays (read-only) so that the model's stage errors have a place to show.
            self.fields["status"].disabled = True
            self.fields["status"].help_text = _("Change the stage with a stage move.")


class ServiceFilterForm(forms.Form):
    """The search and filters of the portfolio page (display only: filters.ServiceFilters, which
    the API shares, validates and applies them)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ServiceStatus.choices]
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *ServiceCategory.choices]
    )

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(data, **kwargs)


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Move to"), choices=ServiceStatus.choices)
    reason = forms.CharField(
        label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class GuidanceForm(forms.Form):
    text = forms.CharField(
        label=_("Guidance note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )


class UptakeForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Member organisation"), queryset=Organisation.objects.none()
    )
    used_on = forms.DateField(label=_("Used on"), widget=forms.DateInput(attrs={"type": "date"}))
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction"),
        choices=[("", "—")] + [(n, str(n)) for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["organisation"].queryset = members


def _active_language() -> str:
    language = translation.get_language()
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "introduction", "language"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "language": _("The language you write the questions in; respondents see it too.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        # No empty option on the page; a client that sends none gets the active language
        # (domain.save_survey).
        language.choices = settings.LANGUAGES
        if not self.instance.pk:
            language.initial = _active_language()


class TemplateSurveyForm(forms.Form):
    """The language a survey made from the template is written in."""

    # On the same page as SurveyForm's language field: distinct names and ids.
    prefix = "template"

    language = forms.ChoiceField(
        label=_("Language of the survey"),
        choices=settings.LANGUAGES,
        help_text=_("The template's questions are written in this language."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = _active_language()


class QuestionForm(forms.ModelForm):
    choices = ListField(
        label=_("Choices"),
        one_per_line=True,
        help_text=_("One per line, for choice and multiple-choice questions"),
    )

    class Meta:
        model = Question
        fields = ["text", "kind", "choices", "category", "required"]


class TokenForm(forms.Form):
    labels = ListField(
        label=_("Links for"),
        one_per_line=True,
        required=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One line per respondent (a name, an email or an organisation)"),
        max_length=50000,
    )


# Questions answered by picking from their own options: one option, or any number of them.
_PICKED_FROM_OPTIONS = {
    QuestionKind.CHOICE: (forms.ChoiceField, forms.RadioSelect),
    QuestionKind.MULTIPLE: (forms.MultipleChoiceField, forms.CheckboxSelectMultiple),
}


def answer_form_class(questions: list[Question]) -> type[forms.Form]:
    """A form with one field per question, named q<id>."""
    fields: dict[str, forms.Field] = {}
    for q in questions:
        name = f"q{q.pk}"
        if q.kind == QuestionKind.RATING:
            fields[name] = forms.ChoiceField(
                label=q.text,
                choices=[(str(n), str(n)) for n in range(1, 6)],
                widget=forms.RadioSelect,
                required=False,
                help_text=_("1 = not important, 5 = very important"),
            )
        elif q.kind in _PICKED_FROM_OPTIONS:
            field_class, widget = _PICKED_FROM_OPTIONS[q.kind]
            fields[name] = field_class(
                label=q.text,
                choices=[(c, c) for c in q.choices],
                widget=widget,
                required=False,
            )
        else:
            fields[name] = forms.CharField(
                label=q.text, widget=forms.Textarea(attrs={"rows": 3}), required=False
            )
        # Required-ness is checked by the domain verb, so the form and the API say the same.
        if not q.required:
            fields[name].label = _("%(question)s (optional)") % {"question": q.text}
    return type("AnswerForm", (forms.Form,), fields)
