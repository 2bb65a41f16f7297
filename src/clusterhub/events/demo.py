"""Events demo: the 5FOREXCELLENCE experience-sharing workshops and its international conference.

One workshop in each partner's home city (2016-2017), then the conference in Rīga with an agenda
and a B2B session scheduled by the optimiser. Registrations come from the demo logins and from
guest participants ("guest-NN", with a person at a member organisation). Everything is written
through the domain verbs with `now` set inside each registration window; an event that exists
(by title) is left as it is, so a second run adds nothing.
"""

import datetime as dt
import random
import zoneinfo

from django.utils.translation import gettext as _

from clusterhub.accounts.models import User
from clusterhub.events import domain
from clusterhub.events.enums import RegistrationStatus
from clusterhub.events.models import Event
from clusterhub.events.models import Question
from clusterhub.events.models import Session
from clusterhub.registry.demo.data import DEMO_PASSWORD
from clusterhub.registry.domain import save_person
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person
from clusterhub.registry.models import Programme

GUESTS = 36
DEMO_LOGINS = ("manager", "staff", "member", "expert", "observer", "foodmanager", "coordinator")
FIRST = ("Anna", "Jānis", "Kadri", "Lars", "Ilze", "Mart", "Sofia", "Edgars", "Liis", "Erik")
LAST = ("Bērziņa", "Kask", "Lindqvist", "Ozols", "Tamm", "Nyström", "Kalniņa", "Saar", "Öberg")

# (cluster acronym, title, local start, timezone, venue, capacity)
WORKSHOPS = (
    (
        "LITC",
        "Cluster management excellence: kick-off workshop",
        dt.datetime(2016, 4, 14, 10),
        "Europe/Riga",
        "Teikums",
        20,
    ),
    (
        "EE-ICT",
        "Services for cluster members: experience-sharing workshop",
        dt.datetime(2016, 9, 22, 10),
        "Europe/Tallinn",
        "Tehnopol Science Park",
        20,
    ),
    (
        "NETPORT",
        "Cross-industry value chains: experience-sharing workshop",
        dt.datetime(2016, 11, 17, 9),
        "Europe/Stockholm",
        "NetPort Science Park",
        12,
    ),
    (
        "HAV-FOOD",
        "Food, logistics and IT: experience-sharing workshop",
        dt.datetime(2017, 2, 9, 10),
        "Europe/Riga",
        "Cēsis Concert Hall",
        20,
    ),
    (
        "LLA-LOG",
        "Cluster strategy: experience-sharing workshop",
        dt.datetime(2017, 4, 6, 10),
        "Europe/Riga",
        "Freeport of Rīga, conference room",
        20,
    ),
)
CONFERENCE = "5FOREXCELLENCE international conference: cross-industry value chains"

# What the host cluster writes in its own language beside the English original (the conference,
# for an audience from all three countries, in all of them).
_WORKSHOP_LV = "5FOREXCELLENCE klasteru pieredzes apmaiņas darbnīca."
_WORKSHOP_ET = "5FOREXCELLENCE klastrite kogemuste vahetamise töötuba."
_WORKSHOP_SV = "Workshop för erfarenhetsutbyte mellan 5FOREXCELLENCE-klustren."
LOCAL_TEXTS = {
    WORKSHOPS[0][1]: {
        "title_lv": "Klasteru vadības izcilība: ievada darbnīca",
        "description_lv": _WORKSHOP_LV,
    },
    WORKSHOPS[1][1]: {
        "title_et": "Teenused klastri liikmetele: kogemuste vahetamise töötuba",
        "description_et": _WORKSHOP_ET,
    },
    WORKSHOPS[2][1]: {
        "title_sv": "Branschöverskridande värdekedjor: workshop för erfarenhetsutbyte",
        "description_sv": _WORKSHOP_SV,
    },
    WORKSHOPS[3][1]: {
        "title_lv": "Pārtika, loģistika un IT: pieredzes apmaiņas darbnīca",
        "description_lv": _WORKSHOP_LV,
    },
    WORKSHOPS[4][1]: {
        "title_lv": "Klastera stratēģija: pieredzes apmaiņas darbnīca",
        "description_lv": _WORKSHOP_LV,
    },
    CONFERENCE: {
        "title_lv": "5FOREXCELLENCE starptautiskā konference: starpnozaru vērtību ķēdes",
        "title_et": "5FOREXCELLENCE rahvusvaheline konverents: valdkondadeülesed väärtusahelad",
        "title_sv": "5FOREXCELLENCE internationell konferens: branschöverskridande värdekedjor",
        "description_lv": (
            "Programmas starptautiskā konference: klasteru vadības novērtējuma rezultāti, "
            "jauni pakalpojumi un B2B tikšanās starp biedriem."
        ),
        "description_et": (
            "Programmi rahvusvaheline konverents: klastrite juhtimise hindamise tulemused, "
            "uued teenused ja B2B-kohtumised liikmete vahel."
        ),
        "description_sv": (
            "Programmets internationella konferens: resultaten av bedömningen av klustrens "
            "ledning, nya tjänster och B2B-möten mellan medlemmarna."
        ),
    },
}


def _local(value: dt.datetime, tz: str) -> dt.datetime:
    return value.replace(tzinfo=zoneinfo.ZoneInfo(tz))


def _guests(organisations: list[Organisation]) -> list[User]:
    rng = random.Random(5)
    users = []
    for i in range(1, GUESTS + 1):
        username = f"guest-{i:02d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=f"{username}@clusterhub.example")
            user.first_name, user.last_name = rng.choice(FIRST), rng.choice(LAST)
            user.set_password(DEMO_PASSWORD)
            user.save()
            save_person(
                person=Person(
                    user=user,
                    organisation=organisations[i % len(organisations)],
                    first_name=user.first_name,
                    last_name=user.last_name,
                    email=user.email,
                )
            )
        users.append(user)
    return users


def _register(event: Event, users: list[User], *, answers=None) -> list:
    when = event.registration_opens + dt.timedelta(hours=1)
    regs = []
    for user in users:
        if not event.registrations.filter(user=user).exists():
            regs.append(domain.register(event=event, user=user, answers=answers or {}, now=when))
    return regs


def load_demo() -> None:
    programme = Programme.objects.filter(acronym="5FOREXCELLENCE").first()
    if programme is None:
        return
    clusters = {c.acronym: c for c in Cluster.objects.filter(programmes=programme)}
    organisations = list(
        Organisation.objects.filter(memberships__cluster__in=clusters.values()).distinct()[:40]
    )
    if not organisations or len(clusters) < 5:
        return
    logins = list(User.objects.filter(username__in=DEMO_LOGINS))
    guests = _guests(organisations)
    for acronym, title, start, tz, venue, capacity in WORKSHOPS:
        if Event.objects.filter(title=title).exists():
            continue
        _workshop(clusters, acronym, title, _local(start, tz), tz, venue, capacity, logins, guests)
    if not Event.objects.filter(title=CONFERENCE).exists():
        _conference(programme, logins, guests)


def _workshop(clusters, acronym, title, start, tz, venue, capacity, logins, guests) -> None:
    cluster = clusters[acronym]
    event = domain.save_event(
        event=Event(
            title=title,
            **LOCAL_TEXTS[title],
            kind="workshop",
            cluster=cluster,
            description=_("Experience-sharing workshop of the 5FOREXCELLENCE clusters."),
            starts_at=start,
            ends_at=start + dt.timedelta(hours=7),
            timezone=tz,
            venue=venue,
            city=cluster.city,
            capacity=capacity,
            registration_opens=start - dt.timedelta(days=40),
            registration_closes=start - dt.timedelta(days=2),
            audience="members",
            language="en",
        ),
        audience_clusters=list(clusters.values()),
    )
    diet = domain.save_question(
        question=Question(event=event, label=_("Dietary needs"), position=1)
    )
    agenda = (
        (0, 60, _("Welcome and programme overview"), "Hall"),
        (60, 150, _("Host cluster: lessons learnt"), "Hall"),
        (210, 90, _("Peer exchange in small groups"), "Room 2"),
        (300, 60, _("Wrap-up and next steps"), "Hall"),
    )
    for offset, minutes, session_title, room in agenda:
        begin = start + dt.timedelta(minutes=offset)
        domain.save_session(
            session=Session(
                event=event,
                title=session_title,
                starts_at=begin,
                ends_at=begin + dt.timedelta(minutes=minutes),
                room=room,
            )
        )
    # More people than places: the last ones wait, one cancellation promotes the first of them.
    regs = _register(event, logins + guests[: capacity + 3], answers={str(diet.pk): ""})
    domain.cancel_registration(
        registration=regs[-capacity], now=event.registration_opens + dt.timedelta(days=3)
    )
    for reg in regs:
        reg.refresh_from_db()
        if reg.status == RegistrationStatus.CONFIRMED:
            domain.check_in(registration=reg, now=start)
    rng = random.Random(event.pk)
    for reg in regs[::2]:
        if reg.status == RegistrationStatus.CONFIRMED:
            domain.submit_feedback(
                registration=reg,
                overall=rng.choice((4, 4, 5, 5, 3)),
                content=rng.choice((3, 4, 5)),
                organisation=rng.choice((4, 5)),
                now=start + dt.timedelta(hours=8),
            )


def _conference(programme, logins, guests) -> None:
    tz = "Europe/Riga"
    start = _local(dt.datetime(2017, 5, 18, 9), tz)
    event = domain.save_event(
        event=Event(
            title=CONFERENCE,
            **LOCAL_TEXTS[CONFERENCE],
            kind="conference",
            programme=programme,
            description=_(
                "The programme's international conference: results of the clusters' "
                "management evaluation, new services, and B2B meetings between members."
            ),
            starts_at=start,
            ends_at=start + dt.timedelta(hours=9),
            timezone=tz,
            venue="Radisson Blu Latvija Conference Centre",
            city="Rīga",
            capacity=40,
            registration_opens=start - dt.timedelta(days=60),
            registration_closes=start - dt.timedelta(days=3),
            audience="public",
            b2b_enabled=True,
            meeting_minutes=20,
            b2b_tables=8,
            b2b_cap=6,
            request_expiry_hours=96,
        )
    )
    _conference_agenda(event, start)
    regs = _register(event, logins + guests)  # 43 people for 40 places: 3 wait
    slots = domain.add_slots(
        event=event, starts_at=start + dt.timedelta(hours=4), count=12, gap_minutes=0
    )
    rng = random.Random(2017)
    confirmed = [r for r in regs if r.status == RegistrationStatus.CONFIRMED]
    b2b = confirmed[:30]
    for reg in b2b:
        org = reg.organisation
        domain.opt_in(
            registration=reg,
            profile=_("%(org)s: looking for partners along the food-logistics-IT chain.")
            % {"org": org.name if org else reg.display_name},
            slots=sorted(rng.sample(slots, 9), key=lambda s: s.starts_at),
        )
    _meeting_requests(event, b2b, rng)
    domain.expire_requests(event=event, now=start)
    domain.schedule_meetings(event=event, time_limit=5)
    domain.publish_schedule(event=event)
    # On the day, most confirmed participants arrive.
    for reg in confirmed:
        if rng.random() < 0.9:
            domain.check_in(registration=reg, now=start - dt.timedelta(minutes=30))


def _conference_agenda(event: Event, start: dt.datetime) -> None:
    speakers = list(Person.objects.filter(user__username__in=("coordinator", "expert", "manager")))
    talks = (
        (0, 45, _("Opening: five clusters, one value chain"), "Plenary", speakers[:1]),
        (45, 60, _("What the cluster evaluations showed"), "Plenary", speakers[1:2]),
        (120, 60, _("New services for cluster members"), "Room A", speakers[2:3]),
        (120, 60, _("Food, logistics and IT: case studies"), "Room B", []),
        (480, 60, _("Closing panel"), "Plenary", speakers),
    )
    for offset, minutes, title, room, who in talks:
        begin = start + dt.timedelta(minutes=offset)
        domain.save_session(
            session=Session(
                event=event,
                title=title,
                starts_at=begin,
                ends_at=begin + dt.timedelta(minutes=minutes),
                room=room,
            ),
            speakers=who,
        )


def _meeting_requests(event: Event, b2b: list, rng: random.Random) -> None:
    """90 requests between B2B participants, most answered, most of those accepted."""
    when = event.registration_opens + dt.timedelta(days=5)
    pairs = set()
    while len(pairs) < 90:
        a, b = rng.sample(b2b, 2)
        if (a.pk, b.pk) in pairs or (b.pk, a.pk) in pairs:
            continue
        pairs.add((a.pk, b.pk))
        request = domain.send_meeting_request(
            sender=a,
            receiver=b,
            message=_("Shall we talk about working together?"),
            priority=rng.choice((1, 1, 2, 3)),
            now=when,
        )
        if rng.random() < 0.8:
            domain.answer_meeting_request(
                request=request, accept=rng.random() < 0.85, now=when + dt.timedelta(hours=5)
            )
