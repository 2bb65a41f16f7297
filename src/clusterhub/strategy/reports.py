"""The strategy as a document: what the page, the PDF and the Markdown export share.

The Markdown is written here in Python (a template would fight Markdown's whitespace); the page
and the PDF render the same `document_context` through templates.
"""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from clusterhub.common.pdf import render_pdf
from clusterhub.registry.funding import FundingNotice
from clusterhub.registry.funding import funding_notice
from clusterhub.strategy.models import Strategy
from clusterhub.strategy.progress import Progress
from clusterhub.strategy.progress import progress_of
from clusterhub.strategy.templatetags.strategy_tags import figure


def owner_label(strategy: Strategy) -> str:
    if strategy.cluster_id:
        return _("Cluster: %(name)s") % {"name": strategy.cluster}
    return _("Programme: %(acronym)s (%(name)s)") % {
        "acronym": strategy.programme.acronym,
        "name": strategy.programme.name,
    }


def notice_of(strategy: Strategy) -> FundingNotice | None:
    """The funding acknowledgement and disclaimer, when the strategy is a funded project output."""
    return funding_notice(strategy.funding_programme)


def document_context(strategy: Strategy) -> dict:
    objectives = list(
        strategy.objectives.prefetch_related(
            "actions__owner_user", "actions__owner_person", "actions__links__content_type"
        )
    )
    progress = progress_of(strategy)
    return {
        "strategy": strategy,
        "owner_label": owner_label(strategy),
        "objectives": objectives,
        "progress": progress,
        "overdue_ids": {a.pk for a in progress.overdue},
        "funding_notice": notice_of(strategy),
    }


def strategy_pdf(strategy: Strategy, *, request=None) -> bytes:
    return render_pdf("strategy/pdf.html", document_context(strategy), request=request)


def filename(strategy: Strategy, extension: str) -> str:
    """The document's file name: the strategy's title as a slug."""
    return f"{slugify(strategy.title) or 'strategy'}.{extension}"


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _amount(value, unit: str) -> str:
    return _cell(f"{figure(value)} {unit}".strip())


def _block(text: str) -> str:
    return text.strip().replace("\r\n", "\n")


def to_markdown(strategy: Strategy) -> str:
    ctx = document_context(strategy)
    progress: Progress = ctx["progress"]
    lines = [
        f"# {_cell(strategy.title)}",
        "",
        f"{_cell(ctx['owner_label'])}  ",
        _("Period: %(start)s to %(end)s") % {"start": strategy.start, "end": strategy.end},
        "",
    ]
    for heading, text in ((_("Vision"), strategy.vision), (_("Mission"), strategy.mission)):
        if text.strip():
            lines += [f"## {heading}", "", _block(text), ""]
    lines += [f"## {_('Objectives')}", ""]
    if not ctx["objectives"]:
        lines += [_("No objectives yet."), ""]
    for number, objective in enumerate(ctx["objectives"], start=1):
        lines += [f"### {number}. {_cell(objective.title)}", ""]
        if objective.description.strip():
            lines += [_block(objective.description), ""]
        actions = list(objective.actions.all())
        if actions:
            lines += [
                f"| {_('Action')} | {_('Owner')} | {_('Due')} | {_('Status')} | {_('Linked')} |",
                "|---|---|---|---|---|",
            ]
            for action in actions:
                status = action.get_status_display()
                if action.pk in ctx["overdue_ids"]:
                    status = f"{status} ({_('overdue')})"
                links = ", ".join(f"{link.kind}: {link}" for link in action.links.all())
                lines.append(
                    f"| {_cell(action.title)} | {_cell(action.owner_name or '-')} | "
                    f"{action.due_date or '-'} | {_cell(status)} | {_cell(links or '-')} |"
                )
            lines.append("")
    lines += [f"## {_('Key performance indicators')}", ""]
    if progress.kpis:
        lines += [
            f"| {_('KPI')} | {_('Baseline')} | {_('Target')} | {_('Latest')} | {_('Status')} |",
            "|---|---|---|---|---|",
        ]
        for item in progress.kpis:
            kpi = item.kpi
            latest = (
                f"{_amount(item.latest.value, kpi.unit)} ({item.latest.date})"
                if item.latest
                else "-"
            )
            lines.append(
                f"| {_cell(kpi.name)} | {_amount(kpi.baseline, kpi.unit)} "
                f"| {_amount(kpi.target, kpi.unit)} "
                f"| {latest} | {item.status_label} |"
            )
        lines.append("")
    else:
        lines += [_("No KPIs yet."), ""]
    notice = ctx["funding_notice"]
    if notice is not None:
        lines += ["---", "", notice.acknowledgement, "", notice.disclaimer, ""]
    return "\n".join(lines)
