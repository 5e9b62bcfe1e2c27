"""Actors: mentions found by rules, typed by cues, merged within and across reports."""

import pickle

from briefing import text
from briefing.actors import Lookups, extract_actors, report_candidates
from briefing.model import Actor
from briefing.sources import build_document


def reports(*texts: str):
    return [text.segment(build_document(i, f"report{i}.txt", body)) for i, body in enumerate(texts)]


def actor_named(actors: list[Actor], surface: str) -> Actor:
    found = [a for a in actors if surface in a.aliases]
    assert len(found) == 1, f"{surface!r} is in {len(found)} actors: {[a.name for a in found]}"
    return found[0]


def all_aliases(actors: list[Actor]) -> set[str]:
    return {alias for a in actors for alias in a.aliases}


def test_spelling_variants_of_one_person_merge_across_two_reports():
    actors = extract_actors(reports(
        "Iraqi government spokesman Bassem Awadi said on Friday that the timetable had not changed. "
        "Rinad Mansour, a senior researcher at Chatham House, said the fears were real.",
        "Iraqi spokesperson Bassim al-Awadi maintained that the time frames had not changed. "
        "Renad Mansour, a senior research fellow at the Chatham House think tank, noted the history.",
    ))
    awadi = actor_named(actors, "Bassem Awadi")
    assert "Bassim al-Awadi" in awadi.aliases
    assert awadi.kind == "person"
    assert awadi.documents == (0, 1)
    mansour = actor_named(actors, "Rinad Mansour")
    assert "Renad Mansour" in mansour.aliases
    assert mansour is not awadi


def test_transliterations_of_a_surname_merge_but_different_first_names_stay_apart():
    actors = extract_actors(reports(
        "A senior Iranian general, Qassem Suleimani, was killed in a drone strike near the airport.",
        "The killing of Qassem Soleimani in January 2020 angered parliament, officials said.",
        "His brother Hassan Soleimani was not present, according to the family.",
    ))
    qassem = actor_named(actors, "Qassem Suleimani")
    assert "Qassem Soleimani" in qassem.aliases
    assert "Hassan Soleimani" not in qassem.aliases


def test_arabic_letters_written_two_ways_merge_but_close_english_names_do_not():
    actors = extract_actors(reports(
        "Rebel leader Abu Mohammed al-Jolani said the offensive would continue. John Smith reported.",
        "Abu Mohammad al-Golani met the envoys, wrote Joan Smith.",
    ))
    assert "Abu Mohammad al-Golani" in actor_named(actors, "Abu Mohammed al-Jolani").aliases
    assert actor_named(actors, "John Smith") is not actor_named(actors, "Joan Smith")


def test_iraq_and_iran_and_austria_and_australia_are_kept_apart():
    actors = extract_actors(reports(
        "Iraq and Iran signed a border deal. Officials in Iraq welcomed it, and Iran said it would follow.",
        "Austria and Australia played a friendly match in Vienna, where Austria won.",
    ))
    for a, b in (("Iraq", "Iran"), ("Austria", "Australia")):
        assert actor_named(actors, a) is not actor_named(actors, b)
        assert actor_named(actors, a).kind == "place"


def test_a_surname_alone_refers_back_to_the_full_name_in_the_same_report():
    actors = extract_actors(reports(
        "Andrei Ontikov, an orientalist and author, spoke to the newspaper on Tuesday. "
        "According to Ontikov, the presence of the troops is symbolic.",
    ))
    ontikov = actor_named(actors, "Andrei Ontikov")
    assert ontikov.aliases == ("Andrei Ontikov", "Ontikov")
    assert len(ontikov.mentions) == 2


def test_a_surname_shared_by_two_people_is_left_alone():
    actors = extract_actors(reports(
        "Sarah Okafor, the finance minister, met her brother David Okafor, a banker, in Lagos. "
        "Okafor later declined to comment on the meeting.",
    ))
    sarah = actor_named(actors, "Sarah Okafor")
    david = actor_named(actors, "David Okafor")
    assert sarah is not david
    assert "Okafor" not in sarah.aliases and "Okafor" not in david.aliases


def test_a_titled_surname_written_first_joins_its_person_but_a_princes_given_name_does_not():
    actors = extract_actors(reports(
        "Chinese leader Xi Jinping met Charles Kennedy in Beijing. President Xi said trade would grow, "
        "and Prince Charles attended the dinner.",
    ))
    assert "Xi" in actor_named(actors, "Xi Jinping").aliases
    assert actor_named(actors, "Charles") is not actor_named(actors, "Charles Kennedy")


def test_a_surname_in_another_report_joins_the_only_person_with_that_name():
    actors = extract_actors(reports(
        "The administration of US President Joseph Biden announced the end of the mission.",
        "Reuters learned that the Biden administration did not plan to respond to the attacks.",
    ))
    biden = actor_named(actors, "Joseph Biden")
    assert "Biden" in biden.aliases
    assert biden.documents == (0, 1)


def test_titles_before_a_name_are_roles_not_part_of_the_name():
    actors = extract_actors(reports(
        "The parliament acted on the initiative of Prime Minister Mohammed Soudani last year. "
        "\"We cannot provide more detail,\" said Pentagon spokesman Major General Pat Ryder.",
    ))
    soudani = actor_named(actors, "Mohammed Soudani")
    assert soudani.name == "Mohammed Soudani"
    assert "Prime Minister" in soudani.roles
    ryder = actor_named(actors, "Pat Ryder")
    assert {"Major General", "Pentagon spokesman"} <= set(ryder.roles)
    assert ryder.kind == "person"
    assert not any("Minister" in alias or "General" in alias for alias in all_aliases(actors))


def test_dotted_titles_and_middle_initials_stay_with_the_name():
    actors = extract_actors(reports(
        "President George W. Bush met Sen. Bob Smith of New Hampshire in St. Louis. Mr. Smith said little.",
    ))
    assert "President" in actor_named(actors, "George W. Bush").roles
    smith = actor_named(actors, "Bob Smith")
    assert "Sen." in smith.roles
    assert "Smith" in smith.aliases
    assert actor_named(actors, "St. Louis").kind == "place"


def test_an_apposition_after_a_name_is_a_role():
    actors = extract_actors(reports(
        "Dmitry Polyansky, the Deputy Permanent Representative of Russia to the UN, claimed the "
        "resources had been diverted.",
    ))
    polyansky = actor_named(actors, "Dmitry Polyansky")
    assert polyansky.roles == ("Deputy Permanent Representative of Russia to the UN",)
    assert actor_named(actors, "Russia").kind == "place"


def test_an_acronym_joins_the_expansion_the_report_gives():
    actors = extract_actors(reports(
        "Farmers protested outside the offices of the Northern Rivers Water Board (NRWB) in March. "
        "The NRWB said it would review the charges.",
        "A spokesman for the NRWB declined to comment.",
    ))
    board = actor_named(actors, "Northern Rivers Water Board")
    assert "NRWB" in board.aliases
    assert board.kind == "organization"
    assert board.documents == (0, 1)


def test_a_name_the_text_says_is_known_by_another_joins_it_however_the_link_is_spaced():
    actors = extract_actors(reports(
        "Fighters loyal to Abu Karim Hassoun, also  known as Hajji Dawood, crossed the river on Monday. "
        "Officials said Hajji Dawood had not been seen since. "
        "Residents named Ahmed Jaburi  (a.k.a. Ali Kasim) as a witness.",
    ))
    assert "Hajji Dawood" in actor_named(actors, "Abu Karim Hassoun").aliases
    assert "Ali Kasim" in actor_named(actors, "Ahmed Jaburi").aliases


def test_well_known_equivalent_names_are_one_actor():
    actors = extract_actors(reports(
        "The US-led coalition has fought ISIS since 2014, and Washington says the fight goes on.",
        "The Islamic State (IS) lost its last territory, the United States said.",
        "Daesh cells remain active, U.S. officials warned.",
    ))
    islamic_state = actor_named(actors, "Islamic State")
    assert {"ISIS", "IS", "Daesh"} <= set(islamic_state.aliases)
    assert islamic_state.kind == "group"
    united_states = actor_named(actors, "United States")
    assert {"Washington", "U.S."} <= set(united_states.aliases)


def test_a_capital_named_as_a_location_stays_a_place_of_its_own():
    actors = extract_actors(reports(
        "A drone strike in Baghdad killed a commander. Later, a second blast in Baghdad hit a market.",
        "Iraq condemned the strike, and officials in Baghdad met the ambassador.",
    ))
    assert actor_named(actors, "Baghdad") is not actor_named(actors, "Iraq")
    assert actor_named(actors, "Baghdad").kind == "place"


def test_sentence_initial_words_months_and_weekdays_are_never_actors():
    actors = extract_actors(reports(
        "However, the talks resumed. Meanwhile officials met in Geneva on Monday. "
        "Multiple sources said the deal was close. In January, the ministers met again. "
        "Initially, the plan was to leave in September.",
    ))
    names = all_aliases(actors)
    for word in ("However", "Meanwhile", "Multiple", "January", "Monday", "September", "Initially", "In"):
        assert word not in names
    assert actor_named(actors, "Geneva").kind == "place"


def test_web_furniture_and_photo_credits_yield_no_actors():
    doc = reports(
        "Skip to main content\nAdvertisement\n\n"
        "The ministers of Chad and Niger met in Niamey to discuss the border.\n\n"
        "Photo: Reuters/Amadou Keita\n\n"
        "Officials said the talks would continue next month.\n"
    )[0]
    assert doc.boilerplate
    actors = extract_actors([doc])
    assert "Amadou Keita" not in all_aliases(actors)
    assert "Reuters" not in all_aliases(actors)
    for actor in actors:
        for mention in actor.mentions:
            assert not doc.touches_boilerplate(mention)


def test_title_case_headings_give_only_confirmed_names():
    actors = extract_actors(reports(
        "Pentagon Quietly Increases Troop Strength in Syria Without Much Noise\n\n"
        "The Pentagon has added troops in Syria, officials said on Tuesday.\n"
    ))
    names = all_aliases(actors)
    assert {"Pentagon", "Syria"} <= names
    assert not any("Increases" in name or "Noise" in name for name in names)


def test_kind_comes_from_cues_and_gazetteers():
    actors = extract_actors(reports(
        "A convoy crossed into Hasakah province. The militant group Jaysh al-Qadir claimed the attack, "
        "the Syrian daily Al-Watan reported. Fighters from Jaysh al-Qadir withdrew.",
    ))
    assert actor_named(actors, "Hasakah").kind == "place"
    assert actor_named(actors, "Jaysh al-Qadir").kind == "group"
    assert actor_named(actors, "Al-Watan").kind == "organization"


def test_every_mention_is_the_exact_text_of_an_alias():
    docs = reports(
        "BAGHDAD (AP) — Iraq’s National Security Service said al-Sudani’s office was informed.",
        "The U.S.-led coalition and Iran-backed factions clashed near Deir ez-Zor.",
    )
    actors = extract_actors(docs)
    assert actors
    for actor in actors:
        assert actor.name in actor.aliases
        for mention in actor.mentions:
            assert docs[mention.doc].slice(mention) in actor.aliases
    names = all_aliases(actors)
    assert {"National Security Service", "al-Sudani", "Deir ez-Zor", "Iran", "AP"} <= names


def test_ids_follow_independent_reports_then_mentions_and_are_stable():
    docs = reports(
        "Kenya and Uganda signed a trade pact. Kenya will cut tariffs.",
        "Kenya welcomed the pact, said a minister in Nairobi.",
        "Uganda ratified the pact; Kenya, Kenya and Kenya again were praised.",
    )
    first = extract_actors(docs)
    assert [a.id for a in first] == [f"a{i}" for i in range(1, len(first) + 1)]
    assert first[0].name == "Kenya"
    assert first[1].name == "Uganda"
    assert extract_actors(docs) == first


def test_a_compound_given_name_and_a_patronymic_written_several_ways_are_one_person():
    actors = extract_actors(reports(
        "Floods hit the valley on Saturday. "
        "Abdulrahman bin Shamlan, director of the civil defence in the valley, said 112 people had died. "
        "Rescuers were digging by hand, bin Shamlan said.",
        "The head of civil defence, Abdul-Rahman bin Shamlan, said 431 people were injured.",
        "And said Abdul Rahman Bin Shamlan, the director of the civil defense, that 112 persons died. "
        "Each hour we find another family, said Bin Shamlan by the phone. "
        "The governor Salim Omar Ben Hilal announced the emergency on Sunday.",
        "Governor Salem Omar bin Hilal declared a state of emergency on Sunday. Ben Smith, a reporter, was there.",
    ))
    shamlan = actor_named(actors, "Abdulrahman bin Shamlan")
    assert {"Abdul-Rahman bin Shamlan", "Abdul Rahman Bin Shamlan", "Bin Shamlan"} <= set(shamlan.aliases)
    assert "Salim Omar Ben Hilal" in actor_named(actors, "Salem Omar bin Hilal").aliases
    assert actor_named(actors, "Ben Smith") is not actor_named(actors, "Salem Omar bin Hilal")


def test_a_translated_organisation_name_in_another_word_order_and_spelling_is_one_actor():
    actors = extract_actors(reports(
        "The Civil Defence Authority said rescue teams reached the valley. "
        "The Presidential Leadership Council met in Aden.",
        "According to the Authority of the Civil Defense, teams arrived. "
        "The Council of the Presidential Leadership declared an emergency. "
        "The Society of the Yemeni Red Crescent sent volunteers.",
        "The Yemen Red Crescent Society opened a shelter, and the Leadership Committee met.",
    ))
    assert "Authority of the Civil Defense" in actor_named(actors, "Civil Defence Authority").aliases
    assert "Council of the Presidential Leadership" in actor_named(actors, "Presidential Leadership Council").aliases
    assert "Society of the Yemeni Red Crescent" in actor_named(actors, "Yemen Red Crescent Society").aliases
    assert actor_named(actors, "Leadership Committee") is not actor_named(actors, "Presidential Leadership Council")


def test_a_valley_or_lake_named_after_a_place_is_not_that_place():
    actors = extract_actors(reports(
        "Floods hit Marib province on Sunday. Rain fell on Wadi Marib for six hours. "
        "Boats sank on Lake Geneva, and the talks in Geneva were delayed. Marib is cut off.",
    ))
    assert actor_named(actors, "Marib") is not actor_named(actors, "Wadi Marib")
    assert actor_named(actors, "Geneva") is not actor_named(actors, "Lake Geneva")


def test_a_dateline_in_capitals_does_not_make_a_place_an_acronym():
    actors = extract_actors(reports(
        "TAIZZ, Yemen (Reuters) - Roads out of Taizz were cut, officials said in Taizz.",
        "Aid reached Taizz on Monday.",
    ))
    taizz = actor_named(actors, "Taizz")
    assert "TAIZZ" in taizz.aliases
    assert taizz.documents == (0, 1)


def test_transliterations_that_write_the_vowels_differently_are_one_actor():
    actors = extract_actors(reports(
        "Rescuers reached Seiyun on Monday. The Houthis offered help.",
        "Teams arrived in Sayun late on Monday. The Huthis sent a convoy.",
        "Roads to Seiyun reopened, Hassan told reporters; Hussein disagreed. Houthi officials denied it.",
        "In Sayun, Huthi fighters were seen; Hussein spoke again, as did Hassan.",
    ))
    assert "Sayun" in actor_named(actors, "Seiyun").aliases
    houthis = actor_named(actors, "Houthis")
    assert {"Huthis", "Huthi", "Houthi"} <= set(houthis.aliases)
    assert actor_named(actors, "Hassan") is not actor_named(actors, "Hussein")


def test_per_report_candidates_give_the_same_actors_whether_made_alone_or_sent_from_a_worker():
    docs = reports(
        "Labour won the vote. Prime Minister Tony Blair said the Labour government would act.",
        "LONDON, England - Blair met Gordon Brown. Brown said nothing. The labour market grew.",
        "Iraq Without Too Much Noise\nThe US-led coalition met Iraqi government officials in Baghdad.",
    )
    # Each report read by itself (as a worker would, in any order), sent through pickle.
    alone = {doc.id: pickle.loads(pickle.dumps(report_candidates(doc))) for doc in reversed(docs)}
    shared = Lookups()
    assert alone == {doc.id: report_candidates(doc, shared) for doc in docs}
    assert extract_actors(docs, alone) == extract_actors(docs)
