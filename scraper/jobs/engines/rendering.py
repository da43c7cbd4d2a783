"""Rendering where extraction runs in worker processes (a `scraper run` crawler, `scraper -i`): the same
`[fetch] render` rule as `scraper URL` (see `AsyncScraper.extract_fetched`), the browser being the session's."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from scraper.jobs.engines.extracting import Extracted
from scraper.models import FetchResult

if TYPE_CHECKING:
    from scraper.session import AsyncScraper

Extract = Callable[[str, str], Awaitable[Extracted]]
"""(html, url) to an extraction result, in a worker process."""


async def extract_rendering_if_needed(page: FetchResult, scraper: AsyncScraper, extract: Extract) -> Extracted:
    """Extract a fetched page, rendering it in the session's browser first with `render = "always"`, and
    afterwards with `"auto"` when its HTML held no article body but is a script-built shell.

    Raises FetchError (RenderError, BlockedAddressError) when the browser fails the page.
    """
    # Imported here: a crawler imports this module before it starts its fetch stack.
    from scraper.session import render_mode

    mode = render_mode(scraper.config, page.final_url)
    if mode == "always":
        page = await scraper.render(page)
    extracted = await extract(page.html, page.final_url)
    if mode != "auto" or not extracted.body_missing:
        return extracted
    # Imported only here: it loads lxml, 4.4 MB more in every crawler, which otherwise only fetches.
    from scraper.fetching.shell import looks_like_shell

    if looks_like_shell(page.html):
        rendered = await scraper.render(page)
        extracted = await extract(rendered.html, rendered.final_url)
    return extracted
