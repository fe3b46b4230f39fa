"""The register's import spec: every column a register file may hold, declared once.

Header matching (:mod:`.parsing.headers`), the template and exports
(:mod:`.exports`), the staging table, the fingerprints, the merge's column lists
and the tests' alphabets are derived from :data:`REGISTER`. The rules it names
live in :mod:`.import_rules`, each written once for both paths of the engine.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from tangguh.core import spreadsheet_safety, text_safety
from tangguh.core.importing import Column, ImportSpec, Merge, Shape
from tangguh.people import import_rules as R
from tangguh.people.parsing import dates as _dates
from tangguh.people.parsing import nip as _nip
from tangguh.people.parsing import values as _values
from tangguh.people.parsing.dates import parse_date
from tangguh.people.parsing.values import (
    parse_education,
    parse_employment_status,
    parse_position_kind,
    parse_rank,
    parse_sex,
)

# Every bidirectional control the register refuses (core.text_safety), and a formula
# payload (issue 8, finding 4): in the samples of the text columns.
BIDI_SAMPLES = (
    "\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
    "\u2066", "\u2067", "\u2068", "\u2069",
)  # fmt: skip
_PAYLOAD = "-2+3+cmd|' /C calc'!A0"
# Valid NIPs of four birth dates, both sexes (7: a later sequence), and written wrong.
_NIP_SAMPLES = (
    "196608011991081001", "196608011991081007", "196608011991082001", "196608011991082007",
    "198002292005021001", "198002292005021007", "198002292005022001", "198002292005022007",
    "199912312024121001", "199912312024121007", "199912312024122001", "199912312024122007",
    "197505172000051001", "197505172000051007", "197505172000052001", "197505172000052007",
    "19660801 198803 1 001", "'196608011988031001", "1.96608E+17", "19660801198803100",
    "19660801198813100a", "196608011988131001", "199912312030011001", "196608011980011001",
    "196608011988033001", "196608011988031000", "197505172021211001", "000001011988031001", "",
)  # fmt: skip

_TEXT = (R.clean_text, R.label, _values.check_text)
_FIELD = Merge.COMPARED | Merge.WRITTEN
_TRACKED = _FIELD | Merge.HISTORY

# In template order; TMT is optional and left out of the template and exports.
REGISTER = ImportSpec(
    target="register",
    model="people.Employee",
    sources=(R, _values, _dates, _nip, spreadsheet_safety, text_safety),
    row_rule=R.row_rule,
    frame_rule=R.frame_rule,
    key_collation="C",
    numeric_key=True,
    messages={
        "empty_file": _("The file has no rows. Fill in the template, one civil servant per row."),
        "duplicate": _(
            "The NIP %(nip)s also appears in row(s) %(rows)s of this file. A civil "
            "servant may appear only once: keep the correct row, delete the others, "
            "and upload the file again."
        ),
        "no_rows": _(
            "“%(name)s” has a header row (row %(row)s) but no rows of data under "
            "it. Fill in one civil servant per row below the header, then upload "
            "the file again."
        ),
    },
    columns=(
        Column(
            "nip", _("the NIP or NI PPPK"),
            ("NIP", "NIP/NI PPPK", "NI PPPK", "NIPPPK", "NIP/NIPPPK", "NIP Baru",
             "Nomor Induk Pegawai", "Nomor Induk PPPK", "Employee ID", "Employee Number"),
            header="NIP", example="198507152010011003", text=True, required=True,
            rule=_nip.normalize_nip, depends=(_nip.parse_identifier, _nip.check_consistency),
            model_field="nip", width=22, merge=Merge.KEY, shape=Shape.CUSTOM,
            staged=("nip", "id_kind"),
            samples=_NIP_SAMPLES,
        ),
        Column(
            "title_front", _("the front title"),
            ("Gelar Depan", "Front Title", "Title Front", "Prefix Title"),
            header="Gelar Depan", example="Dr.", rule=R.text_rule("title_front"), depends=_TEXT,
            model_field="title_front", width=12, merge=_FIELD, shape=Shape.LABEL,
            samples=("", "Dr.", "Ir. H.", "x" * 61, "Dr.\u202e", "@x", "'@x"),
        ),
        Column(
            "full_name", _("the full name"),
            ("Nama", "Nama Lengkap", "Nama Pegawai", "Nama ASN", "Name", "Full Name",
             "Employee Name"),
            header="Nama", example="Budi Santoso", required=True, rule=R.clean_text,
            depends=(_values.split_name, _values.check_text), model_field="full_name",
            width=32, merge=_FIELD, shape=Shape.CUSTOM,
            samples=(
                "Budi Santoso", "Siti  Aminah", "Dr. Budi, M.Si.", "Dr.", " ", "", "A" * 201,
                "Ni Luh Putu", "=A1", " =SUM(A1)", "#N/A", "\u00a0#REF!", "Budi\nSantoso",
                _PAYLOAD, "'" + _PAYLOAD, "'=A1", "''=A1", "'Budi", "-",
                "Dr. Budi\u202eognaS, M.Si.", *(f"Budi{c}Santoso" for c in BIDI_SAMPLES),
            ),
        ),
        Column(
            "title_back", _("the back title"),
            ("Gelar Belakang", "Back Title", "Title Back", "Suffix Title"),
            header="Gelar Belakang", example="S.Kom., M.T.", rule=R.text_rule("title_back"),
            depends=_TEXT, model_field="title_back", width=16, merge=_FIELD, shape=Shape.LABEL,
            samples=("", "S.H., M.E.", "A.Md.", "y" * 101, "S.H.\u2066", "+1"),
        ),
        Column(
            "sex", _("the sex"), ("Jenis Kelamin", "JK", "L/P", "Kelamin", "Sex", "Gender"),
            header="Jenis Kelamin", example="L", rule=R.sex, depends=(parse_sex,),
            model_field="sex", width=14, merge=_FIELD, to_cell=R.sex_cell,
            samples=("", "L", "P", "laki-laki", "Wanita", "X", "l ", "L\u200f"),
        ),
        Column(
            "birth_date", _("the birth date"),
            ("Tanggal Lahir", "Tgl Lahir", "Tgl. Lahir", "Tanggal Kelahiran", "Date of Birth",
             "Birth Date", "Birthdate", "DOB"),
            header="Tanggal Lahir", example=date(1985, 7, 15), rule=R.a_date, depends=(parse_date,),
            model_field="birth_date", width=14, merge=_FIELD,
            samples=(
                "", "01-08-1966", "29-02-1980", "31-12-1999", "17-05-1975", "1966-08-01",
                "1 Agustus 1966", "31-02-1970", "01/08/66", "29.02.1980",
            ),
        ),
        Column(
            "employment_status", _("the employment status"),
            ("Status Kepegawaian", "Status Pegawai", "Status", "Status ASN",
             "Employment Status", "Employee Status"),
            header="Status Kepegawaian", example="PNS Aktif", rule=R.status,
            depends=(parse_employment_status,), model_field="status",
            export=("employee_kind", "status"), width=20, merge=_TRACKED,
            staged=("employee_kind", "state"), to_cell=R.status_cell,
            samples=(
                "", "PNS", "PPPK", "CPNS", "PNS Aktif", "Pensiun", "P3K", "bogus", "PNS PPPK",
            ),
        ),
        Column(
            "position", _("the position"),
            ("Jabatan", "Nama Jabatan", "Position", "Position Name", "Job Title"),
            header="Jabatan", example="Analis Kebijakan Ahli Muda", rule=R.text_rule("position"),
            depends=_TEXT, model_field="position__name", width=32, merge=_TRACKED,
            shape=Shape.LABEL,
            samples=(
                "", "Analis Kebijakan", "Guru  Ahli", "z" * 256, 'Analis "Senior"', "#VALUE!",
                _PAYLOAD, "'" + _PAYLOAD, "Guru\u061c", "Guru\u2069 Ahli",
            ),
        ),
        Column(
            "position_kind", _("the position kind"),
            ("Jenis Jabatan", "Position Kind", "Position Type"),
            header="Jenis Jabatan", example="Fungsional", rule=R.position_kind,
            depends=(parse_position_kind,), model_field="position_kind", width=16,
            to_cell=R.position_kind_cell,
            merge=_TRACKED,
            samples=("", "Pelaksana", "JPT Pratama", "Eselon II", "nope"),
        ),
        Column(
            "rank", _("the rank (golongan)"),
            ("Golongan", "Gol", "Golongan/Ruang", "Gol/Ruang", "Pangkat/Golongan",
             "Pangkat/Gol", "Pangkat Golongan Ruang", "Rank", "Grade"),
            header="Golongan", example="III/c", rule=R.rank, depends=(parse_rank,),
            model_field="rank", width=10, merge=_TRACKED, shape=Shape.CUSTOM,
            samples=("", "III/a", "IV/e", "IX", "III", "Penata Muda", "I/e", "XVII", "3a"),
        ),
        Column(
            "work_unit", _("the work unit"),
            ("Unit Kerja", "Unit Organisasi", "OPD", "SKPD", "Satuan Kerja", "Satker",
             "Perangkat Daerah", "Work Unit", "Organisation Unit", "Organization Unit"),
            header="Unit Kerja", example="Badan Kepegawaian Daerah", rule=R.text_rule("work_unit"),
            depends=_TEXT, model_field="work_unit__path", width=40, merge=_TRACKED,
            shape=Shape.LABEL,
            samples=(
                "", "Dinas Pendidikan", "Badan\tKepegawaian", "w" * 1001, _PAYLOAD,
                "Dinas\u202aPendidikan", "'-",
            ),
        ),
        Column(
            "education", _("the highest education"),
            ("Pendidikan Terakhir", "Pendidikan", "Pendidikan Akhir", "Tingkat Pendidikan",
             "Jenjang Pendidikan", "Education", "Highest Education", "Education Level"),
            header="Pendidikan Terakhir", example="S1", rule=R.education,
            depends=(parse_education,), model_field="education", width=14, merge=_FIELD,
            samples=("", "S1", "SMA/SMK", "D-III", "Diploma IV", "Sarjana", "s2", "S 3", "SLTP",
                     "Magister", "S4", "kuliah", "D5"),
        ),
        Column(
            "tmt", _("the effective date (TMT)"),
            ("TMT", "TMT Jabatan", "Terhitung Mulai Tanggal", "Effective Date",
             "Effective From"),
            header="TMT", rule=R.a_date, depends=(parse_date,), in_template=False,
            model_field="period_start", merge=Merge.HISTORY,
            samples=("", "01-04-2025", "2025-04-01", "April 1, 2025", "32-01-2025"),
        ),
    ),
)  # fmt: skip

# The record's fields an import writes, in column order: a plain column by its own
# name, the employment status as its two fields, a related one by its relation.
WRITTEN_FIELDS: tuple[str, ...] = tuple(
    field
    for c in REGISTER.columns
    if Merge.WRITTEN in c.merge and not c.is_key
    for field in (
        c.stage_fields
        if c.key == "employment_status"
        else ((c.model_field or c.key).split("__")[0],)
    )
)
WRITTEN_FIELDS = tuple("status" if f == "state" else f for f in WRITTEN_FIELDS)
# Those written as they are staged (the staging column has the record field's name).
PLAIN_FIELDS: tuple[str, ...] = tuple(
    c.key
    for c in REGISTER.columns
    if Merge.WRITTEN in c.merge and not c.is_key and c.model_field == c.key
)

# Names other modules imported from here before the rules moved to import_rules.
_blank = R._blank
_clean_text = R.clean_text
