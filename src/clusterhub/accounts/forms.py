from django import forms
from django.conf import settings
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from clusterhub.accounts.domain import change_password
from clusterhub.accounts.enums import AuditAction
from clusterhub.accounts.models import RoleAssignment


class TokenForm(forms.Form):
    """Name a new API token so that its owner recognises it later."""

    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. 'member sync script'."),
    )


class LanguageForm(forms.Form):
    """The language of one's pages, kept in the profile."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("As my browser asks")), *settings.LANGUAGES],
        required=False,
        help_text=_("The language of your pages, wherever you sign in."),
    )


class AuditFilterForm(forms.Form):
    """Renders the audit log's filters; the values are validated by accounts/filters.py."""

    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Who (username contains)"), required=False, max_length=150)
    cluster = forms.ChoiceField(label=_("Cluster"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(data, **kwargs)
        self.fields["action"].choices = [("", _("Any action")), *AuditAction.choices]
        # registry sits above accounts: the cluster model is the one its role assignments point
        # at (a foreign key accounts declares), not an import.
        cluster_model = RoleAssignment._meta.get_field("cluster").related_model
        self.fields["cluster"].choices = [("", _("Any cluster"))] + [
            (str(pk), acronym)
            for pk, acronym in cluster_model.objects.order_by("acronym").values_list(
                "pk", "acronym"
            )
        ]


class DeleteAccountForm(forms.Form):
    """Deleting one's account asks for the password again, as a check that it is really them."""

    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(render_value=False)
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account cannot be restored."), required=True
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."), code="wrong_password")
        return password


class TokenRevokingPasswordForm(AdminPasswordChangeForm):
    """The admin's set-password form, saving through the domain verb that revokes API tokens."""

    revoked: list[str] = []

    def save(self, commit=True):
        password = (
            self.cleaned_data["password1"] if self.cleaned_data["set_usable_password"] else None
        )
        self.revoked = change_password(user=self.user, password=password)
        return self.user
