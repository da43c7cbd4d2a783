"""Where a job's files live: relative paths in config.toml count from the config file's folder.

So `scraper run --config /etc/scraper/config.toml` from cron (whose working directory is $HOME)
finds the same store as a run started by hand next to the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scraper.config import Config
from scraper.errors import ConfigError

LOCK_SUFFIX = ".lock"

SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")
"""The store's own file and the files SQLite keeps beside it; the lock may be none of them."""


@dataclass(frozen=True)
class JobPaths:
    """The resolved store, lock and archive locations of one configuration."""

    base_dir: Path
    store: Path
    lock: Path
    warc_dir: Path
    store_url: str = ""
    """`[store] url`: a PostgreSQL store, used instead of the SQLite file `store` when set."""

    @classmethod
    def from_config(cls, config: Config) -> JobPaths:
        base = Path(config.path).resolve().parent if config.path else Path.cwd()
        store = base / config.store.path
        lock = base / config.run.lock_path if config.run.lock_path else store.with_name(store.name + LOCK_SUFFIX)
        store_files = {store.resolve().with_name(store.resolve().name + suffix) for suffix in SQLITE_COMPANIONS}
        if lock.resolve() in store_files:
            raise ConfigError(f"[run] lock_path names the store's own file {lock}; choose another path")
        return cls(
            base_dir=base, store=store, lock=lock, warc_dir=base / config.store.warc_dir, store_url=config.store.url
        )
