"""The EU SME definition: size class from headcount, annual turnover and balance sheet total.

Commission Recommendation 2003/361/EC: an enterprise belongs to a class when its headcount is
below the ceiling AND either its turnover OR its balance sheet total is within that class's limit.
"""

from decimal import Decimal

from clusterhub.core.types import SizeClass

# (class, headcount below, turnover at most EUR, balance sheet at most EUR)
_CEILINGS: tuple[tuple[SizeClass, int, Decimal, Decimal], ...] = (
    (SizeClass.MICRO, 10, Decimal("2000000"), Decimal("2000000")),
    (SizeClass.SMALL, 50, Decimal("10000000"), Decimal("10000000")),
    (SizeClass.MEDIUM, 250, Decimal("50000000"), Decimal("43000000")),
)


def size_class(
    *, headcount: int, turnover: Decimal | None, balance_sheet: Decimal | None
) -> SizeClass:
    """Classify an enterprise; a missing financial figure counts as not within the limit.

    With both financial figures unknown the headcount alone decides, which is how member
    registers that only know staff numbers are classified in practice.
    """
    if headcount < 0:
        raise ValueError("headcount must not be negative")
    for cls, max_staff, max_turnover, max_balance in _CEILINGS:
        if headcount >= max_staff:
            continue
        if turnover is None and balance_sheet is None:
            return cls
        if (turnover is not None and turnover <= max_turnover) or (
            balance_sheet is not None and balance_sheet <= max_balance
        ):
            return cls
    return SizeClass.LARGE


def is_sme(cls: SizeClass) -> bool:
    return cls is not SizeClass.LARGE
