"""The navigation every page shows, with the areas that are not built yet marked as such."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (key, label, url name or None while the area's issue is open)
AREAS = [
    ("registry", _("Registry"), "registry:cluster_list"),
    ("assessment", _("Assessment"), None),
    ("services", _("Services"), None),
    ("training", _("Training"), None),
    ("events", _("Events"), None),
    ("matchmaking", _("Value chains"), None),
    ("strategy", _("Strategy"), None),
    ("grants", _("Grants"), None),
]


def navigation(request):
    items = []
    for key, label, url_name in AREAS:
        try:
            url = reverse(url_name) if url_name else reverse("area_planned", args=[key])
        except NoReverseMatch:
            url = "#"
        items.append({"key": key, "label": label, "url": url, "planned": url_name is None})
    return {"nav_areas": items}
