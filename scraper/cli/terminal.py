"""Text bound for a terminal, made harmless: what pages and servers wrote never reaches it raw.

A title from JSON-LD, an author, a server's header in an error message or a line of plain-text
input may carry terminal escapes (`ESC ] 0 ; … BEL` retitles the window, `ESC [ 2 J` clears the
screen, a C1 `CSI` does the same on some terminals) or line breaks that forge extra output lines.
The command removes C0 and C1 control characters from everything it prints; JSON output keeps
them escaped instead, as data.
"""

from __future__ import annotations

import re

_CONTROLS_BUT_LAYOUT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 controls except tab and line feed, DEL, and the C1 controls."""

_USERINFO = re.compile(r"//[^/@\s?#]+@")
"""The userinfo of a URL inside a message: `https://user:secret@host/` → `https://host/`."""

_C1_CONTROLS = re.compile(r"[\x7f-\x9f]")
"""What json.dumps leaves raw: it escapes C0 controls itself, but not DEL and C1."""


def printable_block(text: str) -> str:
    """Text of several lines (an article body, a report) without control characters but tabs and line feeds."""
    return _CONTROLS_BUT_LAYOUT.sub("", text)


def printable_line(text: str) -> str:
    """One line: control characters removed, any run of whitespace (line breaks included) made one space."""
    return " ".join(_CONTROLS_BUT_LAYOUT.sub("", text).split())


def without_credentials(text: str) -> str:
    """URLs in a message without their `user:password@`: an error line ends up in logs and cron mail."""
    return _USERINFO.sub("//", text)


def escaped_json(text: str) -> str:
    """JSON text with DEL and C1 controls written as \\u escapes (still the same JSON value)."""
    return _C1_CONTROLS.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
