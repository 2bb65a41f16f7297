"""Invoices of membership fees: generate a period's run from the fee rules, issue a draft,
delete a draft.

Invoice generation locks the cluster's settings row, so two runs for the same period cannot
both invoice one member; numbers come from base._take_numbers inside the same transaction.
"""

from dataclasses import dataclass
from dataclasses import field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.accounts.audit import record
from clusterhub.invoicing import vat
from clusterhub.invoicing.domain.base import AUDIT_INVOICE_ISSUED
from clusterhub.invoicing.domain.base import AUDIT_INVOICES_GENERATED
from clusterhub.invoicing.domain.base import _number_documents
from clusterhub.invoicing.domain.base import make_line
from clusterhub.invoicing.domain.base import set_totals
from clusterhub.invoicing.domain.base import settings_of
from clusterhub.invoicing.enums import InvoiceKind
from clusterhub.invoicing.models import ZERO
from clusterhub.invoicing.models import BillingProfile
from clusterhub.invoicing.models import Invoice
from clusterhub.invoicing.models import InvoiceLine
from clusterhub.invoicing.models import InvoicingSettings
from clusterhub.membership.fees import FeeError
from clusterhub.membership.fees import billable_memberships
from clusterhub.membership.fees import fee_for
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership


def _vat_number_of(membership: Membership | None) -> str:
    terms = getattr(membership, "terms", None) if membership is not None else None
    return getattr(terms, "vat_number", "") or ""


def _fill_parties(
    invoice: Invoice,
    settings: InvoicingSettings,
    membership: Membership,
    profile: BillingProfile | None,
) -> Decimal:
    """Copy seller and buyer details onto the invoice and decide its VAT case; the rate."""
    cluster = settings.cluster
    organisation = membership.organisation
    invoice.seller_name = settings.legal_name
    invoice.seller_address = settings.address
    invoice.seller_registration = settings.registration_number
    invoice.seller_vat_number = vat.printed_vat_number(settings.vat_number, cluster.country)
    invoice.seller_iban = settings.iban
    invoice.seller_bic = settings.bic
    invoice.buyer_name = organisation.name
    address = (profile.billing_address if profile else "") or ", ".join(
        part for part in (organisation.address, organisation.city) if part
    )
    invoice.buyer_address = address
    invoice.buyer_country = organisation.country
    invoice.buyer_registration = organisation.registration_number or ""
    raw_vat_number = _vat_number_of(membership)
    treatment, rate = vat.vat_case(
        policy=settings.vat_policy,
        rate=settings.vat_rate,
        seller_country=cluster.country,
        buyer_country=organisation.country,
        buyer_vat_number=raw_vat_number,
        buyer_non_taxable=bool(profile and profile.non_taxable),
    )
    invoice.buyer_vat_number = vat.printed_vat_number(raw_vat_number, organisation.country)
    invoice.vat_treatment = treatment
    invoice.vat_note = vat.vat_note(treatment, rate)
    return rate


def _fee_description(period_start: date, period_end: date) -> str:
    if (
        period_start.month == 1
        and period_start.day == 1
        and period_end == date(period_start.year, 12, 31)
    ):
        return _("Membership fee %(year)s") % {"year": period_start.year}
    return _("Membership fee %(start)s – %(end)s") % {
        "start": period_start.isoformat(),
        "end": period_end.isoformat(),
    }


@dataclass
class GenerationResult:
    created: list[Invoice] = field(default_factory=list)
    already_invoiced: int = 0
    free: int = 0
    problems: list[str] = field(default_factory=list)


def period_of_year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _check_period(period_start: date, period_end: date) -> None:
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    if (period_end - period_start).days > 3 * 366:
        raise ValidationError({"period_end": _("A period may be at most three years long.")})


def _already_invoiced(cluster: Cluster, period_start: date, period_end: date) -> set[int]:
    """The memberships with an invoice for exactly this period that is not fully credited."""
    return set(
        Invoice.objects.filter(
            cluster=cluster,
            kind=InvoiceKind.INVOICE,
            period_start=period_start,
            period_end=period_end,
            membership__isnull=False,
        )
        .exclude(total__gt=0, credited_amount__gte=F("total"))
        .values_list("membership_id", flat=True)
    )


def _fee_invoices(
    settings: InvoicingSettings, period_start: date, period_end: date, result: GenerationResult
) -> list[tuple[Invoice, list[InvoiceLine]]]:
    """An unsaved invoice with its lines for each billable membership not yet invoiced; the
    skipped ones are counted (or reported) in `result`."""
    cluster = settings.cluster
    done = _already_invoiced(cluster, period_start, period_end)
    memberships = list(billable_memberships(cluster, period_start, period_end))
    profiles = {
        p.organisation_id: p
        for p in BillingProfile.objects.filter(
            organisation_id__in=[m.organisation_id for m in memberships]
        )
    }
    description = _fee_description(period_start, period_end)
    made = []
    for membership in memberships:
        if membership.pk in done:
            result.already_invoiced += 1
            continue
        try:
            fee = fee_for(membership, period_start, period_end)
        except FeeError as error:
            result.problems.append(str(error))
            continue
        if fee <= 0:
            result.free += 1
            continue
        invoice = Invoice(
            cluster=cluster,
            organisation=membership.organisation,
            membership=membership,
            period_start=period_start,
            period_end=period_end,
        )
        rate = _fill_parties(
            invoice, settings, membership, profiles.get(membership.organisation_id)
        )
        invoice_lines = [make_line(1, description, 1, fee, rate)]
        set_totals(invoice, invoice_lines)
        made.append((invoice, invoice_lines))
    return made


def _store(made: list[tuple[Invoice, list[InvoiceLine]]]) -> list[Invoice]:
    """Save the invoices, then their lines, in bulk."""
    invoices = [invoice for invoice, _lines in made]
    Invoice.objects.bulk_create(invoices, batch_size=1000)
    all_lines = []
    for invoice, invoice_lines in made:
        for line in invoice_lines:
            line.invoice = invoice
            all_lines.append(line)
    InvoiceLine.objects.bulk_create(all_lines, batch_size=2000)
    return invoices


def generate_invoices(
    *,
    cluster: Cluster,
    period_start: date,
    period_end: date,
    issued_on: date | None = None,
    issue: bool = True,
) -> GenerationResult:
    """One invoice per billable membership of the period, from the fee rules.

    Idempotent: a membership that already has an invoice for the same period (not fully
    credited) is skipped, so a run can be repeated after fixing a fee rule. A free type or a
    fee of 0.00 gets no invoice. A membership whose fee cannot be worked out is reported and
    skipped. With `issue`, the new invoices are numbered in the members' alphabetical order.
    """
    _check_period(period_start, period_end)
    issued_on = issued_on or timezone.localdate()
    result = GenerationResult()
    with transaction.atomic():
        settings = (
            InvoicingSettings.objects.select_for_update()
            .select_related("cluster")
            .filter(cluster=cluster)
            .first()
        )
        if settings is None:
            settings_of(cluster)  # raises the message
        made = _fee_invoices(settings, period_start, period_end, result)
        if issue:
            _number_documents([invoice for invoice, _lines in made], settings, issued_on)
        invoices = _store(made)
        result.created = invoices
        if invoices:
            record(
                AUDIT_INVOICES_GENERATED,
                cluster=cluster,
                period=f"{period_start.isoformat()}/{period_end.isoformat()}",
                count=len(invoices),
                issued=issue,
                first=invoices[0].number,
                last=invoices[-1].number,
                total=str(sum((i.total for i in invoices), ZERO)),
            )
    return result


def issue_invoice(*, invoice: Invoice, issued_on: date | None = None) -> Invoice:
    """Number a draft and fix its dates; an issued invoice is refused."""
    issued_on = issued_on or timezone.localdate()
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.is_issued:
            raise ValidationError(_("Invoice %(number)s is already issued.") % {"number": invoice})
        settings = settings_of(invoice.cluster)
        _number_documents([invoice], settings, issued_on)
        invoice.save()
        record(AUDIT_INVOICE_ISSUED, target=invoice, total=str(invoice.total))
    return invoice


def delete_draft(*, invoice: Invoice) -> None:
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.is_issued:
            raise ValidationError(
                _("An issued invoice is never deleted; issue a credit note instead.")
            )
        invoice.delete()
