"""The reader: which files become documents, how they are decoded and cleaned,
and what it finds in them before any extraction (boilerplate, header date,
title, language). Every report here is written in the test."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from briefing.model import Document, PartialDate
from briefing.sources import build_document, clean_text, decode, read_corpus, read_document

BODY = (
    "Iraqi officials said on Friday that the talks with the coalition would continue next week. "
    "The prime minister's office confirmed the plan in a statement.\n\n"
    "A spokesman for the defence ministry told reporters that no date had been set for the withdrawal.\n"
)
RUSSIAN = (
    "Ирак, который ранее добивался вывода американского контингента из страны, решил пересмотреть "
    "своё требование. Об этом сообщают американские СМИ. Багдад сейчас остро нуждается в военной "
    "поддержке Запада из-за последних событий в Сирии.\n"
)
FRENCH = (
    "Le Premier ministre irakien a annoncé vendredi le début du retrait de la coalition. "
    "« Nous ne permettrons pas que l'Irak devienne une arène », a-t-il déclaré à la télévision.\n"
)
SPANISH = (
    "El Gobierno iraquí señaló que la retirada de las tropas comenzará el próximo año, según informó "
    "el diario. ¿Qué pasará después? Los expertos creen que la situación en la región seguirá siendo difícil.\n"
)


def read_one(folder: Path, **options) -> tuple[list[Document], list]:
    return read_corpus([folder], **options)


def boilerplate_lines(doc: Document) -> list[str]:
    """The non-blank lines inside the boilerplate spans, in order."""
    return [line for s in doc.boilerplate for line in doc.slice(s).split("\n") if line.strip()]


def doc_of(text: str) -> Document:
    return build_document(0, "report.txt", text)


# Finding files


def test_folders_are_read_recursively_in_a_stable_order_skipping_hidden_and_other_files(write_reports):
    root = write_reports(
        {
            "b.txt": BODY,
            "a.md": BODY,
            "sub/c.TXT": BODY,
            ".hidden.txt": BODY,
            ".git/d.txt": BODY,
            "photo.jpg": b"\xff\xd8\xff\xe0",
            "notes.docx": b"PK\x03\x04",
        }
    )
    docs, problems = read_one(root)
    assert [Path(d.path).relative_to(root).as_posix() for d in docs] == ["a.md", "b.txt", "sub/c.TXT"]
    assert [d.id for d in docs] == [0, 1, 2]
    assert problems == []


def test_a_file_named_twice_or_linked_is_read_once(write_reports, tmp_path):
    root = write_reports({"a.txt": BODY})
    (tmp_path / "link.txt").symlink_to(root / "a.txt")
    docs, _ = read_corpus([root, root / "a.txt", str(root / "a.txt"), tmp_path / "link.txt"])
    assert len(docs) == 1


# Refusals: one sentence naming the file, and the rest still loads


def test_binary_file_is_refused_and_the_rest_loads(write_reports):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    root = write_reports({"image.txt": png, "random.txt": os.urandom(4096), "good.txt": BODY})
    docs, problems = read_one(root)
    assert [Path(d.path).name for d in docs] == ["good.txt"]
    assert sorted(Path(p.path).name for p in problems) == ["image.txt", "random.txt"]
    for p in problems:
        assert p.message.startswith(p.path) and "binary" in p.message and p.message.count(".") >= 1


@pytest.mark.parametrize("content", [b"", b"   \n\n\t \r\n"], ids=["empty", "whitespace-only"])
def test_empty_file_is_refused(write_reports, content):
    root = write_reports({"empty.txt": content, "good.txt": BODY})
    docs, problems = read_one(root)
    assert len(docs) == 1
    assert [p.message for p in problems] == [f"{root / 'empty.txt'} was skipped: it is empty."]


def test_file_of_only_control_characters_is_refused_as_holding_no_text(write_reports):
    root = write_reports({"junk.txt": b"\x1b[31m\x1b[0m  \x1b]0;window title\x07\n\x1b[2J\n", "good.txt": BODY})
    docs, problems = read_one(root)
    assert len(docs) == 1
    assert problems[0].message == f"{root / 'junk.txt'} was skipped: it holds no readable text."


def test_oversize_file_is_refused_with_the_limit_in_the_sentence(write_reports):
    root = write_reports({"big.txt": BODY * 100, "small.txt": BODY})
    docs, problems = read_one(root, max_bytes=4096)
    assert [Path(d.path).name for d in docs] == ["small.txt"]
    assert len(problems) == 1
    message = problems[0].message
    assert message.startswith(str(root / "big.txt")) and "over the 4.0 KB limit" in message


def test_default_size_limit_is_twenty_megabytes(write_reports):
    root = write_reports({"big.txt": b"word " * (4 * 1024 * 1024 + 1)})
    _, problems = read_one(root)
    assert "over the 20.0 MB limit" in problems[0].message


@pytest.mark.parametrize("grown_to, limit, outcome", [(3, 4096, "read"), (100, 4096, "refused")])
def test_a_file_that_grew_after_its_size_was_taken_is_read_on_up_to_the_limit(
    write_reports, monkeypatch, grown_to, limit, outcome
):
    root = write_reports({"report.txt": BODY, "grown.txt": BODY * grown_to})
    real_open = open

    def grown(path, *args, **kwargs):
        return real_open(str(path).replace("report.txt", "grown.txt"), *args, **kwargs)

    # The size is taken from report.txt; the bytes come from the longer grown.txt.
    monkeypatch.setattr("briefing.sources.open", grown, raising=False)
    result = read_document(str(root / "report.txt"), 0, max_bytes=limit)
    if outcome == "read":
        assert result.text == BODY * grown_to
    else:
        assert "over the 4.0 KB limit" in result.message


def test_missing_path_is_a_problem_and_the_other_paths_load(write_reports, tmp_path):
    root = write_reports({"good.txt": BODY})
    missing = tmp_path / "nowhere" / "report.txt"
    docs, problems = read_corpus([missing, root])
    assert len(docs) == 1
    assert [p.message for p in problems] == [f"{missing} was skipped: no such file or folder."]


def test_folder_without_reports_is_a_problem(tmp_path):
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "a.png").write_bytes(b"\x89PNG")
    docs, problems = read_corpus([tmp_path / "pictures"])
    assert docs == []
    assert problems[0].message == f"{tmp_path / 'pictures'} was skipped: the folder holds no .txt or .md reports."


def test_a_folder_given_where_a_file_is_expected_is_refused(tmp_path):
    (tmp_path / "looks-like.txt").mkdir()
    result = read_document(str(tmp_path / "looks-like.txt"), 0)
    assert result.message == f"{tmp_path / 'looks-like.txt'} was skipped: it is a folder, not a file."


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    docs, problems = read_corpus([fifo])
    assert docs == [] and problems[0].message == f"{fifo} was skipped: it is not a regular file."


def test_unreadable_file_is_refused_as_permission_denied(write_reports, monkeypatch):
    root = write_reports({"locked.txt": BODY, "good.txt": BODY})

    def deny(path, *args, **kwargs):
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, *args, **kwargs)

    # Root reads files whatever their mode bits, so the refusal is simulated at open().
    monkeypatch.setattr("briefing.sources.open", deny, raising=False)
    docs, problems = read_one(root)
    assert [Path(d.path).name for d in docs] == ["good.txt"]
    assert [p.message for p in problems] == [f"{root / 'locked.txt'} was skipped: it cannot be read (permission denied)."]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file modes")
def test_unreadable_file_by_its_mode_bits_is_refused(write_reports):
    root = write_reports({"locked.txt": BODY, "good.txt": BODY})
    (root / "locked.txt").chmod(0)
    try:
        docs, problems = read_one(root)
    finally:
        (root / "locked.txt").chmod(0o644)
    assert len(docs) == 1 and "permission denied" in problems[0].message


# Decoding


def test_utf8_with_and_without_bom_read_the_same_without_a_warning(write_reports):
    text = "Café owners in Zürich said “no”.\n" + BODY
    root = write_reports({"bom.txt": b"\xef\xbb\xbf" + text.encode(), "plain.txt": text.encode()})
    docs, _ = read_one(root)
    assert [d.text for d in docs] == [text, text]
    assert [d.encoding for d in docs] == ["utf-8-sig", "utf-8"]
    assert all(d.warnings == () for d in docs)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-16-le"])
def test_utf16_with_a_bom_is_decoded(write_reports, codec):
    text = "Officials in Baghdad said “the talks continue”.\n" + BODY
    data = text.encode(codec) if codec == "utf-16" else {"utf-16-be": b"\xfe\xff", "utf-16-le": b"\xff\xfe"}[codec] + text.encode(codec)
    docs, problems = read_one(write_reports({"wide.txt": data}))
    assert problems == [] and docs[0].text == text
    assert docs[0].warnings == ()


def test_utf16_without_a_bom_is_recognised_by_its_zero_bytes_and_flagged(write_reports):
    assert decode(BODY.encode("utf-16-le")) == (BODY, "utf-16-le")
    assert decode(BODY.encode("utf-16-be")) == (BODY, "utf-16-be")
    docs, _ = read_one(write_reports({"wide.txt": BODY.encode("utf-16-le")}))
    assert docs[0].warnings[0].startswith("Decoded as utf-16-le (UTF-16 without a byte order mark)")


def test_cp1251_russian_text_is_detected_and_the_warning_names_the_encoding(write_reports):
    docs, _ = read_one(write_reports({"ru.txt": RUSSIAN.encode("cp1251")}))
    doc = docs[0]
    assert doc.text == RUSSIAN
    assert doc.encoding == "cp1251"
    assert any(w.startswith("Decoded as cp1251 (Cyrillic), not UTF-8") for w in doc.warnings)


@pytest.mark.parametrize(
    "text",
    [FRENCH, SPANISH, "Café crème à Paris.\n", "Año nuevo en España.\n", "Profits rose to £42m at the Zürich arm.\n"],
    ids=["french", "spanish", "short-french", "short-spanish", "english-with-pound-sign"],
)
@pytest.mark.parametrize("codec", ["cp1252", "latin_1"])
def test_western_legacy_text_decodes_exactly_and_is_named_in_a_warning(text, codec):
    raw, encoding = decode(text.encode(codec))
    assert raw == text
    assert encoding in ("cp1252", "latin_1")
    doc = build_document(0, "x.txt", raw, encoding=encoding)
    assert doc.encoding == encoding


def test_latin1_file_gets_a_warning_naming_the_code_page(write_reports):
    docs, _ = read_one(write_reports({"fr.txt": ("Le président a déclaré.\n" + BODY).encode("latin_1")}))
    assert docs[0].text.startswith("Le président a déclaré.")
    assert docs[0].warnings[0].startswith(f"Decoded as {docs[0].encoding} (Western European), not UTF-8")


def test_english_with_only_curly_quotes_in_cp1252_is_named_cp1252_not_cyrillic():
    text = "He said \u201cwe will stay\u201d \u2014 and left\u2026 It\u2019s over.\n"
    assert decode(text.encode("cp1252")) == (text, "cp1252")


def test_crlf_and_lone_cr_line_ends_become_newlines(write_reports):
    root = write_reports({"dos.txt": b"Title line here\r\n\r\nFirst line.\r\nSecond line.\r\n", "mac.txt": b"Title line here\r\rFirst line.\rSecond line.\r"})
    docs, _ = read_one(root)
    assert [d.text for d in docs] == ["Title line here\n\nFirst line.\nSecond line.\n"] * 2


# Cleaning: text is untrusted and kept literally, minus terminal controls


def test_markup_lookalikes_are_kept_literally_and_escape_sequences_removed(write_reports):
    raw = (
        "[bold]Breaking[/] news: \x1b[31mred alert\x1b[0m in [link=https://evil.example]the capital[/link].\n"
        "\x1b]52;c;SGVsbG8gd29ybGQ=\x07Clipboard line.\x1b]8;;https://x.example\x1b\\link\x1b]8;;\x1b\\ text\n"
        "\x1bP+q544e\x1b\\Device control gone.\tTabbed\x00 \x07bell \x9b1mcsi\x0e\n"
        "[/] [dim]closing tags[/dim] and \x1b(Bcharset\x1b7 saved.\n"
    )
    docs, _ = read_one(write_reports({"hostile.txt": raw}))
    assert docs[0].text == (
        "[bold]Breaking[/] news: red alert in [link=https://evil.example]the capital[/link].\n"
        "Clipboard line.link text\n"
        "Device control gone.\tTabbed bell csi\n"
        "[/] [dim]closing tags[/dim] and charset saved.\n"
    )


def test_an_unterminated_escape_string_does_not_swallow_the_next_lines():
    assert clean_text("Before\x1b]0;never closed\nThe next line stays.\n") == "Before\nThe next line stays.\n"
    assert clean_text("A\x1bPno end here\nB\n") == "A\nB\n"


def test_other_line_breaks_become_newlines_and_bidi_overrides_go():
    assert clean_text("one\u2028two\x0cthree\x85four\u202eevil\u202c") == "one\ntwo\nthree\nfourevil"


# Header date


@pytest.mark.parametrize(
    "header, expected, date_text",
    [
        ("date 2024-02-06 BAGHDAD (AP) — The fall of the government led factions to reconsider.", PartialDate(2024, 2, 6), "2024-02-06"),
        ("31 January 2025", PartialDate(2025, 1, 31), "31 January 2025"),
        ("Published: 2025-01-31", PartialDate(2025, 1, 31), "2025-01-31"),
        ("Feb 01, 2025", PartialDate(2025, 2, 1), "Feb 01, 2025"),
        ("Updated on March 3rd, 2024", PartialDate(2024, 3, 3), "March 3rd, 2024"),
        ("Friday, 31 January 2025", PartialDate(2025, 1, 31), "31 January 2025"),
        ("By Jane Writer | Jan. 31, 2025", PartialDate(2025, 1, 31), "Jan. 31, 2025"),
        ("2025-01-31 BAGHDAD — Officials met on Friday.", PartialDate(2025, 1, 31), "2025-01-31"),
        ("Last modified on Fri 31 Jan 2025 10.41 GMT", PartialDate(2025, 1, 31), "31 Jan 2025"),
        ("31.01.2025 10:41", PartialDate(2025, 1, 31), "31.01.2025"),
        ("2025/01/31", PartialDate(2025, 1, 31), "2025/01/31"),
        ("25/12/2024", PartialDate(2024, 12, 25), "25/12/2024"),
        ("12/25/2024", PartialDate(2024, 12, 25), "12/25/2024"),
    ],
)
def test_header_date_forms(header, expected, date_text):
    doc = doc_of(f"Talks on the Coalition Stall Again\n{header}\n\n{BODY}")
    assert doc.date == expected
    assert doc.date_source == "header" and doc.header_date == expected
    assert doc.slice(doc.date_span) == date_text
    assert doc.date.granularity == "day"


def test_a_today_widget_is_not_the_article_date_and_is_boilerplate():
    doc = doc_of(f"Today : Feb 01, 2025\nWorld News\n31 January 2025\n\nFactions Rethink Troop Presence\n\n{BODY}")
    assert doc.date == PartialDate(2025, 1, 31)
    assert boilerplate_lines(doc)[:2] == ["Today : Feb 01, 2025", "World News"]
    assert not doc.in_boilerplate(doc.date_span)


def test_a_widget_alone_leaves_the_document_undated():
    doc = doc_of(f"Today : Feb 01, 2025\n\nFactions Rethink Troop Presence\n\n{BODY}")
    assert doc.date is None and doc.date_source == "none" and doc.date_span is None


def test_a_date_inside_a_sentence_of_the_body_is_not_a_header_date():
    doc = doc_of("Assad Falls\n\n8 December 2024 was the day the government in Damascus collapsed after a rebel offensive.\n")
    assert doc.date is None


def test_a_slash_date_that_could_be_day_first_or_month_first_is_not_guessed():
    assert doc_of(f"03/04/2025\n\n{BODY}").date is None


def test_a_header_date_below_a_long_menu_is_found():
    menu = "\n".join(["Skip to main content", "Home", "World", "Business", "Sport", "Culture", "Travel", "Video", "Live", "Search"])
    doc = doc_of(f"{menu}\n\nFactions Rethink Troop Presence\nPublished: 2025-01-31\n\n{BODY}")
    assert doc.date == PartialDate(2025, 1, 31)


def test_a_report_without_any_date_has_none():
    doc = doc_of(BODY)
    assert (doc.date, doc.date_source, doc.header_date) == (None, "none", None)


def test_impossible_dates_are_not_header_dates():
    assert doc_of(f"Published: 2025-02-30\n\n{BODY}").date is None
    assert doc_of(f"31 Foo 2025\n\n{BODY}").date is None


# Title


def test_title_is_the_headline_not_the_menu_date_or_standfirst():
    doc = doc_of(
        "Skip to main content\nHome\nWorld\n\n31 January 2025\n\nIraqi Factions Rethink U.S. Troop Presence\n\n"
        "Following the change in Syria, factions are worried about security in the region.\n\n" + BODY
    )
    assert doc.title == "Iraqi Factions Rethink U.S. Troop Presence"


def test_a_short_headline_is_the_title_and_not_boilerplate():
    doc = doc_of("Weak dollar hits Reuters\n\n" + BODY)
    assert doc.title == "Weak dollar hits Reuters"
    assert doc.boilerplate == ()


def test_without_a_headline_the_title_is_the_first_sentence_after_the_header_date():
    doc = doc_of(
        "date 2024-02-06 BAGHDAD (AP) — The fall of Bashar Assad in Syria has led Iran-allied factions in "
        "neighboring Iraq to reconsider their push for U.S. forces to exit. Officials said so on Friday.\n"
    )
    assert doc.title.startswith("BAGHDAD (AP) — The fall of Bashar Assad")
    assert len(doc.title) <= 100


def test_title_skips_boilerplate_lines():
    doc = doc_of("Advertisement\nLive broadcast\n\n" + BODY)
    assert doc.title.startswith("Iraqi officials said on Friday")


def test_markdown_heading_marks_are_not_part_of_the_title():
    assert doc_of("# **Troops Stay in Iraq**\n\n" + BODY).title == "Troops Stay in Iraq"


def test_a_byline_longer_than_the_headline_is_not_the_title():
    doc = doc_of("Troops Stay in Iraq\nBy Jane Writer and John Reporter, Associated Press\n\n" + BODY)
    assert doc.title == "Troops Stay in Iraq"


# Boilerplate: marked as spans of whole lines, never deleted


def test_menu_lines_before_the_report_are_boilerplate_even_unknown_ones():
    menu = ["Skip to main content", "Advertisement", "Main slide", "Beginning of the article", "Select important", "On", "Off"]
    doc = doc_of("\n".join(menu) + "\n\n" + BODY)
    assert boilerplate_lines(doc) == menu
    assert BODY.strip().split("\n")[0] in doc.text


def test_a_block_of_one_word_section_links_is_a_menu():
    doc = doc_of("Business\nMarkets\nTechnology\nCulture\n\n" + BODY)
    assert boilerplate_lines(doc) == ["Business", "Markets", "Technology", "Culture"]


def test_photo_credits_and_captions_are_boilerplate_but_headings_stay():
    text = (
        BODY
        + "\nChanged their minds\n\n"
        + "The ministry said the decision had been taken after weeks of consultations with its allies.\n\n"
        + "U.S. soldiers calibrate a howitzer in northern Syria\n\nPhoto: Global Look Press/Spc. Jane Doe\n\n"
        + "The Pentagon declined to say how many soldiers were deployed in the two countries.\n\n"
        + "Image caption, Soldiers at a base near the border in a photograph released by the army.\n\n"
        + "Officials said further talks would take place in the coming weeks, according to the statement.\n"
    )
    doc = doc_of(text)
    assert boilerplate_lines(doc) == [
        "U.S. soldiers calibrate a howitzer in northern Syria",
        "Photo: Global Look Press/Spc. Jane Doe",
        "Image caption, Soldiers at a base near the border in a photograph released by the army.",
    ]


def test_lines_in_another_script_than_the_body_are_boilerplate():
    text = BODY + "\nСирия\n\nSituation in Syria\n\nPhoto: Reuters/A. Photographer\n\n" + BODY + "\nВоеннослужащие США\n\n" + BODY
    doc = doc_of(text)
    assert boilerplate_lines(doc) == ["Сирия", "Situation in Syria", "Photo: Reuters/A. Photographer", "Военнослужащие США"]
    assert doc.language == "en" and doc.warnings == ()


def test_teaser_headlines_after_next_article_are_boilerplate():
    text = (
        "Coalition Withdrawal Sparks Tensions\n\n" + BODY + "\nNo time to read?\nGet a summary\nPrevious Article\n\n"
        "Real Madrid Dominates Final Minutes to Beat Bayern Munich\n\nNext Article\n\n"
        "The National Debt: Global Implications and Fiscal Outlook\n"
    )
    doc = doc_of(text)
    assert boilerplate_lines(doc) == [
        "No time to read?",
        "Get a summary",
        "Previous Article",
        "Real Madrid Dominates Final Minutes to Beat Bayern Munich",
        "Next Article",
        "The National Debt: Global Implications and Fiscal Outlook",
    ]
    assert doc.title == "Coalition Withdrawal Sparks Tensions"


def test_read_more_pointers_are_boilerplate():
    doc = doc_of(BODY + "\nRead more: Why the coalition is leaving Iraq\n\n" + BODY)
    assert boilerplate_lines(doc) == ["Read more: Why the coalition is leaving Iraq"]


def test_prose_that_happens_to_start_like_a_credit_is_not_boilerplate():
    doc = doc_of("Video: the footage, filmed on Friday, shows soldiers leaving the base in a long convoy of trucks.\n\n" + BODY)
    assert doc.boilerplate == ()


def test_short_lines_repeated_across_three_reports_are_boilerplate(write_reports):
    sign_off = "The Baghdad bureau and the world desk"
    stories = [
        "Officials met in Baghdad on Friday to discuss the withdrawal of foreign troops from the country.\n",
        "The parliament voted on Monday in favour of a resolution calling for the end of the mission.\n",
        "Militias launched drones at a base in the west of the country, the army said on Sunday.\n",
    ]
    root = write_reports({f"{i}.txt": f"Story number {i}\n\n{s}\n{sign_off}\n" for i, s in enumerate(stories)})
    docs, _ = read_one(root)
    assert all(boilerplate_lines(d) == [sign_off] for d in docs)
    assert [d.title for d in docs] == ["Story number 0", "Story number 1", "Story number 2"]


WRAPPED = (
    "Iraqi authorities have long pushed for the withdrawal of the contingent\n"
    "from the country, and demands for the complete withdrawal of troops\n"
    "began in January 2020, when a general was killed near the airport in\n"
    "Baghdad by a drone\n"
)


def test_hard_wrapped_prose_next_to_a_photo_credit_is_not_a_caption():
    doc = doc_of("Troops Stay in Iraq\n\n" + WRAPPED + "Photo: Reuters/A. Photographer\n\n" + WRAPPED)
    assert boilerplate_lines(doc) == ["Photo: Reuters/A. Photographer"]


def test_hard_wrapped_wire_copy_shared_by_three_reports_is_not_boilerplate(write_reports):
    root = write_reports({f"{i}.txt": f"Copy number {i} of the story\n\n{WRAPPED}" for i in range(3)})
    docs, _ = read_one(root)
    assert all(d.boilerplate == () for d in docs)


def test_lines_shared_by_only_two_reports_are_not_boilerplate(write_reports):
    sign_off = "The Baghdad bureau and the world desk"
    root = write_reports({f"{i}.txt": f"{BODY}\n{sign_off}\n" for i in range(2)})
    docs, _ = read_one(root)
    assert all(d.boilerplate == () for d in docs)


def test_boilerplate_spans_are_sorted_disjoint_whole_lines():
    text = "Advertisement\nHome\nNews\n\n" + BODY + "\nPhoto: Reuters\n\nNext Article\n\nSome Other Story Entirely\n"
    doc = doc_of(text)
    for a, b in zip(doc.boilerplate, doc.boilerplate[1:]):
        assert a.end < b.start
    for span in doc.boilerplate:
        assert span.start == 0 or text[span.start - 1] == "\n"
        assert span.end == len(text) or text[span.end] == "\n"


# Language


def test_a_spanish_report_loads_with_a_warning_naming_spanish(write_reports):
    docs, problems = read_one(write_reports({"es.txt": "Retirada de las tropas\n\n" + SPANISH * 2}))
    assert problems == []
    assert docs[0].language == "es"
    assert any("Spanish" in w and "not English" in w for w in docs[0].warnings)


def test_a_russian_report_loads_with_a_warning_naming_russian(write_reports):
    docs, _ = read_one(write_reports({"ru.txt": RUSSIAN.encode("utf-8")}))
    assert docs[0].language == "ru"
    assert any("Russian" in w for w in docs[0].warnings)


def test_english_is_recognised_without_loading_the_language_identifier(monkeypatch):
    class Untouchable:
        def __getattr__(self, name):
            raise AssertionError("the language identifier was loaded for an English report")

    monkeypatch.setitem(sys.modules, "py3langid", Untouchable())
    doc = doc_of("Troops Stay in Iraq\n\n" + BODY)
    assert doc.language == "en" and doc.warnings == ()


# Furniture and datelines from reports nobody tuned on (a flood story from other outlets)

FLOOD = (
    "Rescue workers were still recovering bodies from the mud on Tuesday, three days after flash floods "
    "tore through the valley, with local authorities putting the death toll at 112.\n\n"
    "The governor said some 9,000 families had been forced from their homes, according to his office.\n"
)


def test_a_one_line_navigation_bar_and_a_tag_list_are_boilerplate():
    doc = doc_of(
        "Home | News | Middle East | World | Business | Opinion | Sport\n"
        f"Wednesday, 13 August 2025\n\nFloods: death toll passes 110\n\n{FLOOD}\nTags: Yemen, Floods, OCHA\n"
    )
    lines = boilerplate_lines(doc)
    assert "Home | News | Middle East | World | Business | Opinion | Sport" in lines
    assert "Tags: Yemen, Floods, OCHA" in lines
    assert doc.title == "Floods: death toll passes 110"


def test_teasers_and_a_copyright_notice_after_the_story_are_boilerplate_even_when_they_read_like_sentences():
    tail = (
        "Read more:\nSaudi helicopters evacuate families from rooftops\n"
        "Related: What makes mud-brick cities so vulnerable to floods?\n\n"
        "© 2025 The Peninsula Herald. All rights reserved.\n"
    )
    doc = doc_of(f"Floods: death toll passes 110\n\n{FLOOD}\n{tail}")
    assert boilerplate_lines(doc) == [
        "Read more:",
        "Saudi helicopters evacuate families from rooftops",
        "Related: What makes mud-brick cities so vulnerable to floods?",
        "© 2025 The Peninsula Herald. All rights reserved.",
    ]


def test_a_notice_or_agency_credit_closing_a_line_is_boilerplate_however_long_the_line():
    notice = (
        "This report may not be published, broadcast, rewritten or redistributed in whole or in part "
        "without the written permission of the publisher. ALL RIGHTS RESERVED. --"
    )
    credit = "Smoke rises over the harbour after the strike, seen from the hills, by Getty Images "
    kept = "The ministry said all rights reserved for the families would be honoured by the new council."
    doc = doc_of(f"Floods: death toll passes 110\n\n{FLOOD}\n{kept}\n\n{credit}\n\n{notice}\n")
    assert boilerplate_lines(doc) == [credit, notice]


def test_a_wire_storys_closing_credits_and_update_stamp_are_boilerplate():
    doc = doc_of(
        f"August 12, 2025 3:41 PM GMT+3\nUpdated 2 hours ago\n\nFlood toll rises to 112\n\n{FLOOD}\n"
        "Reporting by Nabil al-Sharafi in Seiyun and Claire Dumont in Geneva; Editing by Tom Hargreaves\n"
        "Our Standards: The Thomson Reuters Trust Principles.\n"
    )
    assert boilerplate_lines(doc) == [
        "Updated 2 hours ago",
        "Reporting by Nabil al-Sharafi in Seiyun and Claire Dumont in Geneva; Editing by Tom Hargreaves",
        "Our Standards: The Thomson Reuters Trust Principles.",
    ]
    assert doc.date == PartialDate(2025, 8, 12)


def test_a_headline_above_an_advert_slot_and_a_photo_credit_is_not_a_caption():
    doc = doc_of(
        "Floods: death toll passes 110 as the country appeals for help\n\n"
        "Rescue teams struggle to reach isolated villages as the UN warns of cholera risk\n\n"
        f"Advertisement\n\nPhoto: Residents wade through a flooded street on Monday. (AFP)\n\n{FLOOD}"
    )
    assert boilerplate_lines(doc) == ["Advertisement", "Photo: Residents wade through a flooded street on Monday. (AFP)"]


@pytest.mark.parametrize(
    "dateline, expected, date_text",
    [
        ("ADEN, 13 August 2025 — The health ministry said on Wednesday that 97 people had died.", PartialDate(2025, 8, 13), "13 August 2025"),
        ("GAZA CITY, Gaza Strip, May 2, 2025 (AP) - Officials said on Friday the talks had stalled.", PartialDate(2025, 5, 2), "May 2, 2025"),
    ],
)
def test_a_dated_wire_dateline_opening_the_story_dates_the_report(dateline, expected, date_text):
    doc = doc_of(f"Aden Monitor\nPolitics | Economy | Society | Opinion\n\nFlood toll put at 97\n\n{dateline}\n\n{FLOOD}")
    assert doc.date == expected and doc.slice(doc.date_span) == date_text
    assert boilerplate_lines(doc)[:2] == ["Aden Monitor", "Politics | Economy | Society | Opinion"]


def test_a_capitalised_place_in_a_sentence_with_a_date_is_not_a_dateline():
    doc = doc_of(f"Flood toll put at 97\n\nIRAQ, on 13 August 2025, signed nothing new - officials said.\n\n{FLOOD}")
    assert doc.date is None


def test_a_slash_date_is_read_the_way_the_months_the_report_names_allow():
    body = "At least 23 people were killed on Sunday, officials said. On August 9 the rains began across the valley.\n"
    assert doc_of(f"Floods\n\nPublished on: 10/08/2025 - 18:05\n\n{body}").date == PartialDate(2025, 8, 10)
    assert doc_of(f"Floods\n\nPublished on: 08/10/2025\n\n{body}").date == PartialDate(2025, 8, 10)


def test_a_slash_date_with_a_day_over_twelve_needs_no_hint():
    assert doc_of(f"Floods\n\nPublished on: 25/08/2025\n\n{BODY}").date == PartialDate(2025, 8, 25)


def test_a_month_of_another_year_does_not_settle_a_slash_date():
    body = "Floods hit the valley on Sunday, officials said. Earlier floods in October 2008 killed dozens of people.\n"
    assert doc_of(f"Floods\n\nPublished on: 10/08/2025\n\n{body}").date is None
