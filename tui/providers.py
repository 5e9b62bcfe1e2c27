"""Command palette: jump to any actor, event, quote or conflict.

Candidates come from the engine's search (so typing "mansur" finds Mansour).
The palette parses plain-string prompts and help as markup, so prompts are
`Content` built from plain text and help is escaped.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from tui.corpus import KIND_NAMES, KINDS, Corpus, Item, kind_of

MAX_HITS = 40
DISCOVER_PER_KIND = 5


class ItemsProvider(Provider):
    @property
    def corpus(self) -> Corpus | None:
        return getattr(self.app, "corpus", None)

    def _prompt(self, corpus: Corpus, item: Item) -> Content:
        return Content.assemble((f"{KIND_NAMES[kind_of(item)]}  ", "$text-muted"), corpus.label(item)[:200])

    def _command(self, item: Item):
        return partial(self.app.jump, item.id)

    async def discover(self) -> Hits:
        corpus = self.corpus
        if corpus is None:
            return
        for kind in KINDS:
            for item in corpus.items(kind)[:DISCOVER_PER_KIND]:
                yield DiscoveryHit(self._prompt(corpus, item), self._command(item), text=corpus.label(item), help=escape(corpus.describe(item)))

    async def search(self, query: str) -> Hits:
        corpus = self.corpus
        if corpus is None or not query.strip():
            return
        result = corpus.searcher.search(query)
        matcher = self.matcher(query)
        found = 0
        for kind in KINDS:
            for item in corpus.items(kind):
                if item.id not in result.items:
                    continue
                label = corpus.label(item)
                own = item.id in result.primary
                score = max(matcher.match(label), 0.5) if own else 0.2
                yield Hit(score, self._prompt(corpus, item), self._command(item), text=label, help=escape(corpus.describe(item)))
                found += 1
                if found >= MAX_HITS:
                    return
