"""Value chain pages: the list, the form, the chain with its gaps and its network map. Thin: objects from the visible querysets (not visible: 404), rights from
rules (visible but not allowed: 403), writes through domain verbs."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from clusterhub.accounts.roles import roles_of
from clusterhub.common.access import object_for
from clusterhub.common.pages import page_of
from clusterhub.common.pages import saving_form_page
from clusterhub.matchmaking import domain
from clusterhub.matchmaking.chains import chain_fill
from clusterhub.matchmaking.chains import network
from clusterhub.matchmaking.charts import network_svg
from clusterhub.matchmaking.forms import ValueChainForm
from clusterhub.matchmaking.models import ValueChain
from clusterhub.matchmaking.queries import value_chains_visible_to
from clusterhub.matchmaking.views.base import LAYOUT
from clusterhub.registry.models import Cluster
from clusterhub.registry.queries import clusters_visible_to


@login_required
def chains(request):
    page = page_of(
        request,
        value_chains_visible_to(request.user).select_related("cluster").order_by("name", "pk"),
    )
    return render(
        request,
        "matchmaking/chains.html",
        {
            "page_obj": page,
            "chain_clusters": Cluster.objects.filter(
                pk__in=roles_of(request.user).clusters_with("cluster_manager")
            ).order_by("acronym"),
        },
    )


@login_required
def chain_create(request, cluster_pk: int):
    cluster = object_for(
        request.user,
        clusters_visible_to(request.user),
        cluster_pk,
        "matchmaking.add_value_chain_to",
    )
    return _chain_form(request, ValueChain(cluster=cluster))


@login_required
def chain_edit(request, pk: int):
    chain = object_for(
        request.user, value_chains_visible_to(request.user), pk, "matchmaking.change_value_chain"
    )
    return _chain_form(request, chain)


def _chain_form(request, chain: ValueChain):
    form = ValueChainForm(request.POST or None, instance=chain)

    def save():
        stages = domain.parse_stage_lines(form.cleaned_data["stages"])
        return domain.save_value_chain(chain=form.instance, stages=stages)

    return saving_form_page(
        request,
        form,
        save,
        then=lambda saved: reverse("matchmaking:chain_detail", args=[saved.pk]),
        title=_("Value chain of %(c)s") % {"c": chain.cluster.acronym},
        back_url=reverse("matchmaking:chains"),
        base_template=LAYOUT,
    )


@login_required
def chain_detail(request, pk: int):
    chain = object_for(
        request.user, value_chains_visible_to(request.user).select_related("cluster"), pk
    )
    stages = chain_fill(chain)
    graph = network(chain, stages)
    return render(
        request,
        "matchmaking/chain_detail.html",
        {
            "chain": chain,
            "stages": stages,
            "gaps": [s for s in stages if s.is_gap],
            "map": network_svg(graph, title=_("Network map of %(c)s") % {"c": chain.name}),
            "edges": len(graph.collaborations) + len(graph.recommendations),
            "can_change": request.user.has_perm("matchmaking.change_value_chain", chain),
        },
    )


@login_required
def chain_map(request, pk: int):
    chain = object_for(request.user, value_chains_visible_to(request.user), pk)
    stages = chain_fill(chain)
    svg = network_svg(network(chain, stages), title=chain.name)
    return HttpResponse(svg, content_type="image/svg+xml")
