"""The navigation every page shows, with the area of the page being shown marked as current.

The current area is derived here, once, from the path: views and templates never set it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (key, label): an area's entry point is its URL named "<key>:index" (the registry's is its
# cluster list).
AREAS = [
    ("registry", _("Registry")),
    ("assessment", _("Assessment")),
    ("services", _("Services")),
    ("training", _("Training")),
    ("events", _("Events")),
    ("matchmaking", _("Value chains")),
    ("strategy", _("Strategy")),
    ("grants", _("Grants")),
    ("membership", _("Membership")),
    ("invoicing", _("Invoices")),
    ("mailings", _("Mailings")),
    ("directory", _("Public directory")),
]

# Areas served under a path other than /<key>/ (the directory is the public face: /clusters/).
PATHS = {"invoicing": "/invoices/", "directory": "/clusters/"}


ENTRY_POINTS = {"registry": "registry:cluster_list"}


def navigation(request):
    return {
        "nav_areas": [
            {
                "key": key,
                "label": label,
                "url": reverse(ENTRY_POINTS.get(key, f"{key}:index")),
                "active": request.path.startswith(PATHS.get(key, f"/{key}/")),
            }
            for key, label in AREAS
        ]
    }
