"""The clean service's logic: the seed article, each rule on small examples, other languages,
bad input, HTML mode and the JSON-lines contract."""
from __future__ import annotations

import io
import json
import os
import re
import sys
import time
from pathlib import Path

import pytest

from services.clean import rules, threads
from services.clean.cleaner import (
    CleaningError,
    CleanResult,
    clean_html,
    clean_text,
    control_count,
    without_headline,
)
from services.clean.features import (
    TOKEN,
    TOKENS_MAX_WORDS,
    blocks,
    densest_run,
    ends_sentence,
    is_tidy,
    split_lines,
    weight,
    words_of,
)
from services.clean.jsonl import run_jsonl
from tests.support import ROOT

HANDBOOK = Path(os.environ.get("NEWSFLOW_HANDBOOK", Path(__file__).resolve().parents[2] / ".." / "shared"))
SEED = HANDBOOK / "corpus" / "seed"

PROSE = [
    "The city council voted on Tuesday to expand the bus network into three new districts next year.",
    "Officials said the plan would cost about 40 million dollars and be paid for by a regional tax.",
    "Residents who spoke at the meeting were mostly in favour, although some raised concerns about noise.",
    "The mayor said construction of the first new line would begin in the spring, weather permitting.",
]
NAV = ["Home", "World", "Business", "Sport", "Culture", "Log in"]


def kept_and_rules(text: str) -> tuple[list[str], dict[str, str]]:
    result = clean_text(text)
    return result.text.splitlines(), {r.text: r.rule for r in result.removed}


# --- the seed article -------------------------------------------------------------------

def seed_text() -> str:
    raw = (SEED / "article.txt").read_text(encoding="utf-8")
    return raw.split("date 2025-05-04 ", 1)[1]  # what ingest hands on: the prefix is gone


def test_seed_article_is_cleaned_exactly():
    expected = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))
    result = clean_text(seed_text())
    assert result.text == expected["clean_text"]
    assert [r.text for r in result.removed] == expected["removed_lines"]
    assert all(r.rule in set(rules.Rule) for r in result.removed)
    assert not result.empty


def test_seed_removed_lines_carry_specific_rules():
    by_line = {r.text: r.rule for r in clean_text(seed_text()).removed}
    assert by_line["|Subscribe Free To Our Daily Newsletters"] == "newsletter_prompt"
    assert by_line["Learn about nuclear weapons doctrine and defense at SpaceWar.com"] == "promo_line"
    assert by_line["|"] == "blank_or_symbols"
    assert by_line["Finland to leave anti-personnel mine treaty"] == "headline_list"


def test_seed_subheading_stays():
    assert "- Oppose 'bullying acts' -" in clean_text(seed_text()).text.splitlines()


# --- features ------------------------------------------------------------------------------

def test_weight_counts_cjk_characters_as_half_words():
    assert weight("three plain words") == 3
    assert weight("北京市政府今天宣布新的交通计划") == pytest.approx(15 / 2)


def test_words_of_finds_the_words_the_tokeniser_finds():
    # split off the bytes where every word character is ASCII (counted there first when long),
    # by the regular expression where one is not or where CJK is (half words)
    short = ["Three plain words", "don't stop-and-go: 3,000 under_scores!", "  |  ", "", "’’",
             "He said “no” — twice… ’tis", "© 2024 · All Rights", "Café au lait", "北京市 ・ news",
             "・・ abc", "İstanbul \u212a", "straße", "北京市政府今天宣布新的交通计划", "a lone \ud800 surrogate"]
    for text in short + [line * 20 for line in short] + [line * 3 for line in short]:
        key = text.lower()
        tokens, words = words_of(text, key)
        expected = len(TOKEN.findall(key)) if text.isascii() else weight(text, TOKEN.findall(key))
        assert words == expected and type(words) is type(expected), text
        assert tokens == (TOKEN.findall(key) if words <= TOKENS_MAX_WORDS else None), text


def test_every_whitespace_character_but_the_space_is_unprintable():
    # what lets split_lines keep a printable line as it is (features.is_tidy)
    other_space = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace() and c != 0x20]
    assert len(other_space) > 20
    assert not any(c.isprintable() for c in other_space)


def test_split_lines_collapses_whitespace_and_keeps_tidy_lines():
    text = ("A tidy line.\n  leading\ntrailing \ndouble  space\ntab\there\nno\u00a0break\n"
            "ideographic\u3000space\n \u2009 \n\nlast")
    assert split_lines(text) == [" ".join(raw.split()) for raw in text.splitlines() if raw.split()]
    assert split_lines(text)[:6] == ["A tidy line.", "leading", "trailing", "double space", "tab here",
                                     "no break"]
    assert is_tidy("A tidy line.") and not is_tidy("no\u00a0break") and not is_tidy(" x")


def test_a_long_block_keeps_its_word_count_but_no_token_list():
    short = "A short line of seven plain words."
    long = " ".join(PROSE)  # more than 40 words, and over 200 characters: counted first
    curly = long.replace("was", "“was”")  # non-ASCII, no non-ASCII word character
    accented = long.replace("was", "café")  # the regular expression counts it
    for text in (short, long, curly, accented):
        block = blocks([text])[0]
        words = TOKEN.findall(text.lower())
        assert block.words == len(words)
        assert block.tokens == (words if len(words) <= TOKENS_MAX_WORDS else None)
    assert blocks([long])[0].tokens is None


def test_sentence_end_sees_through_closing_quotes_and_other_scripts():
    assert ends_sentence('He said it was "aligned."')
    assert ends_sentence("这是一个句子。")
    assert ends_sentence("क्या यह सच है।")
    assert not ends_sentence("Related Links")


def test_hard_wrapped_lines_become_one_paragraph():
    lines = ["As the media has made us all aware, election day is fast", "approaching.", "Home"]
    blks = blocks(lines)
    assert [(b.first, b.last) for b in blks] == [(0, 1), (2, 2)]
    assert blks[0].is_prose and blks[0].ends_sentence  # neither fragment alone is prose
    assert not any(b.is_prose for b in blocks(lines[:1]))


def test_densest_run_finds_the_maximum_sum_range():
    assert densest_run([-6, 20, -6, 15, -6, -6, -6, 3]) == (1, 3, 29)
    start, end, _ = densest_run([-1, -2])
    assert end < start


# --- each rule on a small example --------------------------------------------------------------

def test_position_rules_remove_navigation_and_footer():
    text = "\n".join(NAV + PROSE + ["About us", "Contact", "Jobs"])
    kept, removed = kept_and_rules(text)
    assert kept == PROSE
    assert removed["World"] == "before_main_text"
    assert removed["Contact"] == "after_main_text"


def test_lead_lines_before_the_article_are_kept():
    text = "\n".join(NAV + ["Council expands bus network", "By Jane Doe"] + PROSE)
    kept, _ = kept_and_rules(text)
    assert kept[:2] == ["Council expands bus network", "By Jane Doe"]


def test_newsletter_prompt_inside_the_article_goes():
    text = "\n".join(PROSE[:2] + ["Sign up for our daily newsletter"] + PROSE[2:])
    kept, removed = kept_and_rules(text)
    assert kept == PROSE
    assert removed["Sign up for our daily newsletter"] == "newsletter_prompt"


def test_a_sentence_that_mentions_a_newsletter_stays():
    line = "The company said its newsletter, which goes to 20,000 subscribers, would close in May."
    text = "\n".join(PROSE[:2] + [line] + PROSE[2:])
    assert line in clean_text(text).text.splitlines()


def test_promo_share_legal_and_comment_form_lines():
    extras = {"Read more at Example.com": "promo_line", "Share this article": "share_prompt",
              "© 2024 Example Media. All rights reserved.": "legal_notice",
              "Name (required)": "comment_form"}
    text = "\n".join(PROSE + list(extras))
    _, removed = kept_and_rules(text)
    for line, rule in extras.items():
        assert removed[line] == rule


def test_tag_lists_and_comment_counts_go():
    extras = {"Tags: transport, city council, budget": "tag_list", "#bus#council#budget#city": "tag_list",
              "Comments (0)": "comment_form", "12 Comments": "comment_form"}
    _, removed = kept_and_rules("\n".join(PROSE[:2] + list(extras) + PROSE[2:]))
    for line, rule in extras.items():
        assert removed[line] == rule


def test_link_box_inside_the_article_goes():
    box = ["Related Posts", "Storm closes schools across the region", "Local team wins regional final"]
    kept, removed = kept_and_rules("\n".join(PROSE[:2] + box + PROSE[2:]))
    assert kept == PROSE
    assert removed["Related Posts"] == "section_header"
    assert removed["Local team wins regional final"] == "headline_list"


def test_headline_list_after_the_article():
    headlines = ["Storm closes schools across the region", "Local team wins regional final",
                 "New bridge opens after years of delay", "Prices of fuel rise for a third month"]
    _, removed = kept_and_rules("\n".join(PROSE + headlines))
    assert {removed[h] for h in headlines} == {"headline_list"}


def test_section_header_ends_the_article_run():
    text = "\n".join(PROSE + ["Related stories"] + [PROSE[0].replace("council", "board")])
    kept, removed = kept_and_rules(text)
    assert kept == PROSE
    assert set(removed.values()) == {"section_tail"}  # the header and what follows it


THREAD = [
    "I took the bus every day for ten years and the new lines are long overdue in my district.",
    "Forty million dollars sounds like a lot, but the roads cost far more than that every year.",
    "Does anyone know whether the night buses will also run on the new lines from the spring?",
    "The noise concerns are real, the depot near our street already runs engines all night long.",
    "Good decision by the council, although I would have liked to see the tram plans come back.",
    "Regional taxes always end up paid by the people who will never ride these buses anyway.",
]


def test_a_thread_after_a_comment_header_is_not_the_article():
    # the thread holds more prose than the article, so it is the densest run: the article
    # before the form's header is kept, the readers' thread after it goes
    form = ["6 Comments", "Leave a Reply", "Name (required)", "Email (will not be published)", "Website"]
    text = "\n".join(PROSE + form + THREAD)
    kept, removed = kept_and_rules(text)
    assert kept == PROSE
    assert {removed[t] for t in THREAD} == {"reader_comments"}
    assert removed["6 Comments"] == "comment_form"


def test_a_comment_form_notice_long_enough_for_prose_is_not_the_article():
    # the form's instructions read like a sentence, but they count against the run like a
    # short form line, so they do not join the article's run of prose
    notice = ("You may use these HTML tags and attributes: <a href> <abbr> <b> <blockquote> "
              "<em> <i> <strike> <strong> are all allowed in your comment.")
    follow = "Notify me of follow-up comments by email, and of new posts on this site by email."
    for line in (notice, follow):
        kept, removed = kept_and_rules("\n".join(PROSE + [line]))
        assert kept == PROSE
        assert removed[line] == "comment_form"


def test_comment_form_status_messages_inside_the_article_go():
    # the form's status messages, all in the scraped text, inside the article's run
    status = ["This is only a preview. Your comment has not yet been posted.",
              "Your comment could not be posted. Error type:",
              "As a final step before posting your comment, enter the letters and numbers you see in the image."]
    text = "\n".join(PROSE[:2] + status + PROSE[2:])
    kept, removed = kept_and_rules(text)
    assert kept == PROSE
    assert {removed[t] for t in status} == {"comment_form"}


def test_reply_buttons_inside_the_article_go():
    text = "\n".join(PROSE[:2] + ["Reply"] + PROSE[2:] + ["Reply to this"])
    kept, removed = kept_and_rules(text)
    assert kept == PROSE
    assert removed["Reply"] == "comment_form"


def test_a_row_of_links_on_one_line_goes():
    # a menu on one line, short or long enough to pass for a paragraph, in any language
    short_row = "Politics | India | Movies | Cricket | Photos"
    long_row = " | ".join(["Politik", "Wirtschaft", "Sport", "Kultur", "Video Streams", "Wetter"] * 5)
    for row in (short_row, long_row):
        kept, removed = kept_and_rules("\n".join(PROSE[:2] + [row] + PROSE[2:]))
        assert kept == PROSE
        assert removed[row] == "headline_list"
    # a sentence with a separator in it is not a row of links
    sentence = "Officials said the vote | which was close | would be repeated next week if needed."
    kept, _ = kept_and_rules("\n".join(PROSE[:2] + [sentence] + PROSE[2:]))
    assert sentence in kept


def test_a_long_rights_statement_goes():
    rights = ("Copyright 2012 Example News Network LP. All rights reserved. This material may not be "
              "published, broadcast, rewritten or redistributed without the written permission of the "
              "publisher, and this copy is for your personal, non-commercial use only. Distribution and "
              "use of this material are governed by our subscriber agreement and by copyright law.")
    assert 40 < len(rights.split()) <= rules.LEGAL_MAX_WORDS
    kept, removed = kept_and_rules("\n".join(PROSE + [rights]))
    assert kept == PROSE
    assert removed[rights] == "legal_notice"


def test_a_run_after_the_article_without_a_header_stays():
    # two separate runs split by short lines, none a header (an article split by a box): both stay
    text = "\n".join(PROSE + NAV * 2 + THREAD)
    kept, _ = kept_and_rules(text)
    assert all(p in kept for p in PROSE + THREAD)


def test_a_run_after_a_section_header_is_a_box_of_stories():
    teasers = [t.replace("bus", "tram") for t in THREAD[:3]]
    text = "\n".join(PROSE + ["Related Posts"] + NAV * 2 + teasers)
    kept, removed = kept_and_rules(text)
    assert kept == PROSE
    assert all(t in removed for t in teasers)


def test_repeated_line_outside_the_article():
    # no wording, not a header, not in a run of headlines: only its repetition tells it
    line = "Weekend edition"
    result = clean_text("\n".join([line, *NAV, *PROSE, line]))
    assert result.text.splitlines() == PROSE
    assert [r.rule for r in result.removed if r.text == line] == ["before_main_text", "repeated_line"]


def test_blank_or_symbols():
    _, removed = kept_and_rules("\n".join(PROSE + ["|", "»"]))
    assert removed["|"] == "blank_or_symbols" and removed["»"] == "blank_or_symbols"


def test_every_wording_rule_has_its_reason():
    for rule, matches in rules.WORDING_RULES:
        assert matches.__name__ == rule.value and matches.__doc__ and matches.__doc__.strip(), rule


def test_docs_list_exactly_the_rule_names():
    """docs/cleaning.md's table of rules names every value of rules.Rule and nothing else."""
    doc = (ROOT / "docs" / "cleaning.md").read_text(encoding="utf-8")
    table = doc[doc.index("### The rules"):]
    table = table[:table.index("\n\n", table.index("| --- |"))]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    listed = [name for row in rows for name in re.findall(r"`([a-z_]+)`", row.split("|")[1])]
    assert sorted(listed) == sorted(rule.value for rule in rules.Rule)
    count = re.search(r"`rules\.Rule`, (\d+) names", doc)
    assert count and int(count.group(1)) == len(rules.Rule)


def test_rule_names_are_written_only_in_the_enum():
    """Every module of the cleaner names a rule through rules.Rule, never as a bare string."""
    offenders = [f"{path.name}:{n}: {value}"
                 for path in sorted((ROOT / "services" / "clean").glob("*.py")) if path.name != "rules.py"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 for value in (rule.value for rule in rules.Rule)
                 if f'"{value}"' in line or f"'{value}'" in line]
    assert not offenders, offenders


WORDING_PATTERNS = [rules._NEWSLETTER, rules._PROMO, rules._LEGAL, rules._RIGHTS, rules._SHARE, rules._COMMENT_FORM,
                    rules._FORM_NOTICE, rules._FORM_STATUS, rules._TAGS, rules._SECTION, rules._COPYRIGHT_MARK,
                    rules._HASHTAGS, threads._SAYS, threads._HEADING]


def test_trigger_words_do_not_hide_matches():
    """The set lookups before each wording pattern must never rule out a line it matches:
    checked on every line of the handbook's pages and on the seed, up to the longest blocks a
    pattern is searched on (those of more than 40 words keep no tokens: substring tests)."""
    pages = sorted((HANDBOOK / "corpus" / "pages").glob("*/input/*.html"))
    assert pages, "the handbook's pages are needed for this test"
    import html as html_lib
    lines = seed_text().splitlines()
    for page in pages[::4]:
        raw = page.read_text(encoding="utf-8", errors="replace")
        text = html_lib.unescape(re.sub(r"<[^>]+>", "\n", raw))
        lines += [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    blks = [b for b in blocks(lines) if b.words <= rules.LEGAL_MAX_WORDS]
    assert sum(b.tokens is None for b in blks) > 100
    missed = [(p, b.text) for b in blks
              for p in WORDING_PATTERNS if p.regex.search(b.text) and not p.may_match(b)]
    for pattern, text in missed:  # only a match glued to the word before it may be missed
        match = pattern.regex.search(text)
        first = match.start() + len(match.group()) - len(match.group().lstrip(" |-:"))
        assert first > 0 and text[first - 1].isalnum(), (pattern.regex.pattern[:40], text)



def test_wording_rule_runs_the_rules_its_trigger_words_point_to():
    """rules.wording_rule skips the rules whose patterns' trigger words a block lacks: on every
    line of a quarter of the handbook's pages, it gives what running every rule in order gives."""
    import html as html_lib
    lines = seed_text().splitlines()
    for page in sorted((HANDBOOK / "corpus" / "pages").glob("*/input/*.html"))[1::4]:
        text = html_lib.unescape(re.sub(r"<[^>]+>", "\n", page.read_text(encoding="utf-8", errors="replace")))
        lines += [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    blks = [b for b in blocks(lines) if b.words <= 40]
    assert len(blks) > 10_000, "the handbook's pages are needed for this test"
    every_rule = [next((rule for rule, matches in rules.WORDING_RULES if matches(b)), None) for b in blks]
    assert [rules.wording_rule(b) for b in blks] == every_rule
    assert sum(rule is not None for rule in every_rule) > 500

# --- languages ---------------------------------------------------------------------------------

GERMAN = [
    "Der Stadtrat hat am Dienstag beschlossen, das Busnetz im kommenden Jahr auf drei neue Bezirke auszuweiten.",
    "Nach Angaben der Verwaltung kostet der Plan rund 40 Millionen Euro und wird über eine regionale Abgabe finanziert.",
    "Die meisten Anwohner, die bei der Sitzung sprachen, waren dafür, einige äußerten jedoch Bedenken wegen des Lärms.",
    "Der Bürgermeister sagte, der Bau der ersten neuen Linie werde im Frühjahr beginnen, wenn das Wetter es zulasse.",
]
CHINESE = [
    "市议会周二投票决定，明年将公交网络扩展到三个新的城区，以缓解市中心日益严重的交通拥堵问题。",
    "官员表示，该计划将耗资约四千万元，资金将通过一项地区税收筹集，预计在五年内完成全部建设。",
    "在会上发言的居民大多表示支持，但也有一些人对施工噪音和道路临时封闭可能带来的影响表示担忧。",
]


@pytest.mark.parametrize("paragraphs", [GERMAN, CHINESE], ids=["german", "chinese"])
def test_non_english_articles_are_not_gutted(paragraphs):
    nav = ["Startseite", "Politik", "Wirtschaft", "Sport"] if paragraphs is GERMAN else ["首页", "新闻", "体育"]
    kept, _ = kept_and_rules("\n".join(nav + paragraphs + nav))
    assert kept == paragraphs


def test_german_subheading_inside_the_article_stays():
    text = "\n".join(GERMAN[:2] + ["- Widerstand im Viertel -"] + GERMAN[2:])
    assert "- Widerstand im Viertel -" in clean_text(text).text.splitlines()


# --- bad input ------------------------------------------------------------------------------------

def test_empty_article_is_marked_empty():
    for text in ("", "   \n\n  "):
        result = clean_text(text)
        assert result.empty and result.text == "" and result.removed == []


def test_all_boilerplate_article_is_marked_empty():
    result = clean_text("\n".join(NAV + ["Subscribe to our newsletter", "© 2024 Example"]))
    assert result.empty
    assert len(result.removed) == len(NAV) + 2


def test_binary_garbage_is_a_cleaning_error():
    garbage = bytes(range(256)).decode("latin-1") * 50
    with pytest.raises(CleaningError) as info:
        clean_text(garbage)
    assert info.value.reason == "binary_content"
    assert "binary" in str(info.value)


def test_control_characters_are_counted_on_the_bytes_as_a_character_class_counts_them():
    control = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")
    for text in ["plain text\n\twith tabs\r\n", "a\x00b\x1f\x0b\x0c\ufffd\ufffd", "\x7f\x85\x9f\xa0 é “quotes”",
                 "lone \ud800 surrogate \x01", "北京\x02市", bytes(range(256)).decode("latin-1"), ""]:
        assert control_count(text) == len(control.findall(text)), repr(text)


def test_not_a_string_is_a_cleaning_error():
    with pytest.raises(CleaningError) as info:
        clean_text(b"bytes")  # type: ignore[arg-type]
    assert info.value.reason == "not_text"


def test_oversized_input_is_a_cleaning_error():
    with pytest.raises(CleaningError) as info:
        clean_text("a" * 10_000_001)
    assert info.value.reason == "too_large"


def test_five_megabyte_page_is_cleaned_in_bounded_time():
    page = "\n".join((NAV + PROSE) * 12_000)
    assert 4_000_000 < len(page) < 10_000_000
    start = time.perf_counter()
    result = clean_text(page)
    assert time.perf_counter() - start < 30
    assert PROSE[0] in result.text


def test_five_megabyte_html_page_is_cleaned_in_bounded_time():
    body = "".join(f"<p>{p}</p>" for p in PROSE) * 12_000
    html = f"<html><head><title>Big</title></head><body><article>{body}</article></body></html>"
    assert len(html) > 4_000_000
    start = time.perf_counter()
    result = clean_html(html)
    assert time.perf_counter() - start < 120
    assert isinstance(result, CleanResult) and result.title == "Big"


def test_deeply_nested_html_does_not_crash():
    depth = 100_000
    html = "<html><body>" + "<div>" * depth + "<p>" + PROSE[0] + "</p>" + "</div>" * depth + "</body></html>"
    # libxml2 stops at its depth limit and trafilatura finds nothing; the page's visible text,
    # read without a depth limit, goes to the plain-text rules and holds the paragraph
    assert clean_html(html).text == PROSE[0]


def test_broken_html_gives_an_outcome():
    html = "<html><body><div><p>" + PROSE[0] + "<p>" + PROSE[1] + "</div></span><table><tr><td>" + PROSE[2]
    result = clean_html(html)
    assert result.text.splitlines()[:2] == PROSE[:2]
    assert PROSE[2] in result.text  # in its unclosed table cell


# --- HTML mode -----------------------------------------------------------------------------------

ARTICLE_HTML = """<html><head><title>Buses | Example News</title>
<meta property="og:title" content="Council expands bus network">
<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>
<body><nav><a href="/">Home</a><a href="/world">World</a></nav>
<article><h1>Council expands bus network</h1>{body}
<p>Subscribe to our daily newsletter</p></article>
<footer>© 2024 Example News. All rights reserved.</footer></body></html>"""


def test_html_mode_keeps_the_article_and_reads_metadata():
    result = clean_html(ARTICLE_HTML.format(body="".join(f"<p>{p}</p>" for p in PROSE)))
    for paragraph in PROSE:
        assert paragraph in result.text
    assert "Subscribe to our daily newsletter" not in result.text
    assert "All rights reserved" not in result.text
    assert result.title == "Council expands bus network"
    assert str(result.published) == "2024-03-05"


def test_html_mode_text_is_the_body_and_the_displayed_headline_is_the_title():
    page = ARTICLE_HTML.replace('<meta property="og:title" content="Council expands bus network">\n', "")
    page = page.replace("<title>Buses | Example News</title>", "<title>Council expands bus network | Example News</title>")
    result = clean_html(page.format(body="".join(f"<p>{p}</p>" for p in PROSE)))
    assert result.text.splitlines()[0] == PROSE[0]
    assert "Council expands bus network" not in result.text
    assert result.title == "Council expands bus network"  # the heading, without the site's name


def test_the_title_is_the_declared_title_the_page_shows_not_a_short_form_or_the_sites_name():
    """og:title may be a short form of the headline that the page never shows; <title> holds the
    displayed one after the site's name; og:site_name names the site, shown as a heading too."""
    page = ARTICLE_HTML.replace('content="Council expands bus network"', 'content="Bus network grows"')
    page = page.replace("<title>Buses | Example News</title>",
                        "<title>Example News - Council expands bus network</title>"
                        '<meta property="og:site_name" content="Example News">')
    page = page.replace("<nav>", "<header><h2>Example News</h2></header><nav>")
    result = clean_html(page.format(body="".join(f"<p>{p}</p>" for p in PROSE)))
    assert result.title == "Council expands bus network"
    assert "Council expands bus network" not in result.text
    assert result.text.splitlines()[0] == PROSE[0]


def test_the_headline_leaves_the_body_only_near_its_top():
    head = "Council expands bus network"
    assert without_headline(["- Text", head, "The council voted."], head) == ["- Text", "The council voted."]
    body = ["One.", "Two.", "Three.", head]  # quoted in the body, far from the top: it stays
    assert without_headline(body, head) == body
    assert without_headline(["The council voted."], None) == ["The council voted."]
    assert without_headline([head], head) == [head]  # a page that is only its headline is not empty


def test_plain_text_leaves_out_a_copy_of_its_title_at_the_top():
    head = "Council expands bus network"
    assert clean_text("\n".join([head] + PROSE), title=head).text == "\n".join(PROSE)
    assert clean_text("\n".join([head] + PROSE)).text.splitlines()[0] == head  # no title given: kept


def test_a_headline_left_out_of_the_text_is_recorded_as_removed():
    head = "Council expands bus network"
    result = clean_text("\n".join([head] + PROSE), title=head)
    assert [(r.text, r.rule) for r in result.removed] == [(head, "article_title")]
    page = f"<html><body><article><h1>{head}</h1>{''.join(f'<p>{p}</p>' for p in PROSE)}</article></body></html>"
    result = clean_html(page.replace("<html>", f"<html><head><title>{head}</title></head>"))
    assert head not in result.text.splitlines()
    assert (head, "article_title") in [(r.text, r.rule) for r in result.removed]


def test_empty_html_is_marked_empty():
    assert clean_html("").empty
    assert clean_html("<html><body></body></html>").empty


# --- JSON lines -------------------------------------------------------------------------------------

def test_run_jsonl_contract():
    lines = [json.dumps({"id": "a", "text": seed_text()}),
             json.dumps({"id": "b", "html": ARTICLE_HTML.format(body="<p>" + PROSE[0] + "</p>")}),
             json.dumps({"id": "c", "text": bytes(range(32)).decode("latin-1") * 10}),
             "not json",
             json.dumps({"id": "e"})]
    out = io.StringIO()
    assert run_jsonl(io.StringIO("\n".join(lines) + "\n"), out) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c", None, "e"]
    assert rows[0]["removed"][0] == {"text": "Related Links", "rule": "section_header"}
    assert PROSE[0] in rows[1]["text"]
    for row in rows[2:]:
        assert row["text"] == "" and row["error"]
    assert rows[2]["error"].startswith("empty:")  # ingest strips control characters: nothing is left


def test_run_jsonl_runs_ingests_normalisation_first():
    """A raw payload comes out as on news.cleaned: the scraper's leading date is the published
    date, not text; whitespace and Unicode are normalised as ingest does; a field the raw contract
    does not have is rejected as ingest rejects it."""
    raw = "date 2024-03-05   " + "\r\n".join(p.replace(" ", "  ") for p in PROSE) + "\r\n\r\nCafe\u0301 menu"
    lines = [json.dumps({"id": "raw", "text": raw}), json.dumps({"id": "bad", "text": PROSE[0], "body": "x"})]
    out = io.StringIO()
    run_jsonl(io.StringIO("\n".join(lines) + "\n"), out)
    ok, bad = (json.loads(line) for line in out.getvalue().splitlines())
    assert ok["text"].splitlines() == PROSE
    assert ok["published"] == "2024-03-05"
    assert ok["removed"] == [{"text": "Caf\u00e9 menu", "rule": "after_main_text"}]
    assert bad["error"].startswith("contract_violation:")


def test_run_jsonl_gives_a_lone_surrogate_an_error_row_as_ingest_rejects_it():
    """'\\ud800' is valid JSON syntax but no Unicode text: ingest rejects it on news.raw, so the
    batch command writes that error row and goes on, instead of failing to re-encode it."""
    lines = ['{"id": "s", "text": "' + PROSE[0] + ' \\ud800 end"}', json.dumps({"id": "ok", "text": PROSE[0]})]
    out = io.StringIO()
    assert run_jsonl(io.StringIO("\n".join(lines) + "\n"), out) == 0
    bad, ok = (json.loads(line) for line in out.getvalue().splitlines())
    assert bad["id"] == "s" and bad["text"] == "" and bad["error"].startswith("contract_violation:")
    assert ok["text"] == PROSE[0]


# --- HTML mode: extractor output that is the whole page ---------------------------------------

LINK_LINES = [f"{topic} News And Analysis" for topic in
              ("World", "Business", "Sport", "Culture", "Science", "Travel", "Health", "Style", "Money",
               "Music", "Film", "Books", "Games", "Food", "Weather", "Local", "Opinion", "Video",
               "Photos", "Podcasts", "Cars", "Homes", "Jobs", "Education", "Climate", "Tech")]


def _page(lines: list[str]) -> str:
    return "<html><body>" + "".join(f"<div>{line}</div>" for line in lines) + "</body></html>"


def test_whole_page_output_is_recognised():
    from services.clean.html import looks_like_whole_page, mostly_short

    menu_and_article = "\n".join(LINK_LINES + PROSE)  # 104 words in short lines, 67 in prose
    assert mostly_short(menu_and_article)
    assert not mostly_short("\n".join(PROSE * 3))  # an article: prose only
    assert not mostly_short("\n".join(LINK_LINES[:8]))  # short output: a photo post's caption
    assert looks_like_whole_page(menu_and_article, _page(LINK_LINES + PROSE))
    # the same output from a page with ten times as much text is a part of it, not the page:
    # a table of results or a listicle, mostly short lines and the article all the same
    assert not looks_like_whole_page(menu_and_article, _page((LINK_LINES + PROSE) * 10))


def test_whole_page_output_goes_to_the_plain_text_rules(monkeypatch):
    """When the extractor hands back the page's whole body, the position rules cut the menus."""
    from services.clean import html as html_module

    lead = ["Council expands bus network", "Published 5 March 2024"]  # kept with the article
    lines = LINK_LINES + lead + PROSE + LINK_LINES
    page = _page(lines)
    whole_body = "\n".join(lines)  # what trafilatura's favor_recall fallback hands back
    # its precision pass keeps a fraction of it: trafilatura found no article container
    monkeypatch.setattr(html_module, "main_text_parts",
                        lambda _html, precision=False: (PROSE[0], "") if precision else (whole_body, ""))
    result = clean_html(page)
    assert result.text.splitlines() == lead + PROSE
    assert {r.rule for r in result.removed} <= {"headline_list", "repeated_line", "before_main_text",
                                                "after_main_text"}


def test_article_output_keeps_the_extractor_text(monkeypatch):
    """An extractor output that is an article stays as it is: the line rules only, no position
    rules (a short line between paragraphs is not cut as navigation)."""
    from services.clean import html as html_module

    text = "\n".join([PROSE[0], "A short aside", PROSE[1], PROSE[2], PROSE[3]])
    monkeypatch.setattr(html_module, "main_text_parts", lambda _html, precision=False: (text, ""))
    result = clean_html("<html><body><p>x</p></body></html>")
    assert result.text.splitlines() == text.splitlines()


def test_a_listicle_that_is_most_of_its_page_is_kept_whole(monkeypatch):
    """A listicle is mostly short lines and most of its page; trafilatura's precision pass
    keeps it too, so it is the article, not a page without an article container: every item
    stays (the plain-text position rules would cut the items after the densest prose)."""
    from services.clean import html as html_module

    items = [f"{k}. {topic} News And Analysis" for k, topic in enumerate(
        ("World", "Business", "Sport", "Culture", "Science", "Travel", "Health", "Style", "Money",
         "Music", "Film", "Books", "Games", "Food", "Weather", "Local", "Opinion"), start=1)]
    listicle = "\n".join(PROSE[:1] + items)
    monkeypatch.setattr(html_module, "main_text_parts", lambda _html, precision=False: (listicle, ""))
    result = clean_html(_page(PROSE[:1] + items + ["About us", "Contact"]))
    assert result.text.splitlines() == PROSE[:1] + items


def test_short_lines_of_a_larger_page_take_the_precision_pass(monkeypatch):
    """Output that is mostly short lines but a small part of the page (menus kept by
    favor_recall around a short article) is replaced by trafilatura's precision pass; the page's
    visible text is not used, so the plain-text position rules never cut it."""
    from services.clean import html as html_module

    recall = "\n".join(LINK_LINES + PROSE)
    precise = "\n".join(PROSE)
    calls = []

    def parts(_html, precision=False):
        calls.append(precision)
        return (precise, "") if precision else (recall, "")

    monkeypatch.setattr(html_module, "main_text_parts", parts)
    result = clean_html(_page((LINK_LINES + PROSE) * 10))
    assert calls == [False, True]
    assert result.text.splitlines() == PROSE
    assert not result.removed


def test_table_rows_of_the_extractor_output_stay(monkeypatch):
    """trafilatura writes a table as "| cell | cell |" lines: a table of results is the article's
    content, not a row of links."""
    from services.clean import html as html_module

    table = ["| Team | Played | Points |", "| Porto | 30 | 72 |", "| Benfica | 30 | 70 |"]
    text = "\n".join(PROSE[:2] + table + PROSE[2:])
    monkeypatch.setattr(html_module, "main_text_parts", lambda _html, precision=False: (text, ""))
    result = clean_html("<html><body><p>x</p></body></html>")
    assert result.text.splitlines() == text.splitlines()


def test_the_extractors_comment_thread_is_removed_as_reader_comments(monkeypatch):
    from services.clean import html as html_module

    article, thread = "\n".join(PROSE), "\n".join(THREAD)
    monkeypatch.setattr(html_module, "main_text_parts", lambda _html, precision=False: (article, thread))
    result = clean_html("<html><body><p>x</p></body></html>")
    assert result.text.splitlines() == PROSE
    assert [(r.text, r.rule) for r in result.removed] == [(line, "reader_comments") for line in THREAD]
