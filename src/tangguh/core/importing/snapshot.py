"""What the column-wise path needs of the register to skip unchanged rows, held in polars.

A re-import of the national file repeats, for almost every person, exactly what
the register holds. Validating those rows, staging them and joining them against
the register only to find them unchanged is most of the work; so, before
reading the file, the register's ``(nip, fingerprint, institution)`` is read once
into two sorted polars columns (:class:`RegisterSnapshot`: the NIP, and
fingerprint and institution as one number; ~16 bytes per registered person).
Each block of the file is looked up in it by binary search *before validation*,
by the cells as the file gives them (:func:`fastpath.raw_fingerprint`): a row
whose NIP is registered in the same institution under the fingerprint of the same
cells is *unchanged*, with the verdict and values it had when those cells were
imported; it is counted, neither validated nor staged. Everything else is
validated, staged and merged as before, so the merge decides every row that could
change anything.

Only fingerprints of the column-wise path (``"h"`` and a 63-bit number) are
held; the per-row path's md5 and a reset fingerprint (``""``) are left out, so
such a person is staged and compared field by field by the merge, which is
correct (and the merge says "unchanged" whenever the snapshot does: same
institution and same fingerprint).

The rows of the file that are *not* staged still count for duplicate
detection: :class:`FileNips` keeps the NIP and row number of every row (~12
bytes each, in polars) and finds the NIPs given more than once.

Reading the register: one statement (``COPY ... TO STDOUT`` on PostgreSQL, a
``SELECT`` on SQLite) that returns the persons as a few dozen long text values,
parsed by polars in blocks of a few megabytes (see :func:`_read`). Each block is
turned into numbers at once, so memory holds the numbers and one block of text,
never the whole register as text or as Python objects.
"""

# ruff: noqa: S608 - only the model's table name is put into the SQL, no values

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.apps import apps

from .staging import Dialect


def _records(dialect: Dialect) -> tuple[str, str]:
    """The table of the target's records and its key's column. A target's records keep
    their ``fingerprint`` and ``institution_id`` beside the key (see the engine)."""
    spec = dialect.spec
    model = apps.get_model(spec.model)
    return model._meta.db_table, model._meta.get_field(spec.key.model_field or spec.key.key).column


# Text read from the database before it is parsed into numbers.
BLOCK_BYTES = 2 * 1024 * 1024  # of text: 8 MB blocks peaked ~40 MB higher on 4.3 M people


def fingerprint_numbers(fp: Any) -> Any:
    """The number of each column-wise fingerprint (``"h123"`` → 123); null for any other."""
    import polars as pl

    return pl.when(fp.str.starts_with("h")).then(fp.str.slice(1).cast(pl.Int64, strict=False))


def state_key(fp: Any, inst: Any) -> Any:
    """Fingerprint and institution as one number: ``fp - inst``.

    Two columns held as one (4.3 M people: 34 MB less, and less in flight while the
    snapshot is sorted). Fingerprints are 63-bit hashes (>= 0) and institution ids
    small, so it never overflows; two different pairs give the same key only if the
    fingerprints differ by exactly the difference of the ids, odds of about 2^-63
    per row, the odds of a fingerprint collision itself.
    """
    return fp - inst


class RegisterSnapshot:
    """The register's NIP and :func:`state_key` as Int64 columns sorted by NIP.

    Only persons with a column-wise fingerprint are held: nobody else can be found
    unchanged here.
    """

    def __init__(self, nip: Any, key: Any) -> None:
        self.nip = nip
        self.key = key

    @classmethod
    def empty(cls) -> RegisterSnapshot:
        import polars as pl

        none = pl.Series([], dtype=pl.Int64)
        return cls(none, none)

    @classmethod
    def load(cls, dialect: Dialect) -> RegisterSnapshot:
        import polars as pl

        parts = [_numbers(frame) for frame in _read(dialect)]
        if not parts:
            return cls.empty()
        numbers = pl.concat(parts, rechunk=False)
        del parts
        order = numbers.get_column("nip").arg_sort()
        # One column at a time, each unsorted one let go once sorted: the register is
        # held about once, plus one column and the order in flight.
        columns = []
        for name in ("nip", "key"):
            columns.append(numbers.get_column(name).gather(order))
            numbers = numbers.drop(name)
        return cls(*columns)

    def __len__(self) -> int:
        return int(self.nip.len())

    def unchanged(self, nip: Any, fp: Any, inst: Any) -> Any:
        """True where ``nip`` is registered in ``inst`` with the fingerprint ``fp`` (Int64 series).

        A binary search per value in the sorted NIPs: no hash table of the register is
        built, whatever the size of the batch. The values are looked up in sorted order
        (measured: half the time of the file's order, the searches share their paths).
        """
        import polars as pl

        size = len(self)
        if size == 0:
            return pl.repeat(False, len(nip), dtype=pl.Boolean, eager=True)
        nip = nip.fill_null(-1)  # a cell that is no NIP: no registered NIP is negative
        order = nip.arg_sort()
        at = self.nip.search_sorted(nip.gather(order), side="any")
        at = at.gather(order.arg_sort()).clip(upper_bound=size - 1)
        same = (self.nip.gather(at) == nip) & (self.key.gather(at) == state_key(fp, inst))
        return same.fill_null(False).alias("unchanged")


def _numbers(frame: Any) -> Any:
    """Text columns ``nip, fp, inst`` → Int64 columns; rows that cannot match are dropped.

    A NIP the file's rows can be compared with has 18 digits (and at least 10^17: it
    starts with a birth year); any other stored text maps to null or to a number no
    such NIP has.
    """
    import polars as pl

    nip = pl.col("nip")
    return (
        frame.lazy()
        .select(
            nip=pl.when(nip.str.len_bytes() == 18).then(nip.cast(pl.Int64, strict=False)),
            key=state_key(
                fingerprint_numbers(pl.col("fp")), pl.col("inst").cast(pl.Int64, strict=False)
            ),
        )
        .drop_nulls()
        .collect()
    )


# Registered persons read per aggregated row: one row of text for each range of ids.
RANGE_IDS = 1 << 16
_LINE = "{key} || ',' || fingerprint || ',' || institution_id"


def _read(dialect: Dialect) -> Iterator[Any]:
    """Frames of text columns ``nip, fp, inst``, a few megabytes each, in one statement.

    The database joins the persons of each range of ids into one text value (rows
    split by ';', fields by ','): a few dozen values to fetch instead of millions of
    rows, each row a Python object or a COPY message of its own (measured on 4.3 M
    persons: 10 s per row against 4 s so). One statement, so one consistent view of
    the register. A stored value holding ',' or ';' (the application writes none)
    can only spoil its own row, which then fails the checks of :func:`_numbers`.
    """
    if dialect.vendor == "postgresql":
        texts = _texts_postgresql(dialect)
    elif dialect.vendor == "sqlite":
        texts = _texts_sqlite(dialect)
    else:  # pragma: no cover - dialect_for knows only these two
        raise NotImplementedError(dialect.vendor)
    block: list[bytes] = []
    size = 0
    for text in texts:
        block.append(text)
        size += len(text)
        if size >= BLOCK_BYTES:
            yield _parse(block)
            block, size = [], 0
    if block:
        yield _parse(block)


def _parse(block: list[bytes]) -> Any:
    import polars as pl

    # A header of its own: the number of columns never depends on the first row.
    data = b"nip,fp,inst\n" + b"\n".join(block).replace(b";", b"\n")
    return pl.read_csv(
        data,
        has_header=True,
        schema={"nip": pl.String, "fp": pl.String, "inst": pl.String},
        quote_char=None,
        truncate_ragged_lines=True,
    )


def _texts_postgresql(dialect: Dialect) -> Iterator[bytes]:
    # COPY's text format: one line per range, "\N" for a range without anyone. The
    # values hold digits, 'h', ',' and ';' only, which COPY writes as they are.
    E, key = _records(dialect)
    line = _LINE.format(key=key)
    sql = f"""
        COPY (
            SELECT (SELECT string_agg({line}, ';') FROM {E}
                    WHERE id >= g AND id < g + {RANGE_IDS} AND fingerprint LIKE 'h%')
            FROM generate_series((SELECT MIN(id) FROM {E}), (SELECT MAX(id) FROM {E}),
                                 {RANGE_IDS}) AS g
        ) TO STDOUT
    """
    with dialect.connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        # No parameters: psycopg sends the statement as it is ('%' is no placeholder).
        with raw.copy(sql) as copy:
            for data in copy:
                text = bytes(data).rstrip(b"\n")
                if text != b"\\N":
                    yield text


READ_CACHE_KIB = 4 * 1024


def _texts_sqlite(dialect: Dialect) -> Iterator[bytes]:
    E, key = _records(dialect)
    line = _LINE.format(key=key)
    sql = f"""
        WITH RECURSIVE g(v) AS (
            SELECT MIN(id) FROM {E}
            UNION ALL SELECT v + {RANGE_IDS} FROM g WHERE v + {RANGE_IDS} <= (SELECT MAX(id) FROM {E})
        )
        SELECT (SELECT group_concat({line}, ';') FROM {E}
                WHERE id >= g.v AND id < g.v + {RANGE_IDS} AND substr(fingerprint, 1, 1) = 'h')
        FROM g
    """
    with dialect.connection.cursor() as cursor:
        # One pass over the whole register: a page cache only fills up (the import's own
        # 128 MB, see SQLiteDialect.tune). A small one while reading, the import's after:
        # measured on 4.3 M people, the re-import's peak went from 497 MB to 341 MB.
        cursor.execute("PRAGMA cache_size")
        saved = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{READ_CACHE_KIB}")
        try:
            cursor.execute(sql)
            while (row := cursor.fetchone()) is not None:
                if row[0]:
                    yield row[0].encode()
        finally:
            cursor.execute(f"PRAGMA cache_size = {saved}")


class FileNips:
    """The NIP, row number and verdict of every row of the file, for duplicate detection.

    Rows of the column-wise path come in as polars columns; rows of the per-row path
    one at a time (their NIP text as the normaliser gives it), gathered in small frames.
    NIPs are held as Int64 (18 digits fit); any other text, which the normaliser never
    gives but costs nothing to allow, gets a negative number of its own.
    """

    CHUNK = 20_000

    def __init__(self) -> None:
        self._frames: list[Any] = []
        self._pending: list[tuple[int, int, bool]] = []
        self._odd: dict[str, int] = {}

    def add_frame(self, nip: Any, row_no: Any) -> None:
        """Rows the column-wise path decided (all valid): 18-digit NIPs (text or Int64), row numbers."""
        import polars as pl

        self._frames.append(
            pl.DataFrame(
                {
                    "nip": nip.cast(pl.Int64),
                    "row_no": row_no.cast(pl.Int32),
                    "ok": pl.repeat(True, len(nip), dtype=pl.Boolean, eager=True),
                }
            )
        )

    def add(self, nip: str, row_no: int, ok: bool) -> None:
        if len(nip) == 18 and nip.isascii() and nip.isdigit():
            key = int(nip)
        else:
            key = self._odd.setdefault(nip, -1 - len(self._odd))
        self._pending.append((key, row_no, ok))
        if len(self._pending) >= self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        import polars as pl

        if self._pending:
            schema = {"nip": pl.Int64, "row_no": pl.Int32, "ok": pl.Boolean}
            self._frames.append(pl.DataFrame(self._pending, schema=schema, orient="row"))
            self._pending = []

    def duplicated(self) -> list[tuple[str, int, bool]]:
        """``(nip, row_no, ok)`` of every row whose NIP is given more than once.

        In the order of the SQL duplicates step: by NIP text, then row number.
        """
        import polars as pl

        self._flush()
        if not self._frames:
            return []
        # The NIPs given more than once, found by sorting one column: a hash table over
        # every row (``is_duplicated``) took ~300 MB on the national file, this ~70 MB.
        nips = pl.concat([f.get_column("nip") for f in self._frames]).sort()
        again = nips.filter(nips == nips.shift(1)).unique()
        del nips
        if not len(again):
            return []
        found = pl.concat([f.filter(pl.col("nip").is_in(again.implode())) for f in self._frames])
        text = {v: k for k, v in self._odd.items()}
        rows = [
            (f"{nip:018d}" if nip >= 0 else text[nip], row_no, ok)
            for nip, row_no, ok in found.iter_rows()
        ]
        rows.sort(key=lambda r: (r[0], r[1]))
        return rows
