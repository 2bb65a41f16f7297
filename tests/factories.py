"""One plain factory per model. Reference codes used here are loaded by the `reference` fixture."""

import datetime as dt

import factory

from clusterhub.accounts.models import RoleAssignment, User
from clusterhub.registry.enums import OrganisationType, SectorGroup
from clusterhub.registry.models import Cluster, Membership, Organisation, Person, Programme


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
