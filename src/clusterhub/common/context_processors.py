"""The navigation every page shows; an area whose pages are not built yet says so plainly."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (key, label): an area is live when its app has a URL named "<key>:index".
AREAS = [
    ("registry", _("Registry")),
    ("assessment", _("Assessment")),
    ("services", _("Services")),
    ("training", _("Training")),
    ("events", _("Events")),
    ("matchmaking", _("Value chains")),
    ("strategy", _("Strategy")),
    ("grants", _("Grants")),
]


def area_url(key: str) -> str | None:
    try:
        return reverse(f"{key}:index")
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
                "active": request.path.startswith(f"/{key}/"),
            }
        )
    return {"nav_areas": items}
