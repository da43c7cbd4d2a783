"""Where `scraper export --output PATH` writes, chosen by what PATH is.

A regular file (or a symbolic link to one) is replaced atomically: written beside the real
file and renamed over it, so a reader never sees half an export and the link stays a link.
A FIFO is written in place (renaming a file over it would only replace the FIFO); opening
it fails at once when no process reads it, instead of blocking forever. Devices, folders
and sockets are refused: renaming over `/dev/null` or `/dev/stdout` would replace the
system's entry with a regular file.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from scraper.errors import InputError


@contextmanager
def open_output(name: str) -> Iterator[TextIO]:
    """A text stream for the export; every failure is an InputError naming the path."""
    if not name:
        raise InputError("--output needs a file name")
    try:
        info = os.stat(name)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InputError(f"cannot write {name}: {exc.strerror}") from exc
    if info is None or stat.S_ISREG(info.st_mode):
        with _replacing(Path(os.path.realpath(name)), shown=name) as out:
            yield out
    elif stat.S_ISFIFO(info.st_mode):
        with _into_fifo(name) as out:
            yield out
    else:
        raise InputError(f"cannot write {name}: {_kind(info.st_mode)}, not a file; redirect stdout instead")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "it is a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device"
    return "it is a socket or other special file"


@contextmanager
def _replacing(target: Path, *, shown: str) -> Iterator[TextIO]:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "x", encoding="utf-8", newline="") as out:
            yield out
        os.replace(temporary, target)
    except OSError as exc:
        raise InputError(f"cannot write {shown}: {exc.strerror}") from exc
    finally:
        temporary.unlink(missing_ok=True)


@contextmanager
def _into_fifo(name: str) -> Iterator[TextIO]:
    try:
        # Non-blocking only to open: with no reader the open fails (ENXIO) rather than waiting for one.
        fd = os.open(name, os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        reason = "no process is reading from the FIFO" if exc.errno == errno.ENXIO else exc.strerror
        raise InputError(f"cannot write {name}: {reason}") from exc
    os.set_blocking(fd, True)
    try:
        with open(fd, "w", encoding="utf-8", newline="") as out:
            yield out
    except OSError as exc:
        raise InputError(f"cannot write {name}: {exc.strerror}") from exc
