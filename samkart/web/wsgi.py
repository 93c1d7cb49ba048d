"""WSGI entry point: ``gunicorn samkart.web.wsgi`` (see the README on running in production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samkart.web.settings")
application = get_wsgi_application()
