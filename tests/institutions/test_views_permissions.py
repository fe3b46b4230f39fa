from tests.permissions import LoginRequiredSuite, PublicURLSuite


class TestInstitutionList(PublicURLSuite):
    url_name = "institutions:list"


class TestInstitutionDetail(PublicURLSuite):
    url_name = "institutions:detail"

    def url_kwargs(self, obj):  # type: ignore[no-untyped-def]
        return {"code": "35.78"}


class TestInstitutionListAPI(PublicURLSuite):
    url_name = "api:institution-list"


class TestInstitutionDetailAPI(PublicURLSuite):
    url_name = "api:institution-detail"

    def url_kwargs(self, obj):  # type: ignore[no-untyped-def]
        return {"code": "35.78"}


class TestDashboard(LoginRequiredSuite):
    url_name = "core:dashboard"


class TestHome(PublicURLSuite):
    url_name = "core:home"
    ok_status = (302,)


class TestLogin(PublicURLSuite):
    url_name = "accounts:login"


class TestLogout(PublicURLSuite):
    url_name = "accounts:logout"
    method = "post"
    ok_status = (302,)
