"""`clusterhub anonymise_user USERNAME --yes`: delete a person's account on their behalf."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from clusterhub.accounts.management.users import user_named
from clusterhub.accounts.personal_data import anonymise_user


class Command(BaseCommand):
    help = _(
        "Delete a user's account by anonymising it, as the user could on their profile page: "
        "name, email and contacts go; records money and the audit log must keep stay linked "
        "to the anonymous account. Cannot be undone. Runs as the operator (platform admin)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--yes",
            action="store_true",
            help=_("Confirm: without it nothing is changed and the command says what it would do."),
        )

    def handle(self, *args, **options):
        user = user_named(options["username"])
        if not options["yes"]:
            raise CommandError(
                _(
                    "This anonymises %(u)s for good. Run again with --yes to confirm; "
                    "nothing was changed."
                )
                % {"u": user.username}
            )
        old = user.username
        try:
            anonymise_user(user=user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            _("%(old)s is now %(new)s: anonymised and deactivated.")
            % {"old": old, "new": user.username}
        )
