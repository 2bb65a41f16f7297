"""The one way a domain verb writes a record: validate it, save it, replace its many-to-many
links, all in one transaction, so an invalid record is never half-written."""

from django.db import transaction
from django.db.models import Model


def save(instance: Model, m2m: dict[str, list] | None = None, *, constraints: bool = True) -> Model:
    """Validate (`full_clean`) and save `instance`, then set each many-to-many field in `m2m`.

    `constraints=False` leaves the database constraints to the database, for models whose
    clean() words the same uniqueness rules for people ("already enrolled").
    """
    with transaction.atomic():
        instance.full_clean(validate_constraints=constraints)
        instance.save()
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
    return instance
