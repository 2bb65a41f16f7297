"""The mailings REST API under /api/v1/mailings/: mailings (list, create, read, change, delete),
the preview of the segment, the test to oneself, sending (now or scheduled) and bounces.

Managers of the mailing's cluster only: a mailing of another cluster is 404, an unknown or
foreign cluster, event, programme or survey is 422 on its field.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.api_errors import ERRORS
from clusterhub.common.api_errors import NO_CONTENT
from clusterhub.common.api_helpers import apply_patch
from clusterhub.common.api_helpers import chosen
from clusterhub.common.api_helpers import if_match
from clusterhub.common.api_helpers import patch_values
from clusterhub.common.api_helpers import path_id
from clusterhub.common.api_helpers import with_etag
from clusterhub.common.pagination import PageNumber
from clusterhub.events.models import Event
from clusterhub.mailings import domain
from clusterhub.mailings import sending
from clusterhub.mailings.models import Mailing
from clusterhub.mailings.queries import clusters_user_may_mail
from clusterhub.mailings.queries import mailings_visible_to
from clusterhub.mailings.queries import segment_of
from clusterhub.mailings.schemas import BounceIn
from clusterhub.mailings.schemas import BounceOut
from clusterhub.mailings.schemas import MailingCreate
from clusterhub.mailings.schemas import MailingOut
from clusterhub.mailings.schemas import MailingUpdate
from clusterhub.mailings.schemas import PreviewOut
from clusterhub.mailings.schemas import SendIn
from clusterhub.mailings.schemas import SendOut
from clusterhub.mailings.schemas import TestOut
from clusterhub.services.models import Survey
from clusterhub.training.models import TrainingProgramme

router = Router(tags=["mailings"])
PREVIEW_ROWS = 20
RELATED = {"event": Event, "training_programme": TrainingProgramme, "non_respondents_of": Survey}


def _mailing(user, pk: int, permission: str = "mailings.view_mailing") -> Mailing:
    return object_for(user, mailings_visible_to(user), pk, permission)


# The segment's list fields: null clears one to the empty list (a list column holds no NULL).
LISTS = ("org_types", "size_classes", "nace_divisions")


def _cleared(name: str):
    """What null sets a field to, by the API's one partial-update rule (apply_patch)."""
    if name in LISTS:
        return []
    probe = Mailing()
    apply_patch(probe, {name: None})
    return getattr(probe, name)


def _fields(data: dict, current: Mailing | None) -> tuple[dict, dict | None]:
    """The model fields of a payload, with ids made objects (unknown: 422 on the field), and
    the versions (None when not given). A null clears the field (`_cleared`): a required one
    is then refused by the model's validation, naming it."""
    versions = data.pop("versions", None)
    fields = {}
    for name, value in data.items():
        if name in RELATED and value is not None:
            value = chosen(RELATED[name].objects.all(), value, field=name)
        elif value is None:
            value = _cleared(name)
        fields[name] = value
    if versions is None and current is not None:
        versions = {
            v.language: {"subject": v.subject, "body_html": v.body_html}
            for v in current.versions.all()
        }
    return fields, versions


@router.get("/mailings/", response=list[MailingOut])
@paginate(PageNumber)
def list_mailings(request):
    """Mailings of the clusters the user manages. Permission: mailings.view_mailing."""
    return (
        sending.with_counts(mailings_visible_to(request.user))
        .prefetch_related("versions")
        .order_by("-pk")
    )


@router.post("/mailings/", response={201: MailingOut, **ERRORS})
def create_mailing(request, payload: MailingCreate):
    """Write a draft mailing. Permission: mailings.add_mailing (the cluster's manager)."""
    data = patch_values(payload)
    cluster_id = data.pop("cluster")
    cluster = chosen(
        clusters_user_may_mail(request.user),
        cluster_id,
        field="cluster",
        message=_("You may not write mailings for this cluster."),
    )
    require(request.user, "mailings.add_mailing", cluster)
    fields, versions = _fields(data, None)
    mailing = domain.save_mailing(
        cluster=cluster, user=request.user, versions=versions or {}, **fields
    )
    return Status(201, mailing)


@router.post("/mailings/bounces", response={201: BounceOut, **ERRORS})
def record_bounce(request, payload: BounceIn):
    """Record an address the mail server could not deliver to; every mailing skips it.
    Permission: mailings.record_bounce (admins)."""
    require(request.user, "mailings.record_bounce")
    return Status(201, domain.record_bounce(email=payload.email, reason=payload.reason))


@router.get("/mailings/{mailing_id}", response={200: MailingOut, **ERRORS})
def get_mailing(request, response: HttpResponse, mailing_id: int = path_id("Mailing id")):
    """One mailing with its versions and delivery counts. Permission: mailings.view_mailing."""
    return with_etag(response, _mailing(request.user, mailing_id))


@router.patch("/mailings/{mailing_id}", response={200: MailingOut, **ERRORS})
@transaction.atomic
def update_mailing(
    request, response: HttpResponse, payload: MailingUpdate, mailing_id: int = path_id("Mailing id")
):
    """Change the fields given (null clears one; a required one is then refused, 422);
    `versions`, when given, replaces every language version. Permission:
    mailings.change_mailing; only a draft or scheduled mailing changes."""
    mailing = _mailing(request.user, mailing_id, "mailings.change_mailing")
    if_match(request, mailing)
    fields, versions = _fields(patch_values(payload), mailing)
    apply_patch(mailing, fields)
    domain.save_mailing(mailing=mailing, user=request.user, versions=versions)
    return with_etag(response, Mailing.objects.get(pk=mailing.pk))


@router.delete("/mailings/{mailing_id}", response=NO_CONTENT)
def delete_mailing(request, mailing_id: int = path_id("Mailing id")):
    """Delete a draft or scheduled mailing. Permission: mailings.delete_mailing."""
    domain.delete_mailing(mailing=_mailing(request.user, mailing_id, "mailings.delete_mailing"))
    return Status(204, None)


@router.get("/mailings/{mailing_id}/preview", response={200: PreviewOut, **ERRORS})
def preview_mailing(request, mailing_id: int = path_id("Mailing id")):
    """How many the segment reaches now, how many it leaves out, and the first 20 recipients.
    Permission: mailings.view_mailing."""
    segment = segment_of(_mailing(request.user, mailing_id))
    return {
        "count": len(segment.recipients),
        "unsubscribed": len(segment.unsubscribed),
        "bounced": len(segment.bounced),
        "first": segment.recipients[:PREVIEW_ROWS],
    }


@router.post("/mailings/{mailing_id}/test", response={200: TestOut, **ERRORS})
def test_mailing(request, mailing_id: int = path_id("Mailing id")):
    """Send every language version to the caller's own address. Permission:
    mailings.send_mailing."""
    mailing = _mailing(request.user, mailing_id, "mailings.send_mailing")
    return {"sent_to": sending.send_test(mailing=mailing, user=request.user)}


@router.post("/mailings/{mailing_id}/send", response={202: SendOut, **ERRORS})
def send_mailing(request, payload: SendIn, mailing_id: int = path_id("Mailing id")):
    """Send now (in the background) or at `when`. Permission: mailings.send_mailing."""
    mailing = _mailing(request.user, mailing_id, "mailings.send_mailing")
    if payload.when is not None and payload.when.tzinfo is None:
        raise ValidationError({"when": _("Give the time with its time zone.")})
    count = domain.queue_mailing(
        mailing=mailing, when=payload.when, base_url=request.build_absolute_uri("/")
    )
    mailing.refresh_from_db()
    return Status(202, {"recipients": count, "status": mailing.status})
