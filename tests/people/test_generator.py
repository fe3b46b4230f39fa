"""The register generator: deterministic, valid NIPs, unique, the importer's layout, exact counts."""

import csv
import hashlib
from collections import Counter
from pathlib import Path

import pytest

from tangguh.people.generator import (
    AS_OF,
    INSTITUTION_CODE_HEADER,
    NATIONAL_FILE_NAME,
    TEMPLATE_HEADERS,
    NipAllocator,
    apportion,
    national_sizes,
    write_institution_file,
    write_national_files,
)
from tangguh.people.parsing import (
    check_consistency,
    match_headers,
    parse_date,
    parse_employment_status,
    parse_identifier,
    parse_position_kind,
    parse_rank,
    parse_sex,
    split_name,
)


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    return header, rows


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_institution_file_has_template_layout_and_exact_count(tmp_path):
    path = write_institution_file(
        tmp_path / "sby.csv", institution_code="35.78", kind="kota", count=1234, seed=7
    )
    header, rows = _rows(path)
    assert tuple(header) == TEMPLATE_HEADERS
    assert len(rows) == 1234
    assert all(len(r) == len(TEMPLATE_HEADERS) for r in rows)
    assert match_headers(header).ok


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    def write(name, seed):
        return write_institution_file(
            tmp_path / name, institution_code="34.04", kind="kabupaten", count=500, seed=seed
        )

    assert _digest(write("a.csv", 1)) == _digest(write("b.csv", 1))
    assert _digest(write("a.csv", 1)) != _digest(write("c.csv", 2))


def test_every_row_passes_the_parsers_the_importer_uses(tmp_path):
    path = write_institution_file(
        tmp_path / "k.csv", institution_code="K.12", kind="kementerian", count=3000, seed=3
    )
    header, rows = _rows(path)
    col = {h: i for i, h in enumerate(header)}
    for row in rows:
        status = parse_employment_status(row[col["Status Kepegawaian"]])
        info = parse_identifier(row[col["NIP"]], today=AS_OF, kind_hint=status.kind)
        birth = parse_date(row[col["Tanggal Lahir"]])
        sex = parse_sex(row[col["Jenis Kelamin"]])
        assert check_consistency(info, birth_date=birth, sex=sex) == []
        assert parse_rank(row[col["Golongan"]], employee_kind=status.kind)
        assert parse_position_kind(row[col["Jenis Jabatan"]])
        name = " ".join(p for p in (row[col["Gelar Depan"]], row[col["Nama"]]) if p)
        if row[col["Gelar Belakang"]]:
            name += ", " + row[col["Gelar Belakang"]]
        assert split_name(name) == (
            row[col["Gelar Depan"]],
            row[col["Nama"]],
            row[col["Gelar Belakang"]],
        )
        assert row[col["Jabatan"]] and row[col["Unit Kerja"]]
        age = (AS_OF - birth).days / 365.2425
        assert 19 <= age < 59
        if status.kind != "PPPK":
            appointed_age = (
                info.appointment_year
                + (info.appointment_month - 1) / 12
                - birth.year
                - (birth.month - 1) / 12
            )
            assert 19 <= appointed_age < 36


def test_national_file_counts_uniqueness_and_distributions(tmp_path):
    files = write_national_files(tmp_path, total=20_000, seed=11, split=False)
    assert {f.path.name for f in files} == {NATIONAL_FILE_NAME}
    header, rows = _rows(files[0].path)
    assert header == [INSTITUTION_CODE_HEADER, *TEMPLATE_HEADERS]
    assert len(rows) == 20_000 == sum(f.count for f in files)
    nips = [r[1] for r in rows]
    assert len(set(nips)) == len(nips)
    assert Counter(r[0] for r in rows) == {f.code: f.count for f in files}
    regional = sum(1 for r in rows if not r[0].startswith(("K.", "L.")))
    assert regional == round(20_000 * 0.77)
    kinds = Counter(r[7] for r in rows)
    assert 0.82 < kinds["PNS"] / 20_000 < 0.88
    assert 0.09 < kinds["PPPK"] / 20_000 < 0.15
    positions = Counter(r[9] for r in rows)
    assert 0.38 < positions["Pelaksana"] / 20_000 < 0.52
    assert 0.34 < positions["Fungsional"] / 20_000 < 0.48


def test_split_files_hold_the_same_rows_as_the_national_file(tmp_path):
    national = write_national_files(tmp_path / "one", total=3000, seed=5, split=False)
    split = write_national_files(tmp_path / "many", total=3000, seed=5, split=True)
    assert [(f.code, f.count) for f in national] == [(f.code, f.count) for f in split]
    _header, rows = _rows(national[0].path)
    by_code: dict[str, list[list[str]]] = {}
    for row in rows:
        by_code.setdefault(row[0], []).append(row[1:])
    for f in split:
        header, part = _rows(f.path)
        assert tuple(header) == TEMPLATE_HEADERS
        assert part == by_code[f.code]


def test_sizes_sum_exactly_and_follow_institution_kinds():
    sizes = national_sizes(4_300_000, seed=2026)
    assert len(sizes) == 627
    assert sum(n for _ref, n in sizes) == 4_300_000
    by_code = {ref.code: n for ref, n in sizes}
    assert by_code["K.12"] > 100_000  # Kementerian Agama, the largest
    assert 3_000 < by_code["34.04"] < 12_000  # a kabupaten
    assert by_code["35"] > by_code["34.04"]  # a province is larger than a regency
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]


def test_allocator_never_reissues_a_reserved_nip(tmp_path):
    reserved = "198507122010012003"
    allocator = NipAllocator()
    allocator.reserve(reserved)
    day = (parse_date("12-07-1985").toordinal()) - allocator.first_birth
    offset = (2010 * 12) - (1985 * 12 + 6) - 19 * 12
    assert allocator.next_pns(day, offset, 1) == 4
    extra = {"nip": reserved, "full_name": "Siti Rahmawati", "sex": "P", "birth_date": "12-07-1985"}
    path = write_institution_file(
        tmp_path / "x.csv",
        institution_code="35.78",
        kind="kota",
        count=50,
        seed=1,
        extra_rows=[extra],
    )
    _header, rows = _rows(path)
    assert rows[0][0] == reserved and [r[0] for r in rows].count(reserved) == 1
    with pytest.raises(ValueError):
        write_institution_file(
            tmp_path / "y.csv",
            institution_code="35.78",
            kind="kota",
            count=0,
            seed=1,
            extra_rows=[extra],
        )
