"""The REST API: one NinjaAPI under /api/, each app adding its router under /api/v1/."""

from ninja import NinjaAPI

from clusterhub.accounts.api import router as accounts_router
from clusterhub.accounts.api_auth import API_AUTH
from clusterhub.assessment.api import router as assessment_router
from clusterhub.common.api_errors import document_errors
from clusterhub.common.api_errors import install_error_handlers
from clusterhub.common.cleaning import CleaningParser
from clusterhub.directory.api import router as directory_router
from clusterhub.events.api import router as events_router
from clusterhub.grants.api import router as grants_router
from clusterhub.invoicing.api import router as invoicing_router
from clusterhub.mailings.api import router as mailings_router
from clusterhub.matchmaking.api import router as matchmaking_router
from clusterhub.membership.api import router as membership_router
from clusterhub.registry.api import router as registry_router
from clusterhub.services.api import router as services_router
from clusterhub.strategy.api import router as strategy_router
from clusterhub.training.api import router as training_router


class ClusterHubAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        # The error handlers answer for every operation; the document lists what they send.
        return document_errors(super().get_openapi_schema(**kwargs))


api = ClusterHubAPI(
    title="ClusterHub API",
    version="1",
    auth=API_AUTH,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    # Every string a client sends is cleaned before validation (common/cleaning.py).
    parser=CleaningParser(),
)
install_error_handlers(api)
# Every area answers under /v1/, in this order in the OpenAPI document.
for router in (
    accounts_router,
    registry_router,
    assessment_router,
    services_router,
    training_router,
    strategy_router,
    grants_router,
    matchmaking_router,
    events_router,
    membership_router,
    invoicing_router,
    mailings_router,
    directory_router,
):
    api.add_router("/v1/", router)
