"""Development on one machine: SQLite by default, static files straight from the source.

``DEBUG`` stays off unless ``DEBUG=1`` (``make dev``): ``make run`` shows the product as
its users meet it (Tangguh's own 404/403/500 pages, never Django's debug page listing
the URL patterns).
"""

from .base import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# whitenoise serves static files with DEBUG off too; from the source folders, so an
# edited stylesheet shows without another collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Invitation and password links are printed in the terminal instead of being mailed.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
