"""CSV, IDX and scikit-learn loaders on small files written here."""

import gzip
import struct

import numpy as np
import pytest

from playground.core.data.bundled_sets import load_bundled
from playground.core.data.csv_table import read_csv
from playground.core.data.datasets import generate
from playground.core.data.idx_images import read_idx, read_idx_folder
from playground.core.data.records import DataError
from playground.core.spec import Spec


def write(tmp_path, text, name="table.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -------------------------------------------------------------------------------------- CSV
HOUSES = """area,zone,rooms,price
50,RL,2,100.5
,RM,3,150.0
70,,NA,210.25
90,RL,?,300.0
"""


def test_csv_fills_missing_numbers_and_one_hot_encodes_text(tmp_path):
    raw = read_csv(write(tmp_path, HOUSES))
    assert raw.input_names == ("area", "zone=RL", "zone=RM", "zone=NA", "rooms")
    expected = np.array([
        [50, 1, 0, 0, 2],
        [70, 0, 1, 0, 3],  # area: mean of 50, 70, 90
        [70, 0, 0, 1, 2.5],  # rooms: mean of 2 and 3
        [90, 1, 0, 0, 2.5],
    ])
    np.testing.assert_allclose(raw.x, expected)
    assert raw.task == "regression" and raw.n_classes == 0
    np.testing.assert_allclose(raw.y, [100.5, 150.0, 210.25, 300.0])
    assert raw.standardize


def test_csv_target_by_name_and_text_classes(tmp_path):
    path = write(tmp_path, "kind,w,h\ncat,1,2\ndog,3,4\ncat,5,6\nbird,7,8\n")
    raw = read_csv(path, target="kind")
    assert raw.task == "classification"
    assert raw.class_names == ("bird", "cat", "dog")
    np.testing.assert_array_equal(raw.y, [1, 2, 1, 0])
    assert raw.input_names == ("w", "h") and raw.y.dtype == np.int64


def test_csv_infers_classes_from_few_integers_unless_told(tmp_path):
    path = write(tmp_path, "a,b,label\n1,2,3\n2,3,5\n3,4,3\n4,5,5\n")
    raw = read_csv(path)
    assert raw.task == "classification" and raw.class_names == ("3", "5")
    np.testing.assert_array_equal(raw.y, [0, 1, 0, 1])
    forced = read_csv(path, task="regression")
    assert forced.task == "regression"
    np.testing.assert_allclose(forced.y, [3, 5, 3, 5])


def test_csv_several_binary_targets_are_multilabel(tmp_path):
    path = write(tmp_path, "x,red,blue\n0.1,1,0\n0.2,1,1\n0.3,0,0\n")
    raw = read_csv(path, target="red,blue")
    assert raw.task == "multilabel" and raw.n_classes == 2
    np.testing.assert_array_equal(raw.y, [[1, 0], [1, 1], [0, 0]])
    assert raw.class_names == ("red", "blue")


def test_csv_semicolons_and_blank_lines(tmp_path):
    raw = read_csv(write(tmp_path, "a;b;y\n1;2;0.5\n\n3;4;1.5\n"))
    np.testing.assert_allclose(raw.x, [[1, 2], [3, 4]])


@pytest.mark.parametrize("text, fragment", [
    ("", "empty"),
    ("\n\n", "empty"),
    ("a,b,y\n", "only a header"),
    ("a,b,y\n1,2,3\n4,5\n", "line 3: 2 values, but the header has 3 columns"),
    ("a,b,y\n1,2,3\n4,5,\n", "line 3, column 'y': the target value is missing"),
    ("a,a,y\n1,2,3\n", "'a' appears twice"),
])
def test_csv_errors_name_the_file_and_line(tmp_path, text, fragment):
    path = write(tmp_path, text)
    with pytest.raises(DataError) as info:
        read_csv(path)
    message = str(info.value)
    assert fragment in message and "table.csv" in message and "\n" not in message


def test_csv_unknown_target_lists_the_columns(tmp_path):
    with pytest.raises(DataError, match="no target column 'cost'; the columns are a, b, y"):
        read_csv(write(tmp_path, "a,b,y\n1,2,3\n"), target="cost")


def test_csv_text_regression_target_is_an_error(tmp_path):
    path = write(tmp_path, "a,y\n1,2.5\n2,high\n")
    with pytest.raises(DataError, match=r"line 3, column 'y': 'high' is not a number"):
        read_csv(path, task="regression")


def test_csv_missing_file(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        read_csv(tmp_path / "nothing.csv")


def test_csv_through_the_spec_with_a_row_cap(tmp_path):
    rows = "\n".join(f"{i},{i % 2}" for i in range(40))
    path = write(tmp_path, "x,y\n" + rows + "\n")
    spec = Spec({"data.dataset": "csv", "data.path": str(path), "data.samples": 10})
    raw = generate(spec)
    assert raw.x.shape == (10, 1) and raw.task == "classification"
    np.testing.assert_array_equal(raw.y, raw.x[:, 0] % 2)
    np.testing.assert_array_equal(generate(spec).x, raw.x)  # the seed picks the rows


# -------------------------------------------------------------------------------------- IDX
def idx_bytes(array: np.ndarray, type_code: int = 0x08) -> bytes:
    header = bytes([0, 0, type_code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(">u1" if type_code == 0x08 else ">i4").tobytes()


def write_idx_folder(folder, n_train, n_test, zipped):
    rng = np.random.default_rng(0)
    folder.mkdir()
    arrays = {}
    for split, n in (("train", n_train), ("t10k", n_test)):
        images = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
        labels = rng.integers(0, 10, n, dtype=np.uint8)
        for stem, array in ((f"{split}-images-idx3-ubyte", images),
                            (f"{split}-labels-idx1-ubyte", labels)):
            data = idx_bytes(array)
            if zipped:
                (folder / (stem + ".gz")).write_bytes(gzip.compress(data))
            else:
                (folder / stem).write_bytes(data)
        arrays[split] = (images, labels)
    return arrays


@pytest.mark.parametrize("zipped", [False, True])
def test_idx_folder_loads_images_and_labels(tmp_path, zipped):
    arrays = write_idx_folder(tmp_path / "mnist", 12, 5, zipped)
    raw = read_idx_folder(tmp_path / "mnist")
    assert raw.x.shape == (12, 784) and raw.x_test.shape == (5, 784)
    assert raw.image_shape == (28, 28) and raw.x.dtype == np.float32
    images, labels = arrays["train"]
    np.testing.assert_allclose(raw.x, images.reshape(12, 784) / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(raw.y, labels)
    np.testing.assert_array_equal(raw.y_test, arrays["t10k"][1])
    assert raw.y.dtype == np.int64
    assert raw.n_classes == max(labels.max(), arrays["t10k"][1].max()) + 1


def test_idx_samples_cap_the_training_rows(tmp_path):
    write_idx_folder(tmp_path / "mnist", 12, 5, False)
    spec = Spec({"data.dataset": "idx", "data.path": str(tmp_path / "mnist"),
                 "data.samples": 4})
    raw = generate(spec)
    assert raw.x.shape == (4, 784) and raw.x_test.shape == (5, 784)


def test_idx_keeps_other_types(tmp_path):
    path = tmp_path / "ints"
    path.write_bytes(idx_bytes(np.array([[1, -2], [300000, 4]]), type_code=0x0C))
    np.testing.assert_array_equal(read_idx(path), [[1, -2], [300000, 4]])


def test_idx_bad_magic_and_truncation(tmp_path):
    bad = tmp_path / "bad"
    bad.write_bytes(b"PK\x03\x04" + bytes(20))
    with pytest.raises(DataError, match="not an IDX file: magic number 0x504b0304"):
        read_idx(bad)
    short = tmp_path / "short"
    short.write_bytes(idx_bytes(np.zeros((3, 2, 2), np.uint8))[:-1])
    with pytest.raises(DataError, match="truncated: 11 data bytes, the header .* promises 12"):
        read_idx(short)


def test_idx_folder_errors(tmp_path):
    with pytest.raises(DataError, match="not a folder"):
        read_idx_folder(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match="no train-images-idx3-ubyte"):
        read_idx_folder(tmp_path / "empty")


# ---------------------------------------------------------------- scikit-learn's bundled sets
@pytest.mark.parametrize("name, loader, kwargs", [
    ("digits", "load_digits", {}), ("iris", "load_iris", {}), ("wine", "load_wine", {}),
    ("breast-cancer", "load_breast_cancer", {}), ("diabetes", "load_diabetes", {"scaled": False}),
])
def test_bundled_sets_match_scikit_learn(name, loader, kwargs):
    import sklearn.datasets

    bunch = getattr(sklearn.datasets, loader)(**kwargs)
    raw = load_bundled(name)
    scale = 16.0 if name == "digits" else 1.0
    np.testing.assert_allclose(raw.x * scale, bunch.data)
    np.testing.assert_array_equal(raw.y, bunch.target)
    assert raw.input_names == tuple(bunch.feature_names)
    if name == "diabetes":
        assert raw.task == "regression"
    else:
        assert raw.class_names == tuple(str(n) for n in bunch.target_names)
        assert raw.n_classes == len(bunch.target_names)
    assert raw.image_shape == ((8, 8) if name == "digits" else None)
    assert raw.standardize == (name != "digits")
