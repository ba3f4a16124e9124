"""Data and weights files that lie or never end (issue 13): FIFOs and devices, IDX headers
and gzip streams that promise too much, ID columns, npz bombs, CSV values beyond float32, a
weights file choosing a data file, and outputs that cannot be written."""

from __future__ import annotations

import gzip
import io
import os
import struct
import zipfile

import numpy as np
import pytest

from playground.cli import main
from playground.cli.errors import EXIT_BAD_INPUT
from playground.core import atomic
from playground.core.data.csv_table import read_csv
from playground.core.data.idx_images import read_idx, read_idx_folder
from playground.core.data.raw import prepare
from playground.core.data.records import DataError
from playground.core.files.array_files import read_npz
from playground.core.files.weights_format import WeightsError
from playground.core.spec import Spec


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _idx_header(type_code: int, dims: tuple[int, ...]) -> bytes:
    return bytes([0, 0, type_code, len(dims)]) + struct.pack(f">{len(dims)}I", *dims)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_as_data_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "data.csv"
    os.mkfifo(fifo)
    with pytest.raises(DataError, match="named pipe"):
        read_csv(fifo)
    with pytest.raises(DataError, match="named pipe"):
        read_idx(fifo)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_file_as_data_is_refused():
    with pytest.raises(DataError, match="a device"):
        read_csv("/dev/zero")
    with pytest.raises(DataError, match="a device"):
        read_idx("/dev/zero")


def test_a_gzip_bomb_behind_an_idx_header_stops_at_the_cap(tmp_path):
    path = tmp_path / "bomb-idx3-ubyte.gz"
    with gzip.open(path, "wb") as f:
        f.write(_idx_header(0x08, (60000, 28, 28)))
        f.write(bytes(60000 * 28 * 28 + 10_000_000))  # 10 MB more than the header says
    with pytest.raises(DataError, match="longer than its header"):
        read_idx(path)
    with pytest.raises(DataError, match="promises"):
        read_idx(path, max_bytes=1_000_000)


def test_an_idx_header_promising_terabytes_is_refused_before_reading(tmp_path):
    path = tmp_path / "x-idx3-ubyte"
    path.write_bytes(_idx_header(0x08, (2**31, 2**15, 2**15)) + bytes(100))
    with pytest.raises(DataError, match="GiB"):
        read_idx(path)


def _idx_folder(tmp_path, labels, shape=(2, 2)):
    n = len(labels)
    (tmp_path / "train-images-idx3-ubyte").write_bytes(
        _idx_header(0x08, (n, *shape)) + bytes(n * shape[0] * shape[1]))
    (tmp_path / "train-labels-idx1-ubyte").write_bytes(
        _idx_header(0x0C, (n,)) + np.asarray(labels, ">i4").tobytes())
    return tmp_path


def test_idx_labels_are_checked_against_the_class_limit(tmp_path):
    with pytest.raises(DataError, match="2,000,000,000 is out of range"):
        read_idx_folder(_idx_folder(tmp_path, [0, 2_000_000_000]))


def test_idx_images_without_pixels_are_refused(tmp_path):
    with pytest.raises(DataError, match="0 x 0 pixels"):
        read_idx_folder(_idx_folder(tmp_path, [0, 1], shape=(0, 0)))


def test_an_id_column_is_refused_naming_it(tmp_path):
    path = tmp_path / "ids.csv"
    path.write_text("id,x,y\n" + "".join(f"user{i},{i % 7},{i % 2}\n" for i in range(500)))
    with pytest.raises(DataError, match="column 'id': 500 distinct text values"):
        read_csv(path)


def test_csv_inputs_beyond_float32_are_a_data_problem(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("x,y\n1,0\n1e300,1\n2,0\n3,1\n")
    with pytest.raises(DataError, match="too large for float32.*row 2, column 'x'"):
        prepare(Spec({"data.dataset": "csv", "data.path": str(path)}))


def _npz_with_header(shape: tuple[int, ...], payload: bytes = b"") -> bytes:
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f4", "fortran_order": False, "shape": shape})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("w.npy", header.getvalue() + payload)
    return buffer.getvalue()


def test_an_npz_header_claiming_1e13_values_is_refused():
    with pytest.raises(WeightsError, match="claims 10,000,000,000,000 values"):
        read_npz(_npz_with_header((10_000_000_000_000,)), "lie.npz")


def test_an_npz_zip_bomb_is_refused_before_unpacking(monkeypatch):
    data = _npz_with_header((50_000_000,), bytes(200_000_000))  # 200 MB of zeros, ~200 KB
    assert len(data) < 1_000_000
    from playground.core.files import array_files

    monkeypatch.setattr(array_files, "MAX_ARRAY_BYTES", 100_000_000)
    with pytest.raises(WeightsError, match="would unpack to more than"):
        array_files._check_npz_members(data, "bomb.npz", array_files.MAX_ARRAY_BYTES)


def test_weights_never_pick_the_data_file_in_the_cli(tmp_path, capsys):
    csv_path = tmp_path / "d.csv"
    csv_path.write_text("a,b,y\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(20)))
    weights = tmp_path / "w.safetensors"
    code, _, _ = run(capsys, "train", "tfp-circle", "--set", "data.dataset=csv", "--set",
                     f"data.path={csv_path}", "--set", "data.features=null", "--epochs", "1",
                     "--export", str(weights), "--quiet")
    assert code == 0
    code, _, err = run(capsys, "train", str(weights), "--epochs", "1", "--quiet")
    assert code == EXIT_BAD_INPUT
    assert "reads data from" in err and "--stored-data" in err and err.count("\n") == 1
    assert run(capsys, "train", str(weights), "--epochs", "1", "--quiet", "--stored-data")[0] == 0
    assert run(capsys, "train", str(weights), "--epochs", "1", "--quiet", "--set",
               f"data.path={csv_path}")[0] == 0


def test_unwritable_outputs_are_found_before_training(tmp_path, capsys):
    missing = tmp_path / "no" / "such" / "m.json"
    code, _, err = run(capsys, "train", "tfp-circle", "--epochs", "100000", "--metrics",
                       str(missing), "--quiet")
    assert code == EXIT_BAD_INPUT and "--metrics" in err and ".tmp" not in err
    code, _, err = run(capsys, "train", "tfp-circle", "--epochs", "100000", "--export",
                       str(tmp_path), "--quiet")
    assert code == EXIT_BAD_INPUT


def test_atomic_writes_remove_temp_files_of_killed_saves(tmp_path):
    target = tmp_path / "w.safetensors"
    dead = tmp_path / f".w.safetensors.{2**22 + 12345}-abcd1234.tmp"  # beyond pid_max
    dead.write_bytes(b"half a file")
    old_style = tmp_path / ".w.safetensors.deadbeef.tmp"
    old_style.write_bytes(b"x")
    mine = tmp_path / f".w.safetensors.{os.getpid()}-00000000.tmp"
    mine.write_bytes(b"in progress")
    atomic.write_atomic(target, b"data")
    assert target.read_bytes() == b"data"
    assert not dead.exists() and not old_style.exists() and mine.exists()
    with pytest.raises(OSError, match="could not write"):
        atomic.write_atomic(tmp_path / "missing" / "x", b"")


def test_a_fifo_as_the_experiment_is_refused_without_blocking(tmp_path, capsys):
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs FIFOs")
    fifo = tmp_path / "exp.json"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "train", str(fifo), "--quiet")
    assert code == EXIT_BAD_INPUT and "named pipe" in err


def test_a_huge_bad_csv_cell_is_quoted_short(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("x,y\n1,0\n" + "z" * 100_000 + ",1\n2,0\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        prepare(Spec({"data.dataset": "csv", "data.path": str(path), "data.task": "regression",
                      "data.target": "x"}))
    assert len(str(exc.value)) < 300


def test_deep_onnx_state_keys_are_a_weights_error(tmp_path):
    import onnx

    from playground.core.files.weights import read_weights, save_weights
    from playground.core.model.head import derive_head
    from playground.core.model.network import build_model

    spec = Spec()
    model = build_model(spec, 2, derive_head(spec, "classification", 2, 1))
    path = save_weights(model, spec, tmp_path / "w.onnx", 2)
    proto = onnx.load(str(path))
    for prop in proto.metadata_props:
        if prop.key.endswith("state_keys"):
            prop.value = "[" * 5000 + "]" * 5000
    path.write_bytes(proto.SerializeToString())
    with pytest.raises(WeightsError, match="not exported by NN Playground"):
        read_weights(path)
