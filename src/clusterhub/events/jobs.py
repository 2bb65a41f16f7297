"""Events' background jobs (common/jobs.py): the B2B scheduler, started from the organiser's
desk; the request never waits for the solver, so its time limit may be long."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from clusterhub.common.jobs import JobFailed
from clusterhub.common.jobs import register_job
from clusterhub.events import domain
from clusterhub.events import reports
from clusterhub.events.models import Event


@register_job(domain.SCHEDULE_JOB, result_template="events/_schedule_job_result.html")
def schedule_job(job, on_progress) -> dict:
    event = Event.objects.filter(pk=job.params.get("event")).first()
    if event is None:
        raise JobFailed("The event was deleted before its meetings were scheduled.")
    try:
        run = domain.schedule_meetings(
            event=event, time_limit=float(job.params["time_limit"]), on_progress=on_progress
        )
    except ValidationError as exc:
        raise JobFailed(" ".join(exc.messages)) from exc
    return {
        "summary": reports.scheduler_summary(event, run),
        "placed": run.placed,
        "desk": reverse("events:b2b_desk", args=[event.pk]),
    }
