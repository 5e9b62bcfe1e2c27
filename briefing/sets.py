"""Disjoint sets (union-find), used by every stage that groups things pairwise."""

from __future__ import annotations


class DisjointSets:
    """Union-find with path halving; the smaller index stays the root, so the
    groups come out the same whatever order their pairs are joined in."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, a: int) -> int:
        parent = self.parent
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra
