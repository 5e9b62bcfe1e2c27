"""Quotations and their speakers.

A quotation is a stretch inside double quote marks (straight, curly, « », „ “),
or a Russian-style dialogue line opened by a dash. Marks are read from their
context, not their glyph alone, because machine-translated and scraped text
types them the wrong way round and leaves some unclosed: an unclosed quote runs
to the end of its paragraph and continues in the next paragraph when that one
opens with a mark.

Speakers come from rules, strongest first: the attribution right after the
closing mark ("...," X said / said X), right before the opening mark (X said:
"..."), a speech verb or "according to" elsewhere in the sentence, then the
quotation's paragraph context. Pronouns and definite descriptions ("he", "the
expert") are resolved to the nearest earlier speaker. When no rule applies the
speaker stays unknown: a guess is never dressed as fact, and every attribution
carries a confidence that says how it was found.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain
from typing import NamedTuple, TypeVar

from rapidfuzz import fuzz

from briefing import text as textmod
from briefing.model import Actor, Document, Quote, Span, SpeakerKind
from briefing.sets import DisjointSets

# Marks and their default direction when the context does not decide.
_OPENERS = "“„«‟"
_CLOSERS = "”»"
_MARKS = '"“”„‟«»'
_MARK_RE = re.compile("[" + _MARKS + "]")
_FAMILY = {'"': "straight", "“": "curly", "”": "curly", "‟": "curly", "„": "curly", "«": "angle", "»": "angle"}
_DASHES = "-–—―"
_DASH_CLASS = re.escape(_DASHES)
_DASH_SET = frozenset(_DASHES)
_SPACE_OR_DASH = frozenset(" " + _DASHES)
# What may stand between an earlier quotation and the verb that introduces the next one.
_BEFORE_VERB = frozenset(" ,.;:!?" + _DASHES + "”\"»")
_SPACE_BEFORE_OPEN = set(" \t\n\u00a0([{/" + _DASHES + "‘'")
_AFTER_CLOSE = set(" \t\n\u00a0.,;:!?)]}…" + _DASHES + "’'")

_SPEECH_LEMMAS = """
    add ask answer argue assert claim complain conclude confirm contend counter declare deny describe
    explain insist joke lament maintain mention note observe predict promise quip recall recount remark
    repeat reiterate reply report respond state stress emphasize emphasise suggest tweet urge vow pledge warn
    admit acknowledge concede continue announce boast allege accuse call label brand dub praise blast slam
    criticize criticise decry mock tout hail post testify believe cite quote caution demand proclaim whisper
    plead retort muse characterize question wonder charge scoff sneer shout yell chant exclaim agree elaborate
    write sing tell say read recommend estimate insist opine reason reckon advise concur gush rail lash
    laud applaud commend condemn denounce dismiss comment scold rule acknowledge rant chide reject
    attack exhort implore thank liken reference
"""
_IRREGULAR = "said says told wrote written sang sung pointed quipped quipping".split()
# Forms that are more often nouns in news text ("the state", "a post").
_NOUNISH = frozenset(
    """
    state states post posts question questions charge charges read brand brands label labels quote quotes
    demand demands counter counters answer answers promise promises pledge pledges vow vows estimate estimates
    reason reasons rail rails lash lashes blast blasts hail hails caution cautions report tweet claim call note
    sneer sneers scoff scoffs whisper whispers shout shouts chant chants quip quips comment comments rule rules
    rant rants attack attacks thank thanks reference references
    """.split()
)


def _inflect(lemma: str) -> set[str]:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        past, third = lemma[:-1] + "ied", lemma[:-1] + "ies"
    else:
        past = lemma + "d" if lemma.endswith("e") else lemma + "ed"
        third = lemma + "es" if lemma.endswith(("s", "sh", "ch", "x")) else lemma + "s"
    if re.fullmatch(r"(?:[^aeiou]*[aeiou][bdglmnpt])", lemma) and lemma not in ("post", "vow"):
        past, ing = lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"
    else:
        ing = stem + "ing"
    return {lemma, past, third, ing}


_SPEECH_VERBS = frozenset(
    {form for lemma in _SPEECH_LEMMAS.split() for form in _inflect(lemma)} | set(_IRREGULAR)
) - _NOUNISH - {"sayed", "telled", "writed", "singed", "readed", "quiped", "quiping"}
# Verbs that put the speaker after them: '"...," said X'.
_INVERTING_VERBS = frozenset(
    {v for v in _SPEECH_VERBS if v.endswith("ed")} | set("said says asks adds wrote writes told tells".split())
) - set(
    """
    called labeled labelled dubbed branded described characterized quoted cited referenced likened accused
    attacked praised blasted slammed criticized criticised decried mocked touted hailed lauded applauded
    commended condemned denounced dismissed rejected thanked scolded chided exhorted implored urged
    """.split()
)
# Words in front of a speech word that make it a noun: "initial reports", "his remarks".
_NOUN_MARKERS = frozenset(
    """
    the a an his her its their our my your these those this that initial new recent such of
    in on for by with latest earlier previous first some many several no any other public private
    """.split()
)
_AS_BEFORE_RE = re.compile(r"\bas\s+(?:[\w.'’-]+\s+){1,5}$")
_ACCORDING_RE = re.compile(r"\baccording to\s+", re.I)
_COMMA_RE = re.compile(",")
_SPACE_RE = re.compile(r"\s+")
_T = TypeVar("_T")


# Cues, pieces and speakers are built tens of thousands of times per corpus: as named
# tuples each is made in one step; a frozen dataclass sets its fields one by one.
class _Cue(NamedTuple):
    """A speech verb or 'according to' in the text."""

    start: int
    end: int
    word: str


def _cue_start(cue: _Cue) -> int:
    return cue.start


def _cue_end(cue: _Cue) -> int:
    return cue.end


def _lower(text: str) -> str:
    """Lowercase with the same length, so offsets stay valid ('İ' lowercases to two characters)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else "".join(c.lower()[:1] or c for c in text)


def _cues(lowered: str, lo: int, hi: int) -> list[_Cue]:
    """Speech cues in lowered[lo:hi], whose words are its runs of a-z (the run at lo counts
    from lo). One regular expression over a prefix tree of the cue words finds the
    candidates, so the words that are none are never looked at one by one."""
    found = []
    head = _CUE_HEAD_RE.match(lowered, lo, hi)
    runs = [head.span(1)] if head else []
    runs += [m.span(1) for m in _CUE_WORD_RE.finditer(lowered, lo, hi)]
    for start, end in runs:
        word = lowered[start:end]
        if word in _SPEECH_VERBS:
            if start and lowered[start - 1] == "-":
                continue  # "so-called", "self-described"
            before = lowered[max(0, start - 14) : start].split()
            if before and (before[-1] in _NOUN_MARKERS or before[-1].endswith(("'s", "’s"))):
                continue
            found.append(_Cue(start, end, word))
        elif word == "according" and lowered.startswith(" to", end):
            found.append(_Cue(start, end + 3, "according to"))
        elif word == "put" and lowered.startswith(" it", end) and _AS_BEFORE_RE.search(lowered, max(0, start - 60), start):
            found.append(_Cue(start, end, "put"))  # 'as The New Yorker put it, "..."'
    return found


def _prefix_tree(words: Iterable[str]) -> str:
    """A regular expression matching exactly these words, as a tree of their shared
    prefixes: the engine tries one branch per letter, never every word at every offset."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        branches = "|".join(re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch)
        if not branches:
            return ""
        return "(?:" + branches + (")?" if "" in node else ")")

    return pattern(tree)


_CUE_WORDS = _prefix_tree(_SPEECH_VERBS | {"according", "put"})
# A cue word as a whole run of a-z: after a character that is no letter (the engine skips
# to those at once), or at the offset the scan starts from.
_CUE_WORD_RE = re.compile(r"[^a-z](" + _CUE_WORDS + r")(?![a-z])")
_CUE_HEAD_RE = re.compile("(" + _CUE_WORDS + r")(?![a-z])")

_PRONOUNS = {"he": "he", "she": "she", "they": "they", "it": "it", "i": "i", "we": "we", "him": "he", "her": "she"}
_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they"}
_INDEFINITE = frozenset(
    "a an one another two three four five six seven eight nine ten several some multiple many other "
    "few numerous various both more most".split()
)
_DEFINITE = frozenset("the this that these those".split())
_PERSON_ROLES = frozenset(
    """
    official officials source sources spokesman spokeswoman spokesperson spokesmen aide aides adviser advisers
    advisor advisors diplomat diplomats officer officers expert experts analyst analysts scientist scientists
    researcher researchers observer observers insider insiders lawmaker lawmakers legislator legislators
    minister ministers commander commanders general leader leaders member members representative representatives
    lawyer lawyers attorney attorneys strategist strategists operative operatives staffer staffers
    president chairman chairwoman director executive executives professor economist economists
    person people man woman resident residents witness witnesses protester protesters critic critics
    supporter supporters voter voters activist activists worker workers employee employees veteran
    envoy ambassador negotiator negotiators military colleague colleagues friend friends publicist
    orientalist journalist journalists reporter reporters correspondent correspondents narrator candidate
    nominee senator congressman congresswoman governor mayor secretary manager consultant pollster
    republican republicans democrat democrats
    """.split()
)
_ORG_HEADS = frozenset(
    """
    campaign government ministry office administration team committee department agency party group company
    firm organization organisation police army military embassy council court commission parliament
    authorities authority coalition alliance movement network newspaper portal outlet channel website
    service bureau union board institute center centre foundation command forces force cabinet presidency
    kremlin media
    """.split()
)
_STATEMENT_HEADS = frozenset(
    "statement message letter release memo note post tweet ad advert advertisement report website video "
    "document documents communique communiqué notice filing".split()
)
_TITLES = frozenset(
    """
    mr mrs ms miss dr prof sen senator rep representative gov governor president vice secretary minister prime
    deputy general gen major maj colonel col lieutenant lt captain capt sergeant sgt admiral adm commander cmdr
    chief spokesman spokeswoman spokesperson speaker leader majority minority whip chairman chairwoman chair
    director ambassador amb judge justice attorney mayor king queen prince princess sheikh ayatollah pope
    cardinal bishop rev reverend hon sir dame lord former acting interim assistant associate senior state
    foreign defense defence interior finance treasury house senate congressman congresswoman professor
    nominee candidate chancellor premier emir brigadier marshal field staff top high-ranking sr jr ceo cfo coo
    """.split()
)
_NOT_SUBJECT = frozenset(
    """
    is are was were be been being has have had will would can could should may might must do does did not
    there it this that what which who whom whose where when why how if whether than then
    """.split()
)
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_DAY_PARTS = "morning|afternoon|evening|night"
_PERIODS = "week|month|year|weekend|" + _DAY_PARTS
_WHEN_WORDS = (
    "today|yesterday|tonight|earlier|later|recently|previously|also|again|repeatedly|then|once|often|publicly"
    "|privately|reportedly|first|finally|further|now|already|still|just|has|have|had|would|will|could|did|does"
)
_MEDIA = (
    "statement|interview|speech|email|e-mail|letter|post|tweet|message|conversation|call|briefing|conference|"
    "appearance|op-ed|column|video|broadcast|phone|remarks|address"
)
_EVENTS = "rally|event|conference|briefing|hearing|meeting|debate|forum|speech|summit|session"
_TIME_TAIL = re.compile(
    r"(?:,?\s+(?:"
    r"(?:on\s+|last\s+|this\s+|next\s+|early\s+|late\s+|earlier\s+)?(?:" + _DAYS + ")"
    r"(?:\s+(?:" + _DAY_PARTS + "))?"
    r"|(?:last|this|next|earlier this|later that|that|early|late)\s+"
    r"(?:" + _PERIODS + ")"
    r"|" + _WHEN_WORDS +
    r"|(?:in|on|during|via|over)\s+(?:a|an|his|her|their|its|the)\s+(?:[\w-]+\s+){0,3}(?:" + _MEDIA + ")"
    r"|(?:at|during)\s+(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){0,3}(?:" + _EVENTS + ")"
    r"))+\s*$",
    re.I,
)
# Every alternative of a time tail ends with one of these words, set off by spaces.
_TIME_TAIL_ENDS = frozenset("|".join((_DAYS, _PERIODS, _WHEN_WORDS, _MEDIA, _EVENTS)).split("|"))


def _without_time_tail(phrase: str) -> str:
    """phrase without the time or occasion that ends it ('on Monday', 'in a statement').
    Only a phrase whose last word can end one is searched, as a search tries every offset;
    a last word beyond ASCII always is ('ı' matches 'i' case-blind)."""
    last = phrase.rsplit(None, 1)[-1:]
    if not last or (last[0].isascii() and last[0].lower() not in _TIME_TAIL_ENDS):
        return phrase
    return _TIME_TAIL.sub("", phrase)


class _WordsAtEnd:
    """One of a few words or phrases ('|'-separated) ending a text but for a run of what
    `trailing` matches (one class of characters, starred). The text is read backwards, so
    the reversed words are tried once at its end, not searched for from every offset."""

    def __init__(self, words: str, trailing: str, flags: int = re.I) -> None:
        self.pattern = re.compile(trailing + _prefix_tree(w[::-1] for w in words.split("|")) + r"\b", flags)

    def ends(self, s: str) -> bool:
        return self.pattern.match(s[::-1]) is not None


_TITLE_CUE = _WordsAtEnd(
    "titled|entitled|headlined|headline|named|dubbed|nicknamed|known as|hashtag|slogan|show|program|"
    "programme|documentary|film|movie|book|article|column|op-ed|newspaper|magazine|channel|portal|outlet|"
    "website|site|blog|episode|broadcast|series|song|album|operation|material|publication|daily|weekly|"
    "paper|podcast|report|study|essay|poem|play",
    r"\W*",
)
_TITLE_AFTER = re.compile(
    r"^\W*(?:radio |television |tv |talk |news )?(?:show|program|programme|documentary|film|movie|book|"
    r"newspaper|magazine|channel|series|podcast|column|segment|forum|event|act|bill|operation)\b",
    re.I,
)
_SMALL_WORDS = frozenset("a an the of and or in on at to for by with from as vs nor but".split())
_DASH_SPEAKER = re.compile(r"[,.!?…]\s+[" + _DASH_CLASS + r"]\s+(?=[a-z])")
_BREAKS = frozenset(",;:!?")
# Initials, short titles and party-state tags: "G.K.", "Rep.", "R-Ky.", "D-N.Y."
_ABBREVIATED = re.compile(r"^(?:[A-Za-z]\.)+$|^[A-Z][a-z]{0,3}\.$|^\(?[A-Z]-[A-Z][\w.]*\.$")


_WORDS_RE = re.compile(r"[\w'’-]+")
_LETTER_RE = re.compile(r"[^\W\d_]")
_DASH_LINE_RE = re.compile(r"(?m)^\s*[" + _DASH_CLASS + r"]\s")
_TITLED = _WordsAtEnd(
    "titled|entitled|headlined|dubbed|nicknamed|known as|referred to as|"
    "often called|sometimes called|also called|widely called|locally called|popularly called",
    r"\s*",
)
_SENTENCE_INSIDE_RE = re.compile(r"[.!?]\s")
_NAME_BEFORE_RE = re.compile(r"[A-Z]\w*\.?\s*$")
_CAPITAL_AFTER_RE = re.compile(r"\s*[A-Z]")
_OWNING_WORD = _WordsAtEnd("on|of|in", r"\s*", flags=0)
_AS_SAYING_RE = re.compile(r"\s+(.{1,80}?)\s+as\s+say(?:ing)?\b")
_CLAUSE_STOP_RE = re.compile(r"[.!?;:\"“”«»„\n()]")
_LAST_WORD_RE = re.compile(r"\S*$")
_LOWER_NEXT_RE = re.compile(r"\s+[a-z]|\s*$")
_INTRO_TAIL_RE = re.compile(r"([^,:;.!?]{0,60}?)[,:]?\s*")
_TOKEN_RE = re.compile(r"\S+")
_PARENS_RE = re.compile(r"\([^()]*\)")
_LEAD_WORDS_RE = re.compile(r"(?:(?:even|also|but|and|then|now|so|still|meanwhile|however|yet)\s+)+", re.I)
_LEAD_RUN_RE = re.compile(r"(?:\s|(?:even|also|but|and|then|now|so|still|meanwhile|however|yet)\s+)*", re.I)
_POSSESSIVE_RE = re.compile(r"^(.*?)['’]s\s+(\S+)$")
_OWNER_RE = re.compile(r"\b(?:from|by|of)\s+(.+)$")
_NAME_TOKEN_RE = re.compile(r"[^\s,]+")
_CLAUSE_MARKS_RE = re.compile(r"[,;:()—―–]|\s-\s|\b(?:that|but|and|because|while|when|who|which|what)\b", re.I)
_SENTENCE_END_RE = re.compile(r"[.!?](?:\s|$)")
_NORMAL_WORD_RE = re.compile(r"\w+(?:'\w+)?")


class _Piece(NamedTuple):
    """The text inside one pair of marks (or from a dash), within one paragraph."""

    start: int
    end: int
    open_at: int | None
    close_at: int | None
    para: int
    follows: bool = False
    dash: bool = False
    orphan: bool = False


class _Speaker(NamedTuple):
    """Who speaks, as the text names them, and how sure the rule that found them is."""

    text: str
    kind: SpeakerKind
    start: int
    end: int
    confidence: float
    anaphor: str = ""
    plural: bool = False
    org: bool = False
    vague: bool = False


@dataclass(frozen=True, slots=True)
class Found:
    """A quotation of one report with the speaker its text gives, before it is numbered,
    grouped with other reports' quotations and linked to an actor."""

    piece: _Piece
    speaker: _Speaker | None
    cue: bool


def extract_quotes(
    documents: Sequence[Document],
    actors: Sequence[Actor],
    *,
    found: Mapping[int, Sequence[Found]] | None = None,
    wordings: Mapping[int, Sequence[str]] | None = None,
) -> list[Quote]:
    """Every quotation with its speaker, numbered q1.. in document and offset order.

    found holds find_quotations(doc) by document id when it was computed beforehand
    (in worker processes), and wordings the quotation_wordings of those; a report
    missing from them is read here."""
    linker = _ActorLinker(actors)
    pairs: list[tuple[Document, Found]] = []
    worded: list[str] = []
    for doc in sorted(documents, key=lambda d: d.id):
        if found is not None and doc.id in found:
            quotations = found[doc.id]
            given = wordings.get(doc.id) if wordings is not None else None
        else:
            quotations, given = find_quotations(doc), None
        pairs.extend((doc, f) for f in quotations)
        worded.extend(quotation_wordings(doc, quotations) if given is None else given)
    groups = group_texts([doc.text[f.piece.start : f.piece.end] for doc, f in pairs], wordings=worded)
    return [_to_quote(doc, f, linker, n, group) for n, ((doc, f), group) in enumerate(zip(pairs, groups), start=1)]


def quotation_wordings(doc: Document, found: Sequence[Found]) -> tuple[str, ...]:
    """Each of one report's quotations as group_texts compares them: its folded
    words joined by spaces. Read from the report alone, so worked out with
    find_quotations in worker processes."""
    return tuple(_wording(doc.text[f.piece.start : f.piece.end]) for f in found)


# --- finding the quotations -------------------------------------------------------------


def _paragraphs(doc: Document) -> tuple[Span, ...]:
    return doc.paragraphs or tuple(textmod.paragraph_spans(doc.text, doc.id))


def _find_pieces(doc: Document, marks: list[int]) -> list[_Piece]:
    """Quoted stretches of one document in offset order, before any filtering; marks are
    the offsets of its quote marks."""
    text = doc.text
    pieces: list[_Piece] = []
    open_chain = False
    for n, para in enumerate(_paragraphs(doc)):
        first = text[para.start] if para.end > para.start else ""
        continues = open_chain and first in _FAMILY
        a, b = bisect_left(marks, para.start), bisect_left(marks, para.end)
        found, open_chain = _pair_marks(text, para, n, continues, marks[a:b]) if a < b else ([], False)
        if not found and first in _DASHES and para.end - para.start > 2 and text[para.start + 1].isspace():
            found = _dash_line(doc, para, n)
        pieces.extend(found)
    return pieces


def _mark_role(text: str, i: int, lo: int, hi: int) -> str:
    if i == lo and i + 1 < hi:
        return "open"  # a mark that starts a paragraph opens a quotation, whichever way it is typed
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    opens = prev in _SPACE_BEFORE_OPEN or prev in _FAMILY
    closes = nxt in _AFTER_CLOSE or nxt in _FAMILY
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    ch = text[i]
    if ch in _OPENERS:
        return "open"
    if ch in _CLOSERS:
        return "close"
    return "either"


def _pair_marks(text: str, para: Span, n: int, continues: bool, marks: list[int]) -> tuple[list[_Piece], bool]:
    """Pair the marks of one paragraph (at the offsets marks); returns its pieces and
    whether a quote is still open at its end."""
    lo, hi = para.start, para.end
    pieces: list[_Piece] = []
    stack: list[tuple[str, int]] = []
    first_piece = True
    dash_start = lo + 1 if text[lo] in _DASHES and hi - lo > 2 and text[lo + 1].isspace() else None
    for i in marks:
        role = _mark_role(text, i, lo, hi)
        family = _FAMILY[text[i]]
        if not stack:
            if role == "close" and first_piece and dash_start is not None:
                pieces.append(_Piece(*_trim(text, dash_start, i), None, i, n, dash=True))
                first_piece = False
            elif role == "close" and first_piece and not continues:
                # Machine translation drops opening marks: 'It is over," the official said.'
                pieces.append(_Piece(*_trim(text, lo, i), None, i, n, orphan=True))
                first_piece = False
            elif role in ("open", "either"):
                stack.append((family, i))
            continue
        if role == "open" and family != stack[-1][0] and len(stack) == 1:
            stack.append((family, i))
            continue
        if role == "open" and family == stack[-1][0] and len(stack) == 1:
            # A second opener of the same kind: the first quotation was never closed.
            start = stack[0][1]
            comma = _dropped_closing_mark(text, start + 1, i)
            end, close = (comma + 1, comma) if comma is not None else (i, None)
            pieces.append(_Piece(*_trim(text, start + 1, end), start, close, n, follows=continues and first_piece))
            first_piece = False
            stack = [(family, i)]
            continue
        if len(stack) > 1:
            if family == stack[-1][0] and role != "open":
                stack.pop()
            elif role == "close":
                stack = stack[:1]
            continue
        start = stack.pop()[1]
        pieces.append(_Piece(*_trim(text, start + 1, i), start, i, n, follows=continues and first_piece))
        first_piece = False
    if stack:
        start = stack[0][1]
        follows = continues and first_piece
        comma = _dropped_closing_mark(text, start + 1, hi)
        if comma is not None:
            pieces.append(_Piece(*_trim(text, start + 1, comma + 1), start, comma, n, follows=follows))
            return [p for p in pieces if p.end > p.start], False
        pieces.append(_Piece(*_trim(text, start + 1, hi), start, None, n, follows=follows))
        return [p for p in pieces if p.end > p.start], True
    return [p for p in pieces if p.end > p.start], False


def _dropped_closing_mark(text: str, lo: int, hi: int) -> int | None:
    """Where an unclosed quotation really ends when machine translation dropped its closing
    mark before the attribution: '"It is over, the official said.' or '"It is over, said
    Ben Ali by phone.' -> the comma. Read in one pass however many verbs text[lo:hi] holds."""
    comma, read_to, crowded = -1, lo, -1
    searched_from, sentence_end = hi + 1, hi  # the first sentence end at or after searched_from
    for cue in _cues(_lower(text[lo:hi]), 0, hi - lo):
        at, after = lo + cue.start, lo + cue.end
        found = text.rfind(",", read_to, at)
        comma, read_to = (found if found != -1 else comma), at
        if comma == -1 or cue.word == "according to" or comma == crowded:
            continue
        subject = _count_words(text, comma + 1, at, 6)
        if subject > 5:
            crowded = comma  # every later verb has as many words after this comma
            continue
        if subject:
            if not searched_from <= after <= sentence_end:
                found_end = _SENTENCE_END_RE.search(text, after, hi)
                searched_from, sentence_end = after, found_end.start() if found_end else hi
            if _count_words(text, after, sentence_end, 4) <= 3 and "that" not in text[after:sentence_end].split():
                return comma
        elif cue.word in _INVERTING_VERBS and _CAPITAL_AFTER_RE.match(text, after, hi):
            return comma
    return None


def _count_words(text: str, lo: int, hi: int, most: int) -> int:
    """The number of words in text[lo:hi], counted up to most."""
    n = 0
    for _ in _TOKEN_RE.finditer(text, lo, hi):
        n += 1
        if n == most:
            break
    return n


def _dash_line(doc: Document, para: Span, n: int) -> list[_Piece]:
    """A dialogue line opened by a dash: '- Text, - the expert said.' or a line
    following an introduction that ends with a colon and a speech verb."""
    text = doc.text
    start = para.start + 1
    m = _DASH_SPEAKER.search(text, start, para.end)
    if m:
        return [_Piece(*_trim(text, start, m.start() + 1), None, m.start() + 1, n, dash=True)]
    paras = _paragraphs(doc)
    if n > 0:
        intro = text[paras[n - 1].start : paras[n - 1].end].rstrip()
        if intro.endswith(":") and _cues(_lower(intro), 0, len(intro)):
            return [_Piece(*_trim(text, start, para.end), None, None, n, dash=True)]
    return []


def _only(text: str, lo: int, hi: int, chars: frozenset[str]) -> bool:
    """Whether text[lo:hi] holds nothing but chars; read from the end, where words show first."""
    while hi > lo and text[hi - 1] in chars:
        hi -= 1
    return hi == lo


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _DASHES):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- which stretches are quotations ---------------------------------------------------


def _is_name_or_title(text: str, piece: _Piece) -> bool:
    """Titles, names and markup in quote marks: a newspaper, a show, a nickname, an attribute."""
    if piece.open_at is None:
        return False
    before = text[max(0, piece.open_at - 40) : piece.open_at]
    if before.endswith("=") or _TITLED.ends(before):
        return True
    if piece.end - piece.start > 120:
        return False
    inner = text[piece.start : piece.end]
    words = _WORDS_RE.findall(inner)
    if not words or not _LETTER_RE.search(inner):
        return True
    if len(words) > 10 or _SENTENCE_INSIDE_RE.search(inner):
        return False
    title_case = all(w[0].isupper() or w[0].isdigit() for w in words if w.lower() not in _SMALL_WORDS)
    if not title_case:
        return False
    after = text[piece.close_at + 1 : piece.close_at + 40] if piece.close_at is not None else ""
    if _NAME_BEFORE_RE.search(before) and _CAPITAL_AFTER_RE.match(after) and len(words) <= 2:
        return True
    return bool(
        before.rstrip().endswith(("'s", "’s"))
        or _OWNING_WORD.ends(before)
        or _TITLE_CUE.ends(before)
        or _TITLE_AFTER.match(after)
    )


# --- speakers ---------------------------------------------------------------------------


class _Context:
    """One document's text, sentences and paragraphs, with the lookups attribution needs.
    Every lookup reads only the neighbourhood it is asked about or is computed once per
    report, so that a paragraph of thousands of quote marks or speech verbs stays linear."""

    def __init__(self, doc: Document, pieces: list[_Piece]) -> None:
        self.doc = doc
        self.text = doc.text
        self.lower = _lower(doc.text)
        self.paras = _paragraphs(doc)
        self.sentences = doc.sentences or tuple(
            s for p in self.paras for s in textmod.sentence_spans(doc.text, p)
        )
        self.sentence_starts = [s.start for s in self.sentences]
        self.pieces = pieces
        self.piece_starts = [p.start for p in pieces]
        closed = [p for p in pieces if p.close_at is not None]
        # Pieces never overlap, so their closing marks come in the order of the pieces.
        self.close_ats = [p.close_at for p in closed]
        self.closed_starts = [p.start for p in closed]
        self.closers = set(self.close_ats)
        self.para_starts = [p.start for p in self.paras]
        self.commas = [m.start() for m in _COMMA_RE.finditer(self.text)]
        self._according: tuple[list[int], list[int]] | None = None
        self._sentence_cues: dict[int, list[_Cue]] = {}
        self._cued_before: dict[int, int] = {}
        self._cache: dict[tuple, object] = {}
        self._speakers: dict[int, _Speaker | None] = {}
        self._misfits: dict[str, dict[int, int]] = {}
        self._first_subjects: dict[int, tuple[int, _Cue | None, _Speaker | None]] = {}

    def cached(self, fn: Callable[..., _T], *args: object) -> _T:
        """fn(self, *args), computed once per report: many quotations of one long sentence
        ask the same question of it."""
        key = (fn, *args)
        if key not in self._cache:
            self._cache[key] = fn(self, *args)
        return self._cache[key]  # type: ignore[return-value]

    def sentence(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.sentence_starts, offset) - 1
        if i >= 0 and offset <= self.sentences[i].end:
            return self.sentences[i].start, self.sentences[i].end
        para = self.paras[self.para_index(offset)]
        return para.start, para.end

    def para_index(self, offset: int) -> int:
        return max(0, bisect_right(self.para_starts, offset) - 1)

    def last_comma(self, lo: int, hi: int) -> int:
        """The offset of the last comma in text[lo:hi], or -1."""
        i = bisect_left(self.commas, hi) - 1
        return self.commas[i] if i >= 0 and self.commas[i] >= lo else -1

    def sentence_cues(self, i: int) -> list[_Cue]:
        if i not in self._sentence_cues:
            sent = self.sentences[i]
            self._sentence_cues[i] = [c for c in _cues(self.lower, sent.start, sent.end) if not self.inside_piece(c.start)]
        return self._sentence_cues[i]

    def cues(self, lo: int, hi: int) -> Iterator[_Cue]:
        """Cues outside the quotations in text[lo:hi], in order, scanned once per sentence."""
        i = max(0, bisect_right(self.sentence_starts, lo) - 1)
        while i < len(self.sentences) and self.sentences[i].start < hi:
            cues = self.sentence_cues(i)
            for k in range(bisect_left(cues, lo, key=_cue_start), len(cues)):
                if cues[k].end > hi:
                    return
                yield cues[k]
            i += 1

    def cues_back(self, lo: int, hi: int, *, within: bool = True) -> Iterator[_Cue]:
        """Cues outside the quotations in text[lo:hi], the last first: sentences without
        cues are skipped at once, however often a long paragraph is walked back. Unless
        within, a cue that starts before hi may end after it."""
        i = self._cued_sentence(bisect_left(self.sentence_starts, hi) - 1, lo)
        while i >= 0:
            cues = self.sentence_cues(i)
            k = bisect_right(cues, hi, key=_cue_end) if within else bisect_left(cues, hi, key=_cue_start)
            for j in range(k - 1, -1, -1):
                if cues[j].start < lo:
                    return
                yield cues[j]
            i = self._cued_sentence(i - 1, lo)

    def has_cue(self, lo: int, hi: int) -> bool:
        return next(self.cues_back(lo, hi), None) is not None

    def _cued_sentence(self, i: int, lo: int) -> int:
        """The last sentence at or before sentence i that has cues and ends after lo (-1 for
        none). A sentence read without cues points past itself to where the walk went on."""
        passed = []
        while i >= 0 and self.sentences[i].end > lo:
            known = self._cued_before.get(i)
            if known is None:
                if self.sentence_cues(i):
                    self._cued_before[i] = i
                    break
                known = i - 1
            elif known == i:
                break
            passed.append(i)
            i = known
        for j in passed:
            self._cued_before[j] = i
        return i if i >= 0 and self.sentences[i].end > lo else -1

    def fitting_speaker(self, anaphor: str, floor: int, before: int) -> tuple[int, _Speaker] | None:
        """The nearest speech verb in text[floor:before] whose speaker is no anaphor itself and
        fits this one, with the verb's offset. Verbs found not to fit are jumped over by later
        searches for the same anaphor, so a transcript of a thousand 'she said' is read once."""
        skips = self._misfits.setdefault(anaphor, {})  # verb offset -> no fit after this offset up to it
        passed: list[int] = []
        found = None
        cues = self.cues_back(floor, before, within=False)
        while (cue := next(cues, None)) is not None:
            if cue.start in skips:
                passed.append(cue.start)
                cues = self.cues_back(floor, skips[cue.start] + 1, within=False)
                continue
            sp = self.speaker_at(cue)
            if sp is not None and not sp.anaphor and _fits(sp, anaphor):
                found = (cue.start, sp)
                break
            passed.append(cue.start)
        for start in passed:
            skips[start] = found[0] if found is not None else floor - 1
        return found

    def speaker_at(self, cue: _Cue) -> _Speaker | None:
        if cue.start not in self._speakers:
            self._speakers[cue.start] = _speaker_at_cue(self, cue)
        return self._speakers[cue.start]

    def according_before(self, lo: int, hi: int) -> int | None:
        """Where the name after the last 'according to' outside the quotations in text[lo:hi]
        starts, None when there is none; the whole report is searched once."""
        if self._according is None:
            # Every match holds 'ccord' in some case; finding that first is far faster than
            # a case-blind search of the whole report.
            found = []
            at = self.lower.find("ccord", 1)
            while at != -1:
                m = _ACCORDING_RE.match(self.text, at - 1)
                if m and not self.inside_piece(m.start()):
                    found.append(m)
                at = self.lower.find("ccord", at + 1)
            self._according = [m.start() for m in found], [m.end() for m in found]
        starts, ends = self._according
        # Inside text[lo:hi] the phrase needs one space after 'according to' at least.
        i = bisect_right(starts, hi - len("according to ")) - 1
        return min(ends[i], hi) if i >= 0 and starts[i] >= lo else None

    def after_quotes(self, lo: int, hi: int) -> int:
        """lo, moved past the last quotation that closes before hi."""
        i = bisect_left(self.close_ats, hi) - 1
        return self.close_ats[i] + 1 if i >= 0 and self.closed_starts[i] >= lo else lo

    def inside_piece(self, offset: int) -> bool:
        i = bisect_right(self.piece_starts, offset) - 1
        return i >= 0 and self.pieces[i].start <= offset < self.pieces[i].end

    def first_subject(self, lo: int, anchor: int) -> _Speaker | None:
        """The subject of the first speech verb after lo that has one ('X said that ... "..."'),
        when that verb ends before anchor. The verbs of a sentence are read once, however
        many of its quotations ask."""
        examined, cue, sp = self._first_subjects.get(lo, (lo, None, None))
        if cue is None:
            for c in self.cues(examined, anchor):
                examined = c.end
                if c.word in ("according to", "quoted") or _in_intro(self, lo, c.start):
                    continue
                sp = _left_np(self, lo, c.start, 0.75)
                if sp is not None:
                    cue = c
                    break
            self._first_subjects[lo] = (examined, cue, sp)
        return sp if cue is not None and cue.end <= anchor else None

    def opens_paragraph(self, piece: _Piece) -> bool:
        """Whether only spaces and dashes come before the piece in its paragraph."""
        at = piece.open_at if piece.open_at is not None else piece.start
        return self.cached(_content_start, piece.para) >= at


def _content_start(ctx: _Context, para: int) -> int:
    """The first offset of paragraph para that is neither a space nor a dash."""
    span = ctx.paras[para]
    at = span.start
    while at < span.end and ctx.text[at] in _SPACE_OR_DASH:
        at += 1
    return at


def find_quotations(doc: Document) -> list[Found]:
    """The quotations of one report with their speakers, in offset order. The result
    depends on this report alone, so reports can be read in any order or process."""
    marks = sorted(textmod.occurrences(doc.text, _MARKS))
    if not marks and not _DASH_LINE_RE.search(doc.text):
        return []
    pieces = [p for p in _clear_of_boilerplate(doc, _find_pieces(doc, marks)) if not _is_name_or_title(doc.text, p)]
    if not pieces:
        return []
    ctx = _Context(doc, pieces)
    found: list[Found] = []
    for piece in pieces:
        speaker, cue = _attribute(ctx, piece)
        if piece.orphan and speaker is None:
            continue  # a stray closing mark is a quotation only when an attribution follows it
        found.append(Found(piece, speaker, cue))
    found = _carry_speakers(ctx, found)
    # A short stretch is a quotation when something marks it as speech: its speaker, a speech
    # verb near it, or another quotation with one earlier in its paragraph ('"One," he said. "Two."').
    spoken: set[int] = set()
    kept = []
    for f in found:
        if f.speaker is not None or f.cue or f.piece.para in spoken or _long_enough(doc.text, f.piece):
            kept.append(f)
            if f.speaker is not None or f.cue:
                spoken.add(f.piece.para)
    return kept


def _clear_of_boilerplate(doc: Document, pieces: list[_Piece]) -> list[_Piece]:
    """The pieces that touch no boilerplate span, found by bisection: a scraped page may
    hold thousands of furniture lines between its quotations."""
    if not doc.boilerplate:
        return pieces
    spans = sorted(doc.boilerplate, key=lambda b: b.start)
    starts = [b.start for b in spans]
    reach = list(accumulate((b.end for b in spans), max))  # the furthest end among the spans so far
    return [p for p in pieces if (i := bisect_left(starts, p.end) - 1) < 0 or reach[i] <= p.start]


def _long_enough(text: str, piece: _Piece) -> bool:
    """A short stretch with no speaker and no speech verb nearby is a scare quote or a term."""
    return piece.dash or text.count(" ", piece.start, piece.end) >= 3


def _attribute(ctx: _Context, piece: _Piece) -> tuple[_Speaker | None, bool]:
    para = ctx.paras[piece.para]
    if piece.close_at is not None:
        sp = _after_close(ctx, piece, para)
        if sp is not None:
            return sp, True
    anchor = piece.open_at if piece.open_at is not None else piece.start
    if piece.open_at is not None:
        sp = _before_open(ctx, piece, para)
        if sp is not None:
            return sp, True
    s_start, s_end = ctx.sentence(anchor)
    sp = _sentence_cue(ctx, s_start, anchor)
    if sp is None and piece.close_at is not None:
        sp = _sentence_tail(ctx, piece.close_at + 1, max(s_end, ctx.sentence(piece.close_at)[1]))
    if sp is not None:
        return sp, True
    if _long_enough(ctx.text, piece):
        return None, False
    cue = ctx.has_cue(s_start, anchor) or (
        piece.close_at is not None and ctx.has_cue(piece.close_at + 1, ctx.sentence(piece.close_at)[1])
    )
    return None, cue


_PRONOUN_SAID = re.compile(r"(he|she|they|it|He|She|They|It)\s+(\w+)")
_POST_LEAD = re.compile(r"[\s,.!?…:;" + _DASH_CLASS + r"]*")
_FIRST_WORD = re.compile(r"(?:(?:also|then|later|again)\s+)?([A-Za-z]+)\s+")


def _after_close(ctx: _Context, piece: _Piece, para: Span) -> _Speaker | None:
    """'..., X said' / '..., said X' / '...' - X, right after the closing mark."""
    text = ctx.text
    inner_end = text[piece.start : piece.end].rstrip("’'\"”» ")[-1:]
    lead = _POST_LEAD.match(text, piece.close_at + 1, para.end)
    pos = lead.end()
    dashed = not _DASH_SET.isdisjoint(lead.group())
    punctuated = inner_end in ",.!?…-–—:;" or "," in lead.group() or dashed
    stop = _clause_end(text, pos, min(para.end, pos + 200))
    clause = text[pos:stop]
    m = _FIRST_WORD.match(clause)
    if m and m.group(1).lower() in _INVERTING_VERBS:
        return _right_np(ctx, pos + m.end(), stop, 0.9 if punctuated else 0.8)
    m = _PRONOUN_SAID.match(clause)
    if m and m.group(2).lower() in _SPEECH_VERBS:
        # The commonest attribution of all: '..., he said.'
        return _classify(ctx, pos, pos + m.end(1), 0.9 if punctuated else 0.8)
    if not punctuated:
        return None
    # After a full stop a capital starts a new sentence, unless it is only 'X said.'
    new_sentence = "." in inner_end + lead.group() and clause[:1].isupper()
    for v in _cues(ctx.lower, pos, stop):
        if ctx.inside_piece(v.start) or v.word == "according to":
            break
        subject = text[pos : v.start]
        # 'Scott Pruitt, the attorney general of Oklahoma, one of the states suing, said'
        name = _NAME_ONLY.match(subject)
        long_aside = bool(name) and subject[name.end() :].startswith(",")
        if not subject.strip() or len(subject.split()) > (30 if long_aside else 14):
            return None
        rest = text[v.end : stop]
        if new_sentence and (text[stop : stop + 1] != "." or _without_time_tail(" " + rest).strip()):
            return None
        if v.word == "quoted":
            as_saying = _AS_SAYING_RE.match(rest)
            if as_saying:
                s = v.end + as_saying.start(1)
                return _classify(ctx, s, s + len(as_saying.group(1)), 0.85)
        if len(subject.split()) <= 4 and not _CLAUSE_MARKS_RE.search(subject) and not v.word.endswith("ing"):
            return _classify(ctx, pos, v.start, 0.9)  # plain 'Mr Smith said': nothing to look past
        return _left_np(ctx, pos, v.start, 0.9)
    if dashed and 0 < len(clause.split()) <= 6:
        return _classify(ctx, pos, stop, 0.8)
    return None


def _clause_end(text: str, pos: int, limit: int) -> int:
    """The end of the clause from pos: the next hard stop, quote mark or sentence end;
    abbreviations and dots inside parentheses do not end it."""
    depth = 0
    for m in _CLAUSE_STOP_RE.finditer(text, pos, limit):
        i = m.start()
        ch = text[i]
        if ch == "(":
            depth += 1
            continue
        if ch == ")":
            depth = max(0, depth - 1)
            continue
        if depth:
            continue
        if ch == ".":
            word = _LAST_WORD_RE.search(text[max(pos, i - 12) : i]).group() + "."
            nxt = text[i + 1 : i + 3]
            if _ABBREVIATED.match(word) or word[:-1].lower().rstrip(".") in textmod.ABBREVIATIONS:
                if not _LOWER_NEXT_RE.match(nxt) or word[:-1].lower() in ("mr", "mrs", "ms", "dr"):
                    continue
        return i
    return limit


def _before_open(ctx: _Context, piece: _Piece, para: Span) -> _Speaker | None:
    """'X said: "..."' / 'said X, "..."' / '..." X said, "...' right before the opening mark."""
    text = ctx.text
    s_start, _ = ctx.sentence(piece.open_at)
    lo = ctx.after_quotes(max(s_start, para.start), piece.open_at)
    # The verb sits just before the mark ('said:', 'told reporters,'); no need to look further back.
    verb = next(ctx.cues_back(max(lo, piece.open_at - 90), piece.open_at), None)
    if verb is None or verb.word == "according to":
        return None
    tail = _INTRO_TAIL_RE.fullmatch(text, verb.end, piece.open_at)
    if tail is None:
        return None
    verb_at = verb.start
    if _only(text, lo, verb_at, _BEFORE_VERB):
        if verb.word in _INVERTING_VERBS and tail.group(1).strip():
            return _right_np(ctx, verb.end, verb.end + tail.end(1), 0.85)
        return None
    if not tail.group().rstrip().endswith((",", ":")) and ctx.has_cue(lo, verb_at):
        # 'X said that officials have asked "..."': an embedded quotation is the report of
        # the outermost speaker; the sentence rule finds it.
        return None
    return _left_np(ctx, lo, verb_at, 0.85)


def _sentence_cue(ctx: _Context, s_start: int, anchor: int) -> _Speaker | None:
    """A speech verb or 'according to' earlier in the sentence: 'X said that ... "..."'."""
    acc_end = ctx.according_before(s_start, anchor)
    if acc_end is not None:
        stop = _clause_end_comma(ctx.text, acc_end, min(anchor, acc_end + _NAME_REACH))
        sp = ctx.cached(_right_np, acc_end, stop, 0.75)
        if sp is not None:
            return sp
    return ctx.first_subject(s_start, anchor)


def _in_intro(ctx: _Context, s_start: int, at: int) -> bool:
    """Whether a word sits in an introductory phrase ('In a message posted Friday, ...')."""
    if ctx.last_comma(s_start, at) != -1:
        return False
    start = s_start
    while start < at and ctx.text[start].isspace():
        start += 1
    return bool(_INTRO.match(ctx.text, start, at))


def _sentence_tail(ctx: _Context, lo: int, hi: int) -> _Speaker | None:
    """An attribution closing the sentence after the quotation: '... is "x," Warren said.'"""
    comma = ctx.last_comma(lo, hi)
    return None if comma == -1 else ctx.cached(_attribution_after_comma, comma, hi)


def _attribution_after_comma(ctx: _Context, comma: int, hi: int) -> _Speaker | None:
    text = ctx.text
    for c in ctx.cues(comma, hi):
        before = text[comma + 1 : c.start].strip()
        if len(before.split()) > 10:
            break  # every later verb has as many words before it
        after = text[c.end : hi].strip(" .!?")
        if c.word == "according to" or len(after.split()) > 3:
            continue
        if before:
            return _left_np(ctx, comma + 1, c.start, 0.75)
        if c.word in _INVERTING_VERBS and after:
            return _classify(ctx, c.end, hi - (len(text[c.end : hi]) - len(text[c.end : hi].rstrip(" .!?"))), 0.75)
    return None


def _clause_end_comma(text: str, pos: int, limit: int) -> int:
    end = _clause_end(text, pos, limit)
    comma = text.find(",", pos, end)
    return comma if comma != -1 else end


_RELATIVE = frozenset("who whom whose which that".split())


# How far past an inverted verb or 'according to' its speaker is looked for, and how far
# before a verb its subject: real attributions sit well within these (the longest subject
# in the news benchmarks is under 300 characters away); a run-on 'sentence' of scraped text
# would make every verb in it read all of it.
_NAME_REACH = 500
_SUBJECT_REACH = 1000


def _right_np(ctx: _Context, start: int, stop: int, confidence: float) -> _Speaker | None:
    """The speaker after an inverted verb, up to the first comma or parenthesis."""
    text = ctx.text
    end = start
    for tok in _TOKEN_RE.finditer(text[start:stop]):
        word = tok.group()
        if word.startswith("(") or word in _RELATIVE:
            break  # 'said Ben Ali in a statement which the agency published': the clause is not the speaker
        end = start + tok.end()
        if word[-1] in _BREAKS:
            end -= 1
            break
    return _classify(ctx, start, end, confidence, max_words=20)


_BE_FORMS = "is|are|was|were|be|been|being"
_PASSIVE_BEFORE = re.compile(r"\b(?:" + _BE_FORMS + r")\s+(?:[a-z]+ly\s+)?$", re.I)
# What the last word before a passive verb ends with: a form of 'be' or an adverb.
_PASSIVE_ENDINGS = (*_BE_FORMS.split("|"), "ly")
_NAME_AT_END = re.compile(r"(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]*\s+$")
_FOOTAGE_OF = re.compile(r"\b(?:of|from|with|shows?|showing|featuring)\s+$")
_ADVERBS_ONLY = re.compile(r"\s*(?:[a-z]+ly\s+)*")
_CHUNK_SEP = re.compile(r"[,;:]|\s[" + _DASH_CLASS + r"]\s|[—―]")
_INTRO = re.compile(
    r"(?:in|on|at|during|after|before|while|with|from|for|as|asked|speaking|writing|according|earlier|later|"
    r"last|this|when|since|despite|under|over|by|through|to|meanwhile|however|but|and|still|yet|instead|also|"
    r"following|there|here|if|although|though|because|once|until|unlike|like)\b",
    re.I,
)
_OPENER = re.compile(
    r"\b(?:that|but|and|because|while|when|after|before|if|since|although|though|so|as|where|whereas|who|which|what)\s+",
    re.I,
)
_COMMON_VERBS = frozenset(
    """
    took take takes went goes made makes gave gives got gets came comes put puts kept keeps left leaves
    spoke speaks sent sends turned turns used uses began begins went showed shows appeared appears seemed
    seems tried tries wanted wants needed needs expressed expresses also just still even already never
    again once further later then now only previously recently repeatedly often first finally
    """.split()
)
# Participles that are adjectives in front of a noun ("a retired general", "the acting director").
_ED_ADJECTIVES = frozenset(
    """
    unnamed retired elected appointed detained jailed exiled embattled so-called acting leading ruling
    governing outgoing incoming founding visiting sitting managing presiding ranking early only family
    """.split()
)


def _left_np(ctx: _Context, lo: int, verb_at: int, confidence: float) -> _Speaker | None:
    """The subject of the speech verb at verb_at: the noun phrase before it, past
    appositives and asides set off by commas ('Mansour, a senior fellow at X, said')
    and past the rest of a verb phrase ('Trump took to Twitter to accuse')."""
    text = ctx.text
    lo = ctx.after_quotes(lo, verb_at)
    if verb_at - lo > _SUBJECT_REACH:
        space = _SPACE_RE.search(text, verb_at - _SUBJECT_REACH, verb_at)
        lo = space.end() if space else verb_at
    segment = _strip_parentheses(text[lo:verb_at])
    if _passive_before(segment) and not text[verb_at : verb_at + 20].split(" ", 1)[0].lower().endswith("ing"):
        return None  # '112 persons were confirmed dead', 'he was asked': the subject did not speak
    cuts = [m.end() for m in _CHUNK_SEP.finditer(segment)]
    chunks = [(lo + a, lo + b - (1 if b < len(segment) else 0)) for a, b in zip([0, *cuts], [*cuts, len(segment)])]
    participle = text[verb_at : verb_at + 20].split(" ", 1)[0].lower().endswith("ing")
    if participle:
        named = _NAME_AT_END.search(segment)
        if named and _FOOTAGE_OF.search(segment, 0, named.start()):
            # 'footage of Hillary Clinton asking, "..."'
            return _classify(ctx, lo + named.start(), lo + named.end(), confidence * 0.9)
    if _ADVERBS_ONLY.fullmatch(text, chunks[-1][0], chunks[-1][1]) and len(chunks) > 1:
        # 'X, a senior fellow at Y, said' / 'X, speaking at a rally, said': the subject opens the clause.
        chunks.pop()
        if participle:
            return _main_subject(ctx, chunks, confidence * 0.9)
        return _clause_subject(ctx, chunks, confidence)
    a, b = chunks[-1]
    cut = None
    for m in _OPENER.finditer(text, a, b):
        if not _is_acronym(m.group().strip()):
            cut = m
    if cut is not None:
        word = cut.group().strip().lower()
        if word in ("who", "which"):
            b = cut.start()
        elif text[cut.end() : b].strip():
            a = cut.end()
        else:
            # 'X outlined a plan and vowed': the verbs share the subject that opens the clause.
            return _main_subject(ctx, [*chunks[:-1], (a, cut.start())], confidence * 0.9)
    start, end, stopped = _subject_prefix(text, a, b)
    if participle and (end <= start or not stopped):
        return _main_subject(ctx, chunks[:-1], confidence * 0.9)
    if end <= start:
        return None
    return _classify(ctx, start, end, confidence if not stopped else confidence * 0.9)


def _passive_before(segment: str) -> bool:
    """Whether segment ends with a form of 'be' and maybe an adverb ('was', 'were later').
    Only a segment whose last word could end so is searched, not from every offset of a
    long subject; a last word beyond ASCII always is ('ı' matches 'i' case-blind)."""
    last = segment.rsplit(None, 1)[-1:]
    if not last or not segment[-1].isspace():
        return False
    if last[0].isascii() and not last[0].lower().endswith(_PASSIVE_ENDINGS):
        return False
    return _PASSIVE_BEFORE.search(segment) is not None


def _is_intro(chunk: str) -> bool:
    """Whether a comma-separated chunk is an introductory phrase ('In one tweet', 'However');
    a conjunction opening the sentence is not one: 'And the rebels, ..., said' has a subject."""
    lead = _LEAD_WORDS_RE.match(chunk)
    rest = chunk[lead.end() :] if lead else chunk
    return not rest or bool(_INTRO.match(rest))


def _main_subject(ctx: _Context, chunks: list[tuple[int, int]], confidence: float) -> _Speaker | None:
    """The subject of the main verb, for a participle or a second verb: the nearest
    chunk that starts with a noun phrase followed by a verb, else the clause's subject."""
    text = ctx.text
    for a, b in reversed(chunks):
        chunk = text[a:b].strip()
        if _is_intro(chunk):
            continue
        start, end, stopped = _subject_prefix(text, a, b)
        if stopped and end > start:
            return _classify(ctx, start, end, confidence)
    return _clause_subject(ctx, chunks, confidence)


def _clause_subject(ctx: _Context, chunks: list[tuple[int, int]], confidence: float) -> _Speaker | None:
    """The subject at the start of the sentence, past introductory phrases ('In one tweet,');
    a name set off after a description is the speaker ('The mayor's spokesman, Lena Park, said')."""
    text = ctx.text
    for n, (a, b) in enumerate(chunks):
        chunk = text[a:b].strip()
        if _is_intro(chunk):
            continue
        start, end, _ = _subject_prefix(text, a, b)
        if end <= start:
            return None
        if n + 1 < len(chunks) and not _NAME_ONLY.fullmatch(chunk):
            name = text[chunks[n + 1][0] : chunks[n + 1][1]].strip()
            if _NAME_ONLY.fullmatch(name) and name.split()[0].lower() not in _NOT_A_NAME:
                at = text.index(name, chunks[n + 1][0])
                return _classify(ctx, at, at + len(name), confidence)
        return _classify(ctx, start, end, confidence)
    return None


# Particles sit between the capitals of a name: 'Abdul-Rahman bin Shamlan', 'Ludwig van Beethoven'.
_NAME_ONLY = re.compile(
    r"(?:[A-Z][\w.'’-]*\s+)(?:(?:al|el|bin|ibn|de|da|van|von|der|la|le|du|di|abu|ben|dos|das)\s+)?"
    r"(?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w'’-]*|[A-Z][\w'’-]*"
)


def _subject_prefix(text: str, a: int, b: int) -> tuple[int, int, bool]:
    """The leading noun phrase of text[a:b]: the words before the first verb-like word,
    and whether such a word was found."""
    end = a
    start = None
    prev = ""
    for tok in _TOKEN_RE.finditer(text, a, b):
        raw = tok.group().strip(".,;:’'\"”“")
        word = raw.lower()
        if start is None:
            if word in _LEAD_ADVERBS:
                continue
            start = tok.start()
        verbish = not _is_acronym(raw) and (word in _NOT_SUBJECT or word in _SPEECH_VERBS or word in _COMMON_VERBS)
        if not verbish and raw[:1].islower() and word not in _ED_ADJECTIVES:
            after_noun = prev and prev not in _INDEFINITE and prev not in _DEFINITE
            verbish = (
                word.endswith(("ed", "ing")) and (after_noun or not prev)
                or word.endswith("ly") and after_noun
            )
        if verbish:
            return start, end, True
        end = tok.end()
        prev = word
    return (a if start is None else start), end, False


def _is_acronym(word: str) -> bool:
    """'WHO', 'IT', 'AS' in capitals name an organisation, not the pronoun or conjunction."""
    return len(word) > 1 and word.isupper()


def _strip_parentheses(s: str) -> str:
    """Parenthetical asides become spaces, so offsets still line up."""
    return _PARENS_RE.sub(lambda m: " " * len(m.group()), s) if "(" in s else s


_PREPOSITION = re.compile(
    r"\s(?:of|in|with|for|from|at|on|to|by|about|inside|within|among|close to|familiar with)\s+(?=[a-z]|the\b|a\b|an\b)"
)


_NAME_THEN_PREPOSITION = re.compile(r"((?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w'’-]*)\s+(?:of|for|from|at|with)\s+[A-Z]")
_LEAD_ADVERBS = frozenset("even also but and then now so still meanwhile however yet".split())
_NOT_A_NAME = _TITLES | _NOT_SUBJECT | _INDEFINITE | _PERSON_ROLES | _ORG_HEADS | _STATEMENT_HEADS


def _classify(ctx: _Context, start: int, end: int, confidence: float, max_words: int = 12) -> _Speaker | None:
    """What kind of speaker a noun phrase names: a pronoun, an unnamed source, a name, an organisation."""
    text = ctx.text
    raw = text[start:end].strip()
    if raw and " " not in raw and raw.isalpha():
        # One word: a pronoun or a surname, the commonest speakers of all.
        lowered = raw.lower()
        start = text.index(raw, start)
        if lowered in _PRONOUNS:
            return _Speaker(raw, "unknown", start, start + len(raw), confidence * 0.8, anaphor=_PRONOUNS[lowered])
        if raw[0].isupper() and lowered not in _NOT_A_NAME:
            return _Speaker(raw, "named", start, start + len(raw), confidence)
    np_text = _strip_parentheses(text[start:end])
    trimmed = _without_time_tail(np_text).rstrip(" ,")
    lead = len(trimmed) - len(trimmed.lstrip(" ,\u00a0\"“”"))
    trimmed = trimmed.strip(" ,\u00a0\"“”")
    if not trimmed:
        return None
    start, end = start + lead, start + lead + len(trimmed)
    lead_word = _LEAD_WORDS_RE.match(trimmed)
    if lead_word:
        start += lead_word.end()
        trimmed = trimmed[lead_word.end() :]
    words = trimmed.split()
    if words and words[-1].lower() == "to":
        return None  # 'persuade the mills to agree': an object, not a speaker
    while words and words[-1].lower() in _SMALL_WORDS:
        words.pop()
        trimmed = trimmed[: trimmed.rindex(" ")] if " " in trimmed else ""
    if trimmed.endswith(".") and not _ABBREVIATED.match(words[-1]):
        trimmed, words[-1] = trimmed[:-1], words[-1][:-1]
    end = start + len(trimmed)
    if not words or len(words) > max_words:
        return None
    first = words[0].lower()
    if len(words) == 1 and first in _PRONOUNS:
        return _Speaker(trimmed, "unknown", start, end, confidence * 0.8, anaphor=_PRONOUNS[first])
    if words[-1].lower() in ("he", "she", "they") and len(words) <= 4:
        # 'he', or 'At first he' when no comma sets the opening phrase off
        at = end - len(words[-1])
        return _Speaker(words[-1], "unknown", at, end, confidence * 0.8, anaphor=words[-1].lower())
    if first in _POSSESSIVE_PRONOUNS and len(words) <= 3:
        return _Speaker(trimmed, "unknown", start, end, confidence * 0.8, anaphor=_POSSESSIVE_PRONOUNS[first])
    lowered = [w.lower().strip(".,’'") for w in words]
    if any(w in _NOT_SUBJECT and not _is_acronym(raw) for w, raw in zip(lowered, words)) or first in ("i", "we", "you"):
        return None
    core_m = _PREPOSITION.search(trimmed)
    core = trimmed[: core_m.start()] if core_m else trimmed
    named_first = _NAME_THEN_PREPOSITION.match(trimmed)
    if named_first and named_first.group(1).split()[0].lower().rstrip(".") not in _NOT_A_NAME:
        # 'Cameron Easley for Morning Consult', 'Gov. Earl Ray Tomblin of West Virginia'
        core = named_first.group(1)
    head = core.split()[-1].lower().strip(".,’'") if core.split() else ""
    possessive = _POSSESSIVE_RE.search(core)
    if head in _STATEMENT_HEADS:
        owner = _OWNER_RE.search(trimmed)
        if owner:
            s = start + owner.start(1)
            return _classify(ctx, s, s + len(owner.group(1)), confidence * 0.9)
        if possessive:
            return _classify(ctx, start, start + len(possessive.group(1)), confidence * 0.9)
        return _Speaker(trimmed, "anonymous", start, end, confidence * 0.8, org=True)
    if possessive:
        if head in _ORG_HEADS:
            return _Speaker(trimmed, "named", start, end, confidence, org=True, plural=True)
        return _Speaker(trimmed, "anonymous", start, end, confidence * 0.9)
    plural_role = head in _PERSON_ROLES and head.endswith("s")
    if first in _INDEFINITE or (first not in _DEFINITE and plural_role):
        plural = plural_role or first not in ("a", "an", "one", "another")
        return _Speaker(trimmed, "anonymous", start, end, confidence, plural=plural)
    if first in _DEFINITE and len(words) > 1 and all(w in _PERSON_ROLES or w in _TITLES for w in lowered[1:]):
        return _Speaker(trimmed, "anonymous", start, end, confidence * 0.8, anaphor="role:" + head)
    name = _trailing_name(core)
    if name is not None:
        n_start, n_end = name
        return _Speaker(core[n_start:n_end], "named", start + n_start, start + n_end, confidence)
    if head in _ORG_HEADS:
        has_cap = any(w[:1].isupper() for w in core.split()[1:]) or (words[0][:1].isupper() and first not in _DEFINITE)
        shown = trimmed[4:] if first == "the" and has_cap else trimmed
        return _Speaker(shown, "named", end - len(shown), end, confidence * (1 if has_cap else 0.7),
                        anaphor="" if has_cap else "org:" + head, org=True, plural=True)
    if first in _DEFINITE and len(words) <= 6 and head in _PERSON_ROLES:
        return _Speaker(trimmed, "anonymous", start, end, confidence * 0.8, anaphor="role:" + head)
    if head in _PERSON_ROLES:
        return _Speaker(trimmed, "anonymous", start, end, confidence * 0.9, plural=head.endswith("s"))
    if len(words) <= 6 and not (len(words) == 1 and first.endswith("ly")):
        # 'the announcer', 'the ruling', 'my father': kept as written, but too vague to be 'he' later.
        return _Speaker(trimmed, "anonymous", start, end, confidence * 0.8, plural=head.endswith("s"), vague=True)
    return None


def _trailing_name(np_text: str) -> tuple[int, int] | None:
    """Offsets of the name that ends a noun phrase, without the titles in front of it:
    'Pentagon spokesman Major General Pat Ryder' -> 'Pat Ryder'."""
    tokens = list(_NAME_TOKEN_RE.finditer(np_text))
    run: list[re.Match[str]] = []
    for n in range(len(tokens) - 1, -1, -1):
        word = tokens[n].group()
        inner_link = word in ("of", "on", "for") and run and n > 0 and tokens[n - 1].group()[:1].isupper()
        particle = _NAME_PARTICLE.match(word) and (run or "-" in word)
        if word[:1].isupper() or (word[:1].isdigit() and run) or particle or inner_link:
            # 'Commission on Presidential Debates', 'Secretary of State John Kerry'
            run.append(tokens[n])
            continue
        break
    while run and not run[-1].group()[:1].isupper():
        run.pop()
    if not run:
        return None
    run.reverse()
    owners = [i for i, t in enumerate(run[:-1]) if t.group().endswith(("'s", "’s"))]
    if owners:
        run = run[owners[-1] + 1 :]  # "Iron Maiden's Bruce Dickinson"
    titles = [i for i, t in enumerate(run) if t.group().lower().rstrip(".") in _TITLES]
    if titles and titles[-1] < len(run) - 1:
        run = run[titles[-1] + 1 :]
    elif titles and titles[-1] == len(run) - 1:
        return None
    start, end = run[0].start(), run[-1].end()
    if np_text[end - 2 : end] in ("’s", "'s"):
        return None
    return start, end


_NAME_PARTICLE = re.compile(r"(?:al|el|bin|ibn|de|da|van|von|der|la|le|du|di|abu|ben|dos|das)(?:-[A-Z]|$)")


# --- carrying speakers across sentences and paragraphs ---------------------------------


# How many of the latest attributed quotations a pronoun weighs, and how many speech verbs an
# unattributed quotation looks back over in its paragraph: news holds a handful within the
# five paragraphs looked at (23 at most in the scale corpus); a transcript of thousands of
# quotations in one paragraph would otherwise make every quotation walk all of them.
_LOOK_BACK = 50


class _Spoken:
    """The quotations of one report carried so far, in order, with the lookups the carrying rules need."""

    def __init__(self) -> None:
        self.found: list[Found] = []
        self._attributed: list[Found] = []
        self._last_in_para: dict[int, _Speaker] = {}

    def add(self, found: Found) -> None:
        self.found.append(found)
        if found.speaker is not None:
            self._attributed.append(found)
            self._last_in_para[found.piece.para] = found.speaker

    def last_in(self, para: int) -> _Speaker | None:
        """The speaker of the last attributed quotation in paragraph para."""
        return self._last_in_para.get(para)

    def recent(self, first_para: int) -> list[_Speaker]:
        """The speakers of the latest attributed quotations from paragraph first_para on, latest first."""
        speakers = []
        for f in reversed(self._attributed[-_LOOK_BACK:]):
            if f.piece.para < first_para:
                break
            if f.speaker is not None and not f.speaker.anaphor:
                speakers.append(f.speaker)
        return speakers


def _carry_speakers(ctx: _Context, found: list[Found]) -> list[Found]:
    """Resolve pronouns and definite descriptions, and give quotations with no attribution
    of their own the speaker their context gives them, with lower confidence."""
    spoken = _Spoken()
    for k, f in enumerate(found):
        sp = f.speaker
        if sp is not None and sp.anaphor:
            sp = _resolve(ctx, sp, spoken)
        if sp is None:
            sp = _from_context(ctx, f.piece, spoken, found, k + 1)
        spoken.add(f if sp is f.speaker else Found(f.piece, sp, f.cue))
    return spoken.found


def _resolve(ctx: _Context, sp: _Speaker, spoken: _Spoken) -> _Speaker | None:
    """The antecedent of a pronoun or definite description, less sure than either link.
    An unresolved 'the official' stays as written; an unresolved 'he' is unknown."""
    ante = _antecedent(ctx, sp.start, sp.anaphor, spoken)
    if ante is None:
        return sp._replace(anaphor="") if sp.anaphor.startswith(("role:", "org:")) else None
    return ante._replace(confidence=round(min(sp.confidence, ante.confidence) * 0.95, 3))


def _antecedent(ctx: _Context, before: int, anaphor: str, spoken: _Spoken) -> _Speaker | None:
    """The nearest earlier speaker that fits: he/she a person, they a group or organisation,
    'the official' an unnamed source or a named person: at a speech verb or of a quotation
    attributed so far, looking back a few paragraphs. At the same offset the verb wins."""
    first_para = ctx.para_index(before) - 5
    floor = ctx.para_starts[first_para] if first_para > 0 else 0
    first_sentence = bisect_left(ctx.sentence_starts, floor)
    if first_sentence >= len(ctx.sentences) or ctx.sentence_starts[first_sentence] > before:
        return None
    at_verb = ctx.fitting_speaker(anaphor, floor, before)
    quoted = sorted((sp for sp in spoken.recent(first_para) if sp.start < before), key=lambda sp: -sp.start)
    for sp in quoted:
        if sp.start < ctx.sentence_starts[first_sentence] or (at_verb is not None and sp.start <= at_verb[0]):
            break
        if _fits(sp, anaphor):
            return sp
    return at_verb[1] if at_verb is not None else None


def _fits(sp: _Speaker, anaphor: str) -> bool:
    if anaphor in ("he", "she"):
        return not (sp.plural or sp.org or sp.vague) and not (sp.kind == "named" and _looks_organisation(sp.text))
    if anaphor == "they":
        return sp.plural or sp.org
    if anaphor == "it":
        return sp.org or (sp.kind == "named" and _looks_organisation(sp.text))
    if anaphor.startswith("org:"):
        return sp.org and anaphor[4:] in sp.text.lower()
    if anaphor.startswith("role:"):
        return not sp.plural and not sp.org and (sp.kind == "named" or anaphor[5:] in sp.text.lower())
    return True


# Wire agencies are organisations even when their names carry no organisation word: a news
# agency that reports is the channel, never the 'he' or 'she' of the next sentence.
_ORG_NAME_WORDS = frozenset(
    """
    news post times journal agency ministry department council committee party office service corp inc ltd
    group institute foundation network press tribune herald guardian telegraph gazette daily weekly review
    television radio channel company bank university college association union commission court army
    government administration organization organisation league front movement coalition alliance
    reuters xinhua bloomberg interfax anadolu yonhap kyodo bernama novosti sputnik
    """.split()
)


def _looks_organisation(name: str) -> bool:
    words = name.split()
    return bool(words) and (
        name.isupper() or words[0] == "The" or any(w.lower() in _ORG_NAME_WORDS or w.lower() in _ORG_HEADS for w in words)
    )


def _speaker_at_cue(ctx: _Context, cue: _Cue) -> _Speaker | None:
    """Who speaks at a cue anywhere in the text: 'X said', '..." said X', 'according to X'."""
    text = ctx.text
    s_start, s_end = ctx.sentence(cue.start)
    if cue.word == "according to":
        return _right_np(ctx, cue.end + 1, _clause_end_comma(text, cue.end + 1, min(s_end, cue.end + _NAME_REACH)), 0.7)
    if cue.word == "quoted":
        return None
    mark = cue.start
    while mark > s_start and text[mark - 1].isspace():
        mark -= 1
    while mark > s_start and text[mark - 1] == ",":
        mark -= 1
    if mark - 1 in ctx.closers and cue.word in _INVERTING_VERBS:
        return _right_np(ctx, cue.end + 1, _clause_end(text, cue.end, min(s_end, cue.end + _NAME_REACH)), 0.7)
    if cue.word in _INVERTING_VERBS and ctx.cached(_lead_words_end, s_start) == cue.start:
        # Verb-first order of translated Arabic: 'And said X, the director, that ...'
        return _right_np(ctx, cue.end + 1, _clause_end(text, cue.end, min(s_end, cue.end + _NAME_REACH)), 0.6)
    return _left_np(ctx, s_start, cue.start, 0.7)


def _lead_words_end(ctx: _Context, s_start: int) -> int:
    """Where the words that may open a sentence before its verb ('And', 'But then') end."""
    return _LEAD_RUN_RE.match(ctx.text, s_start).end()


def _from_context(ctx: _Context, piece: _Piece, spoken: _Spoken, found: list[Found], later: int) -> _Speaker | None:
    """A quotation without attribution of its own: the continued quotation's speaker, the
    previous quotation in the paragraph, an introduction ('X said:'), an 'according to'
    earlier in the paragraph, or the speaker of the paragraph before. found[later:] are
    the quotations after it, not yet carried."""
    text = ctx.text
    if piece.follows and spoken.found and spoken.found[-1].speaker is not None:
        return _weaker(spoken.found[-1].speaker, 0.95)
    same_para = spoken.last_in(piece.para)
    if same_para is not None:
        return _weaker(same_para, 0.85)
    if piece.follows or (piece.open_at is not None and ctx.opens_paragraph(piece)) or piece.dash:
        for f in found[later : later + 4]:
            # Only the first quotation of a paragraph follows another, so four are enough to pass three paragraphs.
            if not f.piece.follows or f.piece.para > piece.para + 3:
                break
            if f.speaker is not None and not f.speaker.anaphor:
                return _weaker(f.speaker, 0.9)
    para = ctx.paras[piece.para]
    anchor = piece.open_at if piece.open_at is not None else piece.start
    sp = _speaker_of_cues(ctx, para.start, anchor, spoken)
    if sp is not None:
        return _weaker(sp, 0.7)
    if piece.para == 0 or not ctx.opens_paragraph(piece):
        return None
    prev = ctx.paras[piece.para - 1]
    intro = text[prev.start : prev.end].rstrip()
    if intro.endswith(":"):
        sp = _speaker_of_cues(ctx, prev.start, prev.end, spoken)
        if sp is not None:
            return _weaker(sp, 0.85)
        # 'Sanders made the following comment:' introduces its subject's words.
        s_start, s_end = ctx.sentence(prev.end - 1)
        sp = _clause_subject(ctx, [(s_start, s_end)], 0.6)
        if sp is not None and sp.kind == "named" and not sp.anaphor:
            return sp
    prev_quote = spoken.last_in(piece.para - 1)
    if prev_quote is not None:
        return _weaker(prev_quote, 0.6)
    sp = _speaker_of_cues(ctx, prev.start, prev.end, None)
    if sp is not None:
        return _weaker(sp, 0.5)
    return _next_paragraph_attribution(ctx, piece)


def _speaker_of_cues(ctx: _Context, lo: int, hi: int, spoken: _Spoken | None) -> _Speaker | None:
    """The speaker of the last speech verb in text[lo:hi] that has one; a pronoun counts when
    it resolves against the quotations carried so far (never when spoken is None)."""
    unresolved: set[str] = set()
    for n, c in enumerate(ctx.cues_back(lo, hi)):
        if n == _LOOK_BACK:
            break
        sp = ctx.speaker_at(c)
        if sp is None or (sp.anaphor and (spoken is None or sp.anaphor in unresolved)):
            continue
        if sp.anaphor:
            # A pronoun with no antecedent before this verb has none before an earlier verb either.
            resolved = _resolve(ctx, sp, spoken)
            if resolved is None:
                unresolved.add(sp.anaphor)
                continue
            sp = resolved
        return sp
    return None


def _next_paragraph_attribution(ctx: _Context, piece: _Piece) -> _Speaker | None:
    """Machine translation sometimes moves 'X told the agency.' into a paragraph of its own
    after the quotation; only a short sentence that is nothing but an attribution counts."""
    if piece.close_at is not None or piece.para + 1 >= len(ctx.paras):
        return None
    nxt = ctx.paras[piece.para + 1]
    line = ctx.text[nxt.start : nxt.end]
    if len(line.split()) > 25 or _MARK_RE.search(line) or line.count(".") > 1:
        return None
    for c in _cues(ctx.lower, nxt.start, nxt.end):
        rest = ctx.text[c.end : nxt.end].strip(" .")
        if len(rest.split()) <= 3 and "that" not in rest.split():
            sp = _left_np(ctx, nxt.start, c.start, 0.5)
            if sp is not None and not sp.anaphor:
                return sp
    return None


def _weaker(sp: _Speaker, factor: float) -> _Speaker:
    return sp._replace(confidence=round(sp.confidence * factor, 3))


# --- actors -----------------------------------------------------------------------------


class _ActorLinker:
    """Finds the actor a speaker names: a mention under the speaker's words, then the same
    name or alias, then the same surname when only one person carries it. The name tables
    are built on first use: most speakers sit on a mention and never need them."""

    def __init__(self, actors: Sequence[Actor]) -> None:
        self.actors = actors
        self.by_id = {a.id: a for a in actors}
        # Mentions per report as references to the existing spans: no new object per
        # mention, which keeps the garbage collector from walking a large corpus again.
        self._spans: dict[int, list[Span]] = defaultdict(list)
        self._owners: dict[int, list[Actor]] = defaultdict(list)
        for a in actors:
            for m in a.mentions:
                self._spans[m.doc].append(m)
                self._owners[m.doc].append(a)
        self._sorted: dict[int, tuple[list[int], list[Span], list[Actor]]] = {}
        self._by_alias: dict[str, set[str]] | None = None
        self._by_surname: dict[str, set[str]] = defaultdict(set)
        self._present: dict[int, set[str]] = {}
        self._folded: dict[str, tuple[str, ...]] = {}

    def mentions(self, doc: int) -> tuple[list[int], list[Span], list[Actor]]:
        """One report's mentions in offset order: starts, spans, actors."""
        if doc not in self._sorted:
            spans, owners = self._spans.get(doc, []), self._owners.get(doc, [])
            starts = [s.start for s in spans]
            order = sorted(range(len(spans)), key=starts.__getitem__)
            self._sorted[doc] = ([starts[i] for i in order], [spans[i] for i in order], [owners[i] for i in order])
        return self._sorted[doc]

    def under(self, doc: int, start: int, end: int) -> list[Actor]:
        """Actors with a mention overlapping [start, end); mentions are names, never long."""
        starts, spans, owners = self.mentions(doc)
        found = []
        i = bisect_right(starts, end - 1) - 1
        while i >= 0 and starts[i] > start - 120:
            if start < spans[i].end:
                found.append(owners[i])
            i -= 1
        found.reverse()
        return found

    def by_alias(self) -> dict[str, set[str]]:
        if self._by_alias is None:
            self._by_alias = defaultdict(set)
            for a in self.actors:
                for alias in {a.name, *a.aliases}:
                    self._by_alias[_fold(alias)].add(a.id)
                    if a.kind == "person" and len(alias.split()) > 1:
                        self._by_surname[_fold(alias.split()[-1])].add(a.id)
        return self._by_alias

    def folded_names(self, actor: str) -> tuple[str, ...]:
        if actor not in self._folded:
            a = self.by_id[actor]
            self._folded[actor] = tuple(_fold(x) for x in (a.name, *a.aliases))
        return self._folded[actor]

    def present(self, doc: int) -> set[str]:
        if doc not in self._present:
            self._present[doc] = {a.id for a in self._owners.get(doc, [])}
        return self._present[doc]

    def link(self, doc: int, sp: _Speaker) -> Actor | None:
        if not self.by_id:
            return None
        covering = self.under(doc, sp.start, sp.end)
        if sp.kind == "anonymous":
            orgs = [a for a in covering if a.kind in ("organization", "group")]
            return orgs[-1] if orgs else None
        if covering:
            persons = [a for a in covering if a.kind == "person"]
            return (persons or covering)[-1]
        words = sp.text.split()
        ids = self.by_alias().get(_fold(sp.text), set())
        if not ids and words:
            ids = self._by_surname.get(_fold(words[-1]), set())
        if not ids and sp.org and words:
            # 'the government' -> the one organisation in this report whose name ends so
            head = _fold(words[-1])
            ids = {
                i for i in self.present(doc)
                if self.by_id[i].kind in ("organization", "group")
                and any(x == head or x.endswith(" " + head) for x in self.folded_names(i))
            }
        if len(ids) == 1:
            return self.by_id[next(iter(ids))]
        present = ids & self.present(doc)
        return self.by_id[next(iter(present))] if len(present) == 1 else None


def _fold(s: str) -> str:
    if not s.isascii():
        s = unicodedata.normalize("NFC", s).replace("’", "'")
    return " ".join(s.casefold().split())


def _to_quote(doc: Document, found: Found, linker: _ActorLinker, number: int, group: str) -> Quote:
    piece = found.piece
    span = Span(doc.id, piece.start, piece.end)
    sp = found.speaker
    if sp is None:
        return Quote(f"q{number}", doc.id, doc.slice(span), span, None, "unknown", group=group)
    actor = linker.link(doc.id, sp)
    kind: SpeakerKind = "anonymous" if sp.kind == "anonymous" else "named"
    name = actor.name if actor is not None and kind == "named" else sp.text
    return Quote(
        id=f"q{number}",
        doc=doc.id,
        text=doc.slice(span),
        span=span,
        speaker=name,
        speaker_kind=kind,
        speaker_actor=actor.id if actor is not None else None,
        speaker_span=Span(doc.id, sp.start, sp.end),
        confidence=round(sp.confidence, 3),
        group=group,
    )


# --- groups -----------------------------------------------------------------------------

_STOP = frozenset(
    "the a an and or of to in on at for with from by as is are was were be been it its this that these those "
    "we they he she i you not but if so our their his her has have had will would can could do does did".split()
)


def _words(text: str) -> list[str]:
    """The words of a quotation for comparison: folded, without punctuation and marks."""
    folded = (text if text.isascii() else unicodedata.normalize("NFKC", text).replace("’", "'")).casefold()
    return _NORMAL_WORD_RE.findall(folded)


def _wording(text: str) -> str:
    return " ".join(_words(text))


class _Keys(dict[str, "str | None"]):
    """A quotation's word -> the key it is blocked on, or None for a short or
    common word: each distinct word looked at once."""

    def __missing__(self, word: str) -> str | None:
        key = self[word] = word.rstrip("s") if len(word) > 2 and word not in _STOP else None
        return key


def group_texts(
    texts: Sequence[str], threshold: float = 72.0, *, wordings: Sequence[str] | None = None
) -> list[str]:
    """Group ids g1.. for quotation texts: the same quotation reported in several
    reports shares a group, whatever its wording.

    Blocking keeps this near linear: a pair is only compared when it shares one of
    the rarer words of the first quotation and enough words overall; then rapidfuzz
    decides on the normalised texts. `wordings` are the texts' normalised words
    (see quotation_wordings) when worked out beforehand."""
    norm = [_wording(t) for t in texts] if wordings is None else wordings
    # The words of a text are its wording split at spaces again (no word holds one).
    known = _Keys()
    keys = [set(map(known.__getitem__, n.split(" "))) for n in norm]
    for ks in keys:
        ks.discard(None)
    sizes = [len(ks) for ks in keys]
    frequency = Counter(chain.from_iterable(keys))
    postings: dict[str, list[int]] = defaultdict(list)
    posted = {k for k, n in frequency.items() if 1 < n <= _BUCKET_LIMIT}
    for i, ks in enumerate(keys):
        for k in ks & posted:
            postings[k].append(i)
    sets = DisjointSets(len(texts))

    exact: dict[str, int] = {}
    repeated: set[int] = set()
    for i, n in enumerate(norm):
        if len(keys[i]) < _MIN_KEYS:
            continue
        if n in exact:
            sets.union(exact[n], i)
            repeated.add(i)  # its first occurrence already met every candidate
        else:
            exact[n] = i
    for i, ks in enumerate(keys):
        if len(ks) < _MIN_KEYS or i in repeated:
            continue
        rare = sorted((frequency[k], k) for k in ks & posted)[:_RARE_KEYS]
        candidates: set[int] = set()
        for _, k in rare:
            bucket = postings[k]
            candidates.update(bucket[bisect_right(bucket, i) :])
        size = sizes[i]
        for j in candidates:
            if sizes[j] < _MIN_KEYS or len(ks & keys[j]) * 5 < 2 * min(size, sizes[j]) or sets.find(j) == sets.find(i):
                continue
            if _same_quotation(norm[i], norm[j], threshold):
                sets.union(i, j)
    names: dict[int, str] = {}
    for i in range(len(texts)):
        names.setdefault(sets.find(i), f"g{len(names) + 1}")
    return [names[sets.find(i)] for i in range(len(texts))]


# A word shared by more quotations than this says nothing about which ones are the same.
_BUCKET_LIMIT = 15
_RARE_KEYS = 2
# One- and two-word fragments ("false", "a hero") recur in unrelated reports.
_MIN_KEYS = 3


def _same_quotation(a: str, b: str, threshold: float) -> bool:
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if len(shorter) * 3 < len(longer):
        return fuzz.partial_ratio(shorter, longer, score_cutoff=90) > 0
    return fuzz.ratio(a, b, score_cutoff=threshold) > 0 or fuzz.token_sort_ratio(a, b, score_cutoff=threshold) > 0
