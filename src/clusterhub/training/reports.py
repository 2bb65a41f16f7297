"""The training documents: attendance sheets and certificates as PDFs."""

from django.urls import reverse
from django.utils import translation

from clusterhub.common.mail import in_language_of
from clusterhub.common.pdf import render_pdf
from clusterhub.registry.funding import funding_notice
from clusterhub.training.models import Certificate
from clusterhub.training.models import Session


def attendance_sheet_pdf(session: Session) -> bytes:
    """A sheet to print and sign at the session: every participant, present marks so far."""
    tp = session.module.training_programme
    marks = dict(session.attendances.values_list("enrolment_id", "present"))
    rows = [
        {"enrolment": e, "present": marks.get(e.pk)}
        for e in tp.enrolments.select_related("user", "cluster").order_by(
            "user__last_name", "user__first_name"
        )
    ]
    return render_pdf(
        "training/attendance_sheet_pdf.html",
        {
            "session": session,
            "programme": tp,
            "rows": rows,
            "funding_notice": funding_notice(tp.programme if tp.programme_id else None),
        },
    )


def certificates_pdf(certificates: list[Certificate], *, request) -> bytes:
    """One page per certificate, with its verification code, the address of its public page
    and the funding notice.

    Each page is in its holder's language, whoever prints it: a certificate is the holder's
    document (a manager printing a programme's certificates gets each in its holder's language).
    """
    pages = []
    for cert in certificates:
        tp = cert.enrolment.training_programme
        with in_language_of(cert.enrolment.user):
            pages.append(
                {
                    "language": translation.get_language(),
                    "certificate": cert,
                    "programme": tp,
                    "verify_url": request.build_absolute_uri(
                        reverse("training:certificate_verify", args=[cert.code])
                    ),
                    "modules": list(tp.modules.all()),
                    "funding_notice": funding_notice(tp.programme if tp.programme_id else None),
                }
            )
    # The document's own language (title, <html lang>) is the first holder's; each page
    # switches to its holder's in the template.
    with translation.override(pages[0]["language"] if pages else translation.get_language()):
        return render_pdf("training/certificate_pdf.html", {"pages": pages})
