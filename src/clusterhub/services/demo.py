"""Demo services for the five 5FOREXCELLENCE clusters, built through the domain verbs on top of
the registry demo (idempotent: what exists is found by cluster and name and left alone).

Each cluster gets a portfolio (active services with uptake and satisfaction, one retired), a
closed needs survey from the template answered by its members (the LITC member representative
signed in, the others through one-time links), and two services moving through the pipeline with
expert guidance and a decision log. Members rate some categories the cluster has no active
service for as important, so the gap analysis names new services.
"""

import random
from datetime import date
from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from clusterhub.accounts.enums import Role
from clusterhub.accounts.models import RoleAssignment
from clusterhub.accounts.models import User
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Organisation
from clusterhub.services import domain
from clusterhub.services.enums import QuestionKind
from clusterhub.services.enums import ServiceStatus
from clusterhub.services.models import Service
from clusterhub.services.models import Survey

SURVEY_TITLE = "Member needs survey 2016"
RESPONSES = 8  # answers per cluster (the LITC member representative's among them)

# Category ratings members tend to give (1-5) per cluster; the rest hover around 3.
NEEDS = {
    "LITC": {"internationalisation": 4.6, "finance": 4.3, "innovation": 3.9, "networking": 4.2},
    "EE-ICT": {"innovation": 4.5, "training": 4.4, "finance": 3.8, "advocacy": 2.2},
    "NETPORT": {"infrastructure": 4.5, "internationalisation": 4.2, "networking": 4.0},
    "HAV-FOOD": {"finance": 4.5, "training": 4.1, "internationalisation": 4.0, "innovation": 3.7},
    "LLA-LOG": {"innovation": 4.3, "advocacy": 4.4, "information": 4.0, "training": 3.9},
}

# (name, category, price model, price, description, KPI)
ACTIVE = {
    "LITC": [
        (
            "IT market news digest",
            "information",
            "membership",
            None,
            "A monthly digest of market, technology and regulation news for IT companies.",
            "70 % of members open at least one digest a quarter",
        ),
        (
            "B2B matchmaking days",
            "networking",
            "free",
            None,
            "Two matchmaking days a year between IT companies and their customers.",
            "40 meetings a year",
        ),
        (
            "Cloud skills academy",
            "training",
            "fixed_fee",
            Decimal("150.00"),
            "Short courses in cloud architecture for members' developers.",
            "60 trained developers a year",
        ),
    ],
    "EE-ICT": [
        (
            "Digital policy watch",
            "advocacy",
            "membership",
            None,
            "Positions on digital policy drafted with members and sent to the ministry.",
            "4 position papers a year",
        ),
        (
            "ICT member breakfast",
            "networking",
            "free",
            None,
            "A monthly breakfast of members with a guest speaker.",
            "25 participants on average",
        ),
    ],
    "NETPORT": [
        (
            "Science park newsletter",
            "information",
            "free",
            None,
            "News of the science park and its companies.",
            "500 subscribers",
        ),
        (
            "Logistics and IT meet-ups",
            "networking",
            "membership",
            None,
            "Meet-ups between logistics companies and IT providers in Karlshamn.",
            "6 meet-ups a year",
        ),
        (
            "Innovation voucher desk",
            "innovation",
            "subsidised",
            Decimal("500.00"),
            "Help to apply for regional innovation vouchers.",
            "10 vouchers a year",
        ),
    ],
    "HAV-FOOD": [
        (
            "Food safety training",
            "training",
            "per_use",
            Decimal("60.00"),
            "HACCP and food safety courses for small producers.",
            "80 participants a year",
        ),
        (
            "Vidzeme food market days",
            "networking",
            "free",
            None,
            "Market days where producers meet retailers and restaurants.",
            "30 producers a year",
        ),
    ],
    "LLA-LOG": [
        (
            "Logistics regulation briefing",
            "information",
            "membership",
            None,
            "Quarterly briefings on transport and customs regulation.",
            "50 participants a quarter",
        ),
        (
            "Forwarders' network",
            "networking",
            "membership",
            None,
            "A network of freight forwarders that share loads and contacts.",
            "20 active members",
        ),
    ],
}
# The service's name and description as the cluster writes them in its own language, beside
# the English original.
LOCAL_TEXTS = {
    "IT market news digest": {
        "name_lv": "IT tirgus ziņu apskats",
        "description_lv": "Ikmēneša tirgus, tehnoloģiju un regulējuma ziņu apskats IT uzņēmumiem.",
    },
    "B2B matchmaking days": {
        "name_lv": "B2B sadarbības partneru meklēšanas dienas",
        "description_lv": "Divas dienas gadā, kurās IT uzņēmumi tiekas ar saviem klientiem.",
    },
    "Cloud skills academy": {
        "name_lv": "Mākoņtehnoloģiju prasmju akadēmija",
        "description_lv": "Īsi kursi mākoņarhitektūrā biedru izstrādātājiem.",
    },
    "Digital policy watch": {
        "name_et": "Digipoliitika seire",
        "description_et": "Liikmetega koostatud seisukohad digipoliitika kohta, mis saadetakse ministeeriumile.",
    },
    "ICT member breakfast": {
        "name_et": "IKT liikmete hommikusöök",
        "description_et": "Liikmete igakuine hommikusöök külalisesinejaga.",
    },
    "Science park newsletter": {
        "name_sv": "Nyhetsbrev från science parken",
        "description_sv": "Nyheter från science parken och dess företag.",
    },
    "Logistics and IT meet-ups": {
        "name_sv": "Träffar för logistik och IT",
        "description_sv": "Träffar mellan logistikföretag och IT-leverantörer i Karlshamn.",
    },
    "Innovation voucher desk": {
        "name_sv": "Hjälp med innovationscheckar",
        "description_sv": "Hjälp att söka regionala innovationscheckar.",
    },
    "Food safety training": {
        "name_lv": "Pārtikas drošuma mācības",
        "description_lv": "HACCP un pārtikas drošuma kursi maziem ražotājiem.",
    },
    "Vidzeme food market days": {
        "name_lv": "Vidzemes pārtikas tirgus dienas",
        "description_lv": "Tirgus dienas, kurās ražotāji tiekas ar mazumtirgotājiem un restorāniem.",
    },
    "Logistics regulation briefing": {
        "name_lv": "Loģistikas regulējuma apskats",
        "description_lv": "Reizi ceturksnī apskati par transporta un muitas regulējumu.",
    },
    "Forwarders' network": {
        "name_lv": "Ekspeditoru tīkls",
        "description_lv": "Kravu ekspeditoru tīkls, kas dalās ar kravām un kontaktiem.",
    },
}
RETIRED = {
    "LITC": ("Printed member directory", "information"),
    "EE-ICT": ("Telecom price comparison", "information"),
    "NETPORT": ("Shared meeting rooms", "infrastructure"),
    "HAV-FOOD": ("Joint trade fair stand 2014", "internationalisation"),
    "LLA-LOG": ("Truck parking map", "infrastructure"),
}
# Two ideas per cluster: the first reaches the pilot, the second the design stage.
PIPELINE = {
    "LITC": [
        ("Nordic export accelerator", "internationalisation"),
        ("EU funding clinic", "finance"),
    ],
    "EE-ICT": [("R&D partner finder", "innovation"), ("Data skills bootcamp", "training")],
    "NETPORT": [
        ("Test bed for port logistics", "infrastructure"),
        ("Baltic market entry missions", "internationalisation"),
    ],
    "HAV-FOOD": [
        ("Food start-up finance desk", "finance"),
        ("Export readiness coaching", "internationalisation"),
    ],
    "LLA-LOG": [
        ("Green logistics innovation lab", "innovation"),
        ("Road transport lobby group", "advocacy"),
    ],
}
GUIDANCE = (
    "Start with a pilot of five members who asked for it in the survey; measure use before "
    "setting a price.",
    "Peer clusters charge a small fee per use for this; a free first session lowers the barrier.",
)


def load_demo() -> None:
    """Build the services demo for each partner cluster that exists (idempotent)."""
    with transaction.atomic():
        for acronym in NEEDS:
            cluster = Cluster.objects.filter(acronym=acronym).first()
            if cluster is not None:
                _load_cluster(cluster)


def _team_user(cluster: Cluster) -> User:
    """The cluster's manager or staff, else the programme coordinator, else an admin."""
    assignment = (
        RoleAssignment.objects.filter(
            cluster=cluster, role__in=[Role.CLUSTER_MANAGER, Role.CLUSTER_STAFF]
        )
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    if assignment is not None:
        return assignment.user
    fallback = User.objects.filter(username="coordinator").first()
    return fallback or User.objects.filter(is_superuser=True).order_by("pk").first()


def _expert(cluster: Cluster, default: User) -> User:
    assignment = (
        RoleAssignment.objects.filter(cluster=cluster, role=Role.EXPERT)
        .select_related("user")
        .first()
    )
    return assignment.user if assignment else default


def _members(cluster: Cluster) -> list[Organisation]:
    return list(
        Organisation.objects.filter(memberships__cluster=cluster).distinct().order_by("name")
    )


def _load_cluster(cluster: Cluster) -> None:
    rng = random.Random(f"services-{cluster.acronym}")
    owner = _team_user(cluster)
    members = _members(cluster)
    for index, spec in enumerate(ACTIVE[cluster.acronym]):
        _active_service(cluster, owner, members, rng, index, *spec)
    _retired_service(cluster, owner, *RETIRED[cluster.acronym])
    _survey(cluster, owner, members, rng)
    for index, (name, category) in enumerate(PIPELINE[cluster.acronym]):
        _pipeline_service(cluster, owner, name, category, reach_pilot=index == 0)


def _active_service(
    cluster, owner, members, rng, index, name, category, price_model, price, description, kpi
) -> None:
    if Service.objects.filter(cluster=cluster, name=name).exists():
        return
    service = domain.save_service(
        service=Service(
            cluster=cluster,
            name=name,
            **LOCAL_TEXTS.get(name, {}),
            category=category,
            status=ServiceStatus.ACTIVE,
            description=description,
            owner=owner,
            target_org_types=["sme"],
            target_size_classes=["micro", "small", "medium"],
            resources="Cluster staff, 0.2 FTE; partners' speakers",
            price_model=price_model,
            price_eur=price,
            launch_date=date(2013 + index, 3, 1),
            success_kpi=kpi,
        )
    )
    # The second active service of each cluster disappoints its users, so the gap analysis
    # proposes to improve it where members need the category.
    low = index == 1
    for organisation in rng.sample(members, min(len(members), 5)):
        domain.record_uptake(
            service=service,
            organisation=organisation,
            used_on=date(2016, 1, 15) + timedelta(days=rng.randrange(0, 300)),
            satisfaction=rng.choice([2, 3, 3]) if low else rng.choice([4, 4, 5]),
            actor=owner,
        )


def _retired_service(cluster, owner, name, category) -> None:
    if Service.objects.filter(cluster=cluster, name=name).exists():
        return
    domain.save_service(
        service=Service(
            cluster=cluster,
            name=name,
            category=category,
            status=ServiceStatus.RETIRED,
            description="Retired: members stopped using it.",
            owner=owner,
            launch_date=date(2011, 1, 1),
            retired_on=date(2015, 12, 31),
        )
    )


def _survey(cluster, owner, members, rng) -> None:
    if Survey.objects.filter(cluster=cluster, title=SURVEY_TITLE).exists():
        return
    survey = domain.create_survey_from_template(cluster=cluster, actor=owner, title=SURVEY_TITLE)
    domain.open_survey(survey=survey)
    needs = NEEDS[cluster.acronym]
    questions = list(survey.questions.all())
    respondents = members[:RESPONSES]
    representative = (
        RoleAssignment.objects.filter(cluster=cluster, role=Role.MEMBER_REPRESENTATIVE)
        .select_related("user", "organisation")
        .first()
    )
    links = domain.issue_tokens(
        survey=survey,
        labels=[m.name for m in respondents[: RESPONSES - (1 if representative else 0)]],
    )
    for record, token in links:
        record.organisation = next((m for m in members if m.name == record.label), None)
        record.save(update_fields=["organisation"])
        domain.submit_response(survey=survey, answers=_answers(questions, needs, rng), token=token)
    if representative is not None:
        domain.submit_response(
            survey=survey,
            answers=_answers(questions, needs, rng),
            user=representative.user,
            organisation=representative.organisation,
        )
    survey.refresh_from_db()
    domain.close_survey(survey=survey)


def _answers(questions, needs: dict[str, float], rng: random.Random) -> dict[int, object]:
    answers: dict[int, object] = {}
    for q in questions:
        if q.kind == QuestionKind.RATING:
            centre = needs.get(q.category, 2.8)
            answers[q.pk] = max(1, min(5, round(centre + rng.uniform(-0.9, 0.9))))
        elif q.kind == QuestionKind.CHOICE:
            answers[q.pk] = rng.choice(q.choices)
        elif q.kind == QuestionKind.MULTIPLE:
            answers[q.pk] = rng.sample(q.choices, 2)
        elif rng.random() < 0.4:
            answers[q.pk] = "Help with public procurement tenders."
    return answers


def _pipeline_service(cluster, owner, name, category, *, reach_pilot: bool) -> None:
    if Service.objects.filter(cluster=cluster, name=name).exists():
        return
    expert = _expert(cluster, owner)
    service = domain.save_service(
        service=Service(cluster=cluster, name=name, category=category, owner=owner)
    )
    service.description = f"{name}: proposed after the member needs survey."
    domain.save_service(service=service)
    domain.move_service(
        service=service,
        to_status=ServiceStatus.DESIGN,
        actor=owner,
        reason="Members rated this need high in the survey; the gap analysis confirms it.",
    )
    domain.add_guidance(service=service, author=expert, text=GUIDANCE[0])
    if not reach_pilot:
        return
    service.refresh_from_db()
    service.target_org_types = ["sme"]
    service.target_size_classes = ["micro", "small"]
    service.resources = "Project manager 0.3 FTE; two mentors from partner clusters"
    service.price_model = "subsidised"
    service.price_eur = Decimal("100.00")
    service.launch_date = date(2017, 3, 1)
    service.success_kpi = "10 member SMEs take part in the first year"
    domain.save_service(service=service)
    domain.add_guidance(service=service, author=expert, text=GUIDANCE[1])
    domain.move_service(
        service=service,
        to_status=ServiceStatus.PILOT,
        actor=owner,
        reason="Plan approved by the board; pilot with five members in spring.",
    )
