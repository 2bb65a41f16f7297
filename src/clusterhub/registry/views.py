from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from clusterhub.registry.queries import clusters_visible_to, clusters_with_dashboard_for


@login_required
def cluster_list(request):
    return render(
        request, "registry/cluster_list.html", {"clusters": clusters_visible_to(request.user)}
    )


@login_required
def dashboard_index(request):
    return render(
        request,
        "registry/dashboard_index.html",
        {"clusters": clusters_with_dashboard_for(request.user)},
    )
