"""HTML mode: the article body a page declares in its schema.org JSON-LD (services/clean/declared.py)."""
import json

from services.clean.cleaner import clean_html
from services.clean.declared import declared_bodies, declared_lines
from shared.contracts import RemovedLine

PARAGRAPHS = [
    "The river authority opened the new weir at Kelham on Tuesday, two years after the floods that cut the town off.",
    "Engineers said the structure would hold back a flood twice the size of the one in 2022, when water reached the square.",
    "Residents who lost their homes then were invited to the opening, and several of them spoke to the crowd.",
    "“We waited a long time for this,” said Mary Holt, whose bakery on the square was under a metre of water.",
    "The authority will now begin work on a second weir upstream, which it expects to finish by the end of next year.",
]
SUBHEADING = "What comes next"


def ld(body: str, kind: str = "NewsArticle") -> str:
    data = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, {"@type": kind, "articleBody": body}]}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def page(head: str, article: str) -> str:
    return (f"<html><head><title>Weir opens</title>{head}</head><body>"
            '<div id="nav"><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></div>'
            '<div class="teaser"><p>Read next: council tax to rise again in the spring as budgets tighten</p></div>'
            f"<article>{article}</article>"
            '<div id="footer"><p>Copyright 2024 Kelham Gazette. All rights reserved.</p></div></body></html>')


def shown_article() -> str:
    first, second, third, fourth, fifth = (f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f"<p class='standfirst'>{PARAGRAPHS[0].split(',')[0]}</p>{first}{second}"
            f"<aside class='pullquote'><p>{PARAGRAPHS[3][:60]}</p></aside>{third}<p>Advertisement</p>"
            f"<h2>{SUBHEADING}</h2>{fourth}<p>Sign up for our daily newsletter</p>{fifth}")


def declared_body() -> str:
    # as publishers' systems write it: one string, entities and curly quotes, a newsletter
    # prompt their editor left inside, the subheading in it
    return " ".join(PARAGRAPHS[:3]) + f" {SUBHEADING} " + PARAGRAPHS[3].replace("’", "&#8217;") + \
        " Sign up for our daily newsletter " + PARAGRAPHS[4]


def test_the_json_ld_bodies_are_read_from_nested_graphs_and_broken_blocks_are_skipped():
    html = ld("Body one.") + '<script type="application/ld+json">{not json</script>' + ld("Body one.") + \
        "<script type='application/ld+json'>[{\"articleBody\": \"Body two.\"}, {\"articleBody\": 7}]</script>"
    assert declared_bodies(html) == ["Body one.", "Body two."]
    assert declared_bodies("<html><p>No metadata here.</p></html>") == []


def test_the_page_lines_in_the_declared_body_are_taken_in_order_without_repeats_or_furniture():
    html = page(ld(declared_body()), shown_article())
    result = clean_html(html)
    # The standfirst and the pull quote repeat the body's words; "Advertisement" and the
    # newsletter prompt are not the article (the prompt, inside the body, goes by its wording).
    assert result.text.split("\n") == PARAGRAPHS[:3] + [SUBHEADING] + PARAGRAPHS[3:]
    rules = {r.text: r.rule for r in result.removed}
    assert rules["Sign up for our daily newsletter"] == "newsletter_prompt"
    assert rules["Advertisement"] in ("promo_line", "outside_declared_body")
    assert rules["Home News Sport"] in ("before_main_text", "headline_list")


def test_without_a_declared_body_the_page_is_cleaned_as_before():
    with_body = clean_html(page(ld(declared_body()), shown_article()))
    without = clean_html(page("", shown_article()))
    assert with_body.text != without.text
    assert "outside_declared_body" not in {r.rule for r in without.removed}


def test_a_body_declared_but_not_shown_or_ambiguous_or_short_is_not_taken():
    lines = [p for p in PARAGRAPHS]
    body = " ".join(PARAGRAPHS)
    assert declared_lines(ld(body), lines, []) == lines
    # a paywalled page: the whole story declared, its start shown
    assert declared_lines(ld(body), lines[:2], []) is None
    # a listing: one body per teaser
    assert declared_lines(ld(body) + ld(PARAGRAPHS[0] * 8), lines, []) is None
    # a summary, not an article
    assert declared_lines(ld(PARAGRAPHS[0]), lines[:1], []) is None
    # a line the plain-text rules removed for its wording stays out
    prompt = "Subscribe free to our daily newsletters for more stories like this one"
    removed = [RemovedLine(text=prompt, rule="newsletter_prompt")]
    assert declared_lines(ld(body + " " + prompt), lines + [prompt], removed) == lines


def test_an_unclosed_block_is_no_body_and_a_page_needing_too_many_searches_is_left_to_the_extractor():
    from services.clean.declared import MAX_SEARCHES

    assert declared_bodies('<script type="application/ld+json">{"articleBody": "An unclosed body."}') == []
    body = [f"w{i}" for i in range(3 * MAX_SEARCHES)]
    # every line opens with two of the body's words in a row, and then leaves it
    lines = [f"{body[i]} {body[i + 1]} elsewhere and more words here" for i in range(MAX_SEARCHES + 1)]
    shown = [" ".join(body[i:i + 10]) for i in range(0, len(body), 10)]
    html = ld(" ".join(body))
    assert declared_lines(html, shown, []) == shown
    assert declared_lines(html, lines + shown, []) is None


def test_a_body_shown_twice_and_cut_two_ways_is_left_to_the_extractor():
    body = " ".join(PARAGRAPHS)
    # a desktop and a mobile copy of the story in one page: the same words, other line breaks
    halves = [" ".join(PARAGRAPHS[:2]), " ".join(PARAGRAPHS[2:])]
    assert declared_lines(ld(body), PARAGRAPHS + halves, []) is None
    assert declared_lines(ld(body), PARAGRAPHS + PARAGRAPHS, []) == PARAGRAPHS  # a plain repeat


def test_a_json_ld_block_wrapped_for_old_parsers_is_read():
    data = json.dumps({"@type": "NewsArticle", "articleBody": "Body one."})
    for wrapped in (f"<![CDATA[ {data} ]]>", f"//<![CDATA[\n{data}\n//]]>", f"/*<![CDATA[*/{data}/*]]>*/",
                    f"<!-- {data} -->"):
        assert declared_bodies(f'<script type="application/ld+json">\n  {wrapped}\n</script>') == ["Body one."]


def test_a_subheading_whose_words_a_sentence_of_the_body_repeats_is_kept():
    # the pull-quote check: the page shows "What comes next" twice, and so does the body
    lines = PARAGRAPHS[:3] + [SUBHEADING, PARAGRAPHS[3] + " What comes next is a second weir.", PARAGRAPHS[4]]
    body = " ".join(PARAGRAPHS[:3]) + f" {SUBHEADING} {lines[4]} {PARAGRAPHS[4]}"
    assert declared_lines(ld(body), lines, []) == lines
    # a pull quote: shown twice, held once
    quote = PARAGRAPHS[3][:60]
    assert declared_lines(ld(" ".join(PARAGRAPHS)), PARAGRAPHS[:3] + [quote] + PARAGRAPHS[3:], []) == PARAGRAPHS
