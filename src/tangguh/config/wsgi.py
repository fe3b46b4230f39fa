"""WSGI entry for production servers (gunicorn, uwsgi): production settings unless told otherwise."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangguh.config.settings.prod")
application = get_wsgi_application()
