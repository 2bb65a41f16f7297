"""WSGI entry point for gunicorn: `gunicorn clusterhub.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterhub.settings")
application = get_wsgi_application()
