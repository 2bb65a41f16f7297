from django.urls import path

from clusterhub.events.views import b2b
from clusterhub.events.views import events
from clusterhub.events.views import follow_ups

app_name = "events"
urlpatterns = [
    path("", events.index, name="index"),
    path("new/", events.create, name="create"),
    path("notifications/", events.notifications, name="notifications"),
    path("notifications/read/", events.notifications_read, name="notifications_read"),
    path("<int:pk>/", events.detail, name="detail"),
    path("<int:pk>/edit/", events.edit, name="edit"),
    path("<int:pk>/register/", events.register, name="register"),
    path("<int:pk>/cancel/", events.cancel, name="cancel"),
    path("<int:pk>/agenda/", events.agenda, name="agenda"),
    path("<int:pk>/event.ics", events.event_ics, name="event_ics"),
    path("<int:pk>/my-agenda.ics", events.agenda_ics, name="agenda_ics"),
    path("<int:pk>/sessions/new/", events.session_create, name="session_create"),
    path("<int:pk>/sessions/<int:session_pk>/", events.session_edit, name="session_edit"),
    path("<int:pk>/questions/new/", events.question_create, name="question_create"),
    path("<int:pk>/attendees/", events.attendees, name="attendees"),
    path("<int:pk>/attendees.xlsx", events.attendees_xlsx, name="attendees_xlsx"),
    path("<int:pk>/attendees.pdf", events.attendees_pdf, name="attendees_pdf"),
    path("<int:pk>/badges.pdf", events.badges_pdf, name="badges_pdf"),
    path("<int:pk>/attendees/<int:reg_pk>/check-in/", events.check_in, name="check_in"),
    path("<int:pk>/feedback/", events.feedback, name="feedback"),
    path("<int:pk>/feedback/summary/", events.feedback_summary, name="feedback_summary"),
    path("<int:pk>/follow-up/", events.follow_up, name="follow_up"),
    path("<int:pk>/follow-ups/", follow_ups.follow_up_answers, name="follow_up_answers"),
    path("<int:pk>/follow-ups/send/", follow_ups.send_follow_ups, name="send_follow_ups"),
    path("<int:pk>/b2b/", b2b.b2b, name="b2b"),
    path("<int:pk>/b2b/participants/", b2b.participants, name="participants"),
    path("<int:pk>/b2b/request/<int:reg_pk>/", b2b.request_meeting, name="request_meeting"),
    path("<int:pk>/b2b/requests/<int:request_pk>/answer/", b2b.answer, name="answer"),
    path("<int:pk>/b2b/meetings/<int:meeting_pk>/cancel/", b2b.cancel_meeting, name="cancel_meeting"),
    path("<int:pk>/b2b/meetings.pdf", b2b.schedule_pdf, name="schedule_pdf"),
    path("<int:pk>/b2b/meetings.ics", b2b.schedule_ics, name="schedule_ics"),
    path("<int:pk>/b2b/desk/", b2b.desk, name="b2b_desk"),
    path("<int:pk>/b2b/desk/slots/", b2b.add_slots, name="add_slots"),
    path("<int:pk>/b2b/desk/run/", b2b.run_scheduler, name="run_scheduler"),
    path("<int:pk>/b2b/desk/publish/", b2b.publish, name="publish"),
    path("<int:pk>/b2b/desk/lock/<int:request_pk>/", b2b.lock, name="lock"),
]
