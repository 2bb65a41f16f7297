"""Matchmaking pages. Thin: objects from the visible querysets (not visible: 404), rights from
rules (visible but not allowed: 403), writes through domain verbs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterhub.accounts.roles import roles_of
from clusterhub.common.pages import form_page, require, save_or_errors
from clusterhub.matchmaking import domain
from clusterhub.matchmaking.chains import chain_fill, network
from clusterhub.matchmaking.charts import network_svg
from clusterhub.matchmaking.enums import ProfileKind
from clusterhub.matchmaking.forms import (
    CollaborationForm,
    IntroductionForm,
    ProfileForm,
    RecommendationFilterForm,
    ValueChainForm,
)
from clusterhub.matchmaking.models import ValueChain
from clusterhub.matchmaking.queries import (
    collaborations_visible_to,
    introductions_visible_to,
    managed_organisations,
    open_profiles,
    profiles_visible_to,
    value_chains_visible_to,
)
from clusterhub.matchmaking.recommend import Filters, for_organisation, for_profile
from clusterhub.registry.models import Cluster, Organisation
from clusterhub.registry.queries import clusters_visible_to, organisations_visible_to


def _get(queryset, pk):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _my_organisations(user):
    return Organisation.objects.filter(managed_organisations(user)).order_by("name")


@login_required
def index(request):
    kind = request.GET.get("kind", "")
    # Prefetched, not joined: joined, PostgreSQL hashes every organisation (150,000) before it
    # sorts and cuts the list to 100; prefetched, it sorts the profiles and fetches 100 of each.
    profiles = open_profiles(profiles_visible_to(request.user)).prefetch_related(
        "organisation", "cluster"
    )
    if kind in ProfileKind.values:
        profiles = profiles.filter(kind=kind)
    return render(
        request,
        "matchmaking/index.html",
        {
            "my_orgs": _my_organisations(request.user)[:50],
            "profiles": profiles[:100],
            "kinds": ProfileKind.choices,
            "kind": kind,
            "introductions": _with_actions(request.user),
            "collaborations": collaborations_visible_to(request.user).prefetch_related("partners")[
                :50
            ],
            "chains": value_chains_visible_to(request.user).select_related("cluster"),
            "chain_clusters": Cluster.objects.filter(
                pk__in=roles_of(request.user).clusters_with("cluster_manager")
            ),
        },
    )


def _with_actions(user):
    """The user's introductions, each knowing which buttons the user may press."""
    intros = list(
        introductions_visible_to(user).select_related("requester", "target", "profile__cluster")[
            :50
        ]
    )
    for intro in intros:
        intro.can_forward = user.has_perm("matchmaking.forward_introduction", intro)
        intro.can_decide = user.has_perm("matchmaking.decide_introduction", intro)
    return intros


def _profile_clusters(org: Organisation):
    return Cluster.objects.filter(memberships__organisation=org).distinct()


@login_required
def profile_create(request, org_pk: int):
    org = _get(organisations_visible_to(request.user), org_pk)
    require(request, "matchmaking.add_profile_for", org)
    form = ProfileForm(request.POST or None, clusters=_profile_clusters(org))
    if request.method == "POST" and form.is_valid():
        profile = form.save(commit=False)
        profile.organisation = org
        saved = []
        if save_or_errors(
            form,
            lambda: saved.append(
                domain.save_profile(
                    profile=profile, nace_codes=form.nace_codes(), user=request.user
                )
            ),
        ):
            for notice in saved[0].notices:
                messages.warning(request, notice)
            return redirect("matchmaking:profile_detail", profile.pk)
    return form_page(
        request,
        form,
        title=_("New partnering profile of %(org)s") % {"org": org.name},
        back_url=reverse("matchmaking:index"),
    )


@login_required
def profile_edit(request, pk: int):
    profile = _get(profiles_visible_to(request.user), pk)
    require(request, "matchmaking.change_profile", profile)
    form = ProfileForm(
        request.POST or None, instance=profile, clusters=_profile_clusters(profile.organisation)
    )
    if request.method == "POST" and form.is_valid():
        saved = []
        if save_or_errors(
            form,
            lambda: saved.append(
                domain.save_profile(
                    profile=form.instance, nace_codes=form.nace_codes(), user=request.user
                )
            ),
        ):
            for notice in saved[0].notices:
                messages.warning(request, notice)
            return redirect("matchmaking:profile_detail", profile.pk)
    return form_page(
        request,
        form,
        title=_("Edit %(title)s") % {"title": profile.title},
        back_url=reverse("matchmaking:profile_detail", args=[profile.pk]),
    )


def _filters(request) -> tuple[RecommendationFilterForm, Filters]:
    form = RecommendationFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        return form, Filters(d["sector"], d["country"], d["org_type"], d["other_clusters_only"])
    return form, Filters()


@login_required
def profile_detail(request, pk: int):
    profile = _get(profiles_visible_to(request.user).select_related("organisation", "cluster"), pk)
    user = request.user
    recommendations, form = [], None
    if user.has_perm("matchmaking.recommend_for_profile", profile):
        form, filters = _filters(request)
        recommendations = for_profile(profile=profile, user=user, filters=filters)
    return render(
        request,
        "matchmaking/profile_detail.html",
        {
            "profile": profile,
            "show_identity": user.has_perm("matchmaking.view_profile_identity", profile),
            "can_change": user.has_perm("matchmaking.change_profile", profile),
            "recommendations": recommendations,
            "filter_form": form,
            "my_orgs": [o for o in _my_organisations(user) if o.pk != profile.organisation_id][:20],
        },
    )


@login_required
def organisation_recommendations(request, org_pk: int):
    org = _get(organisations_visible_to(request.user), org_pk)
    require(request, "matchmaking.recommend_for_organisation", org)
    form, filters = _filters(request)
    return render(
        request,
        "matchmaking/recommendations.html",
        {
            "organisation": org,
            "recommendations": for_organisation(
                organisation=org, user=request.user, filters=filters
            ),
            "filter_form": form,
            "can_request": request.user.has_perm("matchmaking.request_introduction_for", org),
        },
    )


@login_required
@require_POST
def introduction_request(request, org_pk: int):
    requester = _get(organisations_visible_to(request.user), org_pk)
    require(request, "matchmaking.request_introduction_for", requester)
    profile = target = None
    if request.POST.get("profile", "").isdigit():
        profile = _get(profiles_visible_to(request.user), int(request.POST["profile"]))
    elif request.POST.get("target", "").isdigit():
        target = _get(organisations_visible_to(request.user), int(request.POST["target"]))
    form = IntroductionForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        intro, created = domain.request_introduction(
            requester=requester, target=target, profile=profile, user=request.user, message=message
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("matchmaking:index")
    messages.success(
        request,
        _("Introduction requested.") if created else _("You had already asked for this one."),
    )
    return redirect("matchmaking:index")


@login_required
@require_POST
def introduction_action(request, pk: int, action: str):
    intro = _get(introductions_visible_to(request.user).select_related("profile__cluster"), pk)
    try:
        if action == "forward":
            require(request, "matchmaking.forward_introduction", intro)
            domain.forward_introduction(introduction=intro, user=request.user)
        elif action in ("accept", "decline"):
            require(request, "matchmaking.decide_introduction", intro)
            collaboration = domain.decide_introduction(
                introduction=intro, accept=action == "accept", user=request.user
            )
            if collaboration is not None:
                return redirect("matchmaking:collaboration_edit", collaboration.pk)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("matchmaking:index")


@login_required
def collaboration_edit(request, pk: int):
    collaboration = _get(collaborations_visible_to(request.user), pk)
    require(request, "matchmaking.change_collaboration", collaboration)
    form = CollaborationForm(
        request.POST or None,
        instance=collaboration,
        chains=value_chains_visible_to(request.user),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_errors(form, lambda: domain.save_collaboration(collaboration=form.instance))
    ):
        messages.success(request, _("Collaboration saved."))
        return redirect("matchmaking:index")
    return form_page(
        request,
        form,
        title=_("Collaboration: %(t)s") % {"t": collaboration.title},
        back_url=reverse("matchmaking:index"),
    )


@login_required
def chain_create(request, cluster_pk: int):
    cluster = _get(clusters_visible_to(request.user), cluster_pk)
    require(request, "matchmaking.add_value_chain_to", cluster)
    return _chain_form(request, ValueChain(cluster=cluster))


@login_required
def chain_edit(request, pk: int):
    chain = _get(value_chains_visible_to(request.user), pk)
    require(request, "matchmaking.change_value_chain", chain)
    return _chain_form(request, chain)


def _chain_form(request, chain: ValueChain):
    form = ValueChainForm(request.POST or None, instance=chain)

    def save():
        stages = domain.parse_stage_lines(form.cleaned_data["stages"])
        domain.save_value_chain(chain=form.instance, stages=stages)

    if request.method == "POST" and form.is_valid() and save_or_errors(form, save):
        return redirect("matchmaking:chain_detail", form.instance.pk)
    return form_page(
        request,
        form,
        title=_("Value chain of %(c)s") % {"c": chain.cluster.acronym},
        back_url=reverse("matchmaking:index"),
    )


@login_required
def chain_detail(request, pk: int):
    chain = _get(value_chains_visible_to(request.user).select_related("cluster"), pk)
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
    chain = _get(value_chains_visible_to(request.user), pk)
    stages = chain_fill(chain)
    svg = network_svg(network(chain, stages), title=chain.name)
    return HttpResponse(svg, content_type="image/svg+xml")
