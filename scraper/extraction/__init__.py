"""Extraction: a document in, an Article out. Pure functions, no I/O."""

from scraper.extraction.api import clean_text, extract

__all__ = ["clean_text", "extract"]
