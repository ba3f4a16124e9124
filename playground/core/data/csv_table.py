"""CSV tables: a header row, numeric and text input columns, one or more target columns.

Parsed with the standard library and numpy; problems raise ``DataError`` with one line naming
the file, and the line and column where there is one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from playground.core.atomic import FileProblem, require_regular_file
from playground.core.data.encoding import ColumnEncoding
from playground.core.data.encoding import as_numbers as _as_numbers
from playground.core.data.encoding import missing_mask as _missing
from playground.core.data.records import MAX_CLASSES, MAX_FILE_BYTES, DataError, RawData
from playground.core.spec.errors import shorten

MAX_CATEGORIES = 100  # the most distinct values a text input column may have (one-hot width)
MAX_INFERRED_CLASSES = 20  # integer targets with at most this many values are class labels


def read_csv(path: str | Path, target: str | None = None,
             task: str | None = None) -> RawData:
    """Load a CSV table with a header row.

    ``target`` names the target column (default: the last); several comma-separated names
    give a regression or multilabel target per column. Numeric input columns keep their units,
    missing numbers ("", NA, nan, ?) become the column mean; text columns are one-hot encoded
    with an extra ``column=NA`` indicator, as ``pandas.get_dummies(dummy_na=True)`` does.
    ``task`` None infers it: text, or at most 20 distinct integers -> classification, any
    other numbers -> regression, several 0/1 columns -> multilabel.
    """
    path = Path(path)
    header, rows, lines = _read_rows(path)
    targets = _target_columns(path, header, target)
    inputs = [j for j in range(len(header)) if j not in targets]
    if not inputs:
        raise DataError(f"{path}: no input columns left besides the target "
                        f"{', '.join(header[j] for j in targets)}")
    columns = list(zip(*rows, strict=True))
    # The encodings travel with the data, so an exported model's users can encode new rows.
    encodings = tuple(ColumnEncoding.fit(header[j], columns[j]) for j in inputs)
    for encoding in encodings:
        # One-hot encoding an ID or free-text column makes a rows x values matrix (10k rows of
        # IDs: 800 MB) and is no feature anyway.
        if encoding.categories is not None and len(encoding.categories) > MAX_CATEGORIES:
            raise DataError(f"{path}, column {encoding.name!r}: {len(encoding.categories):,} "
                            f"distinct text values; a text column may have at most "
                            f"{MAX_CATEGORIES} (is it an ID or free text? leave it out of the "
                            "file, or make it numbers)")
    x = np.concatenate([e.encode(columns[j]) for e, j in zip(encodings, inputs, strict=True)],
                       axis=1)
    names = [n for e in encodings for n in e.names]
    y, task, n_classes, class_names = _encode_target(
        path, [header[j] for j in targets], [columns[j] for j in targets], lines, task)
    return RawData(x=x, y=y, task=task, n_classes=n_classes, input_names=tuple(names),
                   standardize=True, class_names=class_names, columns=encodings)


def read_rows(path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    """A CSV file's header, data rows and each row's line number (DataError if unusable)."""
    return _read_rows(path)


def _read_rows(path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, data rows and each row's line number; checks emptiness and ragged rows."""
    try:
        size = require_regular_file(path, "CSV file").stat().st_size
    except FileProblem as exc:
        raise DataError(str(exc)) from None
    if size > MAX_FILE_BYTES:
        raise DataError(f"{path}: {size / 2**30:.1f} GiB; CSV files are read whole, up to "
                        f"{MAX_FILE_BYTES / 2**30:.0f} GiB")
    try:
        text = path.read_text(encoding="utf-8-sig")  # -sig: drop a spreadsheet's BOM
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{path}: a folder, not a CSV file") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    first = text.split("\n", 1)[0]
    # Semicolons and tabs are common in exported spreadsheets; pick what the header uses most.
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # blank line
            if header is None:
                header = [h.strip() or f"column{j + 1}" for j, h in enumerate(row)]
                seen: set[str] = set()
                for name in header:
                    if name in seen:
                        raise DataError(f"{path}, line {reader.line_num}: the column name "
                                        f"{name!r} appears twice in the header")
                    seen.add(name)
                continue
            if len(row) != len(header):
                raise DataError(f"{path}, line {reader.line_num}: {len(row)} values, but the "
                                f"header has {len(header)} columns")
            rows.append(row)
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise DataError(f"{path}, line {reader.line_num}: {exc}") from None
    if header is None:
        raise DataError(f"{path}: the file is empty; expected a header row and data rows")
    if not rows:
        raise DataError(f"{path}: only a header row; expected data rows below it")
    return header, rows, lines


def _target_columns(path: Path, header: list[str], target: str | None) -> list[int]:
    if target is None:
        return [len(header) - 1]
    if target in header:
        return [header.index(target)]
    wanted = [t.strip() for t in target.split(",")]
    for name in wanted:
        if name not in header:
            raise DataError(f"{path}: no target column {name!r}; the columns are "
                            f"{', '.join(header)}")
    return [header.index(name) for name in wanted]


def _encode_target(path: Path, names: list[str], columns: list[Sequence[str]],
                   lines: list[int], task: str | None
                   ) -> tuple[np.ndarray, str, int, tuple[str, ...]]:
    """Targets -> (y, task, n_classes, class_names); errors name the line and column."""
    parsed = []
    for name, values in zip(names, columns, strict=True):
        missing = _missing(values)
        if missing.any():
            line = lines[int(np.argmax(missing))]
            raise DataError(f"{path}, line {line}, column {name!r}: the target value is missing")
        parsed.append(_as_numbers(values, missing))
    if len(names) > 1:
        return _encode_many(path, names, columns, parsed, lines, task)
    values, numbers = columns[0], parsed[0]
    if task is None:
        task = "regression"
        if numbers is None:
            task = "classification"
        elif np.all(numbers == np.round(numbers)) and np.unique(numbers).size <= \
                MAX_INFERRED_CLASSES:
            task = "classification"
    if task == "multilabel":
        raise DataError(f"{path}: a multilabel target needs two or more 0/1 columns; name them "
                        "in data.target separated by commas")
    if task == "regression":
        if numbers is None:
            _raise_not_number(path, names[0], values, lines, "data.task is regression")
        return numbers, task, 0, ()
    if numbers is None:
        labels = [v.strip() for v in values]
        classes = sorted(set(labels))
        class_names = tuple(classes)
    else:
        classes = sorted(set(numbers.tolist()))
        labels = numbers.tolist()
        class_names = tuple(f"{c:g}" for c in classes)
    if len(classes) > MAX_CLASSES:
        raise DataError(f"{path}, column {names[0]!r}: {len(classes)} distinct target values; "
                        f"classification allows at most {MAX_CLASSES} (is it a regression "
                        "target?)")
    index = {c: k for k, c in enumerate(classes)}
    y = np.fromiter((index[v] for v in labels), dtype=np.int64, count=len(labels))
    return y, "classification", len(classes), class_names


def _encode_many(path: Path, names: list[str], columns: list[Sequence[str]],
                 parsed: list[np.ndarray | None], lines: list[int], task: str | None
                 ) -> tuple[np.ndarray, str, int, tuple[str, ...]]:
    """Several target columns: regression (n, t) or multilabel (n, k) of 0/1."""
    for name, values, numbers in zip(names, columns, parsed, strict=True):
        if numbers is None:
            _raise_not_number(path, name, values, lines, "several target columns are numbers")
    y = np.stack(parsed, axis=1)  # type: ignore[arg-type]
    binary = bool(np.isin(y, (0.0, 1.0)).all())
    if task is None:
        task = "multilabel" if binary else "regression"
    if task == "classification":
        raise DataError(f"{path}: classification takes one target column, not "
                        f"{', '.join(names)}")
    if task == "multilabel":
        if not binary:
            bad_row, bad_col = np.argwhere(~np.isin(y, (0.0, 1.0)))[0]
            raise DataError(f"{path}, line {lines[bad_row]}, column {names[bad_col]!r}: "
                            f"{y[bad_row, bad_col]:g} is not 0 or 1, as multilabel targets "
                            "must be")
        return y, task, len(names), tuple(names)
    return y, task, 0, ()


def _raise_not_number(path: Path, name: str, values: Sequence[str], lines: list[int],
                      why: str) -> None:
    for i, v in enumerate(values):
        try:
            float(v)
        except ValueError:
            raise DataError(f"{path}, line {lines[i]}, column {name!r}: "
                            f"{shorten(repr(v.strip()))} is not a number, but {why}") from None
