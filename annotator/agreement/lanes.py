"""Resample many small scopes at once, their per-unit sums side by side in one integer.

A code's binary alpha on a resample depends only on three sums over the drawn units: n
(values), n1 (values where the code is present) and D (the sum of k(m-k)/(m-1), kept as
an integer by a common ``scale``). Each unit's sums for every code are packed into the
fields of one integer (``Packing``); the packed integers of many scopes with the same
number of units sit side by side in *lanes* of one large integer, one lane per scope. The
scopes share their resampled unit indices (the draws depend only on the seed and the
number of units), so one C-level ``sum`` per resample adds every field of every scope, and
each scope's (n, n1, D) for a code is read out of its lane as a key into a table of
alphas, filled once per distinct key.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass

UnitCounts = tuple[int, tuple[int, ...]]
"""One pairable unit: its number of values m, and per code how many of them hold it (k)."""

KEY_BITS = 63
"""A key (n, n1, D) must fit one unsigned 64-bit word, to be read out of the lanes."""


def disagreement(m: int, k: int, scale: int) -> int:
    """Present-absent coincidences of one unit, k(m-k)/(m-1), times ``scale``."""
    return k * (m - k) * scale // (m - 1)


def common_scale(scopes: Sequence[Sequence[UnitCounts]]) -> int:
    """A multiple of every m-1, so that every unit's D is an integer once scaled."""
    largest = max((m for units in scopes for m, _ in units), default=2)
    return math.lcm(*range(1, largest))


@dataclass(frozen=True, slots=True)
class Packing:
    """Every code's sums of one unit as fields of one integer: m, then k and D per code.

    Fields are ``width`` bits, enough for sums over all units of a scope, so adding
    packed integers adds every field at once and no field carries into the next.
    """

    width: int
    scale: int

    @classmethod
    def fitting(cls, scopes: Sequence[Sequence[UnitCounts]], count: int) -> Packing:
        """Fields wide enough for ``count`` draws from any of ``scopes``."""
        scale = common_scale(scopes)
        largest = max(max(m, disagreement(m, m // 2, scale)) for units in scopes for m, _ in units)
        return cls((count * largest).bit_length(), scale)

    def pack(self, m: int, ks: Sequence[int]) -> int:
        width = self.width
        value = m
        for code, k in enumerate(ks):
            value |= k << ((1 + 2 * code) * width)
            value |= disagreement(m, k, self.scale) << ((2 + 2 * code) * width)
        return value

    def alpha(self, n: int, present: int, scaled_disagreement: int) -> float | None:
        """Binary alpha from the three sums; None where the code shows no variation."""
        if not present or present == n:
            return None
        return 1.0 - (n - 1) * scaled_disagreement / (self.scale * present * (n - present))


class AlphaTable(dict[int, float | None]):
    """Alpha for each key n | n1 << w | D << 2w, computed the first time it is asked for."""

    def __init__(self, packing: Packing) -> None:
        super().__init__()
        self.packing = packing

    def __missing__(self, key: int) -> float | None:
        width = self.packing.width
        mask = (1 << width) - 1
        value = self.packing.alpha(key & mask, (key >> width) & mask, key >> (2 * width))
        self[key] = value
        return value


def fits_in_lanes(packing: Packing) -> bool:
    return 3 * packing.width <= KEY_BITS


def lane_samples(
    scopes: Sequence[Sequence[UnitCounts]], codes: int, draws: bytes, packing: Packing
) -> list[list[list[float]]]:
    """For each scope and code, the alphas of the resamples ``draws`` describes.

    Every scope has ``count`` units, and ``draws`` holds one unit index per byte, ``count``
    per resample. Resamples where a code shows no variation give no alpha.
    """
    count = len(scopes[0])
    width = packing.width
    words = math.ceil((1 + 2 * codes) * width / 64)
    lane_bytes = 8 * words
    size = len(scopes) * lane_bytes
    lanes = [
        int.from_bytes(
            b"".join(packing.pack(*units[u]).to_bytes(lane_bytes, "little") for units in scopes),
            "little",
        )
        for u in range(count)
    ]
    pair_mask = int.from_bytes(
        ((1 << (2 * width)) - 1).to_bytes(lane_bytes, "little") * len(scopes), "little"
    )
    n_mask = int.from_bytes(
        ((1 << width) - 1).to_bytes(lane_bytes, "little") * len(scopes), "little"
    )
    unpack = struct.Struct(f"<{len(scopes) * words}Q").unpack
    lookup = AlphaTable(packing).__getitem__
    shifts = [(1 + 2 * code) * width for code in range(codes)]
    rows: list[list[tuple[float | None, ...]]] = [[] for _ in range(codes)]
    pick = lanes.__getitem__
    view = memoryview(draws)
    for at in range(0, len(draws), count):
        total = sum(map(pick, view[at : at + count]))
        n = total & n_mask
        for shift, row in zip(shifts, rows, strict=True):
            keys = (((total >> shift) & pair_mask) << width) | n
            row.append(tuple(map(lookup, unpack(keys.to_bytes(size, "little"))[::words])))
    return _by_scope(rows, len(scopes))


def single_samples(
    units: Sequence[UnitCounts], codes: int, draws: bytes, packing: Packing
) -> list[list[float]]:
    """``lane_samples`` for one scope, without lanes: cheaper for a scope or a few alone.

    Gives exactly the same alphas as ``lane_samples`` on the same draws.
    """
    count = len(units)
    width = packing.width
    mask = (1 << width) - 1
    scale = packing.scale
    packed = [packing.pack(m, ks) for m, ks in units]
    pick = packed.__getitem__
    view = memoryview(draws)
    totals = [sum(map(pick, view[at : at + count])) for at in range(0, len(draws), count)]
    samples = []
    for code in range(codes):
        present_at, disagree_at = (1 + 2 * code) * width, (2 + 2 * code) * width
        samples.append(
            [
                1.0 - (n - 1) * ((total >> disagree_at) & mask) / (scale * present * (n - present))
                for total in totals
                for n in (total & mask,)
                for present in ((total >> present_at) & mask,)
                if present and n - present
            ]
        )
    return samples


def _by_scope(rows: list[list[tuple[float | None, ...]]], scopes: int) -> list[list[list[float]]]:
    """Per code and resample, a value per scope -> per scope and code, the values."""
    result: list[list[list[float]]] = [[] for _ in range(scopes)]
    for row in rows:
        for scope, column in enumerate(zip(*row, strict=True)):
            result[scope].append([value for value in column if value is not None])
    return result
