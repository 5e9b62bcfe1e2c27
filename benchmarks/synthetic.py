"""Write a synthetic corpus of N reports built from the bundled ones.

    python benchmarks/synthetic.py OUT_DIR -n 1000 [--seed 0] [--source corpus/] [--reword P]

Growth has to be measured without outside data, so reports are derived from
the sample corpus. A corpus in the wild is many stories, each told by a few
outlets and rewritten a few times, so the generator works the same way:
reports are grouped into stories; a story gives every proper name a new
spelling (some names kept, so lexicons still fire), shifts every date by the
same number of days and scales its numbers; each report in it is one bundled
report under that story's variation, with lines dropped or swapped and, now and
then, a number changed on its own (a conflicting figure). The output is
deterministic for a given seed, source and N.

Built from five reports on one event, the stories stay the same text with other
names, so story families grow with N. `--reword P` also respells each less
common word with probability P per story, so stories read as different texts
and families stay the size of a story, as in a corpus of many events.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

PREFIX = "synthetic-"

_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]
_MONTH_INDEX = {m.lower(): i for i, m in enumerate(_MONTHS, start=1)}
_MONTH_INDEX.update({m[:3].lower(): i for i, m in enumerate(_MONTHS, start=1)})
_MONTH_INDEX["sept"] = 9
_MONTH = r"(?i:" + "|".join(sorted(_MONTH_INDEX, key=len, reverse=True)) + r")"
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

# One pass over the text, most specific form first, so a date's digits are
# never also treated as a plain number.
_TOKENS = re.compile(
    rf"(?P<mdy>\b(?P<m1>{_MONTH})\.? (?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y1>\d{{4}})\b)"
    rf"|(?P<dmy>\b(?P<d2>\d{{1,2}}) (?P<m2>{_MONTH})\.?,? (?P<y2>\d{{4}})\b)"
    r"|(?P<iso>\b(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})\b)"
    rf"|(?P<md>\b(?P<m4>{_MONTH})\.? (?P<d4>\d{{1,2}})(?:st|nd|rd|th)?\b)"
    r"|(?P<year>\b(?:19|20)\d{2}\b)"
    r"|(?P<number>\b\d{1,3}(?:,\d{3})+\b|\b\d{2,}(?:\.\d+)?\b)"
    r"|(?P<name>\b[A-Z][a-z]+\b|\b[A-Z]{2,5}\b)"
    r"|(?P<word>\b[a-z]{5,}\b)"
)
_WORD = re.compile(r"[A-Za-z]+")
_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"


@dataclass(frozen=True)
class Story:
    """The variation shared by every report of one story."""

    names: dict[str, str]
    words: dict[str, str]
    shift: dt.timedelta
    factor: float


def load_templates(source: Path) -> list[str]:
    files = sorted(p for p in source.iterdir() if p.suffix in (".txt", ".md") and not p.name.startswith("."))
    texts = [p.read_bytes().decode("utf-8", errors="replace") for p in files]
    if not texts:
        raise SystemExit(f"{source} holds no .txt or .md reports to build from.")
    return texts


def proper_names(templates: list[str]) -> list[str]:
    """Capitalised words seen inside a sentence whose lowercase form never occurs:
    names, not sentence-initial words or the labels of web furniture."""
    lower = {w for t in templates for w in _WORD.findall(t) if w.islower()}
    found = {
        m.group()
        for t in templates
        for m in re.finditer(r"(?<=[a-z,] )(?:[A-Z][a-z]+|[A-Z]{2,5})\b", t)
        if m.group().lower() not in lower
        and m.group().lower() not in _MONTH_INDEX
        and m.group().lower() not in _WEEKDAYS
    }
    return sorted(found)


def pseudo_word(rng: random.Random, like: str) -> str:
    if like.isupper():
        return "".join(rng.choice("ABCDEFGHIKLMNPRSTUVWZ") for _ in like)
    syllables = max(1, round(len(like) / 2.5))
    word = "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(syllables))
    if rng.random() < 0.5:
        word += rng.choice(_CONSONANTS)
    return word.capitalize()


def rare_words(templates: list[str], keep: int = 200) -> list[str]:
    """Lowercase words of five letters or more, less the `keep` commonest: the
    commonest carry the grammar, the speech verbs and the words of the genre."""
    counts = Counter(w for t in templates for w in re.findall(r"\b[a-z]{5,}\b", t))
    common = {w for w, _ in counts.most_common(keep)}
    return sorted(w for w in counts if w not in common)


def new_story(rng: random.Random, names: list[str], words: list[str], reword: float) -> Story:
    mapping = {n: n if rng.random() < 0.25 else pseudo_word(rng, n) for n in names}
    vocabulary = {w: pseudo_word(rng, w).lower() for w in words if rng.random() < reword}
    return Story(mapping, vocabulary, dt.timedelta(days=rng.randint(-3 * 365, 3 * 365)), rng.uniform(0.6, 1.6))


def vary(text: str, story: Story, rng: random.Random) -> str:
    """One report of a story: its names, dates and numbers, plus lines of its own dropped or swapped."""

    def replace(m: re.Match[str]) -> str:
        kind, g = m.lastgroup, m.groupdict()
        if kind in ("mdy", "dmy", "md"):
            n = {"mdy": "1", "dmy": "2", "md": "4"}[kind]
            month_word = g["m" + n]
            year = int(g["y" + n]) if kind != "md" else 2024
            date = _shifted(year, _MONTH_INDEX[month_word.lower().rstrip(".")], int(g["d" + n]), story.shift)
            if date is None:
                return m.group()
            month = _MONTHS[date.month - 1]
            if len(month_word.rstrip(".")) <= 4 and month_word.lower() != "may":
                month = month[:3]
            if kind == "mdy":
                return f"{month} {date.day}, {date.year}"
            if kind == "dmy":
                return f"{date.day} {month} {date.year}"
            return f"{month} {date.day}"
        if kind == "iso":
            date = _shifted(int(g["y3"]), int(g["m3"]), int(g["d3"]), story.shift)
            return date.isoformat() if date else m.group()
        if kind == "year":
            return str(int(m.group()) + round(story.shift.days / 365))
        if kind == "number":
            return _scaled(m.group(), story.factor * (rng.uniform(0.5, 1.5) if rng.random() < 0.05 else 1.0))
        if kind == "word":
            return story.words.get(m.group(), m.group())
        return story.names.get(m.group(), m.group())

    lines = _TOKENS.sub(replace, text).split("\n")
    head, body = lines[:3], [ln for ln in lines[3:] if not ln.strip() or rng.random() > 0.12]
    for i in range(len(body) - 1):
        if body[i].strip() and body[i + 1].strip() and rng.random() < 0.08:
            body[i], body[i + 1] = body[i + 1], body[i]
    return "\n".join(head + body)


def _shifted(year: int, month: int, day: int, shift: dt.timedelta) -> dt.date | None:
    try:
        return dt.date(year, month, day) + shift
    except (ValueError, OverflowError):
        return None


def _scaled(number: str, factor: float) -> str:
    value = float(number.replace(",", "")) * factor
    if "." in number:
        decimals = len(number.split(".", 1)[1])
        return f"{value:.{decimals}f}"
    scaled = max(1, round(value))
    return f"{scaled:,}" if "," in number else str(scaled)


def generate(
    out: Path, count: int, *, seed: int = 0, source: Path | None = None, reword: float = 0.0
) -> list[Path]:
    """Write `count` reports into `out` (replacing an earlier synthetic corpus there)."""
    if source is None:
        from briefing.index import bundled_corpus

        source = bundled_corpus()
    templates = load_templates(source)
    names, words = proper_names(templates), rare_words(templates)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob(f"{PREFIX}*.txt"):
        old.unlink()
    rng = random.Random(seed)
    written: list[Path] = []
    while len(written) < count:
        story = new_story(rng, names, words, reword)
        outlets = rng.sample(range(len(templates)), len(templates))
        size = min(count - len(written), rng.randint(1, len(templates) + 3))
        for k in range(size):
            path = out / f"{PREFIX}{len(written):05d}.txt"
            path.write_text(vary(templates[outlets[k % len(outlets)]], story, rng), encoding="utf-8")
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the reports into (created if missing)")
    parser.add_argument("-n", "--count", type=int, default=100, help="number of reports (default 100)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--source", type=Path, help="folder of reports to build from (default: the bundled corpus)")
    parser.add_argument("--reword", type=float, default=0.0, metavar="P",
                        help="also respell each less common word with probability P per story (default 0)")
    ns = parser.parse_args(argv)
    written = generate(ns.out, ns.count, seed=ns.seed, source=ns.source, reword=ns.reword)
    size = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} reports, {size / 1e6:.1f} MB, into {ns.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
