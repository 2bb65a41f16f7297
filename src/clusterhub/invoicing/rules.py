"""Who may see and handle a cluster's invoices.

- the cluster's manager and staff see and generate its invoices, record payments, read bank
  statements, issue credit notes and send reminders; only the manager (and admins) change the
  invoicing settings (legal details, bank account, VAT);
- a member representative sees the invoices of the organisation they represent in that
  cluster, with their PDFs (linked from the organisation's page), and nothing else of
  invoicing;
- admins may do everything; nobody else sees an invoice (programme coordinators included:
  fees are the cluster's own business).
"""

import rules

from clusterhub.accounts.enums import Role
from clusterhub.accounts.roles import roles_of
from clusterhub.accounts.rules import is_platform_admin
from clusterhub.registry.rules import edits_for_a_cluster_of
from clusterhub.registry.rules import is_cluster_manager
from clusterhub.registry.rules import is_cluster_staff_or_manager
from clusterhub.registry.rules import represents_its_member
from clusterhub.registry.rules import represents_organisation


@rules.predicate
def is_team_of_invoice_cluster(user, obj) -> bool:
    return obj is not None and roles_of(user).in_cluster(
        obj.cluster_id, Role.CLUSTER_MANAGER, Role.CLUSTER_STAFF
    )


admin = is_platform_admin

# On a cluster
rules.add_perm("invoicing.manage_invoices", admin | is_cluster_staff_or_manager)
rules.add_perm("invoicing.change_settings", admin | is_cluster_manager)
# On an invoice (or a bank statement, which has a cluster too)
rules.add_perm("invoicing.view_invoice", admin | is_team_of_invoice_cluster | represents_its_member)
rules.add_perm("invoicing.handle_invoice", admin | is_team_of_invoice_cluster)
# On an organisation: its invoices page (each reader sees there what invoices_visible_to allows)
rules.add_perm(
    "invoicing.view_own_invoices",
    admin | represents_organisation | edits_for_a_cluster_of,
)
