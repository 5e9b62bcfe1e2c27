"""Claims compared across reports: where the sources disagree.

Each rule looks for one kind of disagreement and returns draft conflicts; the
drafts are then ordered by severity (substantive disagreements first, spelling
variants last) and numbered. Every claim is a span of a report with its text.

- quote-wording: the same quotation reported in different words;
- attribution: the same quotation, or the same retold statement, given to
  speakers of different affiliation (an Iraqi official / a U.S. official);
- number: different figures for the same kind of quantity in the same place;
- date: the same event (timeline cluster) given dates that cannot both hold;
- document-date: a report's header date contradicted by its content or by the
  header of another retelling of the same story;
- naming: one actor called by names that are not spellings of each other, and
  (lower) spelling variants of one name.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, combinations
from operator import attrgetter

from rapidfuzz import fuzz, process

from briefing.model import (
    Actor,
    Claim,
    Conflict,
    ConflictKind,
    Document,
    Event,
    Family,
    PartialDate,
    Quote,
    Span,
)
from briefing.sets import DisjointSets
from briefing.text import sentence_at

SEVERITY: dict[str, int] = {
    "number": 8,
    "attribution": 7,
    "date": 7,
    "document-date": 6,
    "quote-wording": 5,
    "naming": 4,
    "spelling": 1,
}

STOPWORDS = frozenset(
    """
    a an the and or but nor of in on at to for from by with as is are was were be been being am
    has have had do does did this that these those it its he she they them their his her we us our
    you your i me my which who whom what when where how than then there so such also very more
    most some any all each both will would could can may might should must shall about after
    before over under into out up down off again once only own same too just now one other another
    """.split()
)
# A word in more quotations than this is the topic's, not one quotation's.
COMMON_STEM = 30
NEGATIONS = frozenset({"not", "no", "never", "none", "nor", "neither", "without", "n't"})

# The comparison key every full personal name holds (actor ids hold no space).
_FULL_NAME = "full personal name"

# A re-dated report is set against this many of its retellings dated apart at
# most: a wire story syndicated thousands of times would cite every copy.
SHOWN_RETELLINGS = 3

# A surname outline shared by at most this many names has every pair of them
# sharing a comparison key tested as spellings (see _key_sharing_pairs); more
# names are first narrowed by their close words (see _variant_candidates).
PAIRWISE_NAMES = 40

# Words for who a speaker speaks for, folded to one key each.
_AFFILIATION_ALIASES = {
    "us": "us", "u.s": "us", "u.s.": "us", "usa": "us", "u.s.a": "us", "american": "us",
    "americans": "us", "america": "us", "washington": "us", "pentagon": "us",
    "uk": "uk", "u.k": "uk", "u.k.": "uk", "british": "uk", "britain": "uk",
    "un": "un", "u.n": "un", "u.n.": "un",
}
_GENERIC_CAPITALS = frozenset(
    "a an the one another some several multiple two three senior top former other this that".split()
)
_SPEAKER_HEAD = (
    r"officials?|spokes(?:man|woman|person|people)|sources?|ministers?|leaders?|diplomats?|"
    r"commanders?|aides?|advisers?|advisors?|analysts?|experts?|researchers?|officers?|"
    r"representatives?|envoys?|lawmakers?|members?|residents?|witnesses?|police|authorities"
)
_SPEECH = (
    r"said|says|say|told|tells|noted|added|stated|explained|argued|warned|remarked|insisted|"
    r"confirmed|announced|claimed|maintained|emphasized|emphasised|stressed|expressed"
)
_SPEAKER = re.compile(
    r"(?P<who>(?:(?:[A-Z][\w.'’\-]*|a|an|the|one|another|senior|high-ranking|top|several|"
    r"multiple|other|[a-z]+)\s+){0,5}?(?:" + _SPEAKER_HEAD + r"))\b"
    r"(?:\s*,[^,]{0,120},)?\s+(?:(?:also|then|later)\s+)?(?:" + _SPEECH + r")\b"
    r"|according to (?P<source>(?:[\w.'’\-]+\s+){0,5}?(?:" + _SPEAKER_HEAD + r"))\b"
)

_QUALIFIER = (
    r"about|around|approximately|roughly|nearly|almost|some|up to|more than|over|at least|"
    r"just over|just under|fewer than|less than|under|as many as|as few as|an estimated|estimated|"
    r"upwards of|close to|no more than|no fewer than|below|above"
)
_NUMBER = re.compile(
    r"(?<![\w.$£€-])(?:(?P<qual>" + _QUALIFIER + r")\s+)?"
    r"(?P<value>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>million|billion|thousand|hundred|m|bn|k)\b)?"
    r"(?P<after>(?:\s*%|\s+percent|\s+per cent)?)",
    re.I,
)
_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_WORDS = re.compile(r"[^\W_][\w'’.\-]*")
_DIGIT = re.compile(r"\d")
_MONTH_BEFORE = re.compile(r"\b(?:" + "|".join(_MONTHS) + r")\.?$")
_MONTH_AFTER = re.compile(r"\s*(?:" + "|".join(_MONTHS) + r")\b")
_SPEECH_WORD = re.compile(r"\b(?:" + _SPEECH + r"|according to)\b")
# What every match of _SPEAKER ends with: a head word said something, or "according to".
_SPEAKER_END = re.compile(
    r"(?:" + _SPEAKER_HEAD + r")\b(?:\s*,[^,]{0,120},)?\s+(?:(?:also|then|later)\s+)?(?:" + _SPEECH + r")\b"
    r"|according to"
)
_HEAD = re.compile(r"(?:" + _SPEAKER_HEAD + r")\b|according to")
_CHUNK = re.compile(r"\S+")
_PARTICLES = frozenset({"al", "el", "an", "ad", "as", "ash", "at", "the"})
_NOT_CONSONANTS = str.maketrans("", "", "aeiouy'’.")

# Kinds of counted things: the first class word after a figure names what it counts.
_UNIT_CLASSES = {
    "troops": "troops soldiers personnel forces servicemen service troop military contingent "
    "marines footprint advisers advisors",
    "dead": "dead killed death deaths died toll fatalities lives bodies victims",
    "injured": "injured wounded hurt injuries",
    "displaced": "displaced homeless evacuated refugees fled",
    "affected": "affected",
    "arrested": "arrested detained prisoners detainees",
    "votes": "votes voted deputies lawmakers seats ballots",
    "people": "people residents civilians persons citizens",
}
UNPLACED = "\u2205"
# Counts that reports on one event give without naming a place ("the toll rose to 112").
_TOLLS = frozenset({"dead", "injured", "displaced", "arrested", "affected", "troops"})
_UNIT_OF = {w: unit for unit, words in _UNIT_CLASSES.items() for w in words.split()}
_LOCATIVE = re.compile(r"\b(?:in|inside|across|within|throughout|from)\s+(?:the\s+)?([A-Z][\w'’\-]+)")
_PLACE_ADJECTIVE = re.compile(r"\b([A-Z][a-z]+(?:an|i|ian|ish|ese))\b")
_LETTERS = re.compile(r"[A-Za-z\-]+")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_ORDINAL_OR_TIME = re.compile(r"(?:st|nd|rd|th)\b|\s*(?:a\.m|p\.m|am|pm|gmt)\b|[:/\-]\d")
_FROM_BEFORE = re.compile(r"\bfrom\s+$")
_TO_AFTER = re.compile(r"\s+to\s+\S*\d")
_LISTED_AFTER = re.compile(r"\s+(?:in|to|and|,)\b")
_SCALES = {"thousand": 1e3, "k": 1e3, "hundred": 1e2, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}
# A counted figure is a share ("%", "percent", "per cent") or names what it
# counts with a class word (see _unit), so a sentence whose lowercased text
# holds none of these strings has no quantity.
_COUNT_MARKERS = ("%", "cent", *_UNIT_OF)


Offsets = tuple[int, int, int]
_offsets = attrgetter("doc", "start", "end")


@dataclass(frozen=True, slots=True)
class _Draft:
    kind: ConflictKind
    topic: str
    claims: tuple[Span, ...]
    note: str
    severity: int


def find_conflicts(
    documents: Sequence[Document],
    families: Sequence[Family],
    actors: Sequence[Actor],
    events: Sequence[Event],
    quotes: Sequence[Quote],
    *,
    quantities: Mapping[int, Sequence[Quantity]] | None = None,
    quote_stems: Mapping[int, Mapping[tuple[int, int], str]] | None = None,
) -> list[Conflict]:
    """Every disagreement found between (or inside) the reports, most important first.

    `quantities` holds each report's `quantities`, and `quote_stems` its
    `quotation_stems`, by document id when they were worked out beforehand (in
    worker processes); otherwise they are worked out here."""
    family_of = {d.id: d.family or f"doc{d.id}" for d in documents}
    drafts = [
        *quote_conflicts(documents, quotes, family_of, quote_stems),
        *retold_attribution_conflicts(documents, families),
        *number_conflicts(documents, actors, quantities),
        *date_conflicts(documents, events),
        *retold_date_conflicts(documents, events),
        *document_date_conflicts(documents, families, events),
        *naming_conflicts(documents, actors),
    ]
    # A draft may carry thousands of claims (the retellings of a syndicated
    # story), so its claims are taken as plain (doc, start, end) tuples, sorted
    # and deduplicated once, and each claimed span becomes one Claim shared by
    # every conflict citing it.
    unique: dict[tuple[str, tuple[Offsets, ...]], tuple[_Draft, list[Offsets]]] = {}
    for draft in drafts:
        claimed = [_offsets(s) for s in draft.claims]
        key = (draft.kind, tuple(sorted(claimed)))
        distinct = list(dict.fromkeys(claimed))
        if len(distinct) >= 2 and key not in unique:
            unique[key] = (draft, distinct)
    ordered = sorted(
        unique.values(),
        key=lambda found: (
            -found[0].severity,
            -len({family_of[doc] for doc, _, _ in found[1]}),
            min(found[1]),
            found[0].kind,
        ),
    )
    claim_of: dict[Offsets, Claim] = {}
    for _, distinct in ordered:
        for offsets in distinct:
            if offsets not in claim_of:
                span = Span(*offsets)
                claim_of[offsets] = Claim(span, documents[span.doc].slice(span))
    return [
        Conflict(
            id=f"c{n}",
            kind=d.kind,
            topic=d.topic,
            claims=tuple(claim_of[offsets] for offsets in distinct),
            note=d.note,
            severity=d.severity,
        )
        for n, (d, distinct) in enumerate(ordered, start=1)
    ]


# Quotations -------------------------------------------------------------------


def quote_conflicts(
    documents: Sequence[Document],
    quotes: Sequence[Quote],
    family_of: dict[int, str],
    stems: Mapping[int, Mapping[tuple[int, int], str]] | None = None,
) -> list[_Draft]:
    """The same quotation worded differently, or given to different speakers.

    Quotes the quotes stage grouped are the same quotation; a quote it left
    alone is matched here to quotes of other reports on shared content words
    (more loosely inside one story family, where a rewrite paraphrases what the
    wire quoted). Two groups the quotes stage kept apart stay apart.
    """
    usable = [q for q in quotes if q.text.strip() and not documents[q.doc].in_boilerplate(q.span)]
    drafts: list[_Draft] = []
    for group in quote_groups(usable, family_of, stems):
        if len({q.doc for q in group}) < 2:
            continue
        drafts.extend(_wording(documents, group))
        drafts.extend(_attribution(documents, group))
    return drafts


def quote_groups(
    quotes: Sequence[Quote], family_of: dict[int, str], given: Mapping[int, Mapping[tuple[int, int], str]] | None = None
) -> list[list[Quote]]:
    sets = DisjointSets(len(quotes))
    by_group: dict[str, int] = {}
    for i, q in enumerate(quotes):
        if q.group:
            sets.union(by_group.setdefault(q.group, i), i)
    sizes = Counter(q.group for q in quotes if q.group)
    alone = [not q.group or sizes[q.group] == 1 for q in quotes]
    stems = _quotation_stems(quotes, given)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(stems):
        for stem in s:
            postings[stem].append(i)
    # Quotations sharing two stems that are not common are compared when the
    # quotes stage left either alone; the stems each pair shares are counted
    # in one pass over every posting's pairs. (same_quotation is symmetric, and
    # the groups do not depend on the order their pairs are joined in.)
    shared = Counter(
        chain.from_iterable(combinations(found, 2) for found in postings.values() if 1 < len(found) <= COMMON_STEM)
    )
    for a, b in [pair for pair, count in shared.items() if count >= 2]:
        qa, qb = quotes[a], quotes[b]
        if (alone[a] or alone[b]) and qa.doc != qb.doc:
            if same_quotation(stems[a], stems[b], family_of[qa.doc] == family_of[qb.doc]):
                sets.union(a, b)
    groups: dict[int, list[Quote]] = defaultdict(list)
    for i, q in enumerate(quotes):
        groups[sets.find(i)].append(q)
    # Spans sort as (doc, start, end) tuples, their own order, compared in C.
    return [sorted(g, key=lambda q: _offsets(q.span)) for g in groups.values() if len(g) > 1]


def _quotation_stems(
    quotes: Sequence[Quote], given: Mapping[int, Mapping[tuple[int, int], str]] | None
) -> list[frozenset[str]]:
    """Each quotation's stems: as its report's quotation_stems give them, else
    read here. A syndicated quotation is the same text thousands of times:
    each text (or given string of stems) is made a set once, each word stemmed once."""
    known = QuoteStems()
    of_text: dict[str, frozenset[str]] = {}
    of_joined: dict[str, frozenset[str]] = {}
    stems = []
    for q in quotes:
        joined = given[q.doc].get((q.span.start, q.span.end)) if given and q.doc in given else None
        if joined is not None:
            if joined not in of_joined:
                of_joined[joined] = frozenset(joined.split())
            stems.append(of_joined[joined])
        else:
            if q.text not in of_text:
                of_text[q.text] = quote_stems(q.text, known)
            stems.append(of_text[q.text])
    return stems


def quote_stems(quote_text: str, known: QuoteStems | None = None) -> frozenset[str]:
    return frozenset(_quote_stems(quote_text, QuoteStems() if known is None else known))


def _quote_stems(quote_text: str, known: QuoteStems) -> Iterator[str]:
    """The stems of a quotation in text order, repeats included."""
    return filter(None, map(known.__getitem__, _WORDS.findall(_fold(quote_text).replace("’", "'"))))


class QuoteStems(dict[str, str]):
    """A word as written in a quotation (see _tokens) -> its stem, or "" for a
    stopword or a single character: each distinct word stemmed once, by
    whoever stems many quotations (a process, every report it reads)."""

    def __missing__(self, word: str) -> str:
        token = word.lower().strip(".'-")
        stem = self[word] = _stem(token) if token not in STOPWORDS and len(token) > 1 else ""
        return stem


def quotation_stems(
    doc: Document, quotations: Iterable[tuple[int, int]], known: QuoteStems | None = None
) -> dict[tuple[int, int], str]:
    """The stems of one report's quotations, given by their (start, end)
    offsets: each quotation's distinct stems in text order joined by spaces (a
    string pickles far cheaper than a set). Read from the report alone, so
    worked out in worker processes."""
    known = QuoteStems() if known is None else known
    text = doc.text
    return {(start, end): " ".join(dict.fromkeys(_quote_stems(text[start:end], known))) for start, end in quotations}


def same_quotation(a: frozenset[str], b: frozenset[str], same_story: bool) -> bool:
    """Dice overlap of content stems; a short quote inside a longer one also counts."""
    if not a or not b:
        return False
    common = len(a & b)
    dice = 2 * common / (len(a) + len(b))
    inside = common / min(len(a), len(b))
    return dice >= (0.35 if same_story else 0.5) or (common >= 3 and inside >= 0.8)


def _wording(documents: Sequence[Document], group: list[Quote]) -> list[_Draft]:
    first_of_text: dict[str, Quote] = {}
    for q in group:
        first_of_text.setdefault(q.text, q)
    wordings: dict[str, Quote] = {}
    for text, q in first_of_text.items():
        wordings.setdefault(" ".join(_tokens(text)), q)
    if len(wordings) < 2:
        return []
    distinct = list(wordings.items())
    changes: list[tuple[str, str]] = []
    for (ta, _), (tb, _) in combinations(distinct, 2):
        if ta in tb or tb in ta:
            continue
        changes.extend(_changed_words(ta.split(), tb.split()))
    if not changes:
        return []
    claims = tuple(q.span for _, q in distinct if any(q.doc != o.doc for _, o in distinct))
    before, after = next((c for c in changes if "…" not in c), changes[0])
    negated = any(_negation_flip(a, b) for a, b in changes)
    speaker = next((q.speaker for q in group if q.speaker), None)
    topic = f'Quoted differently: "{_shorten(before, 40)}" vs "{_shorten(after, 40)}"' + (f" ({speaker})" if speaker else "")
    note = "One report's quotation says the opposite of another's." if negated else ""
    return [_Draft("quote-wording", topic, claims, note, SEVERITY["quote-wording"] + 2 * negated)]


def _changed_words(a: list[str], b: list[str]) -> list[tuple[str, str]]:
    """The replaced word runs between two wordings, ignoring pure truncation and
    changes that touch only function words."""
    out = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op != "replace" and (i1 in (0, len(a)) and j1 in (0, len(b))):
            continue
        left, right = a[i1:i2], b[j1:j2]
        if all(w in STOPWORDS for w in left + right):
            continue
        out.append((" ".join(left) or "…", " ".join(right) or "…"))
    return out


def _negation_flip(a: str, b: str) -> bool:
    return bool(set(a.split()) & NEGATIONS) != bool(set(b.split()) & NEGATIONS)


Speaker = tuple[str | None, str, str | None]


def _attribution(documents: Sequence[Document], group: list[Quote]) -> list[_Draft]:
    # Speakers, not quotes, are compared: a quotation syndicated to thousands
    # of reports has far fewer ways of naming who said it.
    by_speaker: dict[Speaker, list[Quote]] = defaultdict(list)
    for q in group:
        by_speaker[(q.speaker, q.speaker_kind, q.speaker_actor)].append(q)
    clashing = _speakers_in_a_clash(by_speaker)
    if not clashing:
        return []
    involved = [q for q in group if (q.speaker, q.speaker_kind, q.speaker_actor) in clashing]
    claims = tuple(_speaker_sentence(documents, q) for q in involved)
    names = _distinct(q.speaker for q in involved if q.speaker)
    topic = "Same quotation, different speakers: " + " vs ".join(names[:3])
    return [_Draft("attribution", topic, claims, "", SEVERITY["attribution"])]


def _speakers_in_a_clash(by_speaker: dict[Speaker, list[Quote]]) -> set[Speaker]:
    """The speakers that clash with at least one other, across reports.

    Two named speakers clash unless they are one actor or one person under two
    spellings (a word of one name close to a word of the other); two described
    speakers clash when their affiliations share nothing ("an Iraqi official" /
    "a senior U.S. official"). A bare "the official", or a named speaker set
    against a described one, clashes with nobody. A speaker clashes when the
    speakers it agrees with are not all the others, so each speaker gathers
    those as a bit set instead of being tested against every other: a
    quotation syndicated thousands of times may be credited to thousands of
    names that mostly share one given name.
    """
    named = [k for k in by_speaker if k[0] and k[1] == "named"]
    described = {k: affiliations(k[0]) for k in by_speaker if k[0] and k[1] != "named"}
    described = {k: found for k, found in described.items() if found}
    only_report = {k: quotes[0].doc for k, quotes in by_speaker.items() if len({q.doc for q in quotes}) == 1}
    anyway_named = _agreed_anyway(named, only_report)
    anyway_described = _agreed_anyway(list(described), only_report)
    return {
        *_with_a_clash(named, _alike_named(named, anyway_named), anyway_named),
        *_with_a_clash(list(described), _alike_described(list(described.values())), anyway_described),
    }


def _agreed_anyway(speakers: list[Speaker], only_report: dict[Speaker, int]) -> list[int]:
    """For each speaker, its own bit and those of the speakers found only in
    the one report it is only found in: two such speakers are not a
    disagreement between sources."""
    in_report: dict[int, int] = defaultdict(int)
    for i, k in enumerate(speakers):
        if k in only_report:
            in_report[only_report[k]] |= 1 << i
    return [1 << i | (in_report[only_report[k]] if k in only_report else 0) for i, k in enumerate(speakers)]


def _with_a_clash(speakers: list[Speaker], alike: list[int], anyway: list[int]) -> list[Speaker]:
    """The speakers some other speaker disagrees with; `alike[i]` holds the bits
    of those speaker i agrees with (all of them, or enough to show one it does
    not), `anyway[i]` those it cannot disagree with."""
    everyone = (1 << len(speakers)) - 1
    return [k for i, k in enumerate(speakers) if alike[i] | anyway[i] != everyone]


def _alike_named(speakers: list[Speaker], anyway: list[int]) -> list[int]:
    """For each named speaker, the bits of those that are the same actor or
    share a close name word (fuzz ratio 70 or more), or (when one speaker it
    cannot agree with anyway shows that it clashes) just those it is alike to
    through one actor or exactly shared words (a word is close to itself).

    A syndicated quotation's speakers mostly share a name, or mostly share
    nothing: the exactly shared words settle the first, and a few speakers
    left out of them settle the second with a few word pairs, so closeness
    over the whole vocabulary is worked out (once per word) only otherwise."""
    words = [_name_words(k[0] or "") for k in speakers]
    having: dict[str, int] = defaultdict(int)
    by_actor: dict[str, int] = defaultdict(int)
    for i, k in enumerate(speakers):
        for w in words[i]:
            having[w] |= 1 << i
        if k[2]:
            by_actor[k[2]] |= 1 << i
    vocabulary = list(having)
    everyone = (1 << len(speakers)) - 1
    close: dict[str, list[str]] = {}
    alike = []
    for i, k in enumerate(speakers):
        bits = by_actor[k[2]] if k[2] else 0
        for w in words[i]:
            bits |= having[w]
        if bits | anyway[i] != everyone and _shows_a_clash(words[i], words, everyone & ~(bits | anyway[i])):
            alike.append(bits)
            continue
        for w in words[i]:
            if bits == everyone:
                break
            if w not in close:
                close[w] = [v for v, _, _ in process.extract(w, vocabulary, scorer=fuzz.ratio, score_cutoff=70, limit=None)]
            for v in close[w]:
                bits |= having[v]
        alike.append(bits)
    return alike


def _shows_a_clash(own: list[str], words: list[list[str]], others: int, tries: int = 3) -> bool:
    """Whether one of the first few speakers in `others` (bits) has no name
    word close to any of `own`."""
    for _ in range(tries):
        if not others:
            return False
        j = (others & -others).bit_length() - 1
        others &= others - 1
        if not any(fuzz.ratio(w, v) >= 70 for w in own for v in words[j]):
            return True
    return False


def _alike_described(found: list[frozenset[str]]) -> list[int]:
    """For each described speaker, the bits of those sharing an affiliation."""
    having: dict[str, int] = defaultdict(int)
    for i, keys in enumerate(found):
        for key in keys:
            having[key] |= 1 << i
    alike = []
    for keys in found:
        bits = 0
        for key in keys:
            bits |= having[key]
        alike.append(bits)
    return alike


def _speaker_sentence(documents: Sequence[Document], q: Quote) -> Span:
    """The sentence that names the speaker (it may follow the quotation)."""
    doc = documents[q.doc]
    anchor = q.speaker_span or q.span
    return sentence_at(doc, anchor.start) or q.span


def affiliations(description: str) -> frozenset[str]:
    """Who a speaker speaks for, as far as the words say: nationality and
    organisation words ("Iraqi", "U.S.", "Pentagon"), folded to one key each."""
    found = set()
    for word in re.findall(r"[A-Z][\w.\-]*", description):
        key = word.lower().rstrip(".,")
        key = _AFFILIATION_ALIASES.get(key, _AFFILIATION_ALIASES.get(key + ".", ""))
        if key:
            found.add(key)
        elif word.lower() not in _GENERIC_CAPITALS and not _is_title_word(word):
            found.add(_place_key(word))
    return frozenset(found)


def _is_title_word(word: str) -> bool:
    return word.lower() in {"mr", "mrs", "ms", "dr", "gen", "col", "maj", "lt", "capt", "sen", "rep", "gov"}


# Statements retold within a family --------------------------------------------


def retold_attribution_conflicts(documents: Sequence[Document], families: Sequence[Family]) -> list[_Draft]:
    """A sentence a retelling pairs with the original but credits to a speaker of
    another affiliation ("an Iraqi defense official said" / "a senior U.S.
    defense official said")."""
    # Retellings repeat their sentences word for word: each distinct
    # sentence is read for its speaker once.
    speaker_of: dict[str, tuple[str, frozenset[str]] | None] = {}

    def speaker(sentence: Span) -> tuple[str, frozenset[str]] | None:
        body = documents[sentence.doc].slice(sentence)
        if body not in speaker_of:
            speaker_of[body] = _speaker(body)
        return speaker_of[body]

    drafts = []
    for family in families:
        partners: dict[Span, list[Span]] = defaultdict(list)
        for a, b in family.aligned:
            partners[a].append(b)
        for pivot in sorted(partners, key=_offsets):
            others = partners[pivot]
            own = speaker(pivot)
            if own is None:
                continue
            clash = []
            for other in others:
                theirs = speaker(other)
                if theirs is not None and own[1] and theirs[1] and not own[1] & theirs[1]:
                    clash.append((other, theirs[0]))
            if clash:
                names = _distinct([own[0], *(name for _, name in clash)])
                drafts.append(
                    _Draft(
                        "attribution",
                        "Retold statement credited to different speakers: " + " vs ".join(names[:3]),
                        (pivot, *(span for span, _ in clash)),
                        "",
                        SEVERITY["attribution"],
                    )
                )
    return drafts


def _speaker(body: str) -> tuple[str, frozenset[str]] | None:
    """Who a sentence credits its statement to, and their affiliations."""
    head = _HEAD.search(body) if _SPEECH_WORD.search(body) else None
    if not head:
        return None
    # A speaker is at most five words before its head word ("a senior U.S.
    # defense official"), so the costly pattern starts there, not at every
    # character of the sentence; and it is not tried at all where nothing
    # its matches end with follows (it would try every later character).
    words_before = [w.start() for w in _CHUNK.finditer(body, 0, head.start())]
    start = words_before[-5] if len(words_before) >= 5 else 0
    m = _SPEAKER.search(body, start) if _SPEAKER_END.search(body, start) else None
    if not m:
        return None
    who = (m.group("who") or m.group("source")).strip()
    return who, affiliations(who)


# Numbers ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quantity:
    span: Span
    sentence: Span
    low: float
    high: float
    unit: str
    places: frozenset[str]
    where: str
    text: str


def quantities(doc: Document) -> list[Quantity]:
    """Counted figures in one report, each with the interval its qualifier allows,
    what it counts and where. Years, dates, times, ordinals and the starting
    point of a change ("from 500 to 1,500") are not quantities."""
    found = []
    for sentence in doc.sentences:
        if not _DIGIT.search(doc.text, sentence.start, sentence.end):
            continue
        body = doc.slice(sentence)
        # Most sentences with a figure name nothing counted: a few substring
        # tests skip them before their figures are read.
        if not _holds_marker(body.lower()) or doc.touches_boilerplate(sentence):
            continue
        matches = list(_NUMBER.finditer(body))
        for k, m in enumerate(matches):
            if _not_a_count(body, m) or _starts_change(body, m):
                continue
            unit = _unit(body, m, matches[k - 1] if k else None)
            if not unit:
                continue
            value = _value(m)
            low, high = _interval(value, (m.group("qual") or "").lower())
            window_end = matches[k + 1].start() if k + 1 < len(matches) else len(body)
            where = _places(body[m.end() : window_end]) or _places(body[: m.start()])
            span = Span(doc.id, sentence.start + m.start(), sentence.start + m.end())
            if not where and unit not in _TOLLS:
                continue
            places = frozenset(_place_key(w) for w in where) or frozenset({UNPLACED})
            found.append(Quantity(span, sentence, low, high, unit, places, where[0] if where else "", m.group().strip()))
    return found


def _holds_marker(lowered: str) -> bool:
    for marker in _COUNT_MARKERS:
        if marker in lowered:
            return True
    return False


def _starts_change(body: str, m: re.Match[str]) -> bool:
    """The first figure of "from 500 to 1,500": the later one is the figure now."""
    before = body[max(0, m.start() - 8) : m.start()].lower()
    return bool(_FROM_BEFORE.search(before) and _TO_AFTER.match(body, m.end()))


def _not_a_count(body: str, m: re.Match[str]) -> bool:
    raw = m.group("value")
    before = body[max(0, m.start() - 12) : m.start()].lower()
    after = body[m.end() : m.end() + 12].lower()
    if m.group("after"):
        return False
    if _YEAR.fullmatch(raw) and not m.group("scale"):
        return True
    if _MONTH_BEFORE.search(before.rstrip(" ,")) or _MONTH_AFTER.match(after):
        return True
    return bool(_ORDINAL_OR_TIME.match(after))


def _unit(body: str, m: re.Match[str], previous: re.Match[str] | None) -> str:
    """What the figure counts: a class word among the next few words, the most
    specific one winning ("23 people were killed" counts the dead, not people);
    a figure followed by no noun ("900 soldiers in Syria and 2,500 in Iraq")
    counts what the figure before it counted."""
    if m.group("after"):
        return "%"
    following = _LETTERS.findall(body, m.end(), m.end() + 60)[:5]
    general = ""
    for word in following:
        unit = _UNIT_OF.get(word.lower())
        if unit and unit != "people":
            return unit
        general = general or unit or ""
        if word.lower() in {"in", "into", "since", "from", "to", "and", "on", "at", "by"}:
            break
    before = _LETTERS.findall(body, max(0, m.start() - 80), m.start())[-10:]
    if general:
        # "killed 18 people": the specific word may stand right before the figure.
        specific = [_UNIT_OF.get(w.lower()) for w in before[-2:]]
        return next((u for u in specific if u and u != "people"), general)
    if previous is not None and _LISTED_AFTER.match(body, m.end()):
        return _unit(body, previous, None)
    for word in reversed(before):
        unit = _UNIT_OF.get(word.lower())
        if unit:
            return unit
    return ""


def _value(m: re.Match[str]) -> float:
    value = float(m.group("value").replace(",", ""))
    scale = (m.group("scale") or "").lower()
    return value * _SCALES.get(scale, 1)


def _interval(value: float, qualifier: str) -> tuple[float, float]:
    """The range a reported figure allows. A bare round figure is itself rounded,
    so it keeps a few percent either way."""
    if qualifier in {"more than", "over", "at least", "upwards of", "above", "no fewer than"}:
        return value, value * 1.5
    if qualifier in {"just over"}:
        return value, value * 1.1
    if qualifier in {"up to", "fewer than", "less than", "under", "below", "as many as", "no more than"}:
        return value * 0.5, value
    if qualifier in {"nearly", "almost", "close to", "just under"}:
        return value * 0.9, value
    if qualifier:
        return value * 0.85, value * 1.15
    return value * 0.97, value * 1.03


def _places(window: str) -> list[str]:
    """Where a figure applies: the places after "in/across/from" or, if none,
    place adjectives ("the Syrian province"), in the stretch after the figure up
    to the next one or, failing that, in the words before it. An adjective is
    not read as a place when a locative names one ("American troops in Iraq")."""
    return _LOCATIVE.findall(window) or _PLACE_ADJECTIVE.findall(window)


def _place_key(word: str) -> str:
    """Country, people and adjective fold together on their first four letters
    (Iraq/Iraqi, Syria/Syrian, Iran/Iranian)."""
    key = _AFFILIATION_ALIASES.get(word.lower().rstrip("."))
    return key or _fold(word).lower()[:4]


def number_conflicts(
    documents: Sequence[Document],
    actors: Sequence[Actor] = (),
    counted: Mapping[int, Sequence[Quantity]] | None = None,
) -> list[_Draft]:
    """Figures for the same kind of thing in the same place whose ranges cannot
    both hold. Figures in one sentence are never compared with each other
    (they are usually different quantities: "900 in Syria and 2,500 in Iraq").
    A figure with no place named ("the death toll rose to 112") is about the
    story itself, so it is compared only within reports on the same story.
    `counted` holds each report's quantities by document id, if worked out."""
    story = _same_story_groups(documents, actors)
    buckets: dict[tuple[str, str], list[Quantity]] = defaultdict(list)
    for doc in documents:
        for q in quantities(doc) if counted is None else counted[doc.id]:
            for place in q.places:
                key = f"{UNPLACED}{story[doc.id]}" if place == UNPLACED else place
                buckets[(q.unit, key)].append(q)
    drafts = []
    for (unit, _place), found in sorted(buckets.items()):
        if len(found) < 2 or len(found) > 60:
            continue
        groups = _compatible_groups(found)
        if len(groups) < 2:
            continue
        representatives = [g[0] for g in groups[:4]]
        if len({q.sentence for q in representatives}) < 2:
            continue
        figures = " vs ".join(q.text for q in representatives)
        what = "a share" if unit == "%" else unit
        where = f" ({representatives[0].where})" if representatives[0].where else ""
        topic = f"Different figures for {what}{where}: {figures}"
        drafts.append(_Draft("number", topic, tuple(q.sentence for q in representatives), "", SEVERITY["number"]))
    return drafts


def _same_story_groups(documents: Sequence[Document], actors: Sequence[Actor]) -> dict[int, int]:
    """Reports grouped by the actors they share: a report joins a group only if
    its set of actors overlaps every member's by a fifth or more (Jaccard), so
    a chain of loosely similar stories never becomes one story."""
    widespread: dict[int, set[str]] = defaultdict(set)
    # Reports are compared when an actor of at most 50 reports names both; how
    # many such actors two reports share is counted in C over every actor's
    # pairs, so a pair never intersects the reports' casts: only the few
    # actors of more reports are looked up apart. A report's cast is only
    # counted (its actors are distinct), in one pass.
    reports = [actor.documents for actor in actors]
    size = Counter(chain.from_iterable(reports))
    few: list[tuple[int, ...]] = []
    for actor, docs in zip(actors, reports):
        if len(docs) > 50:
            for d in docs:
                widespread[d].add(actor.id)
        elif len(docs) > 1:
            few.append(docs)
    shared_few = Counter(chain.from_iterable(combinations(docs, 2) for docs in few))
    spread = {d: len(names) for d, names in widespread.items()}
    related: dict[int, set[int]] = defaultdict(set)
    for (a, b), shared in shared_few.items():
        both = size[a] + size[b]
        # The overlap grows with what is shared: a pair that fails even with
        # every widespread actor of the one that has fewer shared is passed over.
        most = shared + min(spread.get(a, 0), spread.get(b, 0))
        if most < 2 or most / (both - most) < 0.2:
            continue
        if a in widespread and b in widespread:
            shared += len(widespread[a] & widespread[b])
        if shared >= 2 and shared / (both - shared) >= 0.2:
            related[a].add(b)
            related[b].add(a)
    group_of: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    for doc in documents:
        joined = next(
            (g for g in sorted({group_of[r] for r in related[doc.id] if r in group_of})
             if all(m in related[doc.id] for m in members[g])),
            None,
        )
        group = doc.id if joined is None else joined
        group_of[doc.id] = group
        members.setdefault(group, []).append(doc.id)
    return group_of


def _compatible_groups(found: list[Quantity]) -> list[list[Quantity]]:
    """Figures sorted by range and merged while their ranges overlap; two or more
    groups mean the figures disagree. Figures from one sentence never split."""
    ordered = sorted(found, key=lambda q: (q.low, q.high, q.span))
    groups: list[list[Quantity]] = []
    reach = -1.0
    for q in ordered:
        if groups and q.low <= reach:
            groups[-1].append(q)
            reach = max(reach, q.high)
        else:
            groups.append([q])
            reach = q.high
    sentences = [{q.sentence for q in g} for g in groups]
    if len(groups) == 2 and sentences[0] == sentences[1]:
        return [found]
    return groups


# Dates ------------------------------------------------------------------------


def date_conflicts(documents: Sequence[Document], events: Sequence[Event]) -> list[_Draft]:
    """One event (timeline cluster) told with dates that cannot both hold."""
    clusters: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        if e.cluster and e.date is not None:
            clusters[e.cluster].append(e)
    drafts = []
    for cluster, members in sorted(clusters.items()):
        if len({e.doc for e in members}) < 2:
            continue
        groups = _date_groups(members)
        if len(groups) < 2:
            continue
        picked = [g[0] for g in groups[:4]]
        dates = " vs ".join(e.date.iso() for e in picked if e.date)
        summary = _shorten(picked[0].summary or documents[picked[0].doc].slice(picked[0].sentence), 60)
        drafts.append(
            _Draft("date", f"Different dates for {summary}: {dates}", tuple(e.sentence for e in picked), "", SEVERITY["date"])
        )
    return drafts


def retold_date_conflicts(documents: Sequence[Document], events: Sequence[Event]) -> list[_Draft]:
    """One happening told in two reports with dates that cannot both hold.
    Timeline clusters only join agreeing dates, so events are paired here by
    the content words their sentences share (two fifths of the shorter one's,
    and at least five), found through the rarer words only."""
    usable: list[Event] = []
    content: list[frozenset[str]] = []
    per_sentence = Counter(e.sentence for e in events)
    # Retellings repeat a sentence and its date word for word: each distinct
    # sentence is stemmed, and each distinct (sentence, date) pair given its
    # content words, once.
    sentence_stems: dict[str, frozenset[str]] = {}
    content_of: dict[tuple[str, str], frozenset[str]] = {}
    date_stems: dict[str, frozenset[str]] = {}
    date_words: dict[str, set[str]] = {}
    stem_of = _ContentStems()
    for e in events:
        # A sentence carrying many dates is a list or a chronology, not one
        # happening retold; it is also where per-event work would add up.
        if e.date is None or per_sentence[e.sentence] > 6 or documents[e.doc].touches_boilerplate(e.sentence):
            continue
        told = (documents[e.doc].slice(e.sentence), e.date_text)
        found = content_of.get(told)
        if found is None:
            body, date_text = told
            if body not in sentence_stems:
                words = _WORDS.findall(_fold(body).replace("’", "'"))
                sentence_stems[body] = frozenset(filter(None, map(stem_of.__getitem__, words)))
            if date_text not in date_stems:
                date_stems[date_text] = frozenset(_stem(w) for w in _tokens(date_text))
                date_words[date_text] = _date_words(e)
            found = content_of[told] = sentence_stems[body] - date_stems[date_text]
        usable.append(e)
        content.append(found)
    events_with = Counter(chain.from_iterable(content))
    docs = [e.doc for e in usable]
    dated = [date_words[e.date_text] for e in usable]
    # Partners tell the same date expression ("in September" / "by September
    # 2025") resolved to dates that cannot both hold; a different expression
    # in a like sentence is usually a different step of the story. So a word
    # proposes, from each date word of an event, only the events sharing that
    # date word too: most events (a bare year, a weekday) have none and pair
    # with nothing. A word in more than 40 events proposes nothing at all, so
    # each dated event keeps only its other words (worked out once per
    # distinct set of words) to propose and to look up partners by.
    rare_of: dict[frozenset[str], list[str]] = {}
    rare: list[list[str]] = []
    for i, words in enumerate(content):
        if dated[i] and words not in rare_of:
            rare_of[words] = [w for w in words if events_with[w] <= 40]
        rare.append(rare_of[words] if dated[i] else [])
    dated_postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, words in enumerate(rare):
        for date_word in dated[i]:
            for w in words:
                dated_postings[(date_word, w)].append(i)
    sets = DisjointSets(len(usable))
    told_apart: set[int] = set()
    for a, words in enumerate(content):
        if not dated[a]:
            continue
        # Each pair once, from its earlier event: postings list events in order.
        partners: set[int] = set()
        for date_word in dated[a]:
            for w in rare[a]:
                found = dated_postings.get((date_word, w))
                if found is not None:
                    partners.update(found[bisect_right(found, a) :])
        for b in partners:
            if docs[a] == docs[b]:
                continue
            shared = len(words & content[b])
            if shared < 5 or shared < 0.4 * min(len(words), len(content[b])) or _agree(usable[a], usable[b]):
                continue
            told_apart.update((a, b))
            sets.union(a, b)
    # Groups and their members in event order, whatever order the words were
    # met in, so the conflicts come out the same on every run.
    told: dict[int, list[Event]] = defaultdict(list)
    for i in sorted(told_apart):
        told[sets.find(i)].append(usable[i])
    drafts = []
    for group in told.values():
        picked = [g[0] for g in _date_groups(group)[:4]]
        dates = " vs ".join(e.date.iso() for e in picked if e.date)
        summary = _shorten(picked[0].summary or documents[picked[0].doc].slice(picked[0].sentence), 60)
        drafts.append(
            _Draft("date", f"Told with different dates: {summary}: {dates}", tuple(e.sentence for e in picked), "", SEVERITY["date"])
        )
    return drafts


class _ContentStems(dict[str, str]):
    """A word as written in a sentence (see _tokens) -> its stem, or "" for a
    stopword, a word of two characters or fewer, or a figure: each distinct
    word stemmed once."""

    def __missing__(self, word: str) -> str:
        token = word.lower().strip(".'-")
        content = len(token) > 2 and token not in STOPWORDS and not token[0].isdigit()
        stem = self[word] = _stem(token) if content else ""
        return stem


def _date_words(e: Event) -> set[str]:
    return {w for w in _tokens(e.date_text) if w not in STOPWORDS and not w[0].isdigit()}


def _agree(a: Event, b: Event) -> bool:
    return _first(a) <= _last(b) and _first(b) <= _last(a)


def _date_groups(members: list[Event]) -> list[list[Event]]:
    # Each event's days are worked out once; its sentence is compared as a
    # (doc, start, end) tuple, a span's own order, and ties keep list order.
    ordered = sorted((_first(e), _last(e), _offsets(e.sentence), k) for k, e in enumerate(members))
    groups: list[list[Event]] = []
    reach = dt.date.min
    for first, last, _, k in ordered:
        if groups and first <= reach:
            groups[-1].append(members[k])
            reach = max(reach, last)
        else:
            groups.append([members[k]])
            reach = last
    return groups


def _first(e: Event) -> dt.date:
    assert e.date is not None
    return e.date.first_day()


def _last(e: Event) -> dt.date:
    assert e.date is not None
    return (e.end or e.date).last_day()


def document_date_conflicts(
    documents: Sequence[Document], families: Sequence[Family], events: Sequence[Event]
) -> list[_Draft]:
    """A header date the content contradicts.

    A report the timeline stage re-dated (its date no longer is its header's, or
    a warning names the header date) gets its header set against the content
    that dates it later and against the headers of its retellings dated more
    than a month apart (the first few; the note counts the rest). Otherwise a
    story family whose members' headers lie more than a month apart is flagged
    as a whole: a wire story and its rewrites appear within days of each other.
    """
    by_id = {d.id: d for d in documents}
    later_events: dict[int, list[Event]] = defaultdict(list)
    for e in events:
        if e.date is not None and not e.relative:
            later_events[e.doc].append(e)
    families_of: dict[int, list[int]] = defaultdict(list)
    for n, f in enumerate(families):
        for i in dict.fromkeys(f.documents):
            families_of[i].append(n)
    # Retellings of one story share their families and often their header
    # date: the retellings dated apart are looked up once per family and date.
    headers: dict[int, _Headers] = {}
    told_apart: dict[tuple[tuple[int, ...], PartialDate], tuple[tuple[Span, ...], str]] = {}
    drafts = []
    explained: set[int] = set()
    for doc in documents:
        header = doc.header_date
        if header is None or doc.date_span is None or not _redated(doc):
            continue
        key = (tuple(families_of[doc.id]), header)
        if key not in told_apart:
            shown: list[Document] = []
            total = 0
            for n in key[0]:
                if n not in headers:
                    headers[n] = _Headers.of([by_id[i] for i in families[n].documents if i in by_id], SHOWN_RETELLINGS)
                first, count = headers[n].apart_from(header)
                shown.extend(first)
                total += count
            shown = shown[:SHOWN_RETELLINGS]
            lines = [f"{_shorten(o.title, 40)} is dated {o.header_date.iso()}" for o in shown if o.header_date]
            if total > len(shown):
                lines.append(f"and {total - len(shown)} more retellings dated over a month apart")
            told_apart[key] = (tuple(o.date_span for o in shown if o.date_span), "; ".join(lines))
        spans, note = told_apart[key]
        later = [e.sentence for e in later_events[doc.id] if e.date and e.date.first_day() > header.last_day()]
        evidence = [*spans, *later[:2]]
        if not evidence:
            continue
        explained.add(doc.id)
        better = f"; its content points to {doc.date.iso()}" if doc.date and doc.date != header else ""
        topic = f"Header date {header.iso()} of {_shorten(doc.title, 50)} contradicts its content{better}"
        drafts.append(_Draft("document-date", topic, (doc.date_span, *evidence), note, SEVERITY["document-date"]))
    for family in families:
        dated = sorted(
            (by_id[i] for i in family.documents if i in by_id and by_id[i].date_span and by_id[i].header_date),
            key=lambda d: (d.header_date.first_day(), d.id),
        )
        if any(d.id in explained for d in dated):
            continue
        apart = [d for k, d in enumerate(dated) if k == 0 or _dated_apart(d, dated[k - 1].header_date)]
        if len(apart) < 2:
            continue
        dates = " vs ".join(d.header_date.iso() for d in apart if d.header_date)
        drafts.append(
            _Draft(
                "document-date",
                f"Retellings of one story carry header dates more than a month apart: {dates}",
                tuple(d.date_span for d in apart if d.date_span),
                "A wire story and its rewrites appear within days; at least one header date is wrong.",
                SEVERITY["document-date"],
            )
        )
    return drafts


def _redated(doc: Document) -> bool:
    header = doc.header_date
    if header is None:
        return False
    if doc.date is not None and doc.date != header and doc.date_source != "header":
        return True
    return any(header.iso() in w or f"date {header.year}" in w.lower() for w in doc.warnings)


@dataclass(frozen=True, slots=True)
class _Headers:
    """A family's members with a header date, the last and the first day each
    header allows in order, and the first few members (in family order) among
    those of the earliest last days and among those of the latest first days:
    `least_before[i]` holds the `shown` smallest positions among the i members
    ending first, `least_after[i]` among the members starting from the i-th
    earliest on. A syndicated story's family has thousands of members, and
    its re-dated reports each look up the few dated apart."""

    members: tuple[Document, ...]
    last_days: tuple[int, ...]
    first_days: tuple[int, ...]
    least_before: tuple[tuple[int, ...], ...]
    least_after: tuple[tuple[int, ...], ...]
    shown: int

    @classmethod
    def of(cls, members: list[Document], shown: int) -> _Headers:
        dated = [(m, m.header_date) for m in members if m.header_date]
        last = sorted((h.last_day().toordinal(), k) for k, (_, h) in enumerate(dated))
        first = sorted((h.first_day().toordinal(), k) for k, (_, h) in enumerate(dated))
        return cls(
            tuple(m for m, _ in dated),
            tuple(day for day, _ in last),
            tuple(day for day, _ in first),
            _running_least([k for _, k in last], shown),
            _running_least([k for _, k in reversed(first)], shown)[::-1],
            shown,
        )

    def apart_from(self, header: PartialDate) -> tuple[list[Document], int]:
        """The first `shown` members, in family order, dated more than a month
        before or after `header` (as _dated_apart tells), and how many are:
        found by bisection rather than by comparing every member's header."""
        before = bisect_left(self.last_days, header.first_day().toordinal() - 31)
        after = bisect_right(self.first_days, header.last_day().toordinal() + 31)
        positions = sorted((*self.least_before[before], *self.least_after[after]))[: self.shown]
        return [self.members[k] for k in positions], before + len(self.members) - after


def _running_least(positions: list[int], most: int) -> tuple[tuple[int, ...], ...]:
    """For each i from 0 to len(positions), the `most` smallest of positions[:i]."""
    least: tuple[int, ...] = ()
    found = [least]
    for k in positions:
        if len(least) < most or k < least[-1]:
            least = tuple(sorted((*least, k)))[:most]
        found.append(least)
    return tuple(found)


def _dated_apart(doc: Document, header: PartialDate) -> bool:
    other = doc.header_date
    if other is None:
        return False
    gap = max((header.first_day() - other.last_day()).days, (other.first_day() - header.last_day()).days)
    return gap > 31


# Naming -----------------------------------------------------------------------


def naming_conflicts(documents: Sequence[Document], actors: Sequence[Actor]) -> list[_Draft]:
    """Spelling variants of one name (lower severity), and one group or
    organisation called by names that share nothing (higher)."""
    written = {actor.id: _written_as(documents, actor) for actor in actors if actor.kind != "place"}
    forms = [(surface, spans[0], actor_id) for actor_id, names in written.items() for surface, spans in names.items()]
    drafts = _spelling_variants(forms, {a.id for a in actors if a.kind == "person"})
    for actor in actors:
        if actor.kind in ("group", "organization"):
            drafts.extend(_different_names(actor, written[actor.id]))
    return drafts


def _written_as(documents: Sequence[Document], actor: Actor) -> dict[str, list[Span]]:
    """An actor's mentions outside boilerplate, by the words they are written in."""
    seen: dict[str, list[Span]] = defaultdict(list)
    for mention in actor.mentions:
        doc = documents[mention.doc]
        if not (doc.boilerplate and doc.in_boilerplate(mention)):
            seen[doc.text[mention.start : mention.end]].append(mention)
    return seen


def _spelling_variants(forms: list[tuple[str, Span, str]], people: set[str]) -> list[_Draft]:
    # Forms are blocked by the consonants of their last word: transliterations
    # of one name share them.
    words_of: dict[str, list[str]] = {}
    outline = _Consonants()
    blocks: dict[str, list[tuple[str, Span, str]]] = defaultdict(list)
    for form in forms:
        if form[0] not in words_of:
            words_of[form[0]] = _name_words(form[0])
        if words_of[form[0]]:
            blocks[outline[words_of[form[0]][-1]]].append(form)
    spans: dict[str, list[Span]] = defaultdict(list)
    clusters: list[list[str]] = []
    for block in blocks.values():
        holders: dict[str, set[str]] = defaultdict(set)
        for surface, span, actor in block:
            spans[surface].append(span)
            holders[surface].add(actor)
        if len(holders) < 2:
            continue
        words = {name: words_of[name] for name in holders}
        for names in _sub_blocks(sorted(holders), words):
            listed = [words[n] for n in names]
            keys = [_comparison_keys(listed[i], holders[n], people) for i, n in enumerate(names)]
            if len(names) <= PAIRWISE_NAMES:
                pairs = _key_sharing_pairs(keys)
            else:
                pairs = _variant_candidates(listed, keys)
            sets: DisjointSets | None = None
            for i, j in pairs:
                if (sets is None or sets.find(i) != sets.find(j)) and _variant_words(listed[i], listed[j], outline):
                    sets = sets or DisjointSets(len(names))
                    sets.union(i, j)
            if sets is None:
                continue
            found: dict[int, list[str]] = defaultdict(list)
            for i, name in enumerate(names):
                found[sets.find(i)].append(name)
            clusters.extend(names for names in found.values() if len(names) > 1)
    drafts = []
    for names in clusters:
        names.sort(key=lambda n: min(map(_offsets, spans[n])))
        picked = _spread({n: spans[n] for n in names})
        claims = tuple(picked[n] for n in names)
        drafts.append(
            _Draft("naming", "Spelled differently: " + " / ".join(names[:4]), claims, "Spelling variants of one name.", SEVERITY["spelling"])
        )
    return drafts


def _key_sharing_pairs(keys: list[frozenset[str]]) -> Iterator[tuple[int, int]]:
    """The pairs (i < j) of a few names whose comparison keys meet. Any pair
    _variant_candidates yields is among them, and the names it leaves out are
    ones _variant_words rejects anyway (its rarest word has no close word in
    the other name), so on a small sub-block testing these directly finds the
    same variants without building its index of close words."""
    for j in range(1, len(keys)):
        theirs = keys[j]
        for i in range(j):
            if not theirs.isdisjoint(keys[i]):
                yield i, j


def _variant_candidates(names: list[list[str]], keys: list[frozenset[str]]) -> Iterator[tuple[int, int]]:
    """The pairs (i < j) of names, given as their words and comparison keys,
    that may be spellings of each other. Every word of the shorter name must be
    close to a word of the longer (see _variant_words), so a name is paired
    only with the names, no shorter and sharing a key with it, that hold a word
    close to its rarest one: thousands of names sharing one surname are not
    all compared with each other."""
    if len(names) < 2:
        return
    count: Counter[str] = Counter()
    having: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, words in enumerate(names):
        for w in dict.fromkeys(words):
            count[w] += 1
            for key in keys[j]:
                having[(key, w)].append(j)
    vocabulary = list(count)
    by_consonants: dict[str, list[str]] = defaultdict(list)
    for w in vocabulary:
        by_consonants[_consonants(w)].append(w)
    close: dict[str, set[str]] = {}
    for i, words in enumerate(names):
        if not words:
            continue
        rarest = min(words, key=count.__getitem__)
        if rarest not in close:
            close[rarest] = _close_to(rarest, vocabulary, by_consonants)
        partners = {j for key in keys[i] for v in close[rarest] for j in having.get((key, v), ())}
        for j in sorted(partners):
            # A pair of names of equal length is taken from its first name only.
            if len(names[j]) > len(words) or (len(names[j]) == len(words) and j > i):
                yield min(i, j), max(i, j)


def _close_to(word: str, vocabulary: list[str], by_consonants: dict[str, list[str]]) -> set[str]:
    """The words of the vocabulary close to `word` (as _close_words tells, the
    word itself included): one rapidfuzz scan, and the words with its consonants."""
    found = {v for v, _, _ in process.extract(word, vocabulary, scorer=fuzz.ratio, score_cutoff=70, limit=None)}
    return {word, *found, *by_consonants[_consonants(word)]}


def _sub_blocks(names: list[str], words: dict[str, list[str]], most: int = 40) -> list[list[str]]:
    """A surname outline shared by dozens of names (a common surname in a big
    corpus) is split by the given name's first letter, which transliteration
    mostly keeps (Mohammad/Mohammed, Rinad/Renad), so the pairs stay few."""
    if len(names) <= most:
        return [names]
    by_initial: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_initial[words[name][0][:1] if words[name] else ""].append(name)
    return list(by_initial.values())


def _comparison_keys(words: list[str], actors: set[str], people: set[str]) -> frozenset[str]:
    """Forms the actors stage put in one actor are compared freely. Across
    actors only full personal names are: a lone surname or an organisation's
    common words ("Law"/"Low Commission") look alike without being one name,
    and would chain unrelated people together. Two forms are compared when
    their keys meet: the actors holding them and, for a full personal name held
    by people only, one key all such names share."""
    if actors <= people and len(words) >= 2:
        return frozenset({*actors, _FULL_NAME})
    return frozenset(actors)


def spelling_variant(a: str, b: str) -> bool:
    """Two spellings of one name: every word of the shorter matches a word of the
    longer closely (Rinad/Renad, Mohammad/Mohammed, Sudani/Soudani), at least one
    differs, and the surnames agree. An added or dropped word or article alone
    ("Bashar Assad" / "Bashar al-Assad", "Assad") is the same spelling."""
    return _variant_words(_name_words(a), _name_words(b))


def _variant_words(ta: list[str], tb: list[str], consonants: _Consonants | None = None) -> bool:
    """`consonants` caches the words' consonants for a caller comparing many names."""
    if not ta or not tb or ta == tb:
        return False
    outline = _Consonants() if consonants is None else consonants
    short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if not _close_words(short[-1], long[-1], outline):
        return False
    # Words pair up in order from the surname back, so "David Davis" and
    # "Evan Davis" are not one name through "David" ~ "Davis", and a lone
    # "Davis" is the surname of "David Davis", not a respelling of "David".
    # Each word of the shorter name takes the first close word left of the
    # longer's previous match (the surnames matched above).
    differs = short[-1] != long[-1]
    k = len(long) - 1
    for word in reversed(short[:-1]):
        k -= 1
        while k >= 0 and not _close_words(word, long[k], outline):
            k -= 1
        if k < 0:
            return False
        differs = differs or word != long[k]
    return differs


def _close_words(a: str, b: str, outline: _Consonants) -> bool:
    return a == b or outline[a] == outline[b] or fuzz.ratio(a, b) >= 70


class _Consonants(dict[str, str]):
    """A name word -> its consonants (see _consonants), each word's worked out once."""

    def __missing__(self, word: str) -> str:
        found = self[word] = _consonants(word)
        return found


def _name_words(name: str) -> list[str]:
    # str.split breaks at the same whitespace as the pattern's \s.
    words = _fold(name).lower().replace("-", " ").split()
    return [w for w in words if w not in _PARTICLES]


def _consonants(word: str) -> str:
    return word.translate(_NOT_CONSONANTS) or word


def _different_names(actor: Actor, written: dict[str, list[Span]]) -> list[_Draft]:
    """Aliases of one group that share no word and are not one another's acronym."""
    firsts = _spread(written)
    names = sorted(firsts, key=lambda n: _offsets(firsts[n]))
    unrelated: list[str] = []
    for name in names:
        if all(_unrelated_names(name, other) for other in unrelated):
            unrelated.append(name)
    if len(unrelated) < 2:
        return []
    topic = f"{actor.name} named differently: " + " / ".join(unrelated[:4])
    return [_Draft("naming", topic, tuple(firsts[n] for n in unrelated), "", SEVERITY["naming"])]


def _unrelated_names(a: str, b: str) -> bool:
    wa, wb = set(_name_words(a)), set(_name_words(b))
    if wa & wb:
        return False
    return not (_is_acronym(a, b) or _is_acronym(b, a))


def _is_acronym(short: str, long: str) -> bool:
    """"PMF" for "Popular Mobilization Forces", and the looser forms news uses:
    "IS"/"ISIS" for "Islamic State", "ISIS"/"ISIL" for each other."""
    letters = re.sub(r"[^A-Z]", "", short)
    if len(letters) < 2 or letters != short.replace(".", "").replace("-", ""):
        return False
    if long.isupper():
        return long[:2] == letters[:2]
    words = re.findall(r"[A-Za-z][\w'’]*", re.sub(r"^(?:The|A|An)\s+", "", long))
    initials = "".join(w[0] for w in words if w[0].isupper())
    return len(initials) >= 2 and (letters.startswith(initials) or initials.startswith(letters))


# Helpers ----------------------------------------------------------------------


def _spread(mentions: dict[str, list[Span]]) -> dict[str, Span]:
    """One mention per name, preferring reports no earlier name was shown from,
    so the claims show the names side by side across the sources. (Spans are
    compared as (doc, start, end) tuples, their own order, in C; the later
    mentions of a name are read only if its first one's report was shown.)"""
    shown: set[int] = set()
    picked = {}
    firsts = {name: min(spans, key=_offsets) for name, spans in mentions.items()}
    for name in sorted(mentions, key=lambda n: _offsets(firsts[n])):
        choice = firsts[name]
        if choice.doc in shown:
            choice = min((s for s in mentions[name] if s.doc not in shown), key=_offsets, default=choice)
        picked[name] = choice
        shown.add(choice.doc)
    return picked


def _tokens(text: str) -> list[str]:
    # A word starts with a letter or digit, so stripping never empties it.
    return [w.lower().strip(".'-") for w in _WORDS.findall(_fold(text).replace("’", "'"))]


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:6]


def _fold(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    # Marks looked up once per distinct character, dropped in one pass.
    marks = {ord(c): None for c in set(decomposed) if unicodedata.combining(c)}
    return decomposed.translate(marks)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"




def _distinct(items: Iterable) -> list:
    seen: set = set()
    out = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out
