"""File menu: save / reopen, recent files, weights export and import, CSV and PNG, bad files."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from playground.core import spec as spec_io
from tests.gui.conftest import SNAPSHOT_TIMEOUT_MS, wait_for_snapshot


class Boxes:
    """Records message boxes instead of showing them (they would block the test)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.shown: list[tuple[str, str, str]] = []
        for kind in ("critical", "warning", "information"):
            monkeypatch.setattr(QMessageBox, kind, self._recorder(kind))

    def _recorder(self, kind: str):
        def record(parent, title, text, *args, **kwargs):
            self.shown.append((kind, title, text))
            return QMessageBox.StandardButton.Discard
        return record


@pytest.fixture
def boxes(monkeypatch) -> Boxes:
    return Boxes(monkeypatch)


def choose_file(monkeypatch, path, kind: str = "getSaveFileName") -> None:
    """Make the next QFileDialog.<kind> answer ``path`` (no dialog is shown)."""
    monkeypatch.setattr(QFileDialog, kind, lambda *a, **k: (str(path), ""))


def test_save_then_reopen_gives_the_same_experiment(qtbot, window, tmp_path, monkeypatch,
                                                    boxes):
    session = window.session
    session.update({"training.learning_rate": 0.1, "model.layers": [
        {"type": "dense", "units": 5, "activation": "relu"}]}, "edit")
    assert window.isWindowModified()
    path = tmp_path / "mine.json"
    choose_file(monkeypatch, path)
    window.menus.save_action.trigger()
    assert path.is_file() and not window.isWindowModified()
    assert window.windowTitle().startswith("mine.json")
    saved = session.spec
    assert spec_io.load(path) == saved
    window.menus.new_action.trigger()
    assert session.spec != saved and window.path is None
    choose_file(monkeypatch, path, "getOpenFileName")
    window.menus.open_action.trigger()
    assert session.spec == saved and window.path == path
    assert window.document.recent_files()[0] == str(path.resolve())
    assert not boxes.shown


def test_save_as_toml(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "mine"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(path), "TOML (*.toml)"))
    assert window.document.save_as()
    assert (tmp_path / "mine.toml").is_file()
    assert spec_io.load(tmp_path / "mine.toml") == window.session.spec


def test_a_corrupt_experiment_gives_a_message_and_changes_nothing(qtbot, window, tmp_path,
                                                                  monkeypatch, boxes):
    before = window.session.spec
    bad = tmp_path / "broken.json"
    bad.write_text('{"training": {"learning_rate": "fast"', encoding="utf-8")
    choose_file(monkeypatch, bad, "getOpenFileName")
    window.menus.open_action.trigger()
    assert boxes.shown and boxes.shown[-1][0] == "critical"
    assert "broken.json" in boxes.shown[-1][2]
    bad.write_text('{"training": {"learning_rate": -3}}', encoding="utf-8")
    window.menus.open_action.trigger()
    assert "training.learning_rate" in boxes.shown[-1][2]
    assert window.session.spec == before and window.path is None
    assert window.isVisible()


def test_export_weights_and_load_them_back(qtbot, window, tmp_path, monkeypatch, boxes):
    session = window.session
    wait_for_snapshot(qtbot, session)
    session.step_epoch()
    trained = wait_for_snapshot(qtbot, session, lambda s: s.epoch == 1)
    path = tmp_path / "net.safetensors"
    choose_file(monkeypatch, path)
    with qtbot.waitSignal(session.file_done, timeout=SNAPSHOT_TIMEOUT_MS):
        window.menus.export_weights_action.trigger()
    assert path.is_file()
    session.set_weight(0, 0, 0, 9.0)
    wait_for_snapshot(qtbot, session, lambda s: s.weights[0][0, 0] == pytest.approx(9.0))
    choose_file(monkeypatch, path, "getOpenFileName")
    with qtbot.waitSignal(session.file_done, timeout=SNAPSHOT_TIMEOUT_MS):
        window.menus.import_weights_action.trigger()
    w00 = trained.weights[0][0, 0]
    back = wait_for_snapshot(qtbot, session, lambda s: s.weights[0][0, 0] == pytest.approx(w00))
    for a, b in zip(back.weights, trained.weights, strict=True):
        np.testing.assert_array_equal(a, b)
    assert "Loaded weights" in window.statusBar().currentMessage()
    assert not boxes.shown


@pytest.mark.parametrize("suffix", [".npz", ".json", ".pt"])
def test_other_weight_formats_round_trip(qtbot, window, tmp_path, monkeypatch, suffix):
    session = window.session
    first = wait_for_snapshot(qtbot, session)
    path = tmp_path / f"net{suffix}"
    choose_file(monkeypatch, path)
    with qtbot.waitSignal(session.file_done, timeout=SNAPSHOT_TIMEOUT_MS):
        window.menus.export_weights_action.trigger()
    session.set_weight(1, 0, 0, -4.0)
    wait_for_snapshot(qtbot, session, lambda s: s.weights[1][0, 0] == pytest.approx(-4.0))
    choose_file(monkeypatch, path, "getOpenFileName")
    with qtbot.waitSignal(session.file_done, timeout=SNAPSHOT_TIMEOUT_MS):
        window.menus.import_weights_action.trigger()
    wait_for_snapshot(qtbot, session,
                      lambda s: s.weights[1][0, 0] == pytest.approx(first.weights[1][0, 0]))


def test_corrupt_or_mismatched_weights_give_a_message(qtbot, window, tmp_path, monkeypatch,
                                                      boxes):
    session = window.session
    wait_for_snapshot(qtbot, session)
    junk = tmp_path / "junk.safetensors"
    junk.write_bytes(b"not a safetensors file at all")
    choose_file(monkeypatch, junk, "getOpenFileName")
    with qtbot.waitSignal(session.file_failed, timeout=SNAPSHOT_TIMEOUT_MS):
        window.menus.import_weights_action.trigger()
    assert boxes.shown[-1][0] == "critical" and boxes.shown[-1][1] == "Import weights"
    # Weights of another network: the shapes do not match this experiment's.
    other = tmp_path / "other.safetensors"
    choose_file(monkeypatch, other)
    with qtbot.waitSignal(session.file_done, timeout=SNAPSHOT_TIMEOUT_MS):
        window.menus.export_weights_action.trigger()
    session.update({"model.layers": [{"type": "dense", "units": 7, "activation": "relu"}]},
                   "wider")
    wait_for_snapshot(qtbot, session, lambda s: s.version == session.version)
    choose_file(monkeypatch, other, "getOpenFileName")
    with qtbot.waitSignal(session.file_failed, timeout=SNAPSHOT_TIMEOUT_MS):
        window.menus.import_weights_action.trigger()
    assert "shape" in boxes.shown[-1][2] or "different network" in boxes.shown[-1][2]
    assert window.isVisible()


def test_export_data_as_csv(qtbot, window, tmp_path, monkeypatch):
    wait_for_snapshot(qtbot, window.session)
    path = tmp_path / "circle.csv"
    choose_file(monkeypatch, path)
    window.menus.export_csv_action.trigger()
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["x1", "x2", "target", "split"]
    assert len(rows) == 501
    splits = [r[3] for r in rows[1:]]
    assert splits.count("train") == 250 and splits.count("test") == 250
    prepared = window.session.prepared
    assert float(rows[1][0]) == pytest.approx(prepared.raw_train[0, 0])
    assert int(rows[1][2]) == prepared.y_train[0]


def test_export_view_as_png(qtbot, window, tmp_path, monkeypatch):
    wait_for_snapshot(qtbot, window.session)
    path = tmp_path / "view"
    choose_file(monkeypatch, path)
    window.menus.export_png_action.trigger()
    image = QImage(str(tmp_path / "view.png"))
    assert not image.isNull()
    assert image.size() == window.output_view.size() * window.output_view.devicePixelRatioF()


def test_new_asks_about_unsaved_changes(qtbot, window, monkeypatch):
    window.session.update({"seed": 3}, "seed")
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda *a, **k: QMessageBox.StandardButton.Cancel)
    window.menus.new_action.trigger()
    assert window.session.spec.seed == 3  # cancelled
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.menus.new_action.trigger()
    assert window.session.spec.seed == 0 and not window.isWindowModified()


def test_recent_files_menu_reopens(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "recent.json"
    spec_io.save(window.session.spec.replace({"seed": 11}), path)
    assert window.document.open_path(path)
    window.document.new_experiment()
    window.menus.fill_recent_menu()
    entry = window.menus.recent_menu.actions()[0]
    assert entry.text() == "recent.json"
    entry.trigger()
    assert window.session.spec.seed == 11
