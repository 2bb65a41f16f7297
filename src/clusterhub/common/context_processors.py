"""The navigation every page shows; an area whose pages are not built yet says so plainly."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (key, label): an area is live when its app has a URL named "<key>:index"
# (the registry's entry point is its cluster list).
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


def area_url(key: str) -> str | None:
    try:
        return reverse(ENTRY_POINTS.get(key, f"{key}:index"))
    except NoReverseMatch:
        return None


def navigation(request):
    items = []
    for key, label in AREAS:
        url = area_url(key)
        items.append(
            {
                "key": key,
                "label": label,
                "url": url or reverse("area_planned", args=[key]),
                "planned": url is None,
                "active": request.path.startswith(PATHS.get(key, f"/{key}/")),
            }
        )
    return {"nav_areas": items}
