"""The public surface: one place, sorted, and every name importable."""

from __future__ import annotations

import scraper


def test_all_is_sorted_and_complete() -> None:
    assert scraper.__all__ == sorted(scraper.__all__)
    for name in scraper.__all__:
        assert getattr(scraper, name) is not None


def test_the_four_entry_points_of_the_readme() -> None:
    for name in ("scrape", "extract", "clean_text", "fetch"):
        assert callable(getattr(scraper, name))


def test_every_error_descends_from_scraper_error() -> None:
    from scraper import errors

    for value in vars(errors).values():
        if isinstance(value, type) and issubclass(value, Exception) and value.__module__ == errors.__name__:
            assert issubclass(value, errors.ScraperError)


def test_articles_serialise_to_plain_json_types() -> None:
    import json

    article = scraper.clean_text("A Title\n\nBy Ann Lee\n\nThe first paragraph of a short story about the council.")
    data = json.loads(json.dumps(article.to_dict()))
    assert data["title"] == "A Title"
    assert data["authors"] == ["Ann Lee"]
    assert data["access"] == {"status": "unknown", "truncated": False, "evidence": []}


def test_importing_the_package_leaves_http_and_extraction_unloaded() -> None:
    import subprocess
    import sys

    probe = "import sys, scraper; print(*(name in sys.modules for name in ('httpx', 'trafilatura')))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_functions_stay_functions_after_their_packages_are_imported() -> None:
    import scraper.extraction.api  # noqa: F401
    import scraper.fetching.fetcher  # noqa: F401

    assert scraper.fetch.__module__ == "scraper.session"
    assert scraper.extract.__module__ == "scraper.extraction.api"
