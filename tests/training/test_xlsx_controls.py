"""Old stored training texts with control characters do not break the XLSX exports."""

from clusterhub.training.models import Feedback
from clusterhub.training.models import Session
from tests.training.conftest import complete
from tests.xlsx_controls import cleaned
from tests.xlsx_controls import control_text
from tests.xlsx_controls import xlsx_texts

API = "/api/v1/training"


def test_every_table_export(tw, client_for):
    complete(tw, tw.e_staff)
    Session.objects.filter(pk=tw.s1.pk).update(title=control_text("Session"))
    Feedback.objects.create(
        session=tw.s1, enrolment=tw.e_staff, rating=4, comment=control_text("C")
    )
    c = client_for(tw["coordinator"])
    for table in (
        "participants", "sessions", "attendance", "self_assessments", "feedback", "certificates"
    ):  # fmt: skip
        r = c.get(f"{API}/programmes/{tw.tp.pk}/export/{table}?format=xlsx")
        assert r.status_code == 200, table
        if table == "sessions":
            assert cleaned("Session") in xlsx_texts(r.content)
        if table == "feedback":
            assert {cleaned("Session"), cleaned("C")} <= xlsx_texts(r.content)
