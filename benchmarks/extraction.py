"""Extraction accuracy and speed: scraper.extract against trafilatura.extract on real pages.

    python benchmarks/extraction.py --data ../shared/benchmarks/scrapinghub

The data folder holds `ground-truth.json` (page id → articleBody, url), `html/<id>.html.gz`
and optionally `chrome_cases.json`. Both extractors run in one process, page by page
and interleaved, so machine load affects them alike, and each goes first on every other page:
run second on the page the other has just read, an extractor is 2-3 % faster (scraper.extract
against itself: 0.97-0.98 of its time run first), which would favour whichever always ran second.
The metric is the benchmark's own:
4-token shingles of \\w+ tokens, per-page TP/FP/FN normalised to sum to one, precision and
recall averaged over pages, F1 from the averages; accuracy is the share of pages whose
token lists match exactly.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

SHINGLE = 4
WORD = re.compile(r"\w+")
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


@dataclass
class Tally:
    """Per-extractor results over all pages."""

    precisions: list[float] = field(default_factory=list)
    recalls: list[float] = field(default_factory=list)
    exact: list[bool] = field(default_factory=list)
    millis: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)

    def scores(self) -> dict[str, float]:
        precision, recall = statistics.mean(self.precisions), statistics.mean(self.recalls)
        ordered = sorted(self.millis)
        return {
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "precision": precision,
            "recall": recall,
            "accuracy": statistics.mean(self.exact),
            "median_ms": statistics.median(ordered),
            "p95_ms": ordered[int(0.95 * len(ordered))],
        }


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = WORD.findall(text)
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1)) if tokens)


def page_scores(truth: str, predicted: str) -> tuple[float | None, float | None]:
    """Precision and recall of one page; None where the page says nothing about it."""
    expected, got = shingles(truth), shingles(predicted)
    keys = expected.keys() | got.keys()
    tp = sum(min(expected[k], got[k]) for k in keys)
    fp = sum(max(0, got[k] - expected[k]) for k in keys)
    fn = sum(max(0, expected[k] - got[k]) for k in keys)
    if fp == fn == 0:
        return 1.0, 1.0
    return (tp / (tp + fp) if tp + fp else None), (tp / (tp + fn) if tp + fn else None)


def run_one(tally: Tally, key: str, function: Callable[[], str | None], truth: str) -> None:
    start = time.perf_counter()
    try:
        text = function() or ""
    except Exception as exc:  # a crash on a real page is a finding to report, not a reason to stop
        text = ""
        tally.errors.append(f"{key[:12]} {type(exc).__name__}: {exc}")
    tally.millis.append((time.perf_counter() - start) * 1000)
    precision, recall = page_scores(truth, text)
    if precision is not None:
        tally.precisions.append(precision)
    if recall is not None:
        tally.recalls.append(recall)
    tally.exact.append(WORD.findall(truth) == WORD.findall(text))
    tally.texts[key] = text


def chrome_scores(cases: list[dict], texts: dict[str, str]) -> tuple[float, float]:
    """Share of chrome snippets leaking into the text, and share of article snippets kept."""

    def norm(text: str) -> str:
        return " ".join(INVISIBLE.sub("", unicodedata.normalize("NFC", text)).split())

    leaked = chrome = kept = article = 0
    seen: set[tuple[str, str]] = set()
    for case in cases:
        key = Path(case["file"]).name.removesuffix(".html.gz")
        text = norm(texts.get(key, ""))
        chrome += len(case["chrome"])
        leaked += sum(norm(snippet) in text for snippet in case["chrome"])
        for snippet in case["keep"]:
            if (key, snippet) not in seen:
                seen.add((key, snippet))
                article += 1
                kept += norm(snippet) in text
    return leaked / chrome, kept / article


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="folder with ground-truth.json and html/")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (0: all)")
    args = parser.parse_args()

    import trafilatura

    import scraper
    from scraper.errors import NoContentError

    def ours(html: str, url: str | None) -> str:
        try:
            return scraper.extract(html, url=url).text
        except NoContentError:
            return ""

    truth_file = args.data / "ground-truth.json"
    if not truth_file.is_file():
        print(f"benchmark: error: {truth_file} not found", file=sys.stderr)
        return 2
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    items = list(truth.items())[: args.limit or None]
    tallies = {"scraper": Tally(), "trafilatura": Tally()}
    for index, (key, item) in enumerate(items):
        html = gzip.decompress((args.data / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8")
        url, body = item.get("url"), item.get("articleBody", "")
        runs = [
            (tallies["scraper"], partial(ours, html, url)),
            (tallies["trafilatura"], partial(trafilatura.extract, html, url=url)),
        ]
        for tally, extract in runs if index % 2 == 0 else reversed(runs):
            run_one(tally, key, extract, body)

    scores = {name: tally.scores() for name, tally in tallies.items()}
    print(f"{len(items)} pages from {args.data}")
    print(f"{'':24}{'scraper':>12}{'trafilatura':>14}")
    for metric in ("f1", "precision", "recall", "accuracy"):
        print(f"{metric:24}{scores['scraper'][metric]:>12.4f}{scores['trafilatura'][metric]:>14.4f}")
    for metric in ("median_ms", "p95_ms"):
        print(f"{metric:24}{scores['scraper'][metric]:>12.1f}{scores['trafilatura'][metric]:>14.1f}")
    print(f"{'pages with errors':24}{len(tallies['scraper'].errors):>12}{len(tallies['trafilatura'].errors):>14}")
    ratio = scores["scraper"]["median_ms"] / scores["trafilatura"]["median_ms"]
    print(f"{'time ratio (median)':24}{ratio:>12.2f}x")
    cases_file = args.data / "chrome_cases.json"
    if cases_file.is_file():
        cases = json.loads(cases_file.read_text(encoding="utf-8"))
        ours_leak, ours_kept = chrome_scores(cases, tallies["scraper"].texts)
        theirs_leak, theirs_kept = chrome_scores(cases, tallies["trafilatura"].texts)
        print(f"{'chrome snippets leaked':24}{ours_leak:>12.1%}{theirs_leak:>14.1%}")
        print(f"{'article snippets kept':24}{ours_kept:>12.1%}{theirs_kept:>14.1%}")
    for line in tallies["scraper"].errors[:10]:
        print(f"error: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
