"""Extraction off the event loop, in other processes so the CPU-bound part uses every core.

`extract_page` runs in extraction worker processes (see `extract_worker`): one per crawler of
`scraper run`, and one per core for `scraper reextract` (see `extract_pool`); workers and
crawlers start with `init_worker_process`.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import threading
import time
import traceback
from dataclasses import dataclass

from scraper.config import ExtractConfig
from scraper.errors import NoContentError, ScraperError
from scraper.models import Article

ORPHAN_CHECK_SECONDS = 0.5
"""How often a worker checks that the run that started it is still alive."""

OUT_OF_MEMORY_MESSAGE = "extraction ran out of memory (page_memory_limit_mb)"


@dataclass(frozen=True)
class Extracted:
    """The result of extracting one page: an article with its content hash, or why there is none.

    Errors travel as values: exceptions with keyword-only fields do not survive pickling back
    from a worker process.
    """

    article: Article | None = None
    content_hash: str = ""
    error_kind: str | None = None
    error: str | None = None

    @property
    def body_missing(self) -> bool:
        """No article body in the page's HTML: refused, or only its declared description stands in."""
        return self.error_kind == "no-content" or (self.article is not None and self.article.description_only)


def content_hash(article: Article) -> str:
    """A digest of everything the store keeps about the article: the one test of whether it changed, so an
    unchanged article is never rewritten (a new modified date, image or tags alone is a change).

    The fields added in store version 4 count only when the article has them: an article without them
    keeps the digest stores made before, and one with them gets a new one, so the next run or
    `scraper reextract` writes them into a migrated store.
    """
    fields = {
        "title": article.title,
        "authors": list(article.authors),
        "date": article.date,
        "text": article.text,
        "markdown": article.markdown,
        "language": article.language,
        "site_name": article.site_name,
        "description": article.description,
        "access": article.access.to_dict(),
    }
    newer = {"modified": article.modified, "image": article.image, "tags": list(article.tags)}
    fields.update((name, value) for name, value in newer.items() if value)
    return hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def extract_page(html: str | bytes, url: str | None, config: ExtractConfig) -> Extracted:
    """Run the extractor on one page (bytes are decoded as `extract` decodes them); runs inside a worker process."""
    # Imported where it runs: the run's main process imports this module but never extracts.
    from scraper.extraction import extract

    try:
        article = extract(html, url=url, config=config)
    except NoContentError as exc:
        return Extracted(error_kind="no-content", error=exc.message)
    except ScraperError as exc:
        return Extracted(error_kind="extraction", error=exc.message)
    except MemoryError:
        return Extracted(error_kind="extraction-memory", error=OUT_OF_MEMORY_MESSAGE)
    except Exception as exc:  # noqa: BLE001 - one odd page must not end a run of thousands
        detail = "".join(traceback.format_exception_only(exc)).strip()
        return Extracted(error_kind="extractor-crash", error=f"{detail}\n{traceback.format_exc(limit=5)}")
    return Extracted(article=article, content_hash=content_hash(article))


def init_worker_process() -> None:
    """Leave SIGINT/SIGTERM to the parent, which decides what in-flight work to keep, and die with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    parent = os.getppid()
    threading.Thread(target=_exit_when_orphaned, args=(parent,), name="orphan-watch", daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    """A parent killed with SIGKILL never shuts the pool down; without this its workers would wait forever."""
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_SECONDS)
    os._exit(0)
