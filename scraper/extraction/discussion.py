"""Pages that declare themselves a discussion: a forum thread or a question with its answers.

On such a page the replies are the content, and trafilatura's fast path, which locks onto one
container, keeps the opening post and drops the thread (WCXB forum pages: 0.34 F1 where its full
cascade scores 0.94). The declaration is schema.org's, in JSON-LD or microdata, so it holds in
any language and on any forum software that publishes it. Microdata also marks each post's words
(`itemprop="text"` of a Comment, Answer or Question; `articleBody` of a DiscussionForumPosting): what
the thread holds, whichever container an extractor locks onto.
"""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

from scraper.extraction.structured import StructuredData

DISCUSSION_TYPES = frozenset({"discussionforumposting", "qapage"})
"""schema.org types naming a thread of posts by several people (a Comment alone is an article's reader comment)."""

_MICRODATA_DISCUSSION = etree.XPath(
    "boolean(//@itemtype[contains(., 'DiscussionForumPosting') or contains(., 'QAPage')])"
)
"""Read on the attribute axis: a third cheaper than testing every element for an itemtype."""


_POST_TEXT = etree.XPath("//*[@itemprop='text' or @itemprop='articleBody']")


def declared_posts(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The elements the page's microdata declares as its posts' words, in document order, outermost only."""
    found = _POST_TEXT(tree)
    marked = set(found)
    return [post for post in found if not any(ancestor in marked for ancestor in post.iterancestors())]


def declares_discussion(data: StructuredData, tree: lxml_html.HtmlElement) -> bool:
    """Whether the page's JSON-LD or microdata says it is a discussion thread."""
    for obj in data.objects:
        declared = obj.get("@type", [])
        names = declared if isinstance(declared, list) else [declared]
        if any(isinstance(name, str) and name.lower() in DISCUSSION_TYPES for name in names):
            return True
    return bool(_MICRODATA_DISCUSSION(tree))
