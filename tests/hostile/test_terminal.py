"""Item 14: terminal escapes and line breaks from pages never reach the terminal raw."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.cli import exit_codes
from tests.hostile.conftest import run_scraper
from tests.support.server import LocalServer, Reply

RETITLE = "\x1b]0;owned\x07"
CLEAR = "\x1b[2J"
C1_CSI = "\x9b2J"
ESCAPES = (RETITLE, CLEAR, C1_CSI)


def _hostile_page() -> str:
    metadata = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": f"Harbour vote{RETITLE} delayed",
        "author": {"@type": "Person", "name": f"Ann\nscraper: error: forged{CLEAR} Lee"},
    }
    paragraphs = "".join(
        f"<p>Paragraph {number} about the harbour board{C1_CSI} and the ferry timetable, which residents of "
        f"the island say leaves them stranded in winter.</p>"
        for number in range(5)
    )
    return (
        f"<html><head><script type='application/ld+json'>{json.dumps(metadata)}</script></head>"
        f"<body><article><h1>Harbour vote delayed</h1>{paragraphs}</article>"
        f"<div class='newsletter-signup'><p>Sign up{CLEAR} for our newsletter now!</p></div></body></html>"
    )


def _assert_clean(text: str) -> None:
    for escape in ("\x1b", "\x07", "\x9b"):
        assert escape not in text


@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_fields_from_json_ld_reach_the_terminal_without_escapes_or_line_breaks(
    tmp_path: Path, output_format: str
) -> None:
    page = tmp_path / "page.html"
    page.write_text(_hostile_page())

    done = run_scraper(str(page), "--format", output_format, "--explain", cwd=tmp_path)

    assert done.code == exit_codes.OK, done.stderr
    _assert_clean(done.stdout + done.stderr)
    assert "forged" not in done.stderr
    assert "Harbour vote delayed" in done.stdout.replace("  ", " ")
    lines = done.stdout.splitlines()
    assert any("Ann scraper: error: forged" in line for line in lines), "the byline is one line"
    assert not any(line.startswith("scraper: error") for line in lines), "the author's line break split the byline"


def test_json_output_keeps_the_characters_escaped_as_data(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(_hostile_page())

    done = run_scraper(str(page), "--format", "json", cwd=tmp_path)

    assert done.code == exit_codes.OK, done.stderr
    _assert_clean(done.stdout)
    assert any("\x1b" in author for author in json.loads(done.stdout)["authors"])


def test_plain_text_input_is_printed_without_escapes(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    body = " ".join(f"Sentence {number} of the council's report{CLEAR} on the harbour." for number in range(30))
    notes.write_text(f"Council report{RETITLE}\n\n{body}\n")

    done = run_scraper(str(notes), cwd=tmp_path)

    assert done.code == exit_codes.OK, done.stderr
    _assert_clean(done.stdout)


def test_an_error_message_naming_hostile_input_is_one_clean_line(tmp_path: Path) -> None:
    name = f"missing{CLEAR}\nscraper: error: forged.html"

    done = run_scraper(name, cwd=tmp_path)

    done.assert_one_line_error(exit_codes.USAGE, "no such file")
    _assert_clean(done.stderr)


SERVER_HEADERS = {
    "content-type": Reply(content_type=f"image/png{RETITLE}", body=b"x"),
    "location-with-a-line-break": Reply(status=302, headers={"Location": f"/next{CLEAR}\nscraper: error: forged"}),
    "location-to-a-url-with-escapes": Reply(status=302, headers={"Location": f"ftp://example{CLEAR}.com/"}),
}


@pytest.mark.parametrize("reply", SERVER_HEADERS.values(), ids=SERVER_HEADERS.keys())
def test_server_headers_named_in_an_error_reach_the_terminal_as_one_clean_line(tmp_path: Path, reply: Reply) -> None:
    with LocalServer() as server:
        server.add("/news/1", reply)

        done = run_scraper(server.url("/news/1"), "--allow-private", cwd=tmp_path)

    done.assert_one_line_error(exit_codes.FETCH_FAILED)
    _assert_clean(done.stderr)
