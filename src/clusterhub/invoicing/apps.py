from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    name = "clusterhub.invoicing"
    verbose_name = _("Invoices")

    def ready(self):
        from clusterhub.accounts.enums import register_audit_actions
        from clusterhub.invoicing.enums import InvoicingAuditAction

        register_audit_actions(InvoicingAuditAction)
