"""Files written so a crash never leaves half of one, and read only when they are real files.

Every save (experiments, weights, metrics, exports, the recovery file) goes through
``write_atomic``: a temporary file beside the target, flushed and fsynced, renamed over the
target, the folder fsynced. A save killed half way leaves only its temporary file, named
``.NAME.PID-RANDOM.tmp``; the next save of the same file removes those whose process is gone.

Readers call ``require_regular_file`` first: a FIFO would block the read forever and a device
file (``/dev/zero``) never ends.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

STALE_SECONDS = 3600.0  # a temp file this old is stale even if its process id was reused


class FileProblem(OSError):
    """A path that cannot be read or written as asked; ``str()`` is one line for the user."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "file problem"


def require_regular_file(path: str | os.PathLike[str], what: str = "file") -> Path:
    """``path`` as a Path when it is a regular file (after links); FileProblem otherwise."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise FileProblem(f"{path}: no such file") from None
    except OSError as exc:
        raise FileProblem(f"{path}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise FileProblem(f"{path}: a folder, not a {what}")
    if not stat.S_ISREG(mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else
                "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
                "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
        raise FileProblem(f"{path}: {kind}, not a {what}; only regular files are read")
    return path


def check_writable(path: str | os.PathLike[str]) -> None:
    """Raise FileProblem unless a file can be written at ``path`` (checked by creating and
    removing a temporary file beside it, so it holds for read-only mounts and ACLs too)."""
    path = Path(path)
    if path.is_dir():
        raise FileProblem(f"cannot write {path}: it is a folder")
    folder = path.parent
    if not folder.is_dir():
        raise FileProblem(f"cannot write {path}: the folder {folder} does not exist")
    tmp = _temp_name(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise FileProblem(f"cannot write {path}: {exc.strerror or exc}") from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(tmp)
    if path.exists() and not os.access(path, os.W_OK):
        raise FileProblem(f"cannot write {path}: permission denied")


def write_atomic(path: str | os.PathLike[str], data: bytes | Callable[[BinaryIO], None]
                 ) -> None:
    """Write ``data`` to ``path`` all or nothing; ``data`` may be a function that writes into
    the open file (large files, without a copy in memory). Raises FileProblem naming ``path``."""
    path = Path(path)
    remove_stale_temps(path)
    tmp = _temp_name(path)
    created = False
    try:
        # Mode 0o666 lets the umask decide the permissions, as for any new file.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o666)
        created = True
        with os.fdopen(fd, "wb") as f:
            if callable(data):
                data(f)
            else:
                f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        created = False
        _fsync_folder(path.parent)
    except OSError as exc:
        raise FileProblem(f"could not write {path}: {exc.strerror or exc}") from None
    finally:
        if created:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove temporary files of ``path`` left by saves that were killed; returns them."""
    removed = []
    with contextlib.suppress(OSError):
        for tmp in path.parent.glob(f".{_glob_escape(path.name)}.*.tmp"):
            if _is_stale(tmp):
                with contextlib.suppress(OSError):
                    tmp.unlink()
                    removed.append(tmp)
    return removed


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")


def _is_stale(tmp: Path) -> bool:
    middle = tmp.name[:-len(".tmp")].rsplit(".", 1)[-1]
    pid_text = middle.split("-", 1)[0]
    try:
        if time.time() - tmp.stat().st_mtime > STALE_SECONDS:
            return True
    except OSError:
        return False
    if not pid_text.isdigit():
        return True  # the older naming (.NAME.HEX.tmp) had no process id
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OSError, OverflowError):
        return False
    return False


def _fsync_folder(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk (POSIX; a no-op elsewhere).
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)
