"""The background task that sends a mailing (django-tasks; the queue is settings.TASKS).

A mailing sent now is queued once the transaction that wrote its deliveries commits; a
scheduled one is queued to run after its time where the queue can defer (the database and RQ
queues), and is otherwise picked up by `clusterhub mailings send-due`. Running the task twice
sends nothing twice (sending.send_pending).
"""

from django_tasks import task

from clusterhub.mailings import sending


@task()
def send_mailing(mailing_id: int) -> dict:
    return sending.send_pending(mailing_id)


def enqueue_sending(mailing_id: int, *, when=None) -> None:
    if when is None:
        send_mailing.enqueue(mailing_id)
    elif send_mailing.get_backend().supports_defer:
        send_mailing.using(run_after=when).enqueue(mailing_id)
