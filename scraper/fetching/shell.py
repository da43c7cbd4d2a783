"""Whether a page's HTML is a script-built shell: the page a browser would fill in, not one that is empty.

`[fetch] render = "auto"` renders a page only when extraction found no article in it *and* this
says the HTML is such a shell: scripts, and almost no text outside them. A hub, an error page
or a short note has its text in the HTML already, so rendering would add nothing but cost.
"""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

SHELL_MAX_TEXT_CHARS = 400
"""Visible text a shell may carry anyway: a site name, a menu, a "please enable JavaScript" line.
An article's HTML carries thousands of characters; the shells of React, Next.js, Vue and Angular
apps, a few dozen."""

NON_TEXT_TAGS = ("script", "style", "noscript", "template", "svg")
"""Elements whose content is no visible text of the page as served."""


def looks_like_shell(html: str) -> bool:
    """True when the page runs scripts and shows (almost) no text without them."""
    if not html.strip():
        return False
    try:
        tree = lxml_html.document_fromstring(html.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError):
        return False
    if next(tree.iter("script"), None) is None:
        return False
    body = tree.find("body")
    if body is None:
        return True
    etree.strip_elements(body, *NON_TEXT_TAGS, with_tail=False)
    text = " ".join(body.text_content().split())
    return len(text) <= SHELL_MAX_TEXT_CHARS
