"""Base models shared by every app. No domain logic lives here."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class JobFileStorage(FileSystemStorage):
    """Uploads and results of background jobs: under VAR_DIR/jobs, never served directly (a
    result is downloaded through the job page, which checks who asks), and outside MEDIA_ROOT,
    so a backup archive does not end up inside the next backup. The folder is read from the
    settings on each use, so a changed VAR_DIR (tests, a second site) is followed."""

    @property
    def base_location(self):
        return str(Path(settings.VAR_DIR) / "jobs")

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def job_files_storage() -> JobFileStorage:
    return JobFileStorage()


class Job(models.Model):
    """A long piece of work run by a worker process (common/jobs.py, docs/jobs.md)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
    )
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), default=0)
    progress_label = models.CharField(_("step"), max_length=200, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    result = models.JSONField(_("result"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    result_file = models.FileField(
        _("result file"), storage=job_files_storage, upload_to="results/%Y/%m/", blank=True
    )
    error = models.TextField(_("error"), blank=True)
    # Two jobs with the same key may not wait or run at once (one import of one file at a time).
    dedupe_key = models.CharField(_("duplicate key"), max_length=200, blank=True, db_index=True)
    task_id = models.CharField(_("queue task id"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Written by the running worker every few seconds; a stale one means the worker died.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=models.Q(state__in=["queued", "running"]) & ~models.Q(dedupe_key=""),
                name="common_job_one_active_per_dedupe_key",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, int(100 * self.progress_done / self.progress_total))


class Notification(models.Model):
    """An in-app message to a user (the same text also goes out by email): the platform's one
    inbox, written by `common.notifications.notify` for every area that tells someone something.

    The table is the one events created (`events_notification`; moved without copying). The
    optional link to an event is its one reference upward, by name: the only record a
    notification can point at today; the inbox page (events' notifications page) shows it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        db_table = "events_notification"
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.subject
