"""Pages of the training area.

Views stay thin: what a user may see comes from training/queries.py, what they may do from
training/rules.py, and every write goes through training/domain.py. An object the user may not
see answers 404; a visible one they may not act on, 403. The certificate verification page is
public (no sign-in).
"""

from clusterhub.training.views.participants import certificate_issue
from clusterhub.training.views.participants import certificate_lookup
from clusterhub.training.views.participants import certificate_pdf
from clusterhub.training.views.participants import certificate_revoke
from clusterhub.training.views.participants import certificate_verify
from clusterhub.training.views.participants import cluster_progress
from clusterhub.training.views.participants import cluster_suggestions
from clusterhub.training.views.participants import enrol
from clusterhub.training.views.participants import enrolment_detail
from clusterhub.training.views.participants import enrolment_withdraw
from clusterhub.training.views.participants import self_assessment
from clusterhub.training.views.programmes import attendance_save
from clusterhub.training.views.programmes import feedback_give
from clusterhub.training.views.programmes import index
from clusterhub.training.views.programmes import material_add
from clusterhub.training.views.programmes import material_delete
from clusterhub.training.views.programmes import material_download
from clusterhub.training.views.programmes import module_create
from clusterhub.training.views.programmes import module_edit
from clusterhub.training.views.programmes import my_sessions
from clusterhub.training.views.programmes import programme_create
from clusterhub.training.views.programmes import programme_delete
from clusterhub.training.views.programmes import programme_detail
from clusterhub.training.views.programmes import programme_edit
from clusterhub.training.views.programmes import session_create
from clusterhub.training.views.programmes import session_detail
from clusterhub.training.views.programmes import session_edit

__all__ = [
    "attendance_save",
    "certificate_issue",
    "certificate_lookup",
    "certificate_pdf",
    "certificate_revoke",
    "certificate_verify",
    "cluster_progress",
    "cluster_suggestions",
    "enrol",
    "enrolment_detail",
    "enrolment_withdraw",
    "feedback_give",
    "index",
    "material_add",
    "material_delete",
    "material_download",
    "module_create",
    "module_edit",
    "my_sessions",
    "programme_create",
    "programme_delete",
    "programme_detail",
    "programme_edit",
    "self_assessment",
    "session_create",
    "session_detail",
    "session_edit",
]
