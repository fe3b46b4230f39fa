"""The stylesheet and logo in src/tangguh/static must be visible to Django's static finders
(runserver, collectstatic, WhiteNoise); otherwise every page renders unstyled."""

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.parametrize("path", ["css/tangguh.css", "img/logo.svg"])
def test_package_static_files_are_found(path):
    assert finders.find(path), f"{path} is not found by the static finders"
