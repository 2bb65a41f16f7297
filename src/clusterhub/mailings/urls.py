from django.urls import path

from clusterhub.mailings import views

app_name = "mailings"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/<int:cluster_pk>/", views.mailing_create, name="mailing_create"),
    path("<int:pk>/", views.mailing_detail, name="mailing_detail"),
    path("<int:pk>/edit/", views.mailing_edit, name="mailing_edit"),
    path("<int:pk>/delete/", views.mailing_delete, name="mailing_delete"),
    path("<int:pk>/test/", views.mailing_test, name="mailing_test"),
    path("<int:pk>/send/", views.mailing_send, name="mailing_send"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
