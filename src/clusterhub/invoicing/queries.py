"""What each user may see of invoices and payments, as querysets; pages, API and exports
start here, and an invoice outside them answers 404."""

from django.db.models import Q
from django.db.models import QuerySet

from clusterhub.accounts.enums import Role
from clusterhub.accounts.roles import roles_of
from clusterhub.common.access import visible_records
from clusterhub.invoicing.models import BankStatement
from clusterhub.invoicing.models import Invoice
from clusterhub.invoicing.models import Payment
from clusterhub.registry.models import Cluster


def _team_clusters(user) -> frozenset[int]:
    return roles_of(user).clusters_with(Role.CLUSTER_MANAGER, Role.CLUSTER_STAFF)


def invoices_visible_to(user) -> QuerySet[Invoice]:
    """All invoices of the clusters the user runs (manager, staff); the issued invoices of the
    organisations the user represents, in the clusters where they represent them."""

    def own(invoices):
        r = roles_of(user)
        represented = (
            Q(organisation_id__in=r.represented_organisations)
            & Q(cluster_id__in=r.clusters_with(Role.MEMBER_REPRESENTATIVE))
            & Q(sequence__isnull=False)
        )
        return invoices.filter(Q(cluster_id__in=_team_clusters(user)) | represented)

    return visible_records(user, Invoice.objects.select_related("cluster", "organisation"), own)


def payments_visible_to(user) -> QuerySet[Payment]:
    """Payments of the clusters the user runs (members see theirs on the invoice page)."""

    def own(payments):
        return payments.filter(invoice__cluster_id__in=_team_clusters(user))

    return visible_records(user, Payment.objects.select_related("invoice", "invoice__cluster"), own)


def clusters_invoiced_by(user) -> QuerySet[Cluster]:
    r = roles_of(user)
    if r.is_admin:
        return Cluster.objects.all()
    return Cluster.objects.filter(pk__in=_team_clusters(user))


def statements_visible_to(user) -> QuerySet[BankStatement]:
    """Bank statements of the clusters the user runs."""

    def own(statements):
        return statements.filter(cluster_id__in=_team_clusters(user))

    return visible_records(user, BankStatement.objects.all(), own)
