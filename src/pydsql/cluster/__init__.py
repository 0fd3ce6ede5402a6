"""Clusters: the shared database behind connections (regions, commit log, resolver)."""

from .cluster import Cluster, ClusterSnapshot

__all__ = ["Cluster", "ClusterSnapshot"]
