"""The Indonesian catalog is complete, well-formed and compiled.

The UI is Indonesian first; source strings are English msgids. After
`make messages`, every new msgid needs an Indonesian msgstr, and the .mo
(committed, so a fresh machine needs no gettext) must be compiled again.

"Compiled again" is checked on content, not file times: git does not keep
modification times, so a fresh clone may give the .po a newer mtime than its
up-to-date .mo. The .mo must hold exactly the .po's translations.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")


def _po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def id_po() -> polib.POFile:
    return polib.pofile(str(_po_path("id")))


def _texts(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def _label(entry: polib.POEntry) -> str:
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
    return f"{entry.msgid!r} ({where})"


def test_every_msgid_has_an_indonesian_translation(id_po):
    untranslated = [
        _label(e) for e in id_po if not e.obsolete and not all(t.strip() for t in _texts(e))
    ]
    assert not untranslated, (
        "Untranslated in locale/id (run `make messages`, then translate):\n"
        + "\n".join(untranslated)
    )


def test_no_fuzzy_entries(id_po):
    fuzzy = [_label(e) for e in id_po.fuzzy_entries()]
    assert not fuzzy, "Fuzzy (guessed by msgmerge; check and remove the flag):\n" + "\n".join(fuzzy)
    assert not id_po.metadata_is_fuzzy, "the header is marked fuzzy, so msgfmt drops it"


def test_plural_forms_are_indonesian(id_po):
    assert id_po.metadata.get("Plural-Forms", "").replace(" ", "").startswith("nplurals=1;")
    for e in id_po:
        if e.msgid_plural and not e.obsolete:
            assert set(e.msgstr_plural) == {0}, _label(e)


def test_placeholders_are_kept(id_po):
    wrong = []
    for e in id_po:
        if e.obsolete or ("python-format" not in e.flags and "python-brace-format" not in e.flags):
            continue
        wanted = {
            m for pair in PLACEHOLDER.findall(e.msgid + (e.msgid_plural or "")) for m in pair if m
        }
        for text in _texts(e):
            found = {m for pair in PLACEHOLDER.findall(text) for m in pair if m}
            if text and found != wanted:
                wrong.append(f"{_label(e)}: {sorted(found)} instead of {sorted(wanted)}")
    assert not wrong, "Placeholders differ between msgid and msgstr:\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_mo_is_compiled_from_the_current_po(lang):
    po_path = _po_path(lang)
    mo_path = po_path.with_suffix(".mo")
    assert po_path.exists(), f"{po_path} is missing"
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages` and commit it"
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(mo_path))

    def catalog(entries):
        out = {}
        for e in entries:
            if getattr(e, "obsolete", False) or getattr(e, "fuzzy", False) or not e.msgid:
                continue
            texts = tuple(_texts(e))
            if any(texts):
                out[(e.msgctxt, e.msgid)] = texts
        return out

    from_po, from_mo = catalog(po), catalog(mo)
    stale = sorted(str(k[1]) for k in from_po.keys() ^ from_mo.keys())
    stale += sorted(str(k[1]) for k in from_po.keys() & from_mo.keys() if from_po[k] != from_mo[k])
    assert not stale, (
        f"{mo_path.name} is older than {po_path.name}; run `make messages`. Differs: {stale[:10]}"
    )
