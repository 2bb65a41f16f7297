"""What a member pays: the published contract the invoicing area builds on.

`fee_for(membership, period_start, period_end)` is the fee of one membership for a period;
`billable_memberships(cluster, period_start, period_end)` the memberships to invoice for it.

Pro-rating is by days. The period is cut into years counted from `period_start` (a calendar
year when the period starts on 1 January); each year's share is the yearly fee times the days
the member belonged in that year over the days of that year (365, or 366 when it holds a
29 February). A member for a whole period of one year therefore pays exactly the yearly fee,
in a leap year as in any other; a member who joins on 1 July 2025 pays 184/365 of it for 2025.
The sum is rounded once, to cents, ROUND_HALF_UP.

Which rule: the member's `MemberTerms.membership_type`; a free type costs 0.00. Among the type's
fee rules, the most specific one matching the organisation's type and size class wins (both
given, then type only, then size class only, then neither). A paying type with no matching rule
raises `FeeError` (the invoicing run reports it rather than bill nothing).
"""

from datetime import date
from datetime import timedelta
from decimal import ROUND_HALF_UP
from decimal import Decimal

from django.db.models import Q
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from clusterhub.membership.models import FeeRule
from clusterhub.membership.models import MemberTerms
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


class FeeError(ValueError):
    """The fee of a membership cannot be worked out (no type, or no matching fee rule)."""


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 1 March in a year without one."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return date(day.year + years, 3, 1)


def _days(start: date, end: date) -> int:
    """Days from start to end, both included; 0 when end is before start."""
    return max((end - start).days + 1, 0)


def covered_fraction(
    since: date, until: date | None, period_start: date, period_end: date
) -> Decimal:
    """The part of a yearly fee owed for belonging from `since` to `until` (None: still a
    member) within the period, by days, per year counted from `period_start`. Unrounded."""
    if period_end < period_start:
        raise FeeError(_("The period ends before it starts."))
    fraction = Decimal(0)
    index = 0
    while True:
        year_start = add_years(period_start, index)
        if year_start > period_end:
            break
        year_end = add_years(period_start, index + 1) - timedelta(days=1)
        start = max(year_start, since)
        end = min(year_end, period_end, until or period_end)
        covered = _days(start, end)
        if covered:
            fraction += Decimal(covered) / Decimal(_days(year_start, year_end))
        index += 1
    return fraction


def fee_rule_for(membership_type, org_type: str, size_class: str) -> FeeRule | None:
    """The most specific of the type's fee rules that matches; None when none does. Uses the
    prefetched rules when the caller prefetched `fee_rules`."""
    best: FeeRule | None = None
    for rule in membership_type.fee_rules.all():
        if rule.matches(org_type, size_class) and (
            best is None or rule.specificity > best.specificity
        ):
            best = rule
    return best


def yearly_fee(membership: Membership) -> Decimal:
    """The full yearly fee of a membership by its type and its organisation's type and size."""
    try:
        terms = membership.terms
    except MemberTerms.DoesNotExist:
        raise FeeError(
            _("%(member)s has no membership type.") % {"member": membership.organisation}
        ) from None
    mtype = terms.membership_type
    if mtype.is_free:
        return ZERO
    organisation = membership.organisation
    rule = fee_rule_for(mtype, organisation.org_type, organisation.size_class)
    if rule is None:
        raise FeeError(
            _(
                "Membership type %(type)s has no fee rule for %(member)s "
                "(organisation type %(org_type)s, size class %(size)s)."
            )
            % {
                "type": mtype.name,
                "member": organisation,
                "org_type": organisation.get_org_type_display(),
                "size": organisation.get_size_class_display() or "—",
            }
        )
    return rule.yearly_amount


def fee_for(membership: Membership, period_start: date, period_end: date) -> Decimal:
    """The fee of `membership` for the period (both days included), pro-rated by days for a
    join or leave inside it, rounded to cents ROUND_HALF_UP. 0.00 for a free type or when the
    membership does not overlap the period."""
    fraction = covered_fraction(membership.since, membership.until, period_start, period_end)
    if not fraction:
        return ZERO
    amount = yearly_fee(membership)
    return (amount * fraction).quantize(CENT, rounding=ROUND_HALF_UP)


def billable_memberships(
    cluster: Cluster, period_start: date, period_end: date
) -> QuerySet[Membership]:
    """The cluster's memberships that overlap the period and have a paying (non-free) type,
    with their organisation, terms, type and fee rules loaded for `fee_for`."""
    return (
        Membership.objects.filter(
            Q(until__isnull=True) | Q(until__gte=period_start),
            cluster=cluster,
            since__lte=period_end,
            terms__membership_type__is_free=False,
        )
        .select_related("organisation", "cluster", "terms__membership_type")
        .prefetch_related("terms__membership_type__fee_rules")
        .order_by("organisation__name", "since", "pk")
    )
