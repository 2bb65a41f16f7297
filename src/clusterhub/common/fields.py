"""Field shapes every area's models.py repeats, written once.

Each helper returns an ordinary Django field built from exactly the arguments the areas used to
write out by hand, so using one changes no migration (`clusterhub makemigrations --check` proves
it). Pass anything else a field takes (help_text, db_index, limit_choices_to...) as a keyword.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.fields import NOT_PROVIDED


# A record that belongs to another (a session to its programme): deleting the owner deletes it.
def required_link(
    to, verbose_name=None, *, related_name=None, on_delete=models.CASCADE, **extra
) -> models.ForeignKey:
    return models.ForeignKey(
        to, verbose_name=verbose_name, on_delete=on_delete, related_name=related_name, **extra
    )


# A link a record may go without (who wrote it, a contact person): emptied when the other goes.
def optional_link(
    to, verbose_name=None, *, related_name="+", on_delete=models.SET_NULL, **extra
) -> models.ForeignKey:
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
        **extra,
    )


# A text column holding one of an enum's values (status, kind, role), stored as the value.
def choice_field(
    verbose_name, choices, *, max_length: int, default=NOT_PROVIDED, **extra
) -> models.CharField:
    return models.CharField(
        verbose_name, max_length=max_length, choices=choices.choices, default=default, **extra
    )


# A sum of money in euros: to the cent and never negative (a price, a fee, a turnover).
def euro_amount(
    verbose_name, *, max_digits: int, optional: bool = False, **extra
) -> models.DecimalField:
    if optional:
        extra.update(null=True, blank=True)
    return models.DecimalField(
        verbose_name,
        max_digits=max_digits,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        **extra,
    )
