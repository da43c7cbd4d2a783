"""Pages whose HTML is a shell their scripts fill in: the declared description stands in for the body.

A forum thread or a post served by a single-page application arrives as a loading screen and a <head>
full of metadata: title, publication date, and a description that opens the post ("So I wanted to know
what real world miles people are getting. I did 24 miles on Friday…"). Refusing such a page threw all
of that away. When the body would be refused but the page declares a publication date and a
description that reads as prose, the description comes back as the text and the article says so
(`Article.description_only`), so a reader sees the page's own summary, and `scraper run`, which stores
articles, does not take it for one. Measured on WCXB dev: two refused forum threads (Discourse) now
give their title, date and the opening of the thread the reviewers kept (date accuracy 0.919 ->
0.922, other-types F1 0.770 -> 0.772); a third, whose description stops mid-sentence, and a
geeklist that declares no date, are still refused (the reviewers kept nothing of either). A page
that declares no date (a site's error page, an app's landing page) is refused: its description is
the site's, not a post's. ScrapingHub: no page changes (none is refused).
"""

from __future__ import annotations

import html

from scraper.extraction.blocks import Block, escape_markdown, normalize_space, word_count
from scraper.extraction.hubs import has_sentence

MIN_DESCRIPTION_WORDS = 12
"""A post's opening, not a slogan: "Smarter Shopping, Better Living! Aliexpress.com" is a site's
description on every page of it and stands in for no body. A description is a weaker witness than a
body, so it must also hold a sentence, which a body of 40 characters or more need not."""


def description_stand_in(description: str | None, date: str | None) -> Block | None:
    """The declared description as the text of a page whose body is refused, when it is a dated post's."""
    if not description or not date:
        return None
    # Some shells escape the description twice ("the unit&amp;hellip;"); the parser undoes one.
    text = normalize_space(html.unescape(description))
    block = Block("paragraph", text, escape_markdown(text))
    if word_count(text) < MIN_DESCRIPTION_WORDS or not has_sentence([block]):
        return None
    return block
