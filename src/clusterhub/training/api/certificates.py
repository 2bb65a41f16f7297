"""Certificates (with the public verification), exports and suggestions for clusters."""

from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path
from ninja import Query
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from clusterhub.accounts import audit
from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.api_errors import ERRORS
from clusterhub.common.api_helpers import chosen
from clusterhub.common.api_helpers import path_id
from clusterhub.common.downloads import PDF
from clusterhub.common.downloads import download
from clusterhub.common.pagination import PageNumber
from clusterhub.registry.queries import clusters_visible_to
from clusterhub.training import domain
from clusterhub.training import exports
from clusterhub.training import reports
from clusterhub.training.api.base import visible_certificate
from clusterhub.training.api.base import visible_certificates
from clusterhub.training.api.base import visible_programme
from clusterhub.training.models import Certificate
from clusterhub.training.models import normalise_code
from clusterhub.training.queries import enrolments_visible_to
from clusterhub.training.schemas import CertificateIssue
from clusterhub.training.schemas import CertificateOut
from clusterhub.training.schemas import SuggestionsOut
from clusterhub.training.schemas import VerificationOut
from clusterhub.training.suggestions import suggestions_for

router = Router(tags=["training"])

# --- certificates --------------------------------------------------------------------------


@router.get("/training/programmes/{pk}/certificates", response=list[CertificateOut])
@paginate(PageNumber)
def list_certificates(request, pk: int = path_id("training programme id")):
    tp = visible_programme(request.user, pk)
    return visible_certificates(request.user).filter(enrolment__training_programme=tp)


@router.post("/training/programmes/{pk}/certificates", response={201: CertificateOut, **ERRORS})
def issue_certificate(
    request, payload: CertificateIssue, pk: int = path_id("training programme id")
):
    """Certify a participant who attended every required session. Permission:
    training.issue_certificate. Refused (422) with what is missing otherwise."""
    tp = visible_programme(request.user, pk, "training.manage_enrolments")
    enrolment = chosen(
        tp.enrolments.all(),
        payload.enrolment_id,
        field="enrolment_id",
        message=_("There is no enrolment with this id in this programme."),
    )
    return Status(
        201,
        domain.issue_certificate(
            enrolment=enrolment, issued_by=request.user, issued_on=payload.issued_on
        ),
    )


@router.get("/training/programmes/{pk}/certificates/pdf", response={200: None, **ERRORS})
def programme_certificates_pdf(request, pk: int = path_id("training programme id")):
    """Every certificate of the programme the user may see, one a page, as PDF."""
    tp = visible_programme(request.user, pk)
    certs = list(visible_certificates(request.user).filter(enrolment__training_programme=tp))
    if not certs:
        raise Http404
    audit.exported("certificates.pdf", target=tp, certificates=len(certs))
    pdf = reports.certificates_pdf(certs, request=request)
    return download(pdf, f"certificates-{tp.pk}.pdf", PDF)


@router.get("/training/certificates/{pk}", response={200: CertificateOut, **ERRORS})
def get_certificate(request, pk: int = path_id("certificate id")):
    return visible_certificate(request.user, pk)


@router.get("/training/certificates/{pk}/pdf", response={200: None, **ERRORS})
def certificate_pdf(request, pk: int = path_id("certificate id")):
    cert = visible_certificate(request.user, pk)
    pdf = reports.certificates_pdf([cert], request=request)
    return download(pdf, f"certificate-{cert.code}.pdf", PDF)


@router.post("/training/certificates/{pk}/revoke", response={200: CertificateOut, **ERRORS})
def revoke_certificate(request, pk: int = path_id("certificate id")):
    cert = visible_certificate(request.user, pk, "training.revoke_certificate")
    return domain.revoke_certificate(certificate=cert)


@router.get(
    "/training/certificates/verify/{code}", response={200: VerificationOut, **ERRORS}, auth=None
)
def verify_certificate(request, code: str = Path(..., max_length=64)):
    """Public: whether a certificate code is valid, with holder, programme and date. Unknown
    and revoked codes answer 404."""
    normalised = normalise_code(code)
    cert = (
        Certificate.objects.filter(code=normalised, revoked_at__isnull=True).first()
        if normalised
        else None
    )
    if cert is None:
        raise Http404
    return {
        "valid": True,
        "holder_name": cert.holder_name,
        "programme_title": cert.programme_title,
        "issued_on": cert.issued_on,
    }


# --- exports -------------------------------------------------------------------------------


@router.get("/training/programmes/{pk}/export/{table}", response={200: None, **ERRORS})
def export_table(
    request,
    table: Literal[
        "sessions", "participants", "attendance", "self_assessments", "feedback", "certificates"
    ],
    pk: int = path_id("training programme id"),
    format: Literal["csv", "xlsx"] = Query("csv"),  # noqa: A002 (the query parameter's name)
):
    """One table as CSV or XLSX. Participants, self-assessments and certificates hold the rows
    the user may follow; attendance and feedback need training.view_programme_results."""
    tp = visible_programme(request.user, pk)
    if table in exports.MANAGER_TABLES:
        require(request.user, "training.view_programme_results", tp)
    enrolments = enrolments_visible_to(request.user).filter(training_programme=tp)
    if table != "sessions":  # every other table names participants
        audit.exported(f"{table}.{format}", target=tp)
    return exports.table_response(table, format, tp, enrolments)


# --- suggestions ---------------------------------------------------------------------------


@router.get("/training/clusters/{pk}/suggestions", response={200: SuggestionsOut, **ERRORS})
def cluster_suggestions(request, pk: int = path_id("cluster id")):
    """Modules suggested for the cluster's weak assessment indicators. Permission:
    training.view_suggestions (the cluster's team)."""
    cluster = object_for(
        request.user, clusters_visible_to(request.user), pk, "training.view_suggestions"
    )
    result = suggestions_for(cluster, request.user)
    message = "" if result.has_assessment else _("The cluster has no assessment yet.")
    if result.has_assessment and not result.items:
        message = _("The latest assessment shows no weak indicators.")
    return {
        "cluster_id": cluster.pk,
        "has_assessment": result.has_assessment,
        "message": message,
        "suggestions": [
            {
                "indicator_code": s.indicator.code,
                "indicator_title": s.indicator.title,
                "percent": s.indicator.percent,
                "training_topics": s.competences,
                "modules": [
                    {
                        "module_id": m.pk,
                        "module_title": m.title,
                        "competence": m.competence,
                        "training_programme_id": m.training_programme_id,
                        "training_programme_title": m.training_programme.title,
                    }
                    for m in s.modules
                ],
            }
            for s in result.items
        ],
    }
