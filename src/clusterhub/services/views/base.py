"""What the services pages share: the cluster a page is about, and its tabs."""

from clusterhub.common.access import object_for
from clusterhub.registry.models import Cluster
from clusterhub.registry.queries import clusters_visible_to

FORMATS = ("csv", "xlsx")


def visible_cluster(request, pk: int, perm: str) -> Cluster:
    """A cluster the user may see, or 404; and the right `perm` on it, or 403."""
    return object_for(request.user, clusters_visible_to(request.user), pk, perm)


def cluster_tabs(request, cluster: Cluster) -> dict:
    user = request.user
    return {
        "cluster": cluster,
        "can_manage": user.has_perm("services.manage_portfolio", cluster),
        "can_pipeline": user.has_perm("services.view_pipeline", cluster),
        "can_gaps": user.has_perm("services.view_gap_analysis", cluster),
        "can_surveys": user.has_perm("services.manage_surveys", cluster),
    }
