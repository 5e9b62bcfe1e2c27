"""Per-report work spread over processes.

Most of the pipeline is per report: building a document, segmenting it,
spotting its dates, quotations, names and figures. A `ReportPool` runs such
work over every report, batch by batch, in this process and in worker
processes when the corpus is large enough to pay for them (in this process
alone otherwise). Results come back in report order and are the same either
way; only the time differs.

Work is started ahead (`ReportPool.start`) and collected when needed
(`Pending.results`): the workers go on with the next stage's per-report work
while this process does the corpus-wide half of the stage before. When this
process collects, it takes the batches no worker has begun, from the front,
while the workers go on from the back; so no core idles, and its own share
needs no pickling.

Workers start by forking this process, which is cheap and shares the reports
without copying them. Forking a process that runs other threads can leave the
child holding a lock another thread held at that instant (the app builds its
index in a thread while its terminal writer runs), so such a process gets its
workers from a fork server instead: a clean process started once, which pays
for its imports and receives the reports by pickle.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from multiprocessing import forkserver
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[int, int], None]
# Makes, once in each process that takes part, the function called on each
# batch: what it keeps (caches) serves every batch that process reads.
Worker = Callable[[], Callable[[Sequence[T]], list[R]]]

# Below this many reports a pool costs more than it saves (a fork and the
# pickling of results against a few milliseconds of work per report).
MIN_PARALLEL_REPORTS = 64
# Small batches even out long and short reports and leave little to wait for
# at the end; caches live in the process, not the batch, so they still pay.
BATCHES_PER_PROCESS = 16


def available_cores() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def start_method() -> str:
    """Fork where it is safe and native (Linux, no other thread running),
    else a fork server, else (Windows) fresh interpreters."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and threading.active_count() == 1 and "fork" in methods:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def start_fork_server() -> None:
    """Start the fork server now, from a process with no other thread yet,
    for a build that will run in a thread (as the app's does): its start and
    imports then overlap the app's, and each worker forks ready to work."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        multiprocessing.get_context("forkserver").set_forkserver_preload(["briefing.index"])
        forkserver.ensure_running()


class ReportPool(Generic[T]):
    """Processes that work on one sequence of items (the reports), for as many
    kinds of per-report work as are started; use it as a context manager.

    `processes` counts this one (default: one per available core); with one,
    or with fewer than MIN_PARALLEL_REPORTS items, everything runs here.
    """

    def __init__(self, items: Sequence[T], processes: int | None = None) -> None:
        self.items = items
        count = available_cores() if processes is None else processes
        self.helpers = count - 1 if len(items) >= MIN_PARALLEL_REPORTS else 0
        self.bounds = _batches(len(items), self.helpers + 1)
        self._executor: ProcessPoolExecutor | None = None
        self._workers: dict[Worker[T, object], Callable[[Sequence[T]], list[object]]] = {}

    def __enter__(self) -> ReportPool[T]:
        if self.helpers:
            try:
                # Pool arguments reach forked workers without pickling; a fork
                # server's workers unpickle them once each, not once per batch.
                self._executor = ProcessPoolExecutor(
                    self.helpers,
                    mp_context=multiprocessing.get_context(start_method()),
                    initializer=_start_worker,
                    initargs=(self.items,),
                )
            except OSError:
                # No processes on this system (a sandbox without semaphores): work here.
                self._executor = None
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)

    def start(self, worker: Worker[T, R]) -> Pending[R]:
        """Hand every batch to the workers, last batch first; collect with `results()`."""
        futures: list[Future[list[R]] | None] = [None] * len(self.bounds)
        if self._executor is not None:
            try:
                for n in reversed(range(len(self.bounds))):
                    futures[n] = self._executor.submit(_run_batch, worker, *self.bounds[n])
            except (OSError, BrokenProcessPool):
                # The workers could not start or have died: what was not handed
                # over is done here.
                pass
        return Pending(self, worker, futures)

    def work_here(self, worker: Worker[T, R], batch: int) -> list[R]:
        if worker not in self._workers:
            self._workers[worker] = worker()
        start, stop = self.bounds[batch]
        return self._workers[worker](self.items[start:stop])  # type: ignore[return-value]


class Pending(Generic[R]):
    """Per-report work started on a ReportPool."""

    def __init__(self, pool: ReportPool[Any], worker: Worker[Any, R], futures: list[Future[list[R]] | None]) -> None:
        self._pool = pool
        self._worker = worker
        self._futures = futures

    def results(self, progress: Progress | None = None) -> list[R]:
        """Every item's result in item order. This process takes each batch no
        worker has begun (front to back) and waits for the others."""
        pool, futures = self._pool, self._futures
        results: list[list[R] | None] = [None] * len(futures)
        total, done = len(pool.items), 0

        def finished(batch: int, found: list[R]) -> None:
            nonlocal done
            results[batch] = found
            start, stop = pool.bounds[batch]
            done += stop - start
            if progress:
                progress(done, total)

        def collect_finished() -> None:
            for batch, future in enumerate(futures):
                if results[batch] is None and future is not None and future.done() and not future.cancelled():
                    finished(batch, _outcome(pool, self._worker, batch, future))

        for batch, future in enumerate(futures):
            if future is None or future.cancel():
                finished(batch, pool.work_here(self._worker, batch))
                collect_finished()
        for batch, future in enumerate(futures):
            if results[batch] is None:
                assert future is not None
                finished(batch, _outcome(pool, self._worker, batch, future))
        return [result for found in results for result in found]  # type: ignore[union-attr]


def map_batches(
    worker: Worker[T, R], items: Sequence[T], *, processes: int | None = None, progress: Progress | None = None
) -> list[R]:
    """`worker()(batch)` over consecutive batches of `items`, results joined in item order."""
    with ReportPool(items, processes) as pool:
        return pool.start(worker).results(progress)


def _batches(count: int, processes: int) -> list[tuple[int, int]]:
    size = max(1, -(-count // (processes * BATCHES_PER_PROCESS)))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def _outcome(pool: ReportPool[Any], worker: Worker[Any, R], batch: int, future: Future[list[R]]) -> list[R]:
    try:
        return future.result()
    except BrokenProcessPool:
        # A worker died (killed for memory, say): its batches are done here.
        return pool.work_here(worker, batch)


# Set in each worker process by `_start_worker`.
_items: Sequence[object] = ()
_made: dict[Worker[object, object], Callable[[Sequence[object]], list[object]]] = {}


def _start_worker(items: Sequence[object]) -> None:
    global _items
    _items = items
    # As in the parent's build: the results outlive the batch, so collections find nothing.
    gc.disable()


def _run_batch(worker: Worker[object, object], start: int, stop: int) -> list[object]:
    if worker not in _made:
        _made[worker] = worker()
    return _made[worker](_items[start:stop])
