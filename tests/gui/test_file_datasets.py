"""The dataset list's file-backed sets: picking `csv` or `idx` asks for a file or folder (the
dialog is stubbed), trains on what the test wrote, and a bad file is a message, not a crash."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tests.core.test_tabular import write_idx_folder
from tests.gui.conftest import SNAPSHOT_TIMEOUT_MS, wait_for_snapshot


def _pick(qtbot, window, name: str) -> None:
    picker = window.data_panel._datasets
    item = next(picker.item(i) for i in range(picker.count())
                if picker.item(i).data(Qt.ItemDataRole.UserRole) == name)
    picker.scrollToItem(item)
    qtbot.mouseClick(picker.viewport(), Qt.MouseButton.LeftButton,
                     pos=picker.visualItemRect(item).center())


def _stub_dialogs(monkeypatch, file: str = "", folder: str = "") -> list[str]:
    asked: list[str] = []

    def open_file(*_args, **_kw):
        asked.append("file")
        return file, ""

    def open_folder(*_args, **_kw):
        asked.append("folder")
        return folder

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_file))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(open_folder))
    return asked


def _current_run(qtbot, session):
    return wait_for_snapshot(qtbot, session, lambda s: s.version == session.version)


def test_picking_csv_asks_for_a_file_and_trains_on_it(qtbot, window, tmp_path, monkeypatch):
    rows = ["size,colour,price"]
    for i in range(60):
        size = "" if i == 7 else str(1 + i % 10)  # a missing number: filled with the mean
        colour = ("red", "blue", "")[i % 3]  # categorical, with a missing category
        rows.append(f"{size},{colour},{2.5 * (1 + i % 10) + (i % 3)}")
    table = tmp_path / "houses.csv"
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    asked = _stub_dialogs(monkeypatch, file=str(table))
    session = window.session
    wait_for_snapshot(qtbot, session)

    _pick(qtbot, window, "csv")
    assert asked == ["file"]
    assert session.spec.data.dataset == "csv" and session.spec.data.path == str(table)
    snap = _current_run(qtbot, session)
    prepared = session.prepared
    assert prepared.task == "regression"
    assert prepared.n_inputs_raw == 4  # size + colour one-hot (red, blue, missing)
    assert snap.metrics["train_loss"] > 0
    session.step_epoch()
    qtbot.waitUntil(lambda: session.last_snapshot.epoch == 1, timeout=SNAPSHOT_TIMEOUT_MS)


def test_cancelling_the_file_dialog_keeps_the_dataset(qtbot, window, monkeypatch):
    asked = _stub_dialogs(monkeypatch, file="")
    wait_for_snapshot(qtbot, window.session)
    _pick(qtbot, window, "csv")
    assert asked == ["file"]
    assert window.session.spec.data.dataset == "circle"
    assert not window.session.undo_stack.canUndo()


def test_a_ragged_csv_is_a_message_and_the_window_goes_on(qtbot, window, tmp_path, monkeypatch):
    table = tmp_path / "ragged.csv"
    table.write_text("a,b,y\n1,2,3\n4,5\n", encoding="utf-8")
    _stub_dialogs(monkeypatch, file=str(table))
    session = window.session
    wait_for_snapshot(qtbot, session)
    _pick(qtbot, window, "csv")
    qtbot.waitUntil(lambda: "ragged.csv" in window.statusBar().currentMessage(),
                    timeout=SNAPSHOT_TIMEOUT_MS)
    message = window.statusBar().currentMessage()
    assert "line 3: 2 values, but the header has 3 columns" in message
    session.undo_stack.undo()  # back to the circle, which trains again
    assert session.spec.data.dataset == "circle"
    _current_run(qtbot, session)


@pytest.mark.parametrize("zipped", [False, True])
def test_picking_idx_asks_for_a_folder_and_shows_the_image_gallery(qtbot, window, tmp_path,
                                                                   monkeypatch, zipped):
    folder = tmp_path / "mnist"
    write_idx_folder(folder, 40, 12, zipped)
    asked = _stub_dialogs(monkeypatch, folder=str(folder))
    session = window.session
    wait_for_snapshot(qtbot, session)
    _pick(qtbot, window, "idx")
    assert asked == ["folder"]
    _current_run(qtbot, session)
    assert session.prepared.image_shape == (28, 28)
    assert window.output_view is window.gallery


def test_a_two_column_csv_is_plotted_over_its_own_range(qtbot, window, tmp_path):
    """A 2-D table far from TF Playground's [-6, 6] square: the plot, the heatmap grid and
    the clickable area all cover the data (they once stayed on [-6, 6], the data off-screen)."""
    rows = ["a,b,label"] + [f"{100 + i},{-50 + (i * 7) % 30},{int(i % 2)}" for i in range(40)]
    table = tmp_path / "far.csv"
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    session = window.session
    wait_for_snapshot(qtbot, session)
    session.update({"data.dataset": "csv", "data.path": str(table), "data.target": "label",
                    "data.features": None}, "far table")
    snap = _current_run(qtbot, session)
    prepared = session.prepared
    assert prepared.n_inputs_raw == 2 and prepared.domain is None
    (x_range, y_range) = window.boundary.plot_item.vb.viewRange()
    assert x_range[0] < 100 and x_range[1] > 139 and x_range[1] - x_range[0] < 50
    # The heatmap's grid spans the data with a margin, and the (aspect-locked) view shows it all.
    xs, ys = snap.grid.xs, snap.grid.ys
    assert xs[0] < 100 and xs[-1] > 139 and ys[0] < -50 and ys[-1] > -21
    assert x_range[0] <= xs[0] + 1e-3 and x_range[1] >= xs[-1] - 1e-3
    assert y_range[0] <= ys[0] + 1e-3 and y_range[1] >= ys[-1] - 1e-3
