from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static

from clusterhub.common import context_processors


@login_required
def home(request):
    return redirect("registry:dashboard_index")


@login_required
def area_planned(request, area: str):
    """Say plainly that an area is planned but not built yet."""
    for key, label in context_processors.AREAS:
        if key == area and context_processors.area_url(key) is None:
            return render(
                request, "common/area_planned.html", {"area_label": label, "nav_active": key}
            )
    raise Http404


def csrf_failure(request, reason=""):
    """The refused-form page in the site's layout (Django's own page has no navigation)."""
    return render(request, "403_csrf.html", status=403)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the real icon."""
    return redirect(static("clusterhub/favicon.svg"), permanent=True)
