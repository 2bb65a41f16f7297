from django.urls import path

from clusterhub.matchmaking.views import chains
from clusterhub.matchmaking.views import pages

app_name = "matchmaking"
urlpatterns = [
    path("", pages.index, name="index"),
    path("recommended/", pages.recommended, name="recommended"),
    path("introductions/", pages.introductions, name="introductions"),
    path("introductions/<int:pk>/", pages.introduction_detail, name="introduction_detail"),
    path("collaborations/", pages.collaborations, name="collaborations"),
    path("chains/", chains.chains, name="chains"),
    path("organisations/<int:org_pk>/profiles/new/", pages.profile_create, name="profile_create"),
    path("organisations/<int:org_pk>/recommendations/", pages.organisation_recommendations, name="organisation_recommendations"),
    path("organisations/<int:org_pk>/introductions/new/", pages.introduction_request, name="introduction_request"),
    path("profiles/<int:pk>/", pages.profile_detail, name="profile_detail"),
    path("profiles/<int:pk>/edit/", pages.profile_edit, name="profile_edit"),
    path("introductions/<int:pk>/<slug:action>/", pages.introduction_action, name="introduction_action"),
    path("collaborations/<int:pk>/", pages.collaboration_edit, name="collaboration_edit"),
    path("clusters/<int:cluster_pk>/chains/new/", chains.chain_create, name="chain_create"),
    path("chains/<int:pk>/", chains.chain_detail, name="chain_detail"),
    path("chains/<int:pk>/edit/", chains.chain_edit, name="chain_edit"),
    path("chains/<int:pk>/map.svg", chains.chain_map, name="chain_map"),
]
