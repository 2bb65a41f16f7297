"""The site's URLs plus one page that fails, to see the 500 page (tests/common/test_error_pages.py)."""

from django.urls import path

from clusterhub.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("a planted failure")


urlpatterns = [path("boom/", boom), *site_urlpatterns]
