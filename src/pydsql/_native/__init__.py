"""The commit-time conflict resolver: native (C via cffi) or pure Python.

Aurora DSQL uses optimistic concurrency control: transactions read at a
*snapshot* without locks and are checked at COMMIT against everything
committed after it; the earliest commit wins, a later overlapping one fails
(the engine turns that into SQLSTATE 40001). The resolver is that check.

Invariants (the full specification is :mod:`pydsql._native.reference`):

* A transaction's footprint is a list of ``(fingerprint, mode)`` entries. A
  fingerprint is a 64-bit hash (int in ``[0, 2**64)``; callers mask
  ``hash(...) & 0xFFFF_FFFF_FFFF_FFFF``) of a touched thing: a row key, a
  relation's schema. Any value, 0 included, is a key. Equal fingerprints of
  different keys give a false conflict (2**-64 odds); a missed conflict is
  never acceptable.
* Conflict matrix (new entry vs. an entry committed after the snapshot on the
  same fingerprint; X = conflict)::

      new \\ committed   EXCLUSIVE  UPDATE  KEY_SHARE  SCHEMA_READ
      EXCLUSIVE            X         X        X           -
      UPDATE               X         X        -           -
      KEY_SHARE            X         -        -           -
      SCHEMA_READ          X         -        -           -

* ``prune(h)`` forgets fingerprints whose versions are all <= h (they cannot
  conflict with a snapshot >= h), keeping memory bounded. A snapshot below the
  horizon may conflict with something forgotten, so it gets TOO_OLD instead of
  a possibly wrong COMMITTED. A fresh resolver's horizon is its initial version.

Worked example::

    r = open_resolver(0)
    r.resolve(0, [k], [MODE_EXCLUSIVE])   # (COMMITTED, 1, -1)
    r.resolve(0, [k], [MODE_KEY_SHARE])   # (CONFLICT, 0, 0): k written at 1 > 0
    r.resolve(1, [k], [MODE_KEY_SHARE])   # (COMMITTED, 2, -1)
    r.prune(2); len(r)                    # 0; resolve(1, ...) -> (TOO_OLD, 0, -1)

Choosing an implementation: :func:`open_resolver` returns a
:class:`NativeResolver` unless ``PYDSQL_RESOLVER=python``.
``PYDSQL_RESOLVER=native`` makes a missing native module an ImportError;
unset, a missing native module falls back to the reference with a
RuntimeWarning.

Thread safety: neither implementation locks. The caller must serialize every
call on one resolver (the C handle in particular has no internal lock).

This package is the only place that imports cffi.
"""

from __future__ import annotations

import os
import warnings
from array import array
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from pydsql._native.reference import (
    COMMITTED,
    CONFLICT,
    CONFLICT_MASK,
    INVALID,
    MODE_EXCLUSIVE,
    MODE_KEY_SHARE,
    MODE_SCHEMA_READ,
    MODE_UPDATE,
    NOMEM,
    NUM_MODES,
    STATUS_NAMES,
    TOO_OLD,
    ReferenceResolver,
    ResolveResult,
    Transaction,
    conflicts,
)

__all__ = [
    "COMMITTED",
    "CONFLICT",
    "CONFLICT_MASK",
    "FAULT_IGNORE_UPDATE_MODE",
    "FAULT_OFF_BY_ONE_SNAPSHOT",
    "INVALID",
    "MODE_EXCLUSIVE",
    "MODE_KEY_SHARE",
    "MODE_SCHEMA_READ",
    "MODE_UPDATE",
    "NATIVE_AVAILABLE",
    "NOMEM",
    "NUM_MODES",
    "STATUS_NAMES",
    "TOO_OLD",
    "NativeResolver",
    "ReferenceResolver",
    "ResolveResult",
    "Resolver",
    "Transaction",
    "conflicts",
    "open_resolver",
]

FAULT_IGNORE_UPDATE_MODE = 0x1
"""Native fault: new UPDATE entries never conflict."""
FAULT_OFF_BY_ONE_SNAPSHOT = 0x2
"""Native fault: miss conflicts with commits at exactly snapshot + 1."""


def _load_native() -> tuple[Any, Any, ImportError | None]:
    """(ffi, lib, None), or (None, None, why) if the extension is not built."""
    try:
        from pydsql._native._resolver import ffi, lib
    except ImportError as exc:  # no compiler at install time, or never installed
        return None, None, exc
    return ffi, lib, None


_ffi, _lib, _IMPORT_ERROR = _load_native()

NATIVE_AVAILABLE: bool = _lib is not None
"""True when the compiled ``pydsql._native._resolver`` module was importable."""


def _check_constants() -> None:
    """The C header and the Python constants must agree (they are copies)."""
    expected = {
        "PYDSQL_MODE_EXCLUSIVE": MODE_EXCLUSIVE,
        "PYDSQL_MODE_UPDATE": MODE_UPDATE,
        "PYDSQL_MODE_KEY_SHARE": MODE_KEY_SHARE,
        "PYDSQL_MODE_SCHEMA_READ": MODE_SCHEMA_READ,
        "PYDSQL_NUM_MODES": NUM_MODES,
        "PYDSQL_COMMITTED": COMMITTED,
        "PYDSQL_CONFLICT": CONFLICT,
        "PYDSQL_TOO_OLD": TOO_OLD,
        "PYDSQL_INVALID": INVALID,
        "PYDSQL_NOMEM": NOMEM,
        "PYDSQL_FAULT_IGNORE_UPDATE_MODE": FAULT_IGNORE_UPDATE_MODE,
        "PYDSQL_FAULT_OFF_BY_ONE_SNAPSHOT": FAULT_OFF_BY_ONE_SNAPSHOT,
    }
    wrong = {k: (getattr(_lib, k), v) for k, v in expected.items() if getattr(_lib, k) != v}
    if wrong:
        raise RuntimeError(f"resolver.h and reference.py disagree (C, Python): {wrong}")


if NATIVE_AVAILABLE:
    _check_constants()
    _c_resolve: Any = _lib.pydsql_resolver_resolve  # saves an attribute lookup per COMMIT
    # C array types of compact footprints, parsed once (from_buffer of a type string parses it per call)
    _from_buffer: Any = _ffi.from_buffer
    _U64_ARRAY: Any = _ffi.typeof("uint64_t[]")
    _U8_ARRAY: Any = _ffi.typeof("uint8_t[]")


@runtime_checkable
class Resolver(Protocol):
    """What the engine needs from a conflict resolver (both classes satisfy it).

    ``resolve`` returns ``(status, version, conflict_index)``: ``version`` is
    the commit version when COMMITTED (the current version for a read-only
    transaction), else 0; ``conflict_index`` is the first conflicting entry
    for CONFLICT (or the entry with an undefined mode for INVALID), else -1.
    """

    @property
    def version(self) -> int: ...

    @property
    def horizon(self) -> int: ...

    def __len__(self) -> int: ...

    def resolve(
        self, snapshot: int, fingerprints: Sequence[int], modes: Sequence[int]
    ) -> ResolveResult: ...

    def resolve_batch(self, txns: Sequence[Transaction]) -> list[ResolveResult]: ...

    def prune(self, horizon: int) -> None: ...

    def close(self) -> None: ...


_U32_MAX = 2**32 - 1


class NativeResolver:
    """The C resolver (``resolver.c``) behind cffi; same protocol as the reference.

    Not thread safe: serialize calls. Raises MemoryError if the C side cannot
    allocate (history is unchanged for the failing transaction; in a batch the
    transactions before it may have committed). The handle is freed by
    :meth:`close` or when the object is garbage collected.
    """

    __slots__ = ("_handle", "_out_version", "_out_conflict")

    def __init__(self, initial_version: int = 0) -> None:
        if _lib is None:
            raise ImportError(
                "pydsql._native._resolver is not built; install the package "
                "(pip install -e .) or run src/pydsql/_native/build_resolver.py"
            ) from _IMPORT_ERROR
        raw = _lib.pydsql_resolver_create(initial_version)
        if raw == _ffi.NULL:
            raise MemoryError("pydsql_resolver_create failed")
        self._handle: Any = _ffi.gc(raw, _lib.pydsql_resolver_destroy)
        # Reused out-params: resolve() is on every COMMIT.
        self._out_version: Any = _ffi.new("uint64_t *")
        self._out_conflict: Any = _ffi.new("int32_t *")

    def _h(self) -> Any:
        handle = self._handle
        if handle is None:
            raise ValueError("resolver is closed")
        return handle

    @property
    def version(self) -> int:
        """The latest commit version."""
        version: int = _lib.pydsql_resolver_version(self._h())
        return version

    @property
    def horizon(self) -> int:
        """Snapshots below this are refused with TOO_OLD."""
        horizon: int = _lib.pydsql_resolver_horizon(self._h())
        return horizon

    def __len__(self) -> int:
        """Number of fingerprints remembered."""
        size: int = _lib.pydsql_resolver_size(self._h())
        return size

    def resolve(
        self, snapshot: int, fingerprints: Sequence[int], modes: Sequence[int]
    ) -> ResolveResult:
        """Check one transaction; commit it if it passes. See :class:`Resolver`."""
        handle = self._handle
        if handle is None:
            raise ValueError("resolver is closed")
        n = len(fingerprints)
        if len(modes) != n:  # C reads n of each: a mismatch would overrun
            raise ValueError("fingerprints and modes differ in length")
        # cffi turns a list/tuple argument for a `T *` parameter into a
        # temporary C array: cheaper than ffi.new() for short footprints.
        # Compact buffers (array('Q') of fingerprints, bytes/bytearray or
        # array('B') of modes: what Transaction.footprint builds) are passed
        # without a copy: a large transaction's footprint is then 9 bytes per
        # entry, not a Python int and two list slots.
        if type(fingerprints) is not list and type(fingerprints) is not tuple:
            if type(fingerprints) is array and fingerprints.typecode == "Q":
                fingerprints = _from_buffer(_U64_ARRAY, fingerprints)
            else:
                fingerprints = list(fingerprints)
        if type(modes) is not list and type(modes) is not tuple:
            if type(modes) is bytearray or type(modes) is bytes or (
                type(modes) is array and modes.typecode == "B"
            ):
                modes = _from_buffer(_U8_ARRAY, modes)
            else:
                modes = list(modes)
        out_version = self._out_version
        out_conflict = self._out_conflict
        status: int = _c_resolve(
            handle, snapshot, fingerprints, modes, n, out_version, out_conflict
        )
        if status == NOMEM:
            raise MemoryError("resolver could not grow its history table")
        return (status, out_version[0], out_conflict[0])

    def resolve_batch(self, txns: Sequence[Transaction]) -> list[ResolveResult]:
        """Resolve in order; transaction i sees the commits of those before it."""
        handle = self._h()
        snapshots: list[int] = []
        offsets: list[int] = [0]
        fingerprints: list[int] = []
        modes: list[int] = []
        for snapshot, fps, mds in txns:
            if len(fps) != len(mds):
                raise ValueError("fingerprints and modes differ in length")
            snapshots.append(snapshot)
            fingerprints.extend(fps)
            modes.extend(mds)
            offsets.append(len(fingerprints))
        if len(fingerprints) > _U32_MAX:
            raise OverflowError("batch has more than 2**32 - 1 entries")
        n_txns = len(snapshots)
        out_status = _ffi.new("int32_t[]", n_txns)
        out_versions = _ffi.new("uint64_t[]", n_txns)
        out_conflict = _ffi.new("int32_t[]", n_txns)
        _lib.pydsql_resolver_resolve_batch(
            handle,
            n_txns,
            snapshots,
            offsets,
            fingerprints,
            modes,
            out_status,
            out_versions,
            out_conflict,
        )
        results = [(out_status[i], out_versions[i], out_conflict[i]) for i in range(n_txns)]
        if any(status == NOMEM for status, _, _ in results):
            raise MemoryError("resolver could not grow its history table during a batch")
        return results

    def prune(self, horizon: int) -> None:
        """Forget every fingerprint whose versions are all <= horizon."""
        _lib.pydsql_resolver_prune(self._h(), horizon)

    def set_faults(self, mask: int) -> None:
        """Inject FAULT_* bugs (tests only: proves the differential tests bite)."""
        _lib.pydsql_resolver_set_faults(self._h(), mask)

    def close(self) -> None:
        """Free the C handle now (idempotent); later calls raise ValueError."""
        handle = self._handle
        if handle is not None:
            self._handle = None
            _ffi.release(handle)  # runs pydsql_resolver_destroy immediately

    def __repr__(self) -> str:
        if self._handle is None:
            return "<NativeResolver closed>"
        return f"<NativeResolver version={self.version} horizon={self.horizon} size={len(self)}>"


def open_resolver(initial_version: int = 0) -> Resolver:
    """A resolver at ``initial_version``: native unless ``PYDSQL_RESOLVER=python``."""
    choice = os.environ.get("PYDSQL_RESOLVER", "").strip().lower()
    if choice == "python":
        return ReferenceResolver(initial_version)
    if choice == "native":
        if not NATIVE_AVAILABLE:
            raise ImportError(
                "PYDSQL_RESOLVER=native but pydsql._native._resolver is not built"
            ) from _IMPORT_ERROR
        return NativeResolver(initial_version)
    if choice not in ("", "auto"):
        raise ValueError(f"PYDSQL_RESOLVER must be 'native' or 'python', not {choice!r}")
    if NATIVE_AVAILABLE:
        return NativeResolver(initial_version)
    warnings.warn(
        f"native conflict resolver unavailable ({_IMPORT_ERROR}); "
        "using the slower pure-Python reference",
        RuntimeWarning,
        stacklevel=2,
    )
    return ReferenceResolver(initial_version)
