"""Structured data a page declares about itself: JSON-LD and <meta> tags, read once."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import chompjs
from lxml import html as lxml_html

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "socialmediaposting",
        "liveblogposting",
        "scholarlyarticle",
        "techarticle",
        "report",
        "webpage",
    }
)
"""schema.org types whose JSON-LD object describes the page's article (WebPage as a last resort)."""


MIN_HOST_LABEL = 3
"""Host labels this short ("www", "com", "co") name no site."""


_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class StructuredData:
    """The page's <meta> values (lower-cased names) and its best JSON-LD article object."""

    meta: dict[str, str] = field(default_factory=dict)
    meta_all: dict[str, list[str]] = field(default_factory=dict)
    """Every value of each <meta> name, for names a page repeats (article:tag)."""
    article: dict[str, Any] = field(default_factory=dict)
    html_lang: str | None = None
    canonical: str | None = None
    title_tag: str | None = None
    objects: tuple[dict[str, Any], ...] = ()
    """Every JSON-LD object of the page, the article's included."""
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    """JSON-LD objects by their @id, so that a reference ({"@id": …}) can be followed."""

    def resolve(self, value: Any) -> Any:
        """A JSON-LD reference replaced by the object it names (Yoast's authors are references into @graph)."""
        if isinstance(value, dict) and "@id" in value and "name" not in value:
            return self.nodes.get(str(value["@id"]), value)
        return value

    def first_meta(self, *names: str) -> str | None:
        """The first non-empty <meta> value among `names`."""
        for name in names:
            value = self.meta.get(name)
            if value:
                return value
        return None


def read_structured_data(tree: lxml_html.HtmlElement) -> StructuredData:
    """Collect <meta>, <link rel=canonical>, <title>, <html lang> and JSON-LD in one pass over those tags.

    One walk for the four tags rather than one each: 0.4 ms less a page on ScrapingHub's pages.
    """
    meta_all: dict[str, list[str]] = {}
    canonical = title_tag = None
    objects: list[dict[str, Any]] = []
    for element in tree.iter("meta", "link", "title", "script"):
        if element.tag == "meta":
            name = (
                element.get("property") or element.get("name") or element.get("itemprop") or element.get("http-equiv")
            )
            content = element.get("content")
            if name and content and content.strip():
                meta_all.setdefault(name.strip().lower(), []).append(" ".join(content.split()))
        elif element.tag == "link":
            if canonical is None and "canonical" in (element.get("rel") or "").lower().split():
                canonical = (element.get("href") or "").strip() or None
        elif element.tag == "title":
            if title_tag is None:
                title_tag = " ".join(element.text_content().split())
        else:
            objects += _json_ld_objects(element)
    root = tree.getroottree().getroot()
    return StructuredData(
        meta={name: values[0] for name, values in meta_all.items()},
        meta_all=meta_all,
        article=_best_article(objects),
        objects=tuple(objects),
        nodes={str(obj["@id"]): obj for obj in objects if "@id" in obj and isinstance(obj["@id"], str)},
        html_lang=(root.get("lang") or root.get("xml:lang") or "").strip() or None,
        canonical=canonical,
        title_tag=title_tag or None,
    )


def _json_ld_objects(script: lxml_html.HtmlElement) -> Iterator[dict[str, Any]]:
    """The objects of one <script type="application/ld+json">; none for other scripts or broken JSON."""
    if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
        return
    try:
        data = json.loads(script.text, strict=False)
    except (ValueError, RecursionError):
        data = _lenient_json(script.text)
    yield from _flatten(data, depth=0)


def _lenient_json(text: str) -> Any:
    """JSON-LD as JavaScript writes it: trailing commas (Smithsonian's `"keywords": [… , ]`), comments, single
    quotes; None when that fails too. chompjs (a C tokenizer) reads 215 kB in 15 ms where json5 took 7 s."""
    try:
        return chompjs.parse_js_object(text, loader_kwargs={"strict": False})
    except (ValueError, RecursionError):
        return None


def _flatten(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"], depth + 1)
        if isinstance(data.get("mainEntity"), dict):
            yield from _flatten(data["mainEntity"], depth + 1)


def _best_article(objects: list[dict[str, Any]]) -> dict[str, Any]:
    best: dict[str, Any] = {}
    best_rank = len(ARTICLE_TYPES)
    for obj in objects:
        for type_name in _types(obj):
            if type_name in ARTICLE_TYPES:
                rank = 1 if type_name == "webpage" else 0
                if rank < best_rank:
                    best, best_rank = obj, rank
    return best


def _types(obj: dict[str, Any]) -> list[str]:
    value = obj.get("@type", [])
    values = value if isinstance(value, list) else [value]
    return [str(item).lower() for item in values]


def site_names(data: StructuredData, site_name: str | None, url: str | None) -> set[str]:
    """The site's names, squashed: og:site_name, the publisher, and the labels of the host ("paycom")."""
    names = {squash(site_name or ""), squash(as_text(data.article.get("publisher")) or "")}
    host = (urlsplit(url).hostname or "") if url else ""
    names.update(label for label in host.split(".") if len(label) > MIN_HOST_LABEL)
    return names - {""}


def squash(text: str) -> str:
    """Letters and digits only, case-folded: "The Daily Example" and "thedailyexample.com" meet here."""
    return _NOT_LETTER_OR_DIGIT.sub("", text.casefold())


def as_text(value: Any) -> str | None:
    """A JSON-LD value as one string: names of objects, first of lists."""
    if isinstance(value, list):
        for item in value:
            text = as_text(item)
            if text:
                return text
        return None
    if isinstance(value, dict):
        return as_text(value.get("name") or value.get("@value"))
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return text or None
    return None


def as_texts(value: Any) -> list[str]:
    """A JSON-LD value as a list of strings (authors may be one object, a list, or a string)."""
    items = value if isinstance(value, list) else [value]
    return [text for text in (as_text(item) for item in items) if text]
