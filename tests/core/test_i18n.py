"""Indonesian first, English second: the language switch, its cookie, Indonesian number formats."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from tangguh.core import navigation
from tangguh.core.roles import Role
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
SET_LANGUAGE = reverse("set_language")


def html_lang(response) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert match, "no <html lang> on the page"
    return match.group(1)


def test_default_language_is_indonesian():
    assert settings.LANGUAGE_CODE == "id"
    response = Client().get(LOGIN)
    assert html_lang(response) == "id"


def test_set_language_switches_to_english_and_persists():
    client = Client()
    response = client.post(SET_LANGUAGE, {"language": "en", "next": LOGIN})
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) == settings.LANGUAGE_COOKIE_AGE
    # Every later request keeps English, signed in or not.
    assert html_lang(client.get(LOGIN)) == "en"
    client.force_login(UserFactory())
    assert html_lang(client.get(reverse("core:dashboard"))) == "en"
    assert html_lang(client.get(reverse("institutions:list"))) == "en"


def test_switching_back_to_indonesian():
    client = Client()
    client.post(SET_LANGUAGE, {"language": "en", "next": LOGIN})
    client.post(SET_LANGUAGE, {"language": "id", "next": LOGIN})
    assert html_lang(client.get(LOGIN)) == "id"


def test_language_outside_languages_falls_back_to_indonesian():
    # Django knows French (it may even set the cookie), but Tangguh only offers id and en.
    client = Client()
    assert client.post(SET_LANGUAGE, {"language": "fr", "next": LOGIN}).status_code == 302
    assert html_lang(client.get(LOGIN)) == "id"
    assert html_lang(Client(HTTP_ACCEPT_LANGUAGE="fr").get(LOGIN)) == "id"


def test_pages_ignore_the_browser_language_until_the_switch_is_used():
    # Many civil servants' browsers are set to English: Indonesian first all the same.
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert html_lang(client.get(LOGIN)) == "id"
    client.post(SET_LANGUAGE, {"language": "en", "next": LOGIN})
    assert html_lang(client.get(LOGIN)) == "en"


def test_the_api_negotiates_with_accept_language():
    body_en = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/employees/").json()
    body_id = Client().get("/api/v1/employees/").json()
    assert body_en["detail"] != body_id["detail"]


def test_set_language_refuses_an_outside_next():
    response = Client().post(SET_LANGUAGE, {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_indonesian_number_and_date_formats():
    day = datetime.date(2026, 8, 17)
    with translation.override("id"):
        assert formats.number_format(1234567, force_grouping=True) == "1.234.567"
        assert formats.number_format(1234.5, decimal_pos=2) == "1.234,50"
        assert formats.date_format(day) == "17 Agustus 2026"
    with translation.override("en"):
        assert formats.number_format(1234567, force_grouping=True) == "1,234,567"


@pytest.fixture
def big_card(monkeypatch):  # type: ignore[no-untyped-def]
    """A dashboard card worth 1234 (no domain has that many rows in the test database yet)."""

    def provider(user):  # type: ignore[no-untyped-def]
        return [{"label": "Pegawai terdaftar", "value": 1234, "order": 1}]

    monkeypatch.setattr(navigation, "_CARDS", [*navigation._CARDS, provider])


def test_dashboard_numbers_in_indonesian_format(big_card):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(UserFactory(role=Role.NATIONAL_ADMIN))
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "1.234" in html
    assert "1,234" not in html


def test_dashboard_numbers_in_english_format(big_card):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(UserFactory(role=Role.NATIONAL_ADMIN))
    client.post(SET_LANGUAGE, {"language": "en", "next": "/"})
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "1,234" in html
    assert "1.234" not in html
