"""Downloads are named in the interface's language."""

import re

from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy

from tangguh.core.downloads import as_attachment, download_name


def test_a_download_name_follows_the_language():
    stem = gettext_lazy("civil-servants")
    with translation.override("id"):
        assert re.fullmatch(
            r"pegawai-\d{4}-\d{2}-\d{2}\.xlsx", download_name(stem, "xlsx", dated=True)
        )
    with translation.override("en"):
        assert download_name(stem, "csv") == "civil-servants.csv"
        assert (
            download_name(gettext_lazy("import-problems"), "xlsx", key=12)
            == "import-problems-12.xlsx"
        )
    with translation.override("id"):
        assert (
            download_name(gettext_lazy("import-problems"), "xlsx", key=12)
            == "masalah-impor-12.xlsx"
        )


def test_the_header_is_an_attachment_with_a_safe_name():
    with translation.override("id"):
        response = as_attachment(HttpResponse(b""), gettext_lazy("civil-servants-template"), "xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="templat-pegawai.xlsx"'
    odd = download_name('a"b/../c', "csv")
    assert '"' not in odd and "/" not in odd
