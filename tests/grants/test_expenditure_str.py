"""An expenditure's text (admin, change history) shows its date and amount in the reader's
formats, the amount through common/numbers.py format_money."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from clusterhub.grants.models import Expenditure

pytestmark = pytest.mark.django_db
NBSP = "\xa0"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "5 Mar 2016 P1 Partner A €1,264.20"),
        ("lv", f"05.03.2016. P1 Partner A 1{NBSP}264,20{NBSP}€"),
        ("sv", f"2016-03-05 P1 Partner A 1{NBSP}264,20{NBSP}€"),
    ],
)
def test_expenditure_text_in_the_readers_formats(grant, language, expected):
    cost = Expenditure(partner=grant.lead, date=date(2016, 3, 5), amount_eur=Decimal("1264.20"))
    with translation.override(language):
        assert str(cost) == expected
