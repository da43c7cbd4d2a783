"""Chrome told by structure and accumulated cues, in any language, on whole pages."""

from __future__ import annotations

import scraper

DE_STORY = (
    "<p>Die Stadtverwaltung hat am Dienstag neue Pläne für den Ausbau der Radwege in der Innenstadt "
    "vorgestellt, die bis 2027 umgesetzt werden sollen.</p>"
    "<p>Nach Angaben der Verwaltung sollen zunächst die Hauptachsen zwischen Bahnhof und Altstadt "
    "verbreitert werden, danach die Nebenstraßen im Norden der Stadt.</p>"
) * 2
DE_APPEAL = (
    "<p>Hat Ihnen dieser Artikel gefallen? Unsere Arbeit finanziert sich allein durch Leserinnen und Leser.</p>"
    "<p>Überweisen Sie einen Betrag Ihrer Wahl: IBAN DE12 3456 7890 1234 5678 90, Verwendungszweck: Zeitung.</p>"
    "<p>Vielen Dank für Ihre Hilfe!</p>"
)
ES_STORY = (
    "<p>El ayuntamiento aprobó el martes el nuevo plan de movilidad que reducirá el tráfico en el centro "
    "histórico durante los próximos cinco años.</p>"
    "<p>Te recomendamos: <a href='/barrios'>Los diez barrios con más bicicletas de la ciudad</a></p>"
    "<p>Según el concejal de movilidad, las obras comenzarán en primavera y afectarán primero a las calles "
    "principales del distrito centro.</p>"
)


def page(body: str) -> str:
    return f"<html><body><article><h1>Titel</h1>{body}</article></body></html>"


def test_a_closing_appeal_with_bank_details_goes_in_any_language() -> None:
    article = scraper.extract(page(DE_STORY + DE_APPEAL))
    assert "IBAN" not in article.text
    assert "Hat Ihnen dieser Artikel gefallen" not in article.text
    assert article.text.endswith("danach die Nebenstraßen im Norden der Stadt.")
    assert [(block.kind, block.rule) for block in article.removed] == [("donation", "closing-appeal")]


def test_bank_details_inside_the_story_are_not_an_appeal() -> None:
    story = (
        "<p>Die Betrüger forderten die Opfer auf, Geld auf ein Konto mit der IBAN DE12 3456 7890 1234 5678 90 "
        "zu überweisen, berichtete die Polizei am Montag.</p>"
    )
    article = scraper.extract(page(DE_STORY + story + DE_STORY))
    assert "IBAN DE12" in article.text


def test_an_inline_teaser_is_a_label_and_a_linked_headline_in_any_language() -> None:
    article = scraper.extract(page(ES_STORY))
    assert "Los diez barrios" not in article.text
    assert [(block.kind, block.rule) for block in article.removed] == [("teaser", "inline-teaser")]


def test_a_linked_sentence_in_the_story_is_not_a_teaser() -> None:
    story = ES_STORY.replace(
        "<p>Te recomendamos: <a href='/barrios'>Los diez barrios con más bicicletas de la ciudad</a></p>",
        "<p>El plan <a href='/plan'>fue publicado en la web municipal</a> el lunes.</p>",
    )
    assert "fue publicado en la web municipal" in scraper.extract(page(story)).text
