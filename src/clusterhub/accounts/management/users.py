"""The user a command line names by their username (anonymise_user, token)."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from clusterhub.accounts.models import User


def user_named(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(_("No user is called %(u)s.") % {"u": username})
    return user
