"""Items 1 and 3: whatever the store and lock paths point at, nothing already on disk is destroyed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from scraper.cli import exit_codes
from tests.hostile.conftest import CASE_SECONDS, run_scraper
from tests.run.conftest import scraper_command, scraper_env, write_config

SOURCES = '[[sources]]\nname = "list"\nkind = "urls"\nurls = []\nurls_file = "urls.txt"\n'


def _config(tmp_path: Path, *, run: str = "", store: str = "") -> Path:
    (tmp_path / "urls.txt").write_text("")
    return write_config(tmp_path, SOURCES, run=run, store=store)


def _sqlite_file(path: Path) -> bytes:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (body TEXT)")
    connection.execute("INSERT INTO notes VALUES ('precious')")
    connection.commit()
    connection.close()
    return path.read_bytes()


def test_lock_path_naming_the_store_is_refused_and_the_store_kept(tmp_path: Path) -> None:
    assert run_scraper("run", "--config", str(_config(tmp_path)), cwd=tmp_path).code == exit_codes.OK
    config = _config(tmp_path, run='lock_path = "scraper.sqlite3"')
    before = (tmp_path / "scraper.sqlite3").read_bytes()

    done = run_scraper("run", "--config", str(config), cwd=tmp_path)

    done.assert_one_line_error(exit_codes.USAGE, "lock_path")
    assert (tmp_path / "scraper.sqlite3").read_bytes() == before


def test_lock_path_naming_another_file_is_refused_and_the_file_kept(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes, not a lock\n")
    config = _config(tmp_path, run='lock_path = "notes.txt"')

    done = run_scraper("run", "--config", str(config), cwd=tmp_path)

    done.assert_one_line_error(exit_codes.FAILED, "holds other data")
    assert notes.read_text() == "my notes, not a lock\n"


def test_a_symlink_planted_at_the_lock_path_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("do not truncate\n")
    (tmp_path / "scraper.sqlite3.lock").symlink_to(victim)
    config = _config(tmp_path)

    done = run_scraper("run", "--config", str(config), cwd=tmp_path)

    done.assert_one_line_error(exit_codes.FAILED, "symbolic link")
    assert victim.read_text() == "do not truncate\n"


def test_a_fifo_at_the_lock_path_is_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "scraper.sqlite3.lock")

    done = run_scraper("run", "--config", str(_config(tmp_path)), cwd=tmp_path)

    done.assert_one_line_error(exit_codes.FAILED, "not a regular file")


def test_a_lock_file_left_by_an_earlier_run_is_taken_again(tmp_path: Path) -> None:
    (tmp_path / "scraper.sqlite3.lock").write_text("12345\n")

    assert run_scraper("run", "--config", str(_config(tmp_path)), cwd=tmp_path).code == exit_codes.OK


@pytest.mark.parametrize("command", ["run", "status", "export"])
def test_another_programs_sqlite_file_is_refused_by_every_command_and_left_unchanged(
    tmp_path: Path, command: str
) -> None:
    before = _sqlite_file(tmp_path / "places.sqlite")
    config = _config(tmp_path, store='path = "places.sqlite"')

    done = run_scraper(command, "--config", str(config), cwd=tmp_path)

    done.assert_one_line_error(exit_codes.FAILED, "not a store")
    assert (tmp_path / "places.sqlite").read_bytes() == before


READ_ONLY_FOLDER = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
"""Run the other arguments with the folder $0 read-only: root ignores file modes, a read-only mount
binds everyone, and a private user and mount namespace needs no privilege."""


def _with_read_only_folder(folder: Path, *command: str) -> list[str]:
    namespace = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", READ_ONLY_FOLDER, str(folder)]
    try:
        probe = subprocess.run([*namespace, "true"], capture_output=True, text=True, timeout=CASE_SECONDS)
    except FileNotFoundError:
        pytest.skip("no unshare command to make a read-only folder")
    if probe.returncode != 0:
        pytest.skip(f"no private mount namespace here: {probe.stderr.strip()}")
    return [*namespace, *command]


@pytest.mark.parametrize("command", ["status", "export"])
def test_status_and_export_read_a_store_in_a_folder_they_cannot_write(tmp_path: Path, command: str) -> None:
    config = _config(tmp_path)
    assert run_scraper("run", "--config", str(config), cwd=tmp_path).code == exit_codes.OK

    done = subprocess.run(
        _with_read_only_folder(tmp_path, *scraper_command(command, "--config", str(config))),
        cwd=tmp_path,
        env=scraper_env(),
        capture_output=True,
        text=True,
        timeout=CASE_SECONDS,
    )

    assert done.returncode == exit_codes.OK, done.stderr
