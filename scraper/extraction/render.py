"""Blocks to the two text forms of an Article: plain paragraphs and markdown."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from scraper.extraction.blocks import Block, escape_markdown


def render_text(blocks: Sequence[Block]) -> str:
    """Paragraphs separated by one blank line; the items of one list stay together, one per line."""
    return _join(blocks, lambda block: f"{'  ' * block.level}- {block.text}" if block.kind == "item" else block.text)


def render_markdown(blocks: Sequence[Block], *, title: str | None = None) -> str:
    """Markdown with headings, lists, quotes and tables; the title becomes the one level-one heading.

    A level-one heading in the body becomes level two, so the document has exactly one: the title's,
    or without a title, the first one's.
    """
    first_top = next((block for block in blocks if block.kind == "heading" and block.level == 1), None)
    keep_top = None if title else first_top

    def form(block: Block) -> str:
        if block.kind == "heading" and block.level == 1 and block is not keep_top:
            return f"#{block.markdown}"
        return block.markdown

    body = _join(blocks, form)
    return f"# {escape_markdown(' '.join(title.split()))}\n\n{body}" if title and body else body


def _join(blocks: Sequence[Block], form: Callable[[Block], str]) -> str:
    parts: list[str] = []
    previous: Block | None = None
    for block in blocks:
        same_list = previous is not None and previous.kind == block.kind == "item" and previous.group == block.group
        if same_list and parts:
            parts[-1] = f"{parts[-1]}\n{form(block)}"
        else:
            parts.append(form(block))
        previous = block
    return "\n\n".join(parts)
