from django.urls import path

from clusterhub.matchmaking import views

app_name = "matchmaking"
urlpatterns = [
    path("", views.index, name="index"),
    path("recommended/", views.recommended, name="recommended"),
    path("introductions/", views.introductions, name="introductions"),
    path("introductions/<int:pk>/", views.introduction_detail, name="introduction_detail"),
    path("collaborations/", views.collaborations, name="collaborations"),
    path("chains/", views.chains, name="chains"),
    path("organisations/<int:org_pk>/profiles/new/", views.profile_create, name="profile_create"),
    path(
        "organisations/<int:org_pk>/recommendations/",
        views.organisation_recommendations,
        name="organisation_recommendations",
    ),
    path(
        "organisations/<int:org_pk>/introductions/new/",
        views.introduction_request,
        name="introduction_request",
    ),
    path("profiles/<int:pk>/", views.profile_detail, name="profile_detail"),
    path("profiles/<int:pk>/edit/", views.profile_edit, name="profile_edit"),
    path(
        "introductions/<int:pk>/<slug:action>/",
        views.introduction_action,
        name="introduction_action",
    ),
    path("collaborations/<int:pk>/", views.collaboration_edit, name="collaboration_edit"),
    path("clusters/<int:cluster_pk>/chains/new/", views.chain_create, name="chain_create"),
    path("chains/<int:pk>/", views.chain_detail, name="chain_detail"),
    path("chains/<int:pk>/edit/", views.chain_edit, name="chain_edit"),
    path("chains/<int:pk>/map.svg", views.chain_map, name="chain_map"),
]
