"""How fast the dashboard feels.

    python benchmarks/bench_app.py [CORPUS]

1. Start to first full frame: the real `briefing` command in a pseudo-terminal
   on the bundled corpus, timed from process start until the loaded screen
   (the header's corpus line) has been written to the terminal. Median of 5.
2. Search: 200 queries (words, prefixes as typed, one-letter typos, pairs)
   against the engine's search over CORPUS: median and worst.
3. Keystroke to repaint: the real command on CORPUS in a 120x40 pseudo-terminal,
   typing queries letter by letter into `/`; per key, the time from writing
   the key to the last byte of the repaint it caused. Median and worst.

CORPUS defaults to the bundled corpus; pass a large folder, e.g. the 2,225-report
scale corpus. Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import pty
import random
import select
import statistics
import sys
import time
from pathlib import Path

from briefing.index import build_index, bundled_corpus
from briefing.search import Searcher, build_searcher

RUNS = 5
QUERIES = 200
TYPED = 12
MARKER = b"independent source"


class Terminal:
    """`briefing PATH` running in a pseudo-terminal, read as the terminal would."""

    def __init__(self, corpus: str, size: tuple[int, int] = (120, 40)) -> None:
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ.update(TERM="xterm-256color", COLUMNS=str(size[0]), LINES=str(size[1]))
            os.execv(sys.executable, [sys.executable, "-c", "from tui.cli import main; raise SystemExit(main())", corpus])
        self.output = b""
        self.last_byte = self.started

    def read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            return False
        self.output += chunk
        self.last_byte = time.perf_counter()
        return bool(chunk)

    def wait_for(self, marker: bytes, timeout: float = 300) -> float:
        """Seconds from start until `marker` has been written (nan if never)."""
        deadline = time.perf_counter() + timeout
        while marker not in self.output and time.perf_counter() < deadline:
            self.read(0.05)
        return self.last_byte - self.started if marker in self.output else float("nan")

    def settle(self, quiet: float = 0.25) -> None:
        while self.read(quiet):
            pass

    def key(self, data: bytes, quiet: float = 0.25) -> float:
        """Seconds from writing a key until the last byte of the repaint it caused."""
        self.settle()
        sent = time.perf_counter()
        self.last_byte = sent
        os.write(self.fd, data)
        self.settle(quiet)
        return self.last_byte - sent

    def close(self) -> None:
        os.write(self.fd, b"q")
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline and self.read(0.1):
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def first_frame(corpus: str) -> float:
    """Seconds from starting `briefing CORPUS` in a terminal to the loaded screen."""
    terminal = Terminal(corpus)
    elapsed = terminal.wait_for(MARKER, timeout=60)
    terminal.close()
    return elapsed


def queries(searcher: Searcher, count: int, seed: int = 7) -> list[str]:
    """Realistic queries from the corpus's own words: whole words, prefixes,
    words with one letter changed, and pairs."""
    rng = random.Random(seed)
    words = [w for w in searcher.vocabulary if len(w) >= 4 and w.isalpha()]
    out: list[str] = []
    for n in range(count):
        word = rng.choice(words)
        kind = n % 4
        if kind == 0:
            out.append(word)
        elif kind == 1:
            out.append(word[: rng.randint(2, len(word))])
        elif kind == 2:
            at = rng.randrange(len(word))
            out.append(word[:at] + rng.choice("aeiourst") + word[at + 1 :])
        else:
            out.append(f"{word} {rng.choice(words)}")
    return out


def search_speed(searcher: Searcher, texts: list[str]) -> list[float]:
    times = []
    for text in texts:
        start = time.perf_counter()
        searcher.search(text)
        times.append(time.perf_counter() - start)
    return times


def keystrokes(corpus: str, texts: list[str]) -> tuple[float, list[tuple[float, str]]]:
    """Type each text after `/`, letter by letter; escape between texts.
    Each time comes with the query as it stood after the key."""
    terminal = Terminal(corpus)
    loaded = terminal.wait_for(MARKER)
    times: list[tuple[float, str]] = []
    for text in texts:
        terminal.key(b"/")
        for n, char in enumerate(text, start=1):
            times.append((terminal.key(char.encode()), text[:n]))
        terminal.key(b"\x1b")
    terminal.close()
    return loaded, times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(bundled_corpus()), help="folder of reports (default: the bundled corpus)")
    corpus = parser.parse_args().corpus
    frames = [first_frame(str(bundled_corpus())) for _ in range(RUNS)]
    print(f"first full frame, bundled corpus: median {statistics.median(frames):.2f} s, worst {max(frames):.2f} s ({RUNS} runs)")

    start = time.perf_counter()
    index = build_index([corpus])
    built = time.perf_counter() - start
    searcher = build_searcher(index)
    prepared = time.perf_counter() - start - built
    print(
        f"corpus {corpus}: {len(index.documents)} reports, {len(index.actors)} actors, {len(index.events)} events, "
        f"{len(index.quotes)} quotes, {len(index.conflicts)} conflicts; index {built:.1f} s, search index {prepared:.1f} s, "
        f"{len(searcher.vocabulary):,} words"
    )
    texts = queries(searcher, QUERIES)
    times = search_speed(searcher, texts)
    print(f"search, {len(times)} queries: median {ms(statistics.median(times))}, worst {ms(max(times))}")

    loaded, keys = keystrokes(corpus, texts[:TYPED])
    print(f"app on {Path(corpus).name}: full frame after {loaded:.1f} s")
    seconds = [t for t, _ in keys]
    slowest = ", ".join(f"{query!r} {ms(t)}" for t, query in sorted(keys, reverse=True)[:3])
    print(f"keystroke to repaint, {len(keys)} keys: median {ms(statistics.median(seconds))}, worst {ms(max(seconds))} (slowest: {slowest})")
    print(f"load average during the run: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
