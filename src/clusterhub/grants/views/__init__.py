"""Pages of funded projects: overview with budget against spending, expenditure, timeline,
reports, news, and the public project page.

Thin views: visibility from grants/queries.py (not visible => 404), permissions from
grants/rules.py (visible but not allowed => 403), writes through grants/domain.py.
"""

from clusterhub.grants.views.plan import PLAN_ITEMS
from clusterhub.grants.views.plan import PLAN_SEGMENTS
from clusterhub.grants.views.plan import budget_edit
from clusterhub.grants.views.plan import consortium_edit
from clusterhub.grants.views.plan import deliverable_link
from clusterhub.grants.views.plan import deliverable_unlink
from clusterhub.grants.views.plan import plan_item_delete
from clusterhub.grants.views.plan import plan_item_edit
from clusterhub.grants.views.plan import project_edit
from clusterhub.grants.views.plan import timeline_page
from clusterhub.grants.views.projects import expenditure_create
from clusterhub.grants.views.projects import expenditure_delete
from clusterhub.grants.views.projects import expenditure_list
from clusterhub.grants.views.projects import index
from clusterhub.grants.views.projects import project_detail
from clusterhub.grants.views.projects import receipt
from clusterhub.grants.views.publishing import news_create
from clusterhub.grants.views.publishing import public_news
from clusterhub.grants.views.publishing import public_project
from clusterhub.grants.views.publishing import report_download
from clusterhub.grants.views.publishing import reports_page

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
