"""HTML mode's second opinion: a page of entries whose extractor kept only one of them."""
from services.clean.cleaner import clean_html
from services.clean.features import blocks, split_lines
from services.clean.html import main_text_parts, quick_visible_text, visible_text
from services.clean.overlooked import OVERLOOKED_PARAGRAPHS, overlooked_most_prose

PLACES = ["Alder", "Birch", "Cedar", "Damson", "Elm", "Fir", "Gorse", "Hazel", "Ivy", "Juniper", "Larch", "Maple"]
SIGHTS = ["a heron", "two otters", "the ferry", "a fallen oak", "the sluice", "a kingfisher", "the old chapel",
          "a flock of geese", "the weir", "a broken stile", "the quarry", "a red kite"]


def entry(i: int) -> str:
    place, sight = PLACES[i], SIGHTS[i]
    return (f'<div class="entry"><h3>{place} day</h3><div class="entry-content">'
            f"<p>On the {place} walk we saw {sight} before noon, so {place.lower()} became our word for luck that week.</p>"
            f"<p>The path from {place} bridge climbs through {sight.split()[-1]} country, past the sheepfolds "
            f"and the ruined {place.lower()} barn, to a ridge where the wind never drops.</p>"
            f"<p>Back at {place} farm, {sight} was all anyone talked about over supper, until the {place.lower()} lamp went out.</p>"
            f'</div><p class="meta">Posted by Ann at {i + 1}:12 PM</p></div>')


def page(entries: str) -> str:
    return ('<html><head><title>Ann walks</title></head><body><div id="nav"><a href="/">Home</a> '
            f'<a href="/about">About</a></div>{entries}<div id="footer">Copyright 2007 Ann</div></body></html>')


def test_a_blogs_front_page_keeps_every_entry_the_extractor_overlooked():
    html = page("".join(entry(i) for i in range(12)))
    assert "Maple farm" not in main_text_parts(html)[0]  # the extractor keeps the first entry only
    result = clean_html(html)
    for place in PLACES:
        assert f"Back at {place} farm" in result.text
    assert {(r.text, r.rule) for r in result.removed} >= {("Home About", "before_main_text"),
                                                         ("Copyright 2007 Ann", "legal_notice")}


def test_an_article_with_a_few_paragraphs_beside_it_stays_the_extractors():
    article = "".join(f"<p>{SIGHTS[i].capitalize()} was seen at {PLACES[i]} on the day the survey began, "
                      f"and the counters wrote it down twice to be sure.</p>" for i in range(6))
    bio = "".join(f"<p>Ann has walked the {place} hills for twenty years and writes about them weekly.</p>"
                  for place in PLACES[:4])
    html = page(f'<article><div class="entry-content">{article}</div></article><aside>{bio}</aside>')
    text = clean_html(html).text
    assert "counters wrote it down" in text and "twenty years" not in text


def blocks_of(*paragraphs: str):
    return blocks(list(paragraphs))


SEEN = "The council met on Tuesday and voted to extend the bus network to the three new estates."


def test_overlooked_prose_needs_enough_paragraphs_and_weight():
    others = [f"Paragraph {i} of another entry, which the extractor never returned, runs on like this." for i in
              range(OVERLOOKED_PARAGRAPHS)]
    assert overlooked_most_prose(SEEN, 16, blocks_of(SEEN, *others))
    assert not overlooked_most_prose(SEEN, 16, blocks_of(SEEN, *others[1:]))  # one paragraph short
    assert not overlooked_most_prose(SEEN, 1000, blocks_of(SEEN, *others))  # outweighed by the article


def test_prose_the_extractor_returned_is_not_overlooked_even_if_our_rules_removed_it():
    others = [f"Caption {i} of a slideshow that the extractor returned, then our rules removed as teasers." for i in
              range(OVERLOOKED_PARAGRAPHS)]
    assert not overlooked_most_prose("\n".join([SEEN, *others]), 16, blocks_of(SEEN, *others))


def test_the_quick_visible_text_has_the_parsers_lines():
    html = ('<html><head><title>T</title><style>p {}</style></head><body><div>Menu <b>one</b></div>'
            '<script>var x = "<p>no</p>";</script><!-- a note --><p>First &amp; <i>second</i></p>tail<br>end</body></html>')
    assert split_lines(quick_visible_text(html)) == split_lines(visible_text(html)) == [
        "Menu one", "First & second", "tail", "end"]
    declared = '<?xml version="1.0" encoding="utf-8"?><html><body><p>Declared</p></body></html>'
    assert split_lines(quick_visible_text(declared)) == ["Declared"]  # lxml refuses it: the parser reads it
