"""Sports results and standings: the lines where a city's name is its club.

Wire copy is full of tables ("Bolton 4 Portsmouth 1", "MIAMI 14 4 .778", "Essex 412 v Kent
96-2"). The model reads them badly: it runs names and scores together ("Arsenal 2 Leeds" as
one organisation), and calls a club named after its city the city. Two pure steps fix that:

- ``split_at_numbers``: a name never contains a score, a date or a dash between spaces, so a
  mention is cut there into its named pieces ("Arsenal 2 Leeds" -> "Arsenal", "Leeds";
  "LONDON 1996-08-30" -> "LONDON"; "Soccer - Japan" -> "Soccer", "Japan").
- ``relabel_table_names``: in a results line (names and scores, next to no ordinary words), a
  capitalised name directly followed by a score is a team. A country is the national team and
  stays a place, as news annotation conventions have it; a person's full name (a golfer, a
  batsman) stays a person; anything else becomes ORG, and a team name the model missed is added.
  One label per name across the article (``consistency.unify_labels``) then carries the club
  to its other mentions.
- ``people_with_initials``: in a results line, an initial and a surname before figures is a
  player, not a team: a scorecard's batsman or bowler ("( P. Simmons 4-38 )", "A. Dale 69"),
  added where the model left it untagged.
"""
from __future__ import annotations

import bisect
import re
from typing import Callable

from services.tag.consistency import Mention, replace_spans
from services.tag.spans import DAY_OR_MONTH, LINE_WINDOW, line_around

_TOKEN = re.compile(r"\S+")
# A token of digits without letters (a score, a date, a time; not "Jet2" or "G7") or a dash
# standing alone: names never hold one.
_BREAK = re.compile(r"(?:^|(?<=\s))(?:[^\s\w]*\d[\d\W_]*|[-–—]{1,2})(?=\s|$)")
_SCORE = re.compile(r"\d{1,3}(?:-\d{1,3})?")
_COUNT = re.compile(r"\d{1,3}")
# "Nov 9" or "Sat 14", which the model may call a person: a date, read as one later
# (spans.relabel_date_abbreviations), so not cut at its day's number
_DAY_OR_MONTH_BEFORE = re.compile(rf"\b{DAY_OR_MONTH}[ \t]+$")
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_CAPITALISED = re.compile(r"[A-Z][\w.'’&-]*")
# Lower-case words a results line may hold ("Essex 412 v Kent 96-2", "Somerset 255 and 31-1").
_TABLE_WORDS = frozenset({"v", "vs", "vs.", "and", "at", "after", "aet", "ot", "pen", "pens", "agg", "ht"})
# Lower-case particles of players' names, which a line of results with its scorers holds
# ("Eric van der Luer 78th", "Luis da Silva"): no ordinary words.
_NAME_PARTICLES = frozenset({"van", "der", "den", "de", "von", "da", "di", "del", "della", "dos", "du", "le", "la",
                             "ten", "ter", "el", "al", "bin", "ibn"})
# Capitalised words of a match report that are no team before a score ("Halftime 1-0").
_REPORT_WORDS = frozenset({"halftime", "half-time", "fulltime", "full-time", "attendance", "aggregate", "penalties"})
# Labels whose names never hold a number; a product or an event may ("Windows 95", "Euro 96").
SPLIT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})


def split_at_numbers(mentions: list[Mention], table_lines: list[tuple[int, int]],
                     is_country: Callable[[str], bool], is_place: Callable[[str], bool]) -> list[Mention]:
    """Cut name mentions at number tokens ("Chelsea 2-0", "LONDON 1996-08-30") and stand-alone
    dashes; at a bare number of up to three digits only in results lines and in a person's name
    (elsewhere it may be part of a name: "Super 8", "Schalke 04"). A piece that is a
    country, or a known place before a date (a dateline), is the place, whatever the whole was
    labelled ("Cricket - India" ORG, "LONDON 1996-08-30" ORG). A
    one-word piece beside a dash is kept only if it names a known place: the word a dash sets
    off is more often a section or a job title ("Soccer - Japan", "Brandon Luna - Analyst")."""
    out = []
    table_starts = [start for start, _ in table_lines]
    for mention in mentions:
        i = bisect.bisect_right(table_starts, mention.start) - 1
        in_table = i >= 0 and mention.start < table_lines[i][1]
        # a person's name never holds a number ("Waqar Younis 31" is a batsman and his runs)
        person = mention.label == "PERSON"
        cuts = [cut for cut in _BREAK.finditer(mention.form)
                if in_table or not _COUNT.fullmatch(cut.group())
                or (person and not _DAY_OR_MONTH_BEFORE.search(mention.form, 0, cut.start()))]
        if mention.label not in SPLIT_LABELS or not cuts:
            out.append(mention)
            continue
        bounds = [None, *cuts, None]
        for before, after in zip(bounds, bounds[1:]):
            position = before.end() if before else 0
            piece = mention.form[position:after.start() if after else len(mention.form)]
            stripped = piece.strip()
            if not stripped or not stripped[0].isalpha():
                continue
            by_dash = any(cut is not None and not any(c.isdigit() for c in cut.group())
                          for cut in (before, after))
            if by_dash and len(stripped.split()) == 1 and not is_place(stripped):
                continue
            offset = position + (len(piece) - len(piece.lstrip()))
            start = mention.start + offset
            dateline = after is not None and _YEAR.search(after.group())
            place = is_country(stripped) or (dateline and is_place(stripped))
            label = "GPE" if mention.label == "ORG" and place else mention.label
            out.append(Mention(start, start + len(stripped), label,
                               mention.text[offset:offset + len(stripped)], stripped))
    return out


def _is_results_line(tokens: list[str], model_tokens: list[str]) -> bool:
    """Names and scores with at most one ordinary word, judged in the re-cased text (a shouted
    headline, "TESLA TO CUT 10 PERCENT OF JOBS", is ordinary words once re-cased); and either
    two "name score" pairs (a result) or one and three scores (a standings row), which an
    address ("111 Market Place Ste 500") is not. A standings row's dash at its end counts as a
    score: the leader's "games behind" ("MIAMI 14 4 .778 -")."""
    ordinary = [w for w in model_tokens if w[0].islower() and w.casefold() not in _TABLE_WORDS
                and w not in _NAME_PARTICLES]
    if len(ordinary) > 1:
        return False
    pairs = sum(1 for a, b in zip(tokens, tokens[1:]) if _CAPITALISED.fullmatch(a) and _SCORE.fullmatch(b))
    scores = sum(1 for t in tokens if _SCORE.fullmatch(t)) + (tokens[-1] == "-")
    return pairs >= 2 or (pairs == 1 and scores >= 3)


def _team_runs(line: str, offset: int) -> list[tuple[int, int]]:
    """(start, end) of each run of capitalised words directly followed by a score, outside
    brackets (inside them are scorers and batsmen: "Japan 2 ( Takagi 27 ) Syria 1")."""
    tokens = list(_TOKEN.finditer(line))
    runs = []
    depth = 0
    i = 0
    while i < len(tokens):
        word = tokens[i].group()
        if not _CAPITALISED.fullmatch(word):
            depth = max(0, depth + word.count("(") - word.count(")"))
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and _CAPITALISED.fullmatch(tokens[j + 1].group()):
            j += 1
        if (depth == 0 and j + 1 < len(tokens) and _SCORE.fullmatch(tokens[j + 1].group())
                and not (i == j and word.casefold() in _REPORT_WORDS)):
            runs.append((offset + tokens[i].start(), offset + tokens[j].end()))
        i = j + 1
    return runs


def table_lines(model_text: str, original: str) -> list[tuple[int, int]]:
    """(start, end) of every results line. Lines are read in the original, where a shouted
    table ("MIAMI 91") is capitalised, and judged for ordinary words in the re-cased text."""
    lines = []
    position = 0
    for line in original.split("\n"):
        offset, position = position, position + len(line) + 1
        tokens = line.split()
        if tokens and _is_results_line(tokens, model_text[offset:offset + len(line)].split()):
            lines.append((offset, offset + len(line)))
    return lines


def relabel_table_names(model_text: str, original: str, mentions: list[Mention],
                        lines: list[tuple[int, int]], is_country: Callable[[str], bool]) -> list[Mention]:
    """Teams in results lines become ORG (countries GPE); returns all mentions by position."""
    keep = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in keep]
    replaced: set[int] = set()
    added = []
    for line_start, line_end in lines:
        line = original[line_start:line_end]
        ranking = bool(_SCORE.fullmatch(line.split()[0]))  # "134 Greg Norman 66 68": individuals
        # sides with their scorers in brackets are teams, whatever the model calls them
        with_scorers = bool(_scorers(model_text, line_start, line_end))
        for start, end in _team_runs(line, line_start):
            # Mentions overlapping the run: the one starting before it, and those starting inside.
            i = max(0, bisect.bisect_right(starts, start) - 1)
            inside = []
            while i < len(keep) and keep[i].start < end:
                if keep[i].end > start and i not in replaced:
                    inside.append(i)
                i += 1
            form = model_text[start:end]  # the re-cased form, as the model's mentions have it
            if not with_scorers and any(keep[j].label == "PERSON" and len(keep[j].form.split()) > 1 for j in inside):
                continue
            if not inside and ranking:
                continue
            label = "GPE" if is_country(form) else "ORG"
            replaced.update(inside)
            added.append(Mention(start, end, label, original[start:end], form, decided=True))
    kept = [m for i, m in enumerate(keep) if i not in replaced]
    return sorted(kept + added, key=lambda m: m.start)


# One or two initials and a surname before a number: "P. Simmons 4-38", "D.J. Cullinan 44".
_INITIALS_AND_SURNAME = re.compile(r"(?<![\w.])(?:[A-Z]\.[ \t]?){1,2}[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*(?=[ \t]+\d)")


def people_with_initials(model_text: str, original: str, mentions: list[Mention],
                         lines: list[tuple[int, int]]) -> list[Mention]:
    """Players named by initials and surname in results lines become PERSON, decided, in place
    of the mentions overlapping them; returns all mentions by position."""
    spans = [found.span() for start, end in lines for found in _INITIALS_AND_SURNAME.finditer(model_text, start, end)]
    return replace_spans(mentions, spans, "PERSON", original, model_text) if spans else mentions


# A batting line of a cricket scorecard: the batsman, how he was out and his runs ("N. Hussain c
# Ijaz Ahmed b Wasim Akram 12", "G. Thorpe lbw b Mushtaq Ahmed 54", "st Moin b Saqlain"). The
# model runs the fielder and the bowler together across the "b".
_DISMISSAL = re.compile(r"[ \t](?:c|b|st|lbw)(?=[ \t])")
_RUNS_AT_END = re.compile(r"[ \t]\d{1,3}\*?[ \t]*$")
#: a batting line's rest after the bowler's name is short: the rest of the name and the runs
_BATTING_REST_CHARS = 60
_NAME_UP_TO_RUNS = re.compile(r"(?:[ \t][A-Z][\w'’.-]*)+(?=[ \t]\d{1,3}\*?[ \t]*$)")


def split_at_dismissals(model_text: str, original: str, mentions: list[Mention]) -> list[Mention]:
    """A name running across a dismissal's "c", "b", "st" or "lbw" in a line that ends with a
    batsman's runs is cut there into the names on either side, the last one taking the rest of
    its name up to the runs ("Ijaz Ahmed b Wasim" + " Akram 12"); returns all mentions."""
    out = []
    for mention in mentions:
        cuts = list(_DISMISSAL.finditer(mention.form)) if mention.label in SPLIT_LABELS else []
        line_end = _line_end(model_text, mention.end) if cuts else None
        if line_end is None or not _RUNS_AT_END.search(model_text, mention.end, line_end):
            out.append(mention)
            continue
        bounds = [0, *(edge for cut in cuts for edge in cut.span()), len(mention.form)]
        for start, end in zip(bounds[::2], bounds[1::2]):
            piece = mention.form[start:end]
            offset = start + len(piece) - len(piece.lstrip())
            stripped = piece.strip()
            if not stripped[:1].isupper():
                continue
            if end == len(mention.form) and (rest := _NAME_UP_TO_RUNS.match(model_text, mention.end, line_end)):
                first = mention.start + offset
                out.append(Mention(first, rest.end(), mention.label, original[first:rest.end()],
                                   model_text[first:rest.end()], decided=mention.decided))
            else:
                out.append(mention.part(offset, offset + len(stripped)))
    return out


def _line_end(text: str, position: int) -> int | None:
    """Where the line holding ``position`` ends, if within _BATTING_REST_CHARS (else None)."""
    reach = min(len(text), position + _BATTING_REST_CHARS)
    end = text.find("\n", position, reach)
    return end if end != -1 else (reach if reach == len(text) else None)


# Figures the model reads as dates or times: "74 57" in a standings row, the tie-break "7-3" in
# "7-6 ( 7-3 ) 6-3". A score-like token among other scores on its line is a score.
_FIGURES = re.compile(r"[\d\s.,:()-]+")
_SCORE_TOKEN = re.compile(r"(?<![\w-])\d{1,3}-\d{1,3}(?![\w-])")
# A table's column header: short capitals only ("W L PCT GB", "P W D L F A PTS").
_HEADER_WORD = re.compile(r"[A-Z]{1,4}")
_HEADER_MIN_WORDS = 3


def drop_figures(model_text: str, mentions: list[Mention], lines: list[tuple[int, int]]) -> list[Mention]:
    """Mentions that are only figures in a results line, a score-like date among other scores
    on its line, and names on a column header line just above a results line go; returns the
    rest."""
    table_starts = [start for start, _ in lines]
    headers = _header_lines(model_text, lines)
    header_starts = [start for start, _ in headers]
    out = []
    for mention in mentions:
        i = bisect.bisect_right(table_starts, mention.start) - 1
        in_table = i >= 0 and mention.start < lines[i][1]
        figures = _FIGURES.fullmatch(mention.form) is not None
        if figures and in_table:
            continue
        if (figures and mention.label in ("DATE", "TIME") and _SCORE_TOKEN.fullmatch(mention.form.strip())
                and len(_SCORE_TOKEN.findall(model_text, *line_around(model_text, mention.start, mention.end))) >= 2):
            continue
        k = bisect.bisect_right(header_starts, mention.start) - 1
        if k >= 0 and mention.start < headers[k][1]:
            continue
        out.append(mention)
    return out


def _header_lines(model_text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each line of short capitals just above a results line."""
    out = []
    for start, _ in lines:
        if start == 0:
            continue
        above_start = model_text.rfind("\n", 0, start - 1) + 1
        words = model_text[above_start:start - 1].split()
        if len(words) >= _HEADER_MIN_WORDS and all(_HEADER_WORD.fullmatch(w) for w in words):
            out.append((above_start, start - 1))
    return out


# A soccer summary's scorers, in brackets after their side's score, each with the minute
# ("Ajax 1 ( Arnold Scholten 34th ) NAC Breda 0", "( Sibon 12th , Eric van der Luer 78th pen )").
_PARTICLE = "|".join(sorted(_NAME_PARTICLES))
_SCORER = re.compile(rf"(?<=[(,])[ \t]*([A-Z][\w'’.-]*(?:[ \t]+(?:(?:{_PARTICLE})[ \t]+)*[A-Z][\w'’.-]*)*)"
                     r"[ \t]+\d{1,3}(?:st|nd|rd|th)?(?:[ \t]+(?:pen|penalty|og|o\.g\.))?[ \t]*(?=[,)])")


def scorers_in_brackets(model_text: str, original: str, mentions: list[Mention],
                        lines: list[tuple[int, int]]) -> list[Mention]:
    """In a results line, a name in brackets before a minute is a scorer: PERSON, decided, in
    place of the mentions overlapping it; returns all mentions by position."""
    spans = [span for start, end in lines for span in _scorers(model_text, start, end)]
    return replace_spans(mentions, spans, "PERSON", original, model_text) if spans else mentions


def _scorers(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each scorer's name in brackets in text[start:end] (a "Name minute" after
    a comma outside brackets is not one: "Spain 2 , Italy 1 ,")."""
    return [found.span(1) for found in _SCORER.finditer(text, start, end)
            if text.rfind("(", low := max(start, found.start() - LINE_WINDOW), found.start())
            > text.rfind(")", low, found.start())]
