"""Readers' comment threads told by their stamps (services/clean/threads.py), in both modes."""
from services.clean.cleaner import clean_text
from services.clean.features import blocks
from services.clean.threads import heading_cut, is_heading, is_stamp, thread_span

ARTICLE = [
    "The city council voted on Tuesday to expand the bus network into three new districts next year.",
    "Officials said the plan would cost about 40 million dollars and be paid for by a regional tax.",
    "Residents who spoke at the meeting were mostly in favour, although some raised concerns about noise.",
    "The first new lines are due to open in the spring, with night buses following later in the year.",
    "The council will publish the timetables in January, after a consultation with the bus operators.",
    "A second vote on the tram plans is expected in the autumn, once the regional budget is settled.",
    "The mayor said the network would be reviewed after two years, and cut back if few people used it.",
    "Opposition members called the plan rushed, but none of them voted against it on Tuesday evening.",
    "The regional tax will rise by half a percent from April, the first rise in more than five years.",
    "Bus drivers' unions welcomed the plan, which they said would bring about two hundred new jobs.",
    "The districts to be served were chosen for their distance from the existing tram and train lines.",
    "Shops along the new routes hope that more people will come to their streets from the city centre.",
]
COMMENTS = [
    ("Andrea says:", "I took the bus every day for ten years and the new lines are long overdue in my district."),
    ("Holly — June 25th, 2012, 3:57 am", "Forty million dollars sounds like a lot, but roads cost far more every year."),
    ("Posted by: Gina at September 10, 2012 12:13 PM", "Does anyone know whether the night buses will run in spring?"),
    ("by Ruchir on July 27, 2011 at 7:08 am.", "The noise concerns are real, the depot near us runs engines all night."),
]


def test_stamps_are_short_dated_and_timed_lines_or_says_lines():
    for stamp, _ in COMMENTS:
        assert is_stamp(blocks([stamp])[0]), stamp
    for line in ("10:42 am: The minister arrives at the talks",  # a live blog's entry: a time, no date
                 "Published 4 May 2025",  # a byline's date, no time
                 ARTICLE[0]):
        assert not is_stamp(blocks([line])[0]), line


def test_a_thread_with_stamps_heading_its_comments_is_reader_comments():
    thread = [line for pair in COMMENTS for line in pair]
    result = clean_text("\n".join(ARTICLE + thread + ["Contact us", "About"]))
    assert result.text.splitlines() == ARTICLE
    rules = {r.text: r.rule for r in result.removed}
    assert {rules[line] for line in thread} == {"reader_comments"}


def test_a_thread_with_stamps_closing_its_comments_is_reader_comments():
    thread = [line for stamp, body in COMMENTS for line in (body, stamp)]
    result = clean_text("\n".join(ARTICLE + ["Comments"] + thread))
    assert result.text.splitlines() == ARTICLE
    assert {r.rule for r in result.removed if r.text in thread} == {"reader_comments"}


def test_a_blogs_own_posts_are_not_a_thread():
    # an index page of one blogger's posts: the same author on every stamp
    posts = [line for k, text in enumerate(ARTICLE[:8])
             for line in (text, f"Posted by msshell at {k + 1}:41 PM on June {k + 2}, 2004")]
    assert thread_span(blocks(ARTICLE + posts)) is None


def test_tables_of_times_in_an_article_are_not_a_thread():
    # a technical article quoting query results: rows that each hold a date and a time
    table = [f"2020-08-01 18:{m:02d}:00+00 | {code} | {m * 37}" for m in range(6) for code in (200, 404)]
    result = clean_text("\n".join(ARTICLE[:8] + table[:6] + ARTICLE[8:] + table[6:] + ["Contact us"]))
    assert "reader_comments" not in {r.rule for r in result.removed}
    assert all(line in result.text for line in ARTICLE)
    # a thread whose stamps take two lines each ("Ann says:" over its date) is still one
    thread = [line for k, (stamp, body) in enumerate(COMMENTS)
              for line in (stamp.split(" —")[0].split(" at ")[0] + " says:", f"June {k + 2}, 2012 at 3:5{k} am", body)]
    assert thread_span(blocks(ARTICLE + thread)) is not None


def test_a_page_that_is_all_thread_is_not_cut():
    # a forum's page: nothing before the thread is an article to set it apart from
    thread = [line for pair in COMMENTS for line in pair]
    assert thread_span(blocks(["Forum", "Buses"] + thread)) is None


def test_a_byline_stamp_does_not_start_the_thread():
    byline = "By Jon Brodkin - Nov 9, 2012 4:45 pm UTC"
    thread = [line for pair in COMMENTS for line in pair]
    lines = ARTICLE[:2] + [byline] + ARTICLE[2:] + thread
    span = thread_span(blocks(lines))
    assert span is not None and lines[span[0]] == COMMENTS[0][0]


def test_a_thread_told_by_its_heading_alone_is_reader_comments():
    # no stamps (names and dates were images or left out), but a thread's heading after the
    # article, the thread running on from it with nothing else between them
    bodies = [body for _, body in COMMENTS]
    result = clean_text("\n".join(ARTICLE + ["{ 4 comments }"] + bodies))
    assert result.text.splitlines() == ARTICLE
    assert {r.rule for r in result.removed} == {"reader_comments"}


def test_comment_links_under_every_post_are_not_a_thread_heading():
    # an index page: "Comments (2)" under each post is a link to that post's thread
    posts = blocks([line for text in ARTICLE for line in (text, "Comments (2)")])
    assert heading_cut(posts, 0, len(posts) - 1) is None
    # one such heading after the article is the thread's
    page = blocks(ARTICLE + ["Comments (2)"] + [body for _, body in COMMENTS])
    assert heading_cut(page, 0, len(page) - 1) == len(ARTICLE)
    # "Comments (0)": no thread follows
    page = blocks(ARTICLE + ["Comments (0)"] + ARTICLE[:2])
    assert heading_cut(page, 0, len(page) - 1) is None


def test_a_byline_stamp_heading_the_page_does_not_hide_the_thread():
    # a Slashdot-like page: the story's own stamp first, a short story under it, then a thread
    # of named comments; the story is kept, the thread goes
    byline = "Posted by Unknown Lamer on Tuesday July 24, @07:29AM"
    story = ARTICLE[:6]
    thread = [line for pair in COMMENTS for line in pair]
    result = clean_text("\n".join([byline] + story + thread))
    assert result.text.splitlines()[-len(story):] == story
    assert {r.rule for r in result.removed if r.text in thread} == {"reader_comments"}


def test_a_thread_announced_by_its_heading_needs_no_long_article():
    # a photo post: a caption for an article, then "4 Comments" and the stamped thread
    caption = ["The new bus depot seen from the river on its first morning in service."]
    thread = [line for pair in COMMENTS for line in pair]
    lines = caption + ["4 Comments"] + thread
    span = thread_span(blocks(lines))
    assert span is not None and lines[span[0]] == COMMENTS[0][0]
    result = clean_text("\n".join(lines))
    assert result.text.splitlines() == caption


def test_a_bare_response_is_a_subheading_and_a_counted_one_a_threads_heading():
    # an article on an API: "Request", then "Response", each over its part of the text
    for line in ("Response", "The response"):
        assert not is_heading(blocks([line])[0]), line
    for line in ("1 Response", "Responses", "12 Responses", "One Response to “Weir opens”", "Comments (3)"):
        assert is_heading(blocks([line])[0]), line
