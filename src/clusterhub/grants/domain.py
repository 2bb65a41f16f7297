"""The verbs of funded projects. Forms, API handlers, the CLI and the demo all call these.

Each verb validates with the models' own clean() (through full_clean) plus the rules that span
rows (shares adding up to the total, a budget line's use), and writes in one transaction: a
refused change leaves nothing half-saved.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.db.models import Sum
from django.utils.translation import gettext as _

from clusterhub.accounts import audit
from clusterhub.accounts.enums import AuditAction
from clusterhub.common.numbers import format_money
from clusterhub.common.numbers import format_percent
from clusterhub.common.saving import save
from clusterhub.core import grant_money
from clusterhub.core.grant_money import LineState
from clusterhub.grants.enums import DIRECT_CATEGORIES
from clusterhub.grants.enums import CostCategory
from clusterhub.grants.enums import PartnerRole
from clusterhub.grants.models import BudgetLine
from clusterhub.grants.models import Deliverable
from clusterhub.grants.models import DeliverableLink
from clusterhub.grants.models import Expenditure
from clusterhub.grants.models import Milestone
from clusterhub.grants.models import NewsArticle
from clusterhub.grants.models import Partner
from clusterhub.grants.models import Project
from clusterhub.grants.models import ReportingPeriod
from clusterhub.grants.models import Task
from clusterhub.grants.models import WorkPackage
from clusterhub.registry.models import Organisation


def save_project(*, project: Project) -> Project:
    """Create or update a project (its programme, dates and the grant's figures)."""
    if project.pk is not None and project.partners.exists():
        shares = grant_money.cents(
            project.partners.aggregate(s=Sum("budget_share"))["s"] or Decimal(0)
        )
        if shares != project.total_budget:
            raise ValidationError(
                {
                    "total_budget": _(
                        "The partners' budget shares add up to %(shares)s; change the "
                        "consortium together with the total."
                    )
                    % {"shares": format_money(shares)}
                }
            )
    if project.pk is not None:
        _check_dates_keep_the_plan(project)
    return save(project)


def _check_dates_keep_the_plan(project: Project) -> None:
    """A project may not shrink past the expenditure and work plan already recorded."""
    if project.start_date is None or project.duration_months is None:
        return
    end = grant_money.project_end(project.start_date, project.duration_months)
    costs = Expenditure.objects.filter(partner__project=project)
    outside = costs.exclude(date__gte=project.start_date, date__lte=end).count()
    if outside:
        raise ValidationError(
            {
                "start_date": _(
                    "%(n)s expenditure entries would fall outside %(start)s to %(end)s."
                )
                % {"n": outside, "start": project.start_date, "end": end}
            }
        )
    months = [
        *project.work_packages.values_list("end_month", flat=True),
        *project.milestones.values_list("due_month", flat=True),
        *Deliverable.objects.filter(work_package__project=project).values_list(
            "due_month", flat=True
        ),
        *project.periods.values_list("end_month", flat=True),
    ]
    if months and max(months) > project.duration_months:
        raise ValidationError(
            {
                "duration_months": _(
                    "The work plan runs to month %(m)s; shorten it before the project."
                )
                % {"m": max(months)}
            }
        )


@dataclass(frozen=True)
class PartnerSpec:
    organisation: Organisation
    role: str
    budget_share: Decimal


def set_consortium(*, project: Project, partners: list[PartnerSpec]) -> list[Partner]:
    """Replace the project's consortium: partners in the order given, numbered from 1.

    Exactly one lead partner; no organisation twice; the shares add up to the total budget to
    the cent. A partner that has expenditure cannot be removed.
    """
    errors = []
    leads = [p for p in partners if p.role == PartnerRole.LEAD]
    if len(leads) != 1:
        errors.append(_("Name exactly one lead partner (%(n)s given).") % {"n": len(leads)})
    seen: set[int] = set()
    for spec in partners:
        if spec.organisation.pk in seen:
            errors.append(_("%(org)s is named twice.") % {"org": spec.organisation})
        seen.add(spec.organisation.pk)
        if spec.role not in PartnerRole.values:
            errors.append(_("Unknown partner role %(role)s.") % {"role": spec.role})
        if spec.budget_share < 0:
            errors.append(
                _("A budget share cannot be negative (%(org)s).") % {"org": spec.organisation}
            )
    total = sum((grant_money.cents(p.budget_share) for p in partners), Decimal("0.00"))
    if total != project.total_budget:
        errors.append(
            _(
                "The partners' budget shares add up to %(sum)s, not the total eligible "
                "budget of %(total)s (difference %(diff)s)."
            )
            % {
                "sum": format_money(total),
                "total": format_money(project.total_budget),
                "diff": format_money(project.total_budget - total),
            }
        )
    if errors:
        raise ValidationError({"partners": errors})
    with transaction.atomic():
        kept = {p.organisation_id: p for p in project.partners.all()}
        removed = [p for org, p in kept.items() if org not in seen]
        for partner in removed:
            if partner.expenditures.exists():
                raise ValidationError(
                    {
                        "partners": _("%(org)s has expenditure and cannot leave the consortium.")
                        % {"org": partner.organisation}
                    }
                )
            partner.delete()
        # Clear the lead first so the one-lead constraint holds while rows change.
        project.partners.filter(role=PartnerRole.LEAD).update(role=PartnerRole.PARTNER)
        result = []
        for number, spec in enumerate(partners, start=1):
            partner = kept.get(spec.organisation.pk) or Partner(
                project=project, organisation=spec.organisation
            )
            partner.role = spec.role
            partner.number = number
            partner.budget_share = grant_money.cents(spec.budget_share)
            result.append(save(partner, constraints=False))
        audit.record(
            AuditAction.BUDGET_CHANGED,
            target=project,
            budget_shares={str(p): str(p.budget_share) for p in result},
        )
    return result


def set_budget(*, project: Project, lines: Mapping[Partner, Mapping[str, Decimal]]) -> None:
    """Replace the planned direct costs of the partners given, by category.

    Indirect costs follow at the project's flat rate; each partner's direct plus indirect costs
    must equal its budget share to the cent.
    """
    errors = []
    for partner, by_category in lines.items():
        if partner.project_id != project.pk:
            errors.append(_("%(p)s is not a partner of this project.") % {"p": partner})
            continue
        for category, amount in by_category.items():
            if category not in DIRECT_CATEGORIES:
                errors.append(
                    _("Unknown cost category %(value)s; use one of: %(choices)s.")
                    % {"value": category, "choices": ", ".join(DIRECT_CATEGORIES)}
                )
            elif amount < 0:
                errors.append(_("A budget line cannot be negative (%(p)s).") % {"p": partner})
        direct = sum((grant_money.cents(a) for a in by_category.values()), Decimal("0.00"))
        indirect = grant_money.flat_rate(direct, rate_percent=project.indirect_rate)
        if direct + indirect != partner.budget_share:
            errors.append(
                _(
                    "%(p)s: direct costs %(direct)s plus indirect costs %(indirect)s "
                    "(%(rate)s) make %(sum)s, not its budget share of %(share)s."
                )
                % {
                    "p": partner,
                    "direct": format_money(direct),
                    "indirect": format_money(indirect),
                    "rate": format_percent(project.indirect_rate, "-2"),
                    "sum": format_money(direct + indirect),
                    "share": format_money(partner.budget_share),
                }
            )
    if errors:
        raise ValidationError({"budget": errors})
    with transaction.atomic():
        for partner, by_category in lines.items():
            partner.budget_lines.exclude(category__in=list(by_category)).delete()
            for category, amount in by_category.items():
                line, _created = BudgetLine.objects.get_or_create(
                    partner=partner, category=category, defaults={"amount": amount}
                )
                line.amount = grant_money.cents(amount)
                save(line)
        audit.record(
            AuditAction.BUDGET_CHANGED,
            target=project,
            direct_costs={
                str(p): str(sum(by_cat.values(), Decimal(0))) for p, by_cat in lines.items()
            },
        )


def planned(partner: Partner, category: str) -> Decimal:
    line = partner.budget_lines.filter(category=category).first()
    return line.amount if line else Decimal("0.00")


def spent(partner: Partner, category: str, *, excluding: int | None = None) -> Decimal:
    qs = partner.expenditures.filter(category=category)
    if excluding is not None:
        qs = qs.exclude(pk=excluding)
    return grant_money.cents(qs.aggregate(s=Sum("amount_eur"))["s"] or Decimal(0))


@dataclass
class ExpenditureCheck:
    """What an expenditure does to its budget line, shown before it is saved."""

    state: LineState
    planned: Decimal
    spent_after: Decimal
    use_percent: Decimal | None
    warnings: list[str] = field(default_factory=list)


def check_expenditure(*, expenditure: Expenditure) -> ExpenditureCheck:
    """Validate an expenditure and say how full its budget line would be after it."""
    expenditure.full_clean(exclude=["amount_eur"])
    partner = expenditure.partner
    plan = planned(partner, expenditure.category)
    after = spent(partner, expenditure.category, excluding=expenditure.pk) + expenditure.amount_eur
    state = grant_money.line_state(spent=after, planned=plan)
    use = grant_money.use_percent(spent=after, planned=plan)
    result = ExpenditureCheck(state=state, planned=plan, spent_after=after, use_percent=use)
    label = CostCategory(expenditure.category).label
    values = {
        "p": partner,
        "cat": label,
        "after": format_money(after),
        "plan": format_money(plan),
        "use": format_percent(use, 1),
    }
    if state == LineState.OVER:
        result.warnings.append(
            _(
                "This takes %(p)s's %(cat)s line to %(after)s of %(plan)s planned "
                "(%(use)s): over budget. Confirm the overrun to record it."
            )
            % values
        )
    elif state == LineState.WARN:
        result.warnings.append(
            _(
                "This takes %(p)s's %(cat)s line to %(after)s of %(plan)s planned "
                "(%(use)s): more than 90 %% used."
            )
            % values
        )
    return result


def save_expenditure(
    *, expenditure: Expenditure, confirm_overrun: bool = False, user=None
) -> ExpenditureCheck:
    """Record (or change) an expenditure. Above 100 % of its budget line it is refused unless
    the overrun is confirmed; above 90 % it is saved with a warning (returned)."""
    with transaction.atomic():
        # Lock the partner row so two entries at once cannot both slip under the line.
        Partner.objects.select_for_update().filter(pk=expenditure.partner_id).first()
        check = check_expenditure(expenditure=expenditure)
        if check.state == LineState.OVER and not confirm_overrun:
            raise ValidationError({"amount": check.warnings})
        expenditure.over_budget_confirmed = check.state == LineState.OVER
        if expenditure.over_budget_confirmed:
            # The confirmation answered the warning; repeating it after saving reads as a refusal.
            check.warnings = []
        if user is not None and expenditure.created_by_id is None:
            expenditure.created_by = user
        created = expenditure.pk is None
        expenditure.save()
        audit.record(
            AuditAction.EXPENDITURE_CREATED if created else AuditAction.EXPENDITURE_CHANGED,
            target=expenditure,
            **_money_details(expenditure),
        )
    return check


def _money_details(expenditure: Expenditure) -> dict:
    """What the audit log keeps of an expenditure: amounts as exact Decimal strings."""
    return {
        "project": expenditure.partner.project.acronym,
        "amount": str(expenditure.amount),
        "currency": expenditure.currency,
        "amount_eur": str(expenditure.amount_eur),
        "category": expenditure.category,
    }


@transaction.atomic
def delete_expenditure(*, expenditure: Expenditure) -> None:
    audit.record(AuditAction.EXPENDITURE_DELETED, target=expenditure, **_money_details(expenditure))
    if expenditure.receipt:
        expenditure.receipt.delete(save=False)
    expenditure.delete()


def save_work_package(*, work_package: WorkPackage) -> WorkPackage:
    return save(work_package)


def save_task(*, task: Task) -> Task:
    return save(task)


def save_deliverable(*, deliverable: Deliverable) -> Deliverable:
    return save(deliverable)


def save_milestone(*, milestone: Milestone) -> Milestone:
    return save(milestone)


def save_period(*, period: ReportingPeriod) -> ReportingPeriod:
    return save(period)


def link_deliverable(*, deliverable: Deliverable, target: Model, note: str = "") -> DeliverableLink:
    """Record that a platform object (event, strategy, assessment, training...) fulfils it."""
    from django.contrib.contenttypes.models import ContentType

    link = DeliverableLink.objects.filter(
        deliverable=deliverable,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
    ).first() or DeliverableLink(
        deliverable=deliverable,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
    )
    link.note = note
    return save(link)


@transaction.atomic
def unlink_deliverable(*, link: DeliverableLink) -> None:
    link.delete()


def save_news(*, article: NewsArticle) -> NewsArticle:
    """Create or update a news article; the funding notice is appended wherever it is shown."""
    return save(article)


@transaction.atomic
def delete_news(*, article: NewsArticle) -> None:
    article.delete()


def attach_receipt(*, expenditure: Expenditure, receipt) -> Expenditure:
    """Attach (or replace) the receipt of an expenditure; type and size are checked."""
    old = expenditure.receipt.name if expenditure.receipt else ""
    expenditure.receipt = receipt
    expenditure.full_clean(exclude=["amount_eur"])
    with transaction.atomic():
        expenditure.save()
    if old and old != expenditure.receipt.name:
        expenditure.receipt.storage.delete(old)
    return expenditure


@transaction.atomic
def delete_plan_item(*, item) -> None:
    """Delete a work package, task, deliverable or milestone of a project's work plan.

    Side effect: a work package takes its tasks and deliverables (and their links) with it.
    """
    item.delete()
