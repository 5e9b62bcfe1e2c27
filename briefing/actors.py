"""Actor mentions merged into actors.

No trained model: a mention is a run of capitalised words (with name particles
such as al-, bin, ez-), an acronym, or one of two descriptive patterns ("Iraqi
government", "US-led coalition"). Small bundled word lists (`briefing/data/`)
tell titles from names, give places and well-known organisations, and supply
the cue words that vote for a kind. Words that are capitalised only because
they open a sentence or sit in a title-case heading are kept only when the
same name is confirmed elsewhere.

Merging runs in stages from safest to boldest: the same normalised key; links
the text itself gives ("Popular Mobilization Forces (PMF)", "X, known as Y");
spelling variants (rapidfuzz, compared only inside blocks sharing a consonant
skeleton, so the work stays near linear); short forms to the one full name
that ends with them, first within a report and then across reports; acronyms
to the one name with those initials; a capital to its country when it is used
for the government rather than as a place.

The stage comes in two halves, so the per-report work can run in parallel worker
processes. `report_candidates(doc)` reads one report alone: its capitalised runs,
the names parsed from them, their cues and roles, the descriptive phrases, and the
report's evidence for the corpus (the words it writes in lower case, the words it
capitalises inside sentences). Its result is plain data; one `Lookups` shared by
the reports a process reads saves it about a third of the work. Some rules ask about the whole corpus (is "Labour" opening a sentence a
name, i.e. capitalised inside sentences elsewhere and never written in lower case?):
such a run is parsed with the answers that keep a name, and the words asked about
go with it. `extract_actors` does what needs the whole corpus: it checks those
answers (re-parsing the few runs where they were wrong), confirms weak runs against
names found in running prose, settles the person votes that hang on a word never
being lower case, and merges the mentions.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain
from importlib import resources
from operator import attrgetter
from typing import NamedTuple, TypeVar

from rapidfuzz import fuzz, process

from briefing.model import Actor, ActorKind, Document, Span
from briefing.sets import DisjointSets
from briefing.text import occurrences

KIND_PRIORITY: tuple[ActorKind, ...] = ("place", "organization", "group", "person")
ROLE_MAX_WORDS = 16
# Thresholds (rapidfuzz ratio, 0-100) for spellings that share a consonant skeleton.
SURNAME_RATIO = 80
FIRST_NAME_RATIO = 80
NAME_RATIO = 88
SINGLE_RATIO = 85
# Single words whose vowels are written differently but whose consonants match in order.
VOWEL_RATIO = 70
# Across reports a bare surname goes to the full name named in this many times more reports.
DOMINANT_SPREAD = 4
# A capital stands for its country when fewer than this share of its mentions are locative.
METONYM_MAX_LOCATIVE = 0.25


# --- lexicon -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Known:
    """A gazetteer entry: a place or a well-known organisation."""

    id: str
    name: str
    kind: ActorKind
    category: str
    country: str = ""


@dataclass(frozen=True)
class _Lexicon:
    words: Mapping[str, frozenset[str]]
    nicknames: Mapping[str, str]
    known: Mapping[str, _Known]
    upper_only: frozenset[str]
    demonyms: Mapping[str, str]
    country_forms: Mapping[str, str]
    # Every word that, right before or after a name, can vote for its kind.
    cues: frozenset[str]
    # The head words of institutions, features and groups; adjectives with the demonyms.
    heads: frozenset[str]
    adjectives: frozenset[str]


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("’", "'").replace("‘", "'").lower()


def _sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif line:
            current.extend(line.split())
    return sections


def _rows(text: str) -> Iterator[list[str]]:
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield (line.split("\t") + [""] * 5)[:5]


def _is_upper_form(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) <= 6 and all(c.isupper() for c in letters)


@cache
def _lexicon() -> _Lexicon:
    data = resources.files("briefing") / "data"
    raw = _sections((data / "actor_words.txt").read_text(encoding="utf-8"))
    words = {name: frozenset(_fold(w) for w in ws) for name, ws in raw.items() if name != "nicknames"}
    nicknames = dict(pair.split("=", 1) for pair in raw.get("nicknames", []))
    known: dict[str, _Known] = {}
    forms: dict[str, list[str]] = defaultdict(list)
    demonyms: dict[str, str] = {}
    country_forms: dict[str, str] = {}

    def add(entry: _Known, names: Iterable[str]) -> None:
        for name in names:
            key = " ".join(_key_tokens(words["particles"], name.split()))
            if key and key not in known:
                known[key] = entry
            if key:
                forms[key].append(name)

    for kind, name, aliases, adjectives, country in _rows((data / "places.tsv").read_text(encoding="utf-8")):
        entry = _Known(f"place:{name}", name, "place", kind, country)
        names = [name, *filter(None, aliases.split("|"))]
        add(entry, names)
        if kind in ("country", "territory"):
            for form in names:
                country_forms[_fold(form).replace(".", "")] = name
            for adjective in filter(None, adjectives.split("|")):
                demonyms[_fold(adjective)] = name
        elif kind == "region":
            for adjective in filter(None, adjectives.split("|")):
                demonyms.setdefault(_fold(adjective), "")
    for kind, name, aliases, _, _ in _rows((data / "organizations.tsv").read_text(encoding="utf-8")):
        entry = _Known(f"org:{name}", name, "group" if kind == "group" else "organization", "org")
        add(entry, [name, *filter(None, aliases.split("|"))])
    upper_only = frozenset(k for k, names in forms.items() if all(_is_upper_form(n) for n in names))
    cue_lists = ("media_cues", "group_cues", "geo_cues", "org_cues", "speech_verbs")
    cues = frozenset().union(*(words[c] for c in cue_lists), _COLLECTIVE, ("of", "think", "think-tank"))
    heads = words["org_heads"] | words["geo_heads"] | words["group_heads"]
    adjectives = words["adjectives"] | demonyms.keys()
    return _Lexicon(words, nicknames, known, upper_only, demonyms, country_forms, cues, heads, adjectives)


# --- tokens and keys ---------------------------------------------------------------------------

_UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_LOWER = "a-z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.islower())
# Tokens are written as what follows their capital, so `_RUN_AT_CAPITAL` can start at it.
# A word may hold an apostrophe before a capital (O'Brien) or before two or more letters
# (Hay'at, Kata'ib, Sana'a), never before one ("Iraq's", "don't").
_WORD_TAIL = rf"[{_UPPER}{_LOWER}0-9]*(?:['’](?:[{_UPPER}][{_LOWER}]+|[{_LOWER}]{{2,}}))?(?:-[{_UPPER}{_LOWER}0-9]+)*"
_WORD = rf"(?:[{_LOWER}]{{1,4}}-)?[{_UPPER}]{_WORD_TAIL}"
_DOTTED_TAIL = rf"\.(?:[{_UPPER}]\.)+(?:-[{_LOWER}]+)?"
_DOTTED = rf"[{_UPPER}]{_DOTTED_TAIL}"
# Initials and short abbreviations inside a name: "George W. Bush", "Sen. Bob Smith", "St. Louis".
_ABBREVIATION_TAIL = rf"[{_LOWER}]{{0,3}}\.(?=[ \t]+[{_UPPER}])"
_ABBREVIATION = rf"[{_UPPER}]{_ABBREVIATION_TAIL}"
_TOKEN = rf"(?:{_DOTTED}|{_ABBREVIATION}|{_WORD})"
_CONNECTOR = r"(?:of[ \t]+the|of|for[ \t]+the|for|bin|ibn|bint|al|el|de|da|di|du|del|della|der|den|van|von|la|le|y|ul|ez|es|ben)"
_MORE_TOKENS = rf"(?:[ \t]+(?:{_CONNECTOR}[ \t]+)?{_TOKEN})*"
# The leading lookahead rejects most positions at once: a name starts with a capital or "al-".
_RUN = re.compile(rf"(?=[{_UPPER}]|[a-z]{{1,4}}-[{_UPPER}])(?<![\w.'’-]){_TOKEN}{_MORE_TOKENS}")
# What `_RUN.finditer` finds, sooner: a run starting at a capital, or a hyphen before a capital,
# where `_prefixed_run` looks for a run starting before it ("al-Sadr"). Its first character is
# one of a set, so the regex engine skips the text between capitals in C; `_RUN`'s lookbehind
# is then one character back.
_RUN_AT_CAPITAL = re.compile(
    rf"[{_UPPER}-](?:(?<=-)(?=[{_UPPER}])|(?<=[{_UPPER}])(?<![\w.'’-].)"
    rf"(?:{_DOTTED_TAIL}|{_ABBREVIATION_TAIL}|{_WORD_TAIL}){_MORE_TOKENS})"
)
_PIECE = re.compile(r"[^ \t]+")
_NEXT_WORDS = re.compile(r"[ \t]+([a-z][\w-]*)(?:[ \t]+([a-z][\w-]*))?")
_APPOSITION = re.compile(r",[ \t]+(?:(?:a|an|the)[ \t]+)?([^,;.()\n“”\"«»]{2,160})")
_KNOWN_AS = re.compile(r",?[ \t]+(?:also[ \t]+|better[ \t]+|widely[ \t]+)?(?:known|referred[ \t]+to)[ \t]+as[ \t]+|[ \t]+\(?a\.k\.a\.?[ \t]+")
_PAREN_OPEN = re.compile(r"[ \t]*\([ \t]*")
_PAREN_CLOSE = re.compile(r"[ \t]*\)")
# Written as plain words so the regex engine skips to their first letters in C; the word
# boundary before them is checked by `_descriptor_mentions`.
_DESCRIPTOR = re.compile(r"(?:Government|government|Authorities|authorities|Administration|administration|Coalition|coalition)\b")
_COLLECTIVE = frozenset({"group", "movement", "organisation", "organization", "network"})
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")
_CONTRACTION = re.compile(r"['’](?:t|ll|re|ve|d|m)\b")
_LONG_WORD = re.compile(r"\b[A-Za-z][a-z]{3,}\b")
# Two capitalised longer words, which text in title case has: a test that rejects most quotes in C.
_TWO_TITLED = re.compile(r"\b[A-Z][a-z]{3,}\b.*?\b[A-Z][a-z]{3,}\b", re.DOTALL)
_OPENERS = "\"'“‘«([-—–•* \t"
_NOT_ROLE_IST = frozenset({"assist", "insist", "resist", "persist", "consist", "exist", "list", "twist"})


# "son of" / "daughter of": never a given name, so dropped however written ("Bin Shamlan", "Salim Ben Hilal").
_PATRONYMICS = frozenset({"bin", "ibn", "bint", "ben", "ould"})
# "bin", "ibn" or "bint" inside a name makes it a person's ("Osama bin Laden").
_PATRONYMIC_LINKS = frozenset({"bin", "ibn", "bint"})
# "Abdul Rahman", "Abdul-Rahman" and "Abdulrahman" are one given name written three ways.
_NAME_PREFIXES = frozenset({"abdul", "abdel", "abdal", "abdol", "abdu"})


def _key_tokens(particles: frozenset[str], tokens: Iterable[str]) -> tuple[str, ...]:
    """Spelling-independent tokens: folded, no dots, apostrophes or hyphens, no particles or "the"."""
    words = list(tokens)
    out: list[str] = []
    joined = False
    for i, token in enumerate(words):
        t = _fold(token).replace(".", "").replace("'", "")
        if t in ("the", "of", "for", "and") or (t in particles and (token.islower() or t in ("al", "el"))):
            continue
        # "Ben" opens English names (Ben Smith); inside a name it is the patronymic.
        if t in _PATRONYMICS and i + 1 < len(words) and (i > 0 or t != "ben"):
            continue
        head, sep, rest = t.partition("-")
        if sep and rest and head in particles:
            t = rest
        t = t.replace("-", "")
        if joined:
            out[-1] += t
            joined = False
        elif t:
            out.append(t)
            joined = t in _NAME_PREFIXES and i + 1 < len(words)
    return tuple(out)


# Letters that transliterations swap: Qassem/Kassem, Jolani/Golani (Arabic jim), Zelensky/Selensky.
# The pairs first ("ph", "kh", "ck"), then single letters, which one table swaps at once: no
# letter a swap writes is swapped again.
_SKELETON_PAIRS = (("ph", "f"), ("kh", "k"), ("ck", "k"))
_SKELETON_SWAPS = {"q": "k", "c": "k", "z": "s", "w": "v", "g": "j"}
_SKELETON_FIRST = str.maketrans(_SKELETON_SWAPS)
# After the first letter the same swaps, and vowels, h, hyphens and apostrophes go.
_SKELETON_REST = str.maketrans({**_SKELETON_SWAPS, **dict.fromkeys("aeiouyh-'")})
_REPEATS = re.compile(r"(.)\1+")


def _skeleton(word: str) -> str:
    """Consonant outline used for blocking: Suleimani and Soleimani both give "slmn".
    After the first letter vowels, h, hyphens and apostrophes go, then a letter repeated
    (around what went) is written once."""
    w = word
    for a, b in _SKELETON_PAIRS:
        w = w.replace(a, b)
    if not w:
        return ""
    first = w[0].translate(_SKELETON_FIRST)
    outline = ("a" if first in "aeiouy" else first) + w[1:].translate(_SKELETON_REST)
    # Most outlines repeat no letter: a search costs less than a substitution with a template.
    return _REPEATS.sub(r"\1", outline) if _REPEATS.search(outline) else outline


# Runs of vowels (and the glides y, w) after the first letter: Seiyun and Sayun, Hadramout
# and Hadramawt are the same words but for one such run.
_VOWELS = re.compile(r"[aeiouyw]+")


def _same_transliteration(a: str, b: str) -> bool:
    """Two words that differ in one run of vowels only (`_one_vowel_apart`), written as a cluster
    on one side at least ("ou" for "u", "ei" for "a"): transliterations do that, while Diana/Diane
    or Hitch/Hutch swap one vowel. Endings differ between names, not spellings: Emily/Emilia,
    Nelly/Nellie."""
    differ = [(x, y) for x, y in zip(_VOWELS.findall(a[1:]), _VOWELS.findall(b[1:])) if x != y]
    if len(differ) != 1 or max(map(len, differ[0])) < 2 or (a.endswith(differ[0][0]) and b.endswith(differ[0][1])):
        return False
    return fuzz.ratio(a, b) >= VOWEL_RATIO


# --- mentions ----------------------------------------------------------------------------------


Votes = tuple[tuple[ActorKind, int], ...]


class _Mention(NamedTuple):
    span: Span
    surface: str
    key: str
    tokens: tuple[str, ...]
    known: _Known | None
    acronym: bool
    votes: Votes
    roles: tuple[str, ...] = ()
    locative: bool = False
    phrase: bool = False


# A mention as one report alone finds it, in plain values, which a worker process sends
# back several times faster than `_Mention`s: (start, end, surface, key, tokens, known,
# acronym, votes, roles, locative, phrase, unless_lower). `known` says whether the
# gazetteer entry `_Lexicon.known[key]` is meant; `unless_lower` is the name's
# (see `_Name`), its person vote not yet in `votes`.
Found = tuple[int, int, str, str, tuple[str, ...], bool, bool, Votes, tuple[str, ...], bool, bool, str]


Piece = tuple[int, int, str]


# Runs and parsed names are plain tuples of atoms, which the garbage collector stops
# tracking; there are tens of thousands of them in a large corpus.
# A capitalised run in one report: (start offset, text, opens a sentence, dateline, veto).
# The veto is "" or, for a lone word opening a sentence, that word folded: the run is
# dropped when the corpus writes the word in lower case anywhere.
Run = tuple[int, str, bool, bool, str]
# A name found in a run, offsets relative to the run: (start, end, title start, title end,
# honorific); the title offsets are -1 when no title stood before the name.
Parsed = tuple[int, int, int, int, bool]
# The same with the name's text, as `_Corpus.parse` keeps it: every mention of the name
# shares one string, whose hash is then worked out once.
Named = tuple[int, int, int, int, bool, str]
# A run in running prose whose names hang on corpus-wide words: (run, the words its parse
# took never to be written in lower case, those it took to be capitalised where no sentence
# starts, the mentions found if so). See `_guess`.
Hanging = tuple[Run, tuple[str, ...], tuple[str, ...], tuple[Found, ...]]


class _Word(NamedTuple):
    """What one word of a run is, looked up once per distinct word (a tuple: cheap to build)."""

    fold: str
    connector: bool
    adjective: bool
    honorific: bool
    title: bool
    qualifier: bool
    common: bool
    function: bool
    time: bool
    head: bool
    noise: bool
    shout: bool
    # None of the above but `common` and `shout`, and not "the": inside a name it is just a word.
    plain: bool


def _classify(lex: _Lexicon, word: str) -> _Word:
    folded = _fold(word)
    bare = folded.rstrip(".")
    words = lex.words
    flags = (
        not any(map(str.isupper, word)),
        all(map(lex.adjectives.__contains__, folded.split("-"))),
        bare in words["honorifics"],
        bare in words["titles"],
        bare in words["title_qualifiers"],
        folded in words["common"],
        folded in words["function_words"],
        folded in words["time_words"],
        bare.replace(".", "") in lex.heads,
        len(word) == 1 or any(map(str.isdigit, word)),
    )
    connector, adjective, honorific, title, qualifier, common, function, time, head, noise = flags
    plain = not (connector or adjective or honorific or title or qualifier or function or time or head or noise)
    return _Word(folded, *flags, len(word) > 1 and word.isupper(), plain and folded != "the")


class _Name(NamedTuple):
    """What the words of a name say on their own, cached by surface text."""

    key: str
    tokens: tuple[str, ...]
    known: _Known | None
    acronym: bool
    votes: Votes
    # A name of unknown words reads as a person's when its last word (this one) is never
    # written in lower case in the corpus, which only the corpus part can tell.
    unless_lower: str
    # Whether roles around it may be read: an unknown name, not an acronym, whose words
    # vote for nothing but a person.
    role_bearer: bool


K = TypeVar("K")
V = TypeVar("V")


class _Memo(dict[K, V]):
    """A dict that works a missing value out once, with `make`. Most lookups in a large
    corpus hit, and a hit costs a subscript, not a Python call. `make` must not hold the
    corpus: the caches would then keep it alive in a cycle."""

    def __init__(self, make: Callable[[K], V]):
        super().__init__()
        self.make = make

    def __missing__(self, key: K) -> V:
        value = self[key] = self.make(key)
        return value


class Lookups:
    """What the words of a run say by themselves, with the lexicon alone, worked out once
    per distinct run text, name or word: news repeats itself ("Tony Blair", "UK").

    Nothing here depends on which reports were read, so one Lookups may serve every
    `report_candidates` call in a process and the corpus part; results never depend on it."""

    def __init__(self, lex: _Lexicon | None = None):
        self.lex = lex = lex or _lexicon()
        particles = lex.words["particles"]
        self.words: _Memo[str, _Word] = _Memo(lambda text: _classify(lex, text))
        self.skeletons: _Memo[str, str] = _Memo(_skeleton)
        # The key tokens and gazetteer entry of a stretch of words, cheaper than its `names` entry.
        self.tokens: _Memo[str, tuple[str, ...]] = _Memo(lambda surface: _key_tokens(particles, surface.split()))
        tokens = self.tokens
        self.known: _Memo[str, _Known | None] = _Memo(lambda surface: _known_entry(lex, surface, tokens[surface]))
        known = self.known
        self.names: _Memo[str, _Name] = _Memo(lambda surface: _describe(lex, surface, tokens[surface], known[surface]))
        self.pieces: _Memo[str, tuple[tuple[Piece, ...], bool]] = _Memo(
            lambda text: _pieces(lex.words["function_words"], text)
        )
        # `_may_name` of one-word runs, by (word, opens a sentence).
        self.lone_words: dict[tuple[str, bool], str | None] = {}
        # The rules with one report at hand: `alone` may not ask about corpus-wide words;
        # `guessing` assumes the answers that keep a name and notes the words it asked about.
        self.alone = _Corpus(self, _UNKNOWN, _UNKNOWN)
        self.not_lower = _Guess(False)
        self.capitalised = _Guess(True)
        self.guessing = _Corpus(self, self.not_lower, self.capitalised)
        self.guesses: dict[tuple[str, bool], Guessed] = {}


class _Unknown:
    """Corpus-wide word evidence that must not be asked for."""

    def __contains__(self, word: object) -> bool:
        raise AssertionError(f"corpus-wide evidence asked for {word!r} while reading one report")


_UNKNOWN = _Unknown()


class _Guess:
    """Corpus-wide word evidence while one report is read alone: every question gets the same
    answer, and the words asked about are noted, for the corpus part to check."""

    def __init__(self, answer: bool):
        self.answer = answer
        self.asked: dict[str, None] = {}

    def __contains__(self, word: str) -> bool:
        self.asked[word] = None
        return self.answer


class _Corpus:
    """Context for the rules: the lookups, corpus-wide word evidence, and parses made with it."""

    def __init__(self, lookups: Lookups, lower_words: Container[str], mid_caps: Container[str]):
        self.lex = lookups.lex
        self.words = lookups.words
        self.skeletons = lookups.skeletons
        self.tokens = lookups.tokens
        self.known = lookups.known
        self.names = lookups.names
        self.pieces = lookups.pieces
        # Words written in lower case anywhere, and words capitalised where no sentence starts.
        self.lower_words = lower_words
        self.mid_caps = mid_caps
        self._parsed: dict[tuple[str, bool], tuple[Named, ...]] = {}
        self._confirmed: dict[str, tuple[tuple[int, int, str], ...]] = {}

    def parse(self, text: str, initial: bool) -> tuple[Named, ...]:
        key = (text, initial)
        found = self._parsed.get(key)
        if found is None:
            found = self._parsed[key] = _named(self, text, initial)
        return found

    def confirmed(self, text: str, strong: _Strong) -> tuple[tuple[int, int, str], ...]:
        found = self._confirmed.get(text)
        if found is None:
            found = self._confirmed[text] = tuple(
                (start, end, text[start:end]) for start, end in _confirmed_names(self, self.pieces[text][0], text, strong)
            )
        return found


def _named(corpus: _Corpus, text: str, initial: bool) -> tuple[Named, ...]:
    return tuple((*name, text[name[0] : name[1]]) for name in _parse_run(corpus, corpus.pieces[text][0], initial))


# A run's names as one report alone finds them, with the answers the parse assumed: the
# words it took never to be written in lower case, and those it took to be capitalised
# where no sentence starts. With no such words the names are certain.
Guessed = tuple[tuple[Named, ...], tuple[str, ...], tuple[str, ...]]


def _guess(lookups: Lookups, text: str, initial: bool) -> Guessed:
    key = (text, initial)
    found = lookups.guesses.get(key)
    if found is None:
        lookups.not_lower.asked.clear()
        lookups.capitalised.asked.clear()
        names = _named(lookups.guessing, text, initial)
        found = lookups.guesses[key] = (names, tuple(lookups.not_lower.asked), tuple(lookups.capitalised.asked))
    return found


def _report_lower_words(doc: Document) -> frozenset[str]:
    """Which words the report writes in lower case."""
    return frozenset(filter(str.islower, set(doc.text.split())))


def _report_capitals(runs: Iterable[Run]) -> frozenset[str]:
    """Which words the report capitalises where no sentence starts, in running prose: every
    word of a run inside a sentence, and the words after the first of a run opening one."""
    words: set[str] = set()
    for _, text, initial, _, _ in runs:
        if " " not in text:
            if not initial:
                words.add(text)
        else:
            split = text.split()
            words.update(split[1:] if initial else split)
    return frozenset(map(_fold, words))


def _pieces(function_words: frozenset[str], text: str) -> tuple[tuple[Piece, ...], bool]:
    """The words of a run, and whether a function word inside it is capitalised
    (title-case text such as "Iraq Without Too Much Noise")."""
    if " " not in text and "\t" not in text:
        return ((0, len(text), text),), False
    pieces = tuple([(m.start(), m.end(), m.group()) for m in _PIECE.finditer(text)])
    inner = any(p[2][0].isupper() and _fold(p[2]) in function_words for p in pieces[1:] if p[2] != "The")
    return pieces, inner


def _is_acronym(surface: str) -> bool:
    if " " in surface:
        return False
    letters = list(filter(str.isalpha, surface))
    return 2 <= len(letters) <= 6 and all(map(str.isupper, letters))


def _known_entry(lex: _Lexicon, surface: str, tokens: tuple[str, ...]) -> _Known | None:
    """Known entries spelt only in capitals ("US", "IS") need capitals: "Us" is no country."""
    key = " ".join(tokens)
    known = lex.known.get(key)
    if known is not None and key in lex.upper_only and not _is_acronym(surface):
        return None
    return known


def _describe(lex: _Lexicon, surface: str, tokens: tuple[str, ...], known: _Known | None) -> _Name:
    words = surface.split()
    key = " ".join(tokens)
    acronym = _is_acronym(surface)
    votes: dict[ActorKind, int] = {}
    unless_lower = ""
    if known is not None:
        votes[known.kind] = 10
    else:
        # The word lists are tested with set operations, in C, before any word is looked at.
        lists = lex.words
        org_heads = lists["org_heads"]
        folded = [_fold(w) for w in words]
        last = folded[-1].replace(".", "")
        several = len(words) > 1
        if several and not org_heads.isdisjoint(folded) and any(
            w in org_heads and nxt in ("of", "for") for w, nxt in zip(folded, folded[1:])
        ):
            votes["organization"] = 4  # "Ministry of Defense of the Russian Federation"
        elif several and last in org_heads:
            votes["organization"] = 3
        group_heads = lists["group_heads"]
        if not group_heads.isdisjoint(folded) or not group_heads.isdisjoint([w.split("-")[0] for w in folded if "-" in w]):
            votes["group"] = 4
        if several and (last in lists["geo_heads"] or folded[0].split("-")[0] in lists["geo_prefixes"]):
            votes["place"] = 3
        tail = lex.known.get(tokens[-1]) if tokens else None
        if tail is not None and tail.kind == "place" and len(tokens) > 1 and not votes:
            votes["place"] = 2
        if folded[0] in lists["person_prefixes"] or not _PATRONYMIC_LINKS.isdisjoint(folded[1:-1]):
            votes["person"] = 3
        if acronym or (not several and last in org_heads):
            votes["organization"] = votes.get("organization", 0) + 1
        elif len(tokens) > 1 and not votes and lists["thing_words"].isdisjoint(folded):
            # A run of unknown capitalised words is most often a person's name, unless it
            # opens with a known place or an adjective ("Manchester United", "Australian Open")
            # or ends in an everyday word ("Compaq Computer"; "Gordon Brown" needs a cue).
            opener = lex.known.get(tokens[0])
            if (opener is not None and opener.kind != "person") or folded[0] in lex.adjectives:
                votes["organization"] = 1
            else:
                unless_lower = last
    role_bearer = known is None and not acronym and all(kind == "person" for kind in votes)
    return _Name(key, tokens, known, acronym, tuple(votes.items()), unless_lower, role_bearer)


class _Runs(NamedTuple):
    """The capitalised runs of one report: in running prose, and weak ones (in headings,
    capitals or title case), whose capitals say little."""

    prose: list[Run]
    weak: list[Run]


def _find_runs(lookups: Lookups, doc: Document) -> _Runs:
    """Capitalised runs sentence by sentence, so no run crosses a sentence start and the
    first word of each sentence is known."""
    text = doc.text
    bounds = sorted((b.start, b.end) for b in doc.boilerplate)
    quoted = _title_case_quotes(text)
    q_starts = [q[0] for q in quoted]
    paragraphs = doc.paragraphs
    p = -1
    weak_paragraph = False
    runs = _Runs([], [])
    lone_words = lookups.lone_words
    pieces = lookups.pieces
    for sentence in doc.sentences:
        # A sentence inside boilerplate also touches it; most touch none and are checked once.
        touches = bool(bounds) and doc.touches_boilerplate(sentence)
        if touches and doc.in_boilerplate(sentence):
            continue
        while p + 1 < len(paragraphs) and paragraphs[p + 1].start <= sentence.start:
            p += 1
            weak_paragraph = _weak_paragraph(text, paragraphs[p])
        first = sentence.start
        while first < sentence.end and text[first] in _OPENERS:
            first += 1
        pos, stop = sentence.start, sentence.end
        while (m := _RUN_AT_CAPITAL.search(text, pos, stop)) is not None:
            start, end = m.span()
            if text[start] == "-":
                m = _prefixed_run(text, pos, end, stop)
                if m is None:
                    pos = end
                    continue
                start, end = m.span()
            pos = end
            if touches and any(b < end and start < e for b, e in bounds):
                continue
            run_text = m.group()
            initial = start == first or text[start - 1] in "“‘«\""
            veto = ""
            if " " not in run_text:
                veto = lone_words.get((run_text, initial), _UNSEEN)
                if veto is _UNSEEN:
                    veto = lone_words[run_text, initial] = _may_name(lookups, run_text, initial)
                if veto is None:
                    continue
            if text.startswith(("'", "’"), end) and _CONTRACTION.match(text, end):
                cut = run_text.rfind(" ")
                if cut < 0:
                    continue
                run_text = run_text[:cut].rstrip()
                end = start + len(run_text)
            weak = weak_paragraph
            if quoted and not weak:
                q = bisect_right(q_starts, start) - 1
                weak = q >= 0 and quoted[q][1] >= end
            if not weak and " " in run_text:
                weak = pieces[run_text][1]
            dateline = False
            if initial and run_text[:2].isupper():
                first_word = run_text.split(None, 1)[0]
                dateline = first_word.isupper() and text.startswith((" (", " —", " –", " -", ","), start + len(first_word))
            (runs.weak if weak else runs.prose).append((start, run_text, initial, dateline, veto))
    return runs


_UNSEEN = object()


def _prefixed_run(text: str, pos: int, at: int, end: int) -> re.Match[str] | None:
    """The run starting a few letters before the capital at `at`, after a hyphen ("al-Sadr",
    "pro-Western"), when there is one; `_RUN_AT_CAPITAL` found the hyphen at `pos` or later."""
    for before in range(max(pos, at - 5), at - 1):
        if m := _RUN.match(text, before, end):
            return m
    return None


def _may_name(lookups: Lookups, word: str, initial: bool) -> str | None:
    """Whether a one-word run can still be a name: None when it cannot, else the run's veto.
    Inside a sentence that is already decided (its parse asks nothing of the corpus, so it is
    the guess `report_candidates` then reads); at a sentence start it waits for the
    corpus-wide capitals, and a word neither known nor a title qualifier also needs
    never to be written in lower case."""
    if not initial:
        return "" if _guess(lookups, word, False)[0] else None
    w = lookups.words[word]
    if w.connector or w.noise or w.time or w.title or w.honorific or w.adjective or _ordinary(lookups.alone, w, word):
        return None
    return "" if w.qualifier or lookups.known[word] is not None else w.fold


def _is_title_case(text: str, start: int = 0, end: int | None = None) -> bool:
    """Most longer words after the first capitalised (in `text[start:end]`): a headline or
    a quoted title, not running prose."""
    end = len(text) if end is None else end
    if not _TWO_TITLED.search(text, start, end):
        return False
    words = _LONG_WORD.findall(text, start, end)[1:]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _title_case_quotes(text: str) -> list[tuple[int, int]]:
    """Quoted stretches in title case, 8 to 160 characters within one line up to the next
    closing quote mark; every quote mark is tried as an opener, since straight quotes do
    not say which way they face. Quote marks are found with `str.find`, which is quicker
    than a regex over the text."""
    openers = sorted(occurrences(text, '"“'))
    found = []
    for p in openers:
        end = p + 162
        close = text.find('"', p + 1, end)
        if close >= 0:
            end = close
        curled = text.find("”", p + 1, end)
        if curled >= 0:
            end = close = curled
        if close >= p + 9 and text.find("\n", p + 1, end) < 0 and _is_title_case(text, p + 1, close):
            found.append((p, close + 1))
    return found


def _weak_paragraph(text: str, paragraph: Span) -> bool:
    """A heading or a paragraph in capitals: neither gives reliable capitalisation."""
    body = text[paragraph.start : paragraph.end].rstrip()
    # A heading ends without a full stop, or is a title-case question, and has at most
    # 20 words (split at most 20 times: a long paragraph is not split whole).
    unstopped = bool(body) and (body[-1] not in ".!?…\"”’:;)" or body[-1] == "?")
    if unstopped and len(body.split(None, 20)) <= 20 and (body[-1] != "?" or _is_title_case(body)):
        return True
    return body == body.upper() and body != body.lower() and len(body.split(None, 1)) > 1


# --- from runs to names ------------------------------------------------------------------------


def _parse_run(corpus: _Corpus, pieces: Sequence[Piece], initial: bool) -> Iterator[Parsed]:
    """Split a run into names, each with the title that stood before it."""
    lex = corpus.lex
    if len(pieces) == 1:
        yield from _parse_word(corpus, _trim_affixes(lex, pieces[0]), initial)
        return
    trimmed = [_trim_affixes(lex, p) for p in pieces]
    group: list[Piece] = []
    for s, e, t, ends in trimmed:
        if t == "The" and group:
            yield from _split_group(corpus, group, initial)
            group, initial = [], False
        group.append((s, e, t))
        if ends:
            yield from _split_group(corpus, group, initial)
            group, initial = [], False
    if group:
        yield from _split_group(corpus, group, initial)


def _parse_word(corpus: _Corpus, piece: tuple[int, int, str, bool], initial: bool) -> Iterator[Parsed]:
    """The one-word run, most runs there are: the rules of `_split_group` for one word."""
    start, end, text, _ = piece
    w = corpus.words[text]
    if w.connector or w.noise or w.time or w.title or w.honorific or w.adjective or _ordinary(corpus, w, text):
        return
    if initial and corpus.known[text] is None and not w.qualifier and (
        w.fold in corpus.lower_words or w.fold not in corpus.mid_caps
    ):
        return
    if _PLURAL_ACRONYM.fullmatch(text):
        return
    yield start, end, -1, -1, False


def _ordinary(corpus: _Corpus, w: _Word, text: str) -> bool:
    """A common English word, unless written in capitals as a known acronym ("US", "IS")."""
    return (w.common or w.function) and not (w.shout and corpus.known[text] is not None)


def _trim_affixes(lex: _Lexicon, piece: Piece) -> tuple[int, int, str, bool]:
    """Drop "pro-"/"post-" prefixes and "-led"/"-ordered" endings; the latter end the name."""
    start, end, text = piece
    if "-" not in text:
        return start, end, text, False
    head, sep, rest = text.partition("-")
    if sep and head.islower() and head not in lex.words["particles"] and rest:
        start += len(head) + 1
        text = rest
    parts = text.split("-")
    for i in range(1, len(parts)):
        particle = parts[i] in lex.words["particles"] and i + 1 < len(parts)
        if parts[i].islower() and not particle:
            text = "-".join(parts[:i])
            return start, start + len(text), text, True
    return start, end, text, False


def _split_group(corpus: _Corpus, group: list[Piece], initial: bool) -> Iterator[Parsed]:
    words = corpus.words
    while group:
        w = words[group[0][2]]
        if (w.fold == "the" and (initial or len(group) == 1)) or (w.fold != "the" and w.function and not w.shout):
            group = group[1:]
            initial = False
            continue
        if initial and w.connector:
            group = group[1:]
            continue
        if initial:
            initial = False
            if corpus.known[group[0][2]] is not None or w.title or w.qualifier or w.honorific:
                break
            # "Abdulrahman bin Shamlan" opening a sentence: a word before "bin" is a given name.
            patronymic = len(group) > 2 and group[1][2] in _PATRONYMICS
            alone = len(group) == 1 or (words[group[1][2]].connector and not w.head and not patronymic)
            if _ordinary(corpus, w, group[0][2]) or w.fold in corpus.lower_words or (w.fold not in corpus.mid_caps and alone):
                group = group[1:]
                continue
        break
    while group and (words[group[0][2]].connector or words[group[0][2]].time):
        group = group[1:]
    while group and words[group[-1][2]].connector:
        group = group[:-1]
    if not group:
        return
    if len(group) > 1 and all(words[p[2]].plain for p in group):
        # Most names: plain words ("Tony Blair"), which no rule below trims or splits,
        # unless a known name opens them ("BBC Michael Howard").
        known = corpus.known
        if known[" ".join([p[2] for p in group])] is not None or all(
            known[" ".join([p[2] for p in group[:k]])] is None for k in range(1, min(3, len(group) - 1) + 1)
        ):
            yield group[0][0], group[-1][1], -1, -1, False
            return
    before, group = _split_inner_title(corpus, group)
    if before:
        yield from _split_group(corpus, before, False)
    titles, group, honorific = _strip_titles(corpus, group)
    if not group:
        return
    if titles and words[group[0][2]].connector:
        yield from _split_group(corpus, group[1:], False)
        return
    role_words = [t for t in titles if not words[t[2]].honorific]
    title = (role_words[0][0], role_words[-1][1]) if role_words else (-1, -1)
    for part in _split_of(corpus, group):
        for piece in _split_known_prefix(corpus, _trim_edges(corpus, part)):
            piece = _trim_edges(corpus, piece)
            if piece:
                yield piece[0][0], piece[-1][1], title[0], title[1], honorific
                title, honorific = (-1, -1), False


def _split_known_prefix(corpus: _Corpus, part: list[Piece]) -> list[list[Piece]]:
    """Two names run together where a comma or full stop went missing ("told the BBC
    Michael Howard has", "in Las Vegas Microsoft boss"): a known name, then a new one."""
    if len(part) < 2 or corpus.words[part[-1][2]].head or corpus.known[" ".join(p[2] for p in part)] is not None:
        return [part]
    for k in range(min(3, len(part) - 1), 0, -1):
        if corpus.known[" ".join(p[2] for p in part[:k])] is None:
            continue
        rest = [p for p in part[k:] if not corpus.words[p[2]].connector]
        if len(rest) > 1 or (rest and corpus.words[rest[0][2]].fold not in corpus.lower_words):
            return [part[:k], part[k:]]
    return [part]


def _split_inner_title(corpus: _Corpus, group: list[Piece]) -> tuple[list[Piece], list[Piece]]:
    """An organisation, then a title and a full name, run together: "Intelogic Chairman
    Asher Edelman", "Bank of England Governor Mervyn King"."""
    if len(group) < 4 or corpus.words[group[-1][2]].head or corpus.known[" ".join(p[2] for p in group)] is not None:
        return [], group
    for k in range(1, len(group) - 2):
        if not corpus.words[group[k][2]].title:
            continue
        start = k
        while start > 0 and corpus.words[group[start - 1][2]].qualifier:
            start -= 1
        end = k
        while end + 1 < len(group) and (corpus.words[group[end + 1][2]].title or corpus.words[group[end + 1][2]].qualifier):
            end += 1
        name = [p for p in group[end + 1 :] if not corpus.words[p[2]].connector]
        before = [p for p in group[:start] if not corpus.words[p[2]].connector]
        if start > 0 and len(name) >= 2 and before and not all(corpus.words[p[2]].adjective for p in before):
            return group[:start], group[start:]
        return [], group
    return [], group


def _strip_titles(corpus: _Corpus, group: list[Piece]) -> tuple[list[Piece], list[Piece], bool]:
    """Leading titles ("US President", "Major General", "Ms") become a role, not part of the name."""
    if corpus.words[group[-1][2]].head or corpus.known[" ".join(p[2] for p in group)] is not None:
        return [], group, False
    last_title = -1
    honorific = False
    for i, (_, _, text) in enumerate(group):
        w = corpus.words[text]
        if i >= 2 and group[i - 1][2] in ("of", "for") and last_title == i - 2 and (w.title or w.qualifier):
            last_title = i  # "Secretary of State", "Minister for Health"
            continue
        if w.fold in ("of", "for") and last_title == i - 1:
            continue
        if w.honorific:
            last_title, honorific = i, True
        elif w.title:
            last_title = i
        elif w.qualifier or w.adjective:
            continue
        elif i == 0 and (_is_acronym(text) or corpus.known[text] is not None):
            continue
        else:
            break
    if last_title == len(group) - 1:
        return [], [], False
    if last_title < 0:
        adjectives = _strip_adjectives(corpus, group)
        return adjectives, group[len(adjectives) :], False
    return group[: last_title + 1], group[last_title + 1 :], honorific


def _strip_adjectives(corpus: _Corpus, group: list[Piece]) -> list[Piece]:
    """Adjectives before a person's name describe them ("Democrat Hillary Clinton",
    "Russian Vladimir Putin"); before an organisation they belong to it ("Syrian
    Democratic Forces"), so they go only when the rest looks like a personal name."""
    k = 0
    while k < len(group) and corpus.words[group[k][2]].adjective:
        k += 1
    rest = group[k:]
    if not k or len(rest) < 2 or any(corpus.words[p[2]].head or corpus.words[p[2]].connector for p in rest):
        return []
    if all(corpus.words[p[2]].fold in corpus.lower_words for p in (rest[0], rest[-1])):
        return []
    if corpus.known[" ".join(p[2] for p in rest)] is not None or any(corpus.known[p[2]] is not None for p in rest):
        return []
    return group[:k]


def _split_of(corpus: _Corpus, group: list[Piece]) -> Iterator[list[Piece]]:
    """Keep "Bank of England" and "Institute for the Study of War" whole (an institution
    word comes first); split "Withdrawal of US" into its names."""
    start = 0
    for i, (_, _, text) in enumerate(group):
        if text not in ("of", "for"):
            continue
        if any(corpus.words[p[2]].head for p in group[start:i]):
            continue
        if corpus.known[" ".join(p[2] for p in group)] is not None:
            continue
        yield group[start:i]
        start = i + 1
    yield group[start:]


def _trim_edges(corpus: _Corpus, part: list[Piece]) -> list[Piece]:
    words = corpus.words
    while part and (words[part[0][2]].connector or words[part[0][2]].noise):
        part = part[1:]
    while part and (words[part[-1][2]].connector or words[part[-1][2]].noise):
        part = part[:-1]
    if not part:
        return []
    info = [words[p[2]] for p in part]
    if len(part) == 1 and (info[0].time or _ordinary(corpus, info[0], part[0][2]) or _PLURAL_ACRONYM.fullmatch(part[0][2])):
        return []
    if all(w.adjective or w.time for w in info):
        return []
    return part


class _Strong(NamedTuple):
    """The keys of the names in running prose, which confirm names in weak runs, and the
    last tokens of those keys and of the gazetteer's, also without a name prefix ("rahman"
    of "abdulrahman", which "Abdul Rahman" gives): a stretch whose last word gives none of
    them is neither, and its key need not be worked out (most stretches tried are neither)."""

    keys: frozenset[str]
    endings: frozenset[str]


def _strong(lex: _Lexicon, keys: frozenset[str]) -> _Strong:
    endings: set[str] = set()
    for key in chain(keys, lex.known):
        last = key.rpartition(" ")[2]
        endings.add(last)
        if last.startswith(_NAME_PREFIX_TUPLE):
            endings.update(last[len(prefix) :] for prefix in _NAME_PREFIXES if last.startswith(prefix))
    return _Strong(keys, frozenset(endings))


_NAME_PREFIX_TUPLE = tuple(_NAME_PREFIXES)


def _confirmed_names(corpus: _Corpus, pieces: Sequence[Piece], text: str, strong: _Strong) -> Iterator[tuple[int, int]]:
    """Names inside a heading or title-case stretch, kept only when known or confirmed
    by a mention in running prose; the longest match wins."""
    strong_keys, endings = strong
    kept = [
        p for p in pieces
        if not corpus.words[p[2]].connector and not (corpus.words[p[2]].function and not corpus.words[p[2]].shout)
    ]
    words = [_trim_affixes(corpus.lex, p)[:3] for p in kept]
    # Whether a stretch of several words may end with each word: its last word (untrimmed at
    # the start) gives the last token of its key, after a name prefix at most, or none.
    may_end = [not (final := corpus.tokens[text[p[0] : w[1]]]) or final[0] in endings for p, w in zip(kept, words)]
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + 4), i, -1):
            if j - 1 > i and not may_end[j - 1]:
                continue
            surface = text[words[i][0] : words[j - 1][1]]
            tokens = corpus.tokens[surface]
            if tokens and (corpus.known[surface] is not None or " ".join(tokens) in strong_keys) and not (
                j - i == 1 and _ordinary(corpus, corpus.words[surface], surface)
            ):
                yield words[i][0], words[j - 1][1]
                i = j
                break
        else:
            i += 1


# --- context: cues, roles and links ------------------------------------------------------------


def _prev_word(text: str, start: int) -> tuple[str, int]:
    """The word right before a position (lower case) and where it starts. Punctuation stays
    attached, so a comma or full stop in between keeps the word from counting as a cue."""
    if start < 2 or text[start - 1] != " ":
        return "", start
    begin = text.rfind(" ", max(0, start - 30), start - 1) + 1
    if begin == 0 and start > 30:
        return "", start
    return text[begin : start - 1].lower(), begin


def _cues_before(lex: _Lexicon, text: str, prev1: str, begin: int) -> Votes:
    """Kind votes from the cue word `prev1` right before a mention ("the newspaper X"),
    which starts at `begin`."""
    words = lex.words
    if prev1 in words["media_cues"]:
        return (("organization", 3),)
    if prev1 in words["group_cues"]:
        return (("group", 3),)
    if prev1 in _COLLECTIVE:
        armed = _prev_word(text, begin)[0] in words["armed_words"]
        return (("group", 3),) if armed else (("organization", 2),)
    if prev1 in words["geo_cues"] or (prev1 == "of" and _prev_word(text, begin)[0] in words["geo_cues"]):
        return (("place", 3),)
    return ()


def _cues_after(lex: _Lexicon, next1: str, next2: str | None, several: bool) -> Votes:
    """Kind votes from the cue word `next1` right after a mention ("X province"), then
    `next2`; a speech verb votes for a person when the name has `several` words."""
    words = lex.words
    if next1 in words["geo_cues"]:
        return (("place", 3),)
    if next1 in words["media_cues"] or next1 == "think-tank" or (next1 == "think" and next2 == "tank"):
        return (("organization", 3),)
    if next1 in words["group_cues"]:
        return (("group", 3),)
    if next1 in words["org_cues"] or next1 in _COLLECTIVE:
        return (("organization", 2),)
    if next1 in words["speech_verbs"] and several:
        return (("person", 1),)
    return ()


def _role_before(lex: _Lexicon, text: str, start: int) -> str | None:
    """A lower-case role right before a name ("Iraqi government spokesman Bassem Awadi")."""
    window_start = max(0, start - 80)
    words = list(re.finditer(r"[\w’'.-]+", text[window_start:start]))
    if not words or window_start + words[-1].end() != start - 1 or text[start - 1] not in " \t":
        return None
    if _fold(words[-1].group()) not in lex.words["role_nouns"]:
        return None
    first = len(words) - 1
    for i in range(len(words) - 2, max(-1, len(words) - 7), -1):
        gap = text[window_start + words[i].end() : window_start + words[i + 1].start()]
        w = words[i].group()
        f = _fold(w)
        if gap.strip() or (w.endswith(".") and w.count(".") == 1) or f in ("the", "a", "an") or not (
            f in lex.words["role_nouns"] or f in lex.words["role_modifiers"] or (w[0].isupper() and f not in lex.words["common"])
        ):
            break
        first = i
    return text[window_start + words[first].start() : window_start + words[-1].end()]


def _role_after(lex: _Lexicon, text: str, end: int) -> str | None:
    """An apposition naming a role: "Renad Mansour, a senior research fellow at Chatham House,"."""
    m = _APPOSITION.match(text, end)
    if not m:
        return None
    words = m.group(1).split()
    if not words:
        return None
    article = m.group(0)[1:].lstrip()[:4].lower() in ("a ", "an ", "the ")
    head = [_fold(w) for w in words[: 5 if article else 3]]
    if not article and head[0] not in lex.words["role_nouns"] and head[0] not in lex.words["role_modifiers"]:
        return None
    if not any(
        w in lex.words["role_nouns"] or (w.endswith("ist") and len(w) >= 7 and w not in _NOT_ROLE_IST) for w in head
    ):
        return None
    words = words[:ROLE_MAX_WORDS]
    while words and _fold(words[-1]) in ("of", "the", "at", "and", "in", "for", "to", "a", "an"):
        words.pop()
    return " ".join(words) or None


# --- one report --------------------------------------------------------------------------------


_DESCRIPTOR_VOTES: Votes = (("organization", 6),)


def _descriptor_mentions(lex: _Lexicon, doc: Document) -> list[Found]:
    """ "Iraqi government", "U.S. authorities", "US-led coalition", "international coalition"."""
    text = doc.text
    found: list[Found] = []
    for m in _DESCRIPTOR.finditer(text):
        start = m.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue
        head = m.group().lower()
        country = ""
        led = False
        pos = start
        while True:
            before = _word_before(text, pos)
            if not before:
                break
            word = text[before[0] : before[1]]
            if word.endswith(".") and word.count(".") == 1:
                break
            folded = _fold(word)
            base = folded.removesuffix("'s").replace(".", "")
            stem, _, suffix = base.partition("-")
            if suffix == "led" and stem and head == "coalition":
                country = country or lex.demonyms.get(stem) or lex.country_forms.get(stem) or stem
                led = True
            elif base in lex.country_forms or base in lex.demonyms:
                country = country or lex.demonyms.get(base) or lex.country_forms.get(base, "")
            elif head == "coalition" and base in ("international", "military", "global", "multinational", "western", "arab"):
                pass
            else:
                break
            pos = before[0]
            if head != "coalition":
                break
        if pos == start or (head != "coalition" and not country):
            continue
        end = m.end()
        if doc.touches_boilerplate(Span(doc.id, pos, end)):
            continue
        if head == "coalition":
            key = f"§coalition:{_fold(country)}" if (country or led) else "§coalition:"
        else:
            key = f"§government:{_fold(country)}"
        found.append((pos, end, text[pos:end], key, (key,), False, False, _DESCRIPTOR_VOTES, (), False, True, ""))
    return found


def _word_before(text: str, pos: int) -> tuple[int, int] | None:
    """Where the word before `pos` starts and ends, when only blanks (and a line end right at
    `pos`) stand between; the word is letters, digits, dots, apostrophes and hyphens, read
    back at most 40 characters."""
    low = max(0, pos - 40)
    end = pos - 1 if pos > low and text[pos - 1] == "\n" else pos
    word_end = end
    while word_end > low and text[word_end - 1] in " \t":
        word_end -= 1
    word_start = word_end
    while word_start > low and (text[word_start - 1].isalnum() or text[word_start - 1] in "_.’'-"):
        word_start -= 1
    if word_end == end or word_start == word_end:
        return None
    return word_start, word_end


def _run_mentions(corpus: _Corpus, doc: Document, run: Run, names: Iterable[Named], out: list[Found]) -> None:
    """The mentions of the names parsed from a run in running prose, added to `out`."""
    at, _, _, dateline, _ = run
    for start, end, title_start, title_end, honorific, surface in names:
        title = (at + title_start, at + title_end) if title_start >= 0 else None
        out.append(_mention(corpus, doc.text, surface, at + start, at + end, title, honorific, dateline))


def _confirmed_mentions(corpus: _Corpus, doc: Document, runs: Sequence[Run], strong: _Strong) -> list[Found]:
    """Mentions in weak runs, kept when their name is known or also named in running prose."""
    out: list[Found] = []
    for at, text, _, dateline, _ in runs:
        for start, end, surface in corpus.confirmed(text, strong):
            out.append(_mention(corpus, doc.text, surface, at + start, at + end, None, False, dateline))
    return out


_TITLE_VOTE: Votes = (("person", 4),)
_ROLE_VOTE: Votes = (("person", 3),)


def _mention(corpus: _Corpus, text: str, surface: str, start: int, end: int, title: tuple[int, int] | None,
             honorific: bool, dateline: bool) -> Found:
    """The mention of `surface`, found at [start, end) in the report's text."""
    lex = corpus.lex
    name = corpus.names[surface]
    prev1, begin = _prev_word(text, start)
    locative = dateline or prev1 in lex.words["locative"]
    if name.known is not None and title is None and not honorific:
        # A gazetteer name needs no cues for its kind; only "in X" counts, for capitals.
        return (start, end, surface, name.key, name.tokens, True, name.acronym, name.votes, (), locative,
                False, name.unless_lower)
    # Kind votes from the words around it ("the newspaper X", "X province"): most words are no cue.
    votes = name.votes
    if prev1 in lex.cues:
        votes += _cues_before(lex, text, prev1, begin)
    if text.startswith((" ", "\t"), end) and (m := _NEXT_WORDS.match(text, end)) and m.group(1) in lex.cues:
        votes += _cues_after(lex, m.group(1), m.group(2), " " in text[start:end])
    roles: tuple[str, ...] = ()
    if title or honorific:
        votes += _TITLE_VOTE
    if title:
        roles = (text[title[0] : title[1]],)
        prev1 = _prev_word(text, title[0])[0]
    if name.role_bearer and (len(name.tokens) > 1 or title or honorific):
        role_noun = prev1 in lex.words["role_nouns"]
        before = _role_before(lex, text, title[0] if title else start) if role_noun else None
        if before:
            roles = (before, *roles)
            votes += _ROLE_VOTE
        after = _role_after(lex, text, end) if text.startswith(",", end) else None
        if after:
            roles += (after,)
            votes += _ROLE_VOTE
    return (start, end, surface, name.key, name.tokens, name.known is not None, name.acronym, votes, roles,
            locative, False, name.unless_lower)


_PERSON_VOTE: Votes = (("person", 1),)


class _Node(NamedTuple):
    """All mentions of one key in one report."""

    doc: int
    key: str
    tokens: tuple[str, ...]
    known: _Known | None
    acronym: bool
    phrase: bool
    mentions: tuple[int, ...]


class _Table(NamedTuple):
    """Every mention of the corpus, report by report, each report's in text order, and the
    nodes they make: the mentions of one key in one report."""

    mentions: list[_Mention]
    nodes: list[_Node]
    # The pairs of nodes the text says are one actor.
    links: list[tuple[int, int]]


def _add_report(lex: _Lexicon, doc: Document, found: list[Found], lower_words: Container[str], table: _Table) -> None:
    """Adds the mentions of one report, its nodes and its text links to `table`. Descriptive
    phrases win over the capitalised words inside them; duplicates and names without a key go.
    Each name gets the person vote that waited for the corpus-wide lower-case words."""
    found.sort(key=lambda f: (f[0], not f[10], -f[1]))
    kept: list[Found] = []
    for f in found:
        if kept and f[0] < kept[-1][1]:
            if f[10] and not kept[-1][10]:
                kept[-1] = f
            continue
        kept.append(f)
    mentions, nodes = table.mentions, table.nodes
    base = len(mentions)
    # The mention numbers of each key, in the order the keys first occur.
    members: dict[str, list[int]] = {}
    known_entries = lex.known
    doc_id = doc.id
    for start, end, surface, key, tokens, known, acronym, votes, roles, locative, phrase, unless_lower in kept:
        if not key:
            continue
        if unless_lower and unless_lower not in lower_words:
            votes = _PERSON_VOTE + votes
        same_key = members.get(key)
        if same_key is None:
            members[key] = [len(mentions)]
        else:
            same_key.append(len(mentions))
        mentions.append(_Mention(
            Span(doc_id, start, end), surface, key, tokens, known_entries[key] if known else None, acronym, votes,
            roles, locative, phrase,
        ))
    node_of: dict[str, int] = {}
    for key, numbers in members.items():
        node_of[key] = len(nodes)
        first = mentions[numbers[0]]
        # "SEIYUN" in a dateline and "Seiyun" in the story are a word, not an acronym.
        acronym = first.acronym and all(mentions[i].acronym for i in numbers)
        nodes.append(_Node(doc.id, key, first.tokens, first.known, acronym, first.phrase, tuple(numbers)))
    for a, b in _text_links(doc.text, mentions, base):
        table.links.append((node_of[mentions[a].key], node_of[mentions[b].key]))


# Words without which the text links no names: "X (Y)", "X, known as Y", "X a.k.a. Y".
_LINK_WORDS = ("(", "known", "referred", "a.k.a")


def _text_links(text: str, mentions: Sequence[_Mention], first: int) -> list[tuple[int, int]]:
    """Pairs of mention numbers the text says are one actor ("X (Y)" and "X, known as Y"),
    among `mentions[first:]`, the mentions of `text`."""
    if not any(word in text for word in _LINK_WORDS):
        return []
    linking = sorted({i for p in _link_ends(text) if (i := _mention_at(mentions, first, p, _SPAN_END)) is not None})
    links: list[tuple[int, int]] = []
    for i in linking:
        end = mentions[i].span.end
        alias = _KNOWN_AS.match(text, end)
        if alias and (j := _mention_at(mentions, first, alias.end(), _SPAN_START)) is not None:
            links.append((i, j))
            continue
        opened = _PAREN_OPEN.match(text, end)
        if not opened or (j := _mention_at(mentions, first, opened.end(), _SPAN_START)) is None:
            continue
        if _PAREN_CLOSE.match(text, mentions[j].span.end) and _paren_alias(mentions[i], mentions[j]):
            links.append((i, j))
    return links


_SPAN_START = attrgetter("span.start")
_SPAN_END = attrgetter("span.end")


def _mention_at(mentions: Sequence[_Mention], first: int, offset: int, edge: Callable[[_Mention], int]) -> int | None:
    """The number of the mention among `mentions[first:]` whose `edge` (start or end) is at
    `offset`, if any: a report's mentions do not overlap, so both edges rise with the number."""
    i = bisect_left(mentions, offset, first, key=edge)
    return i if i < len(mentions) and edge(mentions[i]) == offset else None


_LINK_ADVERBS = ("also", "better", "widely")


def _link_ends(text: str) -> Iterator[int]:
    """Every position where `_KNOWN_AS` or `_PAREN_OPEN` may match, and more: the link words
    are few, a report's mentions many, so the places a mention must end for a link are found
    by walking back from each link word over what the two patterns allow before it."""
    for at in occurrences(text, _LINK_WORDS):
        if at and text[at - 1] == "(":
            at -= 1
        at = _blanks_before(text, at)
        yield at
        yield at - 1
        for adverb in _LINK_ADVERBS:
            if text.endswith(adverb, 0, at):
                before = _blanks_before(text, at - len(adverb))
                yield before
                yield before - 1


def _blanks_before(text: str, at: int) -> int:
    """Where the spaces and tabs that end at `at` start."""
    while at > 0 and text[at - 1] in " \t":
        at -= 1
    return at


def _paren_alias(left: _Mention, right: _Mention) -> bool:
    if left.phrase or right.phrase or not left.tokens or not right.tokens:
        return False
    if left.known is not None and right.known is not None:
        return left.known == right.known
    if any(k is not None and k.kind == "place" for k in (left.known, right.known)):
        return False
    if left.acronym or right.acronym:
        return _acronym_fits(left, right)
    if left.known is not None or right.known is not None:
        return False
    left_votes, right_votes = _tally(left.votes), _tally(right.votes)
    if left_votes.get("organization", 0) + left_votes.get("group", 0) >= 3:
        return right_votes.get("person", 0) < 3
    return len(left.tokens) > 1 and len(right.tokens) > 1 and not (
        left_votes.get("organization") or right_votes.get("organization") or left_votes.get("place") or right_votes.get("place")
    )


def _tally(votes: Iterable[tuple[ActorKind, int]]) -> Counter[ActorKind]:
    total: Counter[ActorKind] = Counter()
    for kind, weight in votes:
        total[kind] += weight
    return total


def _acronym_fits(a: _Mention, b: _Mention) -> bool:
    short, full = (a, b) if a.acronym else (b, a)
    if not short.acronym or full.acronym:
        return False
    return short.tokens[0][:1] == full.tokens[0][:1]


# --- merging -----------------------------------------------------------------------------------


def _person_like(node: _Node, mentions: Sequence[_Mention]) -> bool:
    if node.known is not None or node.phrase or node.acronym:
        return False
    votes: dict[ActorKind, int] = {"person": 0, "organization": 0, "group": 0, "place": 0}
    for i in node.mentions:
        for kind, weight in mentions[i].votes:
            votes[kind] = votes.get(kind, 0) + weight
    return votes["person"] >= max(votes["organization"], votes["group"], votes["place"], 1)


def _first_names_agree(corpus: _Corpus, a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    nicknames = corpus.lex.nicknames
    if nicknames.get(a, a) == nicknames.get(b, b):
        return True
    return corpus.skeletons[a] == corpus.skeletons[b] and fuzz.ratio(a, b) >= FIRST_NAME_RATIO


class _FirstNames(NamedTuple):
    """The first names written with one surname, indexed by what two agreeing first names
    share: an initial meets the names with its letter; longer names meet on their
    nickname root or their skeleton."""

    names: Mapping[str, int]
    initials: tuple[str, ...]
    by_letter: Mapping[str, list[str]]
    by_key: Mapping[tuple[str, str], list[str]]


def _first_names(corpus: _Corpus, names: Mapping[str, int]) -> _FirstNames:
    by_letter: dict[str, list[str]] = defaultdict(list)
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name in names:
        by_letter[name[0]].append(name)
        if len(name) > 1:
            by_key[("nickname", corpus.lex.nicknames.get(name, name))].append(name)
            by_key[("skeleton", corpus.skeletons[name])].append(name)
    return _FirstNames(names, tuple(n for n in names if len(n) == 1), by_letter, by_key)


def _agreeing_first_names(corpus: _Corpus, left: _FirstNames, right: _FirstNames) -> Iterator[tuple[str, str]]:
    """Every pair (left, right) `_first_names_agree` accepts, found through the indexes."""
    for a in left.initials:
        for b in right.by_letter.get(a, ()):
            yield a, b
    for b in right.initials:
        for a in left.by_letter.get(b, ()):
            yield a, b
    for key, names in left.by_key.items():
        for b in right.by_key.get(key, ()):
            for a in names:
                if _first_names_agree(corpus, a, b):
                    yield a, b


def _merge_people(corpus: _Corpus, block: Mapping[tuple[str, str], int], sets: DisjointSets) -> None:
    """Personal names sharing a surname skeleton are one person when their surnames are
    spelt alike and their first names agree. A surname can come with hundreds of first
    names (a syndicated story respelt in every copy), so surnames are compared per
    distinct spelling and first names found through an index, never pair by pair."""
    by_surname: dict[str, dict[str, int]] = defaultdict(dict)
    for (first, surname), n in block.items():
        by_surname[surname][first] = n
    indexes = [_first_names(corpus, firsts) for firsts in by_surname.values()]
    same_surname = [(i, i) for i in range(len(indexes))]
    for i, j in [*same_surname, *_close_spellings(list(by_surname), SURNAME_RATIO)]:
        left, right = indexes[i], indexes[j]
        for a, b in _agreeing_first_names(corpus, left, right):
            sets.union(left.names[a], right.names[b])


def _same_name(a: _Node, b: _Node) -> bool:
    if a.known is not None and b.known is not None:
        return a.known == b.known
    if (a.known is not None and a.known.kind == "place") or (b.known is not None and b.known.kind == "place"):
        return False
    if len(a.tokens) != len(b.tokens):
        return False
    ratio = SINGLE_RATIO if len(a.tokens) == 1 else NAME_RATIO
    return fuzz.ratio(a.key, b.key) >= ratio


# British and American spellings of the words institutions are named with.
_SPELLINGS = ((re.compile(r"isation$"), "ization"), (re.compile(r"ence$"), "ense"), (re.compile(r"(?<=[^aeiou])re$"), "er"),
              (re.compile(r"(?<=..)our$"), "or"))


def _word_bag(lex: _Lexicon, tokens: Sequence[str]) -> tuple[str, ...]:
    """A name's words in any order, spelt one way, a demonym as its country ("Yemeni" -> "yemen")."""
    words = []
    for token in tokens:
        country = lex.demonyms.get(token)
        if country:
            token = _fold(country)
        for pattern, replacement in _SPELLINGS:
            token = pattern.sub(replacement, token)
        words.append(token)
    return tuple(sorted(words))


def _merge(corpus: _Corpus, table: _Table) -> list[list[int]]:
    """Group mention numbers into actors. The nodes of a report come together."""
    lex = corpus.lex
    mentions, nodes, node_links = table
    # Whether a multi-word name reads as a person decides how it may be merged.
    personal = [
        len(node.tokens) > 1 and _person_like(node, mentions)
        for node in nodes
    ]
    sets = DisjointSets(len(nodes))

    # Same name across reports: full names, known entries, descriptive phrases.
    by_identity: dict[str, int] = {}
    acronyms: dict[str, list[int]] = defaultdict(list)
    for n, node in enumerate(nodes):
        if node.known is not None:
            identity = node.known.id
        elif node.acronym:
            acronyms[node.key].append(n)
            continue
        elif len(node.tokens) > 1 or node.phrase:
            identity = node.key
        else:
            continue
        first = by_identity.setdefault(identity, n)
        if first != n:
            sets.union(first, n)

    # A translated name keeps its words but not their order ("Authority of the Civil Defense",
    # "Civil Defence Authority"): names with a head word meet on their sorted words.
    heads = lex.heads
    by_words: dict[tuple[str, ...], int] = {}
    bagged: set[str] = set()
    for n, node in enumerate(nodes):
        if len(node.tokens) > 1 and not (personal[n] or node.phrase or node.acronym) and node.key not in bagged:
            bagged.add(node.key)
            if any(t in heads for t in node.tokens):
                sets.union(by_words.setdefault(_word_bag(lex, node.tokens), n), n)

    for a, b in node_links:
        sets.union(a, b)

    # One acronym across reports is one actor, unless reports expand it differently
    # ("National Insurance (NI)" here, "Northern Ireland (NI)" there).
    linked = {n for link in node_links for n in link}
    for group in acronyms.values():
        expansions = {sets.find(n) for n in group if n in linked}
        for n in group:
            if len(expansions) <= 1 or n not in linked:
                sets.union(group[0] if len(expansions) > 1 else min(group), n)
        if len(expansions) == 1:
            sets.union(expansions.pop(), group[0])

    _merge_spellings(corpus, nodes, personal, sets)
    # One word after a title: a surname ("President Xi", "Mr Kim") or, after "Prince" or
    # "Sheikh", a given name; either way it never stands for a first name alone.
    titled: dict[int, bool] = {}
    given_name_titles = lex.words["given_name_titles"]
    for n, node in enumerate(nodes):
        if len(node.tokens) == 1 and node.known is None:
            for i in node.mentions:
                if mentions[i].roles:
                    given = any(_fold(role.split()[-1]).rstrip(".") in given_name_titles for role in mentions[i].roles)
                    titled[n] = titled.get(n, True) and not given
    _attach_short_forms(corpus, nodes, personal, sets, titled)
    _attach_acronyms(nodes, personal, sets)
    _merge_metonyms(nodes, mentions, sets)
    _merge_coalitions(nodes, sets)

    groups: dict[int, list[int]] = defaultdict(list)
    for n, node in enumerate(nodes):
        groups[sets.find(n)].extend(node.mentions)
    return [sorted(g) for g in groups.values()]


def _merge_spellings(corpus: _Corpus, nodes: Sequence[_Node], personal: Sequence[bool], sets: DisjointSets) -> None:
    """Transliteration and spelling variants. Only distinct keys are compared, and only
    within a block sharing a consonant skeleton, so the work stays near linear."""
    skeleton = corpus.skeletons
    # A person is compared on the first and last words of the name alone, so every
    # name with the same two is one person at once ("Mohammed Shia Sudani").
    people: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    names: dict[str, dict[str, int]] = defaultdict(dict)
    # The nodes of a full name or gazetteer entry are one actor already, so the first node
    # of a key stands for the others.
    placed: set[str] = set()
    outlined: set[str] = set()
    for n, node in enumerate(nodes):
        if node.phrase or node.acronym or not node.tokens:
            continue
        if personal[n] and node.key not in placed:
            placed.add(node.key)
            sets.union(people[skeleton[node.tokens[-1]]].setdefault((node.tokens[0], node.tokens[-1]), n), n)
        if (len(node.tokens) > 1 or node.known is not None) and node.key not in outlined:
            outlined.add(node.key)
            names[" ".join(skeleton[t] for t in node.tokens)][node.key] = n
    # A block of one name has nothing to be merged with.
    for block in people.values():
        if len(block) > 1:
            _merge_people(corpus, block, sets)
    # Two personal names are compared by the person rule alone: John and Joan Smith differ.
    # Names of one gazetteer entry were joined before, so only the spelling rule is left.
    for block in names.values():
        if len(block) < 2:
            continue
        ids = list(block.values())
        for i, j in _close_spellings(list(block), min(NAME_RATIO, SINGLE_RATIO)):
            a, b = ids[i], ids[j]
            if not (personal[a] and personal[b]) and _same_name(nodes[a], nodes[b]):
                sets.union(a, b)


def _close_spellings(keys: Sequence[str], cutoff: float) -> Iterator[tuple[int, int]]:
    """Pairs of positions (i < j) of `keys` whose spelling ratio reaches `cutoff`.
    A block of spellings grows with the corpus (every respelt story adds to it), so
    rapidfuzz scans each key against the later ones in C; its cutoff is a point lower
    and each hit is checked again, so no rounding inside the library decides."""
    for i in range(len(keys) - 1):
        key, rest = keys[i], keys[i + 1 :]
        for _, _, j in process.extract(key, rest, scorer=fuzz.ratio, score_cutoff=cutoff - 1, limit=None):
            if fuzz.ratio(key, rest[j]) >= cutoff:
                yield i, i + 1 + j


def _one_vowel_apart(keys: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Pairs of spellings that differ in exactly one run of vowels, the only pairs
    `_same_transliteration` accepts. Spellings sharing their consonants (every vowel run
    written "a") have each run masked in turn and meet on what is left, so no block of
    them is compared pair by pair."""
    by_outline: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        by_outline[key[:1] + _VOWELS.sub("a", key[1:])].append(key)
    masked: dict[str, list[str]] = defaultdict(list)
    for group in by_outline.values():
        for key in group if len(group) > 1 else ():
            for m in _VOWELS.finditer(key, 1):
                masked[f"{key[: m.start()]}\0{key[m.end() :]}"].append(key)
    for group in masked.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                yield a, b


def _attach_short_forms(
    corpus: _Corpus, nodes: Sequence[_Node], personal: Sequence[bool], sets: DisjointSets, titled: Mapping[int, bool]
) -> None:
    """A surname or short form refers back to the one full name ending with it: in its own
    report first, else in the whole corpus. With two candidates it is left alone.
    A short form of several words only drops adjectives ("Shiite Coordination Framework").
    A lone first name ("Elian") or a titled surname written first ("President Xi" for
    Xi Jinping) joins the one person in the report whose name starts with it."""
    lex = corpus.lex
    by_suffix: dict[tuple[str, ...], set[int]] = defaultdict(set)
    feature_words = lex.words["geo_prefixes"] | lex.words["geo_heads"]
    adjectives = lex.adjectives
    heads = lex.heads
    leftover: list[int] = []
    for report in _reports(nodes):
        # The full names of this report by their last words, first word and surname outline.
        by_own_suffix: dict[tuple[str, ...], set[int]] = defaultdict(set)
        by_first: dict[str, set[int]] = defaultdict(set)
        by_last: dict[str, list[int]] = defaultdict(list)
        for n in report:
            node = nodes[n]
            tokens = node.tokens
            if node.phrase or node.acronym or len(tokens) < 2 or (node.known is not None and node.known.kind == "place"):
                continue
            # "Wadi Hadramout", "Valley of Hadramawt", "Lake Geneva": a feature named after a
            # place is not that place, so the bare name does not stand for it.
            if not (tokens[0] in feature_words and tokens[-1] not in feature_words):
                by_own_suffix[tokens[-1:]].add(n)
                by_suffix[tokens[-1:]].add(n)
            if personal[n]:
                by_first[tokens[0]].add(n)
                by_last[corpus.skeletons[tokens[-1]]].append(n)
            k = 1
            while k < len(tokens) - 1 and tokens[k - 1] in adjectives:
                by_own_suffix[tokens[k:]].add(n)
                k += 1
        for n in report:
            node = nodes[n]
            if node.phrase or node.acronym or node.known is not None or not node.tokens:
                continue
            single = len(node.tokens) == 1
            if single and node.key in heads:
                continue
            found = by_own_suffix.get(node.tokens)
            if found is None and single:
                # "Zelenskiy" after "Volodymyr Zelensky": the surname spelt another way.
                found = [
                    c for c in by_last.get(corpus.skeletons[node.key], ())
                    if fuzz.ratio(nodes[c].tokens[-1], node.key) >= SURNAME_RATIO
                ] or None
            if found is None and not single:
                continue
            local = {sets.find(c) for c in found} - {sets.find(n)} if found else set()
            if not local and single:
                first_names = by_first.get(node.key, ())
                local = {sets.find(c) for c in first_names} if titled.get(n, True) else set()
                if len(local) != 1:
                    leftover.append(n)
                    continue
            if len(local) == 1:
                sets.union(local.pop(), n)
    # Across reports a bare short form joins a full name only when that name is at least
    # half as widespread: "Tories" in a hundred reports is not "South Downs Tories" in one.
    by_key: dict[str, list[int]] = defaultdict(list)
    for n in leftover:
        by_key[nodes[n].key].append(n)
    singles: dict[str, int] = {}
    for key, group in by_key.items():
        candidates = _dominant(nodes, sets, by_suffix.get(nodes[group[0]].tokens, ()))
        targets = {sets.find(c) for c in candidates}
        # A word also used in lower case ("Cup", "United") only joins a person's name.
        plain = key in corpus.lower_words and not any(personal[c] for c in candidates)
        if len(targets) == 1 and not plain and len(group) <= 2 * len({nodes[c].doc for c in candidates}):
            target = targets.pop()
            for n in group:
                sets.union(target, n)
        else:
            singles[key] = group[0]
            for n in group:
                sets.union(group[0], n)
    blocks: dict[str, list[int]] = defaultdict(list)
    for key, n in singles.items():
        if len(key) >= 5:
            blocks[corpus.skeletons[key]].append(n)
    for block in blocks.values():
        for i, j in _close_spellings([nodes[n].key for n in block], SINGLE_RATIO):
            sets.union(block[i], block[j])
    # Transliterations that differ only in how vowels are written (Seiyun/Sayun, Huthi/Houthi),
    # also against a well-known organisation or group spelt one way in the gazetteer.
    spellings: dict[str, int] = {}
    for key, n in singles.items():
        if len(key) >= 5 and key not in corpus.lower_words:
            spellings.setdefault(key, n)
    for n, node in enumerate(nodes):
        if node.known is not None and node.known.kind != "place" and len(node.tokens) == 1 and len(node.key) >= 5:
            spellings.setdefault(node.key, n)
    for a, b in _one_vowel_apart(spellings):
        if (nodes[spellings[a]].known is None or nodes[spellings[b]].known is None) and _same_transliteration(a, b):
            sets.union(spellings[a], spellings[b])


def _reports(nodes: Sequence[_Node]) -> Iterator[range]:
    """The nodes of each report, which come together."""
    start = 0
    for n in range(1, len(nodes) + 1):
        if n == len(nodes) or nodes[n].doc != nodes[start].doc:
            yield range(start, n)
            start = n


def _dominant(nodes: Sequence[_Node], sets: DisjointSets, candidates: Iterable[int]) -> list[int]:
    """Across reports, the full names a bare surname may stand for, keeping only the one
    named in at least four times as many reports as any other when there is such a one
    ("Obama": Barack Obama in forty reports, Michelle Obama in two)."""
    by_root: dict[int, list[int]] = defaultdict(list)
    for c in candidates:
        by_root[sets.find(c)].append(c)
    if len(by_root) < 2:
        return [c for members in by_root.values() for c in members]
    spread = sorted(((len({nodes[c].doc for c in members}), root) for root, members in by_root.items()), reverse=True)
    if spread[0][0] >= DOMINANT_SPREAD * spread[1][0]:
        return by_root[spread[0][1]]
    return [c for members in by_root.values() for c in members]


def _attach_acronyms(nodes: Sequence[_Node], personal: Sequence[bool], sets: DisjointSets) -> None:
    """An acronym nobody expanded joins the one multi-word name with its initials."""
    by_initials: dict[str, set[int]] = defaultdict(set)
    expanded: set[int] = set()
    # The nodes of a full name are one actor already: one node per key stands for them.
    spelt: set[str] = set()
    initialled: set[str] = set()
    for n, node in enumerate(nodes):
        if node.acronym or node.phrase or len(node.tokens) < 2:
            continue
        if node.key not in spelt:
            spelt.add(node.key)
            expanded.add(sets.find(n))
        if not personal[n] and node.key not in initialled:
            initialled.add(node.key)
            by_initials["".join(t[0] for t in node.tokens)].add(n)
    for n, node in enumerate(nodes):
        if not node.acronym or node.known is not None or sets.find(n) in expanded:
            continue
        targets = {sets.find(c) for c in by_initials.get(node.key, ())}
        if len(targets) == 1:
            sets.union(targets.pop(), n)


def _merge_metonyms(nodes: Sequence[_Node], mentions: Sequence[_Mention], sets: DisjointSets) -> None:
    """A capital or seat of government that is hardly ever a location ("Washington said",
    "pressure from Tehran") is its country; "a strike in Baghdad" keeps Baghdad a place."""
    countries: dict[str, int] = {}
    capitals: dict[str, list[int]] = defaultdict(list)
    for n, node in enumerate(nodes):
        if node.known is None:
            continue
        if node.known.category in ("country", "territory"):
            countries.setdefault(node.known.name, n)
        elif node.known.category in ("capital", "seat"):
            capitals[node.known.id].append(n)
    for group in capitals.values():
        country = nodes[group[0]].known.country if nodes[group[0]].known else ""
        if country not in countries:
            continue
        spoken = [mentions[i] for n in group for i in nodes[n].mentions]
        if sum(m.locative for m in spoken) < METONYM_MAX_LOCATIVE * len(spoken):
            for n in group:
                sets.union(countries[country], n)


def _merge_coalitions(nodes: Sequence[_Node], sets: DisjointSets) -> None:
    """ "The international coalition" is the coalition a report names by its leader, when one does."""
    led = {sets.find(n) for n, node in enumerate(nodes) if node.phrase and node.key.startswith("§coalition:") and node.key != "§coalition:"}
    if len(led) != 1:
        return
    target = led.pop()
    for n, node in enumerate(nodes):
        if node.key == "§coalition:":
            sets.union(target, n)


# --- actors ------------------------------------------------------------------------------------


def _actor_kind(votes: Mapping[ActorKind, int]) -> ActorKind:
    """The kind with most votes, the earlier in KIND_PRIORITY on a tie."""
    best = KIND_PRIORITY[0]
    for kind in KIND_PRIORITY[1:]:
        if votes.get(kind, 0) > votes.get(best, 0):
            best = kind
    return best if votes.get(best, 0) > 0 else "other"


def _canonical(group: Sequence[_Mention], counts: Mapping[str, int]) -> str:
    """The name an actor is shown by, from its mentions and how often each surface occurs."""
    if len(counts) == 1:
        return next(iter(counts))
    known_names = {m.known.name for m in group if m.known is not None and m.known.category not in ("capital", "seat")}

    tokens = dict(zip(map(attrgetter("surface"), group), map(attrgetter("tokens"), group)))
    word_counts: Counter[str] = Counter()
    for surface, count in counts.items():
        for token in set(tokens[surface]):
            word_counts[token] += count

    def rank(surface: str):
        """The fullest form, then the one whose words the reports use most."""
        letters = [c for c in surface if c.isalpha()]
        shouting = len(letters) > 6 and all(c.isupper() for c in letters)
        acronym = len(letters) <= 6 and all(c.isupper() for c in letters)
        common = sum(word_counts[t] for t in tokens[surface])
        return (surface in known_names, not shouting, not acronym, len(surface.split()), common, counts[surface], surface)

    return max(counts, key=rank)


def _build_actor(group: Sequence[_Mention]) -> tuple[str, ActorKind, tuple[str, ...], tuple[str, ...], tuple[Span, ...]]:
    """An actor from its mentions, given in text order."""
    votes: dict[ActorKind, int] = {}
    if len(group) == 1:
        m = group[0]
        for kind, weight in m.votes:
            votes[kind] = votes.get(kind, 0) + weight
        if m.locative:
            votes["place"] = votes.get("place", 0) + 1
        return m.surface, _actor_kind(votes), (m.surface,), tuple(dict.fromkeys(m.roles)), (m.span,)
    # Mentions of one name mostly carry the same votes: each distinct set is counted once.
    for cast, times in Counter(map(attrgetter("votes"), group)).items():
        for kind, weight in cast:
            votes[kind] = votes.get(kind, 0) + weight * times
    locative = sum(map(attrgetter("locative"), group))
    if 2 * locative >= len(group):
        # "in X", "at X" mostly: a place, unless the words of the name say otherwise.
        votes["place"] = votes.get("place", 0) + locative
    counts = Counter(map(attrgetter("surface"), group))
    name = _canonical(group, counts)
    aliases = (name, *sorted((s for s in counts if s != name), key=lambda s: (-counts[s], s)))
    roles = dict.fromkeys(chain.from_iterable(map(attrgetter("roles"), group)))
    return name, _actor_kind(votes), aliases, tuple(roles), tuple(map(attrgetter("span"), group))


@dataclass(frozen=True, slots=True)
class ReportCandidates:
    """What one report offers the corpus part, found from its text alone: plain tuples and
    strings, so a worker process can send it back."""

    # Words the report writes in lower case, and words it capitalises where no sentence starts,
    # each set as one string, the words in no particular order, a space between (no word holds
    # one): a string pickles as one copy, a set of strings word by word, and the corpus part
    # only wants the union of every report's words.
    lower_words: str
    capitals: str
    # Mentions of the names in running prose that the report alone makes certain.
    prose: tuple[Found, ...]
    # Runs in running prose whose names hang on corpus-wide words.
    hanging: tuple[Hanging, ...]
    # Runs in headings and title case, kept only where the corpus confirms them.
    weak: tuple[Run, ...]
    # "Iraqi government", "US-led coalition".
    phrases: tuple[Found, ...]


def report_candidates(doc: Document, lookups: Lookups | None = None) -> ReportCandidates:
    """The per-report half of `extract_actors`: a pure function of `doc`. `lookups` only
    shares work between calls (one per process is enough)."""
    lookups = lookups or Lookups()
    alone = lookups.alone
    runs = _find_runs(lookups, doc)
    # Words the report itself writes in lower case are so in the corpus: runs they veto go
    # now, and a guess that took one never to be lower case is already known to be wrong.
    lower = _report_lower_words(doc)
    prose: list[Found] = []
    hanging: list[Hanging] = []
    guesses = lookups.guesses
    for run in runs.prose:
        if run[4] in lower:
            continue
        names, not_lower, capitalised = guesses.get(run[1:3]) or _guess(lookups, run[1], run[2])
        if run[4] or not_lower or capitalised:
            found: list[Found] = []
            if lower.isdisjoint(not_lower):
                _run_mentions(alone, doc, run, names, found)
            hanging.append((run, not_lower, capitalised, tuple(found)))
        else:
            _run_mentions(alone, doc, run, names, prose)
    return ReportCandidates(
        lower_words=" ".join(lower),
        capitals=" ".join(_report_capitals(runs.prose)),
        prose=tuple(prose),
        hanging=tuple(hanging),
        weak=tuple(run for run in runs.weak if run[4] not in lower),
        phrases=tuple(_descriptor_mentions(lookups.lex, doc)),
    )


def extract_actors(
    documents: Sequence[Document], candidates: Mapping[int, ReportCandidates] | None = None, lookups: Lookups | None = None
) -> list[Actor]:
    """Find actor mentions in every report and merge them into ranked actors.

    `candidates` holds `report_candidates` of every report by id, when worked out
    beforehand (in worker processes); otherwise they are worked out here. `lookups`
    only saves work: the one that found this process's share of the candidates
    already knows most of the words and names."""
    # Mentions are numbered report by report, each left to right, so a sorted group of
    # mention numbers is a group in text order.
    documents = sorted(documents, key=lambda doc: doc.id)
    lookups = lookups or Lookups()
    if candidates is None:
        candidates = {doc.id: report_candidates(doc, lookups) for doc in documents}
    found_in = [candidates[doc.id] for doc in documents]
    # Retellings of a story write the same lower-case words: each distinct string is split once.
    lower_words = frozenset(" ".join({c.lower_words for c in found_in}).split())
    mid_caps = frozenset(" ".join(c.capitals for c in found_in).split())
    corpus = _Corpus(lookups, lower_words, mid_caps)
    per_doc: list[list[Found]] = []
    for doc, found in zip(documents, found_in):
        prose = list(found.prose)
        for run, not_lower, capitalised, mentions in found.hanging:
            if run[4] in lower_words:
                continue
            if lower_words.isdisjoint(not_lower) and mid_caps.issuperset(capitalised):
                prose += mentions
            else:
                _run_mentions(corpus, doc, run, corpus.parse(run[1], run[2]), prose)
        per_doc.append(prose)
    strong = _strong(lookups.lex, frozenset(f[3] for prose in per_doc for f in prose))
    table = _Table([], [], [])
    for doc, report, prose in zip(documents, found_in, per_doc):
        weak = [run for run in report.weak if run[4] not in lower_words]
        prose += _confirmed_mentions(corpus, doc, weak, strong)
        prose += report.phrases
        _add_report(lookups.lex, doc, prose, lower_words, table)
    mentions = table.mentions
    family = {doc.id: doc.family or f"doc{doc.id}" for doc in documents}
    built = []
    for group in _merge(corpus, table):
        name, kind, aliases, roles, spans = _build_actor([mentions[i] for i in group])
        sources = len({family[s.doc] for s in spans})
        built.append((-sources, -len(spans), name, spans, kind, aliases, roles))
    built.sort(key=lambda b: b[:4])
    return [
        Actor(id=f"a{i}", name=name, kind=kind, aliases=aliases, roles=roles, mentions=spans)
        for i, (_, _, name, spans, kind, aliases, roles) in enumerate(built, start=1)
    ]
