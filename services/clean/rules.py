"""The named rules of the boilerplate cleaner.

Every name that can go into ``RemovedLine.rule`` (and into the
``newsflow_boilerplate_lines_removed_total{rule}`` label) is a value of :class:`Rule`: a small,
fixed set, listed in docs/cleaning.md with each rule's reason.

Two kinds:
- *wording* rules look at one short block's words. They know English phrases, so each one
  also requires a structural signal (the block is short and not a sentence of prose), and
  they apply only to English (:data:`ENGLISH_WORDING`, :func:`is_english`): an article known
  to be in another language is decided by structure alone, except for two marks that are no
  wording, a copyright sign and a run of hashtags.
- *structural* rules (repetition, runs of headlines, position relative to the densest run of
  prose) are language-neutral; ``plaintext.py`` and ``extracted.py`` apply them with the
  features of ``features.py``.
"""
from __future__ import annotations

import re
from enum import StrEnum

from .caseless import Caseless
from .features import Block


class Rule(StrEnum):
    """Why a line was removed."""

    # wording: one short block's words (the functions below of the same name)
    NEWSLETTER_PROMPT = "newsletter_prompt"
    PROMO_LINE = "promo_line"
    LEGAL_NOTICE = "legal_notice"
    SHARE_PROMPT = "share_prompt"
    COMMENT_FORM = "comment_form"
    TAG_LIST = "tag_list"
    SECTION_HEADER = "section_header"  # "Related Links": opens a box of links
    # a section header near the end of the article's run, and everything after it in that run
    SECTION_TAIL = "section_tail"
    # the author's bio at the end of the article, opening with the byline's name (plain text)
    AUTHOR_BIO = "author_bio"
    # structure
    # a run of HEADLINE_RUN or more short, unpunctuated, capitalised lines (other stories'
    # headlines, a menu) outside the article's prose; the lines under a section header; a row
    # of links on one line (:func:`link_row`)
    HEADLINE_LIST = "headline_list"
    # a line already seen on the page: menus, teasers and headers repeat, paragraphs do not
    REPEATED_LINE = "repeated_line"
    BLANK_OR_SYMBOLS = "blank_or_symbols"  # :func:`blank_or_symbols`
    # a readers' thread (threads.py): other people's words about the story, not the story
    READER_COMMENTS = "reader_comments"
    # the article's headline at the top of its text: it is the article's ``title``, not its body
    ARTICLE_TITLE = "article_title"
    # outside every run of prose: before the first (navigation, login), after the last
    # (footers, link lists, sidebars), or in a gap of short lines between two
    BEFORE_MAIN_TEXT = "before_main_text"
    AFTER_MAIN_TEXT = "after_main_text"
    BETWEEN_MAIN_TEXT = "between_main_text"
    # HTML: not in the article body the page declares in its schema.org data (declared.py)
    OUTSIDE_DECLARED_BODY = "outside_declared_body"


#: the rules that rely on English wording: they apply only to an article in English or in an
#: unknown language. In another language, ``legal_notice`` still removes a short line with a
#: copyright mark ("©", "(c) 2024") and ``tag_list`` a run of hashtags, which are no wording;
#: ``section_tail`` is opened by a section header. The other rules are structural and apply to
#: every language (the readers' thread by its stamps with a date and a time; its English
#: headings and "says:" stamps only in English, see threads.py).
ENGLISH_WORDING = frozenset({Rule.NEWSLETTER_PROMPT, Rule.PROMO_LINE, Rule.LEGAL_NOTICE, Rule.SHARE_PROMPT,
                             Rule.COMMENT_FORM, Rule.TAG_LIST, Rule.SECTION_HEADER, Rule.SECTION_TAIL,
                             Rule.AUTHOR_BIO})


def is_english(language: str | None) -> bool:
    """True when the English wording rules apply: the article's language (ISO 639-1, as ingest
    sets it) is English ("en", "en-GB"), or not known (None)."""
    return language is None or language.strip().lower().split("-")[0] in ("en", "")


#: wording rules only ever fire on blocks this short (in words).
WORDING_MAX_WORDS = 20
#: a legal notice with a rights statement (©, "All rights reserved") may be this long.
LEGAL_MAX_WORDS = 80
#: inside the article, a wording rule also needs the block to be this short and unpunctuated.
INLINE_MAX_WORDS = 12
#: a section header ("Related stories") at most this long ends the article...
SECTION_MAX_WORDS = 8
#: ...when less than this share of the run's prose follows it.
SECTION_TAIL_SHARE = 0.35
#: this many headline-like lines in a row are a list of other stories.
HEADLINE_RUN = 3

class Wording(Caseless):
    """A wording pattern (:class:`caseless.Caseless`) with the words it cannot match without.

    ``first``: words one of its start-anchored alternatives begins with; ``anywhere``: words
    one of its other alternatives contains; ``marks``: characters that are enough on their own.
    Set lookups on a block's tokens rule out almost every line before the regular expression
    runs, which is what keeps plain-text cleaning fast; a unit test checks on real pages that
    no line the pattern matches is ruled out.
    """

    def __init__(self, pattern: str, first: str = "", anywhere: str = "", marks: str = "") -> None:
        super().__init__(pattern)
        self.first = frozenset(first.split())
        self.anywhere = frozenset(anywhere.split())
        self.words = tuple(sorted(self.first | self.anywhere))
        self.marks = "".join(dict.fromkeys(marks))  # each character once

    def may_match(self, block: Block) -> bool:
        tokens = block.tokens
        if tokens is None:  # a long block keeps no words: any of them as a substring (a wider test)
            key = block.key
            if any(word in key for word in self.words):
                return True
        elif tokens and (tokens[0] in self.first or not self.anywhere.isdisjoint(tokens)):
            return True
        text = block.text
        for mark in self.marks:  # one or two characters: substring tests beat a regular expression
            if mark in text:
                return True
        return False

    def search(self, block: Block) -> bool:
        return self.may_match(block) and Caseless.search(self, block)


_NEWSLETTER = Wording(
    r"\b(subscribe|subscription|newsletters?|sign[ -]?up|mailing list|e-?mail alerts?|rss feeds?|"
    r"get (our|the) (daily|weekly|latest)|delivered (straight )?to your inbox)\b",
    anywhere="subscribe subscription newsletter newsletters sign signup mailing alert alerts rss "
             "daily weekly latest inbox")
_PROMO = Wording(
    r"(^\W*(learn (more )?about|read more|click here|continue reading|find out more|visit|watch|"
    r"(previous|next|newer|older) (post|article|story|entry|page)s?|"
    r"see (all|more)|view (all|more|the full)|more (on|at|from)|download|get the app|buy (now|on))\b"
    r"|\b(at|on|from|visit) (www\.)?[\w-]+\.(com|org|net|co\.uk|io|info|tv)\b\W*$"
    r"|\b(advertisement|sponsored( content)?|promoted|partner content)\W*$)",
    first="learn read click continue find visit watch previous next newer older see view more "
          "download get buy",
    anywhere="com org net uk io info tv advertisement sponsored promoted content")
_LEGAL = Wording(
    r"(©|\(c\) ?\d{4}|\bcopyright\b|all rights reserved|\bcookies?\b|privacy (policy|notice)|"
    r"terms (of|and) (use|service|conditions)|terms & conditions|best viewed|enable javascript|"
    r"javascript (is )?(disabled|required)|powered by\b|not responsible for the content|^\W*disclaimer\b)",
    anywhere="c copyright reserved cookie cookies privacy terms viewed javascript powered responsible "
             "disclaimer", marks="©")
#: the unmistakable part of a legal notice, enough on a longer block (a publisher's rights
#: statement runs to 60 words) where a single word such as "cookies" is not.
_RIGHTS = Wording(r"(©|all rights reserved|for your personal,? non-commercial use|"
                  r"a version of this (article|story) appeared in print)",
                  anywhere="reserved personal print", marks="©")
_SHARE = Wording(
    r"(^\W*(share|tweet|email|e-mail|print|like|pin it|follow)( (this|it|us|on|article|story|page))?\W*$"
    r"|\b(share (this|on|via)|follow us|like us on|join us on|find us on)\b"
    r"|^\W*(facebook|twitter|linkedin|reddit|pinterest|whatsapp|instagram|google\+|digg|stumbleupon)\W*$)",
    first="share tweet email e print like pin follow facebook twitter linkedin reddit pinterest "
          "whatsapp instagram google digg stumbleupon",
    anywhere="share follow like join find")
_COMMENT_FORM = Wording(
    r"(\(required\)|will not be published|never made public|leave a (reply|comment)|post a comment|"
    r"add (a|your) comment|cancel reply|you are commenting using|log ?(in|out) to (comment|reply)|"
    r"comments? (are|is) (closed|moderated)|flag as inappropriate|report (abuse|offensive)|"
    r"your (reply|comment) (has been|was|is) (submitted|posted|awaiting)|"
    r"^\W*(no|\d+) (comments?|responses?|replies)\b\W*(yet|so far)?\W*$|^\W*comments? \(\d+\)\W*$)",
    anywhere="required published public leave post add cancel commenting log login logout "
             "closed moderated flag report reply comment comments responses replies")
#: the comment form's instructions: they count against a run of prose even as a sentence.
_FORM_NOTICE = Wording(
    r"\b(you (may|can) use these html tags|(basic )?html is allowed|allowed html|"
    r"notify me of (follow-?up|new) (comments|posts))\b",
    anywhere="html notify")
#: the comment form's status messages (blog platforms print them all, hidden by script):
#: removed inside the article's run, but not scored, since they sit among the form's lines.
_FORM_STATUS = Wording(
    r"\b((previewing|verify) your comment|"
    r"your comment (has not yet been|could not be|has been) (posted|saved)|"
    r"letters and numbers you|having trouble reading this image|"
    r"you can follow (this conversation|any responses to this entry)|comment feed for this post|"
    r"you can leave a response|comments and pings are|listed below are links to weblogs|"
    r"your (reply|comment) has been submitted|comments will be published after moderation|"
    r"comments?\W+read them below|^\W*reply\W*$|^\W*reply to this\b)",
    first="reply",
    anywhere="previewing verify posted saved letters trouble conversation responses feed response "
             "pings weblogs submitted moderation below")
#: a tag list opens the line, or follows another field of the byline after a bar or a colon
#: ("NFL.com Staff | Tags: Saints, ...", "..., windows 8 : Related Tags: broadband, ...")
_TAGS = Wording(
    r"(^|[|:]\s)\W*(related tags|tags|tagged|labels|filed under|categories|topics|keywords)\s*:|(#\w[^#]*){3,}$",
    first="tags tagged labels filed categories topics keywords",
    anywhere="tags tagged labels filed categories topics keywords", marks="#")
_SECTION = Wording(
    r"^\W*(related\b|recommended\b|more (from|in|on|stories|news|about)\b|you (may|might) (also )?(like|enjoy)|"
    r"also on\b|top (headlines|stories)|most (popular|read|viewed|watched|emailed|shared)|"
    r"popular (now|posts|stories|articles)|leave a (reply|comment)|post a comment|"
    r"read next|trending\b|latest (news|stories|posts|headlines)|see also|further reading|"
    r"other stories|in other news|around the web|from (our|the) (partners|web)|"
    r"(more|other|latest|top|popular|recommended)\b[^.!?]{0,40}:$)",
    first="related recommended more you also top most popular leave post read trending latest see "
          "further other in around from")


# --- wording rules: one English signal plus a structural one ------------------------------

def newsletter_prompt(block: Block) -> bool:
    """Calls to subscribe, sign up or get alerts ("|Subscribe Free To Our Daily Newsletters"):
    short lines asking the reader to do something are not part of any story."""
    return block.words <= WORDING_MAX_WORDS and _NEWSLETTER.search(block)


def promo_line(block: Block) -> bool:
    """Promotion of the site or of other pages ("Learn about ... at SpaceWar.com", "Read more",
    "Advertisement"): an imperative or a site name on a short line points away from the article."""
    return block.words <= WORDING_MAX_WORDS and _PROMO.search(block)


def legal_notice(block: Block) -> bool:
    """Copyright, cookie, privacy and terms lines, "powered by" credits, a publisher's rights
    statement ("All rights reserved", "A version of this article appeared in print on ..."):
    page furniture that is the same on every article of a site."""
    if block.words <= WORDING_MAX_WORDS * 2 and _LEGAL.search(block):
        return True
    return block.words <= LEGAL_MAX_WORDS and _RIGHTS.search(block)


def share_prompt(block: Block) -> bool:
    """Share buttons and social links ("Share this", "Tweet", "Facebook", "Follow us on ..."):
    their text is the buttons' labels, not the article."""
    return block.words <= INLINE_MAX_WORDS and _SHARE.search(block)


def comment_form(block: Block) -> bool:
    """The comment form's labels and notices ("Leave a Reply", "Name (required)", "Your email
    will not be published", "You may use these HTML tags and attributes: ..."): instructions of
    the page, not something anyone wrote about the story."""
    return block.words <= WORDING_MAX_WORDS * 2 and (_COMMENT_FORM.search(block) or form_notice(block))


#: a comment count, the comment form's line that an index page repeats under every post
_COMMENT_COUNT = re.compile(r"^\W*(?:(?:no|\d+) (?:comments?|responses?|replies)|comments? \(\d+\))", re.I)


def comment_count(block: Block) -> bool:
    """A comment count ("12 Comments", "No comments yet", "Comments (0)"): part of
    ``comment_form``; an index page prints one under every post."""
    return _COMMENT_COUNT.search(block.text) is not None


def form_notice(block: Block) -> bool:
    """The comment form's own instructions ("You may use these HTML tags and attributes: ...",
    "Notify me of follow-up comments by email"): long enough to pass for prose, so unlike
    the other wording they count against the run they sit in even as a sentence, and go
    from inside the article's run. Part of ``comment_form``."""
    return _FORM_NOTICE.search(block)


def form_status(block: Block) -> bool:
    """The comment form's status messages ("Your comment could not be posted.", "Previewing
    your Comment", "enter the letters and numbers you see in the image"): the page's script
    shows one at a time, the scraped text holds them all. Recorded as ``comment_form``."""
    return _FORM_STATUS.search(block)


def rights_statement(block: Block, english: bool = True) -> bool:
    """A publisher's rights statement ("© 2012 The Associated Press. All rights reserved. This
    material may not be published, broadcast, rewritten or redistributed."): page furniture
    even when it reads as sentences, so inside the article it goes at any length up to
    ``LEGAL_MAX_WORDS``; longer, when the paragraph ends in it (:func:`ends_in_rights`). Not
    ``english``: only the copyright mark. Part of ``legal_notice``."""
    if block.words <= LEGAL_MAX_WORDS and (_RIGHTS if english else _COPYRIGHT_MARK).search(block):
        return True
    return ends_in_rights(block, english)


#: the end of a site's footer: a copyright mark and its holder, or "All rights reserved"
_RIGHTS_AT_END = re.compile(r"(?:©[^.!?©]{0,60}|\ball rights reserved)\W*$", re.I)
_MARK_AT_END = re.compile(r"©[^.!?©]{0,60}\W*$")
#: how far from a paragraph's end its closing rights statement starts, at most (characters)
_RIGHTS_TAIL_CHARS = 80


def ends_in_rights(block: Block, english: bool = True) -> bool:
    """A paragraph that closes with a rights statement ("... are trademarks of the National
    Hockey League. ... © NHL 2012. All Rights Reserved.", "... please contact us directly. ©
    2006-2012"), however long: a site's footer (its trademarks, its disclaimers), since no
    article's paragraph ends by claiming its rights. Not ``english``: only the copyright mark."""
    tail = block.text[-_RIGHTS_TAIL_CHARS:]
    if "©" in tail:
        return (_RIGHTS_AT_END if english else _MARK_AT_END).search(tail) is not None
    return english and "reserved" in tail.lower() and _RIGHTS_AT_END.search(tail) is not None


#: a blog's link to the post before and after this one, around a link to its front page:
#: "« Previous post's title | Main | Next post's title »"
_POST_NAVIGATION = Wording(r"^\W*«[^|]*\||\|[^|]*»\W*$|\|\s*main\s*(\||$)", anywhere="main", marks="«»")


def post_navigation(block: Block) -> bool:
    """A blog's previous/next links ("« Preview of my keynote | Main | Death threats against
    bloggers »"): two other posts' titles, which an extractor keeps as a line of the article,
    as long as the titles make it. Recorded as ``promo_line`` (like "Next post")."""
    return block.words <= WORDING_MAX_WORDS * 2 and "|" in block.text and _POST_NAVIGATION.search(block)


def tag_list(block: Block) -> bool:
    """A list of tags or categories ("Tags: politics, polls", "#india#china#army"): the site's
    index terms for the article, not its text. Hashtag runs are caught in any language."""
    return block.words <= WORDING_MAX_WORDS * 2 and _TAGS.search(block)


WORDING_RULES = ((Rule.NEWSLETTER_PROMPT, newsletter_prompt), (Rule.PROMO_LINE, promo_line),
                 (Rule.LEGAL_NOTICE, legal_notice), (Rule.SHARE_PROMPT, share_prompt),
                 (Rule.COMMENT_FORM, comment_form), (Rule.TAG_LIST, tag_list))
#: the patterns each wording rule searches: a rule cannot fire on a block that holds none of
#: their trigger words (a unit test checks this list against the functions on real pages).
_RULE_PATTERNS = {Rule.NEWSLETTER_PROMPT: (_NEWSLETTER,), Rule.PROMO_LINE: (_PROMO,),
                  Rule.LEGAL_NOTICE: (_LEGAL, _RIGHTS), Rule.SHARE_PROMPT: (_SHARE,),
                  Rule.COMMENT_FORM: (_COMMENT_FORM, _FORM_NOTICE), Rule.TAG_LIST: (_TAGS,)}


class Triggers:
    """Which of several groups of wording patterns may match a block, as a bit mask (bit k for
    group k), found in one pass over its tokens: the same test as each pattern's
    :meth:`Wording.may_match`, so that only the rules a block's words point to run at all."""

    def __init__(self, groups: list[tuple[Wording, ...]]) -> None:
        self.first: dict[str, int] = {}
        self.anywhere: dict[str, int] = {}
        self.marks: dict[str, int] = {}
        for k, group in enumerate(groups):
            for pattern in group:
                for table, keys in ((self.first, pattern.first), (self.anywhere, pattern.anywhere),
                                    (self.marks, pattern.marks)):
                    for key in keys:
                        table[key] = table.get(key, 0) | 1 << k
        self.words = frozenset(self.anywhere)
        self.mark_bits = tuple(self.marks.items())

    def mask(self, block: Block) -> int:
        tokens = block.tokens
        found = 0
        if tokens:
            found = self.first.get(tokens[0], 0)
            if not self.words.isdisjoint(tokens):  # rare: most lines hold no trigger word
                for word in self.words.intersection(tokens):
                    found |= self.anywhere[word]
        text = block.text
        for mark, bits in self.mark_bits:  # one or two characters: substring tests
            if mark in text:
                found |= bits
        return found


_TRIGGERS = Triggers([_RULE_PATTERNS[rule] for rule, _ in WORDING_RULES])
_RULE_BITS = tuple((1 << k, rule, matches) for k, (rule, matches) in enumerate(WORDING_RULES))


#: the parts of the wording rules that are no wording: they apply in every language.
_COPYRIGHT_MARK = Wording(r"©|\(c\) ?\d{4}", anywhere="c", marks="©")
_HASHTAGS = Wording(r"(#\w[^#]*){3,}$", marks="#")


def wording_rule(block: Block, english: bool = True) -> Rule | None:
    """The first wording rule that removes ``block`` judged on its own, or None. Not
    ``english``: only a copyright mark or a run of hashtags (see :data:`ENGLISH_WORDING`)."""
    if not english:
        return _unworded_rule(block)
    if block.words > WORDING_MAX_WORDS * 2:  # too long for any rule but a rights statement
        return Rule.LEGAL_NOTICE if rights_statement(block) else None
    found = _TRIGGERS.mask(block)
    if not found:  # most lines: no trigger word of any rule
        return None
    for bit, rule, matches in _RULE_BITS:
        if found & bit and matches(block):
            return rule
    return None


def _unworded_rule(block: Block) -> Rule | None:
    if rights_statement(block, english=False):
        return Rule.LEGAL_NOTICE
    if block.words <= WORDING_MAX_WORDS * 2 and _HASHTAGS.search(block):
        return Rule.TAG_LIST
    return None


def section_header(block: Block) -> bool:
    """A short heading that opens a box of links: "Related Links", "More from ...", "Top stories"."""
    # asked of nearly every block: the first word, _SECTION's whole trigger (all of its
    # alternatives start the line), is tested here before any call (speed)
    tokens = block.tokens
    return (block.words <= SECTION_MAX_WORDS and not block.ends_sentence and bool(tokens)
            and tokens[0] in _SECTION.first and _SECTION.search(block))


#: a bio's opening: a name of two or three capitalised words (an Ars-style "Jon Brodkin / Jon", a
#: Twitter handle after it allowed), then what a bio says of its subject
_BIO_OPENING = re.compile(r"(?:about )?([A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,2})(?: \(@\w+\))?(?: / [A-Z]\w+)?,? "
                          r"(?:is|was|has been|joined|started|writes|covers|lives|brings|founded)\b")
#: a byline names its author after "by" or "about", or first, before a date or a bar ("by Nancy
#: Atkinson on November 1, 2012", "About Nancy Atkinson", "Chris Atkinson | 6 mins ago")
_BYLINE_NAME = "\\b(?:by|about):? {name}\\b|^{name}\\W+\\w"
#: a byline is a short line
BYLINE_MAX_WORDS = 12
#: a bio is a paragraph of its own: a one-sentence credit ("Jane Doe is a professor of law.")
#: is often printed as the end of the article's text
BIO_MIN_WORDS = 20


def bio_subject(block: Block) -> str | None:
    """The name an author's bio opens with ("Nancy Atkinson is Universe Today's Senior Editor.
    She also ..."), lower-cased, or None when the paragraph does not open like one."""
    if block.words < BIO_MIN_WORDS:
        return None
    match = _BIO_OPENING.match(block.text)
    return match.group(1).lower() if match else None


def byline_names(block: Block, name: str) -> bool:
    """``block`` is a byline naming ``name`` (lower-cased): a short line that holds the name
    after "by" or "about", or opens with it (and holds more: a line of the name alone is as
    often a subheading or a caption)."""
    return (block.words <= BYLINE_MAX_WORDS and name in block.key
            and re.search(_BYLINE_NAME.format(name=re.escape(name)), block.key) is not None)


#: a link's label closing a short line: the line is another page's headline and its link ("Aurora
#: shooting: victims remembered Watch Video"), which trafilatura's recall pass keeps as text
_LINK_LABEL_ENDINGS = ("video", "gallery", "slideshow", "more", "reading")
_TRAILING_LINK_LABEL = re.compile(r"\s(?:(?:watch|play|view) (?:the )?(?:video|gallery|slideshow)|"
                                  r"(?:read|see) more|continue reading)\W*$", re.I)


def teaser_with_link_label(b: Block) -> bool:
    """A short line that ends in a link's label ("Watch Video", "Read more", "Continue
    reading") after a headline of at least three words: another story's teaser, in both modes
    (an extractor keeps it as a line; plain text has it among the article's paragraphs).
    The label is a button's, so it starts with a capital: a sentence that ends "... expect to
    see more." stays. Recorded as ``promo_line``."""
    if not 5 <= b.words <= WORDING_MAX_WORDS:  # the cheap test first: most paragraphs are longer
        return False
    tail = b.text.rstrip(" .»›→>").rsplit(None, 1)[-1].lower() if b.text.strip() else ""
    if tail not in _LINK_LABEL_ENDINGS:
        return False
    label = _TRAILING_LINK_LABEL.search(b.text)
    return label is not None and label.group().lstrip()[:1].isupper()


_ROW_SEPARATORS = re.compile(r"\s*[|•·]\s*")


def link_row(block: Block) -> bool:
    """A menu or a row of links on one line: three or more items of at most four words each,
    separated by "|", "•" or "·" ("Politics | India | Movies", "RSS|Email|Twitter"), however
    long. Recorded as ``headline_list``."""
    text = block.text
    if "|" not in text and "•" not in text and "·" not in text:  # most lines: no split (speed)
        return False
    items = [item for item in _ROW_SEPARATORS.split(text) if item.strip()]
    return len(items) >= 3 and all(len(item.split()) <= 4 for item in items)


def blank_or_symbols(block: Block) -> bool:
    """A line with no letter or digit ("|", "»", "-"): separators and icons, no content."""
    return block.tokens == []  # not None: a block too long to keep its words has many
