"""The text chrome stage: position, neighbours, links and closing appeals."""

from __future__ import annotations

from scraper.extraction.blocks import Block
from scraper.extraction.text_chrome import remove_text_chrome

PROSE = (
    "The council approved the budget on Tuesday after a long debate about road repairs, "
    "library hours and the cost of the new water treatment plant on the east side of town."
)


def paragraph(text: str, *, group: int = 0, linked: bool = False) -> Block:
    return Block("paragraph", text, text, group=group, link_chars=len(text) if linked else 0)


def texts(blocks: list[Block]) -> list[str]:
    return [block.text for block in blocks]


def test_buttons_next_to_an_appeal_go_with_it() -> None:
    blocks = [paragraph(PROSE), paragraph("Support us"), paragraph("Monthly"), paragraph("Continue"), paragraph(PROSE)]
    result = remove_text_chrome(blocks, max_share=0.5)
    assert texts(result.kept) == [PROSE, PROSE]
    assert {removed.kind for removed in result.removed} == {"donation"}


def test_a_closing_appeal_runs_to_the_end_of_the_page() -> None:
    appeal = [
        "A Message from the Editors:",
        "Dear readers,",
        "We have covered this city for forty years and we intend to keep doing it for forty more.",
        "But we need your help: every contribution, no matter how small, keeps our reporting free.",
        "Support us today.",
    ]
    blocks = [paragraph(PROSE), paragraph(PROSE)] + [paragraph(text) for text in appeal]
    result = remove_text_chrome(blocks, max_share=0.5)
    assert texts(result.kept) == [PROSE, PROSE]
    assert result.removed[-1].rule == "closing-appeal"
    assert "forty more" in result.removed[-1].text


def test_a_closing_appeal_needs_article_before_it() -> None:
    blocks = [paragraph("Dear readers,"), paragraph("Support us"), paragraph("Your support matters."), paragraph(PROSE)]
    result = remove_text_chrome(blocks, max_share=0.5)
    assert PROSE in texts(result.kept)


def test_a_related_heading_takes_its_linked_list_along() -> None:
    items = [Block("item", f"Headline number {n} about the city", "", group=7, link_chars=33) for n in range(3)]
    blocks = [paragraph(PROSE), Block("heading", "Related", "### Related", level=3, group=6), *items, paragraph(PROSE)]
    result = remove_text_chrome(blocks, max_share=0.5)
    assert texts(result.kept) == [PROSE, PROSE]
    assert {removed.kind for removed in result.removed} == {"teaser"}
    assert result.removed[-1].rule == "related-list"


def test_a_related_heading_takes_its_long_linked_cards_along() -> None:
    card = (
        "Robot Vacuum 3000 with Mapping and Self-Emptying Dock: a powerful robotic vacuum and mop with strong "
        "suction, hot water mop washing, automatic carpet detection, voice control and a dock that empties it"
    )
    cards = [paragraph(f"{card} {n}", linked=True) for n in range(3)]
    blocks = [paragraph(PROSE), paragraph(PROSE), Block("heading", "Related Products", "### Related Products", level=3)]
    result = remove_text_chrome([*blocks, *cards], max_share=0.5)
    assert texts(result.kept) == [PROSE, PROSE]
    assert result.removed[-1].rule == "related-list"


def test_a_weak_phrase_the_title_holds_is_the_articles_topic_not_a_prompt() -> None:
    opening = paragraph("Five steps to build your newsletter system. I built my newsletter with two things.")
    blocks = [opening, paragraph(PROSE), paragraph(PROSE), paragraph(PROSE), paragraph(PROSE), paragraph(PROSE)]
    assert texts(remove_text_chrome(blocks, max_share=0.5).kept)[0] == PROSE
    kept = remove_text_chrome(blocks, max_share=0.5, title="How to write a good newsletter").kept
    assert texts(kept)[0] == opening.text


def test_a_single_linked_sentence_in_the_body_stays() -> None:
    linked = paragraph("The full report is available on the council's website.", linked=True)
    result = remove_text_chrome([paragraph(PROSE), linked, paragraph(PROSE)], max_share=0.5)
    assert len(result.kept) == 3


def test_runs_of_linked_headlines_are_teasers_but_references_are_not() -> None:
    headlines = [paragraph(f"Mayor names new police chief after {n} months", linked=True) for n in range(3)]
    references = [
        paragraph(f"[{n}] Doe J. Alarm fatigue. Curr Opin. 2015; 28: 685-690.", linked=True) for n in range(3)
    ]
    result = remove_text_chrome([paragraph(PROSE), *headlines, *references, paragraph(PROSE)], max_share=0.5)
    assert texts(result.kept) == [PROSE] + texts(references) + [PROSE]


def test_linked_items_announced_by_a_sentence_ending_in_a_colon_stay() -> None:
    items = [Block("item", f"Fix the parser for case {n} of the report", "", group=7, link_chars=37) for n in range(4)]
    credited = Block("item", "Update the build scripts (thanks to a reader!)", "", group=7, link_chars=25)
    more = [Block("item", f"Speed up the cache for case {n}", "", group=7, link_chars=30) for n in range(3)]
    lead_in = paragraph("Many patches were sent for review:")
    result = remove_text_chrome([paragraph(PROSE), lead_in, *items, credited, *more, paragraph(PROSE)], max_share=0.5)
    assert texts(result.kept) == [PROSE, lead_in.text] + texts([*items, credited, *more]) + [PROSE]


def test_a_label_ending_in_a_colon_does_not_announce_the_story() -> None:
    headlines = [paragraph(f"Mayor names new police chief after {n} months", linked=True) for n in range(3)]
    blocks = [paragraph(PROSE), paragraph("Related stories:"), *headlines, paragraph(PROSE)]
    result = remove_text_chrome(blocks, max_share=0.5)
    assert texts(headlines)[0] not in texts(result.kept)


def test_linked_lines_that_make_most_of_the_page_are_its_own_list() -> None:
    languages = [paragraph(f"Programming language number {n} of the index", linked=True) for n in range(12)]
    result = remove_text_chrome([paragraph(PROSE), *languages], max_share=0.5)
    assert texts(result.kept) == [PROSE] + texts(languages)


def test_an_all_capitals_link_is_a_teaser() -> None:
    shouting = paragraph("SENATOR SAYS BUDGET WILL PASS BY FRIDAY", linked=True)
    result = remove_text_chrome([paragraph(PROSE), shouting, paragraph(PROSE)], max_share=0.5)
    assert shouting.text not in texts(result.kept)


def test_a_dumped_menu_is_judged_line_by_line() -> None:
    menu = [Block("paragraph", word, word, group=3, split=True) for word in ("Home", "News", "Sport", "Weather")] * 3
    story = Block("paragraph", PROSE, PROSE, group=3, split=True)
    result = remove_text_chrome([*menu, story], max_share=0.5)
    assert texts(result.kept) == [PROSE]


def test_the_safety_net_keeps_prose_when_context_rules_would_take_most_of_it() -> None:
    short_lines = [paragraph(f"Short line {n}.") for n in range(8)]
    blocks = [paragraph("Support us"), *short_lines]
    result = remove_text_chrome(blocks, max_share=0.2)
    assert texts(result.kept) == texts(short_lines)


def test_removed_runs_of_the_same_rule_are_merged() -> None:
    blocks = [paragraph(PROSE), paragraph("Once"), paragraph("Monthly"), paragraph(PROSE)]
    result = remove_text_chrome(blocks, max_share=0.5)
    assert len(result.removed) == 1
    assert result.removed[0].text == "Once\n\nMonthly"


def test_a_list_that_is_the_page_is_not_a_dumped_menu() -> None:
    jobs = [f"Company {n} (YC W2{n}) is hiring engineers in Berlin" for n in range(6)]
    lines = [line for job in jobs for line in (job, "(", "example.com", ")", "2 days ago")]
    blocks = [Block("paragraph", line, line, group=1, split=True) for line in lines]
    kept = texts(remove_text_chrome(blocks, max_share=0.5).kept)
    assert all(job in kept for job in jobs)


def test_numbered_and_quantity_lines_are_not_menu_entries() -> None:
    lines = ["2 cups flour", "1 tsp salt", "3 eggs", "1. Whisk", "2. Fry", "Serve", "Enjoy", "Share"]
    blocks = [Block("paragraph", line, line, group=1, split=True) for line in lines]
    story = Block("paragraph", PROSE, PROSE, group=2)
    kept = texts(remove_text_chrome([*blocks, story], max_share=0.5).kept)
    assert kept[:6] == ["2 cups flour", "1 tsp salt", "3 eggs", "1. Whisk", "2. Fry", "Serve"]


def test_short_lines_that_are_nearly_all_the_text_are_the_page_not_menus() -> None:
    games = [("SEA 29, NE 13", "Drake Maye", "295"), ("KC 21, BUF 17", "Josh Allen", "301")]
    header = ("MATCHUP", "result", "passing leader", "rushing leader")
    lines = [line for game in games for line in (*header, *game, "Kenneth Walker", "135")] * 3
    blocks = [Block("paragraph", line, line, group=n // 9, split=True) for n, line in enumerate(lines)]
    kept = texts(remove_text_chrome([paragraph("NFL Schedule"), *blocks], max_share=0.5).kept)
    assert "Drake Maye" in kept and "KC 21, BUF 17" in kept


def test_headings_left_at_the_end_with_nothing_under_them_go() -> None:
    section = Block("heading", "What the budget pays for", "## What the budget pays for", level=2)
    blocks = [
        paragraph(PROSE),
        section,
        paragraph(PROSE),
        Block("heading", "Around the region", "## Around the region", level=2),
        Block("heading", "Más leídas", "### Más leídas", level=3),
    ]
    result = remove_text_chrome(blocks, max_share=0.5)
    assert texts(result.kept) == [PROSE, "What the budget pays for", PROSE]
    assert [removed.rule for removed in result.removed] == ["trailing-heading"]


def test_link_labels_after_the_last_paragraph_go_and_a_linked_address_stays() -> None:
    label = remove_text_chrome([paragraph(PROSE), paragraph("Impressum", linked=True)], max_share=0.5)
    assert texts(label.kept) == [PROSE]
    assert [removed.rule for removed in label.removed] == ["trailing-link"]
    address = [paragraph(PROSE), paragraph("Data:"), paragraph("github.com/city/budget-data", linked=True)]
    assert texts(remove_text_chrome(address, max_share=0.5).kept) == texts(address)


def linked_row(*labels: str, separator: str) -> Block:
    text = separator.join(labels)
    markdown = separator.join(f"[{label}](/{label.lower().replace(' ', '-')})" for label in labels)
    return Block("paragraph", text, markdown, link_chars=sum(map(len, labels)))


def test_rows_of_links_after_the_last_paragraph_go_wherever_they_stand() -> None:
    footer = [
        paragraph(PROSE),
        linked_row("Startseite", "Termine", "Kontakt", separator=" -- "),
        linked_row("Accueil", "Archives", "Mentions légales", "Contact", separator=" | "),
        paragraph("Edited by the town clerk's office."),
    ]
    result = remove_text_chrome(footer, max_share=0.5)
    assert texts(result.kept) == [PROSE, "Edited by the town clerk's office."]
    assert [removed.rule for removed in result.removed] == ["link-row"]


def test_two_linked_names_a_row_with_words_between_and_a_row_above_prose_stay() -> None:
    credit = linked_row("Castaway Portland", "Naba Zabih Photography", separator=" | ")
    worded = Block(
        "paragraph",
        "Sources: Reuters, AP and AFP",
        "Sources: [Reuters](/r), [AP](/ap) and [AFP](/afp)",
        link_chars=len("ReutersAPAFP"),
    )
    above = linked_row("Budget", "Roads", "Library", separator=" · ")
    blocks = [above, paragraph(PROSE), credit, worded]
    assert texts(remove_text_chrome(blocks, max_share=0.5).kept) == texts(blocks)


def test_a_copyright_line_after_the_last_paragraph_goes_and_a_title_that_says_copyright_stays() -> None:
    for line in (
        "© 2004 Heimatverein Unterdorf |",
        "Copyright ⓒ Entermedia.co.kr. 무단전재 및 재배포 금지",
        "copyright Acme 2019",
    ):
        result = remove_text_chrome([paragraph(PROSE), paragraph(line)], max_share=0.5)
        assert texts(result.kept) == [PROSE], line
        assert [removed.rule for removed in result.removed] == ["copyright-line"]
    book = [paragraph(PROSE), paragraph("Copyright Complexity in a Fragmented World")]
    early = [paragraph("© Photo: Harbour Board"), paragraph(PROSE)]
    for blocks in (book, early):
        assert texts(remove_text_chrome(blocks, max_share=0.5).kept) == texts(blocks)


def test_a_line_naming_social_networks_after_the_last_paragraph_goes_in_any_language() -> None:
    for line in (
        # Languages whose follow-us wording the phrase list does not know
        "Pratite nas na Facebooku i Twitteru",
        "Jälgi meid Facebookis ja Twitteris",
        "Sekite mus Facebook ir Instagram",
        "Tufuate kwenye Instagram na TikTok.",
    ):
        result = remove_text_chrome([paragraph(PROSE), paragraph(PROSE), paragraph(line)], max_share=0.5)
        assert texts(result.kept) == [PROSE, PROSE], line
        assert [removed.rule for removed in result.removed] == ["social-line"]


def test_a_sentence_about_a_social_network_stays() -> None:
    for line in (
        "Twitter declined to comment.",
        "Twitter seemed a bit confused by the campaign:",
        "The company said its Facebook page had been visited by more than two million people last year",
    ):
        blocks = [paragraph(PROSE), paragraph(PROSE), paragraph(line)]
        assert texts(remove_text_chrome(blocks, max_share=0.5).kept) == texts(blocks), line
    before = [paragraph("Pratite nas na Facebooku i Twitteru"), paragraph(PROSE)]
    assert texts(remove_text_chrome(before, max_share=0.5).kept) == texts(before)


def test_a_page_that_is_only_a_heading_keeps_it() -> None:
    only = [Block("heading", "Election results", "# Election results", level=1)]
    assert texts(remove_text_chrome(only, max_share=0.5).kept) == ["Election results"]


def test_a_line_listing_the_declared_keywords_is_the_tag_list() -> None:
    tags = ("city budget", "road repairs", "Springfield", "A council that spends, saves and argues about it")
    blocks = [paragraph(PROSE), paragraph("City budget, road repairs, #Springfield"), paragraph(PROSE)]
    result = remove_text_chrome(blocks, max_share=0.5, tags=tags)
    assert texts(result.kept) == [PROSE, PROSE]
    assert [removed.rule for removed in result.removed] == ["tag-list"]


def test_keywords_that_are_sentence_pieces_do_not_make_a_tag_list() -> None:
    # Some pages declare their description, cut at its commas, as keywords.
    standfirst = (
        "Budget fights keep the council busy and the town informed all year long, "
        "as new projects and old roads compete for the same money, and nobody agrees"
    )
    tags = tuple(piece.strip() for piece in standfirst.split(","))
    blocks = [paragraph(standfirst), paragraph(PROSE), paragraph("Springfield, road repairs")]
    assert texts(remove_text_chrome(blocks, max_share=0.5, tags=tags).kept) == texts(blocks)


def test_short_linked_lines_before_the_first_prose_are_navigation() -> None:
    blocks = [
        paragraph("All council stories", linked=True),
        paragraph(PROSE),
        paragraph("Read the council's minutes", linked=True),
        paragraph(PROSE),
    ]
    result = remove_text_chrome(blocks, max_share=0.5)
    assert texts(result.kept) == [PROSE, "Read the council's minutes", PROSE]
    assert [removed.rule for removed in result.removed] == ["leading-link"]


def test_a_page_of_links_without_prose_keeps_its_links() -> None:
    links = [paragraph(f"Season {n} results", linked=True) for n in range(1, 4)]
    assert texts(remove_text_chrome(links, max_share=0.5).kept) == texts(links)


def test_a_heading_whose_whole_section_was_chrome_goes_with_it() -> None:
    contents = Block("heading", "Around the region", "## Around the region", level=2)
    entries = [paragraph(f"Headline number {n} about the county", linked=True) for n in range(1, 4)]
    budget = Block("heading", "The budget", "## The budget", level=2)
    blocks = [paragraph(PROSE), contents, *entries, budget, paragraph(PROSE)]
    result = remove_text_chrome(blocks, max_share=0.5)
    assert texts(result.kept) == [PROSE, "The budget", PROSE]
    assert "emptied-section" in [removed.rule for removed in result.removed]


def test_a_section_under_a_heading_labelled_as_paid_for_is_an_ad() -> None:
    """However much the sponsor's pitch reads like the article, up to the next heading of its rank."""
    budget = Block("heading", "The budget", "## The budget", level=2)
    for label in ("Advertisement: The new tax guide", "Anzeige: Der Steuerratgeber", "Track your taxes (Sponsored)"):
        pitch = [Block("heading", label, f"## {label}", level=2), paragraph(PROSE), paragraph("Order today.")]
        result = remove_text_chrome([paragraph(PROSE), *pitch, budget, paragraph(PROSE)], max_share=0.9)
        assert texts(result.kept) == [PROSE, "The budget", PROSE]
        assert result.removed[0].rule == "sponsored-section"


def test_a_heading_that_only_mentions_sponsors_keeps_its_section() -> None:
    heading = Block("heading", "Who sponsored the bill", "## Who sponsored the bill", level=2)
    blocks = [paragraph(PROSE), heading, paragraph(PROSE)]
    assert texts(remove_text_chrome(blocks, max_share=0.9).kept) == texts(blocks)


def test_a_link_label_closing_a_section_of_prose_above_the_next_heading_is_its_button() -> None:
    section = Block("heading", "Share your screen", "## Share your screen", level=2)
    blocks = [paragraph(PROSE), paragraph("Start sharing", linked=True), section, paragraph(PROSE)]
    result = remove_text_chrome(blocks, max_share=0.5)
    assert texts(result.kept) == [PROSE, "Share your screen", PROSE]
    assert result.removed[0].rule == "section-button"


def test_a_link_label_after_a_short_line_or_before_more_text_stays() -> None:
    """A plan's product line under 'before bed' and a link inside the flow of a section are content."""
    section = Block("heading", "Day two", "## Day two", level=2)
    short = [paragraph(PROSE), paragraph("Before bed"), paragraph("Evening Recovery Drink", linked=True), section]
    inside = [paragraph(PROSE), paragraph("Evening Recovery Drink", linked=True), paragraph(PROSE), section]
    for blocks in (short, inside):
        assert texts(remove_text_chrome([*blocks, paragraph(PROSE)], max_share=0.5).kept) == texts(
            [*blocks, paragraph(PROSE)]
        )
