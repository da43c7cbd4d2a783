"""`scraper -i urls.txt` end to end: the command run as a subprocess against loopback pages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from scraper.cli import exit_codes
from tests.fetch.test_cli_url import ARTICLE, ROOT, run_cli
from tests.support.server import LocalServer, Reply


def write_list(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "urls.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def paths(stdout: str) -> list[str]:
    """The path of each article printed as a JSON line, in the order printed."""
    return [urlsplit(json.loads(line)["url"]).path for line in stdout.splitlines() if line.strip()]


def test_a_failing_url_in_the_middle_is_one_line_and_the_others_come_out(server: LocalServer, tmp_path: Path) -> None:
    server.add("/first", Reply(body=ARTICLE))
    server.add("/last", Reply(body=ARTICLE))
    urls = write_list(tmp_path, server.url("/first"), server.url("/missing"), server.url("/last"))

    done = run_cli("-i", str(urls), "--allow-private", "--retries", "0", "--format", "json", cwd=tmp_path)

    assert done.returncode == exit_codes.FETCH_FAILED
    assert sorted(paths(done.stdout)) == ["/first", "/last"]
    (error,) = done.stderr.splitlines()
    assert error.startswith("scraper: error:") and server.url("/missing") in error and "404" in error


def test_ordered_output_follows_the_input_whatever_finishes_first(server: LocalServer, tmp_path: Path) -> None:
    server.add("/fast", Reply(body=ARTICLE))
    with LocalServer(host="127.0.0.2") as slow_host:  # another host: no politeness delay between the two
        slow_host.add("/slow", Reply(body=ARTICLE, delay=0.5))
        urls = write_list(
            tmp_path, "# comments and blank lines are skipped", "", slow_host.url("/slow"), server.url("/fast")
        )

        unordered = run_cli("-i", str(urls), "--allow-private", "--format", "json", cwd=tmp_path)
        ordered = run_cli("-i", str(urls), "--allow-private", "--format", "json", "--ordered", cwd=tmp_path)

    assert (unordered.returncode, ordered.returncode) == (exit_codes.OK, exit_codes.OK)
    assert paths(unordered.stdout) == ["/fast", "/slow"]
    assert paths(ordered.stdout) == ["/slow", "/fast"]


def test_output_dir_gets_one_file_per_article_named_from_the_url(server: LocalServer, tmp_path: Path) -> None:
    server.add("/news/ferry-line.html", Reply(body=ARTICLE))
    server.add("/other/ferry-line", Reply(body=ARTICLE))
    urls = write_list(tmp_path, server.url("/news/ferry-line.html"), server.url("/other/ferry-line"))

    done = run_cli(
        "-i", str(urls), "--allow-private", "-o", str(tmp_path / "out"), "--format", "markdown", cwd=tmp_path
    )

    assert done.returncode == exit_codes.OK, done.stderr
    assert done.stdout == ""
    files = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert files == ["ferry-line-2.md", "ferry-line.md"]
    assert "second-hand vessel" in (tmp_path / "out" / "ferry-line.md").read_text(encoding="utf-8")


def test_a_list_on_stdin_is_read_with_i_dash(server: LocalServer, tmp_path: Path) -> None:
    server.add("/article", Reply(body=ARTICLE))

    done = run_stdin(
        "-i", "-", "--allow-private", "--format", "json", stdin=server.url("/article") + "\n", cwd=tmp_path
    )

    assert done.returncode == exit_codes.OK, done.stderr
    assert paths(done.stdout) == ["/article"]


def test_a_url_list_given_as_a_document_points_at_i(server: LocalServer, tmp_path: Path) -> None:
    listing = f"{server.url('/a')}\n{server.url('/b')}\n"

    done = run_stdin("-", stdin=listing, cwd=tmp_path)

    assert done.returncode == exit_codes.USAGE
    assert done.stdout == ""
    assert "2 URL(s)" in done.stderr and "scraper -i -" in done.stderr
    assert server.requests == []


def test_a_line_that_is_not_a_url_is_reported_and_the_rest_go_on(server: LocalServer, tmp_path: Path) -> None:
    server.add("/article", Reply(body=ARTICLE))
    urls = write_list(tmp_path, "not a url", server.url("/article"))

    done = run_cli("-i", str(urls), "--allow-private", "--format", "json", cwd=tmp_path)

    assert done.returncode == exit_codes.FETCH_FAILED
    assert paths(done.stdout) == ["/article"]
    assert len(done.stderr.splitlines()) == 1 and "not a url" in done.stderr


def test_neither_a_target_nor_a_list_is_a_usage_error(tmp_path: Path) -> None:
    done = run_cli("--format", "json", cwd=tmp_path)

    assert done.returncode == exit_codes.USAGE
    assert "-i FILE" in done.stderr


def test_the_command_leaves_the_extractor_to_its_workers(server: LocalServer, tmp_path: Path) -> None:
    # Importing it took the command's own process ~0.7 s, which the fetching and the workers waited for.
    server.add("/article", Reply(body=ARTICLE))
    urls = write_list(tmp_path, server.url("/article"))
    program = (
        "import sys\n"
        "from scraper.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print('extractor imported:', 'scraper.extraction' in sys.modules, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", program, "-i", str(urls), "--allow-private", "--format", "json"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == exit_codes.OK, done.stderr
    assert paths(done.stdout) == ["/article"]
    assert done.stderr.strip() == "extractor imported: False"


def run_stdin(*args: str, stdin: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m scraper` with `stdin` on its standard input."""
    return subprocess.run(
        [sys.executable, "-m", "scraper", *args],
        cwd=cwd,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )
