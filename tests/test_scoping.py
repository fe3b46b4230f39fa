"""The one scoping mechanism: ``Model.objects.restrict(user, action)`` per role and scope.

Rows are real ``people`` rows in three institutions: the province of Jawa Timur
("35"), Kota Surabaya below it ("35.78") and Kabupaten Sleman in another
province ("34.04"). Each case names which of them a user may act on.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from tangguh.core import scoping
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.core.scoping import Scope, has_permission, institution_tree_ids, scope_for
from tangguh.institutions.models import Institution
from tangguh.people.models import Employee, Position, TransferRequest
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

NIPS = {
    "jatim": "197001011995031001",
    "surabaya": "198507122010012003",
    "sleman": "199203152015022001",
}
EVERYONE = frozenset(NIPS)
NOTHING = frozenset()


def _inst(code: str) -> Institution:
    return Institution.objects.get(code=code)


def _coordinator_code() -> str:
    return Institution.objects.get(is_national_coordinator=True).code


@pytest.fixture
def rows() -> dict[str, Employee]:
    codes = {"jatim": "35", "surabaya": "35.78", "sleman": "34.04"}
    return {
        key: Employee.objects.create(
            nip=NIPS[key], full_name=f"Pegawai {key}", institution=_inst(code)
        )
        for key, code in codes.items()
    }


def user(role: str, code: str | None = "35.78", **extra):  # type: ignore[no-untyped-def]
    inst = _inst(code or _coordinator_code())
    return UserFactory(role=role, institution=inst, **extra)


def seen(u, action: str = "view", model=Employee) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """Which of the fixture rows ``u`` may act on (other rows in the database are ignored)."""
    nips = (
        model.objects.restrict(u, action)
        .filter(nip__in=NIPS.values())
        .values_list("nip", flat=True)
    )
    by_nip = {v: k for k, v in NIPS.items()}
    return frozenset(by_nip[n] for n in nips)


# role, institution code (None: the national coordinator), action, rows allowed
CASES = [
    # National administrator: every row, every action.
    *[(Role.NATIONAL_ADMIN, None, a, EVERYONE) for a in ("view", "add", "change", "delete")],
    # Province administrator: reads the whole province (roll-up), writes only its own rows.
    (Role.INSTITUTION_ADMIN, "35", "view", frozenset({"jatim", "surabaya"})),
    (Role.INSTITUTION_ADMIN, "35", "add", frozenset({"jatim"})),
    (Role.INSTITUTION_ADMIN, "35", "change", frozenset({"jatim"})),
    (Role.INSTITUTION_ADMIN, "35", "delete", frozenset({"jatim"})),
    # City administrator: its own rows only, never the province's or another province's.
    (Role.INSTITUTION_ADMIN, "35.78", "view", frozenset({"surabaya"})),
    (Role.INSTITUTION_ADMIN, "35.78", "change", frozenset({"surabaya"})),
    (Role.INSTITUTION_ADMIN, "34.04", "view", frozenset({"sleman"})),
    # Operator: like the administrator but may not delete.
    (Role.OPERATOR, "35", "view", frozenset({"jatim", "surabaya"})),
    (Role.OPERATOR, "35", "add", frozenset({"jatim"})),
    (Role.OPERATOR, "35", "change", frozenset({"jatim"})),
    (Role.OPERATOR, "35", "delete", NOTHING),
    (Role.OPERATOR, "35.78", "view", frozenset({"surabaya"})),
    # Assessor: reads its own institution only.
    (Role.ASSESSOR, "35", "view", frozenset({"jatim"})),
    (Role.ASSESSOR, "35", "change", NOTHING),
    # Auditor: reads the tree, writes nothing.
    (Role.AUDITOR, "35", "view", frozenset({"jatim", "surabaya"})),
    *[(Role.AUDITOR, "35", a, NOTHING) for a in ("add", "change", "delete")],
    (Role.AUDITOR, "35.78", "view", frozenset({"surabaya"})),
    # The auditor at the national coordinator reads every institution, still read-only.
    (Role.AUDITOR, None, "view", EVERYONE),
    *[(Role.AUDITOR, None, a, NOTHING) for a in ("add", "change", "delete")],
]


@pytest.mark.parametrize(("role", "code", "action", "expected"), CASES)
def test_role_scope_action(rows, role, code, action, expected):  # type: ignore[no-untyped-def]
    u = user(role, code)
    assert seen(u, action) == expected
    assert has_permission(u, Employee, action) is (expected != NOTHING)


@pytest.mark.parametrize(
    ("role", "code", "expected"),
    [
        (Role.NATIONAL_ADMIN, None, Scope.ALL),
        (Role.INSTITUTION_ADMIN, "35", Scope.TREE),
        (Role.OPERATOR, "35.78", Scope.TREE),
        (Role.ASSESSOR, "35", Scope.INSTITUTION),
        (Role.AUDITOR, "35", Scope.TREE),
        (Role.AUDITOR, None, Scope.ALL),
        (Role.CIVIL_SERVANT, "35.78", Scope.SELF),
    ],
)
def test_scope_for_view(role, code, expected):  # type: ignore[no-untyped-def]
    assert scope_for(user(role, code), Employee, "view") == expected


def test_national_auditor_rule_needs_the_coordinator_institution(rows):  # type: ignore[no-untyped-def]
    # The same role at a ministry that is not the coordinator reads only its own tree.
    ministry = Institution.objects.filter(kind="kementerian", is_national_coordinator=False).first()
    u = UserFactory(role=Role.AUDITOR, institution=ministry)
    assert scope_for(u, Employee, "view") == Scope.TREE
    assert seen(u) == NOTHING


def test_national_auditor_widens_tree_grants_only():
    # accounts.User grants auditors INSTITUTION, not TREE: the national rule does not widen it.
    national = user(Role.AUDITOR, None)
    surabaya_user = user(Role.OPERATOR, "35.78")
    visible = national.__class__.objects.restrict(national, "view")
    assert national in visible
    assert surabaya_user not in visible


def test_civil_servant_sees_only_own_record_matched_on_nip(rows):  # type: ignore[no-untyped-def]
    u = user(Role.CIVIL_SERVANT, "35.78", nip=NIPS["surabaya"])
    assert seen(u) == frozenset({"surabaya"})
    for action in ("add", "change", "delete"):
        assert seen(u, action) == NOTHING
        assert not has_permission(u, Employee, action)


def test_civil_servant_match_follows_the_nip_not_the_institution(rows):  # type: ignore[no-untyped-def]
    # Account in Surabaya, record in Sleman (a transfer not yet recorded): the NIP decides.
    u = user(Role.CIVIL_SERVANT, "35.78", nip=NIPS["sleman"])
    assert seen(u) == frozenset({"sleman"})


def test_civil_servant_without_nip_sees_nothing(rows):  # type: ignore[no-untyped-def]
    u = user(Role.CIVIL_SERVANT, "35.78", nip="")
    assert has_permission(u, Employee, "view")
    assert seen(u) == NOTHING


def test_anonymous_is_public(rows):  # type: ignore[no-untyped-def]
    anon = AnonymousUser()
    assert scoping.role_of(anon) == scoping.PUBLIC
    assert seen(anon) == NOTHING
    assert not has_permission(anon, Employee, "view")
    # The institutions directory is granted to the public.
    assert Institution.objects.restrict(anon).count() == Institution.objects.count()
    assert not has_permission(anon, Institution, "change")


def test_none_user_is_public(rows):  # type: ignore[no-untyped-def]
    assert seen(None) == NOTHING
    assert scoping.role_of(None) == scoping.PUBLIC


def test_inactive_user_is_public(rows):  # type: ignore[no-untyped-def]
    u = user(Role.NATIONAL_ADMIN, None, is_active=False)
    assert scoping.role_of(u) == scoping.PUBLIC
    assert seen(u) == NOTHING
    assert not has_permission(u, Employee, "view")
    assert Institution.objects.restrict(u).count() == Institution.objects.count()
    assert not has_permission(u, Institution, "change")


def test_superuser_has_all_without_institution(rows):  # type: ignore[no-untyped-def]
    su = UserFactory(role=Role.CIVIL_SERVANT, institution=None, is_superuser=True, is_staff=True)
    for action in ("view", "add", "change", "delete"):
        assert seen(su, action) == EVERYONE
        assert scope_for(su, Employee, action) == Scope.ALL


def test_inactive_superuser_has_nothing(rows):  # type: ignore[no-untyped-def]
    su = UserFactory(role=Role.NATIONAL_ADMIN, institution=None, is_superuser=True, is_active=False)
    assert seen(su) == NOTHING


@pytest.fixture
def position_without_grants(monkeypatch, surabaya):  # type: ignore[no-untyped-def]
    """people.Position as if its domain had registered no grants at all."""
    grants = {k: v for k, v in scoping._GRANTS.items() if k != "people.position"}
    monkeypatch.setattr(scoping, "_GRANTS", grants)
    return Position.objects.create(institution=surabaya, name="Analis SDM Aparatur")


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_model_without_grants_is_denied_to_every_role(position_without_grants, role):  # type: ignore[no-untyped-def]
    u = user(role, "35.78" if role != Role.NATIONAL_ADMIN else None)
    for action in scoping.ACTIONS:
        assert not has_permission(u, Position, action)
        assert not Position.objects.restrict(u, action).exists()
    assert not Position.objects.restrict(AnonymousUser()).exists()


def test_model_without_grants_is_still_open_to_superusers(position_without_grants):  # type: ignore[no-untyped-def]
    su = UserFactory(role=Role.OPERATOR, institution=None, is_superuser=True)
    assert list(Position.objects.restrict(su)) == [position_without_grants]


def test_unknown_action_is_denied(rows):  # type: ignore[no-untyped-def]
    u = user(Role.NATIONAL_ADMIN, None)
    assert not has_permission(u, Employee, "approve")
    assert seen(u, "approve") == NOTHING


def test_restrict_defaults_to_view(rows):  # type: ignore[no-untyped-def]
    u = user(Role.OPERATOR, "35")
    assert set(Employee.objects.restrict(u)) == set(Employee.objects.restrict(u, "view"))
    assert {e.nip for e in Employee.objects.restrict(u)} >= {NIPS["jatim"], NIPS["surabaya"]}


def test_grant_labels_are_case_insensitive(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(scoping, "_GRANTS", {})
    scoping.grant("People.Position", {Role.ASSESSOR: {"view": Scope.INSTITUTION}})
    assert scoping.grants_for("people.position") == {Role.ASSESSOR: {"view": Scope.INSTITUTION}}
    # A second registration adds actions without dropping the earlier ones.
    scoping.grant("people.Position", {Role.ASSESSOR: {"change": Scope.INSTITUTION}})
    assert scoping.grants_for("PEOPLE.POSITION")[Role.ASSESSOR] == {
        "view": Scope.INSTITUTION,
        "change": Scope.INSTITUTION,
    }


def test_tree_is_the_institution_and_everything_below(jatim, surabaya):  # type: ignore[no-untyped-def]
    u = user(Role.AUDITOR, "35")
    tree = institution_tree_ids(u)
    below = set(Institution.objects.filter(parent=jatim).values_list("id", flat=True))
    assert len(below) == 38  # 29 kabupaten + 9 kota in Jawa Timur
    assert tree == frozenset({jatim.id, *below})
    assert surabaya.id in tree
    assert institution_tree_ids(user(Role.AUDITOR, "35.78")) == frozenset({surabaya.id})


def test_tree_is_computed_once_per_user_object(rows, django_assert_num_queries):  # type: ignore[no-untyped-def]
    u = user(Role.AUDITOR, "35")
    list(Employee.objects.restrict(u))
    with django_assert_num_queries(1):  # the rows only; the tree is cached on the user
        list(Employee.objects.restrict(u))


# --- a row that belongs to two institutions (a transfer: source and target) -------------


@pytest.fixture
def transfer(rows):  # type: ignore[no-untyped-def]
    """Sleman's employee moving to Surabaya: both sides see the request."""
    return TransferRequest.objects.create(
        employee=rows["sleman"], from_institution=_inst("34.04"), to_institution=_inst("35.78")
    )


@pytest.mark.parametrize(
    ("role", "code", "action", "visible"),
    [
        (Role.INSTITUTION_ADMIN, "35.78", "view", True),  # target
        (Role.INSTITUTION_ADMIN, "34.04", "view", True),  # source
        (Role.INSTITUTION_ADMIN, "35.78", "change", True),
        (Role.INSTITUTION_ADMIN, "34.04", "change", True),
        (Role.INSTITUTION_ADMIN, "35.73", "view", False),  # Kota Malang: neither side
        (Role.INSTITUTION_ADMIN, "35", "view", False),  # INSTITUTION scope: no roll-up
        (Role.OPERATOR, "35.78", "view", True),
        (Role.OPERATOR, "35.78", "change", False),
        (Role.AUDITOR, "35", "view", True),  # TREE reaches the target side
        (Role.AUDITOR, "34", "view", True),  # TREE reaches the source side
        (Role.AUDITOR, "33", "view", False),  # Jawa Tengah: neither tree
        (Role.NATIONAL_ADMIN, None, "change", True),
        (Role.CIVIL_SERVANT, "35.78", "view", False),  # no grant for civil servants
    ],
)
def test_row_of_two_institutions(transfer, role, code, action, visible):  # type: ignore[no-untyped-def]
    u = user(role, code, nip=NIPS["sleman"])
    assert (transfer in TransferRequest.objects.restrict(u, action)) is visible


def test_row_of_two_institutions_is_listed_once(transfer):  # type: ignore[no-untyped-def]
    # Province of Jawa Timur auditor and a transfer inside the province: both paths match.
    inside = TransferRequest.objects.create(
        employee=Employee.objects.get(nip=NIPS["jatim"]),
        from_institution=_inst("35"),
        to_institution=_inst("35.78"),
    )
    qs = TransferRequest.objects.restrict(user(Role.AUDITOR, "35"))
    assert list(qs.filter(pk__in=[transfer.pk, inside.pk]).order_by("pk")) == [transfer, inside]


def test_audit_entries_follow_their_grants(jatim, surabaya):  # type: ignore[no-untyped-def]
    AuditEntry.objects.create(action="test.jatim", institution=jatim)
    AuditEntry.objects.create(action="test.surabaya", institution=surabaya)

    def actions(u):  # type: ignore[no-untyped-def]
        return set(
            AuditEntry.objects.restrict(u)
            .filter(action__startswith="test.")
            .values_list("action", flat=True)
        )

    assert actions(user(Role.INSTITUTION_ADMIN, "35")) == {"test.jatim"}
    assert actions(user(Role.AUDITOR, "35")) == {"test.jatim", "test.surabaya"}
    assert actions(user(Role.AUDITOR, None)) == {"test.jatim", "test.surabaya"}
    assert actions(user(Role.OPERATOR, "35")) == set()


# --- the one authorization question: may(user, model, action, institution) ----------

MAY_CASES = [
    # role, home, action, {institution code: allowed}
    (Role.NATIONAL_ADMIN, None, "change", {"35": True, "35.78": True, "34.04": True}),
    (Role.INSTITUTION_ADMIN, "35", "view", {"35": True, "35.78": True, "34.04": False}),
    (Role.INSTITUTION_ADMIN, "35", "change", {"35": True, "35.78": False, "34.04": False}),
    (Role.OPERATOR, "35.78", "add", {"35": False, "35.78": True, "34.04": False}),
    (Role.ASSESSOR, "35.78", "change", {"35": False, "35.78": False, "34.04": False}),
    (Role.CIVIL_SERVANT, "35.78", "view", {"35": False, "35.78": False, "34.04": False}),
]


@pytest.mark.parametrize(("role", "home", "action", "expected"), MAY_CASES)
def test_may_answers_from_the_grants(role, home, action, expected):
    home = home or _coordinator_code()
    user = UserFactory(role=role, institution=_inst(home))
    answers = {code: scoping.may(user, Employee, action, _inst(code)) for code in expected}
    assert answers == expected
    # The id of an institution is as good as the row.
    assert {code: scoping.may(user, Employee, action, _inst(code).pk) for code in expected} == (
        expected
    )


def test_may_refuses_visitors_and_lets_the_system_act():
    assert scoping.may(AnonymousUser(), Institution, "change", _inst("35")) is False
    assert scoping.may(None, Employee, "delete", _inst("34.04")) is True


def test_institution_ids_in_scope_names_every_one_or_the_scope():
    national = UserFactory(role=Role.NATIONAL_ADMIN, institution=_inst(_coordinator_code()))
    province = UserFactory(role=Role.INSTITUTION_ADMIN, institution=_inst("35"))
    assert scoping.institution_ids_in_scope(national, Employee, "change") is None
    tree = scoping.institution_ids_in_scope(province, Employee, "view")
    assert tree is not None and {_inst("35").pk, _inst("35.78").pk} <= tree
    assert _inst("34.04").pk not in tree
    assert scoping.institution_ids_in_scope(province, Employee, "change") == {_inst("35").pk}
