from django.urls import path

from clusterhub.membership import views

app_name = "membership"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.cluster_page, name="cluster"),
    path("<int:pk>/members.<slug:fmt>", views.member_export, name="member_export"),
    path("<int:pk>/types/", views.type_list, name="types"),
    path("<int:pk>/types/new/", views.type_create, name="type_create"),
    path("<int:pk>/applications/", views.application_list, name="applications"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("<int:pk>/apply/thanks/", views.apply_thanks, name="apply_thanks"),
    path("types/<int:pk>/edit/", views.type_edit, name="type_edit"),
    path("types/<int:pk>/delete/", views.type_delete, name="type_delete"),
    path("types/<int:pk>/history/", views.type_history, name="type_history"),
    path("types/<int:pk>/rules/new/", views.rule_create, name="rule_create"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/history/", views.application_history, name="application_history"),
    path("members/<int:pk>/terms/", views.terms_edit, name="terms_edit"),
    path("members/<int:pk>/renew/", views.renew, name="renew"),
    path("members/<int:pk>/leave/", views.leave, name="leave"),
    path("members/<int:pk>/history/", views.terms_history, name="terms_history"),
]
