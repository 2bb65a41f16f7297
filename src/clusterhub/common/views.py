from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from clusterhub.common.context_processors import AREAS


@login_required
def home(request):
    return redirect("registry:dashboard_index")


@login_required
def area_planned(request, area: str):
    """Say plainly that an area is planned but not built yet."""
    for key, label, url_name in AREAS:
        if key == area and url_name is None:
            return render(request, "common/area_planned.html", {"area_label": label})
    raise Http404
