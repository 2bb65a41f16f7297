"""Pages of funded projects: overview with budget against spending, expenditure, timeline,
reports, news, and the public project page.

Thin views: visibility from grants/queries.py (not visible => 404), permissions from
grants/rules.py (visible but not allowed => 403), writes through grants/domain.py.
"""

from clusterhub.grants.views.plan import (
    PLAN_ITEMS,
    PLAN_SEGMENTS,
    budget_edit,
    consortium_edit,
    deliverable_link,
    deliverable_unlink,
    plan_item_delete,
    plan_item_edit,
    project_edit,
    timeline_page,
)
from clusterhub.grants.views.projects import (
    expenditure_create,
    expenditure_delete,
    expenditure_list,
    index,
    project_detail,
    receipt,
)
from clusterhub.grants.views.publishing import (
    news_create,
    public_news,
    public_project,
    report_download,
    reports_page,
)

__all__ = [
    "PLAN_ITEMS",
    "PLAN_SEGMENTS",
    "budget_edit",
    "consortium_edit",
    "deliverable_link",
    "deliverable_unlink",
    "expenditure_create",
    "expenditure_delete",
    "expenditure_list",
    "index",
    "news_create",
    "plan_item_delete",
    "plan_item_edit",
    "project_detail",
    "project_edit",
    "public_news",
    "public_project",
    "receipt",
    "report_download",
    "reports_page",
    "timeline_page",
]
