"""Old stored answers and user names with control characters do not break the attendee list."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from clusterhub.events import domain
from clusterhub.events.models import Question
from clusterhub.events.models import Registration
from tests.xlsx_controls import cleaned
from tests.xlsx_controls import control_text
from tests.xlsx_controls import xlsx_texts

User = get_user_model()


def test_attendee_list(world, client_for, make_event):
    event = make_event()
    question = Question.objects.create(event=event, label="Diet", kind="text")
    registration = domain.register(event=event, user=world["member_a"])
    Registration.objects.filter(pk=registration.pk).update(
        answers={str(question.pk): control_text("Answer")}
    )
    User.objects.filter(pk=world["member_a"].pk).update(first_name=control_text("Name"))
    response = client_for(world["manager_a"]).get(reverse("events:attendees_xlsx", args=[event.pk]))
    assert response.status_code == 200
    texts = xlsx_texts(response.content)
    assert cleaned("Answer") in texts
    assert any(text.startswith(cleaned("Name") + " ") for text in texts)
