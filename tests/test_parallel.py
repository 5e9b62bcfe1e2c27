"""Per-report work in worker processes gives exactly what it gives in one process."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing import parallel
from briefing.index import build_index, bundled_corpus
from briefing.jsonio import index_to_json
from briefing.parallel import MIN_PARALLEL_REPORTS, map_batches

ITEMS = [f"report {n} " * (n % 7) for n in range(MIN_PARALLEL_REPORTS * 2 + 3)]
LENGTHS = [len(item) for item in ITEMS]


def lengths(batch: list[str]) -> list[int]:
    return [len(item) for item in batch]


def measure() -> Callable[[list[str]], list[int]]:
    return lengths


def test_results_come_back_in_item_order_from_worker_processes() -> None:
    assert map_batches(measure, ITEMS, processes=2) == LENGTHS


class Tally:
    """One per process: how many batches it has read, and where."""

    def __init__(self) -> None:
        self.batches = 0

    def __call__(self, batch: list[str]) -> list[tuple[int, int]]:
        self.batches += 1
        time.sleep(0.01)  # long enough for the worker to start and take its share
        return [(os.getpid(), self.batches)] * len(batch)


def test_this_process_and_a_worker_share_the_batches_each_keeping_one_worker_object() -> None:
    found = map_batches(Tally, ITEMS, processes=2)
    batches_by_process: dict[int, set[int]] = {}
    for pid, n in found:
        batches_by_process.setdefault(pid, set()).add(n)
    assert os.getpid() in batches_by_process and len(batches_by_process) == 2
    for counts in batches_by_process.values():
        # One worker object per process, fed batch after batch: its count runs 1, 2, 3...
        assert sorted(counts) == list(range(1, len(counts) + 1))
    assert len(batches_by_process[os.getpid()]) > 1


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_counts_up_to_every_item(workers: int) -> None:
    seen: list[tuple[int, int]] = []
    map_batches(measure, ITEMS, processes=workers, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (len(ITEMS), len(ITEMS))
    assert len(seen) > 1
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_a_few_items_are_worked_here_without_a_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started for a handful of reports")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    assert map_batches(measure, ["a", "bb"], processes=2) == [1, 2]


def test_without_processes_the_work_is_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise OSError("no semaphores in this sandbox")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", refused)
    assert map_batches(measure, ITEMS, processes=2) == LENGTHS


def _dies_in_a_worker(batch: list[str]) -> list[int]:
    if multiprocessing.parent_process() is not None:
        os._exit(1)  # as the kernel's out-of-memory killer would end it
    return lengths(batch)


def dying() -> Callable[[list[str]], list[int]]:
    return _dies_in_a_worker


# CPython 3.11's executor thread may trip over a batch this process took back
# while it marks the pool broken (gh-107219, fixed in 3.12); the results are whole.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_dead_worker_does_not_lose_the_work() -> None:
    assert map_batches(dying, ITEMS, processes=2) == LENGTHS


def test_a_process_running_other_threads_gets_workers_from_a_fork_server() -> None:
    """The app builds its index in a thread; forking it could copy a held lock."""
    found: dict[str, object] = {}
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        found["method"] = parallel.start_method()
        found["results"] = map_batches(measure, ITEMS, processes=2)
    finally:
        release.set()
        other.join()
    assert found["method"] in ("forkserver", "spawn")
    assert found["results"] == LENGTHS


@pytest.fixture(scope="module")
def many_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough reports for worker processes: retellings of the bundled ones."""
    folder = tmp_path_factory.mktemp("many")
    originals = sorted(bundled_corpus().glob("*.txt"))
    for n in range(-(-MIN_PARALLEL_REPORTS // len(originals))):
        for original in originals:
            # Each copy a slightly different retelling, so families, dates and conflicts have work to do.
            text = original.read_text(encoding="utf-8").replace("2025", str(2025 - n % 3))
            (folder / f"{n:02d}-{original.name}").write_text(text + f"\nUpdate {n}: {n * 100} more troops.\n", encoding="utf-8")
    return folder


def test_the_index_is_the_same_built_in_worker_processes_or_here(many_reports: Path) -> None:
    here = index_to_json(build_index([many_reports], processes=1))
    assert index_to_json(build_index([many_reports], processes=2)) == here


def test_the_index_built_from_a_thread_with_fork_server_workers_is_the_same(many_reports: Path) -> None:
    """As the app builds it: in a thread, so its workers come from a fork server."""
    built: list[dict[str, object]] = []
    thread = threading.Thread(target=lambda: built.append(index_to_json(build_index([many_reports], processes=2))))
    thread.start()
    thread.join()
    assert built == [index_to_json(build_index([many_reports], processes=1))]


def test_work_started_ahead_goes_on_in_a_worker_while_this_process_does_something_else() -> None:
    with parallel.ReportPool(ITEMS, processes=2) as pool:
        pending = pool.start(Tally)
        time.sleep(0.5)
        found = pending.results()
    assert [n for _, n in found] and {pid for pid, _ in found} != {os.getpid()}
    assert len(found) == len(ITEMS)
