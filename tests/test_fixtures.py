"""Every folder under fixtures/ is a case: a saved document and the article it must give.

Adding a case means adding a folder; the folder name is the test id. Fields of
expected.json are checked one by one so a failure names the field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import scraper
from scraper import errors

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted(path for path in FIXTURES.iterdir() if path.is_dir())
METADATA_FIELDS = ("title", "date", "language", "site_name", "canonical_url", "description", "hub", "description_only")


def run_case(case: Path, expected: dict[str, Any]) -> scraper.Article:
    source_html = case / "source.html"
    if source_html.exists():
        return scraper.extract(source_html.read_bytes(), url=expected.get("url"))
    return scraper.clean_text((case / "source.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fixture(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    if "error" in expected:
        with pytest.raises(getattr(errors, expected["error"])):
            run_case(case, expected)
        return

    article = run_case(case, expected)

    expected_text = case / "expected.txt"
    if expected_text.exists():
        assert article.text == expected_text.read_text(encoding="utf-8").strip()
    else:  # a page whose exact text is not ours to define (a hub's list as trafilatura lays it out)
        assert expected["contains"], "a case without expected.txt lists the snippets its text must contain"
    for snippet in expected.get("contains", []):
        assert snippet in article.text, f"missing from the text: {snippet!r}"
    for field in METADATA_FIELDS:
        if field in expected:
            assert getattr(article, field) == expected[field], field
    if "authors" in expected:
        assert list(article.authors) == expected["authors"]
    for key, value in expected.get("access", {}).items():
        assert getattr(article.access, key) == value, f"access.{key}"
    removed_kinds = {block.kind for block in article.removed}
    for kind in expected.get("removed_kinds", []):
        assert kind in removed_kinds, f"no removed block of kind {kind!r}"
    removed_text = "\n".join(block.text for block in article.removed)
    for snippet in expected.get("removed_contains", []):
        assert snippet in removed_text, f"not listed as removed: {snippet!r}"
    for snippet in expected.get("must_not_contain", []):
        assert snippet not in article.text, f"chrome left in the text: {snippet!r}"


def test_site_rules_from_config_apply_to_their_host_only() -> None:
    from scraper.config import ExtractConfig, SiteRules

    html = (FIXTURES / "very-short-article" / "source.html").read_bytes()
    plain = scraper.extract(html, url="https://news.example.org/a")
    first_sentence = plain.text.split(". ")[0]
    config = ExtractConfig(sites=(SiteRules(host="example.org", drop=("article p:first-of-type",)),))
    ruled = scraper.extract(html, url="https://news.example.org/a", config=config)
    other_host = scraper.extract(html, url="https://elsewhere.test/a", config=config)
    assert first_sentence not in ruled.text
    assert other_host.text == plain.text


def test_chrome_removal_can_be_turned_off() -> None:
    from scraper.config import ExtractConfig

    text = (FIXTURES / "moscow-times-army-drills" / "source.txt").read_text(encoding="utf-8")
    article = scraper.clean_text(text, config=ExtractConfig(remove_chrome=False))
    assert "Support us" in article.text
    assert article.removed == ()
