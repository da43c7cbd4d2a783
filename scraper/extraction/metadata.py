"""Article metadata: each field from its most trusted source, with that source named for `--explain`."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import html as lxml_html

from scraper.extraction.authors import read_authors
from scraper.extraction.dates import read_dates
from scraper.extraction.language import FoundLanguage, language_code
from scraper.extraction.structured import StructuredData, as_text, as_texts, site_names
from scraper.extraction.titles import read_title

MAX_TAGS = 20
"""Some pages declare every tag of the site as keywords: beyond this many, they no longer describe the article."""


@dataclass(frozen=True)
class Metadata:
    """What an Article says about itself besides its text."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    modified: str | None = None
    site_name: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    image: str | None = None
    tags: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
    """Where each field was read ("date": "json-ld datePublished"), for `--explain`."""


def read_metadata(tree: lxml_html.HtmlElement, data: StructuredData, url: str | None) -> Metadata:
    """Combine the page's metadata into one record, each field from its most reliable source."""
    article = data.article
    site_name = data.first_meta("og:site_name", "application-name") or as_text(article.get("publisher"))
    sites = site_names(data, site_name, url)
    title = read_title(tree, data, sites)
    authors = read_authors(tree, data, sites)
    dates = read_dates(tree, data, url)
    language = declared_language(data)
    image = _image(data, url)
    found = {
        "title": title.source,
        "authors": authors.source,
        "date": dates.published.source if dates.published else None,
        "modified": dates.modified.source if dates.modified else None,
        "language": language.source,
        "image": image[1],
    }
    return Metadata(
        title=title.text,
        authors=authors.names,
        date=dates.published.value if dates.published else None,
        modified=dates.modified.value if dates.modified else None,
        site_name=site_name,
        language=language.code,
        canonical_url=_canonical(data, url),
        description=data.first_meta("description", "og:description", "twitter:description")
        or as_text(article.get("description")),
        image=image[0],
        tags=_tags(data),
        sources={name: source for name, source in found.items() if source},
    )


def declared_language(data: StructuredData) -> FoundLanguage:
    """The language the page declares: <html lang>, JSON-LD inLanguage, then <meta>."""
    for raw, source in (
        (data.html_lang, "<html lang>"),
        (as_text(data.article.get("inLanguage")), "json-ld inLanguage"),
        (data.meta.get("content-language"), "meta content-language"),
        (data.meta.get("og:locale"), "meta og:locale"),
        (data.meta.get("language"), "meta language"),
    ):
        code = language_code(raw)
        if code:
            return FoundLanguage(code, source)
    return FoundLanguage()


def _image(data: StructuredData, url: str | None) -> tuple[str | None, str | None]:
    """The lead image as an absolute URL: JSON-LD image, then og:image, then twitter:image."""
    for raw, source in (
        (as_text(_image_url(data.resolve(data.article.get("image")))), "json-ld image"),
        (data.meta.get("og:image") or data.meta.get("og:image:url"), "meta og:image"),
        (data.meta.get("twitter:image") or data.meta.get("twitter:image:src"), "meta twitter:image"),
    ):
        absolute = _absolute(raw, url)
        if absolute:
            return absolute, source
    return None, None


def _image_url(value: object) -> object:
    """JSON-LD image: a URL, an ImageObject ({"url": …}) or a list of either; the first counts."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return value.get("url") or value.get("contentUrl")
    return value


def _tags(data: StructuredData) -> tuple[str, ...]:
    """Keywords and sections: JSON-LD keywords/articleSection, article:tag, <meta name=keywords>."""
    raw: list[str] = []
    for value in (data.article.get("keywords"), data.article.get("articleSection")):
        raw += [part for text in as_texts(value) for part in text.split(",")]
    raw += data.meta_all.get("article:tag", [])
    if not raw:
        raw = (data.meta.get("keywords") or data.meta.get("news_keywords") or "").split(",")
    tags: dict[str, str] = {}
    for tag in raw:
        text = " ".join(tag.split())
        if text:
            tags.setdefault(text.casefold(), text)
    return tuple(list(tags.values())[:MAX_TAGS])


def _canonical(data: StructuredData, url: str | None) -> str | None:
    declared = data.canonical or data.first_meta("og:url")
    if not declared:
        return url
    return _absolute(declared, url) or url


def _absolute(raw: str | None, url: str | None) -> str | None:
    if not raw:
        return None
    resolved = urljoin(url, raw.strip()) if url else raw.strip()
    return resolved if resolved.startswith(("http://", "https://")) else None
