from django.contrib import admin
from django.urls import include
from django.urls import path

from clusterhub.api import api
from clusterhub.common import views as common_views

urlpatterns = [
    path("", common_views.home, name="home"),
    path("favicon.ico", common_views.favicon),
    # Django's set_language view: the language switcher in every page's header posts to it.
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("clusterhub.accounts.urls")),
    # Background jobs: progress, result and download of imports, backups... (common/jobs.py).
    path("jobs/", include("clusterhub.common.job_urls")),
    path("registry/", include("clusterhub.registry.urls")),
    path("assessment/", include("clusterhub.assessment.urls")),
    path("services/", include("clusterhub.services.urls")),
    path("training/", include("clusterhub.training.urls")),
    path("strategy/", include("clusterhub.strategy.urls")),
    path("grants/", include("clusterhub.grants.urls")),
    path("matchmaking/", include("clusterhub.matchmaking.urls")),
    path("events/", include("clusterhub.events.urls")),
    path("membership/", include("clusterhub.membership.urls")),
    path("invoices/", include("clusterhub.invoicing.urls")),
    path("mailings/", include("clusterhub.mailings.urls")),
    path("clusters/", include("clusterhub.directory.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
