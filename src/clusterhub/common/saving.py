"""The one way a domain verb writes a record: validate it, save it, replace its many-to-many
links, all in one transaction, so an invalid record is never half-written."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model


def validate(instance: Model, *checks: Callable, constraints: bool = True) -> list:
    """Validate `instance` (`full_clean`) and run the verb's own `checks` (functions that raise
    ValidationError, or return what they worked out: stages read from text, say).

    Every error is reported at once, by field, so a person puts everything right in one go; the
    answer is what the checks returned, in their order. Nothing is written.
    """
    errors: dict[str, list] = {}
    results = []
    for check in (lambda: instance.full_clean(validate_constraints=constraints), *checks):
        try:
            results.append(check())
        except ValidationError as exc:
            for name, messages in exc.update_error_dict({}).items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return results[1:]


def save(
    instance: Model,
    m2m: dict[str, list] | None = None,
    *,
    constraints: bool = True,
    checks: tuple[Callable, ...] = (),
) -> Model:
    """Validate `instance` with the verb's `checks` (as `validate`) and save it, then set each
    many-to-many field in `m2m`.

    `constraints=False` leaves the database constraints to the database, for models whose
    clean() words the same uniqueness rules for people ("already enrolled").
    """
    validate(instance, *checks, constraints=constraints)
    # The row, its history and its links in one transaction; inside a verb's transaction, a
    # savepoint, so a write the database refuses takes back only this record and the verb's
    # transaction stays usable (tests/meta/test_transactions.py).
    with transaction.atomic():
        instance.save()
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
    return instance
