"""Pages of the membership administration, and the public application form.

Thin: clusters from membership/queries.py (not administered: 404 for the management pages),
rights from membership/rules.py (403), every write through membership/domain.py.
"""

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterhub.accounts import audit
from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.downloads import table_download
from clusterhub.common.pages import carry_out
from clusterhub.common.pages import deleting_page
from clusterhub.common.pages import history_page
from clusterhub.common.pages import list_page
from clusterhub.common.pages import save_or_errors
from clusterhub.common.pages import saving_form_page
from clusterhub.common.security import client_address
from clusterhub.membership import domain
from clusterhub.membership import exports
from clusterhub.membership import statistics
from clusterhub.membership.enums import ApplicationStatus
from clusterhub.membership.fees import FeeError
from clusterhub.membership.fees import fee_for
from clusterhub.membership.fees import yearly_fee
from clusterhub.membership.filters import ApplicationFilters
from clusterhub.membership.forms import AcceptForm
from clusterhub.membership.forms import ApplicationFilterForm
from clusterhub.membership.forms import ApplicationForm
from clusterhub.membership.forms import DeclineForm
from clusterhub.membership.forms import FeeRuleForm
from clusterhub.membership.forms import LeaveForm
from clusterhub.membership.forms import MembershipTypeForm
from clusterhub.membership.forms import TermsForm
from clusterhub.membership.models import Application
from clusterhub.membership.models import FeeRule
from clusterhub.membership.models import MembershipType
from clusterhub.membership.queries import administered_clusters
from clusterhub.membership.queries import applications_visible_to
from clusterhub.membership.queries import members_of
from clusterhub.membership.queries import open_types
from clusterhub.membership.queries import types_visible_to
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.queries import clusters_visible_to
from clusterhub.registry.queries import memberships_visible_to

FORMATS = ("csv", "xlsx")
# Public applications accepted from one address per hour (more: 429).
APPLY_LIMIT = getattr(settings, "CLUSTERHUB_APPLY_LIMIT", 5)
APPLY_WINDOW_SECONDS = 3600
# The area's layout, for the form pages drawn by common/form.html.
LAYOUT = "membership/base.html"


def _cluster(request, pk: int, perm: str) -> Cluster:
    """A cluster the user may see (404 otherwise) on which the user holds `perm` (403)."""
    return object_for(request.user, clusters_visible_to(request.user), pk, perm)


@login_required
def index(request):
    clusters = administered_clusters(request.user).order_by("name")
    return render(request, "membership/index.html", {"clusters": clusters})


@login_required
def cluster_page(request, pk: int):
    """Members with their type and fee (team), and the statistics (any insider)."""
    cluster = _cluster(request, pk, "membership.view_statistics")
    can_admin = request.user.has_perm("membership.view_administration", cluster)
    today = timezone.localdate()
    rows = []
    if can_admin:
        start, end = date(today.year, 1, 1), date(today.year, 12, 31)
        for m in members_of(cluster):
            try:
                row = {"yearly": yearly_fee(m), "fee": fee_for(m, start, end), "problem": ""}
            except FeeError as exc:
                row = {"yearly": None, "fee": None, "problem": str(exc)}
            row["membership"] = m
            row["terms"] = getattr(m, "terms", None)
            rows.append(row)
    return render(
        request,
        "membership/cluster.html",
        {
            "cluster": cluster,
            "can_admin": can_admin,
            "can_manage_members": request.user.has_perm("membership.manage_members", cluster),
            "rows": rows,
            "year": today.year,
            "figures": statistics.yearly_figures(cluster, today=today),
            "pending": cluster.membership_applications.filter(
                status=ApplicationStatus.PENDING
            ).count()
            if can_admin
            else 0,
        },
    )


@login_required
def member_export(request, pk: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    cluster = _cluster(request, pk, "membership.export_members")
    year = timezone.localdate().year
    headers, rows = exports.member_rows(members_of(cluster), year)
    audit.exported(f"membership-members.{fmt}", cluster=cluster)
    return table_download(
        headers, rows, fmt=fmt, name=f"members-{cluster.acronym}-{year}", title=_("Members")
    )


# --- types and fee rules ----------------------------------------------------------------------


@login_required
def type_list(request, pk: int):
    cluster = _cluster(request, pk, "membership.view_administration")
    types = MembershipType.objects.filter(cluster=cluster).prefetch_related("fee_rules")
    return render(
        request,
        "membership/types.html",
        {
            "cluster": cluster,
            "types": types,
            "can_manage": request.user.has_perm("membership.manage_types", cluster),
        },
    )


def _type(request, pk: int) -> MembershipType:
    return object_for(
        request.user, types_visible_to(request.user), pk, "membership.change_membershiptype"
    )


def _types_url(cluster) -> str:
    return reverse("membership:types", args=[cluster.pk])


@login_required
def type_create(request, pk: int):
    cluster = _cluster(request, pk, "membership.manage_types")
    return _type_page(
        request,
        MembershipType(cluster=cluster),
        done=lambda mtype: _("Membership type %(n)s was added.") % {"n": mtype},
        title=_("New membership type"),
    )


@login_required
def type_edit(request, pk: int):
    mtype = _type(request, pk)
    return _type_page(
        request,
        mtype,
        done=lambda saved: _("Membership type %(n)s was saved.") % {"n": saved},
        title=_("Edit membership type %(n)s") % {"n": mtype},
    )


def _type_page(request, mtype: MembershipType, *, done, title: str):
    """The form page of a new or existing membership type; it goes back to the cluster's types."""
    form = MembershipTypeForm(request.POST or None, instance=mtype)
    return saving_form_page(
        request,
        form,
        lambda: domain.save_membership_type(membership_type=form.instance),
        done=done,
        title=title,
        back_url=_types_url(mtype.cluster),
        base_template=LAYOUT,
    )


@login_required
def type_delete(request, pk: int):
    """Ask, then delete a type no member and no application uses (refused, 409, otherwise)."""
    mtype = _type(request, pk)
    back = _types_url(mtype.cluster)
    return deleting_page(
        request,
        mtype,
        lambda: domain.delete_membership_type(membership_type=mtype),
        back_url=back,
        done=_("Membership type %(name)s was deleted."),
    )


@login_required
def type_history(request, pk: int):
    mtype = object_for(request.user, types_visible_to(request.user), pk)
    require(request.user, "membership.view_administration", mtype.cluster)
    return history_page(request, mtype, back_url=_types_url(mtype.cluster))


@login_required
def rule_create(request, pk: int):
    mtype = _type(request, pk)
    return _rule_page(
        request,
        FeeRule(membership_type=mtype),
        done=_("The fee rule was added."),
        title=_("New fee rule for %(n)s") % {"n": mtype},
    )


def _rule_page(request, rule: FeeRule, *, done: str, title: str):
    """The form page of a new or existing fee rule; it goes back to the cluster's types."""
    form = FeeRuleForm(request.POST or None, instance=rule)
    return saving_form_page(
        request,
        form,
        lambda: domain.save_fee_rule(rule=form.instance),
        done=done,
        title=title,
        back_url=_types_url(rule.membership_type.cluster),
        base_template=LAYOUT,
    )


def _rule(request, pk: int) -> FeeRule:
    rule = object_for(
        request.user, FeeRule.objects.filter(membership_type__in=types_visible_to(request.user)), pk
    )
    require(request.user, "membership.change_membershiptype", rule.membership_type)
    return rule


@login_required
def rule_edit(request, pk: int):
    rule = _rule(request, pk)
    return _rule_page(request, rule, done=_("The fee rule was saved."), title=_("Edit fee rule"))


@login_required
def rule_delete(request, pk: int):
    rule = _rule(request, pk)
    back = _types_url(rule.membership_type.cluster)
    return deleting_page(
        request,
        rule,
        lambda: domain.delete_fee_rule(rule=rule),
        back_url=back,
        done=_("The fee rule was deleted."),
    )


# --- applications -----------------------------------------------------------------------------


@login_required
def application_list(request, pk: int):
    cluster = _cluster(request, pk, "membership.view_administration")
    # Without a status, the page shows the applications waiting for a decision.
    default = {} if "status" in request.GET else {"status": ApplicationStatus.PENDING}
    apps = applications_visible_to(request.user).filter(cluster=cluster)
    page, error = list_page(
        request, ApplicationFilters, apps.select_related("membership_type"), extra=default
    )
    return render(
        request,
        "membership/applications.html",
        {
            "cluster": cluster,
            "applications": page.object_list,
            "page": page,
            "filter_error": error,
            "filter_form": ApplicationFilterForm({**request.GET.dict(), **default}),
        },
    )


def _application(request, pk: int) -> Application:
    return object_for(
        request.user, applications_visible_to(request.user), pk, "membership.view_application"
    )


@login_required
def application_detail(request, pk: int):
    app = _application(request, pk)
    can_decide = request.user.has_perm("membership.decide_application", app)
    accept_form = AcceptForm(prefix="accept")
    decline_form = DeclineForm(prefix="decline")
    status = 200
    if request.method == "POST":
        require(request.user, "membership.decide_application", app)
        action = request.POST.get("action")
        if action == "accept":
            form = accept_form = AcceptForm(request.POST, prefix="accept")
            decide = lambda: domain.accept_application(  # noqa: E731
                application=app, decided_by=request.user, since=form.cleaned_data["since"]
            )
            done = _("%(n)s is now a member.") % {"n": app.company_name}
        elif action == "decline":
            form = decline_form = DeclineForm(request.POST, prefix="decline")
            decide = lambda: domain.decline_application(  # noqa: E731
                application=app,
                decided_by=request.user,
                reason=form.cleaned_data["decline_reason"],
            )
            done = _("The application was declined.")
        else:
            raise Http404
        if form.is_valid() and carry_out(request, decide, done=done):
            return redirect("membership:application", pk=app.pk)
        status = 400
    return render(
        request,
        "membership/application.html",
        {
            "application": app,
            "cluster": app.cluster,
            "can_decide": can_decide and app.status == ApplicationStatus.PENDING,
            "accept_form": accept_form,
            "decline_form": decline_form,
        },
        status=status,
    )


@login_required
def application_history(request, pk: int):
    app = _application(request, pk)
    return history_page(request, app, back_url=reverse("membership:application", args=[app.pk]))


def _throttled(request) -> bool:
    """Count an application from this address; True when it is over the hourly limit."""
    key = f"membership-apply:{client_address(request) or 'unknown'}"
    cache.add(key, 0, APPLY_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, APPLY_WINDOW_SECONDS)
        count = 1
    return count > APPLY_LIMIT


def apply(request, pk: int):
    """The public application form: no sign-in, throttled per address, with a honeypot."""
    cluster = object_for(request.user, Cluster.objects.all(), pk)
    types = open_types(cluster)
    if not types.exists():
        return render(request, "membership/apply_closed.html", {"cluster": cluster}, status=404)
    form = ApplicationForm(request.POST or None, cluster=cluster, types=types)
    status = 200
    if request.method == "POST":
        if _throttled(request):
            return render(
                request,
                "membership/apply_closed.html",
                {"cluster": cluster, "throttled": True},
                status=429,
            )
        if form.is_robot:
            # Answer as if accepted, so the robot learns nothing; nothing is stored.
            return redirect("membership:apply_thanks", pk=cluster.pk)
        if form.is_valid() and save_or_errors(
            form, lambda: domain.submit_application(application=form.instance)
        ):
            return redirect("membership:apply_thanks", pk=cluster.pk)
        status = 400
    return render(
        request, "membership/apply.html", {"cluster": cluster, "form": form}, status=status
    )


def apply_thanks(request, pk: int):
    cluster = object_for(request.user, Cluster.objects.all(), pk)
    return render(request, "membership/apply_thanks.html", {"cluster": cluster})


# --- a member's terms, renewal and leaving ----------------------------------------------------


def _membership(request, pk: int) -> Membership:
    membership = object_for(
        request.user,
        memberships_visible_to(request.user).select_related("cluster", "organisation"),
        pk,
    )
    require(request.user, "membership.manage_members", membership.cluster)
    return membership


def _cluster_url(cluster) -> str:
    return reverse("membership:cluster", args=[cluster.pk])


@login_required
def terms_edit(request, pk: int):
    membership = _membership(request, pk)
    terms = domain.terms_of(membership)
    form = TermsForm(request.POST or None, instance=terms, cluster=membership.cluster)
    return saving_form_page(
        request,
        form,
        lambda: domain.set_terms(membership=membership, **form.cleaned_data),
        done=_("The terms of %(m)s were saved.") % {"m": membership},
        title=_("Membership terms of %(o)s") % {"o": membership.organisation},
        back_url=_cluster_url(membership.cluster),
        base_template=LAYOUT,
    )


@login_required
@require_POST
def renew(request, pk: int):
    membership = _membership(request, pk)
    terms = domain.terms_of(membership)

    def renew_terms():
        if terms.pk is None:
            raise ValidationError(_("Give the member a membership type first."))
        return domain.renew(terms=terms)

    carry_out(
        request,
        renew_terms,
        done=lambda renewed: (
            _("%(o)s is renewed until %(d)s.")
            % {"o": membership.organisation, "d": renewed.period_end}
        ),
    )
    return redirect(_cluster_url(membership.cluster))


@login_required
def leave(request, pk: int):
    membership = _membership(request, pk)
    form = LeaveForm(request.POST or None, initial={"until": timezone.localdate()})
    return saving_form_page(
        request,
        form,
        lambda: domain.leave(
            membership=membership,
            until=form.cleaned_data["until"],
            reason=form.cleaned_data["leaving_reason"],
            note=form.cleaned_data["note"],
        ),
        done=_("%(o)s has left.") % {"o": membership.organisation},
        title=_("%(o)s leaves %(c)s")
        % {"o": membership.organisation, "c": membership.cluster.acronym},
        back_url=_cluster_url(membership.cluster),
        submit=_("Record the leaving"),
        base_template=LAYOUT,
    )


@login_required
def terms_history(request, pk: int):
    membership = _membership(request, pk)
    terms = domain.terms_of(membership)
    if terms.pk is None:
        raise Http404
    return history_page(request, terms, back_url=_cluster_url(membership.cluster))
