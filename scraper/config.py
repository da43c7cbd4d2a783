"""Typed configuration, loaded once from config.toml.

Precedence, lowest first: the defaults in the dataclass fields below, then
config.toml, then `SCRAPER_<SECTION>_<KEY>` environment variables, then CLI
flags (applied by the CLI with `dataclasses.replace`). Every setting is
documented in the project's config.toml.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scraper.errors import ConfigError

CONFIG_ENV = "SCRAPER_CONFIG"
DEFAULT_CONFIG_NAME = "config.toml"
ENV_PREFIX = "SCRAPER_"
MAX_CONFIG_BYTES = 1024 * 1024
"""A config file is a few kilobytes; a hundred [[sources]] tables are well under this."""


@dataclass(frozen=True)
class SiteRules:
    """Extra CSS selectors for one host, for pages the generic rules get wrong."""

    host: str
    drop: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExtractConfig:
    """How a document becomes an article."""

    remove_chrome: bool = True
    include_tables: bool = True
    drop_selectors: tuple[str, ...] = ()
    keep_selectors: tuple[str, ...] = ()
    max_chrome_share: float = 0.5
    min_article_chars: int = 40
    page_time_limit_seconds: float = 30.0
    page_memory_limit_mb: int = 2048
    sites: tuple[SiteRules, ...] = ()


class Table(Mapping[str, str]):
    """A read-only table of strings from config.toml (header fields, cookies).

    Not a MappingProxyType: configurations travel to `scraper run`'s crawler
    processes by pickle, which a mapping proxy refuses.
    """

    __slots__ = ("_fields",)

    def __init__(self, fields: Mapping[str, str] | None = None) -> None:
        self._fields = dict(fields or {})

    def __getitem__(self, key: str) -> str:
        return self._fields[key]

    def __iter__(self) -> typing.Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __hash__(self) -> int:
        return hash(frozenset(self._fields.items()))

    def __repr__(self) -> str:
        return f"Table({self._fields!r})"


@dataclass(frozen=True)
class FetchSite:
    """Request settings for one host (subdomains included): extra headers and cookies, identity, pace, proxy.

    A setting left out falls back to [fetch]'s; `proxy = ""` fetches the host directly;
    `keep_cookies` keeps what the host sets for the rest of the session.
    """

    host: str
    headers: Mapping[str, str] = field(default_factory=Table)
    cookies: Mapping[str, str] = field(default_factory=Table)
    user_agent: str | None = None
    per_host_delay: float | None = None
    proxy: str | None = None
    keep_cookies: bool = False
    render: str | None = None

    def __post_init__(self) -> None:
        if not self.host.strip(" ."):
            raise ConfigError("every [[fetch.sites]] entry needs a non-empty host")
        if self.render is not None:
            check_render_mode(f"fetch.sites '{self.host}'.render", self.render)
        check_header_fields(f"fetch.sites '{self.host}'.headers", self.headers)
        check_header_fields(f"fetch.sites '{self.host}'.cookies", self.cookies, cookies=True)


@dataclass(frozen=True)
class FetchConfig:
    """How pages are retrieved: identity, limits, retries, politeness, proxies and extra headers."""

    user_agent: str = "scraper/0.1 (+https://github.com/scraper-dev/scraper)"
    robots_user_agent: str = "scraper"
    obey_robots: bool = True
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    retries: int = 3
    backoff_initial: float = 0.5
    backoff_max: float = 30.0
    retry_after_cap: float = 120.0
    max_redirects: int = 10
    max_body_bytes: int = 10 * 1024 * 1024
    allow_private_addresses: bool = False
    allowed_networks: tuple[str, ...] = ()
    concurrency: int = 100
    per_host_concurrency: int = 2
    per_host_delay: float = 1.0
    proxy: str = ""
    trust_env: bool = True
    headers: Mapping[str, str] = field(default_factory=Table)
    render: str = "never"
    sites: tuple[FetchSite, ...] = ()

    def __post_init__(self) -> None:
        check_header_fields("fetch.headers", self.headers)
        check_render_mode("fetch.render", self.render)


RENDER_MODES = ("never", "auto", "always")
"""When a page is rendered in a headless browser: never; when its HTML is a script-built shell with no
article; or every page."""


def check_render_mode(where: str, mode: str) -> None:
    """Refuse a render mode that is not one of RENDER_MODES, naming the key."""
    if mode not in RENDER_MODES:
        raise ConfigError(f"'{where}' must be one of {', '.join(RENDER_MODES)}, not {mode!r}")


_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
"""An HTTP field name or cookie name (RFC 9110 token)."""
_FORBIDDEN_IN_VALUES = re.compile(r"[\r\n\0]")
_FORBIDDEN_IN_COOKIES = re.compile(r"[;\s\",\\\r\n\0]")


def check_header_fields(where: str, fields: Mapping[str, str], *, cookies: bool = False) -> None:
    """Refuse names that are not tokens and values that would break the request, naming the key."""
    forbidden = _FORBIDDEN_IN_COOKIES if cookies else _FORBIDDEN_IN_VALUES
    for name, value in fields.items():
        if not _TOKEN.match(name):
            raise ConfigError(f"'{where}' has {name!r}, which is not a valid {'cookie' if cookies else 'header'} name")
        if forbidden.search(value):
            raise ConfigError(
                f"'{where}.{name}' has a character that cannot be sent in a {'cookie' if cookies else 'header'}"
            )


POSTGRES_SCHEMES = ("postgresql://", "postgres://")
"""The URL schemes libpq (and so psycopg) accepts."""


@dataclass(frozen=True)
class StoreConfig:
    """Where `scraper run` keeps articles, fetch state and runs."""

    path: str = "scraper.sqlite3"
    url: str = ""
    archive_warc: bool = False
    warc_dir: str = "archive"

    def __post_init__(self) -> None:
        if self.url and not self.url.startswith(POSTGRES_SCHEMES):
            raise ConfigError("[store] url must be a postgresql:// URL, or empty for the SQLite file at [store] path")


ENGINES = ("local", "ray")
"""Where a run's crawlers run: processes of this machine, or actors on a Ray cluster."""


@dataclass(frozen=True)
class RunConfig:
    """How one `scraper run` schedules and paces its work."""

    workers: int = 0
    recheck_interval_minutes: float = 1440.0
    failure_backoff_minutes: float = 30.0
    failure_backoff_max_minutes: float = 10080.0
    lock_path: str = ""
    max_run_minutes: float = 0.0
    stop_grace_seconds: float = 10.0
    engine: str = "local"
    ray_address: str = ""
    ray_connect_timeout_seconds: float = 60.0
    ray_keep_warm_seconds: float = 900.0

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ConfigError(f"[run] engine must be one of {', '.join(ENGINES)}, not {self.engine!r}")
        if not self.ray_connect_timeout_seconds:
            raise ConfigError("[run] ray_connect_timeout_seconds must be more than 0")


SOURCE_KINDS = ("urls", "feed", "sitemap", "site")
"""A URL list (inline or in a file), an RSS/Atom feed, an XML sitemap or sitemap index, or a whole
site (its homepage or a section page), whose feeds and sitemaps are found by the run."""


@dataclass(frozen=True)
class SourceConfig:
    """One place `scraper run` finds article URLs: a list, a feed, a sitemap or a site."""

    name: str
    kind: str = "urls"
    url: str = ""
    urls: tuple[str, ...] = ()
    urls_file: str = ""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_age_days: float = 0.0
    refresh_minutes: float = 0.0
    follow: bool = False
    max_depth: int = 1

    def __post_init__(self) -> None:
        where = f"source '{self.name}'"
        if not self.name.strip():
            raise ConfigError("every [[sources]] entry needs a non-empty name")
        if self.kind not in SOURCE_KINDS:
            raise ConfigError(f"{where}: kind must be one of {', '.join(SOURCE_KINDS)}, not {self.kind!r}")
        if self.kind == "urls" and not (self.urls or self.urls_file):
            raise ConfigError(f"{where}: kind 'urls' needs 'urls' or 'urls_file'")
        if self.kind != "urls" and not self.url:
            raise ConfigError(f"{where}: kind '{self.kind}' needs 'url'")
        if self.kind != "site" and (self.follow or self.max_depth != 1):
            raise ConfigError(f"{where}: 'follow' and 'max_depth' are for kind 'site', not {self.kind!r}")
        if self.max_depth < 1:
            raise ConfigError(f"{where}: 'max_depth' must be at least 1 (the links of the given page)")
        for key in ("include", "exclude"):
            for pattern in getattr(self, key):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ConfigError(f"{where}: '{key}' pattern {pattern!r} is not a valid regex: {exc}") from None


@dataclass(frozen=True)
class Config:
    """The whole configuration, one frozen dataclass per config.toml section."""

    fetch: FetchConfig = field(default_factory=FetchConfig)
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    store: StoreConfig = field(default_factory=StoreConfig)
    run: RunConfig = field(default_factory=RunConfig)
    sources: tuple[SourceConfig, ...] = ()
    path: str | None = field(default=None, compare=False, metadata={"from_toml": False})


def load_config(path: str | os.PathLike[str] | None = None, *, environ: Mapping[str, str] | None = None) -> Config:
    """Load config.toml (the given one, $SCRAPER_CONFIG, or ./config.toml if present) over the defaults."""
    environ = os.environ if environ is None else environ
    chosen = Path(path) if path is not None else _default_path(environ)
    table: dict[str, Any] = {}
    if chosen is not None:
        table = _read_toml(chosen)
    config = config_from_mapping(table)
    config = _apply_environment(config, environ)
    return dataclasses.replace(config, path=str(chosen) if chosen else None)


def _read_toml(path: Path) -> dict[str, Any]:
    """Parse the config file, reading at most MAX_CONFIG_BYTES: `--config /dev/zero` must not fill memory."""
    try:
        # Opened without blocking, so a FIFO with no writer reads as empty instead of hanging the command;
        # read blocking, so `--config <(generate-config)` still waits for its writer.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        os.set_blocking(descriptor, True)
        with open(descriptor, "rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path} is larger than {MAX_CONFIG_BYTES} bytes; not a config file")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path} is not UTF-8 text (byte {exc.start}); TOML files must be") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None


def config_from_mapping(table: Mapping[str, Any]) -> Config:
    """Build a Config from a parsed TOML table, rejecting unknown keys and wrong types."""
    return _build(Config, table, "")


def _default_path(environ: Mapping[str, str]) -> Path | None:
    if environ.get(CONFIG_ENV):
        return Path(environ[CONFIG_ENV])
    candidate = Path(DEFAULT_CONFIG_NAME)
    return candidate if candidate.is_file() else None


def _build(cls: type, table: Mapping[str, Any], where: str) -> Any:
    if not isinstance(table, Mapping):
        raise ConfigError(f"'{where}' must be a table")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.metadata.get("from_toml", True)}
    values: dict[str, Any] = {}
    for key, raw in table.items():
        name = f"{where}.{key}" if where else key
        if key not in fields:
            raise ConfigError(f"unknown key '{name}'")
        values[key] = _coerce(hints[key], raw, name)
    missing = [
        f.name
        for f in fields.values()
        if f.name not in values and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise ConfigError(f"missing key '{where}.{missing[0]}'" if where else f"missing key '{missing[0]}'")
    return cls(**values)


def _coerce(hint: Any, raw: Any, name: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if raw is None:
            return None
        return _coerce(options[0], raw, name)
    if origin is Mapping:
        if not isinstance(raw, Mapping):
            raise ConfigError(f"'{name}' must be a table")
        for key, value in raw.items():
            if not isinstance(value, str):
                raise ConfigError(f"'{name}.{key}' must be a string, not {value!r}")
        return Table(raw)
    if origin is tuple:
        item_hint = typing.get_args(hint)[0]
        if not isinstance(raw, list):
            raise ConfigError(f"'{name}' must be a list")
        return tuple(_coerce(item_hint, item, f"{name}[{index}]") for index, item in enumerate(raw))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _build(hint, raw, name)
    if hint is bool:
        if not isinstance(raw, bool):
            raise ConfigError(f"'{name}' must be true or false, not {raw!r}")
        return raw
    if hint is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ConfigError(f"'{name}' must be a whole number, not {raw!r}")
        if raw < 0:
            raise ConfigError(f"'{name}' must not be negative")
        return raw
    if hint is float:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise ConfigError(f"'{name}' must be a number, not {raw!r}")
        if raw < 0:
            raise ConfigError(f"'{name}' must not be negative")
        return float(raw)
    if hint is str:
        if not isinstance(raw, str):
            raise ConfigError(f"'{name}' must be a string, not {raw!r}")
        return raw
    raise ConfigError(f"'{name}' has a type this loader does not know")  # pragma: no cover - a programming error


def _apply_environment(config: Config, environ: Mapping[str, str]) -> Config:
    """Override scalar settings from SCRAPER_<SECTION>_<KEY>, e.g. SCRAPER_FETCH_USER_AGENT."""
    sections: dict[str, Any] = {}
    for section_field in dataclasses.fields(Config):
        section: Any = getattr(config, section_field.name)
        if not dataclasses.is_dataclass(section) or isinstance(section, type):
            continue
        hints = typing.get_type_hints(type(section))
        changes = {}
        for item in dataclasses.fields(section):
            variable = f"{ENV_PREFIX}{section_field.name}_{item.name}".upper()
            if variable in environ and hints[item.name] in (str, int, float, bool):
                changes[item.name] = _parse_env(hints[item.name], environ[variable], variable)
        if changes:
            sections[section_field.name] = dataclasses.replace(section, **changes)
    return dataclasses.replace(config, **sections)


def _parse_env(hint: type, text: str, variable: str) -> Any:
    if hint is str:
        return text
    if hint is bool:
        lowered = text.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{variable} must be true or false, not {text!r}")
    try:
        return _coerce(hint, hint(text), variable)
    except ValueError:
        raise ConfigError(f"{variable} must be a number, not {text!r}") from None
