"""Permission suites for the rankings' API: every signed-in role reads it, a visitor
is refused (401/403). What a value is made of is another matter (test_api_explain.py)."""

from typing import Any

from tests.permissions import LoginRequiredSuite
from tests.rankings.factories import publication_with_rows

PRESET = "rakornas-2022-peserta-sertifikasi"


class _ApiSuite(LoginRequiredSuite):
    is_api = True


class TestMetrics(_ApiSuite):
    url_name = "api:rankings-metrics"


class TestCategories(_ApiSuite):
    url_name = "api:rankings-categories"


class TestCategory(_ApiSuite):
    url_name = "api:rankings-category"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": PRESET}


class TestRanking(_ApiSuite):
    url_name = "api:rankings-ranking"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": PRESET}


class TestExplain(_ApiSuite):
    url_name = "api:rankings-explain"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": PRESET, "institution": "35"}


class TestPublications(_ApiSuite):
    url_name = "api:rankings-publications"


class TestPublication(_ApiSuite):
    url_name = "api:rankings-publication"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": publication_with_rows().pk}


class TestPublicationExplain(_ApiSuite):
    url_name = "api:rankings-publication-explain"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": publication_with_rows().pk, "institution": "35"}
