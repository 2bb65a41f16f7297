from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingsConfig(AppConfig):
    name = "clusterhub.mailings"
    verbose_name = _("Mailings")

    def ready(self):
        from clusterhub.accounts.enums import register_audit_actions
        from clusterhub.mailings.enums import MailingAuditAction

        register_audit_actions(MailingAuditAction)
