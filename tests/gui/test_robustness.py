"""The window under hostile input (issue 13): a network too large for the memory is refused in
the banner with both figures (nothing allocated, the window's process untouched), and a file
nested 1,000 deep is a message box, not an exception in a slot."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from tests.gui.conftest import SNAPSHOT_TIMEOUT_MS, wait_for_snapshot

HUGE = [{"type": "dense", "units": 65536, "activation": "relu"}] * 3  # ~8.6e9 parameters


def test_a_network_too_large_for_the_memory_is_refused_in_the_banner(qtbot, window):
    session = window.session
    wait_for_snapshot(qtbot, session)
    session.update({"model.layers": HUGE}, "huge")
    qtbot.waitUntil(window.banner.isVisible, timeout=SNAPSHOT_TIMEOUT_MS)
    text = window.banner.message.text()
    assert "needs about" in text and "GB" in text and "is available" in text
    session.undo_stack.undo()
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=SNAPSHOT_TIMEOUT_MS)
    wait_for_snapshot(qtbot, session, lambda s: s.version == session.version)


def test_a_deeply_nested_file_is_a_message_box(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "deep.json"
    path.write_text('{"data": {"points": ' + "[" * 1000 + "]" * 1000 + "}}")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda parent, title, text, *a, **k: shown.append(text)))
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda parent, title, text, *a, **k: shown.append(text)))
    before = window.session.spec
    assert window.document.open_path(path, confirm=False) is False
    assert shown and "nested deeper than 64" in shown[0]
    assert window.session.spec == before
