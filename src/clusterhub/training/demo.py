"""Demo of the training area: the 5FOREXCELLENCE coordinator training of 2016-2017.

Built on the registry demo through the domain verbs, and idempotent: every object is found
again by its natural key (title, username, session) and left alone when it exists, so a second
run adds nothing. Certificates get fresh random codes on a fresh database only.
"""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.db import transaction

from clusterhub.accounts.domain import grant_role
from clusterhub.accounts.enums import Role
from clusterhub.accounts.models import User
from clusterhub.registry.demo.data import DEMO_PASSWORD
from clusterhub.registry.demo.data import PROGRAMME_ACRONYM
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Programme
from clusterhub.training import domain
from clusterhub.training.enums import Competence
from clusterhub.training.enums import Phase
from clusterhub.training.models import Attendance
from clusterhub.training.models import Certificate
from clusterhub.training.models import CompetenceRating
from clusterhub.training.models import Enrolment
from clusterhub.training.models import Feedback
from clusterhub.training.models import Module
from clusterhub.training.models import Session
from clusterhub.training.models import TrainingProgramme

TITLE = "Cluster management excellence for coordinators"
DESCRIPTION = (
    "Training of the partner clusters' coordinators by foreign cluster management experts, "
    "one of the activities of 5FOREXCELLENCE: six modules from strategy to cross-industry "
    "value chains, with a competence self-assessment at the start and at the end."
)
# The coordinators come from Latvia, Estonia and Sweden: the programme's texts are written in
# their languages too, beside the English original.
PROGRAMME_TEXTS = {
    "title_lv": "Klasteru vadības izcilība koordinatoriem",
    "title_et": "Klastrijuhtimise tipptase koordinaatoritele",
    "title_sv": "Framstående klusterledning för samordnare",
    "description_lv": (
        "Partneru klasteru koordinatoru apmācība, ko vada ārvalstu klasteru vadības eksperti; "
        "viena no 5FOREXCELLENCE aktivitātēm: seši moduļi no stratēģijas līdz starpnozaru "
        "vērtību ķēdēm, ar kompetenču pašnovērtējumu sākumā un beigās."
    ),
    "description_et": (
        "Partnerklastrite koordinaatorite koolitus välismaiste klastrijuhtimise ekspertide "
        "juhendamisel, üks 5FOREXCELLENCE'i tegevustest: kuus moodulit strateegiast "
        "valdkondadeüleste väärtusahelateni, pädevuse enesehindamisega alguses ja lõpus."
    ),
    "description_sv": (
        "Utbildning av partnerklustrens samordnare av utländska experter på klusterledning, "
        "en av aktiviteterna i 5FOREXCELLENCE: sex moduler från strategi till "
        "branschöverskridande värdekedjor, med en självskattning av kompetensen i början och i "
        "slutet."
    ),
}
MODULE_TEXTS = {
    "Cluster strategy and excellence": (
        "Klastera stratēģija un izcilība",
        "Klastri strateegia ja tipptase",
        "Klusterstrategi och spetskompetens",
    ),
    "Designing services for members": (
        "Pakalpojumu izstrāde biedriem",
        "Teenuste kavandamine liikmetele",
        "Att utforma tjänster för medlemmarna",
    ),
    "Financing the cluster management": (
        "Klastera vadības finansēšana",
        "Klastri juhtimise rahastamine",
        "Finansiering av klusterledningen",
    ),
    "Internationalisation and partnering": (
        "Internacionalizācija un partnerības",
        "Rahvusvahelistumine ja partnerlus",
        "Internationalisering och partnerskap",
    ),
    "Cross-industry value chains: food, logistics, IT": (
        "Starpnozaru vērtību ķēdes: pārtika, loģistika, IT",
        "Valdkondadeülesed väärtusahelad: toit, logistika, IT",
        "Branschöverskridande värdekedjor: livsmedel, logistik, IT",
    ),
    "Communication and member engagement": (
        "Komunikācija un biedru iesaiste",
        "Kommunikatsioon ja liikmete kaasamine",
        "Kommunikation och medlemsengagemang",
    ),
}
RIGA = ZoneInfo("Europe/Riga")
TRAINER = "expert"
CERTIFIED_ON = dt.date(2017, 6, 20)

# The programme's modules in order and their sessions; one row per line, read across.
# fmt: off
MODULES = (
    # title, competence, required for the certificate
    ("Cluster strategy and excellence", Competence.STRATEGY, True),
    ("Designing services for members", Competence.SERVICE_DEVELOPMENT, True),
    ("Financing the cluster management", Competence.FINANCING, False),
    ("Internationalisation and partnering", Competence.INTERNATIONALISATION, True),
    ("Cross-industry value chains: food, logistics, IT", Competence.CROSS_INDUSTRY, True),
    ("Communication and member engagement", Competence.COMMUNICATION, False),
)
SESSIONS = (
    # module title, session title, day, starting hour (Riga), hours, place, online link
    ("Cluster strategy and excellence", "Kick-off: the excellence journey", dt.date(2016, 4, 12), 10, 6, "Riga, Latvian IT Cluster", ""),
    ("Cluster strategy and excellence", "Benchmarking against the ECEI indicators", dt.date(2016, 5, 17), 9, 4, "", "https://meet.example.org/5fx-benchmarking"),
    ("Designing services for members", "From member needs to a service portfolio", dt.date(2016, 6, 8), 10, 6, "Tallinn, ITL office", ""),
    ("Financing the cluster management", "Fees, projects and public funding", dt.date(2016, 9, 20), 14, 3, "", "https://meet.example.org/5fx-financing"),
    ("Internationalisation and partnering", "International partnering and B2B events", dt.date(2016, 11, 15), 9, 7, "Karlshamn, NetPort Science Park", ""),
    ("Cross-industry value chains: food, logistics, IT", "Building value chains across sectors", dt.date(2017, 2, 22), 10, 6, "Valmiera, Vidzeme planning region", ""),
    ("Communication and member engagement", "Telling the cluster's story", dt.date(2017, 4, 26), 14, 3, "", "https://meet.example.org/5fx-communication"),
)
# fmt: on

# Extra coordinators so the cohort has the other partner clusters: (username, first, last,
# cluster acronym). They are cluster staff there.
COORDINATORS = (
    ("coord-eeict", "Kadri", "Mets", "EE-ICT"),
    ("coord-netport", "Elin", "Svensson", "NETPORT"),
    ("coord-llalog", "Andris", "Krūmiņš", "LLA-LOG"),
)
# Participants and the cluster they are enrolled for (None: the programme coordinator).
PARTICIPANTS = (
    ("manager", "LITC"),
    ("staff", "LITC"),
    ("foodmanager", "HAV-FOOD"),
    ("coordinator", None),
    *((username, acronym) for username, _f, _l, acronym in COORDINATORS),
)
# Who missed which required session (by title): they do not get a certificate.
MISSED = {("coord-llalog", "Building value chains across sectors")}
RATINGS = (5, 4, 4, 5, 3, 4, 5)
COMMENTS = (
    "Very practical, with examples from real clusters.",
    "Good exercises; I would like more time for discussion.",
    "The benchmarking part was an eye-opener for our team.",
    "",
)


def load_demo() -> None:
    """Create the coordinator training demo (idempotent, one transaction)."""
    programme = Programme.objects.filter(acronym=PROGRAMME_ACRONYM).first()
    trainer = User.objects.filter(username=TRAINER).first()
    if programme is None or trainer is None:
        raise RuntimeError("Load the registry demo first (clusterhub demo).")
    with transaction.atomic():
        _load_coordinators()
        tp = _load_programme(programme)
        sessions = _load_modules(tp, trainer)
        enrolments = _load_enrolments(tp)
        _load_attendance(sessions, enrolments)
        _load_self_assessments(tp, enrolments)
        _load_feedback(sessions, enrolments)
        _load_certificates(enrolments)


def _load_coordinators() -> None:
    for username, first, last, acronym in COORDINATORS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@clusterhub.example",
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        grant_role(user=user, role=Role.CLUSTER_STAFF, cluster=Cluster.objects.get(acronym=acronym))


def _load_programme(programme: Programme) -> TrainingProgramme:
    tp = TrainingProgramme.objects.filter(title=TITLE, programme=programme).first()
    if tp is None:
        tp = domain.save_training_programme(
            training_programme=TrainingProgramme(
                title=TITLE, description=DESCRIPTION, programme=programme, **PROGRAMME_TEXTS
            )
        )
    return tp


def _load_modules(tp: TrainingProgramme, trainer: User) -> list[Session]:
    sessions = []
    for order, (title, competence, required) in enumerate(MODULES, start=1):
        module = tp.modules.filter(title=title).first() or domain.save_module(
            module=Module(
                training_programme=tp,
                title=title,
                **dict(zip(("title_lv", "title_et", "title_sv"), MODULE_TEXTS[title], strict=True)),
                competence=competence,
                order=order,
                required=required,
            )
        )
        planned = [row[1:] for row in SESSIONS if row[0] == title]
        for s_title, day, hour, hours, place, link in planned:
            session = module.sessions.filter(title=s_title).first()
            if session is None:
                starts = dt.datetime(day.year, day.month, day.day, hour, tzinfo=RIGA)
                session = domain.save_session(
                    session=Session(
                        module=module,
                        title=s_title,
                        starts_at=starts,
                        ends_at=starts + dt.timedelta(hours=hours),
                        place=place,
                        online_url=link,
                        trainer=trainer,
                    )
                )
            sessions.append(session)
    return sessions


def _load_enrolments(tp: TrainingProgramme) -> list[Enrolment]:
    enrolments = []
    for username, acronym in PARTICIPANTS:
        user = User.objects.get(username=username)
        enrolment = tp.enrolments.filter(user=user).first()
        if enrolment is None:
            cluster = Cluster.objects.get(acronym=acronym) if acronym else None
            enrolment = domain.enrol(training_programme=tp, user=user, cluster=cluster)
        enrolments.append(enrolment)
    return enrolments


def _load_attendance(sessions: list[Session], enrolments: list[Enrolment]) -> None:
    for session in sessions:
        for enrolment in enrolments:
            if Attendance.objects.filter(session=session, enrolment=enrolment).exists():
                continue
            present = (enrolment.user.username, session.title) not in MISSED
            # Optional sessions: not everybody came.
            if not session.is_required and enrolment.pk % 3 == 0:
                present = False
            domain.record_attendance(session=session, enrolment=enrolment, present=present)


def _load_self_assessments(tp: TrainingProgramme, enrolments: list[Enrolment]) -> None:
    competences = [m.competence for m in tp.modules.all()]
    for enrolment in enrolments:
        if CompetenceRating.objects.filter(enrolment=enrolment).exists():
            continue
        rng = random.Random(f"5fx-self-assessment-{enrolment.user.username}")  # noqa: S311 (demo data)
        before = {c: rng.randint(1, 3) for c in competences}
        after = {c: min(5, score + rng.choice((0, 1, 1, 2))) for c, score in before.items()}
        domain.record_self_assessment(enrolment=enrolment, phase=Phase.BEFORE, scores=before)
        domain.record_self_assessment(enrolment=enrolment, phase=Phase.AFTER, scores=after)


def _load_feedback(sessions: list[Session], enrolments: list[Enrolment]) -> None:
    for s_index, session in enumerate(sessions):
        for e_index, enrolment in enumerate(enrolments):
            attended = Attendance.objects.filter(
                session=session, enrolment=enrolment, present=True
            ).exists()
            given = Feedback.objects.filter(session=session, enrolment=enrolment).exists()
            if not attended or given or (s_index + e_index) % 2:
                continue
            domain.give_feedback(
                session=session,
                enrolment=enrolment,
                rating=RATINGS[(s_index * 3 + e_index) % len(RATINGS)],
                comment=COMMENTS[(s_index + e_index) % len(COMMENTS)],
            )


def _load_certificates(enrolments: list[Enrolment]) -> None:
    issuer = User.objects.filter(username="coordinator").first()
    for enrolment in enrolments:
        if Certificate.objects.filter(enrolment=enrolment).exists():
            continue
        if any(enrolment.user.username == u for u, _s in MISSED):
            continue
        domain.issue_certificate(enrolment=enrolment, issued_by=issuer, issued_on=CERTIFIED_ON)
