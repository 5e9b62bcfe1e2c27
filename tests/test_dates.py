"""Date expressions: what is a date, and what each one resolves to."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing import dates
from briefing.model import Document, PartialDate, Span
from briefing.sources import build_document
from briefing.text import segment


def report(body: str, published: str | None = None, doc_id: int = 0) -> Document:
    header = f"Published: {published}\n\n" if published else ""
    return segment(build_document(doc_id, f"report{doc_id}.txt", header + body))


def mentions(body: str, published: str | None = None) -> dict[str, str | None]:
    """date text -> resolved ISO value (None when unresolved)."""
    return {m.text: (m.value.iso() if m.value else None) for m in dates.date_mentions(report(body, published))}


def test_the_header_date_is_the_anchor_and_not_itself_a_mention():
    doc = report("The vote took place last year.", "2025-01-31")
    assert doc.date == PartialDate(2025, 1, 31)
    assert mentions("The vote took place last year.", "2025-01-31") == {"last year": "2024"}


@pytest.mark.parametrize(
    "sentence, text, value",
    [
        ("The fall of Assad on December 8, 2024 shook the region.", "December 8, 2024", "2024-12-08"),
        ("Assad fell on 8 December 2024.", "8 December 2024", "2024-12-08"),
        ("After the Oct. 7, 2023 attack, troops moved.", "Oct. 7, 2023", "2023-10-07"),
        ("The file is dated 2024-12-08 in the archive.", "2024-12-08", "2024-12-08"),
        ("The mission ends by September 2025.", "September 2025", "2025-09"),
        ("It recalled the invasion of Iraq in 2003.", "2003", "2003"),
        ("Talks took place in January 2024.", "January 2024", "2024-01"),
        ("Prices rose in mid-1996.", "mid-1996", "1996"),
        ("Al-Sudani came to power in late 2022.", "late 2022", "2022"),
    ],
)
def test_absolute_dates_carry_their_own_value_and_granularity(sentence, text, value):
    found = dates.date_mentions(report(sentence, "2025-01-31"))
    assert [(m.text, m.value.iso(), m.relative) for m in found] == [(text, value, False)]


def test_we_may_now_and_second_are_not_dates():
    assert mentions("We may now see a second round of talks, and we will.", "2025-01-31") == {}


def test_may_and_march_are_months_only_with_a_day_a_year_or_a_preposition():
    found = mentions("Theresa May said the march was peaceful. Talks collapsed in May.", "2025-01-31")
    assert found == {"May": "2024-05"}


def test_a_year_less_date_with_no_tense_to_go_by_is_the_nearest_occurrence():
    assert mentions("Talks resume in May.", "2025-01-31") == {"May": "2025-05"}
    assert mentions("The rights expire Feb. 10 for holders of record.", "2025-01-31") == {"Feb. 10": "2025-02-10"}


def test_a_lone_weekday_is_the_latest_such_day_on_or_before_the_report_date():
    # 2025-01-29 is a Wednesday.
    assert mentions("The spokesman said Friday that nothing had changed.", "2025-01-29") == {"Friday": "2025-01-24"}
    assert mentions("The spokesman said Wednesday that nothing had changed.", "2025-01-29") == {"Wednesday": "2025-01-29"}


def test_a_weekday_in_a_forward_looking_sentence_is_the_next_such_day():
    assert mentions("The ministers will meet on Friday in Geneva.", "2025-01-29") == {"Friday": "2025-01-31"}


def test_a_month_day_without_a_year_takes_the_year_that_puts_it_nearest_before_the_report():
    assert mentions("On January 4, a drone targeted the headquarters.", "2024-03-10") == {"January 4": "2024-01-04"}
    assert mentions("On December 28, a drone targeted the headquarters.", "2025-01-02") == {"December 28": "2024-12-28"}


def test_early_mid_and_late_months_resolve_to_the_month():
    found = mentions("Numbers rose in early July and again since mid-July, and fell in late August.", "2024-09-15")
    assert found == {"early July": "2024-07", "mid-July": "2024-07", "late August": "2024-08"}


def test_last_year_this_year_and_in_december_count_from_the_report_date():
    found = mentions(
        "They signed an agreement last year. There will be no withdrawal this year. Assad fell in December.",
        "2025-01-31",
    )
    assert found == {"last year": "2024", "this year": "2025", "December": "2024-12"}


def test_years_earlier_count_from_the_date_the_narrative_last_gave_not_from_a_since():
    found = mentions(
        "In July 2023, the command moved equipment. Since 2015, the army has built nine bases. "
        "Two years earlier, the agency alleged smuggling.",
        "2024-01-10",
    )
    assert found["Two years earlier"] == "2021"


def test_years_ago_count_from_the_report_date():
    assert mentions("The plant closed two years ago.", "2024-06-01") == {"two years ago": "2022"}


def test_durations_are_not_points_in_time():
    assert mentions("The siege lasted 48 hours after two decades of presence and three years of talks.", "2024-06-01") == {}


def test_quantities_that_look_like_years_are_not_dates():
    found = mentions("About 2,500 troops and nearly 1500 soldiers, 2000 people and $2000 in aid arrived in 2019.", "2024-06-01")
    assert found == {"2019": "2019"}


def test_a_range_keeps_both_ends():
    found = dates.date_mentions(report("Krylov recalled the events of 2014-2015, when Mosul was taken.", "2025-01-01"))
    assert [(m.text, m.value, m.end) for m in found] == [("2014-2015", PartialDate(2014), PartialDate(2015))]


def test_a_report_without_a_date_leaves_relative_expressions_unresolved():
    found = dates.date_mentions(report("The agreement was signed last year, and he spoke on Friday. It began in 2003."))
    assert [(m.text, m.value, m.relative, m.anchor) for m in found] == [
        ("last year", None, True, None),
        ("Friday", None, True, None),
        ("2003", PartialDate(2003), False, None),
    ]


def test_a_relative_mention_records_the_anchor_it_was_resolved_against():
    (found,) = dates.date_mentions(report("They met last year.", "2025-01-31"))
    assert (found.relative, found.anchor) == (True, PartialDate(2025, 1, 31))


def test_today_and_yesterday_resolve_against_the_report_date_but_a_title_is_not_a_date():
    found = mentions("Today the army withdrew. Yesterday's vote, reported by USA Today, was close.", "2025-01-31")
    assert found == {"Today": "2025-01-31", "Yesterday": "2025-01-30"}


def test_at_the_same_time_takes_the_date_just_given():
    found = mentions(
        "Demands began in January 2020, when the general was killed. At the same time, parliament voted.",
        "2025-01-01",
    )
    assert found["At the same time"] == "2020-01"


def test_a_day_after_a_dated_happening_is_the_next_day():
    found = mentions(
        "His remarks came a day after a US strike in Baghdad. On January 4, a drone targeted the headquarters.",
        "2024-01-10",
    )
    assert found == {"a day after": "2024-01-05", "January 4": "2024-01-04"}


def test_expressions_in_boilerplate_are_skipped():
    text = "Today : Feb 01, 2025\nThe fall of Assad on December 8, 2024 changed everything."
    doc = Document(0, "r.txt", "r", text, boilerplate=(Span(0, 0, 20),))
    assert [m.text for m in dates.date_mentions(doc)] == ["December 8, 2024"]


def test_every_mention_span_slices_to_its_text():
    doc = report("On Friday, Jan. 31, 2025 and in early July and two years ago the 1990s ended.", "2025-02-01")
    for m in dates.date_mentions(doc):
        assert doc.text[m.span.start : m.span.end] == m.text


def test_the_latest_date_told_as_past_bounds_the_report_from_below():
    doc = report("In July 2023, the command moved. The mission will end by September 2025.")
    bound = dates.past_bound(dates.find_expressions(doc))
    assert bound is not None and bound.value == PartialDate(2023, 7)


def test_a_year_less_news_date_after_the_latest_past_date_gives_the_report_its_month():
    doc = report("On January 4, a drone targeted the headquarters. In July 2023, the command moved equipment.")
    inferred = dates.content_date(dates.find_expressions(doc))
    assert inferred is not None and inferred[0] == PartialDate(2024, 1) and inferred[1].text == "January 4"


def test_a_year_alone_is_too_vague_a_floor_to_date_a_report():
    doc = report("On January 4, a drone targeted the headquarters. The militia was formed in 2014.")
    assert dates.content_date(dates.find_expressions(doc)) is None


def test_a_news_date_long_after_the_floor_or_an_anniversary_dates_nothing():
    far = report("On November 4, a drone struck. In January 2023, the command moved equipment.")
    anniversary = report("Security tightened after the 11 September attacks. In July 2001, talks failed.")
    assert dates.content_date(dates.find_expressions(far)) is None
    assert dates.content_date(dates.find_expressions(anniversary)) is None


def test_a_weekday_given_with_a_month_day_picks_the_year_where_they_agree():
    # 1 March 2005 was a Tuesday; 1 March 2004 a Monday.
    assert mentions("The law took effect on Tuesday, 1 March.", "2005-06-01") == {"Tuesday, 1 March": "2005-03-01"}
    assert mentions("The law took effect on Tuesday, 1 March.", "2006-02-01") == {"Tuesday, 1 March": "2005-03-01"}


def test_weekdays_after_a_or_every_are_habits_not_dates():
    assert mentions("The show airs on a Saturday morning and every Sunday.", "2025-01-31") == {}


def test_at_the_same_time_inside_a_clause_is_no_date():
    assert mentions("Talks began in January 2020. Pubs must not all close at the same time.", "2025-01-31") == {
        "January 2020": "2020-01"
    }


def test_without_a_year_less_news_date_the_content_gives_no_report_date():
    doc = report("Demands began in January 2020. Talks took place in January 2024.")
    assert dates.content_date(dates.find_expressions(doc)) is None


def test_in_a_report_in_another_language_dates_with_month_names_are_read_in_that_language():
    doc = report(
        "El presidente dijo el 8 de diciembre de 2024 que las tropas se irán. En enero de 2020 el general "
        "fue asesinado. Las conversaciones continuaron durante 2014 en Bagdad."
    )
    assert doc.language == "es"
    assert [(m.text, m.value.iso()) for m in dates.date_mentions(doc)] == [
        ("8 de diciembre de 2024", "2024-12-08"),
        ("enero de 2020", "2020-01"),
        ("2014", "2014"),
    ]


def test_russian_month_names_in_the_genitive_are_read():
    doc = report("Президент заявил 8 декабря 2024 года, что войска уйдут, и переговоры прошли 15 января 2025 г. в Багдаде.")
    assert [(m.text, m.value.iso()) for m in dates.date_mentions(doc)] == [
        ("8 декабря 2024", "2024-12-08"),
        ("15 января 2025", "2025-01-15"),
    ]


def test_last_night_is_the_day_before_the_report():
    assert mentions("Last night's strike hit a port.", "2024-03-05") == {"Last night": "2024-03-04"}


def test_a_day_range_without_a_year_keeps_both_ends():
    (found,) = dates.date_mentions(report("The next summit is scheduled for 21-22 March.", "2024-03-05"))
    assert (found.value, found.end) == (PartialDate(2024, 3, 21), PartialDate(2024, 3, 22))


def test_a_verb_in_another_clause_does_not_set_the_direction():
    found = mentions("The EU agreed a package on 1 February; the next summit is scheduled for later.", "2024-03-05")
    assert found == {"1 February": "2024-02-01"}


def test_a_number_before_a_counted_noun_is_no_year_but_a_determiner_makes_it_one():
    assert mentions("They lost 2,000 troops and 1990 tanks before the 2004 elections.", "2005-01-01") == {"2004": "2004"}


def test_a_participle_after_be_takes_its_tense_from_the_auxiliary():
    assert mentions("The dividend will be paid Dec. 14 to holders.", "2024-10-26") == {"Dec. 14": "2024-12-14"}


def test_a_date_something_was_moved_to_lies_ahead():
    assert mentions("The offer was extended to Nov. 16 by the bidder.", "2024-10-30") == {"Nov. 16": "2024-11-16"}


def test_the_noun_plan_does_not_look_forward():
    assert mentions("The thrift announced the plan Aug. 21.", "2024-10-27") == {"Aug. 21": "2024-08-21"}


# ---------------------------------------------------------------------------
# Spotting: the shortcuts find what trying each rule at each start word finds


def test_a_word_kind_keeps_every_word_rule_that_can_begin_with_its_words():
    regex = pytest.importorskip("regex")  # partial matching: can a match begin with this word?
    rules = {name: regex.compile(pattern) for name, pattern in dates._rules()}
    word_rules = set(dates._STARTS_WITH["word"].split())
    for token in sorted(dates._STARTERS | dates._HEADS | {"'"}):
        kind = dates._start_kind(token)
        if kind in ("digit", "month", "weekday"):
            continue
        possible = {name for name in word_rules if rules[name].match(token, partial=True)}
        assert possible <= set(dates._STARTS_WITH[kind].split()), token


_TOKEN = re.compile(r"[^\W\d_]+|\d+|[\W_]+")
_PLAIN_PATTERNS = {kind: dates._compile(set(dates._STARTS_WITH[kind].split()))
                   for kind in ("digit", "month", "weekday", "word")}


def _plain_matches(text: str) -> list[tuple[int, int, str | None]]:
    """The spotting rule written out plainly: the text tokenized whole; at each
    head not inside the last match, the starter words among the seven words
    before it on its line, then the head itself, tried in text order."""
    tokens = _TOKEN.findall(text)
    offsets = [0]
    for token in tokens:
        offsets.append(offsets[-1] + len(token))
    found, cursor = [], 0
    for i, head in enumerate(tokens):
        at = offsets[i]
        if not (head in dates._HEADS or head.isdigit()) or at < cursor:
            continue
        needs = dates._HEAD_NEEDS.get(head)
        if needs is not None:
            before, after = needs
            if not ((i >= 2 and tokens[i - 2].lower() in before)
                    or (i + 2 < len(tokens) and tokens[i + 2].lower() in after)):
                continue
        starts, words = [(at, head)], 0
        for j in range(i - 1, -1, -1):
            token = tokens[j]
            if words >= 7 or offsets[j] < cursor:
                break
            if token[0].isalnum():
                words += 1
                if token in dates._STARTERS:
                    starts.append((offsets[j], token))
            elif "\n" in token:
                break
            elif token[-1] in "'’" and j == i - 1:
                starts.append((offsets[j] + len(token) - 1, "'"))
        for start, token in reversed(starts):
            kind = "digit" if token.isdigit() else dates._start_kind(token)
            kind = kind if kind in _PLAIN_PATTERNS else "word"
            match = _PLAIN_PATTERNS[kind].match(text, start)
            if match and match.end() > at:
                cursor = match.end()
                found.append((match.start(), match.end(), match.lastgroup))
                break
    return found


_PIECES = (
    "the The on at a A that from between last this next first year years day the same time May 8 31 2024 1990s "
    "'90s ’90s \"'Friday Friday Jan. 2 of early mid- - – / , . ; two ago later after quarter Q3 fiscal spring "
    "twenty nineteen the day before yesterday tonight company said extraordinarily_long_wordsmithing "
    "Zeitungsüberschriftenredaktion ٣ ² é \n \n\n ' ’ _ 1st"
).split(" ")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=40), st.sampled_from(["", " ", "\t"]))
@example(["in", "the", "\n", "'90s"], "")
@example(["May", "8", "'90s", "the", "same", "time"], "")
@example(["extraordinarily_long_wordsmithing"] * 3 + ["a", "day", "after"], " ")
@example(["in", "late", " " * 60, "2004"], " ")
def test_spotting_finds_what_trying_each_start_word_in_turn_finds(pieces, glue):
    text = glue.join(pieces)
    assert [(m.start(), m.end(), m.lastgroup) for m in dates._matches(text)] == _plain_matches(text)
