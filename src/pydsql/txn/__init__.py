"""Transactions: snapshots, write buffers, statement undo, and conflict footprints."""
