"""`scraper FILE|-`: the article command as a user runs it, in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from scraper.cli import exit_codes

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "moscow-times-army-drills" / "source.txt"
HTML_PAGE = ROOT / "fixtures" / "moscow-times-army-drills-html" / "source.html"


def scraper_cli(*args: str, stdin: bytes = b"", cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    process = subprocess.run(
        [sys.executable, "-m", "scraper", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=60,
        check=False,
    )
    return subprocess.CompletedProcess(
        process.args, process.returncode, process.stdout.decode("utf-8"), process.stderr.decode("utf-8")
    )


def test_text_output_is_title_byline_blank_line_body() -> None:
    result = scraper_cli(str(SEED))
    assert result.returncode == exit_codes.OK
    lines = result.stdout.splitlines()
    assert lines[0] == "Russian-China Army Drills to 'Promote Peace,' Says Minister"
    assert lines[1] == "China Daily / Reuters"
    assert lines[2] == ""
    assert lines[3].startswith("Joint military drills")
    assert "Support us" not in result.stdout


def test_html_is_recognised_by_content_even_from_stdin() -> None:
    result = scraper_cli("-", "--format", "json", stdin=HTML_PAGE.read_bytes())
    assert result.returncode == exit_codes.OK
    article = json.loads(result.stdout)
    assert article["title"] == "Russian-China Army Drills to 'Promote Peace,' Says Minister"
    assert article["text"].endswith("using computer-guided missiles in May.")
    assert {block["kind"] for block in article["removed"]} >= {"donation", "teaser"}


def test_a_saved_page_named_txt_is_still_html(tmp_path: Path) -> None:
    misnamed = tmp_path / "page.txt"
    misnamed.write_bytes(HTML_PAGE.read_bytes())
    result = scraper_cli(str(misnamed), "--format", "markdown")
    assert result.returncode == exit_codes.OK
    assert result.stdout.startswith("# Russian-China Army Drills")


def test_explain_lists_removed_blocks_on_stderr() -> None:
    result = scraper_cli(str(SEED), "--explain")
    assert result.returncode == exit_codes.OK
    assert "donation" in result.stderr and "closing-appeal" in result.stderr
    assert "A Message from The Moscow Times" in result.stderr
    assert "closing-appeal" not in result.stdout


def test_explain_names_the_source_of_each_metadata_field() -> None:
    result = scraper_cli(str(HTML_PAGE), "--explain")
    assert result.returncode == exit_codes.OK
    lines = result.stderr.splitlines()
    assert "date: json-ld datePublished, shown" in lines
    assert "authors: json-ld author" in lines
    assert "language: <html lang>" in lines
    assert "json-ld datePublished" not in result.stdout


def test_explain_says_when_a_description_stands_in_for_the_body() -> None:
    shell = ROOT / "fixtures" / "script-shell-forum-thread" / "source.html"
    result = scraper_cli(str(shell), "--explain")
    assert result.returncode == exit_codes.OK, result.stderr
    assert result.stdout.startswith("Which tent for a week in the Cairngorms?\n")
    assert "page: no article body in its HTML (its scripts fill it in); the text is its description" in result.stderr


def test_json_output_has_every_metadata_field() -> None:
    result = scraper_cli(str(HTML_PAGE), "--format", "json")
    article = json.loads(result.stdout)
    assert {"modified", "image", "tags", "site_name", "language", "sources"} <= set(article)
    assert article["image"].startswith("https://")


def test_a_missing_file_is_one_line_and_a_usage_code() -> None:
    result = scraper_cli("no-such-page.html")
    assert result.returncode == exit_codes.USAGE
    assert result.stderr.strip() == "scraper: error: no such file: no-such-page.html"


def test_a_page_without_article_is_the_no_content_code(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    result = scraper_cli(str(empty))
    assert result.returncode == exit_codes.NO_CONTENT
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_one_bad_target_does_not_stop_the_others() -> None:
    result = scraper_cli("no-such-page.html", str(SEED))
    assert result.returncode == exit_codes.USAGE
    assert "Joint military drills" in result.stdout


def test_a_broken_config_is_named_with_the_usage_code(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[extract]\nremove_chrom = true\n", encoding="utf-8")
    result = scraper_cli(str(SEED), cwd=tmp_path)
    assert result.returncode == exit_codes.USAGE
    assert "extract.remove_chrom" in result.stderr


def test_bad_flags_are_usage_errors() -> None:
    result = scraper_cli(str(SEED), "--timeout", "-3")
    assert result.returncode == exit_codes.USAGE


def test_a_truncated_paywalled_article_says_so_in_the_byline() -> None:
    page = ROOT / "fixtures" / "french-abonnez-vous-paywall" / "source.html"
    result = scraper_cli(str(page))
    assert result.returncode == exit_codes.OK
    assert result.stdout.splitlines()[1].endswith("paywalled (truncated)")
