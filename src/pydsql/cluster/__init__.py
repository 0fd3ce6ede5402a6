"""Clusters: the shared database behind connections (regions, commit log, resolver)."""

from .cluster import Cluster

__all__ = ["Cluster"]
