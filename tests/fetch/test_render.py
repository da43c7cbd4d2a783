"""Rendering in headless Chromium (`[fetch] render`, `scraper URL --render`) against a real local server.

The browser tests need Playwright and the system's Chromium. Without them they are skipped, saying
why; `.ci/run` installs both and sets REQUIRE_CHROMIUM=1, which turns that skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

import pytest

from scraper.cli import exit_codes
from scraper.config import FetchConfig
from scraper.errors import ConfigError
from scraper.fetching.shell import looks_like_shell
from tests.run.conftest import query, run_scraper, write_config
from tests.support.server import LocalServer, Reply

REPO = Path(__file__).resolve().parents[2]
REQUIRE_CHROMIUM = "REQUIRE_CHROMIUM"
RUN_TIMEOUT = 60.0

STORY = [
    "The harbour board voted on Tuesday to keep the winter ferry running twice a day, after residents of the "
    "island filled the town hall to complain about the crossings they lost last year.",
    "The new timetable starts in December and will cost the board an extra forty thousand pounds a season, "
    "which it plans to recover from a small rise in the summer fares.",
    "Residents said the decision would let children reach the secondary school on the mainland without "
    "staying overnight with relatives during the worst of the weather.",
]

SHELL = """<!doctype html><html><head><meta charset="utf-8"><title>Ferry stays</title>%(head)s</head>
<body><div id="root"></div><noscript>Please enable JavaScript to read this site.</noscript>
<img src="/photo.jpg" alt="">
<script>
fetch("/api/story.json").then(r => r.json()).then(story => {
  const article = document.createElement("article");
  const title = document.createElement("h1");
  title.textContent = story.title;
  article.appendChild(title);
  for (const text of story.paragraphs) {
    const p = document.createElement("p");
    p.textContent = text;
    article.appendChild(p);
  }
  document.getElementById("root").appendChild(article);
  %(extra)s
});
</script></body></html>"""


DESCRIBED = (
    f'<meta name="description" content="{STORY[0]}">'
    '<meta property="article:published_time" content="2024-11-28T07:00:00+00:00">'
)
"""What a shell's head often declares: the story's opening and its date."""


def shell_page(extra: str = "", head: str = "") -> bytes:
    return (SHELL % {"extra": extra, "head": head}).encode()


def story_json() -> bytes:
    import json

    return json.dumps({"title": "Winter ferry stays", "paragraphs": STORY}).encode()


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if find_spec("playwright") is None:
        return "Playwright is not installed (pip install 'scraper[render]')"
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        return "the system's Chromium is not installed (apt-get install chromium)"
    return None


@pytest.fixture
def browser() -> None:
    reason = browser_missing()
    if reason is None:
        return
    if os.environ.get(REQUIRE_CHROMIUM) == "1":
        pytest.fail(f"{REQUIRE_CHROMIUM}=1 but {reason}")
    pytest.skip(f"no browser to render with: {reason}")


@pytest.fixture
def js_site() -> Iterator[LocalServer]:
    with LocalServer() as server:
        server.add("/story", Reply(body=shell_page()))
        server.add("/described-story", Reply(body=shell_page(head=DESCRIBED)))
        server.add("/api/story.json", Reply(body=story_json(), content_type="application/json"))
        server.add("/photo.jpg", Reply(body=b"\xff\xd8\xff", content_type="image/jpeg"))
        yield server


def run_cli(*args: str, cwd: Path, fetch: str = "") -> subprocess.CompletedProcess[str]:
    config = cwd / "config.toml"
    config.write_text(
        textwrap.dedent(
            """
            [fetch]
            per_host_delay = 0.0
            retries = 0
            total_timeout = 15.0
            """
        )
        + textwrap.dedent(fetch)
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("SCRAPER_")}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "scraper", *args, "--config", str(config)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )


# the shell test: no browser needed


def test_a_script_built_page_with_no_text_is_a_shell() -> None:
    assert looks_like_shell(shell_page().decode())


def test_a_page_whose_text_is_in_the_html_is_no_shell() -> None:
    paragraphs = "".join(f"<p>{text}</p>" for text in STORY)
    page = f"<html><body><article>{paragraphs}</article><script src='/app.js'></script></body></html>"

    assert not looks_like_shell(page)


def test_a_page_without_scripts_is_no_shell_however_empty() -> None:
    assert not looks_like_shell("<html><body><div id='root'></div></body></html>")
    assert not looks_like_shell("")


def test_a_render_mode_that_does_not_exist_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="'fetch.render' must be one of never, auto, always"):
        FetchConfig(render="sometimes")


# rendering


@pytest.mark.usefixtures("browser")
def test_auto_renders_a_script_built_page_and_never_refuses_it(js_site: LocalServer, tmp_path: Path) -> None:
    url = js_site.url("/story")

    auto = run_cli(url, "--allow-private", cwd=tmp_path, fetch='render = "auto"\n')
    never = run_cli(url, "--allow-private", cwd=tmp_path, fetch='render = "never"\n')

    assert auto.returncode == exit_codes.OK, auto.stderr
    assert auto.stdout.startswith("Winter ferry stays\n")
    assert all(text in auto.stdout for text in STORY)
    assert never.returncode == exit_codes.NO_CONTENT
    assert never.stderr.startswith("scraper: error:") and never.stderr.count("\n") == 1
    assert js_site.hits("/story") == 2, "the browser is handed the fetched page, not sent to fetch it again"
    assert js_site.hits("/photo.jpg") == 0, "images are not loaded"


@pytest.mark.usefixtures("browser")
def test_auto_renders_a_shell_whose_description_would_stand_in(tmp_path: Path) -> None:
    with LocalServer() as site:
        site.add("/story", Reply(body=shell_page(head=DESCRIBED)))
        site.add("/api/story.json", Reply(body=story_json(), content_type="application/json"))

        auto = run_cli(site.url("/story"), "--allow-private", cwd=tmp_path, fetch='render = "auto"\n')
        never = run_cli(site.url("/story"), "--allow-private", cwd=tmp_path, fetch='render = "never"\n')

    assert auto.returncode == exit_codes.OK, auto.stderr
    assert all(text in auto.stdout for text in STORY)
    assert never.returncode == exit_codes.OK, never.stderr
    assert STORY[0] in never.stdout and STORY[1] not in never.stdout


@pytest.mark.usefixtures("browser")
def test_a_script_sending_the_tab_elsewhere_leaves_the_page_to_be_extracted(tmp_path: Path) -> None:
    with LocalServer() as site:
        site.add("/story", Reply(body=shell_page("location.href = '/elsewhere';")))
        site.add("/api/story.json", Reply(body=story_json(), content_type="application/json"))
        site.add("/elsewhere", Reply(body=b"<html><body><p>Somewhere else entirely</p></body></html>"))

        done = run_cli(site.url("/story"), "--render", "--allow-private", cwd=tmp_path)

        assert done.returncode == exit_codes.OK, done.stderr
        assert STORY[2] in done.stdout and "Somewhere else" not in done.stdout
        assert site.hits("/elsewhere") == 0


def render_with_frame(site: LocalServer, frame_script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Render the shell story with a same-site frame running `frame_script`; only 127.0.0.1 is allowed.

    From a frame of the site's own: Chromium itself keeps a served page's direct requests off
    loopback addresses, but a same-site frame fetched from loopback may reach another one.
    """
    site.add("/frame", Reply(body=f"<html><body><script>{frame_script}</script></body></html>".encode()))
    embed = "const f = document.createElement('iframe'); f.src = '/frame'; document.body.appendChild(f);"
    site.add("/story", Reply(body=shell_page(embed)))
    site.add("/api/story.json", Reply(body=story_json(), content_type="application/json"))
    return run_cli(site.url("/story"), cwd=tmp_path, fetch='render = "auto"\nallowed_networks = ["127.0.0.1/32"]\n')


@pytest.mark.usefixtures("browser")
def test_a_rendered_page_cannot_reach_a_private_address(tmp_path: Path) -> None:
    with LocalServer() as site, LocalServer(host="127.0.0.2") as internal:
        internal.add("/secret", Reply(body=b"internal admin token", content_type="text/plain"))

        done = render_with_frame(site, f"fetch({internal.url('/secret')!r});", tmp_path)

        assert done.returncode == exit_codes.OK, done.stderr
        assert STORY[0] in done.stdout
        assert site.hits("/frame") == 1, "the frame's own request was allowed and made"
        assert internal.hits("/secret") == 0


@pytest.mark.usefixtures("browser")
def test_a_rendered_page_opens_no_websocket(tmp_path: Path) -> None:
    with LocalServer() as site, LocalServer(host="127.0.0.2") as internal:
        # page.route() never sees WebSockets, so the guard could not check their address: none may open.
        socket_url = internal.url("/socket").replace("http", "ws")

        done = render_with_frame(site, f"new WebSocket({socket_url!r});", tmp_path)

        assert done.returncode == exit_codes.OK, done.stderr
        assert site.hits("/frame") == 1
        assert internal.hits("/socket") == 0


@pytest.mark.usefixtures("browser")
@pytest.mark.parametrize("path", ["/story", "/described-story"])
def test_scraper_run_renders_a_shell_page_with_auto(js_site: LocalServer, tmp_path: Path, path: str) -> None:
    source = f'[[sources]]\nname = "js"\nkind = "urls"\nurls = ["{js_site.url(path)}"]\n'
    config = write_config(tmp_path, source, fetch='render = "auto"\n')

    done = run_scraper("run", "--config", str(config), cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    (text,) = query(tmp_path / "scraper.sqlite3", "SELECT text FROM articles")
    assert all(paragraph in str(text[0]) for paragraph in STORY)


@pytest.mark.usefixtures("browser")
def test_a_list_of_urls_is_rendered_with_the_render_flag(js_site: LocalServer, tmp_path: Path) -> None:
    (tmp_path / "urls.txt").write_text(f"{js_site.url('/story')}\n{js_site.url('/story')}?again\n")

    done = run_cli("-i", "urls.txt", "--render", "--allow-private", "--format", "json", cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    assert len(done.stdout.splitlines()) == 2 and all(STORY[2] in line for line in done.stdout.splitlines())
