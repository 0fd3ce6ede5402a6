"""Storage: versioned rows and indexes keyed by order-preserving byte keys.

Storage knows nothing of SQL or transactions; see :mod:`.mvcc` and :mod:`.keys`.
"""
