"""robots.txt is obeyed by default, cached per origin, and read the RFC 9309 way."""

from __future__ import annotations

import asyncio
import socket

import pytest

from scraper.errors import FetchError, RobotsDisallowedError, RobotsUnavailableError
from scraper.fetching.robots import ROBOTS_MAX_AGE, RobotsCache, RobotsReply, RobotsRules, interpret
from scraper.session import Scraper
from tests.fetch.conftest import OpenSession
from tests.support.server import LocalServer, Reply

PAGE = b"<html><body><p>news</p></body></html>"


def robots(text: str) -> Reply:
    return Reply(body=text.encode(), content_type="text/plain")


def test_a_disallowed_path_is_never_requested(server: LocalServer, session: Scraper) -> None:
    server.add("/robots.txt", robots("User-agent: *\nDisallow: /private/\n"))
    server.add("/private/page", Reply(body=PAGE))
    server.add("/public", Reply(body=PAGE))

    with pytest.raises(RobotsDisallowedError) as caught:
        session.fetch(server.url("/private/page"))
    session.fetch(server.url("/public"))

    assert caught.value.url == server.url("/private/page")
    assert not isinstance(caught.value, RobotsUnavailableError)  # a real disallow, not a host that is down
    assert server.hits("/private/page") == 0
    assert server.hits("/public") == 1
    assert server.hits("/robots.txt") == 1
    assert server.requests[0].path == "/robots.txt"


def test_rules_for_our_token_win_over_the_wildcard(server: LocalServer, open_session: OpenSession) -> None:
    server.add("/robots.txt", robots("User-agent: scraper\nDisallow: /\n\nUser-agent: *\nAllow: /\n"))
    server.add("/page", Reply(body=PAGE))

    with pytest.raises(RobotsDisallowedError, match="'scraper'"):
        open_session().fetch(server.url("/page"))
    assert open_session(robots_user_agent="otherbot").fetch(server.url("/page")).status == 200


def test_a_robots_txt_answering_500_disallows_the_host_for_now(server: LocalServer, session: Scraper) -> None:
    server.add("/robots.txt", Reply(status=500))
    server.add("/a", Reply(body=PAGE))
    server.add("/b", Reply(body=PAGE))

    for path in ("/a", "/b"):
        with pytest.raises(RobotsUnavailableError, match="robots.txt answered 500"):
            session.fetch(server.url(path))

    assert server.hits("/robots.txt") == 1  # the verdict is cached, not asked again per page
    assert server.hits("/a") == server.hits("/b") == 0


def test_a_robots_txt_answering_429_disallows_the_host_for_now(server: LocalServer, session: Scraper) -> None:
    server.add("/robots.txt", Reply(status=429))

    with pytest.raises(RobotsUnavailableError):
        session.fetch(server.url("/page"))


def test_a_missing_robots_txt_allows_everything(server: LocalServer, session: Scraper) -> None:
    server.add("/page", Reply(body=PAGE))

    assert session.fetch(server.url("/page")).status == 200
    assert server.hits("/robots.txt") == 1


def test_an_unreachable_robots_txt_disallows(session: Scraper) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]

    with pytest.raises(RobotsUnavailableError, match="unreachable") as caught:
        session.fetch(f"http://127.0.0.1:{closed_port}/page")

    assert isinstance(caught.value, RobotsDisallowedError)  # RFC 9309: treated as a full disallow
    assert caught.value.url == f"http://127.0.0.1:{closed_port}/page"


def test_a_redirected_robots_txt_is_followed(server: LocalServer, session: Scraper) -> None:
    server.redirect("/robots.txt", "/real-robots.txt", status=301)
    server.add("/real-robots.txt", robots("User-agent: *\nDisallow: /no\n"))

    with pytest.raises(RobotsDisallowedError):
        session.fetch(server.url("/no"))


def test_a_redirect_into_a_disallowed_path_is_not_followed(server: LocalServer, session: Scraper) -> None:
    server.add("/robots.txt", robots("User-agent: *\nDisallow: /private/\n"))
    server.redirect("/open", "/private/page")

    with pytest.raises(RobotsDisallowedError) as caught:
        session.fetch(server.url("/open"))

    assert caught.value.url == server.url("/private/page")
    assert server.hits("/private/page") == 0


def test_ignoring_robots_never_asks_for_it(server: LocalServer, open_session: OpenSession) -> None:
    server.add("/robots.txt", robots("User-agent: *\nDisallow: /\n"))
    server.add("/page", Reply(body=PAGE))

    assert open_session(obey_robots=False).fetch(server.url("/page")).status == 200
    assert server.hits("/robots.txt") == 0


def test_crawl_delay_spaces_requests_to_the_host(server: LocalServer, session: Scraper) -> None:
    server.add("/robots.txt", robots("User-agent: *\nCrawl-delay: 0.3\n"))
    server.add("/a", Reply(body=PAGE))
    server.add("/b", Reply(body=PAGE))

    session.fetch(server.url("/a"))
    session.fetch(server.url("/b"))

    gap = server.requests_for("/b")[0].at - server.requests_for("/a")[0].at
    assert gap >= 0.3 - 0.02


@pytest.mark.parametrize(
    ("status", "allowed"),
    [(200, True), (401, True), (403, True), (404, True), (410, True), (429, False), (500, False), (503, False)],
)
def test_statuses_are_read_as_rfc_9309_says(status: int, allowed: bool) -> None:
    rules = interpret(RobotsReply(status, ""), now=0.0)

    assert rules.allows("http://example.com/page", "scraper") is allowed


def test_an_unreachable_verdict_expires_sooner_than_a_real_file() -> None:
    unreachable = interpret(RobotsReply(503), now=0.0)
    found = interpret(RobotsReply(200, "User-agent: *\nAllow: /\n"), now=0.0)

    assert unreachable.expires < found.expires


class KeptReplies:
    """A RobotsMemory in a dict: origin -> (reply, age in seconds)."""

    def __init__(self, kept: dict[str, tuple[RobotsReply, float]] | None = None) -> None:
        self.kept = dict(kept or {})

    def recall(self, origin: str) -> tuple[RobotsReply, float] | None:
        return self.kept.get(origin)

    def remember(self, origin: str, reply: RobotsReply) -> None:
        self.kept[origin] = (reply, 0.0)


ORIGIN = "http://news.test:80"
DISALLOW_ALL = RobotsReply(200, "User-agent: *\nDisallow: /\n")
ALLOW_ALL = RobotsReply(200, "User-agent: *\nAllow: /\n")


def rules_with_memory(memory: KeptReplies, answer: RobotsReply | FetchError) -> tuple[RobotsRules, list[str]]:
    downloads: list[str] = []

    async def download(url: str) -> RobotsReply:
        downloads.append(url)
        if isinstance(answer, FetchError):
            raise answer
        return answer

    cache = RobotsCache(download, clock=lambda: 1000.0, memory=memory)
    return asyncio.run(cache.rules_for(ORIGIN)), downloads


def test_a_kept_robots_txt_under_a_day_old_is_used_until_it_is_a_day_old() -> None:
    memory = KeptReplies({ORIGIN: (DISALLOW_ALL, 3600.0)})

    rules, downloads = rules_with_memory(memory, ALLOW_ALL)

    assert downloads == []
    assert not rules.allows(f"{ORIGIN}/page", "scraper")
    assert rules.expires == 1000.0 + ROBOTS_MAX_AGE - 3600.0


def test_a_kept_robots_txt_a_day_old_is_fetched_again_and_the_new_one_kept() -> None:
    memory = KeptReplies({ORIGIN: (DISALLOW_ALL, ROBOTS_MAX_AGE)})

    rules, downloads = rules_with_memory(memory, ALLOW_ALL)

    assert downloads == [f"{ORIGIN}/robots.txt"]
    assert rules.allows(f"{ORIGIN}/page", "scraper")
    assert memory.kept[ORIGIN] == (ALLOW_ALL, 0.0)


@pytest.mark.parametrize(
    ("answer", "kept"),
    [
        (ALLOW_ALL, True),
        (RobotsReply(404), True),
        (RobotsReply(503), False),
        (RobotsReply(429), False),
        (FetchError("connection refused", url=f"{ORIGIN}/robots.txt"), False),
    ],
    ids=["200", "404", "503", "429", "unreachable"],
)
def test_only_a_definitive_answer_is_kept(answer: RobotsReply | FetchError, kept: bool) -> None:
    memory = KeptReplies()

    rules_with_memory(memory, answer)

    assert (ORIGIN in memory.kept) is kept
