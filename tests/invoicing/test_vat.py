from decimal import Decimal

import pytest

from clusterhub.invoicing import vat

RATE = Decimal("21.00")


@pytest.mark.parametrize(
    ("number", "country", "valid"),
    [
        ("LV40003245752", "LV", True),
        ("40003245752", "LV", True),
        ("LV 4000 3245 752", "LV", True),
        ("LV4000324575", "LV", False),
        ("EE100931558", "EE", True),
        ("DE123456789", "DE", True),
        ("DE12345678", "DE", False),
        ("EL094259216", "GR", True),
        ("GR094259216", "GR", False),
        ("NL004495445B01", "NL", True),
        ("NL004495445A01", "NL", False),
        ("ATU13585627", "AT", True),
        ("AT13585627", "AT", False),
        ("FRXX123456789", "FR", True),
        ("SE556703748501", "SE", True),
        ("SE556703748502", "SE", False),
        ("ESX1234567L", "ES", True),
        ("IE6388047V", "IE", True),
        ("GB123456789", "GB", False),
        ("", "DE", False),
    ],
)
def test_vat_number_format_per_country(number, country, valid):
    assert vat.looks_valid_vat_number(number, country) is valid


def case(**kwargs):
    base = {
        "policy": "eu_rules",
        "rate": RATE,
        "seller_country": "LV",
        "buyer_country": "LV",
        "buyer_vat_number": "",
        "buyer_non_taxable": False,
    }
    base.update(kwargs)
    return vat.vat_case(**base)


def test_domestic_member_pays_the_cluster_rate_with_or_without_vat_number():
    assert case() == ("domestic", RATE)
    assert case(buyer_vat_number="LV40003245752") == ("domestic", RATE)


def test_eu_business_with_a_valid_looking_number_is_reverse_charged():
    assert case(buyer_country="DE", buyer_vat_number="DE123456789") == (
        "reverse_charge",
        Decimal("0.00"),
    )


def test_eu_member_without_a_valid_number_pays_domestic_vat():
    assert case(buyer_country="DE", buyer_vat_number="DE123") == ("domestic", RATE)
    assert case(buyer_country="DE") == ("domestic", RATE)


def test_non_taxable_member_pays_no_vat_even_at_home():
    assert case(buyer_non_taxable=True) == ("non_taxable", Decimal("0.00"))


def test_member_outside_the_eu_pays_no_eu_vat():
    assert case(buyer_country="NO") == ("outside_eu", Decimal("0.00"))


def test_cluster_policies_override_the_eu_cases():
    assert case(policy="none") == ("not_registered", Decimal("0.00"))
    assert case(policy="domestic", buyer_country="DE", buyer_vat_number="DE123456789") == (
        "domestic",
        RATE,
    )


def test_lines_round_half_up_per_line():
    # 3 x 33.335 = 100.005 -> 100.01; VAT 21 % of 100.01 = 21.0021 -> 21.00.
    amounts = vat.line_amounts(Decimal(3), Decimal("33.335"), RATE)
    assert (amounts.net, amounts.vat, amounts.gross) == (
        Decimal("100.01"),
        Decimal("21.00"),
        Decimal("121.01"),
    )
    # 0.125 rounds up to 0.13 (half up, not to even).
    assert vat.line_amounts(Decimal(1), Decimal("0.125"), Decimal(0)).net == Decimal("0.13")
    # 12.50 at 21 % = 2.625 -> 2.63.
    assert vat.line_amounts(Decimal(1), Decimal("12.50"), RATE).vat == Decimal("2.63")


def test_printed_number_gets_its_prefix():
    assert vat.printed_vat_number("094 259 216", "GR") == "EL094259216"
    assert vat.printed_vat_number("lv40003245752", "LV") == "LV40003245752"
