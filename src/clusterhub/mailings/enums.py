from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What a mailing is about; a person unsubscribes from one category of one cluster."""

    NEWS = "news", _("News")
    EVENTS = "events", _("Events")
    SURVEYS = "surveys", _("Surveys")


class Audience(models.TextChoices):
    """Where the recipients come from; the member filters then narrow by organisation."""

    MEMBERS = "members", _("People of member organisations")
    EVENT = "event", _("Participants of an event")
    TRAINING = "training", _("Participants of a training programme")
    ROLE = "role", _("People with a role in the cluster")


class Committed(models.TextChoices):
    ANY = "", _("Committed or not")
    YES = "yes", _("Committed members only")
    NO = "no", _("Members not committed only")


class MailingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Delivered")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class MailingAuditAction(models.TextChoices):
    """What the audit log records of mailings, in words there (registered in apps.py)."""

    CREATED = "mailing_created", _("Mailing written")
    CHANGED = "mailing_changed", _("Mailing changed")
    DELETED = "mailing_deleted", _("Mailing deleted")
    SCHEDULED = "mailing_scheduled", _("Mailing scheduled")
    SENT = "mailing_sent", _("Mailing sent")
