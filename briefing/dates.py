"""Date expressions: spotted once per report, then resolved against an anchor.

Spotting tries a compiled pattern only next to the words every date holds (a
digit, a month or day name, "year", "today", ...), so plain prose costs almost
nothing and no parser runs on it. Each hit becomes an `Expression` that says
what was written ("January 4", "last year", "two years earlier") without
deciding what it means. Resolution
turns an expression into a `DateMention` given the report's date and the
narrative so far, so a report whose date changes (a doubtful header, a date
inferred from its family) is re-resolved without spotting again.

Rules where general-purpose parsers go wrong in news text:
- "we", "may", "now", "second", "sat" are not dates; "May" and "March" are
  months only with a day or year, or after a temporal preposition.
- a lone weekday ("said Friday") is the latest such day on or before the
  report date; forward-looking wording ("will meet Friday") takes the next one.
- a month-day or month without a year takes the year that puts it nearest
  before the report date when told in the past, nearest after it when the
  sentence looks forward, and the nearer of the two when no verb tells.
- durations ("48 hours", "two decades") are not points in time and are not spotted.
- "two years earlier" counts from the date the narrative last gave, "two years
  ago" from the report's own date; "since 2015" opens a period and is not a
  narrative reference.
- a report with no known date leaves every relative expression unresolved.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from briefing.model import DateMention, Document, Granularity, PartialDate, Span

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

# How far back (in characters) "at the same time" and "two years earlier" look for their date.
ANAPHOR_REACH = 300
NARRATIVE_REACH = 1200
# A weekday and a month-day recur together within this many years.
WEEKDAY_YEARS = 12
# A report is dated from a year-less news date only if that date falls this soon
# after the latest precise date the report tells as past.
CONTENT_WINDOW = dt.timedelta(days=200)

Tense = Literal["past", "future"] | None
Kind = Literal["absolute", "calendar", "weekday", "shift", "offset", "anaphor"]
Base = Literal["report", "narrative", "event"]
Unit = Literal["day", "week", "weekend", "month", "quarter", "year", "season"]

# ---------------------------------------------------------------------------
# Lexicon

_MONTH_NAMES = (
    "january february march april may june july august september october november december".split()
)
_MONTH_NUMBER = {name: i for i, name in enumerate(_MONTH_NAMES, start=1)}
_MONTH_NUMBER.update(
    {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
     "oct": 10, "nov": 11, "dec": 12}
)
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_WEEKDAY_ABBR = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4,
                 "sat": 5, "sun": 6}
_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUMBERS.update({"a": 1, "an": 1, "a couple of": 2, "couple of": 2, "a dozen": 12, "thirty": 30, "forty": 40,
                 "fifty": 50, "sixty": 60})
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_ORDINALS = {
    w: i
    for i, w in enumerate(
        "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()
    )
}
_ORDINALS["twenty-first"] = 21
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
_DECADE_WORDS = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
                 "seventies": 70, "eighties": 80, "nineties": 90}


def _alt(words: Sequence[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def _capitalised(words: Sequence[str]) -> str:
    return _alt([w.capitalize() for w in words] + [w.upper() for w in words])


# Full month names capitalised (or in capitals); abbreviations only before a day or year.
_MONTH_FULL = _capitalised(_MONTH_NAMES)
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT|SEP|OCT|NOV|DEC)\.?"
_WD_FULL = _capitalised(_WEEKDAYS)
_WD_ANY = _WD_FULL + r"|(?:Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\.?"
_NUM_WORD = _alt([w for w in _NUMBERS if w not in ("zero",)] + list(_TENS)) + r"|\d{1,3}"
_ORDINAL = _alt(list(_ORDINALS)[1:]) + r"|\d{1,2}(?:st|nd|rd|th)"

_S = r"[ \t]+"  # spaces inside one expression never cross a line break
_SN = r"[ \t]*\n?[ \t]*"  # ... except in wrapped prose between day and year
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)(?![\d:]|[.,]\d|%)"
_MONTH = rf"(?P<month>{_MONTH_FULL}|{_MONTH_ABBR})(?![a-z])"
_MOD = (
    r"(?P<mod>(?i:early|mid|late|the[ \t]+(?:beginning|start|end|middle|close|turn|first[ \t]+half|"
    r"second[ \t]+half|latter[ \t]+half|last[ \t]+days?|first[ \t]+days?)[ \t]+of))"
)
_WD_PREFIX = rf"(?:(?P<wdp>{_WD_ANY}),?{_S}(?:the{_S})?)?"


def _rules() -> list[tuple[str, str]]:
    """(name, pattern): order matters where two rules match at the same place."""
    m, d, y, mod = _MONTH, _DAY, _YEAR, _MOD
    year2 = r"(?P<year2>(?:1[89]|20)?\d\d)(?![\d:%])"
    return [
        ("range_dmy", rf"{_WD_PREFIX}{d}[ \t]*[-–][ \t]*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?{_S}(?:of{_S})?{m},?{_SN}{y}"),
        ("range_mdy", rf"{_WD_PREFIX}{m}{_S}{d}[ \t]*[-–][ \t]*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?(?:,[ \t]*|{_SN}){y}"),
        ("dmy", rf"{_WD_PREFIX}{d}{_S}(?:of{_S})?{m},?{_SN}{y}"),
        ("mdy", rf"{_WD_PREFIX}{m}{_S}{d}(?:,[ \t]*|{_SN}){y}"),
        ("iso", rf"{y}(?P<isep>[-/.])(?P<mnum>[01]\d)(?P=isep)(?P<dnum>[0-3]\d)(?![\d-])"),
        ("numeric", rf"(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep){y}"),
        ("range_month", rf"{m}[ \t]*(?:[-–]|{_S}to{_S})[ \t]*(?P<month2>{_MONTH_FULL}|{_MONTH_ABBR}),?{_S}{y}"),
        ("month_year", rf"(?:{mod}[ \t-]+)?{m},?{_S}(?:of{_S})?{y}"),
        ("md", rf"{_WD_PREFIX}(?:{mod}[ \t-]+)?{m}{_S}{d}(?:[ \t]*[-–][ \t]*(?P<day2>[0-3]?\d)(?![\d:]))?(?!,?[ \t]*\d)"),
        ("dm", rf"{_WD_PREFIX}(?:the{_S})?{d}(?:[ \t]*[-–][ \t]*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?{_S}(?:of{_S})?{m}(?!,?[ \t]*\d)"),
        ("month_rel", rf"{m}{_S}(?:of{_S})?(?P<rel>(?i:this|last|next)){_S}(?i:year)"
                      rf"|(?P<rel2>(?i:last|this|next|(?:early|late)[ \t]+(?:last|this|next))){_S}(?P<month3>{_MONTH_FULL})(?![a-z])"),
        ("month_mod", rf"{mod}[ \t-]+(?P<month>{_MONTH_FULL})(?![a-z])"),
        ("month_bare", rf"(?P<month>{_MONTH_FULL})(?![\w-])"),
        ("year_range", rf"(?:(?i:from){_S}|(?P<between>(?i:between)){_S})?{y}[ \t]*"
                       rf"(?:[-–/]|{_S}(?P<joint>to|until|through|and){_S})[ \t]*{year2}"),
        ("decade", rf"(?:(?i:the){_S})?(?:{mod}[ \t-]+)?(?:(?P<decade>(?:1[89]|20)\d0)'?s|'(?P<decade2>\d0)s"
                   rf"|(?i:(?P<decade3>{_alt(list(_DECADE_WORDS))})))(?![\w])"),
        ("century", rf"(?:(?i:the){_S})?(?:{mod}[ \t-]+)?(?P<ord>{_ORDINAL})[ \t-]+(?i:century)"),
        ("quarter", rf"(?:(?i:the){_S})?(?:(?P<qmod>(?i:fiscal|calendar|latest|last|current|past|previous|same|"
                    rf"year-earlier|year-ago|this[ \t]+year's|last[ \t]+year's|\d{{4}}))[ \t]+)?"
                    rf"(?:(?P<q>(?i:first|second|third|fourth|1st|2nd|3rd|4th))[ \t-]+)?(?i:quarter)(?![\w-])"
                    rf"(?:{_S}(?:of{_S})?{y})?"
                    rf"|(?P<qq>Q[1-4])(?:{_S}(?P<qyear>(?:19|20)\d\d))?(?!\w)"),
        ("season", rf"(?:(?P<srel>(?i:last|this|next|early|late|mid|the)){_S})?"
                   rf"(?P<season>(?i:spring|summer|autumn|fall|winter))(?![\w-])(?:{_S}(?:of{_S})?{y})?"),
        ("fiscal_year", rf"(?:(?i:fiscal|FY){_S}?){y}"),
        ("year_mod", rf"(?:{mod}[ \t-]+)?{y}"),
        ("spoken_year", r"(?P<spoken>(?i:nineteen|twenty)[ \t-]+(?i:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
                        r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                        r"(?:[ \t-]+(?i:one|two|three|four|five|six|seven|eight|nine))?"
                        r"|(?i:the[ \t]+year[ \t]+two[ \t]+thousand)(?:[ \t]+(?:and[ \t]+)?(?i:one|two|three|four|five|six|seven|eight|nine))?)"),
        ("deictic", r"(?P<deictic>(?i:the[ \t]+day[ \t]+before[ \t]+yesterday|the[ \t]+day[ \t]+after[ \t]+tomorrow|"
                    r"(?:late|early|earlier|later)[ \t]+(?:yesterday|today|tomorrow)|yesterday|today|tomorrow|tonight|last[ \t]+night))(?!\w|['’](?!s\b))"),
        ("weekday", rf"(?:(?P<wrel>(?i:last|this|next|earlier|later|early|late|coming|past)){_S})?"
                    rf"(?P<wd>{_WD_FULL})(?![a-z])(?!['’]?s?[ \t]+(?:Times|Telegraph|Mail|Express|Post|Herald|Tribune|Mirror|"
                    rf"Star|Independent|Sport|Night|School|Service|Prayers?|Review|World)\b)"),
        ("shift", rf"(?:(?P<smod>(?i:early|mid|late|earlier|later|the[ \t]+(?:beginning|start|end|middle|first[ \t]+half|"
                  rf"second[ \t]+half)[ \t]+of))[ \t-]+)?"
                  rf"(?P<srel2>(?i:this|last|next|the[ \t]+coming|the[ \t]+current|the[ \t]+previous|the[ \t]+following|the))[ \t]+"
                  rf"(?:(?i:fiscal)[ \t]+)?(?P<sunit>(?i:week|weekend|month|year|quarter))(?![\w-])"),
        ("year_end", r"(?P<yearend>(?i:year[- ]end|year['’]s[ \t]+end))(?!\w)"),
        ("offset", rf"(?:(?i:nearly|almost|about|some|more[ \t]+than|less[ \t]+than|over|around|roughly|just|only|"
                   rf"exactly|barely|fully)[ \t]+)?(?P<n>(?i:{_NUM_WORD}|a[ \t]+couple[ \t]+of|couple[ \t]+of|a[ \t]+dozen))"
                   rf"[ \t-]+(?P<ounit>(?i:day|week|fortnight|month|year|decade))s?[ \t]+"
                   rf"(?P<dir>(?i:ago|earlier|later|before|after|previously|prior|hence|from[ \t]+now|back))(?![\w-])"),
        ("year_adj", r"(?P<yadj>(?i:year-earlier|year-ago|year[ \t]+earlier))(?![\w-])"),
        ("anaphor", r"(?P<ana>(?i:at[ \t]+the[ \t]+same[ \t]+time|(?:on[ \t]+)?that[ \t]+(?:day|date|month|year)|"
                    r"that[ \t]+quarter|the[ \t]+same[ \t]+(?:day|month|year)|the[ \t]+(?:next|following|previous|preceding)[ \t]+"
                    r"(?:day|week|month|year)|the[ \t]+(?:day|week|month|year)[ \t]+(?:before|after)(?![ \t]+(?:the|a|an|his|her|its|their)\b)))(?![\w-])"),
    ]


# Which rules can begin with a digit, a month name, a weekday name or another
# word. Frequent words have kinds of their own, tried only with the rules that
# can begin with them (tests/test_dates.py checks these lists against the rules).
_STARTS_WITH = {
    "digit": "range_dmy dmy iso numeric dm year_range decade century quarter year_mod offset",
    "month": "range_mdy mdy range_month month_year md month_rel month_bare",
    "weekday": "range_dmy range_mdy dmy mdy md dm weekday",
    "word": "month_year md dm month_rel month_mod year_range decade century quarter season fiscal_year year_mod "
            "spoken_year deictic weekday shift year_end offset year_adj anaphor",
    "the": "month_year md dm month_mod decade century quarter season year_mod spoken_year deictic shift anaphor",
    "a": "month_year md month_rel season offset anaphor",
    "count": "offset",
    "link": "year_range anaphor",
    "year": "quarter year_end year_adj",
    "relative": "month_rel quarter season deictic weekday shift",
    "ordinal": "century quarter",
    "none": "",
}
_WORD_KINDS = {
    form: kind
    for kind, words in (
        ("the", "the"),
        ("a", "a an on"),
        ("count", "about almost around barely couple exactly fully just less more nearly only over roughly some "
                  "one two three five twelve thirty forty fifty sixty seventy eighty ninety"),
        ("link", "at that from between"),
        ("year", "year"),
        ("relative", "last this next past coming earlier later"),
        ("ordinal", "first second third"),
        ("none", "day days week weeks weekend month months years time date night decade decades century "
                 "fortnight following preceding thousand"),
    )
    for word in words.split()
    for form in (word, word.capitalize(), word.upper())
}


def _compile(names: set[str]) -> re.Pattern[str]:
    """The rules in `names` as one alternation; each group is renamed "rule__group"."""
    parts = []
    for name, pattern in _rules():
        if name not in names:
            continue
        renamed = re.sub(r"\(\?P<(\w+)>", lambda m, n=name: f"(?P<{n}__{m.group(1)}>", pattern)
        renamed = re.sub(r"\(\?P=(\w+)\)", lambda m, n=name: f"(?P={n}__{m.group(1)})", renamed)
        parts.append(f"(?P<{name}>{renamed})")
    return re.compile(r"(?<![\w'’$€£#/.-])(?:" + "|".join(parts) + ")")


_PATTERN_FOR = {start: _compile(set(names.split())) for start, names in _STARTS_WITH.items() if names}
# Each rule's groups as named in the patterns ("rule__group") and in the rule.
_GROUPS = {
    name: tuple((f"{name}__{group}", group) for group in re.findall(r"\(\?P<(\w+)>", pattern))
    for name, pattern in _rules()
}


def _case_forms(words: Sequence[str]) -> frozenset[str]:
    return frozenset(f for w in words for f in (w, w.capitalize(), w.upper()))


# Every expression holds a digit or one of these words, so the pattern is only
# tried near them; it may start up to a few words earlier, at a starter word.
_HEAD_WORDS = (
    _MONTH_NAMES + [m for m in _MONTH_NUMBER if len(m) <= 4] + _WEEKDAYS + list(_WEEKDAY_ABBR) + list(_SEASONS)
    + list(_DECADE_WORDS)
    + "today yesterday tomorrow tonight year years month months week weeks weekend day days date time quarter "
      "decade decades century fortnight nineteen twenty thousand night".split()
)
_HEADS = _case_forms(_HEAD_WORDS)
_STARTERS = _HEADS | _case_forms(
    list(_NUMBERS) + list(_TENS) + list(_ORDINALS)
    + "the early mid late last this next earlier later coming past from between fiscal fy q nearly almost about "
      "some more less over around roughly just only exactly barely fully at on that calendar latest current "
      "previous same following preceding year couple".split()
)
_STARTERS_BACKWARDS = frozenset(word[::-1] for word in _STARTERS)
# Common words that are heads only beside certain others: "years" only in
# "two years ago", "time" only in "at the same time".
_OFFSET_FOLLOWERS = frozenset("ago earlier later before after back hence from previously prior".split())
_HEAD_NEEDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    form: need
    for words, need in (
        (("days", "weeks", "months", "years", "decades"), (frozenset(), _OFFSET_FOLLOWERS)),
        (("time",), (frozenset({"same"}), frozenset())),
        (("date",), (frozenset({"that"}), frozenset())),
        (("night",), (frozenset({"last"}), frozenset())),
        (("day",), (frozenset("the that same next following previous preceding a one".split()), _OFFSET_FOLLOWERS)),
    )
    for word in words
    for form in (word, word.capitalize())
}
# A token is a run of letters, of digits, or of anything else.
_TOKEN = re.compile(r"[^\W\d_]+|\d+|[\W_]+")
_LOOK_BACK_WORDS = 7
# A whole word token: one that does not continue a run of its own kind.
_WORD_TOKEN = re.compile(r"(?<![^\W\d_])[^\W\d_]+|(?<!\d)\d+")
# Up to _LOOK_BACK_WORDS words (runs of letters or of digits) in reversed text, one group each.
_WORDS_BACK = re.compile(r"[\W_]*" + r"(?:(\d+|[^\W\d_]+)[\W_]*)?" * _LOOK_BACK_WORDS)
# How many characters before a head are searched for words at first; a
# look-back that needs more (very long words) searches a wider window.
_LOOK_BACK_REACH = 48


def _trie(words: Iterable[str]) -> str:
    """An alternation of `words` that shares their prefixes: re settles each
    position in a few steps instead of trying every word in turn."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_branches(root)


def _trie_branches(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _trie_branches(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")


# Heads are found by two scans in C. A letter head is a whole run of letters:
# the scan steps from the character before it, so it is tried only where a
# run begins; the text's first word is checked on its own. re skips ASCII
# letters by table, and checks what else it stops at (an accented letter) by
# Unicode category only when a head follows.
_HEAD_WORD = re.compile(rf"(?:{_trie(sorted(_HEADS))})(?![^\W\d_])")
_HEAD_WORD_AFTER = re.compile(rf"[^A-Za-z](?=({_HEAD_WORD.pattern}))(?<=[\W\d_])")
# Written so that re skips non-digits in C rather than trying "\d+" at each one.
_DIGIT_RUN = re.compile(r"\d\d*")
_MONTH_TOKENS = _case_forms(list(_MONTH_NUMBER))
_WEEKDAY_TOKENS = _case_forms(_WEEKDAYS + list(_WEEKDAY_ABBR))


def _start_kind(token: str) -> str:
    if token.isdigit():
        return "digit"
    if token in _MONTH_TOKENS:
        return "month"
    if token in _WEEKDAY_TOKENS:
        return "weekday"
    return _WORD_KINDS.get(token, "word")


# The pattern (None: no rule) to try at each word a match may begin with; digits take the digit pattern.
_PATTERN_OF = {token: _PATTERN_FOR.get(_start_kind(token)) for token in _STARTERS | _HEADS | {"'"}}


def _heads(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of every head token, in text order."""
    heads = [(m.start(), m.end(), m.group()) for m in _DIGIT_RUN.finditer(text)]
    heads += [(m.start(1), m.end(1), m.group(1)) for m in _HEAD_WORD_AFTER.finditer(text)]
    first = _HEAD_WORD.match(text)
    if first:
        heads.append((0, first.end(), first.group()))
    heads.sort()
    return heads


def _tokens_from(text: str, lo: int, at: int) -> list[str]:
    """The whole tokens between `lo` and `at` (a token boundary)."""
    if lo <= 0:
        return _TOKEN.findall(text, 0, at)
    # The token at `lo` may have begun earlier: start after it.
    return _TOKEN.findall(text, _TOKEN.match(text, lo).end(), at)


def _needs_met(text: str, start: int, end: int, needs: tuple[frozenset[str], frozenset[str]]) -> bool:
    """Whether the token two before the head or two after it is one the head needs."""
    before, after = needs
    if before:
        reach = 32
        while len(tokens := _tokens_from(text, start - reach, start)) < 2 and reach < start:
            reach *= 4
        if len(tokens) >= 2 and tokens[-2].lower() in before:
            return True
    if after:
        following = _TOKEN.match(text, end)
        second = following and _TOKEN.match(text, following.end())
        if second and second.group().lower() in after:
            return True
    return False


def _earlier_starts(text: str, at: int, cursor: int) -> list[tuple[int, str]]:
    """Where a match for the head at `at` may begin before it, nearest first:
    a quote mark right before it ("'90s"), then starter words among the few
    words before it, on its line and after the last match (the cursor)."""
    starts = [(at - 1, "'")] if _quote_before(text, at, cursor) else []
    limit = max(cursor, text.rfind("\n", cursor, at) + 1)
    reach = _LOOK_BACK_REACH
    while True:
        lo = max(limit, at - reach)
        # The reversed text holds the words nearest first: one match finds them all.
        back = _WORDS_BACK.match(text[lo:at][::-1])
        words = back.groups()
        count = _LOOK_BACK_WORDS - words.count(None)
        # A word running into the window's edge may have begun before it.
        if count and back.end(count) == at - lo and lo > 0 and not _WORD_TOKEN.match(text, lo):
            count -= 1
        if count == _LOOK_BACK_WORDS or lo == limit:
            break
        reach *= 4
    starts.extend(
        (at - back.end(k), word[::-1]) for k, word in enumerate(words[:count], 1) if word in _STARTERS_BACKWARDS
    )
    return starts


def _quote_before(text: str, at: int, cursor: int) -> bool:
    """Whether the token just before `at` ends in a quote mark, starts after
    the cursor and holds no line break."""
    if not at or text[at - 1] not in "'’":
        return False
    i = at - 1
    while i > 0 and not text[i - 1].isalnum():
        i -= 1
        if i < cursor or text[i] == "\n":
            return False
    return i >= cursor


def _matches(text: str) -> Iterator[re.Match[str]]:
    """The pattern's matches, tried only at starter words shortly before a head.

    Equivalent to scanning every position for the texts seen here, and an order
    of magnitude faster: most of a report holds no date at all. Only the few
    words before a head are ever read.
    """
    cursor = 0
    # A start that failed for one head is often in reach of the next.
    tried: dict[int, re.Match[str] | None] = {}
    for at, end, head in _heads(text):
        if at < cursor:
            continue
        needs = _HEAD_NEEDS.get(head)
        if needs is not None and not _needs_met(text, at, end, needs):
            continue
        for start, token in (*reversed(_earlier_starts(text, at, cursor)), (at, head)):
            if start in tried:
                match = tried[start]
            else:
                pattern = _PATTERN_OF.get(token, _PATTERN_FOR["digit"])
                match = tried[start] = pattern.match(text, start) if pattern else None
            if match and match.end() > at:
                cursor = match.end()
                yield match
                break


# Words before a bare month name that make it a date ("in May", "since March").
_MONTH_PREPOSITIONS = frozenset(
    "in since by until till from during of before after through throughout last this next early mid late "
    "end beginning start around between and to on for a an the".split()
)
# Unambiguous full month names stand alone; these are also ordinary words or names.
_AMBIGUOUS_MONTHS = frozenset({"may", "march", "august", "june", "april"})
_QUANTITY_BEFORE = frozenset(
    "about some nearly almost around roughly approximately over than least only just another additional "
    "extra estimated total".split()
)
_COUNTED_NOUN = re.compile(r"[ \t]+[a-z]+[^s'’\W]s\b")
_YEAR_LEADS = frozenset(
    "the its their his her our this that these those in since of by until till from during before after to "
    "between through for".split()
)
_QUANTITY_AFTER = re.compile(
    r"[ \t]*(?:%|percent|per[ \t]+cent|people|persons|troops|soldiers|men|women|children|dollars|euros|pounds|"
    r"tons|tonnes|barrels|km|kilomet|miles|metres|meters|feet|hours|GMT|UTC|hrs|local[ \t]+time|"
    r"cases|deaths|votes|units|shares|jobs|homes|houses|cars|vehicles|rockets|missiles|members|employees|"
    r"workers|students|pupils|refugees|prisoners|casualties|fighters|militants|rebels|civilians)\b",
    re.I,
)
# Verbs near a date say which way a year-less date points: the nearest one decides.
_FUTURE_WORDS = frozenset(
    "will shall won't wo payable effective expire expires expects expect scheduled slated planned planning "
    "upcoming would could might should deadline until till".split()
)
# Words that look forward only before "to" ("plans to", not "the plan").
_FUTURE_BEFORE_TO = frozenset("plan plans aim aims hope hopes intend intends set going is are".split())
# After these a date is where something was moved to: "extended to Nov. 16".
_RESCHEDULED = frozenset(
    "extended postponed delayed moved pushed deferred adjourned rescheduled brought put".split()
)
_PAST_WORDS = frozenset(
    "was were had did said told went came took gave made met left fell rose won lost began held struck led sent "
    "saw spoke wrote brought bought fought caught sold paid built sought became ran fled chose drove broke threw "
    "grew knew found kept meant shot stood withdrew overthrew swore ago".split()
)
# Only these words, and words ending in "ed" or "'ll", can tell a tense.
_TENSE_WORDS = _FUTURE_WORDS | _PAST_WORDS | {"due", "expected", "to"}
_WORD = re.compile(r"[A-Za-z']+")
# A verb across one of these governs another clause.
_CLAUSE_BREAK = re.compile(r"[;:]|\s[—–-]\s|,\s+(?:but|while|whereas|as|which|who)\b")
_TRAILING_WORD = re.compile(r"[\w'’]+$")
_PERIOD_WORDS = frozenset({"since", "by", "until", "till", "before", "through", "from"})
_DEADLINE_WORDS = frozenset({"by", "until", "till", "before"})
_EVERY = frozenset({"a", "an", "every", "each"})
_DURATION_WORDS = frozenset({"least", "until", "till", "within", "to", "for", "most"})
# A capitalised "Today" or "This Week" inside a sentence is a title ("USA Today").
_TITLE_WORDS = frozenset({"Today", "Tomorrow", "Yesterday", "This", "Next", "Last", "TODAY"})
_PUBLICATION_NAMES = re.compile(r"(?:Good|Black|Holy|Bloody|Super|Cyber|Ash|Palm|Easter)[ \t]+$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”]\s*|\n\s*)$")


# ---------------------------------------------------------------------------
# Expressions


@dataclass(frozen=True, slots=True)
class Expression:
    """A date expression as written, before it is resolved.

    kind says how it resolves: `absolute` carries its value; `calendar` is a
    month (and day) without a year; `weekday` a day name; `shift` a unit moved
    from the report's date ("last year"); `offset` a number of units from the
    report ("two years ago") or from the narrative ("two years earlier");
    `anaphor` points at the date the narrative just gave ("that year").
    """

    span: Span
    text: str
    kind: Kind
    value: PartialDate | None = None
    end: PartialDate | None = None
    month: int | None = None
    day: int | None = None
    end_day: int | None = None
    weekday: int | None = None
    unit: Unit | None = None
    step: int = 0
    base: Base = "report"
    season: str | None = None
    quarter: int | None = None
    tense: Tense = None
    lead: str = ""
    rescheduled: bool = False

    @property
    def relative(self) -> bool:
        return self.kind != "absolute"

    @property
    def marks_period(self) -> bool:
        """"since 2015", "by May": the edge of a period, not the time of a happening."""
        return self.lead in _PERIOD_WORDS

    @property
    def past(self) -> bool:
        """Not told as still to come: no forward-looking verb governs it and it is no deadline."""
        return self.tense != "future" and self.lead not in _DEADLINE_WORDS

    @property
    def surely_past(self) -> bool:
        """Told in the past tense, so the report was written after it."""
        return self.tense == "past" and self.lead not in _DEADLINE_WORDS and self.lead != "after"

    @property
    def direction(self) -> Tense:
        """Which way a year-less date points from the report's date (None: the nearest)."""
        if self.rescheduled or (self.tense is None and self.lead in _DEADLINE_WORDS):
            return "future"
        return self.tense


def find_expressions(doc: Document) -> tuple[Expression, ...]:
    """Every date expression in the report's text, outside boilerplate and its header date."""
    text = doc.text
    skip = sorted((*doc.boilerplate, *((doc.date_span,) if doc.date_span else ())))
    skip_starts = [s.start for s in skip]

    def skipped(start: int, end: int) -> bool:
        i = bisect.bisect_right(skip_starts, start) - 1
        return (i >= 0 and skip[i].end > start) or (i + 1 < len(skip) and skip[i + 1].start < end)

    found: list[Expression] = []
    starts = [s.start for s in doc.sentences]
    for match in _matches(text):
        start, end = match.span()
        if skipped(start, end):
            continue
        rule = match.lastgroup or ""
        fields = {name: value for group, name in _GROUPS[rule] if (value := match.group(group)) is not None}
        sentence = _sentence_bounds(text, starts, doc.sentences, start)
        expression = _read(rule, fields, match.group(), text, start, end, sentence, doc.id)
        if expression is not None:
            found.append(expression)
    if doc.language != "en":
        foreign = [e for e in _foreign_dates(doc) if not skipped(e.span.start, e.span.end)]
        found = sorted([*foreign, *(e for e in found if not any(e.span.overlaps(f.span) for f in foreign))],
                       key=lambda e: e.span.start)
    return tuple(found)


# Reports in other languages: dates with a month name ("8 декабря 2024",
# "diciembre de 2024") are found by their shape and read by dateparser for
# that language; numeric dates and years are found as in English.
_FOREIGN_SHAPE = re.compile(
    r"(?<![\w.])(?:[0-3]?\d(?:\.|er|º)?[ \t]+(?:de[ \t]+)?)?[^\W\d_]{3,12}\.?,?[ \t]+"
    r"(?:[0-3]?\d,?[ \t]+)?(?:del?[ \t]+)?(?:1[89]|20)\d\d(?![\d])"
)


def _foreign_dates(doc: Document) -> list[Expression]:
    found = []
    for match in _FOREIGN_SHAPE.finditer(doc.text):
        value = _read_foreign(doc.language, match.group())
        if value is not None:
            found.append(Expression(Span(doc.id, match.start(), match.end()), match.group(), "absolute", value=value))
    return found


@functools.lru_cache(maxsize=4096)
def _read_foreign(language: str, text: str) -> PartialDate | None:
    parser = _parser(language)
    if parser is None:
        return None
    data = parser.get_date_data(text)
    if data.date_obj is None or data.period not in ("day", "month"):
        return None
    return PartialDate.from_date(data.date_obj.date(), data.period)


@functools.lru_cache(maxsize=None)
def _parser(language: str) -> DateDataParser | None:
    """One dateparser per language, reused: building one costs more than many parses."""
    from dateparser.date import DateDataParser

    try:
        parser = DateDataParser(languages=[language], settings={"PREFER_DAY_OF_MONTH": "first"})
        parser.get_date_data("2000")
    except ValueError:  # a language dateparser does not know
        return None
    return parser


def _sentence_bounds(text: str, starts: list[int], sentences: Sequence[Span], offset: int) -> tuple[int, int]:
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and sentences[i].end > offset:
        return sentences[i].start, sentences[i].end
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    return line_start, len(text) if line_end < 0 else line_end


def _read(
    rule: str, f: dict[str, str], raw: str, text: str, start: int, end: int, sentence: tuple[int, int], doc: int
) -> Expression | None:
    before = text[max(sentence[0], start - 90) : start]
    after = text[end : min(sentence[1], end + 30)]
    prev_word = _last_word(before)
    tense = _tense(_CLAUSE_BREAK.split(text[max(sentence[0], start - 80) : start])[-1],
                   _CLAUSE_BREAK.split(text[end : min(sentence[1], end + 50)])[0])
    lead = prev_word if prev_word != "the" else _last_word(before[: before.lower().rfind("the")])
    span = Span(doc, start, end)

    words_before = _WORD.findall(before[-40:])
    rescheduled = (
        len(words_before) >= 2 and words_before[-1] in ("to", "until", "for") and words_before[-2] in _RESCHEDULED
    )

    def make(kind: Kind, **kw: object) -> Expression:
        return Expression(
            span, raw, kind, tense=tense, lead=lead, rescheduled=rescheduled, **kw  # type: ignore[arg-type]
        )

    year = int(f["year"]) if "year" in f else None
    month = _month(f.get("month"))
    day = int(f["day"]) if "day" in f else None
    mod = f.get("mod")

    if rule in ("dmy", "mdy"):
        return make("absolute", value=_checked(year, month, day)) if _valid(year, month, day) else None
    if rule in ("range_dmy", "range_mdy"):
        day2 = int(f["day2"])
        if not (_valid(year, month, day) and _valid(year, month, day2) and day < day2):
            return None
        return make("absolute", value=PartialDate(year, month, day), end=PartialDate(year, month, day2))
    if rule == "iso":
        mnum, dnum = int(f["mnum"]), int(f["dnum"])
        return make("absolute", value=PartialDate(year, mnum, dnum)) if _valid(year, mnum, dnum) else None
    if rule == "numeric":
        a, b = int(f["a"]), int(f["b"])
        # Dots are day-first everywhere; slashes month-first unless that is impossible.
        first_day = f["sep"] == "." or a > 12
        mnum, dnum = (b, a) if first_day else (a, b)
        return make("absolute", value=PartialDate(year, mnum, dnum)) if _valid(year, mnum, dnum) else None
    if rule == "range_month":
        month2 = _month(f["month2"])
        if month2 is None or month is None or month2 <= month:
            return None
        return make("absolute", value=PartialDate(year, month), end=PartialDate(year, month2))
    if rule == "month_year":
        return make("absolute", value=PartialDate(year, month)) if month else None
    if rule in ("md", "dm"):
        if not _valid(2000, month, day):
            return None
        day2 = int(f["day2"]) if "day2" in f else None
        if day2 is not None and not (_valid(2000, month, day2) and day < day2):
            return None
        return make("calendar", month=month, day=day, end_day=day2, weekday=_weekday_number(f.get("wdp")))
    if rule == "month_rel":
        if "month3" in f:
            rel = f["rel2"].lower().split()[-1]
            step = {"last": -1, "this": 0, "next": 1}[rel]
            return make("calendar", month=_month(f["month3"]), step=step, unit="month")
        return make("calendar", month=month, step={"last": -1, "this": 0, "next": 1}[f["rel"].lower()], unit="year")
    if rule == "month_mod":
        return make("calendar", month=month)
    if rule == "month_bare":
        after_name = re.match(r"[ \t]+[A-Z]", after)
        if prev_word not in _MONTH_PREPOSITIONS and (raw.lower() in _AMBIGUOUS_MONTHS or after_name or raw.isupper()):
            return None
        return make("calendar", month=month)
    if rule == "year_range":
        year2 = int(f["year2"])
        if year2 < 100:
            year2 += year - year % 100
        if f.get("joint") == "and" and "between" not in f:
            return None
        if not (year < year2 <= year + 100) or _is_quantity(prev_word, after):
            return None
        return make("absolute", value=PartialDate(year), end=PartialDate(year2))
    if rule == "decade":
        if "decade" in f:
            first = int(f["decade"])
        elif "decade2" in f:
            first = 1900 + int(f["decade2"])
        else:
            first = 1900 + _DECADE_WORDS[f["decade3"].lower()]
        lo, hi = _part_of(first, first + 9, mod)
        return make("absolute", value=PartialDate(lo), end=PartialDate(hi) if hi != lo else None)
    if rule == "century":
        number = _ordinal(f["ord"])
        if not 1 <= number <= 21:
            return None
        lo, hi = _part_of(number * 100 - 99, number * 100, mod)
        return make("absolute", value=PartialDate(lo), end=PartialDate(hi))
    if rule == "quarter":
        return _read_quarter(f, raw, make)
    if rule == "season":
        srel = (f.get("srel") or "").lower()
        season = f["season"].lower()
        if year is None and srel == "":
            return None
        if season == "fall" and year is None and srel not in ("last", "this", "next"):
            return None
        if year is not None:
            first, last = _SEASONS[season]
            if first > last:
                return make("absolute", value=PartialDate(year))
            return make("absolute", value=PartialDate(year, first), end=PartialDate(year, last))
        return make("shift", unit="season", season=season, step={"last": -1, "next": 1}.get(srel, 0))
    if rule == "fiscal_year":
        return make("absolute", value=PartialDate(year))
    if rule == "year_mod":
        if mod is None and (_is_quantity(prev_word, after) or year < 1800):
            return None
        return make("absolute", value=PartialDate(year))
    if rule == "spoken_year":
        value = _spoken_year(f["spoken"])
        return make("absolute", value=PartialDate(value)) if value else None
    if rule in ("deictic", "shift") and raw.split()[0] in _TITLE_WORDS and not _SENTENCE_START.search(before):
        return None
    if rule == "deictic":
        word = f["deictic"].lower().split()
        if prev_word == "of" and word[-1] in ("today", "tomorrow"):
            return None
        steps = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "night": -1}
        step = steps[word[-1]] + (-1 if "before" in word else 1 if "after" in word else 0)
        return make("shift", unit="day", step=step)
    if rule == "weekday":
        if _PUBLICATION_NAMES.search(before) or prev_word in _EVERY:
            return None
        rel = (f.get("wrel") or "").lower()
        step = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(rel, 0)
        return make("weekday", weekday=_WEEKDAYS.index(f["wd"].lower()), step=step,
                    unit="week" if rel == "this" else None)
    if rule == "shift":
        rel = " ".join(f["srel2"].lower().split())
        unit = f["sunit"].lower()
        smod = (f.get("smod") or "").lower()
        if rel == "the":
            if not smod.startswith("the") and unit != "weekend":
                return None
            step = 0
        else:
            step = {"this": 0, "the current": 0, "last": -1, "next": 1, "the coming": 1, "the previous": -1,
                    "the following": 1}[rel]
        if rel in ("the previous", "the following"):
            return make("anaphor", unit=unit, step=step, base="narrative")  # type: ignore[arg-type]
        return make("shift", unit=unit, step=step)
    if rule == "year_end":
        return make("shift", unit="year", step=0)
    if rule == "offset":
        return _read_offset(f, after, lead, make)
    if rule == "year_adj":
        return make("shift", unit="year", step=-1)
    if rule == "anaphor":
        clause_start = not before.strip() or bool(re.search(r"(?:[,;:—–]|\band|\bbut)[ \t]*$", before))
        return _read_anaphor(f["ana"].lower(), clause_start, make)
    return None


def _read_quarter(f: dict[str, str], raw: str, make) -> Expression | None:
    if "qq" in f:
        number = int(f["qq"][1])
        if "qyear" in f:
            year = int(f["qyear"])
            return make("absolute", value=PartialDate(year, number * 3 - 2), end=PartialDate(year, number * 3))
        return make("calendar", quarter=number)
    q = (f.get("q") or "").lower()
    qmod = " ".join((f.get("qmod") or "").lower().split())
    number = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}.get(q)
    if not number and not qmod and not raw.lower().startswith("the"):
        return None
    year = int(f["year"]) if "year" in f else int(qmod) if qmod.isdigit() else None
    if number and year:
        return make("absolute", value=PartialDate(year, number * 3 - 2), end=PartialDate(year, number * 3))
    if year:
        return make("absolute", value=PartialDate(year))
    step = -4 if qmod in ("year-earlier", "year-ago") else -1 if qmod in ("last", "past", "previous") else 0
    if number:
        shift = -1 if qmod == "last year's" else 0
        return make("calendar", quarter=number, step=shift)
    return make("shift", unit="quarter", step=step)


def _read_offset(f: dict[str, str], after: str, lead: str, make) -> Expression | None:
    n_text = " ".join(f["n"].lower().split())
    n = int(n_text) if n_text.isdigit() else _NUMBERS.get(n_text, _TENS.get(n_text))
    if not n:
        return None
    unit = f["ounit"].lower()
    direction = " ".join(f["dir"].lower().split())
    sign = 1 if direction in ("later", "after", "hence", "from now") else -1
    scale = {"fortnight": ("week", 2), "decade": ("year", 10)}
    if unit in scale:
        unit, factor = scale[unit]
        n *= factor
    if direction in ("ago", "back", "hence", "from now"):
        return make("offset", unit=unit, step=sign * n, base="report")
    # "a day after the strike" counts from a dated happening nearby; "two months
    # after the blockade" is a duration from an undated one; "a year later" from the narrative.
    if direction in ("before", "after") and re.match(r"[ \t]+\w", after):
        if unit != "day" or n > 3 or lead in _DURATION_WORDS:
            return None
        return make("offset", unit=unit, step=sign * n, base="event")
    return make("offset", unit=unit, step=sign * n, base="narrative")


def _read_anaphor(words: str, clause_start: bool, make) -> Expression | None:
    words = " ".join(words.split())
    if words == "at the same time":
        # Only where it opens a clause: "close at the same time" is no date.
        if not clause_start:
            return None
        return make("anaphor", unit="day", step=0, base="narrative")
    unit = next(u for u in ("day", "date", "week", "month", "quarter", "year") if u in words.split())
    unit = "day" if unit == "date" else unit
    step = 0
    if any(w in words for w in ("next", "following", "after")):
        step = 1
    elif any(w in words for w in ("previous", "preceding", "before")):
        step = -1
    return make("anaphor", unit=unit, step=step, base="narrative")


def _tense(before: str, after: str) -> Tense:
    """The tense of the verb nearest the expression, if any is close (at equal
    distance, the one before it)."""
    left = _WORD.findall(before)
    back = _nearest_tense(left, range(len(left) - 1, -1, -1))
    right = _WORD.findall(after)
    ahead = _nearest_tense(right, range(len(right)))
    if back is None:
        return None if ahead is None else ahead[1]
    return back[1] if ahead is None or back[0] <= ahead[0] else ahead[1]


def _nearest_tense(words: list[str], order: Iterable[int]) -> tuple[int, Tense] | None:
    """How far along `order` the first word telling a tense is, and its tense."""
    for distance, i in enumerate(order):
        lower = words[i].lower()
        if lower in _TENSE_WORDS or lower.endswith(("ed", "'ll")):
            tense = _word_tense(words, i)
            if tense:
                return distance, tense
    return None


def _word_tense(words: list[str], i: int) -> Tense:
    word = words[i]
    lower = word.lower()
    after = words[i + 1].lower() if i + 1 < len(words) else ""
    if lower in _FUTURE_WORDS or lower.endswith("'ll"):
        return "future"
    if lower == "due":
        return None if after == "to" else "future"
    if lower == "expected":
        return "future" if after in ("to", "in", "on", "by") else None
    if lower == "to" and i > 0 and words[i - 1].lower() in _FUTURE_BEFORE_TO:
        return "future"
    regular_past = word[0].islower() and len(word) > 4 and word.endswith("ed") and not word.endswith("eed")
    if lower in _PAST_WORDS or regular_past:
        # "will be paid", "to be completed": a participle after "be" takes its tense from what comes before.
        return None if i > 0 and words[i - 1].lower() in ("be", "been", "being") else "past"
    return None


def _weekday_number(name: str | None) -> int | None:
    if not name:
        return None
    word = name.lower().rstrip(".")
    return _WEEKDAYS.index(word) if word in _WEEKDAYS else _WEEKDAY_ABBR.get(word)


def _month(name: str | None) -> int | None:
    if not name:
        return None
    return _MONTH_NUMBER.get(name.lower().rstrip("."))


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if year is None or month is None or day is None or not 1 <= month <= 12:
        return False
    return 1 <= day <= calendar.monthrange(year, month)[1]


def _checked(year: int | None, month: int | None, day: int | None) -> PartialDate:
    assert year is not None and month is not None
    return PartialDate(year, month, day)


def _ordinal(text: str) -> int:
    text = text.lower()
    return int(re.sub(r"\D", "", text)) if text[0].isdigit() else _ORDINALS.get(text, 0)


def _part_of(first: int, last: int, mod: str | None) -> tuple[int, int]:
    """The years of a decade or century that "early", "mid" or "late" pick out."""
    if not mod:
        return first, last
    span = last - first + 1
    word = mod.lower()
    if "early" in word or "beginning" in word or "start" in word or "first" in word:
        return first, first + span * 3 // 10 - 1
    if "late" in word or "end" in word or "close" in word or "second" in word or "last" in word:
        return last - span * 3 // 10 + 1, last
    return first + span * 3 // 10, last - span * 3 // 10


def _spoken_year(text: str) -> int | None:
    words = re.split(r"[ \t-]+", text.lower())
    if words[:2] == ["the", "year"]:
        rest = [w for w in words[4:] if w != "and"]
        return 2000 + (_NUMBERS.get(rest[0], 0) if rest else 0)
    century = {"nineteen": 1900, "twenty": 2000}[words[0]]
    tens = _TENS.get(words[1], _NUMBERS.get(words[1]))
    if tens is None:
        return None
    ones = _NUMBERS.get(words[2], 0) if len(words) > 2 else 0
    return century + tens + ones


def _last_word(text: str) -> str:
    stripped = text.rstrip(" \t")
    m = _TRAILING_WORD.search(stripped, max(0, len(stripped) - 40))
    return m.group().lower() if m else ""


def _is_quantity(prev_word: str, after: str) -> bool:
    """ "about 2000 people", "1990 tanks": a number, unless a determiner or a
    preposition makes it a year ("the 2004 elections", "in 2014 militants")."""
    if after and _QUANTITY_AFTER.match(after):
        return True
    if prev_word in _QUANTITY_BEFORE:
        return not re.match(r"[ \t]*(?:[,.;:)]|$)", after)
    return bool(_COUNTED_NOUN.match(after)) and prev_word not in _YEAR_LEADS


# ---------------------------------------------------------------------------
# Resolution


def resolve_all(expressions: Sequence[Expression], report: PartialDate | None) -> list[DateMention]:
    """Resolve a report's expressions in text order against its date.

    Narrative expressions ("two years earlier", "that year") count from the
    latest preceding expression that dates a happening; "a day after the
    strike" from the nearest day-precise date in the report.
    """
    first = [_resolve(e, report) if e.base == "report" and e.kind != "anaphor" else None for e in expressions]
    precise = [(e.span.start, m.value) for e, m in zip(expressions, first)
               if m is not None and m.value is not None and m.value.granularity == "day"]
    day_at = [at for at, _ in precise]
    days = [value for _, value in precise]
    result: list[DateMention] = []
    spoken: tuple[PartialDate, int] | None = None
    happened: tuple[PartialDate, int] | None = None
    for expression, mention in zip(expressions, first):
        if mention is None:
            mention = _resolve_against_text(expression, report, spoken, happened, days, day_at)
        if mention is None:
            continue
        result.append(mention)
        if mention.value is not None:
            spoken = (mention.value, expression.span.end)
            if not expression.marks_period:
                happened = spoken
    return result


def _resolve_against_text(
    expression: Expression,
    report: PartialDate | None,
    spoken: tuple[PartialDate, int] | None,
    happened: tuple[PartialDate, int] | None,
    days: list[PartialDate],
    day_at: list[int],
) -> DateMention | None:
    """ "At the same time", "that year" point at the last date spoken of, whatever it was;
    "two years earlier" counts from the last time something happened, not from
    the edge of a period ("since 2015")."""
    if expression.base == "event" and expression.unit == "day":
        anchor = _nearest_day(expression.span.start, days, day_at)
        if anchor is not None:
            return _resolve(expression, anchor)
    if expression.kind == "anaphor":
        same_time = expression.step == 0 and expression.unit == "day"
        reach = ANAPHOR_REACH if same_time else NARRATIVE_REACH
        if spoken is not None and expression.span.start - spoken[1] <= reach:
            if not (same_time and spoken[0].granularity == "year"):
                return _resolve(expression, spoken[0])
        return None
    if happened is not None and expression.span.start - happened[1] <= NARRATIVE_REACH:
        return _resolve(expression, happened[0])
    return _resolve(expression, report)


def _nearest_day(offset: int, days: list[PartialDate], day_at: list[int]) -> PartialDate | None:
    i = bisect.bisect_left(day_at, offset)
    if i > 0:
        return days[i - 1]
    return days[i] if i < len(days) else None


def _resolve(e: Expression, anchor: PartialDate | None) -> DateMention:
    if e.kind == "absolute":
        return DateMention(e.span, e.text, e.value, False, None, e.end)
    if anchor is None:
        return DateMention(e.span, e.text, None, True, None)
    value, end = _relative_value(e, anchor)
    return DateMention(e.span, e.text, value, True, anchor, end)


def _relative_value(e: Expression, anchor: PartialDate) -> tuple[PartialDate | None, PartialDate | None]:
    lo, hi = anchor.first_day(), anchor.last_day()
    if e.kind == "calendar":
        value = _calendar_value(e, anchor)
        if value is not None and e.end_day is not None:
            return value, PartialDate(value.year, value.month, e.end_day)
        return value, None
    if e.kind == "weekday":
        if anchor.granularity != "day":
            return None, None
        return PartialDate.from_date(_weekday(e, lo)), None
    if e.kind in ("shift", "anaphor"):
        if e.unit == "season":
            return _season_value(e, anchor), None
        unit = e.unit or "day"
        return _coarsest(_shift(lo, unit, e.step, "start"), _shift(hi, unit, e.step, "end"), unit), None
    if e.kind == "offset":
        unit = e.unit or "day"
        if unit == "week":
            return _coarsest(_shift(lo, unit, e.step, "start"), _shift(hi, unit, e.step, "end"), unit), None
        return _coarsest(_move(lo, unit, e.step), _move(hi, unit, e.step), unit), None
    return None, None


def _calendar_value(e: Expression, anchor: PartialDate) -> PartialDate | None:
    if e.quarter is not None:
        year = anchor.year + e.step
        if e.direction != "future" and e.step == 0 and e.quarter * 3 - 2 > (anchor.month or 12):
            year -= 1
        return PartialDate(year)
    assert e.month is not None
    if e.unit == "year":
        return _with_day(anchor.year + e.step, e.month, e.day)
    if e.unit == "month":
        if e.step == 0:
            return _with_day(anchor.year, e.month, e.day)
        if anchor.month is None:
            return None
        if e.step < 0:
            year = anchor.year if e.month < anchor.month else anchor.year - 1
        else:
            year = anchor.year if e.month > anchor.month else anchor.year + 1
        return _with_day(year, e.month, e.day)
    lo, hi = anchor.first_day(), anchor.last_day()
    # The latest occurrence on or before the report's date, the first on or after it.
    before = _occurrence(e, hi.year - ((e.month, e.day or 1) > (hi.month, hi.day)), -1)
    after = _occurrence(e, lo.year + ((e.month, e.day or 31) < (lo.month, lo.day)), 1)
    if e.direction == "past" or (e.direction is None and anchor.granularity != "day"):
        return before
    if e.direction == "future":
        return after
    if before is None or after is None:
        return before or after
    return after if after.first_day() - lo < lo - before.last_day() else before


def _occurrence(e: Expression, year: int, step: int) -> PartialDate | None:
    """The month(-day) in `year`, or when it names a weekday ("Tuesday, 1 March")
    the nearest year from there, in the direction `step`, where the day falls on it."""
    assert e.month is not None
    if e.weekday is None or e.day is None:
        return _with_day(year, e.month, e.day)
    for candidate in range(year, year + step * WEEKDAY_YEARS, step):
        if _valid(candidate, e.month, e.day) and dt.date(candidate, e.month, e.day).weekday() == e.weekday:
            return PartialDate(candidate, e.month, e.day)
    return _with_day(year, e.month, e.day)


def _valid_date(value: PartialDate) -> bool:
    return value.day is None or _valid(value.year, value.month, value.day)


def _with_day(year: int, month: int, day: int | None) -> PartialDate | None:
    if day is not None and not _valid(year, month, day):
        return None
    return PartialDate(year, month, day)


def _weekday(e: Expression, ref: dt.date) -> dt.date:
    """"last Friday" is before the report's day, "next Friday" after it; a lone
    "Friday" is the latest on or before it when told in the past, the first on
    or after it when told in the future, else whichever is nearer."""
    assert e.weekday is not None
    if e.unit == "week":
        return ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(days=e.weekday)
    back = (ref.weekday() - e.weekday) % 7
    ahead = (e.weekday - ref.weekday()) % 7
    if e.step < 0:
        return ref - dt.timedelta(days=back or 7)
    if e.step > 0:
        return ref + dt.timedelta(days=ahead or 7)
    if e.direction == "future" or (e.direction is None and ahead < back):
        return ref + dt.timedelta(days=ahead)
    return ref - dt.timedelta(days=back)


def _season_value(e: Expression, anchor: PartialDate) -> PartialDate | None:
    """The year of "this summer", "last autumn"; winter straddles two years and stays open."""
    assert e.season is not None
    first, last = _SEASONS[e.season]
    if first > last:
        return None
    if e.step == 0:
        return PartialDate(anchor.year)
    if anchor.month is None:
        return None
    if e.step < 0:
        return PartialDate(anchor.year if anchor.month > last else anchor.year - 1)
    return PartialDate(anchor.year if anchor.month < first else anchor.year + 1)


def _shift(day: dt.date, unit: Unit, step: int, side: Literal["start", "end"]) -> dt.date:
    """The start or end of the `unit` that lies `step` units from the one holding `day`."""
    if unit == "day":
        return day + dt.timedelta(days=step)
    if unit in ("week", "weekend"):
        monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=step)
        if unit == "weekend":
            saturday = monday + dt.timedelta(days=5)
            if step == 0 and day.weekday() < 5:
                saturday -= dt.timedelta(weeks=1)
            return saturday if side == "start" else saturday + dt.timedelta(days=1)
        return monday if side == "start" else monday + dt.timedelta(days=6)
    if unit == "month":
        index = day.year * 12 + day.month - 1 + step
        year, month = divmod(index, 12)
        return dt.date(year, month + 1, 1 if side == "start" else calendar.monthrange(year, month + 1)[1])
    if unit == "quarter":
        index = day.year * 4 + (day.month - 1) // 3 + step
        year, q = divmod(index, 4)
        if side == "start":
            return dt.date(year, q * 3 + 1, 1)
        return dt.date(year, q * 3 + 3, calendar.monthrange(year, q * 3 + 3)[1])
    year = day.year + step
    return dt.date(year, 1, 1) if side == "start" else dt.date(year, 12, 31)


def _move(day: dt.date, unit: Unit, step: int) -> dt.date:
    if unit == "day":
        return day + dt.timedelta(days=step)
    if unit == "month":
        index = day.year * 12 + day.month - 1 + step
        year, month = divmod(index, 12)
        return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
    year = day.year + step
    return dt.date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


_RANK = {"day": 2, "month": 1, "year": 0}
_UNIT_GRANULARITY: dict[str, Granularity] = {"day": "day", "week": "day", "weekend": "day", "month": "month",
                                             "quarter": "month", "year": "year"}


def _coarsest(lo: dt.date, hi: dt.date, unit: str) -> PartialDate | None:
    """The finest date that holds the whole interval, no finer than the unit spoken of."""
    if lo == hi:
        value = PartialDate.from_date(lo)
    elif (lo.year, lo.month) == (hi.year, hi.month):
        value = PartialDate(lo.year, lo.month)
    elif lo.year == hi.year:
        value = PartialDate(lo.year)
    else:
        return None
    limit = _UNIT_GRANULARITY.get(unit, "day")
    if _RANK[value.granularity] > _RANK[limit]:
        value = value.truncate(limit)
    return value


# ---------------------------------------------------------------------------
# Dating a report from what it says


def date_mentions(doc: Document, anchor: PartialDate | None = None) -> list[DateMention]:
    """The report's date mentions resolved against `anchor` (default: its own date)."""
    return resolve_all(find_expressions(doc), anchor if anchor is not None else doc.date)


def past_bound(expressions: Sequence[Expression], precise: bool = False) -> Expression | None:
    """The latest absolute date the report describes as past: it was written after it.

    `precise` keeps only dates known to the month or day and told in the past
    tense: firm enough to contradict a header.
    """
    past = [
        e for e in expressions
        if e.kind == "absolute" and e.value is not None
        and (e.surely_past and e.value.granularity != "year" if precise else e.past)
    ]
    return max(past, key=lambda e: ((e.end or e.value).first_day(), e.span.start), default=None)  # type: ignore


def content_date(
    expressions: Sequence[Expression], bound: PartialDate | None = None
) -> tuple[PartialDate, Expression] | None:
    """A date for a report inferred from what it tells, or None.

    News gives the year for background and drops it for the happening it
    reports ("On January 4, a drone ..."). When the latest date the report
    tells as past is precise (July 2023, not just 2023), a year-less month-day
    told as past is placed at its first occurrence after it; if that lands
    within a few months, the latest such date gives the report its month.
    Anniversaries ("the 11 September attacks") are no news date.
    """
    latest = past_bound(expressions)
    floors = [d for d in (bound, latest and (latest.end or latest.value)) if d]
    if not floors:
        return None
    floor = max(floors, key=lambda d: d.first_day())
    if floor.granularity == "year":
        return None
    start = floor.first_day()
    best: tuple[PartialDate, Expression] | None = None
    for e in expressions:
        if e.kind != "calendar" or e.day is None or e.month is None or not e.past or e.unit is not None:
            continue
        if e.text.lower().startswith("the"):
            continue
        value = _occurrence(e, start.year + ((e.month, e.day) < (start.month, start.day)), 1)
        if value is None or value.first_day() - floor.last_day() > CONTENT_WINDOW:
            continue
        if best is None or value.first_day() > best[0].first_day():
            best = (value, e)
    if best is None:
        return None
    return best[0].truncate("month"), best[1]
