from django.db import models
from django.utils.translation import gettext_lazy as _


class SectorGroup(models.TextChoices):
    """The 14 sector groups of the ESCA comparative portfolio (DOMAIN.md §2)."""

    AVIATION_SPACE = "aviation_space", _("Aviation and space")
    BIOTECHNOLOGY = "biotechnology", _("Biotechnology")
    CONSTRUCTION = "construction", _("Construction")
    CREATIVE = "creative", _("Creative industries")
    ENERGY_ENVIRONMENT = "energy_environment", _("Energy and environment")
    FOOD = "food", _("Food industry")
    HEALTH = "health", _("Health and medical science")
    ICT = "ict", _("ICT")
    MARITIME = "maritime", _("Maritime technologies, water resources")
    MICRO_NANO = "micro_nano", _("Micro, nano and optical technologies")
    MATERIALS = "materials", _("New materials and chemistry")
    PRODUCTION = "production", _("Production and engineering")
    TOURISM = "tourism", _("Sports, leisure and tourism")
    TRANSPORT = "transport", _("Transportation and mobility")


class OrganisationType(models.TextChoices):
    SME = "sme", _("SME")
    LARGE = "large", _("Large company")
    RESEARCH = "research", _("Research organisation")
    UNIVERSITY = "university", _("University")
    EDUCATION = "education", _("Education and training")
    PUBLIC = "public", _("Public body")
    FINANCE = "finance", _("Financial intermediary")
    CONSULTANT = "consultant", _("Consultant")
    ASSOCIATION = "association", _("Association")
    OTHER = "other", _("Other")


class SizeClass(models.TextChoices):
    """EU SME definition; values equal clusterhub.core.types.SizeClass."""

    MICRO = "micro", _("Micro (<10 staff)")
    SMALL = "small", _("Small (<50 staff)")
    MEDIUM = "medium", _("Medium (<250 staff)")
    LARGE = "large", _("Large")


class CommitmentGround(models.TextChoices):
    """Why a member counts as committed (ECEI: any one of these suffices)."""

    WRITTEN = "written", _("Written commitment")
    FEE = "fee", _("Fee or in-kind contribution")
    ACTIVE = "active", _("Active participation")


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("Association / NGO")
    FOUNDATION = "foundation", _("Foundation")
    COMPANY = "company", _("Limited company")
    PUBLIC = "public", _("Public body")
    INFORMAL = "informal", _("Informal network / agreement")
    OTHER = "other", _("Other")
