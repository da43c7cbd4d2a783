"""A PostgreSQL schema of its own for each test, on the server `.ci/run` starts.

The server's URL comes from $SCRAPER_TEST_POSTGRES_URL. Without it (or when the server does not
answer) the PostgreSQL tests are skipped with a message, except where $SCRAPER_TEST_REQUIRE_POSTGRES
is set, as CI sets it: there a missing server fails them, so they can never silently not run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import quote

import pytest

SERVER_URL_ENV = "SCRAPER_TEST_POSTGRES_URL"
REQUIRED_ENV = "SCRAPER_TEST_REQUIRE_POSTGRES"


def _unavailable(reason: str) -> None:
    message = f"no PostgreSQL for the tests ({reason}); `.ci/run` starts one, or set {SERVER_URL_ENV}"
    if os.environ.get(REQUIRED_ENV):
        pytest.fail(message)
    pytest.skip(message)


def with_search_path(url: str, schema: str) -> str:
    """The server URL with `schema` as the connection's current schema."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """The URL of a new, empty schema (dropped afterwards): each test gets a store of its own."""
    server = os.environ.get(SERVER_URL_ENV, "")
    if not server:
        _unavailable(f"{SERVER_URL_ENV} is not set")
    try:
        import psycopg
    except ImportError:
        _unavailable("psycopg is not installed: pip install -e '.[postgres]'")
    try:
        admin = psycopg.connect(server, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        _unavailable(f"{server} does not answer: {exc}")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            yield with_search_path(server, schema)
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
