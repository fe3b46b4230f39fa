"""The scheme, licence and batch pages in use: forms, refusals on the page (in Indonesian,
the default language), the confirmation step of a nomination, and scoped participants."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse

from tangguh.certification.models import (
    BatchAssessor,
    BatchStatus,
    Participation,
    ParticipationStatus,
    Scheme,
)
from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tests.certification.factories import (
    AssessorLicenceFactory,
    BatchFactory,
    CertificateFactory,
    IssuingBodyFactory,
    ParticipationFactory,
    SchemeVersionFactory,
)
from tests.certification.test_schemes_permissions import camat
from tests.people.factories import PositionFactory
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db


def national() -> Any:
    return client_for(make_user(Role.NATIONAL_ADMIN, "K.09"))


def open_batch(**extra: Any) -> Any:
    values: dict[str, Any] = {
        "status": BatchStatus.OPEN,
        "exam_start": date.today() + timedelta(days=30),
    }
    values.update(extra)
    return BatchFactory(**values)


def text(response: Any) -> str:
    return response.content.decode()


# --- schemes -------------------------------------------------------------------------


def test_create_a_scheme_on_the_page_then_publish_version_two_and_see_the_difference():
    client = national()
    body = IssuingBodyFactory()
    data = {
        "code": "camat",
        "name": "Sertifikasi Kompetensi Camat",
        "target_positions": "Camat",
        "validity_years": "3",
        "issuing_body": body.pk,
        "units": "PEM.01 | Menyelenggarakan pemerintahan kecamatan\nPEM.02 | Pelayanan publik",
    }
    response = client.post(reverse("certification:scheme_create"), data)
    assert response.status_code == 302
    scheme = Scheme.objects.get(code="camat")
    data.update(
        validity_years="5",
        units="PEM.01 | Menyelenggarakan pemerintahan kecamatan\nPEM.03 | Koordinasi wilayah",
        change_note="Masa berlaku lima tahun; unit koordinasi",
    )
    data.pop("code")
    response = client.post(reverse("certification:scheme_version_new", args=["camat"]), data)
    assert response.status_code == 302
    assert list(scheme.versions.values_list("version", flat=True).order_by("version")) == [1, 2]
    page = text(client.get(reverse("certification:scheme", args=["camat"])))
    assert 'data-testid="version-changes"' in page
    assert "<del>3</del>" in page and "<ins>5</ins>" in page
    assert "PEM.03" in page and "PEM.02" in page  # one added, one removed
    first = text(client.get(reverse("certification:scheme", args=["camat"]) + "?v=1"))
    assert "PEM.02" in first and 'data-testid="version-changes"' not in first


def test_a_bad_unit_line_is_named_and_nothing_is_created():
    data = {
        "code": "lurah",
        "name": "Sertifikasi Lurah",
        "target_positions": "Lurah",
        "validity_years": "3",
        "issuing_body": IssuingBodyFactory().pk,
        "units": "LUR.01 | Administrasi kelurahan\nLUR.02 tanpa judul",
    }
    response = national().post(reverse("certification:scheme_create"), data)
    assert response.status_code == 400
    assert "Baris 2" in text(response)
    assert not Scheme.objects.exists()


def test_the_same_content_again_is_refused_on_the_page():
    version = SchemeVersionFactory(name="Sertifikasi Camat", target_positions=["Camat"])
    client = national()
    form = client.get(reverse("certification:scheme_version_new", args=[version.scheme.code]))
    initial = form.context["form"].initial
    data = {k: v for k, v in initial.items() if v not in (None, [])}
    response = client.post(
        reverse("certification:scheme_version_new", args=[version.scheme.code]), data
    )
    assert response.status_code == 400
    assert "Tidak ada yang berbeda dari versi 1" in text(response)
    assert version.scheme.versions.count() == 1


# --- batches -------------------------------------------------------------------------


def test_a_regency_is_offered_no_organiser_and_cannot_create_a_batch():
    version = SchemeVersionFactory()
    client = client_for(make_user(Role.INSTITUTION_ADMIN, "35.78"))
    assert 'data-testid="new-batch"' not in text(client.get(reverse("certification:batches")))
    data = {
        "scheme": version.scheme.pk,
        "organiser": Institution.objects.get(code="35.78").pk,
        "exam_start": "2026-03-02",
        "place": "Surabaya",
    }
    response = client.post(reverse("certification:batch_create"), data)
    assert response.status_code == 400
    assert not version.scheme.batches.exists()


def test_an_expired_licence_is_refused_on_the_batch_page_with_its_sentence():
    batch = open_batch(exam_start=date(2026, 3, 2), exam_end=date(2026, 3, 3))
    licence = AssessorLicenceFactory(
        scheme=batch.scheme,
        number="LIS-0099",
        valid_from=date(2022, 1, 1),
        valid_until=date(2026, 2, 28),
    )
    client = client_for(make_user(Role.OPERATOR, "35"))
    response = client.post(
        reverse("certification:batch_assessor_add", args=[batch.pk]),
        {"assessor": licence.assessor.pk},
    )
    assert response.status_code == 400
    page = text(response)
    assert "Lisensi LIS-0099 milik" in page
    assert "berakhir pada 28 Februari 2026, sebelum uji (2 Maret 2026)" in page
    assert not BatchAssessor.objects.exists()


def test_another_province_reads_the_batch_but_not_surabayas_participants():
    batch = open_batch()
    participation = ParticipationFactory(batch=batch, holder_name="Rina Wulandari Surabaya")
    own = client_for(make_user(Role.INSTITUTION_ADMIN, "35.78"))
    assert participation.holder_name in text(
        own.get(reverse("certification:batch", args=[batch.pk]))
    )
    other = client_for(make_user(Role.INSTITUTION_ADMIN, "34.04"))
    page = text(other.get(reverse("certification:batch", args=[batch.pk])))
    assert batch.place in page and participation.holder_name not in page


def test_batch_list_queries_do_not_grow_with_rows(django_assert_max_num_queries):
    client = client_for(make_user(Role.OPERATOR, "35.78"))
    for _ in range(3):
        ParticipationFactory(batch=open_batch())
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("certification:batches"))
    for _ in range(12):
        ParticipationFactory(batch=open_batch())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("certification:batches"))


# --- nominations ---------------------------------------------------------------------


def test_the_picker_shows_eligibility_and_the_wrong_position_cannot_be_confirmed():
    batch = open_batch()
    surabaya = Institution.objects.get(code="35.78")
    ok = camat(surabaya)
    sekcam = camat(surabaya)
    sekcam.position = PositionFactory(institution=surabaya, name="Sekretaris Camat Rungkut")
    sekcam.save()
    client = client_for(make_user(Role.OPERATOR, "35.78"))
    url = reverse("certification:batch_nominate", args=[batch.pk])
    page = text(client.get(url, {"q": sekcam.nip}))
    assert "Sekretaris Camat Rungkut" in page and "bukan jabatan sasaran skema ini" in page
    confirm = client.post(url, {"employee": sekcam.pk})
    assert 'data-testid="not-eligible"' in text(confirm)
    assert 'data-testid="confirm-nominate"' not in text(confirm)
    # Sent anyway (a crafted request): refused with the sentence, nothing changed.
    forced = client.post(url, {"employee": sekcam.pk, "confirmed": "1"})
    assert forced.status_code == 400
    assert "Jabatan" in text(forced) and "Sekretaris Camat Rungkut" in text(forced)
    assert not Participation.objects.filter(employee=sekcam).exists()
    # The eligible one goes through the confirmation step.
    assert 'data-testid="confirm-nominate"' in text(client.post(url, {"employee": ok.pk}))
    assert not Participation.objects.filter(employee=ok).exists()
    assert client.post(url, {"employee": ok.pk, "confirmed": "1"}).status_code == 302
    assert Participation.objects.get(employee=ok).institution == surabaya


def test_the_picker_offers_only_ones_own_civil_servants():
    batch = open_batch()
    sleman_person = camat(Institution.objects.get(code="34.04"))
    client = client_for(make_user(Role.OPERATOR, "35.78"))
    url = reverse("certification:batch_nominate", args=[batch.pk])
    page = text(client.get(url, {"q": sleman_person.nip}))
    assert 'data-testid="candidates"' in page and f'data-nip="{sleman_person.nip}"' not in page
    mine = camat(Institution.objects.get(code="35.78"))
    assert f'data-nip="{mine.nip}"' in text(client.get(url, {"q": mine.nip}))
    assert client.post(url, {"employee": sleman_person.pk, "confirmed": "1"}).status_code == 404
    assert not Participation.objects.exists()


def test_a_valid_certificate_holder_needs_the_renewal_box():
    batch = open_batch()
    person = camat(Institution.objects.get(code="35.78"))
    earlier = ParticipationFactory(
        employee=person, batch=BatchFactory(scheme_version=batch.scheme_version)
    )
    CertificateFactory(participation=earlier, number="SKP-CAMAT-2025-00007")
    client = client_for(make_user(Role.OPERATOR, "35.78"))
    url = reverse("certification:batch_nominate", args=[batch.pk])
    confirm = text(client.post(url, {"employee": person.pk}))
    assert "SKP-CAMAT-2025-00007" in confirm and 'data-testid="renewal-ok"' in confirm
    refused = client.post(url, {"employee": person.pk, "confirmed": "1"})
    assert refused.status_code == 400 and "sertifikasi ulang" in text(refused)
    assert not batch.participations.exists()
    done = client.post(url, {"employee": person.pk, "confirmed": "1", "renewal_ok": "on"})
    assert done.status_code == 302
    assert batch.participations.get().employee == person


def test_withdraw_needs_a_reason():
    batch = open_batch()
    participation = ParticipationFactory(batch=batch)
    client = client_for(make_user(Role.OPERATOR, "35.78"))
    url = reverse("certification:participant_withdraw", args=[participation.pk])
    assert client.post(url, {"reason": "  "}).status_code == 400
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.NOMINATED
    assert client.post(url, {"reason": "Tugas dinas luar"}).status_code == 302
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.WITHDRAWN


# --- hostile query values and paths: an answer, never a 500 -------------------------

HOSTILE = ["-1", "81564618498373386240", "%C2%B2", "%00", "%FF", "x" * 300, "abc", "9999-12-31"]


@pytest.mark.parametrize("role", [Role.NATIONAL_ADMIN, Role.OPERATOR])
def test_screen_filters_and_paths_take_any_value(role):
    from django.test import Client

    batch = open_batch()
    ParticipationFactory(batch=batch)
    user = make_user(role, "K.09" if role == Role.NATIONAL_ADMIN else "35.78")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    screens = {
        "/sertifikasi/skema/": ["q", "active"],
        "/sertifikasi/lisensi/": ["q", "scheme", "state", "page"],
        "/sertifikasi/angkatan/": ["q", "year", "scheme", "organiser", "status", "page"],
        f"/sertifikasi/angkatan/{batch.pk}/": ["q", "status", "outcome", "institution"],
        f"/sertifikasi/angkatan/{batch.pk}/usulkan/": ["q"],
        f"/sertifikasi/skema/{batch.scheme.code}/": ["v"],
    }
    for path, params in screens.items():
        for param in params:
            for value in HOSTILE:
                response = client.get(f"{path}?{param}={value}")
                assert response.status_code < 500, (path, param, value)
    for segment in ["abc", "-1", "0", "81564618498373386240", "%00", "%FF"]:
        for path in ("/sertifikasi/skema/{}/", "/sertifikasi/angkatan/{}/",
                     "/sertifikasi/angkatan/{}/usulkan/", "/sertifikasi/peserta/{}/tarik/"):  # fmt: skip
            assert client.get(path.format(segment)).status_code in (403, 404), (path, segment)


def test_hostile_form_posts_are_refused_on_the_form():
    batch = open_batch()
    client = client_for(make_user(Role.OPERATOR, "35"))
    for value in ["\x00", "x" * 5000, "\u202eabc"]:
        response = client.post(
            reverse("certification:batch_edit", args=[batch.pk]),
            {"title": value, "exam_start": "2026-13-40", "place": value, "status": "nope"},
        )
        assert response.status_code == 400
    response = national().post(
        reverse("certification:scheme_create"),
        {"code": "x\x00", "name": "\u202eCamat", "validity_years": "99", "units": "\x00"},
    )
    assert response.status_code == 400
    assert list(Scheme.objects.values_list("code", flat=True)) == [batch.scheme.code]


def test_the_national_administrator_searches_before_the_picker_lists_anyone():
    batch = open_batch()
    person = camat(Institution.objects.get(code="35.78"))
    client = national()
    url = reverse("certification:batch_nominate", args=[batch.pk])
    assert 'data-nip="' not in text(client.get(url))
    assert f'data-nip="{person.nip}"' in text(client.get(url, {"q": person.nip}))


def test_batch_page_queries_do_not_grow_with_participants(django_assert_max_num_queries):
    batch = open_batch()
    client = client_for(make_user(Role.OPERATOR, "35"))
    url = reverse("certification:batch", args=[batch.pk])
    for _ in range(2):
        ParticipationFactory(batch=batch)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for _ in range(10):
        ParticipationFactory(batch=batch)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_pages_in_english():
    batch = open_batch(exam_start=date(2026, 3, 2), exam_end=date(2026, 3, 3))
    licence = AssessorLicenceFactory(
        scheme=batch.scheme, number="LIS-EN-1", valid_until=date(2026, 2, 28)
    )
    client = client_for(make_user(Role.OPERATOR, "35"))
    client.cookies["django_language"] = "en"
    assert "Exam batches" in text(client.get(reverse("certification:batches")))
    response = client.post(
        reverse("certification:batch_assessor_add", args=[batch.pk]),
        {"assessor": licence.assessor.pk},
    )
    assert "expired on 28 February 2026, before the exam (2 March 2026)" in text(response)


def test_the_dashboard_counts_batches_open_for_nominations():
    open_batch()
    open_batch()
    BatchFactory(status=BatchStatus.ASSESSMENT)
    page = text(client_for(make_user(Role.OPERATOR, "35.78")).get("/beranda/"))
    card = page.split("Angkatan terbuka untuk pengusulan")[0].rsplit('class="stat-value">', 1)[1]
    assert card.startswith("2<")
    assert "/sertifikasi/angkatan/?status=open" in page
    assert "Angkatan terbuka untuk pengusulan" not in text(
        client_for(make_user(Role.ASSESSOR, "35")).get("/beranda/")
    )


def test_grant_a_licence_from_a_schemes_licences():
    scheme = SchemeVersionFactory().scheme
    client = national()
    listing = text(client.get(reverse("certification:licences"), {"scheme": scheme.code}))
    assert f"/sertifikasi/lisensi/baru/?scheme={scheme.code}" in listing
    form = client.get(reverse("certification:licence_grant"), {"scheme": scheme.code})
    assert form.context["form"].initial["scheme"] == scheme.pk
    assert client.get(reverse("certification:licence_grant"), {"scheme": "\x00"}).status_code == 200


def test_a_new_batch_from_the_scheme_page_has_the_scheme_chosen():
    scheme = SchemeVersionFactory().scheme
    client = client_for(make_user(Role.OPERATOR, "35"))
    page = text(client.get(reverse("certification:scheme", args=[scheme.code])))
    assert f"/sertifikasi/angkatan/baru/?scheme={scheme.code}" in page
    form = client.get(reverse("certification:batch_create"), {"scheme": scheme.code})
    assert form.context["form"].initial["scheme"] == scheme.pk
    assert client.get(reverse("certification:batch_create"), {"scheme": "\x00"}).status_code == 200
    regency = client_for(make_user(Role.OPERATOR, "35.78"))
    assert "/sertifikasi/angkatan/baru/" not in text(
        regency.get(reverse("certification:scheme", args=[scheme.code]))
    )
