from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusterhub.common.fields import choice_field
from clusterhub.common.fields import euro_amount
from clusterhub.common.fields import optional_link
from clusterhub.common.fields import required_link
from clusterhub.common.models import TimeStampedModel
from clusterhub.common.text import search_key
from clusterhub.core.sme import size_class as sme_size_class
from clusterhub.registry.countries import is_country_code
from clusterhub.registry.enums import CommitmentGround
from clusterhub.registry.enums import LegalForm
from clusterhub.registry.enums import OrganisationType
from clusterhub.registry.enums import SectorGroup
from clusterhub.registry.enums import SizeClass


class Searchable(models.Model):
    """A row with `search_text`: its searched fields folded by `search_key` (no accents, no
    case), kept up to date on every save, so "berzs" finds "Bērzs" on SQLite and PostgreSQL
    alike (docs/translation.md, "Search"). Code that writes rows without `save()`
    (bulk_create, bulk_update, update) sets it with `fill_search_text`."""

    SEARCH_FIELDS: tuple[str, ...] = ()

    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = self.make_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCH_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def make_search_text(self) -> str:
        return search_key(" ".join(str(getattr(self, f) or "") for f in self.SEARCH_FIELDS))


def fill_search_text(rows) -> list:
    """Set `search_text` on rows about to be written by bulk_create or bulk_update."""
    rows = list(rows)
    for row in rows:
        row.search_text = row.make_search_text()
    return rows


class NaceCode(Searchable):
    """NACE Rev. 2.1: sections (level 1), divisions (2), groups (3) and classes (4).

    `title` is in the reader's language with English as the fallback (registry/translation.py).
    """

    SEARCH_FIELDS = ("title_en", "title_lv", "title_et", "title_sv")

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    level = models.PositiveSmallIntegerField(_("level"))
    parent = optional_link("self", related_name=None, on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        verbose_name = _("NACE code")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def division(self) -> str:
        """The two-digit division a code belongs to ('' for a section)."""
        return self.code[:2] if self.level >= 2 else ""


class NutsRegion(Searchable):
    """NUTS 2024 regions, levels 1 to 3 (the country itself is level 0 and not stored).

    `name` is Eurostat's label, in the region's national language(s) ("Rīga", "Põhja-Eesti",
    "Östra Sverige"); Eurostat gives no English name for most regions.
    """

    SEARCH_FIELDS = ("name",)

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    country_code = models.CharField(_("country"), max_length=2, db_index=True)
    level = models.PositiveSmallIntegerField(_("level"))
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("NUTS region")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Programme(TimeStampedModel):
    """A programme or consortium that several clusters take part in (e.g. 5FOREXCELLENCE)."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Set for EU-funded programmes: every publication and report then carries the funding
    # acknowledgement and disclaimer (registry/funding.py).
    eu_funding_programme = models.CharField(
        _("EU funding programme"), max_length=100, blank=True, help_text=_("e.g. COSME")
    )
    funding_agency = models.CharField(
        _("funding agency"), max_length=100, blank=True, help_text=_("e.g. EASME")
    )
    clusters = models.ManyToManyField("Cluster", related_name="programmes", blank=True)
    history = HistoricalRecords(m2m_fields=[clusters])

    class Meta:
        verbose_name = _("programme")
        ordering = ["acronym"]

    def __str__(self) -> str:
        return self.acronym


class Located(models.Model):
    """Address and coordinates, used for the 150 km indicator and the network map."""

    city = models.CharField(_("city"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        abstract = True

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Cluster(Searchable, Located, TimeStampedModel):
    SEARCH_FIELDS = ("name", "acronym", "city")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, unique=True)
    country = models.CharField(_("country"), max_length=2)
    nuts_region = optional_link(
        NutsRegion, _("NUTS region"), related_name=None, on_delete=models.PROTECT
    )
    sectors = models.ManyToManyField(
        NaceCode, verbose_name=_("sectors (NACE)"), related_name="clusters", blank=True
    )
    sector_group = choice_field(_("sector group"), SectorGroup, max_length=32)
    website = models.URLField(_("website"), blank=True)
    founded = models.PositiveSmallIntegerField(
        _("founding year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    legal_form = choice_field(_("legal form"), LegalForm, max_length=20, blank=True)
    management_fte = models.DecimalField(
        _("management staff (FTE)"),
        max_digits=6,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
    )
    # The organisation that runs the cluster (a partner of a programme, say).
    managing_organisation = optional_link(
        "Organisation", _("managing organisation"), related_name="managed_clusters"
    )
    description = models.TextField(_("description"), blank=True)
    internal_notes = models.TextField(_("internal notes"), blank=True)
    history = HistoricalRecords(m2m_fields=[sectors], excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("cluster")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})"

    def clean(self) -> None:
        _check_place(self)


class Organisation(Searchable, Located, TimeStampedModel):
    SEARCH_FIELDS = ("name", "registration_number", "city")

    name = models.CharField(_("name"), max_length=200, db_index=True)
    registration_number = models.CharField(
        _("registration number"), max_length=40, blank=True, null=True
    )
    country = models.CharField(_("country"), max_length=2, db_index=True)
    nuts_region = optional_link(
        NutsRegion, _("NUTS region"), related_name=None, on_delete=models.PROTECT
    )
    primary_nace = optional_link(
        NaceCode,
        _("primary NACE code"),
        related_name="primary_organisations",
        on_delete=models.PROTECT,
    )
    secondary_nace = models.ManyToManyField(
        NaceCode,
        verbose_name=_("secondary NACE codes"),
        related_name="secondary_organisations",
        blank=True,
    )
    org_type = choice_field(_("type"), OrganisationType, max_length=20)
    size_class = choice_field(_("size class"), SizeClass, max_length=10, blank=True, db_index=True)
    headcount = models.PositiveIntegerField(
        _("headcount (annual work units)"), null=True, blank=True
    )
    turnover_eur = euro_amount(_("annual turnover (EUR)"), max_digits=16, optional=True)
    balance_sheet_eur = euro_amount(_("balance sheet total (EUR)"), max_digits=16, optional=True)
    website = models.URLField(_("website"), blank=True, max_length=300)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(m2m_fields=[secondary_nace], excluded_fields=["search_text"])

    # Set by the importer, which checks numbers against all organisations it fetched at once,
    # so that clean() does not ask the database once per row of a 50,000-row file.
    registration_checked = False

    class Meta:
        verbose_name = _("organisation")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "registration_number"],
                condition=models.Q(registration_number__isnull=False),
                name="unique_registration_number_per_country",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        _check_place(self)
        if self.registration_number is not None:
            self.registration_number = self.registration_number.strip() or None
        if self.registration_number and self.country and not self.registration_checked:
            clash = Organisation.objects.filter(
                country=self.country, registration_number=self.registration_number
            ).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError(
                    {
                        "registration_number": _(
                            "Another organisation in this country has registration number %(n)s."
                        )
                        % {"n": self.registration_number}
                    }
                )
        if self.headcount is not None:
            self.size_class = sme_size_class(
                headcount=self.headcount,
                turnover=self.turnover_eur,
                balance_sheet=self.balance_sheet_eur,
            ).value


class Membership(TimeStampedModel):
    cluster = required_link(Cluster, _("cluster"), related_name="memberships")
    organisation = required_link(
        Organisation, _("organisation"), related_name="memberships", on_delete=models.PROTECT
    )
    since = models.DateField(_("member since"))
    until = models.DateField(_("member until"), null=True, blank=True)
    committed = models.BooleanField(_("committed"), default=False)
    commitment_ground = choice_field(
        _("ground of commitment"), CommitmentGround, max_length=10, blank=True
    )
    internal_notes = models.TextField(_("internal notes"), blank=True)
    history = HistoricalRecords()

    # The pair's other memberships, when the caller (the importer) fetched them for all rows at
    # once; None: clean() reads them from the database.
    known_others: list["Membership"] | None = None

    class Meta:
        verbose_name = _("membership")
        ordering = ["cluster", "organisation__name", "-since"]
        constraints = [
            models.CheckConstraint(
                name="membership_until_after_since",
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("since")),
            ),
            models.CheckConstraint(
                name="committed_membership_has_ground",
                condition=models.Q(committed=False, commitment_ground="")
                | (models.Q(committed=True) & ~models.Q(commitment_ground="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.cluster.acronym}"

    @property
    def is_current(self) -> bool:
        return self.until is None or self.until >= timezone.localdate()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.until is not None and self.since is not None and self.until < self.since:
            errors["until"] = _("The end date is before the start date.")
        if self.committed and not self.commitment_ground:
            errors["commitment_ground"] = _("Say why the member counts as committed.")
        if not self.committed:
            self.commitment_ground = ""
        if errors:
            raise ValidationError(errors)
        if self.cluster_id and self.organisation_id and self.since:
            others = self.known_others
            if others is None:
                others = Membership.objects.filter(
                    cluster_id=self.cluster_id, organisation_id=self.organisation_id
                ).exclude(pk=self.pk)
            for other in others:
                if _overlaps(self.since, self.until, other.since, other.until):
                    raise ValidationError(
                        {
                            "since": _(
                                "This organisation is already a member of this cluster from "
                                "%(since)s to %(until)s; membership periods may not overlap."
                            )
                            % {"since": other.since, "until": other.until or _("now")}
                        }
                    )


class Person(Searchable, TimeStampedModel):
    """A person at an organisation: a contact, a representative, an expert."""

    SEARCH_FIELDS = ("first_name", "last_name", "email", "job_title")

    organisation = optional_link(
        Organisation, _("organisation"), related_name="people", on_delete=models.CASCADE
    )
    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    linkedin = models.URLField(_("LinkedIn"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    """Two date ranges overlap; an open end runs forever."""
    return (a_end is None or b_start <= a_end) and (b_end is None or a_start <= b_end)


def _check_place(obj) -> None:
    """Country must be a real ISO code and the NUTS region must lie in that country."""
    errors = {}
    if obj.country and not is_country_code(obj.country):
        errors["country"] = _("%(code)s is not an ISO 3166 country code.") % {"code": obj.country}
    region = obj.nuts_region if obj.nuts_region_id else None
    if region is not None and obj.country:
        nuts_country = "GR" if region.country_code == "EL" else region.country_code
        if nuts_country != obj.country:
            errors["nuts_region"] = _("NUTS region %(code)s is not in %(country)s.") % {
                "code": region.code,
                "country": obj.country,
            }
    if (obj.latitude is None) != (obj.longitude is None):
        errors["longitude" if obj.longitude is None else "latitude"] = _(
            "Give both latitude and longitude, or neither."
        )
    if errors:
        raise ValidationError(errors)
