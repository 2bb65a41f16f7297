"""Pages of the training area.

Views stay thin: what a user may see comes from training/queries.py, what they may do from
training/rules.py, and every write goes through training/domain.py. An object the user may not
see answers 404; a visible one they may not act on, 403. The certificate verification page is
public (no sign-in).
"""

from clusterhub.training.views.participants import (
    certificate_issue,
    certificate_lookup,
    certificate_pdf,
    certificate_revoke,
    certificate_verify,
    cluster_progress,
    cluster_suggestions,
    enrol,
    enrolment_detail,
    enrolment_withdraw,
    self_assessment,
)
from clusterhub.training.views.programmes import (
    attendance_save,
    feedback_give,
    index,
    material_add,
    material_delete,
    material_download,
    module_create,
    module_edit,
    my_sessions,
    programme_create,
    programme_delete,
    programme_detail,
    programme_edit,
    session_create,
    session_detail,
    session_edit,
)

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
