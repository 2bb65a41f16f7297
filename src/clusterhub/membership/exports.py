"""The member list with type and fee, as CSV or XLSX (common/spreadsheets.py)."""

from datetime import date

from django.utils.translation import gettext as _

from clusterhub.membership.fees import FeeError
from clusterhub.membership.fees import fee_for
from clusterhub.membership.fees import yearly_fee
from clusterhub.membership.models import MemberTerms


def member_rows(memberships, year: int) -> tuple[list[str], list[list[object]]]:
    """One row per membership: organisation, country, type, size, membership type, since,
    until, VAT number, yearly fee and the fee for the year (blank with the reason when it
    cannot be worked out)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    headers = [
        _("Organisation"),
        _("Country"),
        _("Organisation type"),
        _("Size class"),
        _("Membership type"),
        _("Member since"),
        _("Member until"),
        _("Period ends"),
        _("VAT number"),
        _("Yearly fee (EUR)"),
        _("Fee %(year)s (EUR)") % {"year": year},
        _("Note"),
    ]
    rows = []
    for m in memberships:
        org = m.organisation
        try:
            terms = m.terms
        except MemberTerms.DoesNotExist:
            terms = None
        mtype = terms.membership_type if terms else None
        note = ""
        try:
            yearly, fee = yearly_fee(m), fee_for(m, start, end)
        except FeeError as exc:
            yearly = fee = None
            note = str(exc)
        rows.append(
            [
                org.name,
                org.country,
                org.get_org_type_display(),
                org.get_size_class_display(),
                mtype.name if mtype else "",
                m.since,
                m.until,
                terms.period_end if terms else None,
                terms.vat_number if terms else "",
                yearly,
                fee,
                note,
            ]
        )
    return headers, rows
