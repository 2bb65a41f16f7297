"""The training area's REST API under /api/v1/training/.

Handlers are thin: each starts from the user's visible queryset (queries.py: not visible is
404), asks rules.py before acting (visible but not allowed is 403), turns ids in the payload into
objects (unknown ones are 422 on their field) and writes through domain.py. Lists paginate.
The certificate verification endpoint is the one operation open without signing in.
"""

from ninja import Router

from clusterhub.training.api import certificates
from clusterhub.training.api import participants
from clusterhub.training.api import programmes

router = Router(tags=["training"])
router.add_router("", programmes.router)
router.add_router("", participants.router)
router.add_router("", certificates.router)
