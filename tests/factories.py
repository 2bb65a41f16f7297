"""One plain factory per model. Reference codes used here are loaded by the `reference` fixture."""

import datetime as dt
from decimal import Decimal

import factory

from clusterhub.accounts.models import RoleAssignment
from clusterhub.accounts.models import User
from clusterhub.registry.enums import OrganisationType
from clusterhub.registry.enums import SectorGroup
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person
from clusterhub.registry.models import Programme


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    acronym = factory.Sequence(lambda n: f"PRG{n}")


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Cluster {n}")
    acronym = factory.Sequence(lambda n: f"CL{n}")
    country = "LV"
    sector_group = SectorGroup.ICT
    management_fte = 1
    city = "Riga"
    latitude = "56.94960"
    longitude = "24.10520"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    country = "LV"
    org_type = OrganisationType.SME
    size_class = "small"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    cluster = factory.SubFactory(ClusterFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    since = dt.date(2020, 1, 1)
    committed = True
    commitment_ground = "fee"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = "Anna"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    email = factory.LazyAttribute(lambda p: f"{p.last_name.lower()}@example.org")


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = "observer"
    cluster = factory.SubFactory(ClusterFactory)


# One factory per area's main models. They write rows as they are (no domain verb, no audit),
# which is what a test that needs "some rows" wants; a test of a verb calls the verb.

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class MembershipTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "membership.MembershipType"

    cluster = factory.SubFactory(ClusterFactory)
    name = factory.Sequence(lambda n: f"Member type {n}")


class FeeRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "membership.FeeRule"

    membership_type = factory.SubFactory(MembershipTypeFactory)
    yearly_amount = Decimal("500.00")


class MemberTermsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "membership.MemberTerms"

    membership = factory.SubFactory(MembershipFactory)
    membership_type = factory.SubFactory(
        MembershipTypeFactory, cluster=factory.SelfAttribute("..membership.cluster")
    )


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "membership.Application"

    cluster = factory.SubFactory(ClusterFactory)
    membership_type = factory.SubFactory(
        MembershipTypeFactory, cluster=factory.SelfAttribute("..cluster")
    )
    company_name = factory.Sequence(lambda n: f"Applicant {n} SIA")
    country = "LV"
    contact_first_name = "Ieva"
    contact_last_name = factory.Sequence(lambda n: f"Applicant{n}")
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")


class InvoicingSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "invoicing.InvoicingSettings"
        django_get_or_create = ("cluster",)

    cluster = factory.SubFactory(ClusterFactory)
    legal_name = factory.LazyAttribute(lambda s: f"{s.cluster.name} Association")
    address = "Brivibas iela 1, Riga"
    iban = "LV80BANK0000435195001"
    invoice_prefix = factory.Sequence(lambda n: f"INV{n}")


class InvoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "invoicing.Invoice"

    cluster = factory.SubFactory(ClusterFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    period_start = dt.date(2026, 1, 1)
    period_end = dt.date(2026, 12, 31)


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "invoicing.Payment"

    invoice = factory.SubFactory(InvoiceFactory)
    amount = Decimal("100.00")
    paid_on = dt.date(2026, 2, 1)


class MailingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mailings.Mailing"

    cluster = factory.SubFactory(ClusterFactory)
    title = factory.Sequence(lambda n: f"Mailing {n}")


class ListingConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "directory.ListingConsent"

    cluster = factory.SubFactory(ClusterFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    decided_at = NOW


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Event"

    title = factory.Sequence(lambda n: f"Workshop {n}")
    kind = "workshop"
    cluster = factory.SubFactory(ClusterFactory)
    starts_at = NOW + dt.timedelta(days=7)
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + dt.timedelta(hours=8))
    timezone = "Europe/Riga"
    venue = "Riga"
    capacity = 20
    registration_opens = NOW - dt.timedelta(days=1)
    registration_closes = factory.LazyAttribute(lambda e: e.starts_at - dt.timedelta(hours=1))


class EventSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Session"

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyAttribute(lambda s: s.event.starts_at)
    ends_at = factory.LazyAttribute(lambda s: s.event.starts_at + dt.timedelta(hours=1))


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Registration"

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = "confirmed"


class TrainingProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.TrainingProgramme"

    title = factory.Sequence(lambda n: f"Training programme {n}")
    # One owner: a cluster here, or pass programme=... and cluster=None.
    cluster = factory.SubFactory(ClusterFactory)


class TrainingModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Module"

    training_programme = factory.SubFactory(TrainingProgrammeFactory)
    title = factory.Sequence(lambda n: f"Module {n}")
    competence = "strategy"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Enrolment"

    training_programme = factory.SubFactory(TrainingProgrammeFactory)
    user = factory.SubFactory(UserFactory)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "grants.Project"

    programme = factory.SubFactory(ProgrammeFactory)
    funding_programme = "COSME"
    grant_agreement_number = factory.Sequence(lambda n: f"GA-{n}")
    acronym = factory.Sequence(lambda n: f"PRJ{n}")
    title = factory.Sequence(lambda n: f"Project {n}")
    start_date = dt.date(2025, 1, 1)
    duration_months = 24
    total_budget = Decimal("100000.00")
    grant_amount = Decimal("90000.00")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "grants.Partner"

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    budget_share = Decimal("10000.00")


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.Strategy"

    title = factory.Sequence(lambda n: f"Strategy {n}")
    # A strategy has exactly one owner: a cluster here, or pass programme=... and cluster=None.
    cluster = factory.SubFactory(ClusterFactory)
    start = dt.date(2024, 1, 1)
    end = dt.date(2026, 12, 31)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.Objective"

    strategy = factory.SubFactory(StrategyFactory)
    title = factory.Sequence(lambda n: f"Objective {n}")


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.Kpi"

    strategy = factory.SubFactory(StrategyFactory)
    name = factory.Sequence(lambda n: f"KPI {n}")
    baseline = Decimal("0")
    target = Decimal("10")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "services.Service"

    cluster = factory.SubFactory(ClusterFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    category = "information"


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "services.Survey"

    cluster = factory.SubFactory(ClusterFactory)
    title = factory.Sequence(lambda n: f"Survey {n}")


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "matchmaking.Profile"

    organisation = factory.SubFactory(OrganisationFactory)
    cluster = factory.SubFactory(ClusterFactory)
    kind = "business_offer"
    title = factory.Sequence(lambda n: f"Offer {n}")
    description = "A partnering offer long enough to be valid."


class IntroductionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "matchmaking.Introduction"

    requester = factory.SubFactory(OrganisationFactory)
    target = factory.SubFactory(OrganisationFactory)


class CollaborationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "matchmaking.Collaboration"

    title = factory.Sequence(lambda n: f"Joint pilot {n}")


class ValueChainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "matchmaking.ValueChain"

    cluster = factory.SubFactory(ClusterFactory)
    name = factory.Sequence(lambda n: f"Value chain {n}")


class AssessmentFactory(factory.django.DjangoModelFactory):
    """Needs a framework (tests/assessment/conftest.py imports one)."""

    class Meta:
        model = "assessment.Assessment"

    cluster = factory.SubFactory(ClusterFactory)
    period_start = dt.date(2025, 1, 1)
    period_end = dt.date(2025, 12, 31)
