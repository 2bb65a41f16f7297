"""Pages for enrolments, self-assessments, certificates (with the public verification page)
and the per-cluster progress and suggestions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.downloads import PDF
from clusterhub.common.downloads import download
from clusterhub.common.pages import carry_out
from clusterhub.registry.models import Cluster
from clusterhub.registry.queries import clusters_visible_to
from clusterhub.training import domain
from clusterhub.training import reports
from clusterhub.training.enums import Phase
from clusterhub.training.forms import EnrolmentForm
from clusterhub.training.forms import SelfAssessmentForm
from clusterhub.training.forms import VerifyForm
from clusterhub.training.models import Certificate
from clusterhub.training.models import normalise_code
from clusterhub.training.queries import certificates_visible_to
from clusterhub.training.queries import completion_of
from clusterhub.training.queries import enrolments_visible_to
from clusterhub.training.queries import gain_rows
from clusterhub.training.queries import person_gain
from clusterhub.training.queries import programme_competences
from clusterhub.training.queries import scores_of
from clusterhub.training.queries import with_progress
from clusterhub.training.suggestions import suggestions_for
from clusterhub.training.views.base import gain_chart
from clusterhub.training.views.base import saving_form_page
from clusterhub.training.views.base import visible_enrolment
from clusterhub.training.views.base import visible_programme

# --- enrolments ----------------------------------------------------------------------------


@login_required
def enrol(request, pk: int):
    tp = visible_programme(request, pk, "training.manage_enrolments")
    form = EnrolmentForm(request.POST or None, training_programme=tp)
    back = reverse("training:programme_detail", args=[tp.pk])
    save = lambda: domain.enrol(training_programme=tp, **form.cleaned_data)  # noqa: E731
    return saving_form_page(
        request,
        form,
        save,
        title=_("Enrol a participant"),
        back_url=back,
        done=_("Participant enrolled."),
    )


@login_required
def enrolment_detail(request, pk: int):
    enrolment = visible_enrolment(request, pk)
    user = request.user
    gains = person_gain(enrolment)
    cert = Certificate.objects.filter(enrolment=enrolment).first()
    return render(
        request,
        "training/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "programme": enrolment.training_programme,
            "completion": completion_of(enrolment),
            "attendance": enrolment.attendances.select_related("session").order_by(
                "session__starts_at"
            ),
            "gain_rows": gain_rows(gains),
            "gain_chart": gain_chart(gains, _("Competences before and after")),
            "has_ratings": any(r.before is not None or r.after is not None for r in gains),
            "certificate": cert,
            "can_assess": user.has_perm("training.assess_self", enrolment),
            "can_issue": user.has_perm("training.issue_certificate", enrolment),
            "can_withdraw": user.has_perm("training.change_enrolment", enrolment) and not cert,
            "can_revoke": cert is not None and user.has_perm("training.revoke_certificate", cert),
        },
    )


@login_required
@require_POST
def enrolment_withdraw(request, pk: int):
    enrolment = visible_enrolment(request, pk, "training.change_enrolment")
    tp_pk = enrolment.training_programme_id
    if not carry_out(
        request, lambda: domain.withdraw(enrolment=enrolment), done=_("Participant withdrawn.")
    ):
        return redirect("training:enrolment_detail", enrolment.pk)
    return redirect("training:programme_detail", tp_pk)


@login_required
def self_assessment(request, pk: int, phase: str):
    enrolment = visible_enrolment(request, pk)
    if phase not in Phase.values:
        raise Http404
    require(request.user, "training.assess_self", enrolment)
    form = SelfAssessmentForm(
        request.POST or None,
        competences=programme_competences(enrolment.training_programme),
        initial_scores=scores_of(enrolment, phase),
    )
    back = reverse("training:enrolment_detail", args=[enrolment.pk])
    save = lambda: domain.record_self_assessment(  # noqa: E731
        enrolment=enrolment, phase=phase, scores=form.cleaned_data
    )
    title = _("Self-assessment: %(phase)s") % {"phase": Phase(phase).label}
    return saving_form_page(
        request, form, save, title=title, back_url=back, done=_("Self-assessment saved.")
    )


# --- certificates --------------------------------------------------------------------------


@login_required
@require_POST
def certificate_issue(request, pk: int):
    enrolment = visible_enrolment(request, pk, "training.issue_certificate")
    carry_out(
        request,
        lambda: domain.issue_certificate(enrolment=enrolment, issued_by=request.user),
        done=_("Certificate issued."),
    )
    return redirect("training:enrolment_detail", enrolment.pk)


def _certificate(request, pk: int, perm: str = "") -> Certificate:
    """A certificate the user may see, or 404; then `perm` on it (when given), or 403."""
    visible = certificates_visible_to(request.user).select_related(
        "enrolment__training_programme__programme"
    )
    return object_for(request.user, visible, pk, perm)


@login_required
def certificate_pdf(request, pk: int):
    cert = _certificate(request, pk)
    pdf = reports.certificates_pdf([cert], request=request)
    return download(pdf, f"certificate-{cert.code}.pdf", PDF)


@login_required
@require_POST
def certificate_revoke(request, pk: int):
    cert = _certificate(request, pk, "training.revoke_certificate")
    domain.revoke_certificate(certificate=cert)
    messages.success(request, _("Certificate revoked; its page now says it is not valid."))
    return redirect("training:enrolment_detail", cert.enrolment_id)


def certificate_verify(request, code: str):
    """Public: anyone holding a code sees whether it is a valid certificate (no sign-in)."""
    normalised = normalise_code(code)
    cert = Certificate.objects.filter(code=normalised).first() if normalised else None
    valid = cert is not None and cert.is_valid
    return render(
        request,
        "training/certificate_verify.html",
        {"certificate": cert if valid else None, "code": code[:40], "form": VerifyForm()},
        status=200 if valid else 404,
    )


def certificate_lookup(request):
    """Public: type a code, get its verification page."""
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        typed = form.cleaned_data["code"]
        # A code that cannot be one still gets its "not valid" page, in the form typed.
        code = normalise_code(typed) or "".join(ch for ch in typed if ch.isalnum())[:40]
        if code:
            return redirect("training:certificate_verify", code)
    return render(request, "training/certificate_verify.html", {"form": form, "lookup": True})


# --- per cluster: progress and suggestions -------------------------------------------------


def _cluster(request, pk: int, permission: str) -> Cluster:
    """The cluster of the page: 404 when the user may not see it, 403 without `permission`."""
    return object_for(request.user, clusters_visible_to(request.user), pk, permission)


@login_required
def cluster_progress(request, pk: int):
    """A cluster manager follows the coordinators enrolled for their cluster."""
    cluster = _cluster(request, pk, "training.view_cluster_progress")
    enrolments = with_progress(
        enrolments_visible_to(request.user).filter(cluster=cluster)
    ).order_by("training_programme__title", "user__last_name")
    return render(
        request, "training/cluster_progress.html", {"cluster": cluster, "enrolments": enrolments}
    )


@login_required
def cluster_suggestions(request, pk: int):
    cluster = _cluster(request, pk, "training.view_suggestions")
    return render(
        request,
        "training/cluster_suggestions.html",
        {"cluster": cluster, "result": suggestions_for(cluster, request.user)},
    )
