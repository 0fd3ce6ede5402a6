"""The parts of a cluster refer back to it weakly.

A cluster holds its parts (its jobs, its faults); a strong reference from a part
back to the cluster would make every cluster a reference cycle, which only
Python's cyclic garbage collector frees.  A test suite opening a fresh database
per test would then pile dead databases up (their tables, rows and C resolver)
until the next full collection, and make every collection meanwhile slower.
With weak back references a database is freed when its last connection goes.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from .. import errors

if TYPE_CHECKING:
    from .cluster import Cluster


class OwnerRef:
    """A weak reference to a part's cluster; calling it returns the cluster, or raises
    :class:`pydsql.InterfaceError` when the cluster is gone (only a part kept alone,
    ``faults = pydsql.Cluster().faults``, can outlive its cluster)."""

    __slots__ = ("_ref", "_part")

    def __init__(self, cluster: Cluster, part: str) -> None:
        self._ref = weakref.ref(cluster)
        self._part = part

    def __call__(self) -> Cluster:
        cluster = self._ref()
        if cluster is None:
            raise errors.InterfaceError(f"the cluster of these {self._part} no longer exists")
        return cluster
