"""GUI test fixtures: no QThread may outlive its test; a started Session; a MainWindow."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QThread

from playground.core.files.presets import default_spec
from playground.core.train.snapshot import Snapshot

SNAPSHOT_TIMEOUT_MS = 30_000  # the first trainer of a process imports torch (seconds here)


@pytest.fixture(autouse=True, scope="session")
def english_interface(qapp) -> None:
    """The English catalogue (its plural forms: "1 point", "2 points"), as the app installs it."""
    from playground.gui import i18n

    assert i18n.install(i18n.SOURCE_LANGUAGE)


@pytest.fixture(autouse=True)
def no_qthread_left_running(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail the test when a QThread it started is still running at its end."""
    started: list[weakref.ref[QThread]] = []
    original = QThread.start

    def recording_start(self: QThread, *args: object) -> None:
        started.append(weakref.ref(self))
        original(self, *args)

    monkeypatch.setattr(QThread, "start", recording_start)
    yield
    running = [t for t in (ref() for ref in started) if t is not None and t.isRunning()]
    for thread in running:  # stop them anyway, so one failure does not hang the whole run
        thread.quit()
        thread.wait(5000)
    if running:
        pytest.fail(f"{len(running)} QThread(s) left running: "
                    + ", ".join(t.objectName() or repr(t) for t in running))


@pytest.fixture(autouse=True)
def data_folder(tmp_path, monkeypatch: pytest.MonkeyPatch):
    """The user's data folder (autosave, recovery files) redirected into the test's tmp."""
    folder = tmp_path / "user-data"
    folder.mkdir()
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def settings(tmp_path, monkeypatch: pytest.MonkeyPatch) -> QSettings:
    """A QSettings file of the test's own (recent files never touch the user's settings)."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def session(qtbot) -> Iterator[object]:
    """A started Session on the default experiment; shut down at the end."""
    from playground.gui.session import Session

    s = Session(default_spec())
    s.start()
    yield s
    s.shutdown()


def wait_for_snapshot(qtbot, session, predicate: Callable[[Snapshot], bool] = lambda s: True,
                      timeout: int = SNAPSHOT_TIMEOUT_MS) -> Snapshot:
    """Wait until the session has a current snapshot that satisfies ``predicate``."""
    qtbot.waitUntil(lambda: session.last_snapshot is not None
                    and predicate(session.last_snapshot), timeout=timeout)
    return session.last_snapshot


@pytest.fixture
def window(qtbot, settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """A shown MainWindow on the default experiment; closed without prompts at the end."""
    from playground.gui.main_window import MainWindow

    win = MainWindow(default_spec(), settings=settings)
    # Not qtbot.addWidget: its teardown closes the window before ours, and a modified
    # experiment would then block on the "save changes?" box.
    win.show()
    win.start()
    yield win
    win.session.undo_stack.setClean()  # no "save changes?" prompt in teardown
    win.close()
    win.session.shutdown()
    # Destroy the C++ side now, while every Python wrapper still has its attributes: left to
    # the cyclic collector, pyqtgraph items lose their __dict__ first and the scene's
    # destructor then calls their boundingRect() overrides (errors land in a later test).
    win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
