"""Bytes become text: BOM, then header, then the document's declaration, then detection."""

from __future__ import annotations

import codecs

import pytest

from scraper.fetching.encoding import decode
from scraper.session import Scraper
from tests.support.server import LocalServer, Reply

RUSSIAN = (
    "Правительство объявило о новых мерах поддержки малого бизнеса. "
    "По словам министра, программа рассчитана на три года и охватит все регионы страны. "
    "Эксперты считают, что это поможет сохранить рабочие места и поддержать экономику."
)
JAPANESE = (
    "政府は新しい経済対策を発表しました。首相によると、この計画は三年間続き、"
    "全国の中小企業を支援するということです。専門家は雇用の維持に役立つと見ています。"
)
CHINESE = "政府宣布了支持小企业的新措施。部长表示，该计划为期三年，将覆盖全国所有地区。专家认为这将有助于保留就业岗位。"


def page(text: str, *, meta: str = "") -> str:
    return f"<html><head>{meta}<title>news</title></head><body><p>{text}</p><p>{text}</p></body></html>"


def test_windows_1251_under_a_header_claiming_utf8_is_read_from_the_meta_tag(
    server: LocalServer, session: Scraper
) -> None:
    html = page(RUSSIAN, meta='<meta charset="windows-1251">')
    server.add("/ru", Reply(body=html.encode("cp1251"), content_type="text/html; charset=utf-8"))

    result = session.fetch(server.url("/ru"))

    assert result.html == html
    assert (result.encoding, result.encoding_source) == ("cp1251", "meta")


def test_windows_1251_without_any_declaration_is_detected(server: LocalServer, session: Scraper) -> None:
    html = page(RUSSIAN)
    server.add("/ru", Reply(body=html.encode("cp1251"), content_type="text/html"))

    result = session.fetch(server.url("/ru"))

    assert result.html == html
    assert result.encoding_source == "detected"


def test_windows_1251_under_a_default_latin1_header_follows_the_http_equiv_declaration(
    server: LocalServer, session: Scraper
) -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    html = page(RUSSIAN, meta=meta)
    server.add("/ru", Reply(body=html.encode("cp1251"), content_type="text/html; charset=ISO-8859-1"))

    result = session.fetch(server.url("/ru"))

    assert result.html == html
    assert result.encoding_source == "meta"


def test_shift_jis_without_a_charset_is_detected(server: LocalServer, session: Scraper) -> None:
    html = page(JAPANESE)
    server.add("/ja", Reply(body=html.encode("shift_jis"), content_type="text/html"))

    result = session.fetch(server.url("/ja"))

    assert result.html == html
    assert result.encoding_source == "detected"


def test_gb2312_declared_in_meta_is_decoded_with_its_web_superset(server: LocalServer, session: Scraper) -> None:
    html = page(CHINESE, meta='<meta charset="gb2312">')
    server.add("/zh", Reply(body=html.encode("gb2312"), content_type="text/html"))

    result = session.fetch(server.url("/zh"))

    assert result.html == html
    assert (result.encoding, result.encoding_source) == ("gbk", "meta")


def test_gb2312_without_a_charset_is_detected() -> None:
    html = page(CHINESE)

    decoded = decode(html.encode("gb2312"), "text/html")

    assert decoded.text == html
    assert decoded.source == "detected"


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_a_byte_order_mark_beats_a_lying_header(bom: bytes, codec: str) -> None:
    html = page("Grüße")

    decoded = decode(bom + html.encode(codec), "text/html; charset=windows-1251")

    assert decoded.text == html
    assert (decoded.encoding, decoded.source) == (codec, "bom")


def test_a_truthful_header_wins_over_a_different_meta_tag() -> None:
    html = page("Grüße", meta='<meta charset="windows-1251">')

    decoded = decode(html.encode("utf-8"), 'text/html; charset="UTF-8"')

    assert decoded.text == html
    assert decoded.source == "header"


def test_an_unknown_header_charset_is_ignored() -> None:
    html = page("Grüße", meta='<meta charset="utf-8">')

    decoded = decode(html.encode("utf-8"), "text/html; charset=no-such-charset")

    assert decoded.source == "meta"


def test_an_xml_declaration_names_the_encoding_of_a_feed() -> None:
    xml = f'<?xml version="1.0" encoding="windows-1251"?><rss><title>{RUSSIAN}</title></rss>'

    decoded = decode(xml.encode("cp1251"), "application/rss+xml")

    assert decoded.text == xml
    assert decoded.source == "meta"


def test_an_empty_body_has_no_encoding_source() -> None:
    assert decode(b"", "text/html").source == "none"


def test_undecodable_bytes_never_raise() -> None:
    decoded = decode(bytes(range(256)) * 4, "text/html; charset=utf-8")

    assert isinstance(decoded.text, str)
    assert decoded.source in ("detected", "default")
