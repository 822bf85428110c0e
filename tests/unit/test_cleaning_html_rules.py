"""HTML mode: the headline as a heading, teaser lists, and the in-place line rules."""
import pytest

from services.clean.cleaner import CleaningError, clean_extracted, clean_html
from services.clean.depth import too_deep_to_parse
from services.clean.html import displayed_headline, teaser_heads

PARA = ("The council voted on Tuesday to extend the bus network to the three new estates, "
        "after a year of consultation with residents and operators.")


def test_headline_is_taken_from_a_heading_only():
    title = "Council expands bus network | City News"
    in_heading = '<h1 class="t"><a href="/x">Council expands bus network</a></h1><p>text</p>'
    in_banner = '<div class="site">Council expands bus network</div><p>text</p>'
    assert displayed_headline(in_heading, title) == "Council expands bus network"
    assert displayed_headline(in_banner, title) is None


def test_headline_is_looked_for_in_every_declared_title_and_is_not_the_sites_name():
    headline = "Sally Ride, the first US woman in space, dies aged 61"
    titles = ("First US woman into space dies", f"Example News - {headline}")
    assert displayed_headline(f"<h2>{headline}</h2>", *titles) == headline
    assert displayed_headline(f"<h2>{headline}</h2>", titles[0]) is None  # the short form alone
    banner = f"<h1>Example News</h1><h2>{headline}</h2>"  # the site's name is a heading too
    assert displayed_headline(banner, *titles) == "Example News"  # undeclared, the first part shown wins
    assert displayed_headline(banner, *titles, site_name="Example News") == headline


def test_headline_heading_with_entities_matches_the_title():
    html = "<h2>Japan&#8217;s slowdown &amp; the world</h2>"
    assert displayed_headline(html, "Japan’s slowdown & the world") == "Japan’s slowdown & the world"


def test_headline_typed_with_other_quotes_or_another_separator_is_found_and_given_as_shown():
    # meta titles typed with straight quotes, the heading with curly ones and a no-break space
    shown = "Student dies after pills “burned her up from within”"
    html = "<h1>Student dies after pills “burned her up from&nbsp;within”</h1><p>text</p>"
    assert displayed_headline(html, 'Student dies after pills "burned her up from within" - News') == shown
    # a middle dot, and the underscores of Chinese sites' titles, whose headline has no spaces
    assert displayed_headline("<h1>Outside the web: standalone binaries</h1>",
                              "Outside the web: standalone binaries · V8") == "Outside the web: standalone binaries"
    assert displayed_headline("<h1>宇航员在太空中喝酒会怎么样</h1>", "宇航员在太空中喝酒会怎么样 _探索者 _光明网") == "宇航员在太空中喝酒会怎么样"
    assert displayed_headline("<h1>光明网</h1>", "宇航员在太空中喝酒会怎么样_光明网") is None  # a site's name


def test_a_kept_headline_typed_with_other_quotes_is_left_out_of_the_text():
    html = ("<html><head><title>Student dies after pills \"burned her up\" - News</title></head><body>"
            "<article><h1>Student dies after pills “burned her up”</h1>"
            f"<p>{PARA}</p><p>{PARA.replace('council', 'board')}</p></article></body></html>")
    result = clean_html(html)
    assert result.title == "Student dies after pills “burned her up”"
    assert "burned her up" not in result.text
    assert ("Student dies after pills “burned her up”", "article_title") in [(r.text, r.rule) for r in result.removed]


def test_teaser_heads_are_headings_that_open_a_list_item():
    html = ('<ul><li><div class="x"><h3><a href="/a">Other story</a></h3></div><p>Its teaser.</p></li>'
            '<li>Step one: <b>mix</b></li><li><p>Intro</p><h4>Late heading</h4></li></ul>')
    assert teaser_heads(html) == frozenset({"Other story"})


def test_a_one_word_heading_over_a_list_is_a_sidebar_section_not_a_teaser():
    html = "<ul><li><h4>Archives</h4><ul><li>July 2012</li></ul></li></ul>"
    assert teaser_heads(html) == frozenset()


def test_teaser_items_go_and_other_list_items_stay():
    lines = [PARA, "- Other story Its teaser, which runs on for a sentence or two.", "- Step one: mix the flour"]
    kept, removed = clean_extracted(lines, frozenset({"Other story"}))
    assert kept == [PARA, "- Step one: mix the flour"]
    assert [(r.text, r.rule) for r in removed] == [(lines[1], "headline_list")]


def test_second_copy_of_a_paragraph_goes():
    kept, removed = clean_extracted([PARA, "Another paragraph of the story, long enough to be prose here.", PARA])
    assert kept == [PARA, "Another paragraph of the story, long enough to be prose here."]
    assert [r.rule for r in removed] == ["repeated_line"]


def test_each_table_keeps_its_header_row_but_a_repeated_paragraph_goes():
    """A poll or results page prints the same header row over each of its tables."""
    tables = ["Has he earned a place in the rotation?", "| Response | Votes | % |", "| Yes | 164 | 81% |",
              "Should he be closing?", "| Response | Votes | % |", "| Yes | 30 | 15% |"]
    kept, removed = clean_extracted([PARA, *tables, PARA])
    assert kept == [PARA, *tables]
    assert [(r.text, r.rule) for r in removed] == [(PARA, "repeated_line")]


def test_a_table_row_of_one_cell_is_judged_as_a_line_and_may_repeat():
    """A page laid out in a table: its footer is a row of one cell; a listing repeats a cell."""
    lines = [PARA, "| Season: May 1 to October 31 | | |", "| Rates: $25.00 | | |",
             "| Season: May 1 to October 31 | | |", "| Copyright © 2006 Example Inc. All rights reserved. |"]
    kept, removed = clean_extracted(lines)
    assert kept == lines[:4]
    assert [(r.text, r.rule) for r in removed] == [(lines[4], "legal_notice")]


def test_another_storys_headline_with_its_link_label_goes_and_the_article_stays():
    teasers = ["Aurora shooting: victims remembered Watch Video",
               "Council approves the new tram line to the airport Read more »"]
    first = PARA.replace("council", "board")
    own = "Residents can read more about the plan at the library or watch the video online."
    kept, removed = clean_extracted([first, teasers[0], own, PARA, teasers[1]])
    assert kept == [first, own, PARA]
    assert [(r.text, r.rule) for r in removed] == [(teasers[0], "promo_line"), (teasers[1], "promo_line")]


def test_a_link_label_ending_is_english_wording_only():
    line = "Aurora shooting: victims remembered Watch Video"
    kept, _ = clean_extracted([PARA, line], english=False)
    assert line in kept


def test_section_header_and_the_links_under_it_go():
    after = "Readers wrote in to say the new routes should also run on Sundays, which the council will review."
    lines = [PARA, "Related articles", "» Mutual Fund Sales Loads", "» Bank Account Poll Results", after]
    kept, removed = clean_extracted(lines)
    assert kept == [PARA, after]
    assert [r.rule for r in removed] == ["section_header", "headline_list", "headline_list"]


def test_a_page_too_deep_for_the_parser_is_told_apart_from_an_ordinary_page():
    deep = "<html><body>" + "<div>" * 100_000 + "deep" + "</div>" * 100_000 + "</body></html>"
    assert too_deep_to_parse(deep)
    assert not too_deep_to_parse("<html><body>" + "<div>" * 200 + "fine" + "</div>" * 200 + "</body></html>")
    assert not too_deep_to_parse("")


def test_a_page_too_deep_for_the_parser_is_refused_by_name_not_cleaned_to_nothing():
    deep = "<html><body>" + "<div>" * 100_000 + "deep" + "</div>" * 100_000 + "</body></html>"
    with pytest.raises(CleaningError) as refused:
        clean_html(deep)
    assert refused.value.reason == "html_too_deep"


def test_a_rights_statement_goes_though_it_reads_as_sentences():
    notice = ("© 2012 The Associated Press. All rights reserved. This material may not be published, "
              "broadcast, rewritten or redistributed.")
    own = "The agency said the report would be published in full next week, with the data behind it."
    kept, removed = clean_extracted([PARA, own, notice])
    assert kept == [PARA, own]
    assert [(r.text, r.rule) for r in removed] == [(notice, "legal_notice")]


def test_a_footer_row_of_a_page_laid_out_in_a_table_goes_and_a_table_row_stays():
    footer = "| Copyright © 2001 Example Inc. All rights reserved. | Privacy Policy - Terms of Service |"
    rows = ["| Team | Won | Lost |", "| Porto | 30 | 2 |"]
    kept, removed = clean_extracted([PARA, *rows, footer])
    assert kept == [PARA, *rows]
    assert [(r.text, r.rule) for r in removed] == [(footer, "legal_notice")]


def test_a_copyright_mark_is_no_wording_so_it_goes_in_any_language():
    notice = "© 2012 Le Journal. Tous droits réservés. Toute reproduction est interdite sans accord écrit."
    kept, removed = clean_extracted([PARA, notice], english=False)
    assert kept == [PARA]
    assert [r.rule for r in removed] == ["legal_notice"]


def test_a_tag_list_after_another_byline_field_goes_at_any_length_but_a_sentence_stays():
    tags = "NFL.com Staff | Tags: New Orleans Saints, Darren Sproles, Mark Ingram, Pierre Thomas, Drew Brees"
    related = "3g, 4g, hotspot, internet, wi-fi, windows 8, wireless : Related Tags: mobile broadband, hurricane sandy"
    filed = "Filed Under: Beans and Legumes, Cooking, Italian, Pasta, Quick and Easy, Recipes, Soups and Stews"
    sentence = "Topics: the council will discuss the budget, the tram line and the new estates at its next meeting."
    kept, removed = clean_extracted([PARA, tags, related, filed, sentence])
    assert kept == [PARA, sentence]
    assert [r.rule for r in removed] == ["tag_list"] * 3


def test_a_blogs_previous_and_next_links_go_and_a_bar_in_prose_stays():
    both = "« Preview of my keynote at the upcoming summit | Main | Death threats against bloggers are not protected speech »"
    older = "« A year from now you'll wish you had started today | Main"
    newer = "| Two deadlines (and a read) »"
    prose = "The vote was close | some said too close | and the mayor asked for a recount on Monday morning."
    kept, removed = clean_extracted([PARA, prose, both, older, newer])
    assert kept == [PARA, prose]
    assert [(r.text, r.rule) for r in removed] == [(both, "promo_line"), (older, "promo_line"), (newer, "promo_line")]
