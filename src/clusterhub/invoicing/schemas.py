"""API schemas of invoicing: invoices are read-only, payments are created and listed."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import ConfigDict
from pydantic import Field

from clusterhub.registry.schemas import text

Amount = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2, allow_inf_nan=False)]


class InvoiceLineOut(Schema):
    description: str
    quantity: Decimal
    unit_price: Decimal
    net: Decimal
    vat_rate: Decimal
    vat: Decimal
    gross: Decimal


class InvoiceOut(Schema):
    id: int
    cluster_id: int
    organisation_id: int
    kind: str
    number: str
    credits_id: int | None
    issued_on: date | None
    due_on: date | None
    period_start: date
    period_end: date
    currency: str
    vat_treatment: str
    vat_note: str
    buyer_name: str
    buyer_vat_number: str
    net_total: Decimal
    vat_total: Decimal
    total: Decimal
    paid_amount: Decimal
    credited_amount: Decimal
    outstanding: Decimal
    status: str


class InvoiceDetailOut(InvoiceOut):
    lines: list[InvoiceLineOut]

    @staticmethod
    def resolve_lines(obj) -> list:
        return list(obj.lines.all())


class PaymentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    invoice_id: Annotated[int, Field(ge=1, le=2**63 - 1)]
    amount: Amount
    paid_on: date
    payer: text(200) = ""
    reference: text(300) = ""


class PaymentOut(Schema):
    id: int
    invoice_id: int
    invoice_number: str
    amount: Decimal
    paid_on: date
    payer: str
    reference: str
    source: str

    @staticmethod
    def resolve_invoice_number(obj) -> str:
        return obj.invoice.number
