"""Story families: reports that retell one story are one source."""

from __future__ import annotations

import random
from dataclasses import replace
from itertools import combinations
from pathlib import Path

from briefing import families, text
from briefing.model import Document, Span
from briefing.index import bundled_corpus
from briefing.sources import build_document, read_corpus

WIRE = """\
KARVONA (Wire) — Floodwaters from the collapsed Lenmark dam forced 12,000 people from their homes in northern Varesia on Tuesday, regional officials told the Wire agency.

The dam, built in 1974 on the Orsa river, gave way shortly after dawn following four days of torrential rain, sending a wall of water through the villages of Tavel and Brisk.

Governor Ilse Marrow said rescue teams had pulled 340 people from rooftops and that at least 18 had died.

"We are facing the worst flood in half a century, and the water is still rising," Marrow said at an emergency briefing in Karvona.

Engineers had warned in a 2019 inspection report that cracks in the spillway needed urgent repair, according to documents seen by the Wire agency.

The national weather office expects more rain on Thursday, and the army has sent two helicopter units to the valley.

Aid groups said the shelters in Karvona were running short of drinking water and blankets.

The interior ministry promised an independent inquiry into the collapse once the rescue was over.
"""

REWRITE = """\
Thousands Flee as Lenmark Dam Bursts in Varesia

Some 12,000 residents of northern Varesia were driven from their homes on Tuesday after the Lenmark dam collapsed, officials in the region said.

Following four days of relentless rain, the 1974 dam on the Orsa river failed just after dawn and a torrent of water swept through the villages of Tavel and Brisk.

According to Governor Ilse Marrow, rescuers lifted 340 people off rooftops, and at least 18 people were killed.

"We are facing the worst flood in fifty years, and the water keeps rising," the governor told reporters in Karvona.

A 2019 inspection report had already flagged cracks in the dam's spillway as needing urgent repairs, documents show.

Forecasters warn of further rain on Thursday, while the army dispatched two helicopter units to the valley.

Emergency shelters in Karvona are running low on drinking water and blankets, aid organisations said.
"""

TRANSLATION = """\
The flood waters of the collapsed dam Lenmark forced 12,000 people to leave their houses in the north of Varesia on Tuesday, regional officials said to the agency.

The dam, which was built in 1974 on the river Orsa, broke soon after the dawn after four days of strong rains and sent a wall of water over the villages Tavel and Brisk.

The governor Ilse Marrow said that the rescue teams took 340 people from the roofs and at least 18 are dead.

"We face the worst flood of half a century and the water rises still," said Marrow on an emergency meeting in Karvona.

The engineers warned in an inspection report of 2019 that the cracks in the spillway need urgent repair, according to documents.

The weather office of the nation expects more rain on Thursday and the army sent two units of helicopters to the valley.
"""

INDEPENDENT = """\
Varesia dam disaster revives old dispute over river projects

The collapse of the Lenmark dam in northern Varesia has reopened a bitter argument over who pays to maintain the country's ageing river infrastructure.

Opposition lawmakers accused the government of cutting the water authority's maintenance budget three years in a row.

Farmers downstream of Tavel said their fields, planted with wheat only last month, were now under two metres of mud.

Hydrologists at Karvona University have long argued that dams of the Lenmark design are vulnerable to prolonged rainfall.

The water authority said in a statement that it had followed every recommendation of its inspectors.

Governor Ilse Marrow, who faces re-election next spring, declined to comment on the budget dispute.

Insurance companies estimate that claims from the flood could exceed the total paid out in the past decade.
"""

OTHER_TOPIC = """\
Varesia central bank holds rates as inflation cools

The central bank of Varesia kept its main interest rate unchanged on Tuesday, citing slowing inflation and weak exports.

Governor Petra Holm said price growth had eased to 3.1 percent in the spring, the lowest figure in two years.

Exporters in Karvona complained that the strong currency was making their goods too expensive abroad.

Economists had expected the bank to hold rates until the autumn, when new growth figures are due.

The finance ministry welcomed the decision and repeated its forecast of modest growth this year.
"""


def make(doc_id: int, body: str) -> Document:
    return text.segment(build_document(doc_id, f"report{doc_id}.txt", body))


def corpus(*bodies: str) -> list[Document]:
    return [make(i, body) for i, body in enumerate(bodies)]


def test_wire_story_rewrite_and_translation_are_one_family_and_same_topic_report_stands_alone():
    found, docs = families.find_families(corpus(WIRE, INDEPENDENT, REWRITE, OTHER_TOPIC, TRANSLATION))
    assert [f.documents for f in found] == [(0, 2, 4)]
    assert [d.family for d in docs] == ["f1", None, "f1", None, "f1"]
    assert 0.25 <= found[0].similarity <= 1.0


def test_same_event_reports_written_independently_are_not_merged():
    found, docs = families.find_families(corpus(WIRE, INDEPENDENT, OTHER_TOPIC))
    assert found == []
    assert all(d.family is None for d in docs)


def test_a_rough_translation_alone_with_its_original_is_found():
    found, _ = families.find_families(corpus(TRANSLATION, INDEPENDENT, WIRE))
    assert [f.documents for f in found] == [(0, 2)]


def test_an_exact_copy_has_similarity_one():
    found, _ = families.find_families(corpus(WIRE, OTHER_TOPIC, WIRE))
    assert [(f.documents, f.similarity) for f in found] == [((0, 2), 1.0)]


def test_family_ids_follow_the_first_report_of_each_family():
    found, docs = families.find_families(corpus(OTHER_TOPIC, REWRITE, OTHER_TOPIC, WIRE))
    assert [(f.id, f.documents) for f in found] == [("f1", (0, 2)), ("f2", (1, 3))]
    assert [d.family for d in docs] == ["f1", "f2", "f1", "f2"]


def test_aligned_sentences_pair_the_retold_lines_so_a_changed_word_shows():
    docs = corpus(WIRE, TRANSLATION)
    found, _ = families.find_families(docs)
    pairs = [(docs[a.doc].slice(a), docs[b.doc].slice(b)) for a, b in found[0].aligned]
    assert (
        '"We are facing the worst flood in half a century, and the water is still rising," '
        "Marrow said at an emergency briefing in Karvona.",
        '"We face the worst flood of half a century and the water rises still," '
        "said Marrow on an emergency meeting in Karvona.",
    ) in pairs
    assert all(a.doc != b.doc for a, b in found[0].aligned)


def test_aligned_spans_point_into_their_documents():
    docs = corpus(WIRE, REWRITE, TRANSLATION)
    found, _ = families.find_families(docs)
    for a, b in found[0].aligned:
        for span in (a, b):
            assert span in docs[span.doc].sentences


def test_shared_web_furniture_does_not_make_a_family():
    furniture = "\n\n".join(
        [
            "Sign up for our morning newsletter and get the top stories delivered to your inbox every day.",
            "Our journalism depends on readers like you, so please consider supporting independent reporting today.",
            "Follow the regional desk on every platform for breaking updates about the northern provinces.",
            "Comments on this article are moderated and may take several hours to appear on the website.",
        ]
    )
    a = make(0, INDEPENDENT + "\n" + furniture)
    b = make(1, OTHER_TOPIC + "\n" + furniture)
    start_a, start_b = a.text.index("Sign up"), b.text.index("Sign up")
    a = replace(a, boilerplate=(Span(0, start_a, len(a.text)),))
    b = replace(b, boilerplate=(Span(1, start_b, len(b.text)),))
    assert families.find_families([a, b])[0] == []


def test_reports_without_sentences_stand_alone():
    found, docs = families.find_families(corpus("", "Short note.", WIRE))
    assert found == []
    assert [d.family for d in docs] == [None, None, None]


def test_candidate_pairs_are_far_fewer_than_all_pairs_on_many_unrelated_reports():
    bodies = [_synthetic_report(i) for i in range(120)]
    corpus_profile = families.profile_corpus(corpus(*bodies))
    n = len(bodies)
    assert len(families.candidate_pairs(corpus_profile)) < n * (n - 1) / 2 / 10


def _synthetic_report(seed: int) -> str:
    words = [
        "harbour", "minister", "council", "budget", "railway", "festival", "hospital", "school",
        "election", "factory", "river", "airport", "museum", "league", "court", "village",
    ]
    names = [f"Name{seed}x{k}" for k in range(6)]
    sentences = []
    for k in range(8):
        picked = [words[(seed * 7 + k * 3 + m) % len(words)] for m in range(5)]
        sentences.append(f"{names[k % 6]} said the {' '.join(picked)} plan for {names[(k + 1) % 6]} changed in {1990 + (seed + k) % 30}.")
    return "\n\n".join(sentences)


def test_bundled_sample_groups_the_translation_the_rewrite_and_the_wire_original():
    documents, _ = read_corpus([bundled_corpus()])
    found, docs = families.find_families([text.segment(d) for d in documents])
    names = [[Path(docs[i].path).name[:3] for i in f.documents] for f in found]
    assert names == [["000", "001", "002"]]


def test_content_tokens_are_light_stems_of_the_words_whatever_spaces_separate_them():
    sentence = "Marrow’s\u00a0team\tpulled 12,000.5 people\nfrom the roof-tops, (twice)."
    assert families.content_tokens(sentence) == ["marrow", "team", "pulled", "12000.5", "people", "roof-t", "twice"]


def test_a_report_aligned_through_its_sentence_index_aligns_as_it_does_directly():
    corpus_profile = families.profile_corpus(corpus(WIRE, TRANSLATION, REWRITE))
    for a, b in [(0, 1), (0, 2), (1, 2)]:
        direct = families.align(corpus_profile, a, b)
        for indexed in (a, b):
            profile = corpus_profile.profiles[indexed]
            index = families.SentenceIndex(indexed, families.sentence_index(profile, profile.vocabulary))
            assert families.align(corpus_profile, a, b, index) == direct
        assert len(direct.pairs) >= families.MIN_ALIGNED


def test_profiles_worked_out_report_by_report_give_the_same_families():
    docs = corpus(WIRE, INDEPENDENT, REWRITE, OTHER_TOPIC, TRANSLATION, WIRE, "Short note.")
    profiles = {doc.id: profile for doc, profile in zip(docs, families.report_profiles(docs))}
    assert families.find_families(docs, profiles=profiles) == families.find_families(docs)


def test_a_report_profile_depends_on_its_report_only():
    docs = corpus(WIRE, REWRITE, WIRE)
    [alone] = families.report_profiles([docs[2]])
    assert families.report_profiles([docs[0], docs[2]])[1] == alone
    assert families.report_profiles(docs)[2] == alone
    assert families.profile_corpus(docs).profiles[2].sentences == tuple(docs[2].sentences[k] for k in alone.sentences)


def test_bundled_reports_profiled_one_by_one_group_as_in_one_pass():
    documents, _ = read_corpus([bundled_corpus()])
    docs = [text.segment(d) for d in documents]
    profiles = {doc.id: families.report_profiles([doc])[0] for doc in docs}
    assert families.find_families(docs, profiles=profiles) == families.find_families(docs)


def test_words_found_between_punctuation_are_the_words_the_pattern_finds():
    chunks = [
        "(Iraq).", "“Marrow,”", "U.S.", "al-Assad’s", "Iraq's", "1,500.", "12th", "[a]", "«Özil»",
        "x_y", "_under", "-dash", "Σίσυφος", "İstanbul,", "ISIS/ISIL", "…and", "re—port", "‘quoted’", "1.5m",
    ]
    for chunk in chunks:
        expected = tuple(filter(None, map(families._stem, families._WORD.findall(chunk))))
        assert families.content_tokens(chunk) == list(expected), chunk


def test_no_reports_or_reports_without_words_make_no_families():
    assert families.find_families([]) == ([], [])
    docs = corpus("!!!", "12 34", "—")
    found, out = families.find_families(docs)
    assert found == [] and [d.family for d in out] == [None, None, None]


def test_heaviest_chain_is_the_heaviest_in_order_subset_of_the_matches():
    rng = random.Random(7)
    for trial in range(300):
        cells = sorted(rng.sample([(i, j) for i in range(5) for j in range(5)], rng.randint(0, 8)))
        if trial % 3 == 0:  # in order on both sides, as a retelling's matches mostly are
            cells = [(i, j) for k, (i, j) in enumerate(cells) if all(i > p and j > q for p, q in cells[:k])]
        matches = [(i, j, rng.uniform(0.15, 1.0)) for i, j in cells]
        best = max(
            (
                chain
                for size in range(len(matches) + 1)
                for chain in combinations(matches, size)
                if all(p[0] < q[0] and p[1] < q[1] for p, q in zip(chain, chain[1:]))
            ),
            key=lambda chain: sum(score for *_, score in chain),
        )
        assert families.heaviest_chain(matches, 5) == [(i, j) for i, j, _ in best]
