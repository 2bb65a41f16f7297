"""`clusterhub token create USERNAME [--name N]` and `clusterhub token revoke USERNAME`."""

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterhub.accounts.domain import create_token
from clusterhub.accounts.domain import revoke_all_tokens
from clusterhub.accounts.management.users import user_named


class Command(BaseCommand):
    help = _(
        "Create an API token for a user (printed alone on standard output, shown only once) or "
        "revoke all of a user's active tokens. Runs as the operator: no permission check is made."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "revoke"])
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help=_("A name to recognise the token by."))

    def handle(self, *args, **options):
        user = user_named(options["username"])
        if options["action"] == "create":
            if not user.is_active:
                raise CommandError(
                    _("%(u)s is deactivated; a token would not work.") % {"u": user.username}
                )
            _record, token = create_token(user=user, name=options["name"])
            self.stdout.write(token)
            return
        count = len(revoke_all_tokens(user=user))
        self.stdout.write(
            ngettext(
                "Revoked %(n)s active token of %(u)s.",
                "Revoked %(n)s active tokens of %(u)s.",
                count,
            )
            % {"n": count, "u": user.username}
        )
