"""The services' documents: the gap analysis and the service portfolio as PDFs."""

from django.utils.translation import gettext as _

from clusterhub.common.charts import horizontal_bar_chart
from clusterhub.common.pdf import render_pdf
from clusterhub.registry.funding import funding_notice
from clusterhub.registry.models import Cluster
from clusterhub.services import domain
from clusterhub.services.analysis import gap_analysis
from clusterhub.services.enums import ServiceCategory


def _notice(cluster: Cluster):
    """The EU funding notice of the first EU-funded programme the cluster takes part in."""
    for programme in cluster.programmes.order_by("acronym"):
        notice = funding_notice(programme)
        if notice is not None:
            return notice
    return None


def gap_context(cluster: Cluster) -> dict:
    """What the gap analysis page and its PDF show."""
    analysis = gap_analysis(cluster)
    chart = horizontal_bar_chart(
        [(domain.category_label(o.category), o.score) for o in analysis.opportunities],
        title=_("Opportunities by score"),
        description=_("Score 0-100 of each opportunity; the table below gives the evidence."),
    )
    return {"analysis": analysis, "chart": chart, "labels": dict(ServiceCategory.choices)}


def gaps_pdf(cluster: Cluster) -> bytes:
    return render_pdf(
        "services/gaps_pdf.html",
        {"cluster": cluster, "funding_notice": _notice(cluster), **gap_context(cluster)},
    )


def portfolio_pdf(cluster: Cluster, services) -> bytes:
    """The portfolio of `services` (those of the cluster the reader may see)."""
    return render_pdf(
        "services/portfolio_pdf.html",
        {"cluster": cluster, "services": services, "funding_notice": _notice(cluster)},
    )
