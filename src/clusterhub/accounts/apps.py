from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "clusterhub.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        # Connects the sign-in, sign-out and failed sign-in receivers of the audit log.
        from clusterhub.accounts import audit  # noqa: F401
        from clusterhub.accounts.personal_data import account_leaving
        from clusterhub.accounts.throttling import forget_user

        account_leaving.connect(forget_user, dispatch_uid="accounts_forget_sign_in_keys")
