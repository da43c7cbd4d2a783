"""The content hash: the one test of whether an extracted article changed since the store saved it."""

from __future__ import annotations

import dataclasses
import hashlib
import json

from scraper.jobs.engines.extracting import content_hash
from scraper.models import Article

ARTICLE = Article(text="The harbour reopened.", markdown="The harbour reopened.", title="Harbour reopens")


def test_an_unchanged_article_has_the_same_hash() -> None:
    assert content_hash(ARTICLE) == content_hash(dataclasses.replace(ARTICLE))


def test_a_new_modified_date_image_or_tags_alone_change_the_hash() -> None:
    changes = {
        "modified": "2026-11-27T09:30:00+01:00",
        "image": "http://a/lead.jpg",
        "tags": ("Harbour",),
        "text": "The harbour reopened on Tuesday.",
    }
    hashes = {content_hash(dataclasses.replace(ARTICLE, **{name: value})) for name, value in changes.items()}
    assert len(hashes) == len(changes) and content_hash(ARTICLE) not in hashes


def test_an_article_without_the_newer_fields_keeps_the_hash_stores_made_before_them() -> None:
    version_3_fields = {
        "title": "Harbour reopens",
        "authors": [],
        "date": None,
        "text": "The harbour reopened.",
        "markdown": "The harbour reopened.",
        "language": None,
        "site_name": None,
        "description": None,
        "access": ARTICLE.access.to_dict(),
    }
    digest = hashlib.sha256(json.dumps(version_3_fields, sort_keys=True, ensure_ascii=False).encode())
    assert content_hash(ARTICLE) == digest.hexdigest()
