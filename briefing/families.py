"""Near-duplicate reports grouped into story families.

A wire story, its rewrite and its machine translation share few exact word
runs, but they tell the same facts in the same order with the same rare
names and numbers. So two reports are one story when many of their sentences
can be paired, in order, on shared distinctive content (word stems and stem
pairs, weighted by how rare they are in the corpus). Same-topic independent
articles share the topic's words but not a long ordered run of such sentences.

Comparing every pair of reports would be quadratic, so pairs are first
proposed cheaply (a shared long sentence, or several shared rare features)
and only those are aligned.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import chain, combinations, compress, count, islice
from operator import add

from briefing.model import Document, Family, Span
from briefing.sets import DisjointSets

STOPWORDS = frozenset(
    """
    a an the and or but nor of in on at to for from by with as is are was were be been being am
    has have had having do does did not no yes this that these those it its he she they them their
    his her hers him we us our you your i me my which who whom whose what when where why how than
    then there here so such also very more most some any all each both either neither said says say
    saying told tell according would will could can may might should must shall about after before
    over under into onto out up down off again further once only own same too just now one other
    another while during since until if because though although yet still even ever many much
    """.split()
)

# Sentence pairs below this weighted overlap are different sentences.
SENTENCE_MATCH = 0.15
# Ordered sentence pairs per sentence (geometric mean of both reports' sizes).
FAMILY_MATCH = 0.25
# Fewest ordered sentence pairs that make two reports one story.
MIN_ALIGNED = 4
# Short reports are judged as if they had this many sentences, so that two
# matching lines do not make a family of two briefs.
MIN_SENTENCES = 6
# A sentence needs this many distinct content words to count for alignment
# (a dateline or a "Published:" line is not a sentence of the story).
MIN_WORDS = 4
# Fewest content tokens for a sentence to be a fingerprint of its report.
FINGERPRINT_TOKENS = 8
# Fewest shared rare features that make two reports worth aligning.
MIN_SHARED_RARE = 3
# Most likely partners each report proposes for alignment.
PARTNERS = 5
# Rarest features of a report that propose its partners.
SIGNATURE = 40

_WORD = re.compile(r"[^\W\d_][\w'’\-]*|\d[\d,.]*\d|\d")


@dataclass(frozen=True, slots=True)
class ReportProfile:
    """What one report brings to the grouping, worked out from it alone: the
    sentences that can be aligned (indexes into its `sentences`) and their
    content tokens. Equal tokens are one string object per cache, so a
    batch of profiles pickles each word once; features are numbered for the
    corpus (see `profile_corpus`), where only their identity matters."""

    doc: int
    sentences: tuple[int, ...]
    tokens: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class _Profile:
    """A report's alignable sentences with their features (numbers, see
    `profile_corpus`), the total weight (mass) of each sentence's features,
    which depends on the whole corpus, every feature it holds (its
    vocabulary) and the token runs of its long sentences (fingerprints)."""

    doc: int
    sentences: tuple[Span, ...]
    features: tuple[frozenset[int], ...]
    masses: tuple[float, ...]
    fingerprints: frozenset[tuple[str, ...]]
    vocabulary: frozenset[int]


@dataclass(frozen=True, slots=True)
class CorpusProfile:
    """Every report's profile, the weight of each feature by its number, and
    what each number stands for."""

    profiles: list[_Profile]
    weights: dict[int, float]
    numbering: _Numbering


class _Numbering:
    """Features as numbers: the corpus's tokens are numbered 0 to `width - 1`
    as first met, and two adjacent tokens numbered `a` and `b` are the
    feature `(a + 1) * width + b`. Sets, counts and weights of features then
    hash small ints, not strings."""

    def __init__(self, tokens: Iterable[str]):
        self.tokens = list(dict.fromkeys(tokens))
        self.number = dict(zip(self.tokens, count()))
        self.width = len(self.tokens)
        # (a + 1) * width for each token number a: a pair is a lookup and an addition.
        self.pair_base = [(a + 1) * self.width for a in range(self.width)]
        self.known: dict[tuple[str, ...], frozenset[int]] = {}

    def features(self, sentences: Sequence[tuple[str, ...]]) -> tuple[frozenset[int], ...]:
        """The numbers of each sentence's features: its tokens and its pairs of
        adjacent tokens, worked out once per distinct sentence (a line
        syndicated to many reports has one feature set, weighed once). A
        report's new sentences are numbered in one pass, tokens then pairs;
        a sentence takes the pairs that start at any of its tokens but the
        last (which would pair it with the next sentence)."""
        known = self.known
        new = [tokens for tokens in dict.fromkeys(sentences) if tokens not in known]
        ids = list(map(self.number.__getitem__, chain.from_iterable(new)))
        pairs = list(map(add, map(self.pair_base.__getitem__, ids), islice(ids, 1, None)))
        start = 0
        for tokens in new:
            end = start + len(tokens)
            known[tokens] = frozenset(chain(ids[start:end], pairs[start : end - 1]))
            start = end
        return tuple(map(known.__getitem__, sentences))

    def in_text_order(self, features: Iterable[int]) -> list[int]:
        """`features` sorted as their texts (a token, or two joined by a space)
        would be. No token holds a space, which sorts before anything a token
        holds, so texts compare as their first tokens, then as their second
        ones (none first): a feature sorts as a number made of its tokens'
        places in text order."""
        place = [0] * self.width
        for k, token in enumerate(sorted(range(self.width), key=self.tokens.__getitem__), start=1):
            place[token] = k
        width, places = self.width, self.width + 1

        def key(feature: int) -> int:
            if feature < width:
                return place[feature] * places
            first, second = divmod(feature, width)
            return place[first - 1] * places + place[second]

        return sorted(features, key=key)


@dataclass(frozen=True, slots=True)
class _Alignment:
    similarity: float
    pairs: tuple[tuple[int, int], ...]


# Characters that never belong to a token (see _WORD): a text between spaces
# that is letters once they are stripped from its ends is one word.
_PUNCTUATION = ".,;:!?\"()[]{}<>/*&%$#@+=|~^`“”‘«»…–—"


class _Chunks(dict[str, tuple[str, ...]]):
    """Text between spaces -> its content tokens, each chunk tokenised once per
    cache (most recur). No token spans a space, so a sentence's tokens are
    its chunks' tokens in order. Equal tokens are one string object (`words`)
    whatever chunk they come from."""

    def __init__(self) -> None:
        super().__init__()
        self.words: dict[str, str] = {}

    def __missing__(self, chunk: str) -> tuple[str, ...]:
        core = chunk.strip(_PUNCTUATION)
        if core.isalpha():
            # Most chunks are a word with punctuation around it: no pattern to
            # run, and a lowercased letter word has no apostrophe or digit to
            # treat (as _stem would).
            word = core.lower()
            found: tuple[str, ...] = () if len(word) < 3 or word in STOPWORDS else (word[:6],)
        else:
            found = tuple(filter(None, map(_stem, _WORD.findall(chunk))))
        tokens = self[chunk] = tuple(map(self.words.setdefault, found, found))
        return tokens


class SentenceCache(dict[str, "tuple[str, ...] | None"]):
    """Sentence text -> its content tokens, or None when it has too few words
    to count for alignment; each distinct text worked out once per cache: a
    line syndicated to many reports is tokenised once when the cache serves
    them all (and its tokens pickle once per batch)."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks = _Chunks()

    def __missing__(self, sentence: str) -> tuple[str, ...] | None:
        tokens = _tokens(sentence, self.chunks)
        found = self[sentence] = tokens if _has_words(tokens) else None
        return found


def find_families(
    documents: Sequence[Document], *, profiles: Mapping[int, ReportProfile] | None = None
) -> tuple[list[Family], list[Document]]:
    """Group reports that retell one story; set each document's `family` id.

    `profiles` holds each report's profile (`report_profiles`) by document id when they
    were worked out beforehand (in worker processes); otherwise they are
    worked out here."""
    corpus = profile_corpus(documents, profiles)
    sets = DisjointSets(len(documents))
    alignments: dict[tuple[int, int], _Alignment] = {}
    for a, b in candidate_pairs(corpus):
        if sets.find(a) == sets.find(b):
            continue
        found = alignments[(a, b)] = align(corpus, a, b)
        if is_same_story(found):
            sets.union(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(documents)):
        groups[sets.find(i)].append(i)
    within: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b in alignments:
        if sets.find(a) == sets.find(b):
            within[sets.find(a)].append((a, b))
    members = sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])
    families = [
        _family(f"f{n}", group, corpus, alignments, within[group[0]]) for n, group in enumerate(members, start=1)
    ]
    family_of = {documents[i].id: f.id for f, group in zip(families, members) for i in group}
    return families, [_with_family(doc, family_of.get(doc.id)) for doc in documents]


def _with_family(doc: Document, family: str | None) -> Document:
    # Most reports are in no family: they need no new record.
    return doc if doc.family == family else replace(doc, family=family)


def report_profiles(documents: Sequence[Document], cache: SentenceCache | None = None) -> list[ReportProfile]:
    """Each report's alignable sentences and their content tokens. Each profile
    depends on its report alone (for worker processes); reports read with
    one cache share the tokenising of the lines they have in common, and
    their tokens, so a worker sends each word once per batch."""
    known = SentenceCache() if cache is None else cache
    return [_report_profile(doc, known) for doc in documents]


def _report_profile(doc: Document, known: SentenceCache) -> ReportProfile:
    indexes, tokens = [], []
    for k, span in enumerate(doc.sentences):
        if doc.boilerplate and doc.touches_boilerplate(span):
            continue
        found = known[doc.slice(span)]
        if found is not None:
            indexes.append(k)
            tokens.append(found)
    return ReportProfile(doc.id, tuple(indexes), tuple(tokens))


def profile_corpus(
    documents: Sequence[Document], profiles: Mapping[int, ReportProfile] | None = None
) -> CorpusProfile:
    """Every report's alignable sentences, and how rare each feature is in the corpus.

    A sentence's features are its tokens and its pairs of adjacent tokens. They
    are numbered as first met (a pair by its two tokens' numbers), so sets,
    counts and weights hash and index small ints, not strings."""
    reports = report_profiles(documents) if profiles is None else [profiles[doc.id] for doc in documents]
    numbering = _Numbering(chain.from_iterable(chain.from_iterable(r.tokens for r in reports)))
    features = [numbering.features(r.tokens) for r in reports]
    vocabularies = [frozenset().union(*sentences) for sentences in features]
    weights = rarity_weights(vocabularies)
    masses: dict[frozenset[int], float] = {}
    for sentences in features:
        for fs in sentences:
            if fs not in masses:
                masses[fs] = sum(map(weights.__getitem__, fs))
    return CorpusProfile(
        [
            _Profile(
                doc.id,
                tuple(map(doc.sentences.__getitem__, r.sentences)),
                sentences,
                tuple(map(masses.__getitem__, sentences)),
                frozenset(compress(r.tokens, map(FINGERPRINT_TOKENS.__le__, map(len, r.tokens)))),
                vocabulary,
            )
            for doc, r, sentences, vocabulary in zip(documents, reports, features, vocabularies)
        ],
        weights,
        numbering,
    )


def _has_words(tokens: Sequence[str]) -> bool:
    """At least MIN_WORDS distinct tokens that are not numbers (read no further
    than needed: most sentences have them in their first few words)."""
    words = set()
    for t in tokens:
        if not t[0].isdigit():
            words.add(t)
            if len(words) >= MIN_WORDS:
                return True
    return False


def content_tokens(sentence: str, chunks: _Chunks | None = None) -> list[str]:
    """Light stems of the content words: a prefix survives inflection and most
    translation variants (withdraw/withdrawal), digits lose their separators."""
    return list(_tokens(sentence, _Chunks() if chunks is None else chunks))


def _tokens(sentence: str, chunks: _Chunks) -> tuple[str, ...]:
    return tuple(chain.from_iterable(map(chunks.__getitem__, sentence.split())))


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word in STOPWORDS or (len(word) < 3 and not word.isdigit()):
        return ""
    return word.replace(",", "") if word[0].isdigit() else word[:6]


def rarity_weights(vocabularies: Sequence[frozenset[int]]) -> dict[int, float]:
    """Inverse document frequency: topic words count little, a rare name much."""
    counts = Counter(chain.from_iterable(vocabularies))
    n = len(vocabularies)
    by_count = [0.0] + [math.log(1 + n / c) for c in range(1, n + 1)]
    return dict(zip(counts, map(by_count.__getitem__, counts.values())))


def candidate_pairs(corpus: CorpusProfile) -> list[tuple[int, int]]:
    """Pairs of report indexes worth aligning, found without comparing every pair.

    A long sentence shared word for word proposes the reports that hold it, each
    with the next (a chain is enough: families join transitively). Then each
    report's rarest features (seen in 2+ reports, never in more than a few
    dozen: those are topic, not story) propose the few reports that share the
    most of them. Both keep the number of pairs near-linear in the reports.
    """
    profiles, weights = corpus.profiles, corpus.weights
    pairs: set[tuple[int, int]] = set()
    holders: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        for fingerprint in p.fingerprints:
            holders[fingerprint].append(i)
    for docs in holders.values():
        if len(docs) > 1:
            pairs.update(zip(docs, islice(docs, 1, None)))
    n = len(profiles)
    floor = math.log(1 + n / max(10, round(2 * math.log2(n + 1))))
    ceiling = math.log(1 + n)
    rare = [f for f, w in weights.items() if floor <= w < ceiling]
    # Rarest first, ties in the order of the features' text; ranked once for
    # the corpus, so each report only sorts numbers.
    ranked = corpus.numbering.in_text_order(rare)
    ranked.sort(key=weights.__getitem__, reverse=True)
    rank = dict(zip(ranked, range(len(ranked))))
    rare_anywhere = frozenset(ranked)
    postings: dict[int, list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        for r in sorted(map(rank.__getitem__, rare_anywhere & p.vocabulary))[:SIGNATURE]:
            postings[r].append(i)
    shared = Counter(chain.from_iterable(combinations(docs, 2) for docs in postings.values()))
    partners: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (a, b), together in shared.items():
        if together >= MIN_SHARED_RARE:
            partners[a].append((-together, b))
            partners[b].append((-together, a))
    for a, found in partners.items():
        pairs.update((min(a, b), max(a, b)) for _, b in sorted(found)[:PARTNERS])
    return sorted(pairs)


def align(corpus: CorpusProfile, a: int, b: int, index: SentenceIndex | None = None) -> _Alignment:
    """The heaviest in-order chain of matching sentence pairs of reports `a` and `b`.

    Its length is measured against both reports (geometric mean of their sizes):
    a short brief whose few lines echo a long article is not its retelling, but
    a truncated copy of a story still pairs most of its sentences.

    `index` is the sentence index of `a` or of `b` when the caller aligns that
    report with many others; otherwise `b` is indexed on what the two share.
    """
    pa, pb = corpus.profiles[a], corpus.profiles[b]
    if index is None:
        index = SentenceIndex(b, sentence_index(pb, pa.vocabulary & pb.vocabulary))
    if index.report == b:
        matches = _matches(corpus, pa, pb, index.holders)
    else:
        matches = sorted((i, j, score) for j, i, score in _matches(corpus, pb, pa, index.holders))
    chain = heaviest_chain(matches, len(pb.features))
    size = math.sqrt(max(MIN_SENTENCES, len(pa.features)) * max(MIN_SENTENCES, len(pb.features)))
    return _Alignment(round(len(chain) / size, 3), tuple(chain))


@dataclass(frozen=True, slots=True)
class SentenceIndex:
    """Which sentences of `report` hold each feature: built once for a report
    aligned with many others (a family's pivot)."""

    report: int
    holders: dict[int, list[int]]


def sentence_index(profile: _Profile, among: frozenset[int]) -> dict[int, list[int]]:
    """Feature (of those `among`) -> the sentences of the report that hold it."""
    holders: dict[int, list[int]] = defaultdict(list)
    for j, fs in enumerate(profile.features):
        for f in fs & among:
            holders[f].append(j)
    return holders


def _matches(
    corpus: CorpusProfile, pa: _Profile, pb: _Profile, holders: dict[int, list[int]]
) -> list[tuple[int, int, float]]:
    """Sentence pairs (i of `pa`, j of `pb`) similar enough to match, in order,
    with their scores. The weight each sentence of `pa` shares with each of
    `pb` is summed feature by feature through `pb`'s sentences that hold the
    feature (`holders`), so pairs with nothing in common cost nothing."""
    weights = corpus.weights
    vocabulary, features_b, masses_b = pb.vocabulary, pb.features, pb.masses
    columns = range(len(features_b))
    matches = []
    for i, fs in enumerate(pa.features):
        shared = fs & vocabulary
        if not shared:
            continue
        common = [0.0] * len(features_b)
        for f in shared:
            w = weights[f]
            for j in holders[f]:
                common[j] += w
        mass = pa.masses[i]
        for j in compress(columns, common):
            score = 2 * common[j] / (mass + masses_b[j])
            if score >= SENTENCE_MATCH:
                # Summed in another order than the masses, a copied line could
                # score a hair off 1 and break a tie between copies by rounding.
                matches.append((i, j, 1.0 if fs == features_b[j] else score))
    return matches


def is_same_story(found: _Alignment) -> bool:
    return len(found.pairs) >= MIN_ALIGNED and found.similarity >= FAMILY_MATCH


def heaviest_chain(matches: Sequence[tuple[int, int, float]], width: int) -> list[tuple[int, int]]:
    """Pairs `(i, j)` strictly increasing on both sides with the greatest total
    score, in O(k log k): matches come sorted by `i`, a Fenwick tree over `j`
    holds the best chain ending below each `j`, and one row's matches are
    added only after the whole row is read so that no chain reuses an `i`."""
    if _in_order(matches):
        # Scores are positive and each match extends the chain of all those
        # before it: together they are the one heaviest chain.
        return [(i, j) for i, j, _ in matches]
    tree = [(0.0, -1)] * (width + 1)

    def best_below(j: int) -> tuple[float, int]:
        found = (0.0, -1)
        while j > 0:
            found = max(found, tree[j])
            j -= j & -j
        return found

    def record(j: int, value: tuple[float, int]) -> None:
        j += 1
        while j <= width:
            tree[j] = max(tree[j], value)
            j += j & -j

    totals: list[float] = []
    back: list[int] = []
    row: list[int] = []
    for k, (i, j, score) in enumerate(matches):
        if row and matches[row[0]][0] != i:
            for q in row:
                record(matches[q][1], (totals[q], q))
            row = []
        total, previous = best_below(j)
        totals.append(total + score)
        back.append(previous)
        row.append(k)
    if not totals:
        return []
    k = max(range(len(totals)), key=lambda q: (totals[q], -q))
    chain = []
    while k >= 0:
        chain.append(matches[k][:2])
        k = back[k]
    return chain[::-1]


def _in_order(matches: Sequence[tuple[int, int, float]]) -> bool:
    """Whether both sides strictly increase from each match to the next (as
    they mostly do between a story and its retelling)."""
    return all(i < k and j < m for (i, j, _), (k, m, _) in zip(matches, islice(matches, 1, None)))


def _family(
    family_id: str,
    group: list[int],
    corpus: CorpusProfile,
    alignments: dict[tuple[int, int], _Alignment],
    within: list[tuple[int, int]],
) -> Family:
    """The member most like the others is the pivot every other member is
    aligned to. It is judged on the alignments made while grouping (`within`:
    those between two members, in the order they were made), not on every
    pair: a wire story retold by hundreds of outlets stays linear."""
    closeness: Counter[int] = Counter()
    for a, b in within:
        closeness[a] += alignments[(a, b)].similarity
        closeness[b] += alignments[(a, b)].similarity
    pivot = max(group, key=lambda a: (closeness[a], -a))
    profiles = corpus.profiles
    pairs = [(min(pivot, other), max(pivot, other)) for other in group if other != pivot]
    unaligned = [pair for pair in pairs if pair not in alignments]
    if unaligned:
        index = SentenceIndex(pivot, sentence_index(profiles[pivot], profiles[pivot].vocabulary))
        alignments.update((pair, align(corpus, *pair, index)) for pair in unaligned)
    aligned: list[tuple[Span, Span]] = []
    scores = []
    for first, second in pairs:
        found = alignments[(first, second)]
        scores.append(found.similarity)
        for i, j in found.pairs:
            a_span, b_span = profiles[first].sentences[i], profiles[second].sentences[j]
            aligned.append((a_span, b_span) if first == pivot else (b_span, a_span))
    documents = tuple(profiles[i].doc for i in group)
    return Family(family_id, documents, round(sum(scores) / len(scores), 3), tuple(aligned))
