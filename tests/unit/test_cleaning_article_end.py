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


OTHER_STORIES = [
    "Council budget: the mayor's plan for the new year explained, from bus fares to the price of parking "
    "permits in the old town, and what it means for your household bills over the next twelve months.",
    "Festival returns: the valley's summer music weekend will be back in July after two years away, "
    "with three stages, a larger camping field and a free shuttle bus from the station every half hour.",
    "Cup final preview: both managers say their squads are fit, and ticket sales have broken the record "
    "set ten years ago, when the town's club last reached the final and lost on penalties after extra time.",
]


def test_a_comment_form_inside_the_run_ends_the_article():
    # the teasers after the form hold enough prose to join the densest run without it
    form = "Leave a Reply Cancel reply"
    kept, removed = clean(["Water levels at ten-year low", *STORY, form, *OTHER_STORIES])
    assert all(line in kept for line in STORY)
    assert removed[form] == "comment_form"
    assert all(removed[t] == "after_main_text" for t in OTHER_STORIES)


def test_a_comment_form_line_before_most_of_the_article_s_prose_ends_nothing():
    # a link to the comments under the standfirst: fewer words of prose than a story above it
    kept, _ = clean(["Water levels at ten-year low", *STORY[:2], "Add a comment", *STORY[2:]])
    assert all(line in kept for line in STORY)


def test_an_index_page_with_a_comment_count_under_every_post_is_not_cut():
    posts = [f"On day {day} of the shortage: {line}" for day in range(1, 6) for line in STORY[day - 1:day + 1]]
    lines = []
    for k in range(0, len(posts), 2):
        lines += [posts[k], posts[k + 1], f"Posted by Marta at {k // 2 + 1}:15 PM", f"Comments ({k})"]
    kept, _ = clean(lines)
    assert all(post in kept for post in posts)


def test_the_comment_form_cut_is_english_wording():
    form = "Leave a Reply Cancel reply"
    kept, _ = clean(["Water levels at ten-year low", *STORY, form, *OTHER_STORIES], language="de")
    assert all(t in kept for t in OTHER_STORIES)
