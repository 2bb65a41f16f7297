"""The verbs of matchmaking. Forms, API handlers, commands and the demo all call these.

Each verb validates with the model's rules (`full_clean`) and writes in one transaction.
Saving a profile embeds its text afterwards (only when the text changed) and marks the
in-process recommendation index stale.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterhub.common.progress import OnProgress
from clusterhub.common.saving import save
from clusterhub.common.saving import validate
from clusterhub.matchmaking import embedding
from clusterhub.matchmaking import index
from clusterhub.matchmaking.enums import OFFER_KINDS
from clusterhub.matchmaking.enums import CollaborationStatus
from clusterhub.matchmaking.enums import IntroductionStatus
from clusterhub.matchmaking.models import MAX_DESCRIPTION
from clusterhub.matchmaking.models import Collaboration
from clusterhub.matchmaking.models import Introduction
from clusterhub.matchmaking.models import Profile
from clusterhub.matchmaking.models import ValueChain
from clusterhub.matchmaking.models import ValueChainStage
from clusterhub.matchmaking.queries import DECLINE_QUIET_DAYS
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import Organisation


@dataclass
class Saved:
    """A saved object and what the user should be told about it (e.g. a capped text)."""

    obj: object
    notices: list[str] = field(default_factory=list)


def resolve_nace(codes: Iterable[str], *, field_name: str = "nace_codes") -> list[NaceCode]:
    """NACE codes by their code; unknown codes are a field error naming them."""
    wanted = [c.strip() for c in codes if c and c.strip()]
    found = NaceCode.objects.in_bulk(wanted)
    unknown = [c for c in wanted if c not in found]
    if unknown:
        raise ValidationError(
            {
                field_name: ngettext(
                    "Unknown NACE code: %(codes)s.", "Unknown NACE codes: %(codes)s.", len(unknown)
                )
                % {"codes": ", ".join(unknown)}
            }
        )
    return [found[c] for c in dict.fromkeys(wanted)]


def save_profile(
    *,
    profile: Profile,
    nace_codes: list[str] | None = None,
    user=None,
    embed: bool = True,
    background: bool = False,
) -> Saved:
    """Create or update a profile; a description past the cap is cut and the user told.

    Side effects: the text is embedded when it changed (unless `embed` is off, for a caller
    that embeds many profiles in one batch afterwards); the recommendation index goes stale.
    `background`: the embedding runs as a job after the commit (matchmaking/jobs.py) and the
    call returns at once; the profile page says recommendations are being updated meanwhile.
    """
    notices = []
    if profile.description and len(profile.description) > MAX_DESCRIPTION:
        profile.description = profile.description[:MAX_DESCRIPTION]
        notices.append(
            _("The description was cut to its first %(n)s characters.") % {"n": MAX_DESCRIPTION}
        )
    if profile.pk is None and user is not None and user.is_authenticated:
        profile.created_by = user
    with transaction.atomic():
        codes = None if nace_codes is None else resolve_nace(nace_codes)
        save(profile, None if codes is None else {"nace_codes": codes})
    if embed and background:
        index.invalidate()
        embed_later(profile=profile, user=user)
    elif embed:
        embed_profiles(profiles=[profile])
    else:
        index.invalidate()
    return Saved(profile, notices)


EMBED_JOB = "matchmaking.embed_profile"


def embed_job_key(profile_pk: int) -> str:
    return f"{EMBED_JOB}:{profile_pk}"


def embed_later(*, profile: Profile, user=None):
    """Start the job that embeds `profile` and refreshes recommendations; the job already
    waiting for it is enough (it reads the text when it runs). Returns the job."""
    from clusterhub.common.jobs import DuplicateJob
    from clusterhub.common.jobs import start_job

    try:
        return start_job(
            EMBED_JOB,
            owner=user if user is not None and user.is_authenticated else None,
            title=_("Updating recommendations for %(title)s") % {"title": profile.title},
            params={"profile": profile.pk},
            dedupe_key=embed_job_key(profile.pk),
        )
    except DuplicateJob as exc:
        return exc.job


def embed_profiles(
    *, profiles: Iterable[Profile], on_progress: OnProgress | None = None, batch: int = 32
) -> int:
    """Embed the profiles whose text or backend changed since their last embedding.

    `on_progress(done, total)` is called after each batch, counting the stale profiles.

    Returns how many were embedded; unchanged texts are skipped, so reloading the demo or
    running the command twice costs nothing.
    """
    name = embedding.backend()
    stale = [p for p in profiles if p.vector_model != name or p.text_hash != p.text_digest()]
    for start in range(0, len(stale), batch):
        chunk = stale[start : start + batch]
        vectors, name = embedding.embed(
            [p.text() for p in chunk], queries=[p.kind not in OFFER_KINDS for p in chunk]
        )
        for p, vec in zip(chunk, vectors, strict=True):
            p.vector, p.vector_model, p.text_hash = embedding.to_bytes(vec), name, p.text_digest()
            Profile.objects.filter(pk=p.pk).update(
                vector=p.vector, vector_model=name, text_hash=p.text_hash
            )
        if on_progress is not None:
            on_progress(start + len(chunk), len(stale))
    if stale:
        index.invalidate()
    return len(stale)


@transaction.atomic
def delete_profile(*, profile: Profile) -> None:
    profile.delete()
    index.invalidate()


def request_introduction(
    *,
    requester: Organisation,
    target: Organisation | None = None,
    profile: Profile | None = None,
    user=None,
    message: str = "",
) -> tuple[Introduction, bool]:
    """Ask to be introduced to an organisation (or a profile's owner). Returns (it, created).

    Repeating an open request returns the existing one; asking again within 90 days of a
    decline is refused, as is an introduction to yourself.
    """
    if profile is not None:
        target = profile.organisation
    if target is None:
        raise ValidationError({"target": _("Say whom you want to be introduced to.")})
    if target.pk == requester.pk:
        raise ValidationError({"target": _("An organisation cannot be introduced to itself.")})
    with transaction.atomic():
        pair = Introduction.objects.select_for_update().filter(requester=requester, target=target)
        open_one = pair.filter(
            status__in=[
                IntroductionStatus.REQUESTED,
                IntroductionStatus.FORWARDED,
                IntroductionStatus.ACCEPTED,
            ],
            profile=profile,
        ).first()
        if open_one is not None:
            return open_one, False
        declined = (
            Introduction.objects.filter(
                requester__in=[requester, target],
                target__in=[requester, target],
                status=IntroductionStatus.DECLINED,
                decided_at__gte=timezone.now() - timedelta(days=DECLINE_QUIET_DAYS),
            )
            .order_by("-decided_at")
            .first()
        )
        if declined is not None:
            again = declined.decided_at + timedelta(days=DECLINE_QUIET_DAYS)
            raise ValidationError(
                {
                    "target": _(
                        "This introduction was declined recently; you may ask again from %(date)s."
                    )
                    % {"date": date_format(timezone.localtime(again).date())}
                }
            )
        intro = Introduction(
            requester=requester,
            target=target,
            profile=profile,
            requested_by=user if user is not None and user.is_authenticated else None,
            message=(message or "")[:2000],
        )
        save(intro)
    return intro, True


@transaction.atomic
def forward_introduction(*, introduction: Introduction, user) -> Introduction:
    """The cluster manager passes a request about an anonymous profile on to its owner."""
    if not introduction.needs_forwarding:
        raise ValidationError(_("This introduction does not wait for forwarding."))
    introduction.status = IntroductionStatus.FORWARDED
    introduction.forwarded_by = user
    introduction.save(update_fields=["status", "forwarded_by", "updated_at"])
    return introduction


def decide_introduction(
    *, introduction: Introduction, accept: bool, user=None
) -> Collaboration | None:
    """Accept (a collaboration starts, status exploring) or decline (quiet for 90 days)."""
    if introduction.status not in (IntroductionStatus.REQUESTED, IntroductionStatus.FORWARDED):
        raise ValidationError(_("This introduction has already been decided."))
    if introduction.needs_forwarding:
        raise ValidationError(_("The cluster manager has not forwarded this introduction yet."))
    with transaction.atomic():
        introduction.status = IntroductionStatus.ACCEPTED if accept else IntroductionStatus.DECLINED
        introduction.decided_at = timezone.now()
        introduction.save(update_fields=["status", "decided_at", "updated_at"])
        if not accept:
            return None
        title = (
            introduction.profile.title
            if introduction.profile
            else _("%(a)s and %(b)s")
            % {"a": introduction.requester.name, "b": introduction.target.name}
        )
        collaboration = Collaboration(
            title=title[:200], introduction=introduction, status=CollaborationStatus.EXPLORING
        )
        save(collaboration, {"partners": [introduction.requester, introduction.target]})
    return collaboration


def save_collaboration(
    *, collaboration: Collaboration, partners: list[Organisation] | None = None
) -> Collaboration:
    """Create or update a collaboration; it needs at least two partners."""

    def two_partners() -> None:
        if len({p.pk for p in partners}) < 2:
            raise ValidationError({"partners": _("A collaboration needs at least two partners.")})

    if partners is None:
        return save(collaboration)
    return save(collaboration, {"partners": partners}, checks=(two_partners,))


def _read_stages(stages: list[tuple[str, list[str]]]) -> list[tuple[str, list[NaceCode]]]:
    """Stages given as (name, NACE codes), each with a name and a code that exists."""
    if not stages:
        raise ValidationError({"stages": _("A value chain needs at least one stage.")})
    read = []
    for name, codes in stages:
        if not name.strip():
            raise ValidationError({"stages": _("Every stage needs a name.")})
        if not codes:
            raise ValidationError(
                {"stages": _("Stage %(name)s needs a NACE code.") % {"name": name}}
            )
        read.append((name.strip()[:120], resolve_nace(codes, field_name="stages")))
    return read


@transaction.atomic
def save_value_chain(
    *, chain: ValueChain, stages: list[tuple[str, list[str]]] | None = None
) -> ValueChain:
    """Create or update a value chain; given stages (name, NACE codes) replace the old ones."""
    if stages is None:
        return save(chain)
    (read,) = validate(chain, lambda: _read_stages(stages))
    chain.save()  # validated with its stages just above
    chain.stages.all().delete()
    for position, (name, codes) in enumerate(read, start=1):
        stage = ValueChainStage.objects.create(chain=chain, position=position, name=name)
        stage.nace_codes.set(codes)
    return chain


def parse_stage_lines(text: str) -> list[tuple[str, list[str]]]:
    """'Stage name: 10.51, 49.41' per line, as typed in the form."""
    stages = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if ":" not in line:
            raise ValidationError(
                {"stages": _("Write each stage as 'name: NACE codes' (%(line)s).") % {"line": line}}
            )
        name, codes = line.split(":", 1)
        stages.append((name.strip(), [c.strip() for c in codes.split(",") if c.strip()]))
    return stages


@transaction.atomic
def record_event_agreement(
    *,
    organisation: Organisation | None,
    partners: Iterable[Organisation],
    event_id: int,
    event_title: str,
    agreements: int,
    notes: str,
) -> list[Collaboration]:
    """A participant's six-month follow-up says B2B meetings at an event led to agreements.

    Called by the events area (above matchmaking) with plain data: the participant's
    organisation (None: nothing to record), the organisations they met in scheduled meetings,
    and what they reported. The follow-up does not say which meeting partner agreed, so each
    other organisation met becomes (once) a collaboration in status 'exploring', with a note of
    what was reported, for the cluster team to confirm. Side effect: collaborations created.
    """
    mine = organisation
    if mine is None:
        return []
    others = {p.pk: p for p in partners if p.pk != mine.pk}
    created = []
    for partner in others.values():
        title = _("%(a)s and %(b)s after %(event)s") % {
            "a": mine.name,
            "b": partner.name,
            "event": event_title,
        }
        exists = (
            Collaboration.objects.filter(title=title, partners=mine)
            .filter(partners=partner)
            .exists()
        )
        if exists:
            continue
        note = ngettext(
            "Reported in the six-month follow-up of %(event)s: %(n)s agreement from B2B "
            "meetings there. %(notes)s",
            "Reported in the six-month follow-up of %(event)s: %(n)s agreements from B2B "
            "meetings there. %(notes)s",
            agreements,
        ) % {"event": event_title, "n": agreements, "notes": notes}
        created.append(
            save_collaboration(
                collaboration=Collaboration(
                    title=title[:200], notes=note.strip(), origin_event_id=event_id
                ),
                partners=[mine, partner],
            )
        )
    return created
