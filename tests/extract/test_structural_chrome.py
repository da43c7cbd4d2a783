"""Chrome told by structure and accumulated cues, in any language, on whole pages."""

from __future__ import annotations

import pytest

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
    "<p>No te pierdas: <a href='/barrios'>Los diez barrios con más bicicletas de la ciudad</a></p>"
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


TH_STORY = (
    "<p>กรุงเทพมหานครเปิดสวนสาธารณะแห่งใหม่ริมแม่น้ำเจ้าพระยาเมื่อวันเสาร์ที่ผ่านมา "
    "โดยมีประชาชนจำนวนมากเดินทางมาเยี่ยมชม</p>"
    "<p>อ่านเพิ่มเติม: <a href='/trees'>กทม. เตรียมปลูกต้นไม้เพิ่มหนึ่งล้านต้น</a></p>"
    "<p>สวนแห่งนี้มีพื้นที่กว่าสามสิบไร่ มีทางเดินริมน้ำ ลานกิจกรรม และสนามเด็กเล่น "
    "ผู้ว่าราชการกรุงเทพมหานครกล่าวว่าจะเปิดให้บริการทุกวันตั้งแต่เวลาห้าโมงเช้าถึงสี่ทุ่ม</p>"
)


KO_STORY = (
    "<p>시의회는 어제 내년도 예산안을 통과시켰다. 예산에는 대중교통과 사회주택에 대한 여러 투자가 "
    "포함되어 있으며 남부 지역이 우선이다.</p>"
    "<p>함께 읽어보세요: <a href='/roads'>올여름 공사가 가장 많은 다섯 동네</a></p>"
    "<p>시장은 공사가 봄에 시작되며 도심의 주요 도로부터 차례로 진행될 것이라고 밝혔다. 주민 설명회는 "
    "다음 달에 열린다.</p>"
)


@pytest.mark.parametrize(
    ("story", "teaser", "kept"),
    [(TH_STORY, "ปลูกต้นไม้", "สนามเด็กเล่น"), (KO_STORY, "다섯 동네", "주민 설명회는 다음 달에 열린다.")],
    ids=["thai", "korean"],
)
def test_an_inline_teaser_in_a_script_counted_by_characters_goes(story: str, teaser: str, kept: str) -> None:
    """A Thai label is measured in characters; Korean paragraphs, of fifteen spaced units, are prose as long
    as their English translation, counted by syllables."""
    article = scraper.extract(page(story))
    assert teaser not in article.text
    assert kept in article.text
    assert [(block.kind, block.rule) for block in article.removed] == [("teaser", "inline-teaser")]


def test_a_linked_sentence_in_the_story_is_not_a_teaser() -> None:
    story = ES_STORY.replace(
        "<p>No te pierdas: <a href='/barrios'>Los diez barrios con más bicicletas de la ciudad</a></p>",
        "<p>El plan <a href='/plan'>fue publicado en la web municipal</a> el lunes.</p>",
    )
    assert "fue publicado en la web municipal" in scraper.extract(page(story)).text


IT_STORY = (
    "<p>Il comune ha presentato martedì il nuovo piano per le piste ciclabili del centro storico, che "
    "saranno completate entro la fine del 2027.</p>"
    "<p>Secondo l'assessore alla mobilità, i lavori partiranno dalle strade principali tra la stazione e "
    "la piazza del mercato, poi toccheranno i quartieri a nord.</p>"
) * 2
IT_APPEAL = (
    "<p>Cari lettori,</p>"
    "<p>il nostro giornale è indipendente e vive grazie a chi lo legge. Se apprezzi il nostro lavoro, "
    "sostienici con una donazione.</p>"
    "<p>IBAN: IT60 X054 2811 1010 0000 0123 456</p>"
    "<p>Grazie!</p>"
)
PL_STORY = (
    "<p>Rada miasta przyjęła we wtorek nowy plan budowy dróg rowerowych w centrum, który ma zostać "
    "zrealizowany do końca 2027 roku.</p>"
    "<p>Według urzędników prace rozpoczną się od głównych ulic między dworcem a rynkiem, a następnie "
    "obejmą dzielnice północne.</p>"
) * 2
PL_APPEAL = (
    "<p>Drodzy Czytelnicy,</p>"
    "<p>nasza redakcja jest niezależna i utrzymuje się dzięki czytelnikom. Jeśli cenisz naszą pracę, "
    "wesprzyj nas dowolną kwotą.</p>"
    "<p>Numer konta: PL61 1090 1014 0000 0712 1981 2874</p>"
    "<p>Dziękujemy!</p>"
)


def test_an_appeal_opening_with_a_salutation_runs_to_the_end_in_more_languages() -> None:
    for story, appeal, last_words in (
        (IT_STORY, IT_APPEAL, "poi toccheranno i quartieri a nord."),
        (PL_STORY, PL_APPEAL, "obejmą dzielnice północne."),
    ):
        article = scraper.extract(page(story + appeal))
        assert article.text.endswith(last_words)
        assert {block.kind for block in article.removed} == {"donation"}
