"""The mailings' background job (common/jobs.py): sending a mailing's waiting deliveries.

Started when a mailing is sent or scheduled (domain.queue_mailing), not before its time where
the queue can defer. Safe to run again (sending.send_pending claims each delivery once), so a
job whose worker died is queued again.
"""

from django.utils.translation import gettext as _

from clusterhub.common.jobs import register_job
from clusterhub.mailings import domain
from clusterhub.mailings import sending
from clusterhub.mailings.models import Mailing


@register_job(domain.SEND_JOB, retries=3)
def send_job(job, on_progress) -> dict:
    mailing = Mailing.objects.filter(pk=job.params.get("mailing")).first()
    if mailing is None:
        return {"summary": _("The mailing was deleted before it was sent.")}
    counts = sending.send_pending(mailing.pk)
    return {"summary": sending.summary(mailing, counts), "counts": counts}
