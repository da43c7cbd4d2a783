"""Collapsed sections (accordions, tabs, "show more" panels) are opened before the body is looked for.

A page hides an FAQ's answers, a how-to's steps or a calculator's methodology until the reader opens
them: the panel is in the page, hidden by `display: none`, the `hidden` attribute or `aria-hidden`,
with a control that opens it. trafilatura deletes hidden elements, so those answers went with the
chrome (WCXB 4193, a solar installation guide whose steps are an accordion: 0.36 F1). A hidden
element is a collapsed section when a control names it (`aria-controls`: accordions and tabs) or
when the element just before it is or holds a toggle (`aria-expanded`: "show more"), and only when
it holds prose, not links: menus, drawers and dropdowns open the same way and stay closed, as do
dialogs, which no toggle names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree
from lxml import html as lxml_html

from scraper.extraction.blocks import SENTENCE_STOPS, mostly_unspaced
from scraper.extraction.whitespace import HEADING_TAGS, squashed

OPENER_MARKS = ("aria-controls", "aria-expanded")
"""Attributes of the controls that open a collapsed section; a page without any has none to open."""

_NAMING = etree.XPath("//@aria-controls")
_TOGGLES = etree.XPath("//@aria-expanded")
"""Two look-ups, not a union: libxml2 merges a union's node sets pairwise (20,000 toggles took 0.9 s)."""
_IDS = etree.XPath("//@id")
"""Every id, matched against the named ones in a set: the parser keeps no table of ids (collect_ids is
off for speed), and a test per id against a string of all the names grew with their product."""
_HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SENTENCE = re.compile(rf"\w\W{{0,3}}[{SENTENCE_STOPS}]")

MIN_PANEL_CHARS = 80
"""A panel shorter than this is a label or a one-line notice, not a section of the page."""
MAX_LINKED_SHARE = 0.3
"""A panel with more of its text in links than this is a menu or a list of links."""
PREVIEW_SIBLINGS = 3
"""How far before an opened panel its shortened preview is looked for: past its toggle and a wrapper."""
_ELLIPSES = ("…", "...")
MIN_PREVIEW_CHARS = 20
"""A shorter start of the panel's text is a label or a heading, not a preview of it."""


def may_hold_collapsed_sections(html: str) -> bool:
    """Whether the page's markup names any control that opens a section: a scan of the text, no walk of the tree."""
    return any(mark in html for mark in OPENER_MARKS)


def open_collapsed_sections(tree: lxml_html.HtmlElement) -> list[str]:
    """Show the collapsed sections that hold prose; return the texts of the previews they replace.

    A control that is a button inside a heading (an accordion's header) becomes that heading's words:
    the fast path empties buttons, and the section lost its title. A shortened copy of an opened
    panel's text shown before it ("The council approved the budget on…") goes: the panel holds it whole.
    """
    naming = _NAMING(tree)
    names = {name for attribute in naming for name in attribute.split()}
    named = [attribute.getparent() for attribute in naming]
    toggles = [attribute.getparent() for attribute in _TOGGLES(tree)]
    panels: dict[etree._Element, None] = {}
    for toggle in toggles:
        for holder in (toggle, *toggle.iterancestors()):
            if (after := holder.getnext()) is not None:
                panels[after] = None
    if names:
        panels.update(dict.fromkeys(name.getparent() for name in _IDS(tree) if name in names))
    previews: list[str] = []
    for panel in panels:
        if _is_hidden(panel) and _holds_prose(panel) and not any(map(_is_hidden, panel.iterancestors())):
            for attribute in ("hidden", "aria-hidden", "style"):
                panel.attrib.pop(attribute, None)
            previews.extend(_drop_previews(panel))
    for control in dict.fromkeys([*named, *toggles]):
        if control.tag == "button" and (parent := control.getparent()) is not None and parent.tag in HEADING_TAGS:
            control.drop_tag()
    return previews


def _drop_previews(panel: lxml_html.HtmlElement) -> Iterator[str]:
    """Drop the siblings just before the panel whose text ends in an ellipsis and, without it, begins the
    panel's; a heading or a label that the panel's text repeats has no ellipsis and stays."""
    whole = squashed(panel.text_content())
    for _, sibling in zip(range(PREVIEW_SIBLINGS), list(panel.itersiblings(preceding=True)), strict=False):
        shown = squashed(sibling.text_content())
        if not shown.endswith(_ELLIPSES):
            continue
        shown = shown.rstrip(".…")
        if len(shown) >= MIN_PREVIEW_CHARS and whole.startswith(shown):
            yield " ".join(sibling.text_content().split())
            sibling.drop_tree()


def _is_hidden(element: lxml_html.HtmlElement) -> bool:
    return (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or _HIDING_STYLE.search(element.get("style") or "") is not None
    )


def _holds_prose(element: lxml_html.HtmlElement) -> bool:
    """Enough text, a sentence in it (Thai marks none: text mostly in a script without spaces passes), few links."""
    text = " ".join(element.text_content().split())
    if len(text) < MIN_PANEL_CHARS or (_SENTENCE.search(text) is None and not mostly_unspaced(text)):
        return False
    linked = sum(len(" ".join(anchor.text_content().split())) for anchor in element.iter("a"))
    return linked <= MAX_LINKED_SHARE * len(text)
