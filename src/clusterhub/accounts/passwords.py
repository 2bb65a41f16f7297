"""A password validator for what docs/security.md promises: no password "like the username".

Django's UserAttributeSimilarityValidator compares the whole password with the username by a
similarity ratio, so `staff12345` passes for the user `staff`: appending digits is exactly what
people do. This validator runs wherever Django validates a password (the password change page,
the admin's add-user and set-password forms, `createsuperuser` and `changepassword`).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A shorter name inside a long password is more often chance ("jo" in "major") than a choice.
MIN_CONTAINED_LENGTH = 3


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalpha())


class UsernameInPasswordValidator:
    """Refuse a password that contains the username, or is the username once digits and symbols
    are taken out (case-insensitive)."""

    def validate(self, password: str, user=None) -> None:
        username = (user.get_username() if user is not None else "") or ""
        name = username.casefold()
        contains = len(name) >= MIN_CONTAINED_LENGTH and name in password.casefold()
        letters = _letters(username)
        if contains or (letters and _letters(password) == letters):
            raise ValidationError(
                _("The password must not contain the username."), code="password_has_username"
            )

    def get_help_text(self) -> str:
        return _("Your password must not contain your username.")
