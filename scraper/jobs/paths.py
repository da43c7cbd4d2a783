"""Where a job's files live: relative paths in config.toml count from the config file's folder.

So `scraper run --config /etc/scraper/config.toml` from cron (whose working directory is $HOME)
finds the same store as a run started by hand next to the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scraper.config import Config

LOCK_SUFFIX = ".lock"


@dataclass(frozen=True)
class JobPaths:
    """The resolved store, lock and archive locations of one configuration."""

    base_dir: Path
    store: Path
    lock: Path
    warc_dir: Path

    @classmethod
    def from_config(cls, config: Config) -> JobPaths:
        base = Path(config.path).resolve().parent if config.path else Path.cwd()
        store = base / config.store.path
        lock = base / config.run.lock_path if config.run.lock_path else store.with_name(store.name + LOCK_SUFFIX)
        return cls(base_dir=base, store=store, lock=lock, warc_dir=base / config.store.warc_dir)
