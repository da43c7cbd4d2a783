"""One writer at a time: an flock on a lock file, released by the kernel even after SIGKILL.

The lock file is written to (it holds the holder's pid), so it is opened with care: never
through a symbolic link (one planted at `<store>.lock` would otherwise have its target
truncated), only as a regular file, and only if it is empty or holds a pid, so that a
`lock_path` naming the store or any other file by mistake is refused, not overwritten.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import stat
from pathlib import Path
from types import TracebackType

from scraper.errors import LockHeldError, StoreError

LOCK_CONTENT = re.compile(rb"\d{0,20}\n?")
"""What a lock file holds: nothing, or the pid of the run that last took it."""

LOCK_FILE_MAX_BYTES = 32
"""A lock file is never larger; reading more than this to check one would be reading something else."""


class RunLock:
    """A non-blocking exclusive lock; a second holder fails at once with LockHeldError."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise LockHeldError naming the holder's pid."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # O_NONBLOCK: opening a FIFO planted at the path must not wait for a writer.
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise StoreError(f"the lock file {self.path} is a symbolic link; refusing to follow it") from exc
            raise StoreError(f"cannot open the lock file {self.path}: {exc.strerror}") from exc
        problem = _not_a_lock_file(fd)
        if problem:
            os.close(fd)
            raise StoreError(f"{self.path} {problem}; refusing to use it as the lock file (check [run] lock_path)")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            who = f" (pid {holder})" if holder else ""
            raise LockHeldError(f"another scraper run holds {self.path}{who}; not starting") from None
        # The pid is only for the message above; the flock itself is the lock.
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        """Drop the lock (closing the descriptor releases the flock)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.release()


def _not_a_lock_file(fd: int) -> str:
    """Why the open file is not one of our lock files, or "" if it is."""
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    if info.st_size > LOCK_FILE_MAX_BYTES or not LOCK_CONTENT.fullmatch(os.pread(fd, LOCK_FILE_MAX_BYTES, 0)):
        return "holds other data"
    return ""


def _read_pid(fd: int) -> str:
    try:
        return os.pread(fd, 32, 0).decode("ascii", errors="replace").strip()
    except OSError:
        return ""
