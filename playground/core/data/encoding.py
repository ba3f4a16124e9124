"""How a table's text cells become the numeric input columns a model takes, as a value.

A CSV file's numeric column stays one column (missing cells -> the column's training mean); a
text column becomes a one-hot block with a ``column=NA`` indicator for missing cells, as
``pandas.get_dummies(dummy_na=True)`` does. ``ColumnEncoding`` records that choice (the
categories, the fill value), so the same encoding can be applied to new rows: the CSV reader
fits it on the file, ``playground predict`` applies it to the rows it is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from playground.core.spec.errors import shorten

MISSING = frozenset({"", "na", "n/a", "nan", "null", "?"})  # compared lower-cased and stripped
NA_COLUMN = "NA"  # one-hot column for a missing category, "colour=NA"


def missing_mask(values: Sequence[str]) -> np.ndarray:
    """True where a cell counts as missing ("", NA, nan, ?, ...)."""
    return np.fromiter((v.strip().lower() in MISSING for v in values), dtype=bool,
                       count=len(values))


def as_numbers(values: Sequence[str], missing: np.ndarray) -> np.ndarray | None:
    """float64 column with NaN where missing, or None when some value is not a number."""
    out = np.full(len(values), np.nan)
    try:
        for i, v in enumerate(values):
            if not missing[i]:
                out[i] = float(v)
    except ValueError:
        return None
    return out


@dataclass(frozen=True)
class ColumnEncoding:
    """One source column and the model input columns it becomes."""

    name: str  # the column's header
    categories: tuple[str, ...] | None = None  # one-hot categories; None: a numeric column
    fill: float | None = None  # numeric: value for a missing cell (None: missing is an error)

    @property
    def names(self) -> tuple[str, ...]:
        """The encoded column names: the name itself, or "name=category" per category + NA."""
        if self.categories is None:
            return (self.name,)
        return tuple(f"{self.name}={c}" for c in self.categories) + (f"{self.name}={NA_COLUMN}",)

    @staticmethod
    def fit(name: str, values: Sequence[str]) -> ColumnEncoding:
        """The encoding a CSV column asks for: numeric when every present cell is a number."""
        missing = missing_mask(values)
        numbers = as_numbers(values, missing)
        if numbers is not None:
            present = numbers[~missing]
            # An all-missing column carries no information; 0 keeps it finite.
            return ColumnEncoding(name, None, float(present.mean()) if present.size else 0.0)
        cats = sorted({v.strip() for v, m in zip(values, missing, strict=True) if not m})
        return ColumnEncoding(name, tuple(cats))

    def encode(self, values: Sequence[str]) -> np.ndarray:
        """(n, len(names)) float64 block. ValueError naming the first bad row (0-based) for a
        number that is not one, or a missing cell without a fill value. A category not seen
        in training gets an all-zero block (no category is hot)."""
        missing = missing_mask(values)
        if self.categories is None:
            numbers = as_numbers(values, missing)
            if numbers is None:
                row = next(i for i, v in enumerate(values)
                           if not missing[i] and not _is_number(v))
                raise ValueError(f"row {row + 1}, column {self.name!r}: "
                                 f"{shorten(repr(values[row].strip()))} is not a number")
            if missing.any():
                if self.fill is None:
                    raise ValueError(f"row {int(np.argmax(missing)) + 1}, column "
                                     f"{self.name!r}: the value is missing")
                numbers[missing] = self.fill
            return numbers[:, None]
        index = {c: k for k, c in enumerate(self.categories)}
        block = np.zeros((len(values), len(self.categories) + 1))
        for i, (v, m) in enumerate(zip(values, missing, strict=True)):
            k = len(self.categories) if m else index.get(v.strip())
            if k is not None:
                block[i, k] = 1.0
        return block

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "categories": None if self.categories is None
                else list(self.categories), "fill": self.fill}

    @staticmethod
    def from_json(doc: Mapping[str, Any]) -> ColumnEncoding:
        """Inverse of to_json; ValueError for a malformed entry."""
        name, cats, fill = doc.get("name"), doc.get("categories"), doc.get("fill")
        if not isinstance(name, str) or not (cats is None or (
                isinstance(cats, list) and all(isinstance(c, str) for c in cats))) or not (
                fill is None or (isinstance(fill, int | float) and not isinstance(fill, bool))):
            raise ValueError(f"bad column encoding {doc!r}")
        return ColumnEncoding(name, None if cats is None else tuple(cats),
                              None if fill is None else float(fill))


def numeric_columns(names: Sequence[str]) -> tuple[ColumnEncoding, ...]:
    """Plain numeric columns, one per name, missing cells not allowed (2-D, 1-D, bundled sets)."""
    return tuple(ColumnEncoding(n) for n in names)


def encode_table(encodings: Sequence[ColumnEncoding], header: Sequence[str],
                 rows: Sequence[Sequence[str]]) -> np.ndarray:
    """Rows of text cells (with this header) -> (n, encoded columns) float64 model inputs.

    ValueError with one line: the columns the model needs that the header lacks, or the
    first bad cell.
    """
    position = {h: j for j, h in enumerate(header)}
    absent = [e.name for e in encodings if e.name not in position]
    if absent:
        shown = ", ".join(repr(a) for a in absent[:5]) + (" ..." if len(absent) > 5 else "")
        raise ValueError(f"no column {shown}; the model needs the columns "
                         + ", ".join(e.name for e in encodings[:12])
                         + (" ..." if len(encodings) > 12 else ""))
    blocks = [e.encode([row[position[e.name]] for row in rows]) for e in encodings]
    return np.concatenate(blocks, axis=1) if blocks else np.zeros((len(rows), 0))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
