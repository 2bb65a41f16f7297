"""Demo data of the directory: in each 5FOREXCELLENCE cluster, every other current member has
agreed to be named on the public page (the others show in the counts only). Idempotent."""

from clusterhub.directory.domain import set_listing
from clusterhub.directory.models import ListingConsent
from clusterhub.directory.queries import current_memberships
from clusterhub.registry.models import Cluster


def load_demo() -> None:
    for cluster in Cluster.objects.filter(programmes__acronym="5FOREXCELLENCE").distinct():
        if ListingConsent.objects.filter(cluster=cluster).exists():
            continue
        memberships = (
            current_memberships()
            .filter(cluster=cluster)
            .select_related("organisation")
            .order_by("organisation__name", "pk")
        )
        for n, membership in enumerate(memberships):
            if n % 2 == 0:
                set_listing(
                    cluster=cluster, organisation=membership.organisation, listed=True, by=None
                )
