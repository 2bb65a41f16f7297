from django.urls import path

from clusterhub.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.directory_index, name="index"),
    path("<int:pk>/widget/", views.cluster_widget, name="widget"),
    path("<int:pk>/listing/", views.listing, name="listing"),
    path("<int:pk>/", views.cluster_page, name="cluster"),
    # The same page by acronym ("/clusters/LITC/"), for links people type or print.
    path("<str:key>/", views.cluster_by_acronym, name="cluster_by_acronym"),
]
