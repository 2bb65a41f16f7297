"""The directory's one verb: say whether a member is named on its cluster's public page."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.common.saving import save
from clusterhub.directory.models import ListingConsent
from clusterhub.directory.queries import current_memberships
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Organisation


@transaction.atomic
def set_listing(
    *, cluster: Cluster, organisation: Organisation, listed: bool, by
) -> ListingConsent:
    """Record the member's choice; only a current member can be listed."""
    if (
        listed
        and not current_memberships().filter(cluster=cluster, organisation=organisation).exists()
    ):
        raise ValidationError(
            {
                "listed": _("%(name)s is not a current member of this cluster.")
                % {"name": organisation.name}
            }
        )
    consent, _created = ListingConsent.objects.select_for_update().get_or_create(
        cluster=cluster,
        organisation=organisation,
        defaults={"listed": listed, "decided_by": by, "decided_at": timezone.now()},
    )
    if not _created:
        consent.listed = listed
        consent.decided_by = by
        consent.decided_at = timezone.now()
        save(consent)
    return consent
