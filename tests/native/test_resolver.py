"""Tests for the commit-time conflict resolver (src/pydsql/_native).

Unit tests run on both implementations (the C one behind cffi and the
pure-Python reference). A Hypothesis differential test drives both with the
same random histories and requires identical results; with a fault injected
into the C resolver the same search must find a divergence, which shows the
comparison would catch a real bug.
"""

from __future__ import annotations

import importlib
import os
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

import pydsql._native as native
from pydsql._native import (
    COMMITTED,
    CONFLICT,
    FAULT_IGNORE_UPDATE_MODE,
    FAULT_OFF_BY_ONE_SNAPSHOT,
    INVALID,
    MODE_EXCLUSIVE,
    MODE_KEY_SHARE,
    MODE_SCHEMA_READ,
    MODE_UPDATE,
    NATIVE_AVAILABLE,
    NUM_MODES,
    TOO_OLD,
    NativeResolver,
    ReferenceResolver,
    Resolver,
    open_resolver,
)

X, U, KS, SR = MODE_EXCLUSIVE, MODE_UPDATE, MODE_KEY_SHARE, MODE_SCHEMA_READ
U64_MAX = 2**64 - 1

Factory = Callable[..., Resolver]


def _native_factory(initial_version: int = 0) -> Resolver:
    if not NATIVE_AVAILABLE:
        pytest.fail(
            "native resolver not built (pip install -e . or "
            "python src/pydsql/_native/build_resolver.py)"
        )
    return NativeResolver(initial_version)


@pytest.fixture(params=["native", "reference"])
def make(request: pytest.FixtureRequest) -> Factory:
    """A resolver constructor, for each implementation."""
    if request.param == "native":
        return _native_factory
    return ReferenceResolver


# ---------------------------------------------------------------- build ----


def test_native_module_is_built_and_loaded() -> None:
    assert NATIVE_AVAILABLE, "pydsql._native._resolver failed to import: run pip install -e ."
    mod = importlib.import_module("pydsql._native._resolver")
    assert mod.__file__ is not None and not mod.__file__.endswith(".py")
    assert mod.lib.PYDSQL_NUM_MODES == native.NUM_MODES


def test_protocol_is_satisfied(make: Factory) -> None:
    assert isinstance(make(), Resolver)


# ------------------------------------------------------------ semantics ----


def test_first_committer_wins(make: Factory) -> None:
    r = make()
    t1_snapshot = t2_snapshot = r.version
    assert r.resolve(t1_snapshot, [42], [X]) == (COMMITTED, 1, -1)
    assert r.resolve(t2_snapshot, [42], [X]) == (CONFLICT, 0, 0)
    assert r.version == 1  # the loser consumed nothing
    # The retry (a new transaction at the new snapshot) commits.
    assert r.resolve(r.version, [42], [X]) == (COMMITTED, 2, -1)


def test_disjoint_keys_both_commit(make: Factory) -> None:
    r = make()
    assert r.resolve(0, [1, 2], [X, U]) == (COMMITTED, 1, -1)
    assert r.resolve(0, [3, 4], [X, KS]) == (COMMITTED, 2, -1)
    assert len(r) == 4


# Written out independently of CONFLICT_MASK on purpose.
EXPECTED_MATRIX = {
    (X, X): True, (X, U): True, (X, KS): True, (X, SR): False,
    (U, X): True, (U, U): True, (U, KS): False, (U, SR): False,
    (KS, X): True, (KS, U): False, (KS, KS): False, (KS, SR): False,
    (SR, X): True, (SR, U): False, (SR, KS): False, (SR, SR): False,
}  # fmt: skip


@pytest.mark.parametrize(("new_mode", "committed_mode"), sorted(EXPECTED_MATRIX))
def test_conflict_matrix_cell(make: Factory, new_mode: int, committed_mode: int) -> None:
    r = make()
    assert r.resolve(0, [7], [committed_mode]) == (COMMITTED, 1, -1)
    expected = (CONFLICT, 0, 0) if EXPECTED_MATRIX[new_mode, committed_mode] else (COMMITTED, 2, -1)
    assert r.resolve(0, [7], [new_mode]) == expected
    assert native.conflicts(new_mode, committed_mode) == EXPECTED_MATRIX[new_mode, committed_mode]


@pytest.mark.parametrize(("new_mode", "committed_mode"), sorted(EXPECTED_MATRIX))
def test_commit_at_or_before_snapshot_never_conflicts(
    make: Factory, new_mode: int, committed_mode: int
) -> None:
    r = make()
    r.resolve(0, [7], [committed_mode])
    assert r.resolve(1, [7], [new_mode]) == (COMMITTED, 2, -1)


def test_conflict_index_is_first_conflicting_entry(make: Factory) -> None:
    r = make()
    r.resolve(0, [10, 11], [X, U])
    # entry 0 (20) is new, entry 1 is KEY_SHARE vs UPDATE (fine), entry 2 conflicts
    assert r.resolve(0, [20, 11, 11, 10], [X, KS, U, X]) == (CONFLICT, 0, 2)


def test_per_mode_history(make: Factory) -> None:
    r = make()
    r.resolve(0, [5], [X])  # v1
    r.resolve(1, [5], [U])  # v2: only UPDATE is newer than snapshot 1
    assert r.resolve(1, [5], [KS]) == (COMMITTED, 3, -1)  # KS vs U: fine
    assert r.resolve(1, [5], [U]) == (CONFLICT, 0, 0)
    assert r.resolve(0, [5], [KS]) == (CONFLICT, 0, 0)  # X at v1 > 0


def test_duplicate_entries_in_one_transaction(make: Factory) -> None:
    r = make()
    assert r.resolve(0, [9, 9, 9], [U, X, U]) == (COMMITTED, 1, -1)
    assert len(r) == 1
    assert r.resolve(0, [9], [KS]) == (CONFLICT, 0, 0)  # the EXCLUSIVE was recorded
    assert r.resolve(1, [9, 9], [KS, KS]) == (COMMITTED, 2, -1)


def test_read_only_transaction(make: Factory) -> None:
    r = make()
    assert r.resolve(0, [], []) == (COMMITTED, 0, -1)
    r.resolve(0, [1], [X])
    # A read-only transaction at an old snapshot has nothing to conflict with
    # and consumes no version.
    assert r.resolve(0, [], []) == (COMMITTED, 1, -1)
    assert r.version == 1
    assert r.resolve(0, (), ()) == (COMMITTED, 1, -1)


def test_batch_sees_earlier_commits_of_same_batch(make: Factory) -> None:
    r = make()
    results = r.resolve_batch(
        [
            (0, [1], [X]),  # commits v1
            (0, [1], [KS]),  # conflicts with the batch's own v1
            (0, [2], [U]),  # commits v2
            (0, [], []),  # read-only: current version (2)
            (2, [1, 2], [KS, KS]),  # snapshot 2 saw both: commits v3
            (0, [2], [X]),  # conflicts with v2 (index 0)
            (9, [3], [X]),  # snapshot > version: INVALID
            (3, [4, 5], [X, 7]),  # bad mode at index 1
        ]
    )
    assert results == [
        (COMMITTED, 1, -1),
        (CONFLICT, 0, 0),
        (COMMITTED, 2, -1),
        (COMMITTED, 2, -1),
        (COMMITTED, 3, -1),
        (CONFLICT, 0, 0),
        (INVALID, 0, -1),
        (INVALID, 0, 1),
    ]
    assert r.version == 3
    assert r.resolve_batch([]) == []


def test_batch_equals_sequential_resolves(make: Factory) -> None:
    txns = [(0, [k % 3, k], [k % 3, X]) for k in range(10)] + [(4, [1], [U])]
    a, b = make(), make()
    assert a.resolve_batch(txns) == [b.resolve(*t) for t in txns]
    assert (a.version, len(a)) == (b.version, len(b))


def test_too_old_after_prune(make: Factory) -> None:
    r = make()
    for k in range(5):
        r.resolve(r.version, [k], [X])
    r.prune(3)
    assert r.horizon == 3
    assert r.resolve(2, [100], [X]) == (TOO_OLD, 0, -1)
    assert r.resolve(2, [], []) == (TOO_OLD, 0, -1)
    assert r.resolve(3, [3], [X]) == (CONFLICT, 0, 0)  # key 3 written at v4 > 3
    assert r.resolve(3, [100], [X]) == (COMMITTED, 6, -1)


def test_initial_version_is_the_first_horizon(make: Factory) -> None:
    r = make(10)
    assert (r.version, r.horizon, len(r)) == (10, 10, 0)
    # Commits before this resolver existed are unknown: older snapshots refused.
    assert r.resolve(9, [1], [KS]) == (TOO_OLD, 0, -1)
    assert r.resolve(10, [1], [X]) == (COMMITTED, 11, -1)


def test_prune_shrinks_len(make: Factory) -> None:
    r = make()
    for k in range(1000):
        r.resolve(r.version, [k], [k % NUM_MODES])
    assert len(r) == 1000
    r.prune(500)
    assert len(r) == 500
    r.prune(1000)
    assert len(r) == 0
    assert r.horizon == 1000
    # The table still works after compaction.
    assert r.resolve(1000, [5], [X]) == (COMMITTED, 1001, -1)
    assert r.resolve(1000, [5], [KS]) == (CONFLICT, 0, 0)
    assert len(r) == 1


def test_prune_keeps_fingerprints_with_any_newer_version(make: Factory) -> None:
    r = make()
    r.resolve(0, [1, 2], [X, X])  # v1
    r.resolve(1, [1], [KS])  # v2: fingerprint 1 now has a version above 1
    r.prune(1)
    assert len(r) == 1
    assert r.resolve(1, [1], [X]) == (CONFLICT, 0, 0)


def test_prune_is_clamped(make: Factory) -> None:
    r = make()
    for k in range(4):
        r.resolve(r.version, [k], [X])
    r.prune(100)  # beyond the current version: clamped to it
    assert (r.horizon, len(r)) == (4, 0)
    assert r.resolve(4, [1], [X]) == (COMMITTED, 5, -1)
    r.prune(2)  # never backwards
    assert r.horizon == 4
    assert r.resolve(3, [], []) == (TOO_OLD, 0, -1)


def test_prune_never_changes_a_decision_at_or_above_horizon(make: Factory) -> None:
    pruned, full = make(), make()
    for r in (pruned, full):
        for step in range(60):
            r.resolve(r.version, [step % 17, 1000 + step], [step % 3, X])
    horizon = 30
    pruned.prune(horizon)
    assert len(pruned) < len(full)
    # Both receive the same queries (and commits), so they stay comparable.
    for snapshot in range(horizon, 61):
        for key in (*range(17), 1029, 1030, 1059, 5000):
            for mode in (X, U, KS):
                assert pruned.resolve(snapshot, [key], [mode]) == full.resolve(
                    snapshot, [key], [mode]
                )
    assert pruned.version == full.version


def test_invalid_snapshot(make: Factory) -> None:
    r = make()
    r.resolve(0, [1], [X])
    assert r.resolve(2, [2], [X]) == (INVALID, 0, -1)
    assert r.resolve(2, [], []) == (INVALID, 0, -1)
    assert (r.version, len(r)) == (1, 1)


def test_invalid_mode_records_nothing(make: Factory) -> None:
    r = make()
    assert r.resolve(0, [1, 2], [X, NUM_MODES]) == (INVALID, 0, 1)
    assert r.resolve(0, [1], [255]) == (INVALID, 0, 0)
    assert (r.version, len(r)) == (0, 0)


def test_extreme_fingerprints(make: Factory) -> None:
    r = make()
    assert r.resolve(0, [0], [X]) == (COMMITTED, 1, -1)
    assert r.resolve(0, [U64_MAX], [X]) == (COMMITTED, 2, -1)
    assert len(r) == 2
    assert r.resolve(0, [0], [KS]) == (CONFLICT, 0, 0)
    assert r.resolve(1, [U64_MAX], [KS]) == (CONFLICT, 0, 0)
    assert r.resolve(2, [0, U64_MAX], [X, X]) == (COMMITTED, 3, -1)
    # Grow the table many times over; 0 must stay a key, not an empty slot.
    for k in range(1, 5000):
        r.resolve(r.version, [k], [KS])
    assert r.resolve(2, [0], [KS]) == (CONFLICT, 0, 0)
    next_version = r.version + 1
    assert r.resolve(3, [0], [KS]) == (COMMITTED, next_version, -1)
    r.prune(r.version)
    assert len(r) == 0


def test_version_counter_exhaustion(make: Factory) -> None:
    r = make(U64_MAX - 1)
    assert r.resolve(U64_MAX - 1, [1], [X]) == (COMMITTED, U64_MAX, -1)
    assert r.resolve(U64_MAX, [2], [X]) == (INVALID, 0, -1)
    assert r.resolve(U64_MAX, [], []) == (COMMITTED, U64_MAX, -1)
    assert r.resolve(U64_MAX - 1, [1], [X]) == (CONFLICT, 0, 0)


def test_bad_arguments_raise(make: Factory) -> None:
    r = make()
    with pytest.raises(OverflowError):
        r.resolve(0, [-1], [X])
    with pytest.raises(OverflowError):
        r.resolve(0, [2**64], [X])
    with pytest.raises(OverflowError):
        r.resolve(-1, [1], [X])
    with pytest.raises(OverflowError):
        r.resolve(0, [1], [256])
    with pytest.raises(ValueError):
        r.resolve(0, [1, 2], [X])
    with pytest.raises(ValueError):
        r.resolve_batch([(0, [1], [X]), (0, [1], [])])
    assert (r.version, len(r)) == (0, 0)  # the batch's first txn was not committed


def test_many_keys_heavy_collisions_in_low_bits(make: Factory) -> None:
    # Python's hash() of small ints is the int itself, so fingerprints that
    # differ only in high bits must still spread (the C side mixes them).
    r = make()
    keys = [k << 40 for k in range(2000)]
    assert r.resolve(0, keys, [U] * len(keys)) == (COMMITTED, 1, -1)
    assert len(r) == 2000
    assert r.resolve(0, [999 << 40], [KS]) == (COMMITTED, 2, -1)
    assert r.resolve(0, [3, 1999 << 40], [X, U]) == (CONFLICT, 0, 1)


def test_close(make: Factory) -> None:
    r = make()
    r.resolve(0, [1], [X])
    r.close()
    r.close()  # idempotent
    if isinstance(r, NativeResolver):
        with pytest.raises(ValueError):
            r.resolve(0, [1], [X])
        with pytest.raises(ValueError):
            len(r)


# ------------------------------------------------------- open_resolver ----


@pytest.fixture
def resolver_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    monkeypatch.delenv("PYDSQL_RESOLVER", raising=False)
    yield monkeypatch


def test_open_resolver_default_is_native(resolver_env: pytest.MonkeyPatch) -> None:
    assert isinstance(open_resolver(5), NativeResolver)
    assert open_resolver(5).version == 5


def test_open_resolver_env_selects(resolver_env: pytest.MonkeyPatch) -> None:
    resolver_env.setenv("PYDSQL_RESOLVER", "python")
    assert isinstance(open_resolver(), ReferenceResolver)
    resolver_env.setenv("PYDSQL_RESOLVER", "native")
    assert isinstance(open_resolver(), NativeResolver)
    resolver_env.setenv("PYDSQL_RESOLVER", "rust")
    with pytest.raises(ValueError):
        open_resolver()


def test_open_resolver_without_native(resolver_env: pytest.MonkeyPatch) -> None:
    resolver_env.setattr(native, "NATIVE_AVAILABLE", False)
    resolver_env.setattr(native, "_IMPORT_ERROR", ImportError("pretend"))
    with pytest.warns(RuntimeWarning, match="pretend"):
        assert isinstance(open_resolver(), ReferenceResolver)
    resolver_env.setenv("PYDSQL_RESOLVER", "native")
    with pytest.raises(ImportError):
        open_resolver()
    resolver_env.setenv("PYDSQL_RESOLVER", "python")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert isinstance(open_resolver(), ReferenceResolver)


# --------------------------------------------------- differential test ----

# A tiny key space (with the extreme values) so conflicts are frequent.
KEYS = [0, 1, 2, 3, 1 << 40, 0x8000_0000_0000_0000, U64_MAX - 1, U64_MAX]

entries_st = st.lists(
    st.tuples(
        st.integers(0, len(KEYS) - 1),
        st.sampled_from([X] * 10 + [U] * 10 + [KS] * 10 + [SR] * 10 + [NUM_MODES]),  # rarely an undefined mode
    ),
    max_size=5,
)
txn_st = st.tuples(st.integers(0, 7), entries_st)  # (which live snapshot, footprint)
op_st = st.one_of(
    st.tuples(st.just("begin"), st.integers(1, 3)),  # that many transactions begin
    st.tuples(st.just("begin"), st.integers(1, 3)),
    st.tuples(st.just("resolve"), txn_st),
    st.tuples(st.just("resolve"), txn_st),
    st.tuples(st.just("resolve"), txn_st),
    st.tuples(st.just("batch"), st.lists(txn_st, max_size=4)),
    st.tuples(st.just("prune")),
    st.tuples(st.just("stray"), st.integers(-3, 2), entries_st),  # TOO_OLD / INVALID
)
program_st = st.tuples(
    st.sampled_from([0, 0, 0, 0, 7, U64_MAX - 4]),  # initial version
    st.lists(op_st, max_size=40),
)

Program = tuple[int, list[tuple[Any, ...]]]


def run_program(program: Program, a: Resolver, b: Resolver) -> str | None:
    """Drive both resolvers; describe the first divergence, or None."""
    _, ops = program
    live: list[int] = []  # snapshots of transactions that began and have not resolved

    def take(pick: int) -> int:
        if not live:
            return a.version
        return live.pop(pick % len(live))

    def footprint(entries: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
        return [KEYS[k] for k, _ in entries], [m for _, m in entries]

    for step, op in enumerate(ops):
        kind = op[0]
        if kind == "begin":
            live.extend([a.version] * op[1])
            continue
        if kind == "resolve":
            pick, entries = op[1]
            args = (take(pick), *footprint(entries))
            ra: Any = a.resolve(*args)
            rb: Any = b.resolve(*args)
        elif kind == "batch":
            txns = [(take(pick), *footprint(entries)) for pick, entries in op[1]]
            ra, rb = a.resolve_batch(txns), b.resolve_batch(txns)
        elif kind == "prune":
            horizon = min(live) if live else a.version
            a.prune(horizon)
            b.prune(horizon)
            ra = rb = None
        else:  # stray snapshot, possibly below the horizon or above the version
            _, delta, entries = op
            snapshot = max(0, min(U64_MAX, a.version + delta))
            args = (snapshot, *footprint(entries))
            ra, rb = a.resolve(*args), b.resolve(*args)
        state_a = (ra, a.version, a.horizon, len(a))
        state_b = (rb, b.version, b.horizon, len(b))
        if state_a != state_b:
            return f"step {step} {op!r}: (result, version, horizon, len) {state_a} != {state_b}"
    return None


def _pair(program: Program, faults: int = 0) -> tuple[NativeResolver, ReferenceResolver]:
    initial_version = program[0]
    if not NATIVE_AVAILABLE:
        pytest.fail("native resolver not built")
    n = NativeResolver(initial_version)
    n.set_faults(faults)
    return n, ReferenceResolver(initial_version)


DIFF_SETTINGS = settings(
    max_examples=int(os.environ.get("PYDSQL_RESOLVER_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@DIFF_SETTINGS
@given(program_st)
def test_native_matches_reference(program: Program) -> None:
    assert run_program(program, *_pair(program)) is None


@pytest.mark.slow
@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(program_st)
def test_native_matches_reference_long(program: Program) -> None:
    assert run_program(program, *_pair(program)) is None


@pytest.mark.parametrize("fault", [FAULT_IGNORE_UPDATE_MODE, FAULT_OFF_BY_ONE_SNAPSHOT])
def test_differential_test_catches_injected_fault(fault: int) -> None:
    example = find(
        program_st,
        lambda p: run_program(p, *_pair(p, fault)) is not None,
        settings=settings(
            max_examples=2000,
            database=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
    # The divergence is the fault's doing: the healthy resolver agrees.
    assert run_program(example, *_pair(example, fault)) is not None
    assert run_program(example, *_pair(example)) is None


def test_faults_can_be_switched_off() -> None:
    n = _native_factory()
    assert isinstance(n, NativeResolver)
    n.set_faults(FAULT_IGNORE_UPDATE_MODE | FAULT_OFF_BY_ONE_SNAPSHOT)
    n.resolve(0, [1], [X])
    assert n.resolve(0, [1], [U]) == (COMMITTED, 2, -1)  # missed (both faults)
    n.set_faults(0)
    assert n.resolve(0, [1], [U]) == (CONFLICT, 0, 0)
