"""HTML text to an lxml tree, as cheaply as libxml2 allows.

The tree is what trafilatura would build from the same text (comments and processing
instructions dropped, characters XML forbids removed, lxml.html element classes), built
for less:

- libxml2 reads UTF-8 bytes as they are (a Python string is first converted), and the
  XML-forbidden control characters go with one `bytes.translate` rather than a regular
  expression over the whole page; read as bytes, a DOCTYPE naming a DTD needs none of the
  repair trafilatura applies to strings;
- every element is an `HtmlElement` chosen in C: lxml.html's default lookup calls a Python
  function for each element any later stage touches (570,000 calls over the 181
  ScrapingHub pages, about 5 % of the whole extraction), only to give form controls
  classes nothing here uses.

Measured on the 181 ScrapingHub pages, the whole extraction with this parse against
trafilatura's `load_html`, interleaved in one process: 0.76-0.97x the process time (six runs
on a loaded machine, median 0.89x); the output is the same on every WCXB and ScrapingHub page.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

_PARSER = lxml_html.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
)
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement,
        comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction,
        entity=lxml_html.HtmlEntity,
    )
)

_FORBIDDEN_BYTES = bytes(code for code in range(0x20) if code not in (0x09, 0x0A, 0x0D))
"""C0 controls other than tab, newline and carriage return: XML 1.0 forbids them, and lxml refuses
to set such text on the elements trafilatura builds. In UTF-8 they never occur inside a longer
character, so they can be deleted byte by byte."""
_NONCHARACTERS = ("\ufffe", "\uffff")
"""The two BMP code points XML forbids besides the controls."""

_SELF_CLOSED_HTML = re.compile(r"(<html[^>]*?)\s*/>", re.IGNORECASE)
"""`<html/>` closes the document before its content; the parser must see `<html>`."""
LIBXML2_MAX_DEPTH = 256
"""libxml2 stops parsing (without XML_PARSE_HUGE) where elements nest this deep: the rest of the page is lost."""
_NEAR_DEPTH_LIMIT = etree.XPath("boolean(" + "/*" * (LIBXML2_MAX_DEPTH - 8) + ")")
"""Whether any element sits within a few levels of that limit: one step per level, each over ever fewer elements."""
HEAD_LINES = 4
"""How many leading lines a self-closed <html/> is looked for in."""


def parse_html(html: str) -> lxml_html.HtmlElement | None:
    """The document's tree, or None when the text is not an HTML document at all."""
    beginning = html[:50].lower()
    html = _without_self_closed_html(html)
    for character in _NONCHARACTERS:
        if character in html:
            html = html.replace(character, "")
    data = html.encode("utf-8", "replace").translate(None, _FORBIDDEN_BYTES)
    try:
        tree = lxml_html.document_fromstring(data, parser=_PARSER)
    except etree.ParserError:  # "Document is empty": nothing but white space or markup libxml2 drops
        return None
    if "html" not in beginning and not _holds_markup(tree):
        return None
    _move_trailing_content_into_body(tree)
    return tree


def _move_trailing_content_into_body(tree: lxml_html.HtmlElement) -> None:
    """Content written after `</html>` joins the end of the body, as browsers show it.

    libxml2 makes such content a second top-level <html> beside the document's root, where every
    look-up from the root, trafilatura's included, misses it: WCXB 0310 holds its whole article there.
    """
    strays = [sibling for sibling in tree.itersiblings() if isinstance(sibling.tag, str)]
    if not strays:
        return
    body = tree.find("body")
    if body is None:
        body = etree.SubElement(tree, "body")
    for stray in strays:
        for head in stray.findall("head"):
            stray.remove(head)
        for element in (stray, *stray.findall("body")):
            element.tag = "div"
        body.append(stray)


def stopped_at_depth_limit(tree: lxml_html.HtmlElement) -> bool:
    """Whether the parse may have ended early at libxml2's depth limit (255 unclosed <b> do it)."""
    return bool(_NEAR_DEPTH_LIMIT(tree))


def _holds_markup(tree: lxml_html.HtmlElement) -> bool:
    """Whether a text without an <html> tag is markup: a fragment of several elements, not plain text or JSON.

    libxml2 wraps anything in a document, plain text in a single <p>: the text must put two
    elements at the top, or two inside its single top element.
    """
    body = tree.find("body")
    if body is None:
        return len(tree) >= 2
    top = body[0] if len(body) == 1 and not (body.text or "").strip() else body
    return len(top) >= 2


def _without_self_closed_html(html: str) -> str:
    for line in html[:4096].splitlines()[:HEAD_LINES]:
        if "<html" in line.lower() and line.endswith("/>"):
            return _SELF_CLOSED_HTML.sub(r"\1>", html, count=1)
    return html
