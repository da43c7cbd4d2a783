"""Fetching one page against a real loopback server: statuses, redirects, retries."""

from __future__ import annotations

import asyncio
import email.utils
import time

import pytest

from scraper.errors import HTTPStatusError, TimeoutError, TooManyRedirectsError, TransportError
from scraper.session import AsyncScraper, Scraper
from tests.fetch.conftest import OpenSession, SleepRecorder, make_config
from tests.support.server import Fault, LocalServer, Reply

PAGE = b"<html><head><title>Hello</title></head><body><p>Hello, world.</p></body></html>"


def test_a_200_page_comes_back_decoded_with_its_metadata(server: LocalServer, session: Scraper) -> None:
    server.add("/page", Reply(body=PAGE, etag='"v1"', last_modified="Wed, 21 Oct 2015 07:28:00 GMT"))

    result = session.fetch(server.url("/page"))

    assert result.status == 200
    assert result.url == result.final_url == server.url("/page")
    assert result.html == PAGE.decode()
    assert result.content == PAGE
    assert (result.encoding, result.encoding_source) == ("utf-8", "header")
    assert result.etag == '"v1"'
    assert result.last_modified == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert result.headers["content-type"] == "text/html; charset=utf-8"
    assert not result.not_modified
    assert 0 <= result.elapsed < 3
    assert result.fetched_at.tzinfo is not None
    assert server.hits("/page") == 1


def test_the_request_names_the_project_and_asks_only_for_codings_we_decode(
    server: LocalServer, session: Scraper
) -> None:
    server.add("/page", Reply(body=PAGE))

    session.fetch(server.url("/page"))

    headers = server.requests_for("/page")[0].headers
    assert headers["user-agent"].startswith("scraper/")
    assert headers["accept-encoding"] == "gzip, deflate, br, zstd"


def test_a_301_302_chain_is_followed_to_the_final_url(server: LocalServer, session: Scraper) -> None:
    server.redirect("/one", "/two", status=301)
    server.redirect("/two", server.url("/three"), status=302)
    server.add("/three", Reply(body=PAGE))

    result = session.fetch(server.url("/one"))

    assert result.final_url == server.url("/three")
    assert result.url == server.url("/one")
    assert [server.hits(path) for path in ("/one", "/two", "/three")] == [1, 1, 1]


def test_a_redirect_loop_is_refused_without_going_round_again(server: LocalServer, session: Scraper) -> None:
    server.redirect("/a", "/b")
    server.redirect("/b", "/a")

    with pytest.raises(TooManyRedirectsError, match="loop") as caught:
        session.fetch(server.url("/a"))

    assert caught.value.url == server.url("/a")
    assert (server.hits("/a"), server.hits("/b")) == (1, 1)


def test_a_chain_longer_than_max_redirects_is_refused(server: LocalServer, open_session: OpenSession) -> None:
    for step in range(4):
        server.redirect(f"/r{step}", f"/r{step + 1}")
    server.add("/r4", Reply(body=PAGE))

    with pytest.raises(TooManyRedirectsError, match="more than 3"):
        open_session(max_redirects=3).fetch(server.url("/r0"))

    assert server.hits("/r3") == 1
    assert server.hits("/r4") == 0


def test_a_404_fails_at_once_without_retries(server: LocalServer, session: Scraper, sleeps: SleepRecorder) -> None:
    with pytest.raises(HTTPStatusError) as caught:
        session.fetch(server.url("/missing"))

    assert caught.value.status == 404
    assert caught.value.url == server.url("/missing")
    assert server.hits("/missing") == 1
    assert sleeps.waits == []


@pytest.mark.parametrize("status", [400, 401, 403, 410, 451])
def test_other_4xx_statuses_are_never_retried(
    server: LocalServer, session: Scraper, sleeps: SleepRecorder, status: int
) -> None:
    server.add("/page", Reply(status=status))

    with pytest.raises(HTTPStatusError) as caught:
        session.fetch(server.url("/page"))

    assert caught.value.status == status
    assert server.hits("/page") == 1


def test_503_twice_then_200_succeeds_on_the_third_attempt(
    server: LocalServer, session: Scraper, sleeps: SleepRecorder
) -> None:
    server.add("/page", Reply(status=503), Reply(status=503), Reply(body=PAGE))

    result = session.fetch(server.url("/page"))

    assert result.status == 200
    assert server.hits("/page") == 3
    assert len(sleeps.waits) == 2
    # Jittered exponential backoff: 0.5 s then 1 s, each plus up to 0.5 s of jitter.
    assert 0.5 <= sleeps.waits[0] <= 1.0
    assert 1.0 <= sleeps.waits[1] <= 1.5


@pytest.mark.parametrize("status", [408, 425, 429, 500, 502, 503, 504])
def test_retryable_statuses_fail_after_the_last_attempt(
    server: LocalServer, session: Scraper, sleeps: SleepRecorder, status: int
) -> None:
    server.add("/page", Reply(status=status))

    with pytest.raises(HTTPStatusError) as caught:
        session.fetch(server.url("/page"))

    assert caught.value.status == status
    assert server.hits("/page") == 3  # retries = 2
    assert len(sleeps.waits) == 2


def test_429_with_retry_after_seconds_waits_that_long(
    server: LocalServer, session: Scraper, sleeps: SleepRecorder
) -> None:
    server.add("/page", Reply(status=429, headers={"Retry-After": "7"}), Reply(body=PAGE))

    result = session.fetch(server.url("/page"))

    assert result.status == 200
    assert sleeps.waits == [7.0]
    assert server.hits("/page") == 2


def test_retry_after_as_an_http_date_is_honoured(server: LocalServer, session: Scraper, sleeps: SleepRecorder) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    server.add("/page", Reply(status=503, headers={"Retry-After": when}), Reply(body=PAGE))

    session.fetch(server.url("/page"))

    assert len(sleeps.waits) == 1
    assert 27 <= sleeps.waits[0] <= 31


def test_a_retry_after_beyond_the_cap_fails_the_page_without_waiting(
    server: LocalServer, open_session: OpenSession, sleeps: SleepRecorder
) -> None:
    server.add("/page", Reply(status=429, headers={"Retry-After": "3600"}), Reply(body=PAGE))

    with pytest.raises(HTTPStatusError, match="wait 3600 s, longer than retry_after_cap") as caught:
        open_session(retry_after_cap=60.0).fetch(server.url("/page"))

    assert caught.value.status == 429
    assert sleeps.waits == []
    assert server.hits("/page") == 1


def test_a_retryable_status_after_a_redirect_retries_the_chain(
    server: LocalServer, session: Scraper, sleeps: SleepRecorder
) -> None:
    server.redirect("/old", "/new", status=301)
    server.add("/new", Reply(status=502), Reply(body=PAGE))

    result = session.fetch(server.url("/old"))

    assert result.final_url == server.url("/new")
    assert (server.hits("/old"), server.hits("/new")) == (2, 2)


def test_a_connection_reset_mid_body_is_retried_then_reported(
    server: LocalServer, session: Scraper, sleeps: SleepRecorder
) -> None:
    server.add("/page", Reply(body=PAGE * 100, fault=Fault.RESET_MID_BODY))

    with pytest.raises(TransportError) as caught:
        session.fetch(server.url("/page"))

    assert not isinstance(caught.value, TimeoutError)
    assert server.hits("/page") == 3
    assert len(sleeps.waits) == 2


def test_a_reset_once_then_a_good_answer_succeeds(server: LocalServer, session: Scraper) -> None:
    server.add("/page", Reply(body=PAGE * 100, fault=Fault.RESET_MID_BODY), Reply(body=PAGE))

    assert session.fetch(server.url("/page")).content == PAGE
    assert server.hits("/page") == 2


def test_a_server_that_never_answers_times_out_after_each_attempt(
    server: LocalServer, session: Scraper, sleeps: SleepRecorder
) -> None:
    server.add("/page", Reply(fault=Fault.STALL))

    started = time.monotonic()
    with pytest.raises(TimeoutError, match="timed out"):
        session.fetch(server.url("/page"))

    assert server.hits("/page") == 3
    assert time.monotonic() - started < 3 * 0.3 + 1.0  # three read timeouts of 0.3 s, no more


def test_a_server_that_stalls_mid_body_times_out(server: LocalServer, session: Scraper) -> None:
    server.add("/page", Reply(body=PAGE * 100, fault=Fault.STALL_MID_BODY), Reply(body=PAGE))

    assert session.fetch(server.url("/page")).content == PAGE
    assert server.hits("/page") == 2


def test_a_slow_trickle_is_cut_off_by_the_total_deadline_and_not_retried(
    server: LocalServer, open_session: OpenSession, sleeps: SleepRecorder
) -> None:
    # One byte every 50 ms never trips the 0.3 s read timeout; only the 1 s deadline stops it.
    server.add("/page", Reply(body=PAGE, fault=Fault.TRICKLE, trickle_interval=0.05))

    session = open_session(total_timeout=1.0)
    started = time.monotonic()
    with pytest.raises(TimeoutError, match="1 s in all"):
        session.fetch(server.url("/page"))

    assert 1.0 <= time.monotonic() - started < 2.0
    assert server.hits("/page") == 1
    assert sleeps.waits == []


def test_an_etag_is_sent_back_and_a_304_means_not_modified(server: LocalServer, session: Scraper) -> None:
    server.add("/page", Reply(body=PAGE, etag='"abc"'))
    first = session.fetch(server.url("/page"))

    again = session.fetch(server.url("/page"), etag=first.etag)

    assert again.not_modified
    assert again.status == 304
    assert again.html == ""
    assert again.etag == '"abc"'
    assert server.requests_for("/page")[1].headers["if-none-match"] == '"abc"'
    assert [delivery.status for delivery in server.deliveries_for("/page")] == [200, 304]


def test_an_etag_in_utf8_goes_back_byte_for_byte(server: LocalServer, session: Scraper) -> None:
    on_the_wire = '"café"'.encode()
    # The test server writes header text as Latin-1, so this sends the UTF-8 bytes unchanged.
    server.add("/page", Reply(body=PAGE, etag=on_the_wire.decode("latin-1")))
    first = session.fetch(server.url("/page"))

    again = session.fetch(server.url("/page"), etag=first.etag)

    assert first.etag == '"café"'
    assert again.not_modified


def test_last_modified_is_sent_back_and_a_304_keeps_the_validator(server: LocalServer, session: Scraper) -> None:
    stamp = "Wed, 21 Oct 2015 07:28:00 GMT"
    server.add("/page", Reply(body=PAGE, last_modified=stamp))

    again = session.fetch(server.url("/page"), last_modified=stamp)

    assert again.not_modified
    assert again.last_modified == stamp
    assert server.requests_for("/page")[0].headers["if-modified-since"] == stamp


def test_a_changed_page_comes_back_in_full_despite_old_validators(server: LocalServer, session: Scraper) -> None:
    server.add("/page", Reply(body=PAGE, etag='"new"'))

    result = session.fetch(server.url("/page"), etag='"old"')

    assert not result.not_modified
    assert result.content == PAGE
    assert result.etag == '"new"'


def test_a_304_to_an_unconditional_request_is_an_error(server: LocalServer, session: Scraper) -> None:
    server.add("/page", Reply(status=304))

    with pytest.raises(HTTPStatusError) as caught:
        session.fetch(server.url("/page"))

    assert caught.value.status == 304


def test_concurrent_fetches_on_one_session_share_its_limits(server: LocalServer) -> None:
    for index in range(6):
        server.add(f"/page/{index}", Reply(body=PAGE, delay=0.1))

    async def run() -> None:
        async with AsyncScraper(make_config(concurrency=4, per_host_concurrency=2)) as session:
            await asyncio.gather(*(session.fetch(server.url(f"/page/{index}")) for index in range(6)))

    asyncio.run(run())

    assert server.max_in_flight == 2


def test_credentials_in_a_page_url_are_never_sent(server: LocalServer, session: Scraper) -> None:
    server.add("/page", Reply(body=PAGE))

    session.fetch(server.url("/page").replace("http://", "http://reader:s3cret@"))

    assert "authorization" not in server.requests_for("/page")[0].headers
