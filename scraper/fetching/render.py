"""Rendering a fetched page in headless Chromium, for sites that build their articles with scripts.

Playwright drives the system's Chromium (Debian's `chromium` package): Playwright's own browser
download is never used, so nothing is fetched at install time. One browser per process, started
on the first page that needs it, with a fresh profile in a temporary folder.

The page's HTML is the one our fetcher already fetched (robots.txt, politeness, limits applied),
handed to the browser for its URL; only what its scripts ask for comes from the network, and every
such request passes the SSRF guard first (the same address policy as the fetcher), so a page
cannot make the browser reach a private address. Images, media and fonts are refused: text does
not need them, and they are most of a page's bytes.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import shutil
import tempfile
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scraper.config import FetchConfig
from scraper.errors import BlockedAddressError, ConfigError, RenderError
from scraper.fetching.guard import ALLOWED_SCHEMES, build_policy
from scraper.fetching.network import Resolver, checked_addresses, system_resolver
from scraper.models import FetchResult

if TYPE_CHECKING:
    from playwright.async_api import BrowserContext, Playwright, Route, WebSocketRoute

logger = logging.getLogger(__name__)

CHROMIUM_NAMES = ("chromium", "chromium-browser")
"""The system browser's command, as Debian and Ubuntu name it."""

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",  # containers and CI runners give no user namespaces for Chromium's sandbox
    "--disable-gpu",
    "--disable-quic",  # HTTP/3 would go around the request interception below
    "--no-first-run",
    "--disable-background-networking",  # no update checks, safe-browsing lists or metrics
    "--disable-component-update",
    "--disable-sync",
)

BLOCKED_RESOURCE_TYPES = frozenset({"image", "media", "font"})
"""What a page's text never needs."""

NETWORK_IDLE_SECONDS = 1.0
"""After the load event, how long to wait for the script's data requests to settle: most pages
fetch their article with one request right after load, well within this."""

PORTS = {"http": 80, "https": 443}


def find_chromium() -> str:
    """The system Chromium's path; a ConfigError saying how to install it when there is none."""
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    raise ConfigError(
        "rendering needs the system's Chromium, which is not installed (Debian: apt-get install chromium)"
    )


class Renderer:
    """One headless browser for this process; use `async with`, then `await render(page)`."""

    def __init__(self, config: FetchConfig, *, resolver: Resolver = system_resolver) -> None:
        try:
            import playwright.async_api  # noqa: F401
        except ImportError:
            raise ConfigError("rendering needs the render extra: pip install 'scraper[render]'") from None
        self._config = config
        self._executable = find_chromium()
        self._policy = build_policy(config.allow_private_addresses, config.allowed_networks)
        self._resolver = resolver
        self._playwright: Playwright | None = None
        self._context: BrowserContext | None = None
        self._profile: tempfile.TemporaryDirectory[str] | None = None
        self._starting = asyncio.Lock()
        """Pages rendered concurrently share the one browser: the first starts it, the others wait."""

    async def __aenter__(self) -> Renderer:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the browser and remove its profile."""
        with contextlib.suppress(Exception):  # a browser that already died has nothing left to close
            if self._context is not None:
                await self._context.close()
            if self._playwright is not None:
                await self._playwright.stop()
        self._context = self._playwright = None
        if self._profile is not None:
            self._profile.cleanup()
            self._profile = None

    async def render(self, page: FetchResult) -> FetchResult:
        """The page as the browser shows it once its scripts ran: `html` is the rendered DOM."""
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import TimeoutError as PlaywrightTimeoutError

        logger.info("rendering %s in the browser", page.final_url)
        context = await self._browser()
        served: list[str] = []
        blocked: list[str] = []
        tab = await context.new_page()
        try:
            await tab.route("**/*", lambda route: self._route(route, page, served, blocked))
            await tab.route_web_socket("**/*", _refuse_socket)
            await tab.goto(page.final_url, wait_until="load", timeout=self._config.total_timeout * 1000)
            with contextlib.suppress(PlaywrightTimeoutError):
                await tab.wait_for_load_state("networkidle", timeout=NETWORK_IDLE_SECONDS * 1000)
            html = await tab.content()
        except PlaywrightTimeoutError:
            raise RenderError(
                f"the page did not load in the browser within {self._config.total_timeout:g} s", url=page.final_url
            ) from None
        except PlaywrightError as exc:
            message = " ".join(str(exc).split())
            raise RenderError(f"the browser could not render the page: {message}", url=page.final_url) from exc
        finally:
            with contextlib.suppress(PlaywrightError):
                await tab.close()
        if blocked:
            logger.info("rendering %s: refused %d requests to blocked addresses", page.final_url, len(blocked))
        return dataclasses.replace(page, html=html, content=b"")

    async def _browser(self) -> BrowserContext:
        async with self._starting:
            if self._context is None:
                self._context = await self._launch()
            return self._context

    async def _launch(self) -> BrowserContext:
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import async_playwright

        self._profile = tempfile.TemporaryDirectory(prefix="scraper-chromium-")
        try:
            self._playwright = await async_playwright().start()
            return await self._playwright.chromium.launch_persistent_context(
                self._profile.name,
                executable_path=self._executable,
                args=list(CHROMIUM_ARGS),
                headless=True,
                service_workers="block",  # a service worker's requests would escape the interception
                user_agent=self._config.user_agent,
                **_proxy_settings(self._config.proxy),
            )
        except PlaywrightError as exc:
            await self.aclose()
            message = " ".join(str(exc).split())[:300]
            raise RenderError(f"cannot start Chromium ({self._executable}): {message}") from exc

    async def _route(self, route: Route, page: FetchResult, served: list[str], blocked: list[str]) -> None:
        """Serve the fetched page itself, once; keep the tab on it; refuse media and blocked addresses."""
        request = route.request
        if request.resource_type in BLOCKED_RESOURCE_TYPES:
            await route.abort("blockedbyclient")
            return
        if request.is_navigation_request() and request.frame.parent_frame is None:
            if request.url == page.final_url and not served:
                served.append(request.url)
                await route.fulfill(status=200, content_type="text/html; charset=utf-8", body=page.html)
            else:
                # A script sending the tab elsewhere: a 204 keeps the page we are rendering where it is
                # (an aborted navigation would leave Chromium's error page to be extracted instead).
                await route.fulfill(status=204)
            return
        if not await self._permitted(request.url):
            blocked.append(request.url)
            await route.abort("blockedbyclient")
            return
        await route.continue_()

    async def _permitted(self, url: str) -> bool:
        """The SSRF guard's answer for a URL the browser is about to request."""
        parts = urlsplit(url)
        if parts.scheme not in ALLOWED_SCHEMES or not parts.hostname:
            return False
        try:
            port = parts.port or PORTS[parts.scheme]
            await checked_addresses(self._policy, self._resolver, parts.hostname, port)
        except (BlockedAddressError, OSError, ValueError) as exc:
            logger.info("rendering: refused %s (%s)", url, exc)
            return False
        return True


def _proxy_settings(proxy: str) -> dict[str, Any]:
    """[fetch] proxy for the browser too, its credentials passed apart as Playwright wants them."""
    if not proxy:
        return {}
    parts = urlsplit(proxy)
    settings: dict[str, Any] = {"server": f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"}
    if parts.username:
        settings["username"] = parts.username
        settings["password"] = parts.password or ""
    return {"proxy": settings}


async def _refuse_socket(socket: WebSocketRoute) -> None:
    """No WebSocket reaches a server: page.route() never sees them, so the SSRF guard could not
    check their address, and the text of a page does not need them."""
    await socket.close()
