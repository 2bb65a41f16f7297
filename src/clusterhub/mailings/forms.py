"""The mailing form: the segment, then a subject and message per language."""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterhub.accounts.enums import CLUSTER_ROLES
from clusterhub.accounts.enums import Role
from clusterhub.common.forms import ListField
from clusterhub.events.models import Event
from clusterhub.mailings.enums import Audience
from clusterhub.mailings.enums import Category
from clusterhub.mailings.enums import Committed
from clusterhub.mailings.models import Mailing
from clusterhub.registry.enums import OrganisationType
from clusterhub.registry.enums import SizeClass
from clusterhub.services.models import Survey
from clusterhub.training.models import TrainingProgramme

SEGMENT_FIELDS = (
    "title",
    "category",
    "default_language",
    "audience",
    "event",
    "training_programme",
    "role",
    "org_types",
    "size_classes",
    "nace_divisions",
    "nuts_region",
    "committed",
    "non_respondents_of",
)


class MailingForm(forms.Form):
    title = forms.CharField(label=_("Internal title"), max_length=200)
    category = forms.ChoiceField(
        label=_("Category"),
        choices=Category.choices,
        help_text=_("People unsubscribe per category: news, events or surveys."),
    )
    default_language = forms.ChoiceField(
        label=_("Default language"),
        choices=settings.LANGUAGES,
        help_text=_("Recipients whose language has no version get this one."),
    )
    audience = forms.ChoiceField(label=_("Recipients"), choices=Audience.choices)
    event = forms.ModelChoiceField(label=_("Event"), queryset=Event.objects.none(), required=False)
    training_programme = forms.ModelChoiceField(
        label=_("Training programme"), queryset=TrainingProgramme.objects.none(), required=False
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", "—")] + [(r.value, r.label) for r in Role if r.value in CLUSTER_ROLES],
        required=False,
    )
    org_types = forms.MultipleChoiceField(
        label=_("Organisation types"),
        choices=OrganisationType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every type."),
    )
    size_classes = forms.MultipleChoiceField(
        label=_("Size classes"),
        choices=SizeClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every size."),
    )
    nace_divisions = ListField(
        label=_("Sectors (NACE divisions)"),
        max_length=300,
        help_text=_("Two-digit NACE divisions separated by commas, e.g. 62, 63."),
    )
    nuts_region = forms.CharField(
        label=_("Region (NUTS code)"),
        max_length=5,
        required=False,
        help_text=_("E.g. LV006 or LV: members in that region or inside it."),
    )
    committed = forms.ChoiceField(label=_("Commitment"), choices=Committed.choices, required=False)
    non_respondents_of = forms.ModelChoiceField(
        label=_("Only those who have not answered the survey"),
        queryset=Survey.objects.none(),
        required=False,
    )

    def __init__(self, *args, cluster, mailing: Mailing | None = None, **kwargs):
        if mailing is not None and "initial" not in kwargs:
            initial = {name: getattr(mailing, name) for name in SEGMENT_FIELDS}
            for version in mailing.versions.all():
                initial[f"subject_{version.language}"] = version.subject
                initial[f"body_{version.language}"] = version.body_html
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.instance = mailing
        self.fields["event"].queryset = Event.objects.filter(cluster=cluster).order_by("-starts_at")
        self.fields["training_programme"].queryset = (
            TrainingProgramme.objects.filter(
                Q(cluster=cluster) | Q(cluster__isnull=True, programme__clusters=cluster)
            )
            .distinct()
            .order_by("title")
        )
        self.fields["non_respondents_of"].queryset = Survey.objects.filter(cluster=cluster)
        for code, name in settings.LANGUAGES:
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": name},
                max_length=200,
                required=False,
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Message (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=_(
                    "HTML: p, br, strong, em, links (http, https, mailto), lists, h2, h3; "
                    "anything else is removed. Leave empty for no version in this language."
                ),
            )

    def segment(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in SEGMENT_FIELDS}

    def versions(self) -> dict:
        data = self.cleaned_data
        return {
            code: {
                "subject": data.get(f"subject_{code}", ""),
                "body_html": data.get(f"body_{code}", ""),
            }
            for code, _name in settings.LANGUAGES
        }


class SendForm(forms.Form):
    when = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        help_text=_("Leave empty to send now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class BounceForm(forms.Form):
    email = forms.CharField(label=_("Address"), max_length=254)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
