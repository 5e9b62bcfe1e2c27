"""Fuzzy search over the index, and the items that concern one actor."""

from briefing.index import Index
from briefing.model import Actor, Claim, Conflict, Document, Event, PartialDate, Quote, Span
from briefing.search import build_searcher, fold
from briefing.text import segment

REPORT_1 = (
    "Foreign Minister Fuad Hussein met the UN envoy in Baghdad on Monday. "
    "\"We want calm on the border,\" Hussein said.\n\n"
    "An official who asked not to be named said the talks were difficult."
)
REPORT_2 = (
    "The envoy, Jeanine Hennis-Plasschaert, left Baghdad on Tuesday. "
    "Twelve people were hurt in the protest outside the ministry."
)


def doc(doc_id: int, text: str) -> Document:
    return segment(Document(id=doc_id, path=f"r{doc_id}.txt", title=text[:30], text=text))


def at(document: Document, needle: str) -> Span:
    start = document.text.index(needle)
    return Span(document.id, start, start + len(needle))


def sample_index() -> Index:
    d1, d2 = doc(0, REPORT_1), doc(1, REPORT_2)
    hussein = Actor("a1", "Fuad Hussein", "person", ("Fuad Hussein", "Hussein"), ("Foreign Minister",),
                    (at(d1, "Fuad Hussein"), at(d1, "Hussein said")))
    envoy = Actor("a2", "Jeanine Hennis-Plasschaert", "person", ("Jeanine Hennis-Plasschaert",), ("UN envoy",),
                  (at(d2, "Jeanine Hennis-Plasschaert"),))
    baghdad = Actor("a3", "Baghdad", "place", ("Baghdad",), (), (at(d1, "Baghdad"), at(d2, "Baghdad")))
    met = Event("e1", 0, PartialDate(2024, 3, 4), "on Monday", at(d1, "on Monday"), True, PartialDate(2024, 3, 5),
                at(d1, "Foreign Minister Fuad Hussein met the UN envoy in Baghdad on Monday."), "Hussein met the envoy")
    left = Event("e2", 1, PartialDate(2024, 3, 5), "on Tuesday", at(d2, "on Tuesday"), True, PartialDate(2024, 3, 6),
                 at(d2, "The envoy, Jeanine Hennis-Plasschaert, left Baghdad on Tuesday."), "The envoy left Baghdad",
                 actors=("a2",))
    calm = Quote("q1", 0, "We want calm on the border,", at(d1, "We want calm on the border,"), "Fuad Hussein", "named",
                 speaker_actor="a1")
    hurt = Conflict("k1", "number", "People hurt in the protest",
                    (Claim(at(d2, "Twelve people were hurt"), "Twelve people were hurt"),))
    return Index(documents=(d1, d2), actors=(hussein, envoy, baghdad), events=(met, left), quotes=(calm,), conflicts=(hurt,))


def test_a_name_finds_the_actor_and_the_items_whose_sentences_mention_it():
    result = build_searcher(sample_index()).search("hussein")
    assert result.items == {"a1", "e1", "q1"}
    assert result.primary == {"a1", "e1", "q1"}
    assert result.documents == (0,)


def test_words_of_the_source_sentence_match_but_rank_below_the_items_own_words():
    result = build_searcher(sample_index()).search("border")
    assert result.items == {"q1"}
    result = build_searcher(sample_index()).search("difficult")
    assert result.items == frozenset()
    assert result.documents == (0,)


def test_a_typo_still_finds_the_word():
    assert "a1" in build_searcher(sample_index()).search("Husein")
    assert "a2" in build_searcher(sample_index()).search("plasschart")


def test_the_last_word_matches_as_a_prefix_while_typing_but_not_after_a_space():
    searcher = build_searcher(sample_index())
    assert "a2" in searcher.search("jean")
    assert "a2" not in searcher.search("jean ")


def test_every_word_must_match():
    searcher = build_searcher(sample_index())
    assert searcher.search("envoy baghdad").items == {"e1", "e2"}
    assert searcher.search("envoy twelve").items == frozenset()


def test_case_and_accents_do_not_matter():
    assert fold("ṢADR") == fold("sadr")
    assert "a3" in build_searcher(sample_index()).search("BAGHDÂD")


def test_an_empty_query_matches_nothing():
    result = build_searcher(sample_index()).search("  ")
    assert not result.items and not result.documents


def test_an_actor_concerns_the_items_that_name_or_quote_it_and_the_actors_beside_it():
    searcher = build_searcher(sample_index())
    assert searcher.related("a1") == {"a1", "e1", "q1", "a3"}
    assert searcher.related("a2") == {"a2", "e2", "a3"}


def test_a_conflict_concerns_the_actors_mentioned_in_its_claims():
    index = sample_index()
    d2 = index.documents[1]
    claim = Claim(at(d2, "The envoy, Jeanine Hennis-Plasschaert, left"), "The envoy left")
    conflict = Conflict("k2", "date", "When the envoy left", (claim,))
    searcher = build_searcher(Index(documents=index.documents, actors=index.actors, conflicts=(conflict,)))
    assert "k2" in searcher.related("a2")
    assert "k2" not in searcher.related("a1")


def test_the_index_answers_search_itself():
    from briefing.index import build_index, bundled_corpus

    index = build_index([bundled_corpus()])
    found = index.search("Mansour")
    mansour = next(a for a in index.actors if "Mansour" in a.name)
    assert mansour.id in found.items
    assert all("mansour" in " ".join(index.by_id[i].aliases).lower() for i in found.primary if i.startswith("a"))
