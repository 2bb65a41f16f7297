"""Pages of invoicing: a cluster's invoices, generating a period's run, an invoice with its
payments and credit notes, its PDF, the bank statement review, the settings, the accountant's
workbook, and a member's own invoices.

Thin: visibility from invoicing/queries.py (not visible: 404), rights from invoicing/rules.py
(visible but not allowed: 403), every write through invoicing/domain.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.downloads import PDF
from clusterhub.common.downloads import XLSX
from clusterhub.common.downloads import download
from clusterhub.common.pages import carry_out
from clusterhub.common.pages import form_page
from clusterhub.common.pages import id_or_404
from clusterhub.common.pages import list_page
from clusterhub.common.pages import redirect_once_saved
from clusterhub.common.pages import save_or_errors
from clusterhub.common.pages import saving_form_page
from clusterhub.common.pages import show_refusal
from clusterhub.invoicing import domain
from clusterhub.invoicing import reports
from clusterhub.invoicing import vat
from clusterhub.invoicing.enums import InvoiceKind
from clusterhub.invoicing.enums import StatementStatus
from clusterhub.invoicing.exports import accountant_workbook
from clusterhub.invoicing.exports import export_rows
from clusterhub.invoicing.filters import InvoiceFilters
from clusterhub.invoicing.forms import BillingProfileForm
from clusterhub.invoicing.forms import CreditNoteForm
from clusterhub.invoicing.forms import GenerateForm
from clusterhub.invoicing.forms import InvoiceFilterForm
from clusterhub.invoicing.forms import PaymentForm
from clusterhub.invoicing.forms import SettingsForm
from clusterhub.invoicing.forms import StatementForm
from clusterhub.invoicing.models import BillingProfile
from clusterhub.invoicing.models import Invoice
from clusterhub.invoicing.models import InvoicingSettings
from clusterhub.invoicing.queries import clusters_invoiced_by
from clusterhub.invoicing.queries import invoices_visible_to
from clusterhub.invoicing.queries import payments_visible_to
from clusterhub.invoicing.queries import statements_visible_to
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Organisation

# The area's layout, for the form pages drawn by common/form.html.
LAYOUT = "invoicing/base.html"


def _cluster(request, pk: int, permission: str = "invoicing.manage_invoices") -> Cluster:
    return object_for(request.user, Cluster.objects.all(), pk, permission)


@login_required
def index(request):
    clusters = clusters_invoiced_by(request.user).order_by("name")
    represented = Organisation.objects.filter(
        pk__in=invoices_visible_to(request.user).values("organisation_id")
    ).order_by("name")
    if not clusters and not represented:
        raise PermissionDenied
    return render(
        request, "invoicing/index.html", {"clusters": clusters, "organisations": represented}
    )


@login_required
def cluster_invoices(request, pk: int):
    cluster = _cluster(request, pk)
    today = timezone.localdate()
    qs = invoices_visible_to(request.user).filter(cluster=cluster)
    page, error = list_page(request, InvoiceFilters, qs, extra={"cluster": cluster.pk})
    chosen = InvoiceFilters.chosen(request.GET)
    totals = (
        page.paginator.object_list.filter(kind=InvoiceKind.INVOICE, sequence__isnull=False)
        .order_by()
        .aggregate(
            invoiced=Sum("total"),
            paid=Sum("paid_amount"),
            credited=Sum("credited_amount"),
            n=Count("pk"),
        )
    )
    years = sorted(
        {y for y in Invoice.objects.filter(cluster=cluster).values_list("year", flat=True) if y},
        reverse=True,
    )
    statements = statements_visible_to(request.user).filter(
        cluster=cluster, status=StatementStatus.REVIEW
    )
    return render(
        request,
        "invoicing/cluster.html",
        {
            "cluster": cluster,
            "page": page,
            "today": today,
            "filter_error": error,
            "filter_form": InvoiceFilterForm(request.GET, years=years),
            "totals": totals,
            "settings": InvoicingSettings.objects.filter(cluster=cluster).first(),
            "can_settings": request.user.has_perm("invoicing.change_settings", cluster),
            "statement_form": StatementForm(),
            "statements": statements,
            "export_year": chosen.year or today.year,
        },
    )


@login_required
def settings_edit(request, pk: int):
    cluster = _cluster(request, pk, "invoicing.change_settings")
    instance = InvoicingSettings.objects.filter(cluster=cluster).first() or InvoicingSettings(
        cluster=cluster, legal_name=cluster.name, address=cluster.address
    )
    form = SettingsForm(request.POST or None, instance=instance)
    return saving_form_page(
        request,
        form,
        lambda: domain.save_settings(settings=form.instance),
        done=_("The invoicing settings were saved."),
        title=_("Invoicing settings of %(cluster)s") % {"cluster": cluster.acronym},
        back_url=reverse("invoicing:cluster", args=[pk]),
        base_template=LAYOUT,
    )


@login_required
def billing_profile(request, pk: int, org: int):
    cluster = _cluster(request, pk)
    organisation = object_for(
        request.user, Organisation.objects.filter(memberships__cluster=cluster).distinct(), org
    )
    instance = BillingProfile.objects.filter(organisation=organisation).first() or BillingProfile(
        organisation=organisation
    )
    form = BillingProfileForm(request.POST or None, instance=instance)
    return saving_form_page(
        request,
        form,
        lambda: domain.save_billing_profile(profile=form.instance),
        done=_("The billing details were saved."),
        title=_("Billing details of %(member)s") % {"member": organisation.name},
        back_url=reverse("invoicing:cluster", args=[pk]),
        base_template=LAYOUT,
    )


@login_required
def generate(request, pk: int):
    cluster = _cluster(request, pk)
    form = GenerateForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = {}
        if save_or_errors(
            form,
            lambda: done.setdefault(
                "result",
                domain.generate_invoices(
                    cluster=cluster,
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    issued_on=data["issued_on"],
                    issue=data["issue"],
                ),
            ),
        ):
            result = done["result"]
            messages.success(
                request,
                _(
                    "%(created)s invoices created; %(done)s members already invoiced for the "
                    "period, %(free)s without a fee."
                )
                % {
                    "created": len(result.created),
                    "done": result.already_invoiced,
                    "free": result.free,
                },
            )
            for problem in result.problems[:20]:
                messages.warning(request, problem)
            if len(result.problems) > 20:
                messages.warning(
                    request,
                    _("… and %(n)s more members without a fee.") % {"n": len(result.problems) - 20},
                )
            return redirect("invoicing:cluster", pk=pk)
    return form_page(
        request,
        form,
        title=_("Invoice the membership fees of %(cluster)s") % {"cluster": cluster.acronym},
        back_url=reverse("invoicing:cluster", args=[pk]),
        submit=_("Create the invoices"),
        base_template=LAYOUT,
    )


def _invoice(request, pk: int, permission: str = "") -> Invoice:
    return object_for(request.user, invoices_visible_to(request.user), pk, permission)


@login_required
def invoice_detail(request, pk: int):
    invoice = _invoice(request, pk)
    can_handle = request.user.has_perm("invoicing.handle_invoice", invoice)
    payment_form = PaymentForm(
        initial={"amount": max(invoice.outstanding, 0), "paid_on": timezone.localdate()}
    )
    credit_form = CreditNoteForm()
    if request.method == "POST":
        require(request.user, "invoicing.handle_invoice", invoice)
        action = request.POST.get("action")
        if action == "payment":
            payment_form = PaymentForm(request.POST)
            recorded = redirect_once_saved(
                request,
                payment_form,
                lambda: domain.record_payment(
                    invoice=invoice, user=request.user, **payment_form.cleaned_data
                ),
                done=_("The payment was recorded."),
                then=reverse("invoicing:invoice", args=[pk]),
            )
            if recorded:
                return recorded
        elif action == "credit":
            credit_form = CreditNoteForm(request.POST)
            issued = redirect_once_saved(
                request,
                credit_form,
                lambda: domain.create_credit_note(invoice=invoice, **credit_form.cleaned_data),
                done=lambda note: _("Credit note %(number)s was issued.") % {"number": note},
                then=lambda note: reverse("invoicing:invoice", args=[note.pk]),
            )
            if issued:
                return issued
        elif action == "issue":
            carry_out(request, lambda: domain.issue_invoice(invoice=invoice))
            return redirect("invoicing:invoice", pk=pk)
        else:
            raise Http404
    status = 400 if payment_form.errors or credit_form.errors else 200
    return render(
        request,
        "invoicing/invoice.html",
        {
            "invoice": invoice,
            "cluster": invoice.cluster,
            "lines": invoice.lines.all(),
            "payments": invoice.payments.select_related("recorded_by"),
            "credit_notes": invoice.credit_notes.all(),
            "can_handle": can_handle,
            "payment_form": payment_form,
            "credit_form": credit_form,
            "rounding": vat.ROUNDING_STATEMENT,
        },
        status=status,
    )


@login_required
@require_POST
def delete_draft(request, pk: int):
    invoice = _invoice(request, pk, "invoicing.handle_invoice")
    cluster_pk = invoice.cluster_id
    if carry_out(
        request, lambda: domain.delete_draft(invoice=invoice), done=_("The draft was deleted.")
    ):
        return redirect("invoicing:cluster", pk=cluster_pk)
    return redirect("invoicing:invoice", pk=pk)


@login_required
@require_POST
def undo_payment(request, pk: int):
    """Take back a payment recorded by mistake; the invoice is unpaid or partly paid again."""
    payment = object_for(request.user, payments_visible_to(request.user), pk)
    require(request.user, "invoicing.handle_invoice", payment.invoice)
    carry_out(
        request, lambda: domain.undo_payment(payment=payment), done=_("The payment was undone.")
    )
    return redirect("invoicing:invoice", pk=payment.invoice_id)


@login_required
def invoice_pdf(request, pk: int):
    invoice = _invoice(request, pk)
    if not invoice.is_issued:
        raise Http404
    # Shown in the browser (inline): the invoice is read before it is saved or printed.
    return download(reports.invoice_pdf(invoice), f"{invoice.number}.pdf", PDF, inline=True)


@login_required
def export(request, pk: int, year: int):
    cluster = _cluster(request, pk)
    if not 2000 <= year <= 2100:
        raise Http404
    data = accountant_workbook(*export_rows(cluster, year))
    return download(data, f"invoices-{cluster.acronym.lower()}-{year}.xlsx", XLSX)


@login_required
@require_POST
def statement_upload(request, pk: int):
    cluster = _cluster(request, pk)
    form = StatementForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > domain.MAX_STATEMENT_BYTES:
            messages.error(request, _("The file is too large (at most 5 MB)."))
            return redirect("invoicing:cluster", pk=pk)
        try:
            statement = domain.read_bank_statement(
                cluster=cluster, data=upload.read(), filename=upload.name, user=request.user
            )
        except ValidationError as error:
            show_refusal(request, error)
            return redirect("invoicing:cluster", pk=pk)
        return redirect("invoicing:statement", pk=statement.pk)
    messages.error(request, _("Choose a CSV or XLSX file of the bank statement."))
    return redirect("invoicing:cluster", pk=pk)


@login_required
def statement_review(request, pk: int):
    statement = object_for(
        request.user, statements_visible_to(request.user), pk, "invoicing.handle_invoice"
    )
    open_invoices = list(
        domain.open_invoices(statement.cluster).only("pk", "number", "buyer_name", "total")
    )
    if request.method == "POST":
        if request.POST.get("action") == "discard":
            carry_out(request, lambda: domain.discard_bank_statement(statement=statement))
            return redirect("invoicing:cluster", pk=statement.cluster_id)
        choices = {}
        for value in request.POST.getlist("apply"):
            row = id_or_404(value)
            choices[row] = id_or_404(request.POST.get(f"invoice_{row}", ""))
        if carry_out(
            request,
            lambda: domain.apply_bank_statement(
                statement=statement, choices=choices, user=request.user
            ),
            done=lambda payments: _("%(n)s payments were recorded.") % {"n": len(payments)},
        ):
            return redirect("invoicing:cluster", pk=statement.cluster_id)
    return render(
        request,
        "invoicing/statement.html",
        {
            "statement": statement,
            "cluster": statement.cluster,
            "rows": statement.rows,
            "open_invoices": open_invoices,
            "proposed": domain.PROPOSED,
            "editable": statement.status == StatementStatus.REVIEW,
        },
    )


@login_required
def organisation_invoices(request, pk: int):
    organisation = object_for(request.user, Organisation.objects.all(), pk)
    invoices = (
        invoices_visible_to(request.user)
        .filter(organisation=organisation, sequence__isnull=False)
        .order_by("-issued_on", "-sequence")
    )
    if not request.user.has_perm("invoicing.view_own_invoices", organisation) and not (
        invoices.exists()
    ):
        raise PermissionDenied
    return render(
        request,
        "invoicing/organisation.html",
        {"organisation": organisation, "invoices": invoices, "today": timezone.localdate()},
    )


@login_required
@require_POST
def send_reminders(request, pk: int):
    cluster = _cluster(request, pk)
    result = domain.send_overdue_reminders(cluster=cluster)
    messages.success(
        request,
        _("%(sent)s reminders sent; %(later)s reminded recently; %(none)s without an address.")
        % {"sent": result.sent, "later": result.not_due_yet, "none": len(result.no_address)},
    )
    return redirect("invoicing:cluster", pk=pk)
