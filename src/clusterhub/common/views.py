from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

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
