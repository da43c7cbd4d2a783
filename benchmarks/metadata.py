"""Metadata on real pages: dates found, offsets kept, author strings clean; scraper against trafilatura.

    python benchmarks/metadata.py --data ../shared/benchmarks/scrapinghub [--list]

The data folder holds `ground-truth.json` (page id → url, …) and `html/<id>.html.gz`; it has no
metadata ground truth, so the checks are the ones the metadata issue states for these pages:

* a date on every page that shows one: a page "shows" a date when a <time datetime>, a declared
  published date, a date in the URL or a date htmldate finds in its text exists;
* the offset kept where the page gives one: a declared date or <time datetime> with an offset
  ("+02:00", "Z"), or a shown clock time with a zone ("23:46 UTC");
* no author string holding a date, a time, a handle or "min read".

Both sides run in one process; trafilatura's metadata is `trafilatura.extract_metadata` with its
defaults. `--list` prints the page ids behind each failure count.

The last line times the metadata alone, page by page in turn: scraper's `read_declarations` stage
(JSON-LD, <meta>, title, authors, dates, image, tags) and `trafilatura.extract_metadata`, each on a
tree parsed beforehand (lxml.html), mean milliseconds of CPU time a page.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OFFSET = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z)$")
DECLARED_OFFSET = re.compile(
    r"""(?:datePublished"?\s*:\s*"|published_time"\s+content="|<time[^>]+datetime=")"""
    r"""\d{4}-\d{2}-\d{2}T[\d:.]+(?:[+-]\d{2}:?\d{2}|Z)""",
    re.IGNORECASE,
)
SHOWN_ZONE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:UTC|GMT|E[SD]?T|P[SD]?T)\b", re.IGNORECASE)
BAD_AUTHOR = {
    "date or time": re.compile(r"\d{1,2}:\d{2}|\b(?:19|20)\d{2}\b|\b\d{1,2},? (?:19|20)\d{2}"),
    "handle": re.compile(r"(?<!\w)@\w"),
    "min read": re.compile(r"\bmin(?:ute)?s? read\b", re.IGNORECASE),
}


@dataclass
class Tally:
    """One extractor's failures over all pages, by check, as page ids."""

    dated: int = 0
    failures: dict[str, list[str]] = field(default_factory=dict)

    def fail(self, check: str, page: str) -> None:
        self.failures.setdefault(check, []).append(page)


def page_shows_date(html: str, url: str, find_date: Any) -> bool:
    """Whether the page shows a date at all, by markup, declaration, URL or htmldate on its text."""
    if "<time" in html and "datetime=" in html:
        return True
    return bool(find_date(html, url=url, extensive_search=True, original_date=True))


def page_gives_offset(html: str) -> bool:
    return bool(DECLARED_OFFSET.search(html) or SHOWN_ZONE.search(html))


def check(tally: Tally, page: str, date: str | None, authors: list[str], shows: bool, offset: bool) -> None:
    if date:
        tally.dated += 1
    elif shows:
        tally.fail("no date where the page shows one", page)
    if date and offset and not OFFSET.search(date):
        tally.fail("date without the offset the page gives", page)
    for name, pattern in BAD_AUTHOR.items():
        if any(pattern.search(author) for author in authors):
            tally.fail(f"author with a {name}", page)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="folder with ground-truth.json and html/")
    parser.add_argument("--list", action="store_true", help="print the page ids behind each failure")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import trafilatura
    from htmldate import find_date
    from lxml import html as lxml_html

    import scraper
    from scraper.config import ExtractConfig
    from scraper.extraction.api import Page, read_declarations

    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    ours, theirs = Tally(), Tally()
    ms: dict[str, list[float]] = {"scraper": [], "trafilatura": []}
    for page, item in truth.items():
        html = gzip.decompress((args.data / "html" / f"{page}.html.gz").read_bytes()).decode("utf-8")
        url = item.get("url")
        shows, offset = page_shows_date(html, url, find_date), page_gives_offset(html)
        try:
            article = scraper.extract(html, url=url)
            check(ours, page, article.date, list(article.authors), shows, offset)
        except scraper.ScraperError:
            check(ours, page, None, [], shows, offset)
        page_tree = Page(tree=lxml_html.document_fromstring(html), url=url, config=ExtractConfig())
        ms["scraper"].append(cpu_ms(read_declarations, page_tree))
        ms["trafilatura"].append(cpu_ms(trafilatura.extract_metadata, lxml_html.document_fromstring(html), url))
        meta = trafilatura.extract_metadata(html, default_url=url)
        author = getattr(meta, "author", None)
        check(theirs, page, getattr(meta, "date", None), author.split("; ") if author else [], shows, offset)
    print_table(len(truth), ours, theirs, show_ids=args.list)
    mean = {side: sum(values) / len(values) for side, values in ms.items()}
    ratio = mean["scraper"] / mean["trafilatura"]
    print(f"  {'metadata ms/page (CPU)':<42} {mean['scraper']:>7.2f}  {mean['trafilatura']:>11.2f} {ratio:.2f}x")
    return 0


def cpu_ms(function: Any, *args: Any) -> float:
    """CPU milliseconds of one call: the machine's other jobs do not count."""
    start = time.process_time()
    function(*args)
    return (time.process_time() - start) * 1000


def print_table(pages: int, ours: Tally, theirs: Tally, *, show_ids: bool) -> None:
    print(f"{pages} pages                                     scraper  trafilatura")
    print(f"  {'pages with a date':<42} {ours.dated:>7}  {theirs.dated:>11}")
    checks = sorted(set(ours.failures) | set(theirs.failures))
    for name in checks:
        print(f"  {name:<42} {len(ours.failures.get(name, [])):>7}  {len(theirs.failures.get(name, [])):>11}")
    if show_ids:
        for name in checks:
            print(f"scraper, {name}: {' '.join(page[:12] for page in ours.failures.get(name, []))}")


if __name__ == "__main__":
    raise SystemExit(main())
