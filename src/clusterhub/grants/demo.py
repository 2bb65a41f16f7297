"""The 5FOREXCELLENCE project: the real grant figures (DOMAIN.md §1) with an invented but
plausible budget split, expenditure, work plan and news. Idempotent: run after the registry demo,
it builds the project once, through the domain verbs, in one transaction.

Invented for the demo: the grant agreement number, each partner's share and category split, every
expenditure, the work plan's months and the news text.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from clusterhub.core import grant_money
from clusterhub.grants import domain
from clusterhub.grants.enums import CostCategory
from clusterhub.grants.enums import DeliverableStatus
from clusterhub.grants.enums import Dissemination
from clusterhub.grants.enums import PartnerRole
from clusterhub.grants.models import Deliverable
from clusterhub.grants.models import Expenditure
from clusterhub.grants.models import Milestone
from clusterhub.grants.models import NewsArticle
from clusterhub.grants.models import Project
from clusterhub.grants.models import ReportingPeriod
from clusterhub.grants.models import Task
from clusterhub.grants.models import WorkPackage
from clusterhub.registry.demo.data import PARTNERS
from clusterhub.registry.demo.data import PROGRAMME_ACRONYM
from clusterhub.registry.demo.data import PROGRAMME_NAME
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Programme
from clusterhub.strategy.models import Strategy
from clusterhub.training.models import TrainingProgramme

TOTAL = Decimal("249415.52")
GRANT = Decimal("236944.25")
START = date(2016, 1, 1)
RATE = Decimal("7.00")

# Agreed shares (demo), in the order of PARTNERS: LITC (lead), NetPort, ITL, Vidzeme, LLA.
# The last partner takes the remainder so that the shares add up to the total exactly.
SHARES = (Decimal("68412.36"), Decimal("47905.20"), Decimal("44318.75"), Decimal("45226.40"))
# How each partner's direct costs split over the categories (the rest is other direct costs).
SPLIT = {
    CostCategory.STAFF: Decimal("0.60"),
    CostCategory.TRAVEL: Decimal("0.15"),
    CostCategory.SUBCONTRACTING: Decimal("0.15"),
    CostCategory.EQUIPMENT: Decimal("0.02"),
}

WORK_PACKAGES = (
    # number, title, lead partner key, start month, end month
    (1, "Project management and coordination", "litc", 1, 18),
    (2, "Cluster management evaluation and training of cluster coordinators", "netport", 1, 9),
    (3, "New and improved services for cluster members", "itl", 4, 15),
    (4, "Experience-sharing workshops and international conference", "lla", 3, 18),
    (5, "Cluster management excellence strategy", "vpr", 9, 18),
    (6, "Cross-industry cooperation: food, logistics and IT value chains", "litc", 6, 18),
)
# Data tables keep one row per line, however long: a row is read across, not down.
# fmt: off
DELIVERABLES = (
    # wp, then the deliverable's DELIVERABLE_FIELDS
    (1, "D1.1", "Project handbook and quality plan", 2, date(2016, 2, 26), Dissemination.CONFIDENTIAL),
    (1, "D1.2", "Final project report", 18, date(2017, 6, 30), Dissemination.CONFIDENTIAL),
    (2, "D2.1", "Cluster management evaluation reports of the five clusters", 6, date(2016, 6, 30), Dissemination.CONFIDENTIAL),
    (2, "D2.2", "Training programme for cluster coordinators", 9, date(2016, 9, 29), Dissemination.PUBLIC),
    (3, "D3.1", "Service development plans of the clusters", 12, date(2017, 1, 10), Dissemination.PUBLIC),
    (4, "D4.1", "Experience-sharing workshop reports", 12, date(2016, 12, 20), Dissemination.PUBLIC),
    (4, "D4.2", "International conference proceedings", 16, date(2017, 4, 28), Dissemination.PUBLIC),
    (5, "D5.1", "Cluster management excellence strategy", 17, date(2017, 5, 31), Dissemination.PUBLIC),
    (6, "D6.1", "Cross-industry value chain pilots", 18, date(2017, 6, 28), Dissemination.PUBLIC),
)
# Every partner's purchases: day, category, share of the line, description.
PURCHASES = (
    (date(2016, 2, 10), CostCategory.EQUIPMENT, Decimal("0.85"), "Laptop for the project manager (depreciation share)"),
    (date(2016, 11, 30), CostCategory.OTHER, Decimal("0.6"), "Printing and dissemination material"),
)
# fmt: on
DELIVERABLE_FIELDS = ("number", "title", "due_month", "actual_date", "dissemination")
MILESTONES = (
    # the milestone's MILESTONE_FIELDS, then its wp
    ("M1", "Kick-off meeting held", 1, date(2016, 1, 21), 1),
    ("M2", "Evaluation of the five clusters completed", 6, date(2016, 6, 30), 2),
    ("M3", "International conference held", 16, date(2017, 4, 20), 4),
    ("M4", "Strategy adopted by the consortium", 18, date(2017, 6, 15), 5),
)
MILESTONE_FIELDS = ("number", "title", "due_month", "actual_date")
# (partner key, category, share of the line to spend) lines brought close to their limit.
NEAR_LIMIT = {
    ("litc", CostCategory.TRAVEL): Decimal("0.94"),
    ("netport", CostCategory.SUBCONTRACTING): Decimal("0.97"),
}


def shares() -> list[Decimal]:
    """Partner shares adding up to TOTAL, each reachable as direct + 7 % flat rate to the cent."""
    values = [*SHARES, TOTAL - sum(SHARES)]
    # Move a cent from the last partner to an earlier one until every share is reachable.
    for i in range(len(values)):
        while grant_money.direct_for_total(values[i], rate_percent=RATE) is None:
            values[i] += Decimal("0.01")
            values[-1] -= Decimal("0.01")
    if grant_money.direct_for_total(values[-1], rate_percent=RATE) is None:
        values[0] -= Decimal("0.01")
        values[-1] += Decimal("0.01")
    return values


def lines_for(share: Decimal) -> dict[str, Decimal]:
    direct = grant_money.direct_for_total(share, rate_percent=RATE).direct
    lines = {c: grant_money.cents(direct * f) for c, f in SPLIT.items()}
    lines[CostCategory.OTHER] = direct - sum(lines.values())
    return lines


def load_demo() -> None:
    """Build the demo project unless it exists (the registry demo must be loaded)."""
    if Project.objects.filter(acronym=PROGRAMME_ACRONYM).exists():
        return
    programme = Programme.objects.filter(acronym=PROGRAMME_ACRONYM).first()
    if programme is None:
        return
    with transaction.atomic():
        _build(programme)


# The public page and the news are read in all three partner countries: the coordinator writes
# them in Latvian, Estonian and Swedish beside the English original.
PROJECT_TEXTS = {
    "title_lv": "Pieci izcilībai starpnozaru vērtību ķēdēs",
    "title_et": "Viis tipptaseme nimel valdkondadeüleste väärtusahelate loomisel",
    "title_sv": "Fem för spetskompetens i branschöverskridande värdekedjor",
    "description_lv": (
        "Piecas klasteru organizācijas no Latvijas, Igaunijas un Zviedrijas uzlabo savu klasteru "
        "vadību: ārvalstu eksperti novērtē to vadību un apmāca koordinatorus, klasteri plāno "
        "jaunus pakalpojumus biedriem, dalās pieredzē darbnīcās un starptautiskā konferencē, "
        "izstrādā klasteru vadības izcilības stratēģiju un veido jaunas starpnozaru vērtību "
        "ķēdes starp pārtikas, loģistikas un IT uzņēmumiem."
    ),
    "description_et": (
        "Viis klastriorganisatsiooni Lätist, Eestist ja Rootsist parandavad oma klastrite "
        "juhtimist: välisekspertid hindavad juhtimist ja koolitavad koordinaatoreid, klastrid "
        "kavandavad liikmetele uusi teenuseid, vahetavad kogemusi töötubades ja rahvusvahelisel "
        "konverentsil, koostavad klastrijuhtimise tipptaseme strateegia ning loovad uusi "
        "valdkondadeüleseid väärtusahelaid toidu-, logistika- ja IT-ettevõtete vahel."
    ),
    "description_sv": (
        "Fem klusterorganisationer från Lettland, Estland och Sverige förbättrar hur deras "
        "kluster leds: utländska experter bedömer ledningen och utbildar samordnarna, klustren "
        "planerar nya tjänster för sina medlemmar, utbyter erfarenheter i workshoppar och på en "
        "internationell konferens, skriver en strategi för framstående klusterledning och "
        "startar nya branschöverskridande värdekedjor mellan livsmedels-, logistik- och "
        "IT-företag."
    ),
}
NEWS_TEXTS = {
    "title_lv": "Pieci klasteri tiekas Rīgā uz 5FOREXCELLENCE starptautisko konferenci",
    "title_et": "Viis klastrit kohtuvad Riias 5FOREXCELLENCE'i rahvusvahelisel konverentsil",
    "title_sv": "Fem kluster möts i Riga på den internationella konferensen 5FOREXCELLENCE",
    "body_lv": (
        "Klasteru vadītāji, uzņēmumi un eksperti no Latvijas, Igaunijas un Zviedrijas tikās "
        "Rīgā, lai dalītos ar to, ko pieci klasteri uzzināja no sava vadības novērtējuma, un "
        "iepazīstinātu ar pirmajām starpnozaru vērtību ķēdēm, kas saista pārtikas ražotājus, "
        "loģistikas uzņēmumus un IT firmas.\n\n"
        "Klasteru vadības izcilības stratēģijas projekts tika apspriests trīs darbnīcās, un "
        "konsorcijs to pieņems jūnijā."
    ),
    "body_et": (
        "Klastrijuhid, ettevõtted ja eksperdid Lätist, Eestist ja Rootsist kohtusid Riias, et "
        "jagada, mida viis klastrit oma juhtimise hindamisest õppisid, ja tutvustada esimesi "
        "valdkondadeüleseid väärtusahelaid, mis ühendavad toidutootjaid, logistikaettevõtteid "
        "ja IT-firmasid.\n\n"
        "Klastrijuhtimise tipptaseme strateegia kavandit arutati kolmes töötoas ja konsortsium "
        "võtab selle vastu juunis."
    ),
    "body_sv": (
        "Klusterledare, företag och experter från Lettland, Estland och Sverige möttes i Riga "
        "för att dela vad de fem klustren lärt sig av bedömningen av sin ledning och för att "
        "presentera de första branschöverskridande värdekedjorna som förenar "
        "livsmedelsproducenter, logistikföretag och IT-företag.\n\n"
        "Utkastet till strategi för framstående klusterledning diskuterades i tre workshoppar "
        "och antas av konsortiet i juni."
    ),
}


def _build(programme: Programme) -> None:
    project = domain.save_project(
        project=Project(
            programme=programme,
            funding_programme="COSME 2014-2020",
            call="COS-CLUSTER-2014-3-03 Cluster Excellence Programme",
            grant_agreement_number="710591 (demo value)",
            acronym=PROGRAMME_ACRONYM,
            title=PROGRAMME_NAME,
            **PROJECT_TEXTS,
            description=(
                "Five cluster organisations from Latvia, Estonia and Sweden improve how their "
                "clusters are managed: their management is evaluated and their coordinators "
                "trained by foreign experts, they plan new services for their members, share "
                "experience in workshops and an international conference, write a cluster "
                "management excellence strategy, and start new cross-industry value chains "
                "between food, logistics and IT companies."
            ),
            start_date=START,
            duration_months=18,
            total_budget=TOTAL,
            grant_amount=GRANT,
            indirect_rate=RATE,
        )
    )
    organisations = {
        p.key: Organisation.objects.filter(name=p.name, registration_number__isnull=True).first()
        for p in PARTNERS
    }
    amounts = shares()
    partners = domain.set_consortium(
        project=project,
        partners=[
            domain.PartnerSpec(
                organisation=organisations[p.key],
                role=PartnerRole.LEAD if i == 0 else PartnerRole.PARTNER,
                budget_share=amounts[i],
            )
            for i, p in enumerate(PARTNERS)
        ],
    )
    by_key = {p.key: partner for p, partner in zip(PARTNERS, partners, strict=True)}
    domain.set_budget(project=project, lines={p: lines_for(p.budget_share) for p in partners})
    _expenditure(project, by_key)
    _work_plan(project, by_key)
    domain.save_period(
        period=ReportingPeriod(
            project=project, number=1, kind="periodic", start_month=1, end_month=9
        )
    )
    domain.save_period(
        period=ReportingPeriod(project=project, number=2, kind="final", start_month=1, end_month=18)
    )
    domain.save_news(
        article=NewsArticle(
            project=project,
            title="Five clusters meet in Riga for the 5FOREXCELLENCE international conference",
            **NEWS_TEXTS,
            body=(
                "Cluster managers, companies and experts from Latvia, Estonia and Sweden met in "
                "Riga to share what the five clusters learned from their management evaluation "
                "and to present the first cross-industry value chains that link food producers, "
                "logistics companies and IT firms.\n\n"
                "The draft cluster management excellence strategy was discussed in three "
                "workshops and will be adopted by the consortium in June."
            ),
            published_on=date(2017, 4, 21),
        )
    )


def _expenditure(project: Project, by_key: dict) -> None:
    """Monthly staff costs, travel for the workshops, expert subcontracts and a few purchases;
    two lines are taken close to their limit, and NetPort books in SEK."""
    for key, partner in by_key.items():
        plan = {line.category: line.amount for line in partner.budget_lines.all()}
        # Staff: 17 monthly salaries of a share of the plan (the last month is booked later).
        monthly = grant_money.cents(plan[CostCategory.STAFF] * Decimal("0.88") / 17)
        for month in range(1, 18):
            _spend(
                partner,
                grant_money.month_end(START, month),
                CostCategory.STAFF,
                monthly,
                f"Project staff costs, month {month}",
            )
        near = NEAR_LIMIT.get((key, CostCategory.TRAVEL), Decimal("0.70"))
        trips = grant_money.cents(plan[CostCategory.TRAVEL] * near / 4)
        for n, day in enumerate(
            (date(2016, 3, 15), date(2016, 9, 20), date(2017, 2, 8), date(2017, 4, 19)), start=1
        ):
            _spend(partner, day, CostCategory.TRAVEL, trips, f"Travel to workshop {n}")
        near = NEAR_LIMIT.get((key, CostCategory.SUBCONTRACTING), Decimal("0.80"))
        expert = plan[CostCategory.SUBCONTRACTING] * near
        in_sek = ()
        if key == "netport":
            # Booked in Swedish kronor at the rate of the invoice month (InforEuro, demo value).
            rate = Decimal("9.3512")
            expert, in_sek = expert * rate, ("SEK", rate)
        _spend(
            partner,
            date(2016, 5, 31),
            CostCategory.SUBCONTRACTING,
            grant_money.cents(expert),
            "Foreign expert: cluster management evaluation",
            *in_sek,
        )
        for day, category, share, description in PURCHASES:
            _spend(partner, day, category, grant_money.cents(plan[category] * share), description)


SPEND_FIELDS = ("date", "category", "amount", "description", "currency", "exchange_rate")


def _spend(partner, *values) -> None:
    """Book one expenditure of `partner`: the values of SPEND_FIELDS, in that order; the last
    two (currency and exchange rate) only for a cost booked in another currency than EUR."""
    fields = dict(zip(SPEND_FIELDS, values, strict=False))
    domain.save_expenditure(expenditure=Expenditure(partner=partner, **fields))


def _work_plan(project: Project, by_key: dict) -> None:
    wps = {}
    for number, title, lead, first, last in WORK_PACKAGES:
        wps[number] = domain.save_work_package(
            work_package=WorkPackage(
                project=project,
                number=number,
                title=title,
                lead=by_key[lead],
                start_month=first,
                end_month=last,
            )
        )
        span = last - first + 1
        domain.save_task(
            task=Task(
                work_package=wps[number],
                number=1,
                title="Preparation",
                start_month=first,
                end_month=first + span // 3,
            )
        )
        domain.save_task(
            task=Task(
                work_package=wps[number],
                number=2,
                title="Implementation",
                start_month=first + span // 3,
                end_month=last,
            )
        )
    for wp, *values in DELIVERABLES:
        deliverable = domain.save_deliverable(
            deliverable=Deliverable(
                work_package=wps[wp],
                status=DeliverableStatus.APPROVED,
                **dict(zip(DELIVERABLE_FIELDS, values, strict=True)),
            )
        )
        _link(deliverable, project)
    for *values, wp in MILESTONES:
        domain.save_milestone(
            milestone=Milestone(
                project=project,
                work_package=wps[wp],
                **dict(zip(MILESTONE_FIELDS, values, strict=True)),
            )
        )


# Which other area's objects fulfil which deliverable, when those areas have demo data.
LINKS = {"D5.1": Strategy, "D2.2": TrainingProgramme}


def _link(deliverable: Deliverable, project: Project) -> None:
    model = LINKS.get(deliverable.number)
    if model is None:
        return
    obj = model.objects.filter(programme=project.programme).order_by("pk").first()
    if obj is not None:
        domain.link_deliverable(deliverable=deliverable, target=obj)
