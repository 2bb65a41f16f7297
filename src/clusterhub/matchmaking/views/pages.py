"""Matchmaking pages. Thin: objects from the visible querysets (not visible: 404), rights from
rules (visible but not allowed: 403), writes through domain verbs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterhub.accounts.roles import roles_of
from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.jobs import ACTIVE_STATES
from clusterhub.common.models import Job
from clusterhub.common.pages import id_or_404
from clusterhub.common.pages import list_page
from clusterhub.common.pages import page_of
from clusterhub.common.pages import saving_form_page
from clusterhub.common.pages import show_refusal
from clusterhub.matchmaking import domain
from clusterhub.matchmaking.enums import IntroductionStatus
from clusterhub.matchmaking.filters import ProfileFilters
from clusterhub.matchmaking.forms import CollaborationForm
from clusterhub.matchmaking.forms import IntroductionForm
from clusterhub.matchmaking.forms import ProfileFilterForm
from clusterhub.matchmaking.forms import ProfileForm
from clusterhub.matchmaking.forms import RecommendationFilterForm
from clusterhub.matchmaking.models import Collaboration
from clusterhub.matchmaking.queries import collaborations_visible_to
from clusterhub.matchmaking.queries import introductions_between
from clusterhub.matchmaking.queries import introductions_visible_to
from clusterhub.matchmaking.queries import managed_organisations
from clusterhub.matchmaking.queries import open_profiles
from clusterhub.matchmaking.queries import profiles_visible_to
from clusterhub.matchmaking.queries import value_chains_visible_to
from clusterhub.matchmaking.recommend import Filters
from clusterhub.matchmaking.recommend import acting_organisation
from clusterhub.matchmaking.recommend import for_organisation
from clusterhub.matchmaking.recommend import for_profile
from clusterhub.matchmaking.views.base import LAYOUT
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Organisation
from clusterhub.registry.queries import organisations_visible_to


def _organisation(request, pk: int, permission: str = "") -> Organisation:
    """An organisation the user sees (else 404) and, when named, holds `permission` on (else
    403)."""
    return object_for(request.user, organisations_visible_to(request.user), pk, permission)


def _my_organisations(user):
    return Organisation.objects.filter(managed_organisations(user)).order_by("name")


@login_required
def index(request):
    """Offers and requests, filtered and paginated like every other list."""
    # Prefetched, not joined: joined, PostgreSQL hashes every organisation (150,000) before it
    # sorts and cuts the list; prefetched, it sorts the profiles and fetches a page of each.
    profiles = open_profiles(profiles_visible_to(request.user)).prefetch_related(
        "organisation", "cluster"
    )
    page, error = list_page(request, ProfileFilters, profiles)
    return render(
        request,
        "matchmaking/index.html",
        {
            "page_obj": page,
            "filter_error": error,
            "filter_form": ProfileFilterForm(request.GET),
            "my_orgs": _my_organisations(request.user)[:50],
        },
    )


@login_required
def recommended(request):
    """Recommendations for one organisation the user acts for (the first, or the one chosen)."""
    my_orgs = list(_my_organisations(request.user)[:50])
    chosen = request.GET.get("organisation", "")
    org = next((o for o in my_orgs if str(o.pk) == chosen), None)
    if org is None and my_orgs:
        acting = acting_organisation(request.user)
        org = next((o for o in my_orgs if acting is not None and o.pk == acting.pk), my_orgs[0])
    context = {"my_orgs": my_orgs, "organisation": org, "recommendations": []}
    if org is not None:
        context.update(_organisation_recommendations(request, org))
    return render(request, "matchmaking/recommended.html", context)


@login_required
def introductions(request):
    page = page_of(
        request,
        introductions_visible_to(request.user)
        .select_related("requester", "target", "profile__cluster")
        .order_by("-created_at", "-pk"),
    )
    _with_actions(request.user, page.object_list)
    return render(request, "matchmaking/introductions.html", {"page_obj": page})


@login_required
def collaborations(request):
    page = page_of(
        request,
        collaborations_visible_to(request.user)
        .prefetch_related("partners")
        .order_by("-updated_at", "-pk"),
    )
    return render(request, "matchmaking/collaborations.html", {"page_obj": page})


@login_required
def introduction_detail(request, pk: int):
    intro = object_for(
        request.user,
        introductions_visible_to(request.user).select_related(
            "requester", "target", "profile__cluster"
        ),
        pk,
    )
    _with_actions(request.user, [intro])
    collaboration = Collaboration.objects.filter(introduction=intro).first()
    return render(
        request,
        "matchmaking/introduction_detail.html",
        {
            "intro": intro,
            "collaboration": collaboration
            if collaboration is not None
            and collaborations_visible_to(request.user).filter(pk=collaboration.pk).exists()
            else None,
        },
    )


def _with_actions(user, intros) -> None:
    """Tell each introduction which buttons the user may press.

    The state is checked here too, not only in the rules: a platform administrator passes every
    permission (Django's superuser), and a decided introduction has nothing left to press.
    """
    intros = list(intros)
    waiting = [i.target_id for i in intros if i.awaits_decision]
    acting = (
        set(
            Organisation.objects.filter(managed_organisations(user), pk__in=waiting).values_list(
                "pk", flat=True
            )
        )
        if waiting
        else set()
    )
    admin = roles_of(user).is_admin
    for intro in intros:
        intro.can_forward = intro.needs_forwarding and user.has_perm(
            "matchmaking.forward_introduction", intro
        )
        intro.can_decide = intro.awaits_decision and (admin or intro.target_id in acting)


def _mark_contacted(user, org: Organisation, recommendations) -> None:
    """Give each recommendation the introduction that already links its organisation to `org`,
    so the page links to it instead of offering to ask again."""
    found = introductions_between(
        introductions_visible_to(user),
        org.pk,
        {r.organisation.pk for r in recommendations if r.organisation is not None},
    )
    by_profile = {
        i.profile_id: i
        for i in introductions_visible_to(user)
        .filter(
            requester=org,
            profile_id__in=[r.profile.pk for r in recommendations if r.profile is not None],
        )
        .exclude(status=IntroductionStatus.DECLINED)
    }
    for r in recommendations:
        r.introduction = (found.get(r.organisation.pk) if r.organisation else None) or (
            by_profile.get(r.profile.pk) if r.profile else None
        )


def _organisation_recommendations(request, org: Organisation) -> dict:
    """The partners recommended for `org` under the query string's filters, each with the
    introduction already asked for; `requester` is `org` when the user may ask for one."""
    form, filters = _filters(request)
    recommendations = for_organisation(organisation=org, user=request.user, filters=filters)
    _mark_contacted(request.user, org, recommendations)
    may_request = request.user.has_perm("matchmaking.request_introduction_for", org)
    return {
        "recommendations": recommendations,
        "filter_form": form,
        "requester": org if may_request else None,
    }


def _profile_clusters(org: Organisation):
    return Cluster.objects.filter(memberships__organisation=org).distinct()


def _save_profile(request, form, profile):
    """Save through the verb (the text is embedded by a job after the commit); its notices
    become warnings. The saved profile; a refusal is the verb's ValidationError."""
    saved = domain.save_profile(
        profile=profile, nace_codes=form.nace_codes(), user=request.user, background=True
    )
    for notice in saved.notices:
        messages.warning(request, notice)
    return profile


def _profile_url(profile) -> str:
    return reverse("matchmaking:profile_detail", args=[profile.pk])


@login_required
def profile_create(request, org_pk: int):
    org = _organisation(request, org_pk, "matchmaking.add_profile_for")
    form = ProfileForm(request.POST or None, clusters=_profile_clusters(org))

    def save():
        profile = form.save(commit=False)
        profile.organisation = org
        return _save_profile(request, form, profile)

    return saving_form_page(
        request,
        form,
        save,
        then=_profile_url,
        title=_("New partnering profile of %(org)s") % {"org": org.name},
        back_url=reverse("matchmaking:index"),
        base_template=LAYOUT,
    )


@login_required
def profile_edit(request, pk: int):
    profile = object_for(
        request.user, profiles_visible_to(request.user), pk, "matchmaking.change_profile"
    )
    form = ProfileForm(
        request.POST or None, instance=profile, clusters=_profile_clusters(profile.organisation)
    )
    return saving_form_page(
        request,
        form,
        lambda: _save_profile(request, form, form.instance),
        title=_("Edit %(title)s") % {"title": profile.title},
        back_url=_profile_url(profile),
        base_template=LAYOUT,
    )


def _filters(request) -> tuple[RecommendationFilterForm, Filters]:
    form = RecommendationFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        return form, Filters(d["sector"], d["country"], d["org_type"], d["other_clusters_only"])
    return form, Filters()


@login_required
def profile_detail(request, pk: int):
    profile = object_for(
        request.user,
        profiles_visible_to(request.user).select_related("organisation", "cluster"),
        pk,
    )
    user = request.user
    recommendations, form = [], None
    if user.has_perm("matchmaking.recommend_for_profile", profile):
        form, filters = _filters(request)
        recommendations = for_profile(profile=profile, user=user, filters=filters)
        _mark_contacted(user, profile.organisation, recommendations)
    my_orgs = [o for o in _my_organisations(user) if o.pk != profile.organisation_id][:20]
    # Organisations already in touch with the profile's owner get a link to that introduction.
    if show_identity := user.has_perm("matchmaking.view_profile_identity", profile):
        contacted = introductions_between(
            introductions_visible_to(user), profile.organisation_id, [o.pk for o in my_orgs]
        )
        for o in my_orgs:
            o.introduction = contacted.get(o.pk)
    else:
        for o in my_orgs:
            o.introduction = (
                introductions_visible_to(user)
                .filter(requester=o, profile=profile)
                .exclude(status=IntroductionStatus.DECLINED)
                .first()
            )
    return render(
        request,
        "matchmaking/profile_detail.html",
        {
            "profile": profile,
            "show_identity": show_identity,
            "can_change": user.has_perm("matchmaking.change_profile", profile),
            "recommendations": recommendations,
            "filter_form": form,
            "my_orgs": my_orgs,
            "updating": Job.objects.filter(
                dedupe_key=domain.embed_job_key(profile.pk), state__in=ACTIVE_STATES
            ).first(),
        },
    )


@login_required
def organisation_recommendations(request, org_pk: int):
    org = _organisation(request, org_pk, "matchmaking.recommend_for_organisation")
    return render(
        request,
        "matchmaking/recommendations.html",
        {"organisation": org, **_organisation_recommendations(request, org)},
    )


@login_required
@require_POST
def introduction_request(request, org_pk: int):
    requester = _organisation(request, org_pk, "matchmaking.request_introduction_for")
    profile = target = None
    if request.POST.get("profile"):
        profile = object_for(
            request.user, profiles_visible_to(request.user), id_or_404(request.POST["profile"])
        )
    elif request.POST.get("target"):
        target = _organisation(request, id_or_404(request.POST["target"]))
    form = IntroductionForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        intro, created = domain.request_introduction(
            requester=requester, target=target, profile=profile, user=request.user, message=message
        )
    except ValidationError as exc:
        show_refusal(request, exc)
        return redirect("matchmaking:introductions")
    messages.success(
        request,
        _("Introduction requested.") if created else _("You had already asked for this one."),
    )
    return redirect("matchmaking:introduction_detail", intro.pk)


@login_required
@require_POST
def introduction_action(request, pk: int, action: str):
    intro = object_for(
        request.user, introductions_visible_to(request.user).select_related("profile__cluster"), pk
    )
    try:
        if action == "forward":
            require(request.user, "matchmaking.forward_introduction", intro)
            domain.forward_introduction(introduction=intro, user=request.user)
        elif action in ("accept", "decline"):
            require(request.user, "matchmaking.decide_introduction", intro)
            collaboration = domain.decide_introduction(
                introduction=intro, accept=action == "accept", user=request.user
            )
            if collaboration is not None:
                return redirect("matchmaking:collaboration_edit", collaboration.pk)
        else:
            raise Http404
    except ValidationError as exc:
        show_refusal(request, exc)
    return redirect("matchmaking:introduction_detail", intro.pk)


@login_required
def collaboration_edit(request, pk: int):
    collaboration = object_for(
        request.user,
        collaborations_visible_to(request.user),
        pk,
        "matchmaking.change_collaboration",
    )
    form = CollaborationForm(
        request.POST or None,
        instance=collaboration,
        chains=value_chains_visible_to(request.user),
    )
    return saving_form_page(
        request,
        form,
        lambda: domain.save_collaboration(collaboration=form.instance),
        done=_("Collaboration saved."),
        title=_("Collaboration: %(t)s") % {"t": collaboration.title},
        back_url=reverse("matchmaking:collaborations"),
        base_template=LAYOUT,
    )
