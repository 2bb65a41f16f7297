"""Forms of the events pages. Validation lives in the models and domain verbs; views save via domain."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clusterhub.common.content_languages import ContentLanguagesFormMixin
from clusterhub.common.content_languages import other_language_fields
from clusterhub.events.enums import QuestionKind
from clusterhub.events.models import Event
from clusterhub.events.models import Question
from clusterhub.events.models import Session
from clusterhub.registry.models import Cluster

DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(ContentLanguagesFormMixin, forms.ModelForm):
    translated_fields = ("title", "description")

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "description",
            "cluster",
            "programme",
            "starts_at",
            "ends_at",
            "timezone",
            "venue",
            "city",
            "online_url",
            "capacity",
            "registration_opens",
            "registration_closes",
            "audience",
            "audience_clusters",
            "language",
            "published",
            "b2b_enabled",
            "meeting_minutes",
            "b2b_tables",
            "b2b_cap",
            "request_expiry_hours",
            *other_language_fields("title", "description"),
        ]
        widgets = {
            "starts_at": DT,
            "ends_at": DT,
            "registration_opens": DT,
            "registration_closes": DT,
        }

    def __init__(self, *args, clusters=None, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only hosts the user organises for may be picked, and only the clusters the user acts
        # for invited (those the event already invites may stay: domain.save_event).
        if clusters is not None:
            self.fields["cluster"].queryset = clusters
            invited = self.instance.audience_clusters.values("pk") if self.instance.pk else []
            self.fields["audience_clusters"].queryset = Cluster.objects.filter(
                Q(pk__in=clusters.values("pk")) | Q(pk__in=invited)
            )
        if programmes is not None:
            self.fields["programme"].queryset = programmes


class SessionForm(ContentLanguagesFormMixin, forms.ModelForm):
    translated_fields = ("title",)

    class Meta:
        model = Session
        fields = [
            *["title", "starts_at", "ends_at", "room", "description", "speakers"],
            *other_language_fields("title"),
        ]
        widgets = {"starts_at": DT, "ends_at": DT}


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["label", "kind", "choices", "required", "position"]


class RegistrationForm(forms.Form):
    """The registration form: one field per question the organiser added."""

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        for q in event.questions.all():
            name = f"question_{q.pk}"
            if q.kind == QuestionKind.CHOICE:
                choices = [("", "—")] + [(c, c) for c in q.choice_list]
                self.fields[name] = forms.ChoiceField(
                    label=q.label, choices=choices, required=q.required
                )
            elif q.kind == QuestionKind.YES_NO:
                self.fields[name] = forms.ChoiceField(
                    label=q.label,
                    choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
                    required=q.required,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=q.label, required=q.required, max_length=2000
                )

    def answers(self) -> dict:
        return {k.removeprefix("question_"): v for k, v in self.cleaned_data.items()}


class FeedbackForm(forms.Form):
    RATINGS = [(i, str(i)) for i in range(5, 0, -1)]
    overall = forms.TypedChoiceField(label=_("Overall"), choices=RATINGS, coerce=int)
    content = forms.TypedChoiceField(label=_("Content"), choices=RATINGS, coerce=int)
    organisation = forms.TypedChoiceField(
        label=pgettext_lazy("event feedback criterion", "Organisation"), choices=RATINGS, coerce=int
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea, max_length=5000
    )


class FollowUpForm(forms.Form):
    led_to_agreement = forms.TypedChoiceField(
        label=_("Did a meeting at the event lead to an agreement?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
    )
    agreements = forms.IntegerField(
        label=_("How many agreements?"), min_value=0, max_value=1000, initial=0
    )
    notes = forms.CharField(
        label=_("What was agreed"), required=False, widget=forms.Textarea, max_length=5000
    )


class SlotsForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("First slot starts"), widget=DT)
    count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=96, initial=16)
    gap_minutes = forms.IntegerField(
        label=_("Pause between slots (minutes)"), min_value=0, max_value=240, initial=5
    )


class OptInForm(forms.Form):
    opt_in = forms.BooleanField(label=_("I take part in the B2B meetings"), required=False)
    profile = forms.CharField(
        label=_("What I offer and look for"), required=False, widget=forms.Textarea, max_length=5000
    )
    cap = forms.IntegerField(
        label=_("At most this many meetings (optional)"), required=False, min_value=1, max_value=100
    )


class MeetingRequestForm(forms.Form):
    message = forms.CharField(label=_("Message"), widget=forms.Textarea, max_length=2000)
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=[(1, _("normal")), (2, _("high")), (3, _("very high"))],
        coerce=int,
        initial=1,
    )


class LockForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("Slot"), queryset=None)
    table = forms.IntegerField(
        label=pgettext_lazy("meeting table", "Table"), min_value=1, max_value=10000
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = event.slots.all()


class ScheduleForm(forms.Form):
    time_limit = forms.FloatField(
        label=_("Time limit (seconds)"), min_value=1, max_value=600, initial=10
    )
