"""Planning the work-unit tree: every row judged against the file and the stored units.

See :mod:`.units` for the rules; here they are applied. The tree as it would be is
walked in memory (:class:`_Tree`): rows where the file puts them, stored units where
they are. A rejection can close a circle or free a name elsewhere (the rejected row's
unit stays as it was), so the judgement runs again until it rejects nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core.messages import Message
from tangguh.people.models import WorkUnit

from .units import SEPARATOR, Node, Plan, Stored, UnitRow


def plan_tree(
    rows: list[UnitRow], units: Iterable[Stored], *, institution: Any, has_parent_column: bool
) -> Plan:
    """Judge every row against the file and the stored units; decide the tree."""
    plan = Plan(rows=rows, units={u.pk: u for u in units})
    stored_by_code = {u.code: u for u in plan.units.values() if u.code}
    by_code: dict[str, list[UnitRow]] = {}
    for row in rows:
        if row.code is not None:
            by_code.setdefault(row.code, []).append(row)
    _duplicates(by_code)
    for row in plan.good:
        stored = stored_by_code.get(row.code or "")
        row.unit_id = stored.pk if stored else None
    for row in plan.good:
        _resolve_parent(row, by_code, stored_by_code, plan, institution, has_parent_column)
    # A rejected row leaves its unit where it was, which may close a circle or a clash
    # elsewhere: judged again until nothing more is rejected.
    while True:
        _cascade(plan)
        _cycles(plan)
        _cascade(plan)
        if not _paths(plan):
            return plan


def _duplicates(by_code: dict[str, list[UnitRow]]) -> None:
    for code, group in by_code.items():
        if len(group) < 2:
            continue
        for row in group:
            others = ", ".join(str(r.row) for r in group if r is not row)
            row.reject(
                "code",
                Message(
                    _(
                        "The code %(code)s also appears in row(s) %(rows)s of this file. A work "
                        "unit may appear only once: keep the correct row, delete the others, and "
                        "upload the file again."
                    ),
                    {"code": code, "rows": others},
                ),
            )


def _resolve_parent(
    row: UnitRow,
    by_code: dict[str, list[UnitRow]],
    stored_by_code: dict[str, Stored],
    plan: Plan,
    institution: Any,
    has_parent_column: bool,
) -> None:
    code = row.parent_code
    if not has_parent_column:
        # No parent column: a stored unit stays where it is, a new one is top-level.
        stored = plan.units.get(row.unit_id) if row.unit_id else None
        row.parent = ("u", stored.parent_id) if stored and stored.parent_id else None
        return
    if code is None:
        row.parent = None
    elif code == row.code:
        row.reject(
            "parent_code",
            Message(
                _(
                    "The unit is given as its own parent (%(code)s). Leave the parent code empty "
                    "for a top-level unit, or type the code of the unit it belongs to."
                ),
                {"code": code},
            ),
        )
    elif code in by_code:
        group = by_code[code]
        if len(group) == 1 and group[0].ok:
            row.parent = ("r", group[0].row)
        else:
            row.reject("parent_code", _parent_rejected(code, group))
    elif code in stored_by_code:
        row.parent = ("u", stored_by_code[code].pk)
    else:
        row.reject(
            "parent_code",
            Message(
                _(
                    "No work unit has the code %(code)s: it is neither a row of this file nor a "
                    "unit of %(institution)s. Add a row for the parent unit, or correct the code."
                ),
                {"code": code, "institution": institution},
            ),
        )


def _parent_rejected(code: str, group: list[UnitRow]) -> Message:
    return Message(
        _(
            "The parent unit %(code)s is in row(s) %(rows)s, which cannot be imported, so this "
            "row is left out too. Correct that row first."
        ),
        {"code": code, "rows": ", ".join(str(r.row) for r in group)},
    )


class _Tree:
    """The tree as it would be: the good rows where the file says, stored units elsewhere."""

    def __init__(self, plan: Plan) -> None:
        self.units = plan.units
        self.rows = {r.row: r for r in plan.good}
        # A stored unit that a good row is: the row's node stands for it.
        self.claimed = {r.unit_id: r.row for r in self.rows.values() if r.unit_id is not None}

    def node(self, pk: int) -> Node:
        row = self.claimed.get(pk)
        return ("r", row) if row is not None else ("u", pk)

    def parent(self, node: Node) -> Node | None:
        kind, key = node
        if kind == "r":
            parent = self.rows[key].parent
            if parent is not None and parent[0] == "u":
                return self.node(parent[1])
            return parent
        parent_id = self.units[key].parent_id
        return self.node(parent_id) if parent_id in self.units else None

    def name(self, node: Node) -> str:
        kind, key = node
        return (self.rows[key].name or "") if kind == "r" else self.units[key].name

    def code(self, node: Node) -> str:
        kind, key = node
        return (self.rows[key].code or "") if kind == "r" else self.units[key].code

    def paths(self) -> dict[Node, tuple[str, int]]:
        """Node -> (full path, the row that decides it) for the rows and every stored unit
        under one; the other stored units keep their path (not listed)."""
        found: dict[Node, tuple[str, int]] = {}
        untouched: set[Node] = set()
        starts = [*(("r", n) for n in self.rows), *(("u", pk) for pk in self.units)]
        for start in starts:
            chain: list[Node] = []
            on_chain: set[Node] = set()
            node: Node | None = start
            while node is not None and node not in found and node not in untouched:
                if node in on_chain:  # a circle of stored units: read as a top
                    node = None
                    break
                chain.append(node)
                on_chain.add(node)
                node = self.parent(node)
            base: tuple[str, int | None] | None = None
            if node in found:
                base = found[node]  # type: ignore[index]
            elif node is not None:
                base = (self.units[node[1]].path, None)
            for item in reversed(chain):
                if item[0] == "r":
                    origin: int | None = item[1]
                else:
                    origin = base[1] if base is not None else None
                if origin is None:
                    untouched.add(item)
                    base = (self.units[item[1]].path, None)
                    continue
                name = self.name(item)
                found[item] = (name if base is None else base[0] + SEPARATOR + name, origin)
                base = found[item]
        return found


def _cycles(plan: Plan) -> None:
    """Reject every row of every circle of parents, naming all the rows in it."""
    tree = _Tree(plan)
    state: dict[Node, int] = {}  # 1: on the current walk, 2: done
    loops: list[list[Node]] = []
    for start in tree.rows:
        walk: list[Node] = []
        node: Node | None = ("r", start)
        while node is not None and node not in state:
            state[node] = 1
            walk.append(node)
            node = tree.parent(node)
        if node is not None and state[node] == 1:
            loops.append(walk[walk.index(node) :])
        for item in walk:
            state[item] = 2
    for loop in loops:
        members = [tree.rows[key] for kind, key in loop if kind == "r"]
        numbers = ", ".join(str(r.row) for r in sorted(members, key=lambda r: r.row))
        codes = " → ".join(tree.code(n) or tree.name(n) for n in [*loop, loop[0]])
        for row in members:
            row.reject(
                "parent_code",
                Message(
                    _(
                        "Row(s) %(rows)s put their units under each other in a circle "
                        "(%(codes)s): a unit cannot be under itself. Correct the parent codes."
                    ),
                    {"rows": numbers, "codes": codes},
                ),
            )


def _cascade(plan: Plan) -> None:
    """Reject the rows whose parent row is rejected, down the tree."""
    by_row = {r.row: r for r in plan.rows}
    changed = True
    while changed:
        changed = False
        for row in plan.good:
            parent = row.parent
            if parent is not None and parent[0] == "r" and not by_row[parent[1]].ok:
                parent_row = by_row[parent[1]]
                row.reject("parent_code", _parent_rejected(parent_row.code or "", [parent_row]))
                changed = True


def _paths(plan: Plan) -> bool:
    """Compute the full paths, adopt code-less units, reject clashes; True if any was."""
    tree = _Tree(plan)
    computed = tree.paths()
    limit = WorkUnit._meta.get_field("path").max_length or 1000
    rows = tree.rows
    for row in rows.values():
        row.path = computed[("r", row.row)][0]
    _adopt(plan, rows)
    adopted = {r.unit_id for r in rows.values() if r.adopted}
    owners: dict[str, list[tuple[Node, int | None]]] = {}
    plan.paths = {}
    for pk, unit in plan.units.items():
        node = tree.node(pk)
        if node[0] == "r" or pk in adopted:
            continue  # the row says
        path, origin = computed.get(node, (unit.path, None))
        if origin is not None and path != unit.path:
            plan.paths[pk] = path
        owners.setdefault(path, []).append((node, origin))
    for row in rows.values():
        owners.setdefault(row.path, []).append((("r", row.row), row.row))
    rejected = False
    for path, group in owners.items():
        culprits = sorted({origin for _node, origin in group if origin is not None})
        if len(path) > limit:
            for number in culprits:
                rows[number].reject("name", _too_long_path(path, limit))
                rejected = True
        elif len(group) > 1:
            for number in culprits:
                others = [n for n, _o in group if n != ("r", number)]
                rows[number].reject("name", _clash(path, others, tree))
                rejected = True
    return rejected


def _adopt(plan: Plan, rows: dict[int, UnitRow]) -> None:
    """Rows without a stored unit of their code take a code-less one that has no units
    under it: of the same full path, else (as a register import makes them) a top-level
    one of the same name, which the row may then move."""
    has_children = {u.parent_id for u in plan.units.values() if u.parent_id is not None}
    free = {u.path: u for u in plan.units.values() if not u.code and u.pk not in has_children}
    for row in rows.values():
        if row.adopted:
            row.unit_id, row.adopted = None, False
    new = [r for r in rows.values() if r.unit_id is None]
    for row in new:
        unit = free.pop(row.path, None)
        if unit is not None:
            row.unit_id, row.adopted = unit.pk, True
    for row in new:
        unit = free.get(row.name or "")
        if row.unit_id is None and unit is not None and unit.parent_id is None:
            row.unit_id, row.adopted = unit.pk, True
            del free[unit.path]


def _too_long_path(path: str, limit: int) -> Message:
    return Message(
        _(
            "The unit's full name (“%(path)s…”) would be longer than %(limit)s characters. "
            "Shorten the names of the unit or of the units above it."
        ),
        {"path": path[:80], "limit": limit},
    )


def _clash(path: str, others: list[Node], tree: _Tree) -> Message:
    rows = sorted(key for kind, key in others if kind == "r")
    if rows:
        who = Message(_("row(s) %(rows)s of this file"), {"rows": ", ".join(map(str, rows))})
    else:
        code = next((tree.code(n) for n in others if tree.code(n)), "")
        who = (
            Message(_("the unit %(code)s the institution has"), {"code": code})
            if code
            else Message(_("a unit the institution has"))
        )
    return Message(
        _(
            "The unit would have the same full name as %(who)s: “%(path)s”. Units under the "
            "same parent need different names."
        ),
        {"who": who, "path": path},
    )
