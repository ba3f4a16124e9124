"""Property-based fuzzing (issue 13): the experiment format, the CSV and IDX readers, the
weights readers and the formula parser each give a valid result or their own clean error,
one line, for anything. Kept small (a few hundred examples in all) so the suite stays fast;
``HYPOTHESIS_PROFILE=soak`` runs 50x more."""

from __future__ import annotations

import json
import os
import struct
import tempfile
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground.core import spec as spec_io
from playground.core.data.csv_table import read_csv
from playground.core.data.idx_images import read_idx
from playground.core.data.raw import RawData
from playground.core.data.records import DataError
from playground.core.files import array_files
from playground.core.files import weights as weights_module
from playground.core.files.weights import save_weights
from playground.core.files.weights_format import WeightsError
from playground.core.lab.expression import ExpressionError, compile_expression
from playground.core.model.head import derive_head
from playground.core.model.network import build_model
from playground.core.spec import FIELDS, Spec, SpecError

settings.register_profile("suite", max_examples=100, deadline=10_000, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("soak", max_examples=3000, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

MAX_LINE = 600  # an error message is one line of about this much at most


def _one_line(exc: BaseException) -> None:
    text = str(exc)
    assert "\n" not in text.strip() or isinstance(exc, DataError), text[:300]
    assert len(text) <= MAX_LINE, text[:300]


# ------------------------------------------------------------------------ experiment format
scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
                    st.sampled_from(["auto", "relu", "dense", "adam", "csv", "circle", "step"]))
json_values = st.recursive(
    scalars, lambda children: st.one_of(st.lists(children, max_size=4),
                                        st.dictionaries(st.text(max_size=8), children,
                                                        max_size=4)),
    max_leaves=12)
KEYS = [f.key for f in FIELDS]


@given(st.dictionaries(st.sampled_from(KEYS + ["training.lr", "bogus", "model.units"]),
                       json_values, max_size=4))
def test_any_field_values_validate_or_name_the_field(values):
    try:
        spec = Spec(values)
    except SpecError as exc:
        _one_line(exc)
        return
    assert Spec.from_dict(spec.to_dict()) == spec  # what validates round-trips
    assert spec_io.loads(spec_io.dumps(spec)) == spec


@given(st.one_of(st.text(max_size=200), json_values.map(json.dumps),
                 st.integers(0, 2000).map(lambda n: "[" * n + "]" * n)))
def test_any_experiment_text_loads_or_is_a_spec_error(text):
    for fmt in ("json", "toml"):
        try:
            spec_io.loads(text, fmt)
        except SpecError as exc:
            _one_line(exc)


@given(st.lists(st.sampled_from(KEYS), min_size=1, max_size=3, unique=True),
       st.lists(st.one_of(st.text(max_size=40), json_values.map(json.dumps)), min_size=3,
                max_size=3))
def test_any_set_arguments_apply_or_are_a_spec_error(keys, texts):
    try:
        spec_io.apply_settings(Spec(), [f"{k}={t}" for k, t in zip(keys, texts, strict=False)])
    except SpecError as exc:
        _one_line(exc)


# ------------------------------------------------------------------------------ CSV and IDX
CSV_ALPHABET = st.sampled_from(list("0123456789.,;\t\n-+eE ab\"'") + ["nan", "NA", "inf", "\0",
                                                                        "1e308", "\ufeff"])


def _tmp_file(data: bytes, name: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    path = folder / name
    path.write_bytes(data)
    return path


@given(st.lists(CSV_ALPHABET, max_size=120).map("".join), st.sampled_from([None, "a", "y,z"]))
def test_any_csv_text_reads_or_is_a_data_error(text, target):
    path = _tmp_file(("a,b,y\n" + text).encode("utf-8"), "t.csv")
    try:
        raw = read_csv(path, target)
    except DataError as exc:
        assert len(str(exc)) <= MAX_LINE
        return
    assert isinstance(raw, RawData) and len(raw.x) == len(raw.y) > 0


@given(st.sampled_from([0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0x07]),
       st.lists(st.integers(0, 2**32 - 1) | st.integers(0, 6), min_size=1, max_size=3),
       st.binary(max_size=300), st.booleans())
def test_any_idx_bytes_read_or_are_a_data_error(code, dims, body, gzipped):
    import gzip

    data = bytes([0, 0, code, len(dims)]) + struct.pack(f">{len(dims)}I", *dims) + body
    path = _tmp_file(gzip.compress(data) if gzipped else data, "x-idx3-ubyte")
    try:
        array = read_idx(path)
    except DataError as exc:
        _one_line(exc)
        return
    assert array.shape == tuple(dims)


# ---------------------------------------------------------------------------------- weights
def _valid_files() -> dict[str, bytes]:
    spec = Spec({"model.layers": [{"type": "dense", "units": 3, "activation": "tanh"},
                                  {"type": "batchnorm"}]})
    model = build_model(spec, 2, derive_head(spec, "classification", 2, 1))
    folder = Path(tempfile.mkdtemp(prefix="fuzz-weights-"))
    out = {}
    for suffix in (".safetensors", ".npz", ".json", ".pt"):
        out[suffix] = save_weights(model, spec, folder / f"w{suffix}", 2, ("x1", "x2")
                                   ).read_bytes()
    return out


VALID = _valid_files()
READERS = {".safetensors": weights_module._read_safetensors, ".pt": weights_module._read_pt,
           ".npz": array_files.read_npz, ".json": array_files.read_json}


@given(st.sampled_from(sorted(READERS)), st.data())
def test_any_mangled_weights_file_reads_or_is_a_weights_error(suffix, data):
    raw = bytearray(VALID[suffix])
    how = data.draw(st.sampled_from(["flip", "truncate", "random", "splice"]))
    if how == "flip":
        for _ in range(data.draw(st.integers(1, 8))):
            raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    elif how == "truncate":
        raw = raw[:data.draw(st.integers(0, len(raw)))]
    elif how == "random":
        raw = bytearray(VALID[suffix][:2] + data.draw(st.binary(max_size=400)))
    else:
        at = data.draw(st.integers(0, len(raw)))
        raw[at:at] = data.draw(st.binary(min_size=1, max_size=40))
    try:
        tensors, _ = READERS[suffix](bytes(raw), f"w{suffix}")
    except WeightsError as exc:
        _one_line(exc)
        return
    assert all(isinstance(t, torch.Tensor) for t in tensors.values())


@given(json_values)
def test_any_json_document_as_weights_is_a_clean_result(doc):
    try:
        array_files.read_json(json.dumps(doc).encode(), "w.json")
    except WeightsError as exc:
        _one_line(exc)


# ------------------------------------------------------------------------- formula parser
FORMULA_TOKENS = st.sampled_from(
    ["x", "y", "w", "1", "0", "2.5", "1e308", "9", "+", "-", "*", "/", "**", "(", ")", ",",
     "sin", "cos", "log", "exp", "sqrt", "abs", "min", "max", "tanh", "pi", "e", " ",
     "__import__", "os", ".", "[", "]", "lambda", ":", "'a'", "=", "if", "<", "j"])


@given(st.lists(FORMULA_TOKENS, max_size=40).map("".join))
def test_any_formula_compiles_and_evaluates_or_is_an_expression_error(text):
    try:
        expression = compile_expression(text)
    except ExpressionError as exc:
        _one_line(exc)
        return
    grid = torch.linspace(-2, 2, 5, dtype=torch.float64)
    x, y = grid.clone().requires_grad_(True), grid.flip(0).clone().requires_grad_(True)
    with np.errstate(all="ignore"):
        value = expression(x, y)
    assert isinstance(value, torch.Tensor) and value.shape == x.shape
    value.sum().backward()  # gradients exist (maybe inf/nan, never an exception)


@pytest.mark.parametrize("text", ["__import__('os').system('true')", "x.__class__",
                                  "(lambda: 1)()", "x" * 501])
def test_injections_are_expression_errors(text):
    with pytest.raises(ExpressionError):
        compile_expression(text)
