"""Conflict footprints: what a transaction tells the resolver at COMMIT.

A footprint is a list of entries ``(fingerprint, mode, kind)``, held as three
parallel compact buffers (``array('Q')`` and two ``bytearray``: see
:meth:`pydsql.txn.transaction.Transaction.footprint`).  The
*fingerprint* is a 64-bit hash of a *space* (a table id, an index id, or one of
the negative spaces below) and an encoded key in that space; the resolver only
ever compares fingerprints, so a false conflict needs a 64-bit collision and
a missed conflict is impossible.  The *mode* is one of the resolver's modes
(its conflict matrix decides which pairs conflict); the *kind* only chooses
the error a conflict on that entry reports (OC000 for data, OC001 for schema).

What each statement contributes (DSQL's rules, reference section 1):

=====================================  =============================================
statement                              entries
=====================================  =============================================
INSERT, DELETE                         row key EXCLUSIVE; unique-index keys EXCLUSIVE (valid
                                       unique indexes: constraints and finished builds)
UPDATE of a key column                 row key EXCLUSIVE; changed unique keys EXCLUSIVE
UPDATE of non-key columns only         row key UPDATE
SELECT ... FOR UPDATE                  row key of each row returned EXCLUSIVE
SELECT ... FOR KEY SHARE               row key of each row returned KEY_SHARE
foreign-key check of a child row       the parent row's key KEY_SHARE (an implicit FOR KEY SHARE)
referential action (CASCADE, SET ...)  the child rows' writes, as the statements above
any DML on a table                     the table's schema key SCHEMA_READ (kind SCHEMA)
DDL on a table                         its schema key and its name EXCLUSIVE (kind SCHEMA)
=====================================  =============================================
"""

from __future__ import annotations

from .._native import MODE_EXCLUSIVE, MODE_KEY_SHARE, MODE_SCHEMA_READ, MODE_UPDATE

__all__ = [
    "MODE_EXCLUSIVE", "MODE_UPDATE", "MODE_KEY_SHARE", "MODE_SCHEMA_READ",
    "KIND_DATA", "KIND_SCHEMA", "FINGERPRINT_MASK", "fingerprint", "schema_key", "name_key",
]


KIND_DATA = 0  # a conflict reports OC000
KIND_SCHEMA = 1  # a conflict reports OC001

FINGERPRINT_MASK = 0xFFFF_FFFF_FFFF_FFFF

# Spaces other than table and index ids (which are positive).
_SCHEMA_SPACE = -1  # key: a table id -> "the definition of this table"
_NAME_SPACE = -2  # key: a qualified name -> "whatever relation has this name"


def fingerprint(space: int, key: bytes) -> int:
    """The 64-bit fingerprint of ``key`` in ``space``.

    ``hash()`` of a tuple of an int and ``bytes`` mixes SipHash of the bytes
    (process-wide random key) with the space: well distributed, and the
    resolver lives in the same process as every transaction that uses it.
    """
    return hash((space, key)) & FINGERPRINT_MASK  # (Transaction.footprint inlines this line)


def schema_key(table_id: int) -> int:
    key = _SCHEMA_KEYS.get(table_id)
    if key is None:
        key = _SCHEMA_KEYS[table_id] = fingerprint(_SCHEMA_SPACE, table_id.to_bytes(8, "big"))
    return key


#: table id -> its schema key (every DML statement's footprint has one: computed once)
_SCHEMA_KEYS: dict[int, int] = {}


def name_key(schema: str, name: str) -> int:
    return fingerprint(_NAME_SPACE, f"{schema}.{name}".encode())
