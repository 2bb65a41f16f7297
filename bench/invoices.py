"""Benchmark of invoicing (issue 18): one run invoicing 10,000 members, on PostgreSQL.

Builds a cluster of --n member organisations (a quarter in other EU countries with VAT numbers,
some outside the EU, a few non-taxable), each with a paying membership type whose fee depends on
the size class, a third joining during the year (pro-rated). Then measures:
- generate: `generate_invoices` for the calendar year, issued and numbered (target < 60 s);
- again: the same run repeated (every member already invoiced: skipped);
- statement: reading a bank statement of one line per invoice for review (matching by number
  and amount), and applying it (recording the payments);
- pdf: rendering one invoice as PDF.

Use a database of its own; the bench cluster (acronym BENCH-INV) is removed and rebuilt first:
  createdb -h 127.0.0.1 -U postgres clusterhub_bench
  CLUSTERHUB_DATABASE_URL=postgres://postgres@127.0.0.1:5432/clusterhub_bench \\
      .venv/bin/python bench/invoices.py --n 10000
Writes bench/results/invoices.json.
"""

import argparse
import json
import os
import platform
import random
import sys
import time
from datetime import date
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterhub.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from clusterhub.common.pdf import render_pdf  # noqa: E402
from clusterhub.invoicing import domain  # noqa: E402
from clusterhub.invoicing import vat  # noqa: E402
from clusterhub.invoicing.models import BankStatement  # noqa: E402
from clusterhub.invoicing.models import BillingProfile  # noqa: E402
from clusterhub.invoicing.models import Invoice  # noqa: E402
from clusterhub.invoicing.models import InvoiceCounter  # noqa: E402
from clusterhub.invoicing.models import InvoiceLine  # noqa: E402
from clusterhub.invoicing.models import InvoicingSettings  # noqa: E402
from clusterhub.invoicing.models import Payment  # noqa: E402
from clusterhub.membership.models import FeeRule  # noqa: E402
from clusterhub.membership.models import MembershipType  # noqa: E402
from clusterhub.membership.models import MemberTerms  # noqa: E402
from clusterhub.registry.models import Cluster  # noqa: E402
from clusterhub.registry.models import Membership  # noqa: E402
from clusterhub.registry.models import Organisation  # noqa: E402

ACRONYM = "BENCH-INV"
YEAR = 2026
SIZES = {"micro": "300.00", "small": "600.00", "medium": "1200.00", "large": "2500.00"}


def clean() -> None:
    cluster = Cluster.objects.filter(acronym=ACRONYM).first()
    if cluster is None:
        return
    Payment.objects.filter(invoice__cluster=cluster).delete()
    InvoiceLine.objects.filter(invoice__cluster=cluster).delete()
    Invoice.objects.filter(cluster=cluster, kind="credit_note").delete()
    Invoice.objects.filter(cluster=cluster).delete()
    BankStatement.objects.filter(cluster=cluster).delete()
    InvoiceCounter.objects.filter(cluster=cluster).delete()
    orgs = list(
        Membership.objects.filter(cluster=cluster).values_list("organisation_id", flat=True)
    )
    MemberTerms.objects.filter(membership__cluster=cluster).delete()
    Membership.objects.filter(cluster=cluster).delete()
    BillingProfile.objects.filter(organisation_id__in=orgs).delete()
    Organisation.objects.filter(pk__in=orgs).delete()
    cluster.delete()


def build(n: int) -> Cluster:
    rng = random.Random(18)
    cluster = Cluster.objects.create(
        name="Bench invoicing cluster",
        acronym=ACRONYM,
        country="LV",
        sector_group="ict",
        management_fte=1,
        city="Riga",
    )
    InvoicingSettings.objects.create(
        cluster=cluster,
        legal_name="Bench Cluster biedrība",
        address="Brīvības iela 1, Rīga",
        vat_number="LV40008000001",
        iban="LV80BANK0000435195001",
        invoice_prefix="BENCH",
        vat_rate=Decimal("21.00"),
    )
    mtype = MembershipType.objects.create(cluster=cluster, name="Member")
    FeeRule.objects.bulk_create(
        FeeRule(membership_type=mtype, size_class=size, yearly_amount=Decimal(amount))
        for size, amount in SIZES.items()
    )
    countries = ["LV"] * 14 + ["EE", "LT", "DE", "SE", "FI"] + ["NO"]
    vat_numbers = {
        "EE": "EE10{:07d}",
        "LT": "LT{:09d}",
        "DE": "DE{:09d}",
        "SE": "SE{:010d}01",
        "FI": "FI{:08d}",
    }
    orgs = Organisation.objects.bulk_create(
        (
            Organisation(
                name=f"Bench member {i:05d}",
                country=rng.choice(countries),
                org_type="sme",
                size_class=rng.choice(list(SIZES)),
            )
            for i in range(n)
        ),
        batch_size=2000,
    )
    memberships = Membership.objects.bulk_create(
        (
            Membership(
                cluster=cluster,
                organisation=org,
                since=(
                    date(YEAR, 1, 1) + timedelta(days=rng.randint(0, 300))
                    if i % 3 == 0
                    else date(2020, 1, 1)
                ),
            )
            for i, org in enumerate(orgs)
        ),
        batch_size=2000,
    )
    MemberTerms.objects.bulk_create(
        (
            MemberTerms(
                membership=m,
                membership_type=mtype,
                vat_number=(
                    vat_numbers[m.organisation.country].format(i)
                    if m.organisation.country in vat_numbers and i % 2 == 0
                    else ""
                ),
            )
            for i, m in enumerate(memberships)
        ),
        batch_size=2000,
    )
    BillingProfile.objects.bulk_create(
        BillingProfile(organisation=org, non_taxable=True) for org in orgs[::50]
    )
    return cluster


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("warning: not PostgreSQL; the target is stated for PostgreSQL", file=sys.stderr)
    call_command("migrate", verbosity=0)
    clean()
    t = time.perf_counter()
    cluster = build(args.n)
    build_s = time.perf_counter() - t

    t = time.perf_counter()
    result = domain.generate_invoices(
        cluster=cluster,
        period_start=date(YEAR, 1, 1),
        period_end=date(YEAR, 12, 31),
        issued_on=date(YEAR, 1, 20),
    )
    generate_s = time.perf_counter() - t
    invoices = result.created

    t = time.perf_counter()
    again = domain.generate_invoices(
        cluster=cluster,
        period_start=date(YEAR, 1, 1),
        period_end=date(YEAR, 12, 31),
        issued_on=date(YEAR, 1, 20),
    )
    again_s = time.perf_counter() - t

    lines = ["date,amount,reference,payer"]
    for invoice in invoices:
        lines.append(f"{YEAR}-02-10,{invoice.total},Invoice {invoice.number},{invoice.buyer_name}")
    data = ("\n".join(lines) + "\n").encode()
    t = time.perf_counter()
    statement = domain.read_bank_statement(cluster=cluster, data=data, filename="bench.csv")
    read_s = time.perf_counter() - t
    full = sum(1 for row in statement.rows if row["outcome"] == "full")
    choices = {row["row"]: row["invoice"] for row in statement.rows if row["outcome"] == "full"}
    t = time.perf_counter()
    payments = domain.apply_bank_statement(statement=statement, choices=choices)
    apply_s = time.perf_counter() - t

    invoice = invoices[0]
    t = time.perf_counter()
    pdf = render_pdf(
        "invoicing/invoice_pdf.html",
        {"invoice": invoice, "lines": invoice.lines.all(), "rounding": vat.ROUNDING_STATEMENT},
    )
    pdf_s = time.perf_counter() - t

    treatments: dict[str, int] = {}
    for i in invoices:
        treatments[i.vat_treatment] = treatments.get(i.vat_treatment, 0) + 1
    sequences = sorted(i.sequence for i in invoices)
    out = {
        "n": args.n,
        "database": connection.vendor,
        "build_s": round(build_s, 2),
        "generate_s": round(generate_s, 2),
        "invoices": len(invoices),
        "invoices_per_s": round(len(invoices) / generate_s),
        "gapless": sequences == list(range(1, len(invoices) + 1)),
        "again_s": round(again_s, 2),
        "again_skipped": again.already_invoiced,
        "statement_read_s": round(read_s, 2),
        "statement_full_matches": full,
        "statement_apply_s": round(apply_s, 2),
        "payments": len(payments),
        "pdf_s": round(pdf_s, 3),
        "pdf_bytes": len(pdf),
        "vat_treatments": treatments,
        "target_generate_s": 60,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }
    print(json.dumps(out, indent=2))
    results = ROOT / "bench" / "results" / "invoices.json"
    results.write_text(json.dumps(out, indent=2) + "\n")
    clean()


if __name__ == "__main__":
    main()
