"""Read a QR code from a rendered page: enough of ISO/IEC 18004 to read back what a
certificate prints (an upright model-2 symbol, byte mode, no damage).

No QR decoder is among the project's dependencies, so the end-to-end test reads the
code itself: find the three finder patterns in the picture (the 1:1:3:1:1 runs), sample
each module at its centre, read the format information, lift the mask, walk the
codewords in their zig-zag order, de-interleave the blocks and read the byte segment.
Error correction is not applied: the picture is rendered, not photographed, so a wrong
module is a failure to report, not to repair. The block table comes from segno's
constants (the standard's table 9), the only thing shared with the encoder.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from segno import consts

_LEVELS = {0b01: consts.ERROR_LEVEL_L, 0b00: consts.ERROR_LEVEL_M, 0b11: consts.ERROR_LEVEL_Q}
_LEVELS[0b10] = consts.ERROR_LEVEL_H
_MASKS = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
)


class QRError(ValueError):
    pass


def _dark_grid(path: Path) -> tuple[list[list[bool]], int, int]:
    image = Image.open(path).convert("L")
    width, height = image.size
    data = image.tobytes()
    grid = [[data[y * width + x] < 128 for x in range(width)] for y in range(height)]
    return grid, width, height


def _runs(line: list[bool]) -> list[tuple[bool, int, int]]:
    """(dark, start, length) runs of a row."""
    runs: list[tuple[bool, int, int]] = []
    start = 0
    for i in range(1, len(line) + 1):
        if i == len(line) or line[i] != line[start]:
            runs.append((line[start], start, i - start))
            start = i
    return runs


def _finder_centres(grid: list[list[bool]]) -> list[tuple[float, float, float]]:
    """Centres (x, y, module size) of 1:1:3:1:1 patterns, row-wise then confirmed column-wise."""
    found: list[tuple[float, float, float]] = []
    for y, row in enumerate(grid):
        runs = _runs(row)
        for k in range(len(runs) - 4):
            window = runs[k : k + 5]
            if not window[0][0]:
                continue
            sizes = [r[2] for r in window]
            unit = sum(sizes) / 7
            if unit < 1 or any(
                abs(s - e * unit) > unit * 0.6 for s, e in zip(sizes, (1, 1, 3, 1, 1), strict=True)
            ):
                continue
            x = window[2][1] + window[2][2] / 2
            column = [grid[yy][int(x)] for yy in range(len(grid))]
            if _vertical_ok(column, y, unit):
                found.append((x, y, unit))
    clusters: list[list[tuple[float, float, float]]] = []
    for point in found:
        for cluster in clusters:
            cx, cy, cu = cluster[0]
            if abs(point[0] - cx) < cu * 3 and abs(point[1] - cy) < cu * 3:
                cluster.append(point)
                break
        else:
            clusters.append([point])
    return [
        (
            sum(p[0] for p in c) / len(c),
            sum(p[1] for p in c) / len(c),
            sum(p[2] for p in c) / len(c),
        )
        for c in clusters
        if len(c) >= 3
    ]


def _vertical_ok(column: list[bool], y: int, unit: float) -> bool:
    if not column[y]:
        return False
    top = y
    while top > 0 and column[top - 1]:
        top -= 1
    bottom = y
    while bottom + 1 < len(column) and column[bottom + 1]:
        bottom += 1
    return abs((bottom - top + 1) - 3 * unit) <= unit * 1.2


def _corner_triplet(
    centres: list[tuple[float, float, float]],
) -> tuple[tuple[float, float, float], ...]:
    """The three finder patterns of an upright symbol: top-left, top-right on its row,
    bottom-left on its column, as far apart across as down, with one module size (other
    1:1:3:1:1 shapes on the page, an emblem, a frame, fit none of that)."""
    for tl in sorted(centres, key=lambda c: c[0] + c[1]):
        for tr in centres:
            for bl in centres:
                unit = tl[2]
                if not (tr[0] > tl[0] + 10 * unit and bl[1] > tl[1] + 10 * unit):
                    continue
                if abs(tr[1] - tl[1]) > unit * 1.5 or abs(bl[0] - tl[0]) > unit * 1.5:
                    continue
                if abs((tr[0] - tl[0]) - (bl[1] - tl[1])) > unit * 2:
                    continue
                if max(abs(tr[2] - unit), abs(bl[2] - unit)) > unit * 0.25:
                    continue
                return tl, tr, bl
    raise QRError(f"no three of the {len(centres)} finder-like patterns make a QR symbol")


def read_matrix(path: Path) -> list[list[bool]]:
    """The symbol's modules (True = dark), sampled from the picture at ``path``."""
    grid, _w, _h = _dark_grid(path)
    centres = _finder_centres(grid)
    if len(centres) < 3:
        raise QRError(f"found {len(centres)} finder patterns, not 3")
    tl, tr, bl = _corner_triplet(centres)
    unit = (tl[2] + tr[2] + bl[2]) / 3
    size = round((tr[0] - tl[0]) / unit) + 7
    if (size - 17) % 4:
        raise QRError(f"a symbol of {size} modules is no QR version")
    step_x = (tr[0] - tl[0]) / (size - 7)
    step_y = (bl[1] - tl[1]) / (size - 7)
    origin_x, origin_y = tl[0] - 3 * step_x, tl[1] - 3 * step_y
    return [
        [grid[int(origin_y + r * step_y)][int(origin_x + c * step_x)] for c in range(size)]
        for r in range(size)
    ]


def _function_modules(size: int, version: int) -> list[list[bool]]:
    reserved = [[False] * size for _ in range(size)]

    def mark(r0: int, c0: int, r1: int, c1: int) -> None:
        for r in range(max(r0, 0), min(r1, size)):
            for c in range(max(c0, 0), min(c1, size)):
                reserved[r][c] = True

    for r, c in ((0, 0), (0, size - 8), (size - 8, 0)):
        mark(r, c, r + 8, c + 8)  # finder + separator
    mark(6, 0, 7, size)
    mark(0, 6, size, 7)  # timing
    mark(8, 0, 9, 9)
    mark(0, 8, 9, 9)
    mark(8, size - 8, 9, size)
    mark(size - 8, 8, size, 9)  # format information (and the dark module)
    if version >= 7:
        mark(0, size - 11, 6, size - 8)
        mark(size - 11, 0, size - 8, 6)
    positions = consts.ALIGNMENT_POS[version - 2] if version > 1 else ()
    first, last = (positions[0], positions[-1]) if positions else (0, 0)
    for r in positions:
        for c in positions:
            if (r, c) not in ((first, first), (first, last), (last, first)):
                mark(r - 2, c - 2, r + 3, c + 3)
    return reserved


def decode(matrix: list[list[bool]]) -> str:
    """The text of a byte-mode QR symbol given as its module matrix."""
    size = len(matrix)
    version = (size - 17) // 4
    bits = [matrix[8][c] for c in (0, 1, 2, 3, 4, 5, 7, 8)] + [
        matrix[r][8] for r in (7, 5, 4, 3, 2, 1, 0)
    ]
    value = int("".join("1" if b else "0" for b in bits), 2) ^ 0b101010000010010
    level, mask = _LEVELS[value >> 13], (value >> 10) & 0b111
    reserved = _function_modules(size, version)
    stream: list[int] = []
    column = size - 1
    upward = True
    while column > 0:
        if column == 6:
            column -= 1
        rows = range(size - 1, -1, -1) if upward else range(size)
        for r in rows:
            for c in (column, column - 1):
                if not reserved[r][c]:
                    stream.append(int(matrix[r][c] ^ _MASKS[mask](r, c)))
        upward = not upward
        column -= 2
    codewords = [int("".join(map(str, stream[i : i + 8])), 2) for i in range(0, len(stream) - 7, 8)]
    data = _deinterleave(codewords, version, level)
    bits_text = "".join(f"{b:08b}" for b in data)
    if bits_text[:4] != "0100":
        raise QRError(f"not a byte-mode segment (mode {bits_text[:4]})")
    count_bits = 8 if version < 10 else 16
    count = int(bits_text[4 : 4 + count_bits], 2)
    start = 4 + count_bits
    raw = bytes(int(bits_text[start + 8 * i : start + 8 * i + 8], 2) for i in range(count))
    return raw.decode("utf-8")


def _deinterleave(codewords: list[int], version: int, level: int) -> list[int]:
    groups = consts.ECC[version][level]
    blocks: list[int] = []  # data codewords per block
    for group in groups:
        blocks += [group.num_data] * group.num_blocks
    data: list[list[int]] = [[] for _ in blocks]
    i = 0
    for k in range(max(blocks)):
        for b, length in enumerate(blocks):
            if k < length:
                data[b].append(codewords[i])
                i += 1
    return [c for block in data for c in block]


def read_qr(path: Path) -> str:
    """The text of the QR code in the picture at ``path``."""
    return decode(read_matrix(path))
