"""Turning the ids and codes an API payload names into the objects they name; an unknown one
is a ValidationError filed under its field (422)."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from clusterhub.registry.models import Cluster
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import NutsRegion
from clusterhub.registry.models import Organisation
from clusterhub.registry.queries import clusters_visible_to
from clusterhub.registry.queries import organisations_visible_to

# Looking up the ids and codes a payload names. Each raises ValidationError with a message;
# resolved() files it under the field that named the unknown thing.


def nuts_region(user, code: str) -> NutsRegion:
    region = NutsRegion.objects.filter(code=code.upper()).first()
    if region is None:
        raise ValidationError(_("%(code)s is not a NUTS 2024 region code.") % {"code": code})
    return region


def nace_code(user, code: str) -> NaceCode:
    found = NaceCode.objects.filter(code=code.upper()).first()
    if found is None:
        raise ValidationError(_("%(code)s is not a NACE Rev. 2.1 code.") % {"code": code})
    return found


def nace_codes(user, codes: list[str]) -> list[NaceCode]:
    wanted = list(dict.fromkeys(code.upper() for code in codes))
    found = {c.code: c for c in NaceCode.objects.filter(code__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise ValidationError(
            _("Not NACE Rev. 2.1 codes: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    return [found[code] for code in wanted]


def organisation(user, pk: int) -> Organisation:
    organisation = organisations_visible_to(user).filter(pk=pk).first()
    if organisation is None:
        raise ValidationError(_("There is no organisation with id %(id)s.") % {"id": pk})
    return organisation


def cluster(user, pk: int) -> Cluster:
    cluster = clusters_visible_to(user).filter(pk=pk).first()
    if cluster is None:
        raise ValidationError(_("There is no cluster with id %(id)s.") % {"id": pk})
    return cluster


def resolved(user, data: dict, lookups: dict[str, Callable]) -> dict:
    """`data` with each id or code named in `lookups` replaced by its object.

    Absent and null fields are left as they are; every unknown one is reported, by field, at once.
    """
    errors: dict[str, list[str]] = {}
    for field, lookup in lookups.items():
        if data.get(field) is None:
            continue
        try:
            data[field] = lookup(user, data[field])
        except ValidationError as exc:
            errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)
    return data
