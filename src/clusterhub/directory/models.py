"""A member organisation's consent to be named on its cluster's public page.

Default is not listed: a member appears in the public member list only once its representative
or the cluster's manager has said so, and the record keeps who decided and when.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterhub.common.fields import optional_link
from clusterhub.common.fields import required_link
from clusterhub.common.models import TimeStampedModel


class ListingConsent(TimeStampedModel):
    cluster = required_link("registry.Cluster", _("cluster"), related_name="listing_consents")
    organisation = required_link(
        "registry.Organisation", _("organisation"), related_name="listing_consents"
    )
    listed = models.BooleanField(_("listed on the public page"), default=False)
    decided_by = optional_link(settings.AUTH_USER_MODEL, _("decided by"))
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("public listing consent")
        verbose_name_plural = _("public listing consents")
        ordering = ["cluster", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "organisation"], name="one_listing_consent_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} in {self.cluster_id}: {self.listed}"
