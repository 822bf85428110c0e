"""Plain text: what follows an article's body on a news page and is not the story (issue 15's
text-mode round): the author's bio under the byline's name, and a site's footer paragraph that
ends in its rights statement, however long. Invented text throughout."""
from __future__ import annotations

from services.clean import rules
from services.clean.cleaner import clean_text

BYLINE = "By Marta Kowalski on March 3, 2024"
STORY = [
    "The regional water authority said on Monday that reservoir levels had fallen to their lowest point in a decade.",
    "Engineers blamed a dry winter and rising demand from new housing estates on the edge of the valley towns.",
    "The authority will ask households to cut their use by a tenth and has delayed the refilling of two public pools.",
    "Farmers in the lower valley said they had already lost part of their spring planting to the shortage.",
    "A spokesman said the restrictions would be reviewed at the end of next month, once the spring rains were measured.",
    "Opposition councillors called for an inquiry into why repairs to the main pipeline had been postponed twice.",
]
BIO = ("Marta Kowalski is the environment correspondent of the Valley Courier. She has covered water, farming "
       "and climate policy for twelve years and lives with her two dogs near the reservoir she writes about.")
CREDIT = "Marta Kowalski is a reporter at the Valley Courier."


def clean(lines: list[str], language: str | None = None) -> tuple[list[str], dict[str, str]]:
    result = clean_text("\n".join(lines), language=language)
    return result.text.splitlines(), {r.text: r.rule for r in result.removed}


def test_the_authors_bio_after_the_article_goes():
    kept, removed = clean(["Valley Courier", "Water levels at ten-year low", BYLINE, *STORY, BIO, "Contact us"])
    assert removed[BIO] == "author_bio"
    assert all(line in kept for line in STORY)


def test_a_bio_by_a_name_the_byline_opens_with_goes():
    byline = "Marta Kowalski | 6 mins ago"
    kept, removed = clean(["Water levels at ten-year low", byline, *STORY, BIO])
    assert removed[BIO] == "author_bio" and all(line in kept for line in STORY)


def test_a_bio_without_a_byline_naming_its_subject_stays():
    # the name is not the byline's: the paragraph may be the story's last word on someone in it
    kept, _ = clean(["Water levels at ten-year low", "By Tomas Berg on March 3, 2024", *STORY, BIO])
    assert BIO in kept
    # a line of the name alone is as often a subheading or a caption as a byline
    kept, _ = clean(["Water levels at ten-year low", "Marta Kowalski", *STORY, BIO])
    assert BIO in kept


def test_a_person_introduced_early_in_the_story_stays():
    portrait = ("Marta Kowalski is the farmer whose fields were the first to dry out, and she has led the "
                "campaign for compensation since the first restrictions were announced last summer.")
    kept, _ = clean(["Water levels at ten-year low", BYLINE, portrait, *STORY])
    assert portrait in kept and all(line in kept for line in STORY)


def test_a_one_sentence_credit_stays():
    assert len(CREDIT.split()) < rules.BIO_MIN_WORDS
    kept, _ = clean(["Water levels at ten-year low", BYLINE, *STORY, CREDIT])
    assert CREDIT in kept


def test_the_bio_rule_is_english_wording():
    kept, _ = clean(["Water levels at ten-year low", BYLINE, *STORY, BIO], language="de")
    assert BIO in kept


FOOTER = ("ExampleSport.com is the official web site of the Example Sports League. The league's name, its "
          "shield, the cup's image and the names and logos of its events, awards and broadcasts are registered "
          "trademarks of the Example Sports League, and may not be reproduced without the prior written consent "
          "of Example Sports Enterprises. All team jerseys customised with players' names and numbers are "
          "licensed by the league and its players' association. The names and marks of the broadcasters and "
          "sponsors shown on this site are the property of their owners. © Example Sports League 2024. "
          "All Rights Reserved.")


def test_a_footer_that_ends_in_its_rights_goes_however_long():
    assert len(FOOTER.split()) > rules.LEGAL_MAX_WORDS
    kept, removed = clean(["Water levels at ten-year low", *STORY, "Follow the league", FOOTER])
    assert removed[FOOTER] == "legal_notice"
    assert all(line in kept for line in STORY)


def test_a_long_paragraph_that_mentions_rights_stays():
    mention = ("The publisher said the archive, whose notices read all rights reserved on every page, would "
               "be opened to researchers next year, after a dispute over who owned the photographs taken by "
               "the valley's first newspaper between the two world wars had been settled out of court by the "
               "families of the photographers and the town's historical society, which had kept the negatives "
               "in its cellar since the newspaper closed, and the society's chairman said the first exhibition of the "
               "prints would open in the old courthouse in the autumn.")
    assert len(mention.split()) > rules.LEGAL_MAX_WORDS
    kept, _ = clean(["Water levels at ten-year low", *STORY, mention])
    assert mention in kept


def test_in_other_languages_only_the_copyright_mark_ends_a_footer():
    marked = FOOTER.replace("All Rights Reserved.", "").rstrip()
    assert marked.endswith("2024.")
    _, removed = clean(["Water levels at ten-year low", *STORY, marked], language="fr")
    assert removed[marked] == "legal_notice"
    unmarked = FOOTER.replace("© Example Sports League 2024. ", "")
    kept, _ = clean(["Water levels at ten-year low", *STORY, unmarked], language="fr")
    assert unmarked in kept


def test_other_stories_teasers_with_a_link_label_go_from_the_article():
    teasers = ["Flood barrier opens for the first time: What It Means Watch Video",
               "Valley farmers count the cost of a dry spring Read more..."]
    kept, removed = clean(["Water levels at ten-year low", *STORY[:3], *teasers, *STORY[3:]])
    assert all(removed[t] == "promo_line" for t in teasers)
    assert all(line in kept for line in STORY)


def test_a_sentence_that_ends_in_a_label_s_words_stays():
    sentence = "Engineers said that, with another dry month, residents should expect to see more."
    kept, _ = clean(["Water levels at ten-year low", *STORY[:3], sentence, *STORY[3:]])
    assert sentence in kept
