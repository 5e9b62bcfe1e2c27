"""Pinned items, kept across restarts in a small file beside the corpus.

Item ids are ordinal ("a3" is the third actor), so each pin is stored with a
fingerprint of what it pointed at. A pin whose id now names something else
follows its fingerprint to the new id; one whose item is gone is dropped with
a one-sentence notice, never an error. When the corpus folder is read-only
the file goes to the user's data folder instead, keyed by the corpus paths.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Sequence
from pathlib import Path

from briefing.index import Index, bundled_corpus
from briefing.model import Actor, Conflict, Event, Family, Quote

PIN_FILE = ".briefing-pins.json"
SCHEMA = "briefing.pins/1"

Item = Actor | Event | Quote | Conflict | Family


def load_pins(corpus_paths: Sequence[str], index: Index) -> tuple[list[str], list[str]]:
    """The ids still pinned, and a notice for each pin whose item is gone."""
    entries, notices = _read(corpus_paths)
    current = {}
    for item in index.by_id.values():
        current.setdefault(fingerprint(index, item), item.id)
    ids: list[str] = []
    for entry in entries:
        item = index.by_id.get(entry["id"])
        if item is not None and fingerprint(index, item) == entry["fingerprint"]:
            ids.append(item.id)
        elif entry["fingerprint"] in current:
            ids.append(current[entry["fingerprint"]])
        else:
            notices.append(
                f"The pinned {entry['kind']} “{entry['label']}” is no longer in the reports, so it was unpinned."
            )
    return list(dict.fromkeys(ids)), notices


def save_pins(corpus_paths: Sequence[str], index: Index, ids: Sequence[str]) -> str | None:
    """Persist the pins; None, or one sentence saying why they could not be kept."""
    entries = [
        {"id": i, "kind": _kind(item), "label": _label(index, item), "fingerprint": fingerprint(index, item)}
        for i in dict.fromkeys(ids)
        if (item := index.by_id.get(i)) is not None
    ]
    beside, fallback = pin_files(corpus_paths)
    payload = json.dumps(
        {"schema": SCHEMA, "corpus": [str(p) for p in _corpus(corpus_paths)], "pins": entries},
        ensure_ascii=False,
        indent=1,
    ).encode("utf-8")
    for target in (beside, fallback):
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            _write(target, payload)
            return None
        except OSError:
            continue
    return f"Pins could not be saved: neither {beside.parent} nor {fallback.parent} can be written."


def pin_files(corpus_paths: Sequence[str]) -> tuple[Path, Path]:
    """Where pins live: beside the corpus, and the user-data fallback."""
    paths = _corpus(corpus_paths)
    key = hashlib.sha256("\n".join(sorted(str(p) for p in paths)).encode("utf-8")).hexdigest()[:16]
    if len(paths) == 1 and paths[0].is_dir():
        beside = paths[0] / PIN_FILE
    else:
        folders = [str(p if p.is_dir() else p.parent) for p in paths]
        beside = Path(os.path.commonpath(folders)) / f".briefing-pins-{key}.json"
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return beside, data_home / "briefing" / "pins" / f"{key}.json"


def fingerprint(index: Index, item: Item) -> str:
    """What the item is, independent of its ordinal id and of document ids."""
    docs = index.documents
    if isinstance(item, Actor):
        parts = ["actor", item.kind, item.name]
    elif isinstance(item, Event):
        parts = ["event", docs[item.doc].path, str(item.date), docs[item.doc].slice(item.sentence)]
    elif isinstance(item, Quote):
        parts = ["quote", docs[item.doc].path, item.text]
    elif isinstance(item, Conflict):
        parts = ["conflict", item.kind, item.topic, *(f"{docs[c.span.doc].path}:{c.text}" for c in item.claims)]
    else:
        parts = ["family", *sorted(docs[d].path for d in item.documents)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]


def _kind(item: Item) -> str:
    return {Actor: "actor", Event: "event", Quote: "quote", Conflict: "conflict", Family: "story family"}[type(item)]


def _label(index: Index, item: Item) -> str:
    if isinstance(item, Actor):
        text = item.name
    elif isinstance(item, Event):
        text = f"{item.date}: {item.summary or index.documents[item.doc].slice(item.sentence)}"
    elif isinstance(item, Quote):
        text = item.text
    elif isinstance(item, Conflict):
        text = item.topic or item.note or item.kind
    else:
        text = f"{len(item.documents)} reports"
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59].rstrip() + "…"


def _corpus(corpus_paths: Sequence[str]) -> list[Path]:
    return [Path(p).resolve() for p in corpus_paths] or [bundled_corpus().resolve()]


def _read(corpus_paths: Sequence[str]) -> tuple[list[dict[str, str]], list[str]]:
    """The newer of the two pin files; a damaged one is ignored with a notice."""
    found = []
    for path in pin_files(corpus_paths):
        try:
            found.append((path.stat().st_mtime, path))
        except OSError:
            continue
    if not found:
        return [], []
    path = max(found)[1]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        raw = data["pins"] if isinstance(data, dict) else None
        if not isinstance(raw, list):
            raise ValueError("no list of pins")
    except (OSError, UnicodeDecodeError, ValueError, KeyError):
        return [], [f"The pins file {path} could not be read, so nothing is pinned."]
    keys = ("id", "kind", "label", "fingerprint")
    entries = [e for e in raw if isinstance(e, dict) and all(isinstance(e.get(k), str) for k in keys)]
    return entries, []


def _write(target: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, then rename."""
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(temp, target)
    finally:
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            pass
