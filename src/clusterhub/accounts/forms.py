from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    """Name a new API token so that its owner recognises it later."""

    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. 'member sync script'."),
    )
