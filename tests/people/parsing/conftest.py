"""The parsers need no database; messages are checked in English.

When the suite runs without pytest-django (``-p no:django``) there are no
settings, so minimal ones are configured for gettext to work.
"""

import os

import pytest
from django.conf import settings
from django.utils import translation

if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
    settings.configure(USE_I18N=False)


@pytest.fixture(autouse=True)
def _english() -> object:
    # The project default is Indonesian; assertions on message text use the English msgids.
    with translation.override("en"):
        yield
