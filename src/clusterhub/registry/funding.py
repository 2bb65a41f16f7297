"""The funding acknowledgement and disclaimer every EU-funded publication must carry.

DOMAIN.md §1: (a) the acknowledgement that the project received funding from the named EU
programme, and (b) a disclaimer that the content is the author's view only and that the
Commission and the executive agency are not responsible for any use of it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from clusterhub.registry.models import Programme


@dataclass(frozen=True)
class FundingNotice:
    acknowledgement: str
    disclaimer: str


def funding_notice(programme: Programme | None) -> FundingNotice | None:
    """The notice for a programme's outputs, or None when the programme is not EU-funded."""
    if programme is None or not programme.eu_funding_programme:
        return None
    acknowledgement = _(
        "The %(project)s project has received funding from the European Union's "
        "%(programme)s programme."
    ) % {"project": programme.acronym, "programme": programme.eu_funding_programme}
    agency = programme.funding_agency or _("the executive agency")
    disclaimer = _(
        "The content of this publication represents the views of the author only and is his or "
        "her sole responsibility; it cannot be considered to reflect the views of the European "
        "Commission and/or %(agency)s or any other body of the European Union. The European "
        "Commission and %(agency)s do not accept any responsibility for use that may be made of "
        "the information it contains."
    ) % {"agency": agency}
    return FundingNotice(acknowledgement=acknowledgement, disclaimer=disclaimer)
