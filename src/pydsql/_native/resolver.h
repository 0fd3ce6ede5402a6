/*
 * resolver.h - pydsql commit-time conflict resolver (C99, libc only).
 *
 * Aurora DSQL uses optimistic concurrency control: a transaction runs against
 * a snapshot (a commit version) without taking locks, and at COMMIT it is
 * checked against everything committed after its snapshot. "Earliest commit
 * wins": the first transaction to reach the resolver commits, a later one that
 * overlaps with it is rejected (SQLSTATE 40001 in the engine above us).
 *
 * This is the smallest piece that decides. Modelled on FoundationDB's
 * resolver: an opaque handle, flat arrays in, flat arrays out.
 *
 * Vocabulary
 * ----------
 * fingerprint  A 64-bit hash of "what was touched" (a row key, a relation's
 *              schema, ...). Computed by the caller; the resolver never sees
 *              keys. Every value, 0 and UINT64_MAX included, is a valid key.
 *              Two different keys with the same fingerprint produce a false
 *              conflict (acceptable at 2^-64 odds); a missed conflict is never
 *              acceptable, so nothing lossy (no Bloom filter) is used.
 * mode         How the fingerprint was touched (PYDSQL_MODE_*). Committed
 *              history keeps, per fingerprint and per mode, the highest commit
 *              version that wrote it.
 * version      The resolver's commit counter. Each committing transaction with
 *              at least one entry gets version = previous version + 1.
 * snapshot     The version a transaction read at (its "begin" version). It
 *              conflicts with committed entries whose version is > snapshot.
 * horizon      Everything at or below the horizon may have been forgotten by
 *              pydsql_resolver_prune(); a snapshot below the horizon cannot be
 *              decided safely and gets PYDSQL_TOO_OLD. A new resolver's
 *              horizon is its initial_version: it knows nothing of commits
 *              before it existed, so it refuses older snapshots too.
 *
 * Conflict matrix (new entry's mode vs. a committed entry's mode on the same
 * fingerprint, committed at a version > snapshot; X = conflict):
 *
 *     new \ committed   EXCLUSIVE  UPDATE  KEY_SHARE
 *     EXCLUSIVE            X         X        X
 *     UPDATE               X         X        -
 *     KEY_SHARE            X         -        -
 *
 * Worked example (resolver created at version 0):
 *
 *     T1 begins at snapshot 0; T2 begins at snapshot 0.
 *     T1 resolves {(k, EXCLUSIVE)}       -> COMMITTED, version 1
 *     T2 resolves {(j, UPDATE), (k, KEY_SHARE)}
 *        k was written EXCLUSIVE at 1 > 0 -> CONFLICT, index 1
 *     T3 begins at snapshot 1, resolves {(k, UPDATE)}
 *        k's write at 1 is not > 1       -> COMMITTED, version 2
 *     prune(2): every fingerprint whose versions are all <= 2 is forgotten;
 *        a resolve at snapshot 1 now returns TOO_OLD.
 *
 * Thread safety: NONE. The handle is not internally locked; the caller must
 * serialize every call on the same handle (pydsql holds a lock around it).
 * Distinct handles are independent.
 */
#ifndef PYDSQL_RESOLVER_H
#define PYDSQL_RESOLVER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Footprint entry modes. Room for up to 8 (the conflict table is a byte per
 * mode); PYDSQL_NUM_MODES is how many are defined. */
#define PYDSQL_MODE_EXCLUSIVE 0 /* INSERT, DELETE, key UPDATE, FOR UPDATE, DDL */
#define PYDSQL_MODE_UPDATE 1    /* UPDATE of non-key columns only */
#define PYDSQL_MODE_KEY_SHARE 2 /* FOR KEY SHARE */
#define PYDSQL_MODE_SCHEMA_READ 3 /* "used relation R's schema": fails after a DDL on R */
#define PYDSQL_NUM_MODES 4

/* Status codes returned by resolve / stored in resolve_batch's out_status. */
#define PYDSQL_COMMITTED 0 /* committed; *out_version = its commit version */
#define PYDSQL_CONFLICT 1  /* *out_conflict = index of first conflicting entry */
#define PYDSQL_TOO_OLD 2   /* snapshot < horizon: history needed is gone */
#define PYDSQL_INVALID 3   /* caller bug: snapshot > version, mode out of
                              range, or the version counter is exhausted */
#define PYDSQL_NOMEM 4     /* allocation failed; nothing was recorded */

/* Fault injection (tests only): deliberately broken behaviours that prove
 * the differential tests can catch a wrong resolver. */
#define PYDSQL_FAULT_IGNORE_UPDATE_MODE 0x1u   /* new UPDATE entries never
                                                  conflict */
#define PYDSQL_FAULT_OFF_BY_ONE_SNAPSHOT 0x2u  /* miss conflicts with commits
                                                  at exactly snapshot + 1 */

typedef struct pydsql_resolver pydsql_resolver;

/* Create an empty resolver whose current version and horizon are both
 * initial_version. Returns NULL if out of memory. */
pydsql_resolver *pydsql_resolver_create(uint64_t initial_version);

/* Free a resolver. NULL is accepted and ignored. */
void pydsql_resolver_destroy(pydsql_resolver *r);

/* Check one transaction and, if it passes, commit it.
 *
 * fingerprints[i], modes[i] for i in [0, n) form the footprint; duplicates
 * (same fingerprint twice, or with two modes) are fine. Checks, in order:
 *   1. snapshot > current version        -> PYDSQL_INVALID, out_conflict = -1
 *   2. snapshot < horizon                -> PYDSQL_TOO_OLD, out_conflict = -1
 *   3. first entry with mode >= PYDSQL_NUM_MODES
 *                                        -> PYDSQL_INVALID, out_conflict = i
 *   4. n == 0 (read-only)                -> PYDSQL_COMMITTED,
 *                                           out_version = current version
 *                                           (no version consumed)
 *   5. first entry i that conflicts with history (matrix above)
 *                                        -> PYDSQL_CONFLICT, out_conflict = i
 *   6. current version == UINT64_MAX     -> PYDSQL_INVALID, out_conflict = -1
 *   7. otherwise the entries are recorded at version + 1, which becomes the
 *      current version          -> PYDSQL_COMMITTED, out_version = version
 *                                  out_conflict = -1
 * On anything but COMMITTED, out_version is set to 0 and nothing is recorded.
 * out_version and out_conflict may be NULL. fingerprints and modes may be
 * NULL only if n == 0. PYDSQL_NOMEM is possible (history unchanged). */
int pydsql_resolver_resolve(pydsql_resolver *r, uint64_t snapshot,
                            const uint64_t *fingerprints, const uint8_t *modes,
                            uint32_t n, uint64_t *out_version,
                            int32_t *out_conflict);

/* Resolve n_txns transactions in order, as if by n_txns calls to
 * pydsql_resolver_resolve: transaction i sees the commits of transactions
 * < i of the same batch. Transaction i's entries are
 * fingerprints/modes[offsets[i] .. offsets[i+1]); offsets has n_txns + 1
 * elements and must be non-decreasing (a decreasing pair makes that
 * transaction PYDSQL_INVALID). out_status, out_versions and out_conflict have
 * n_txns elements each. Returns the number of transactions committed
 * (read-only ones included). */
uint32_t pydsql_resolver_resolve_batch(pydsql_resolver *r, uint32_t n_txns,
                                       const uint64_t *snapshots,
                                       const uint32_t *offsets,
                                       const uint64_t *fingerprints,
                                       const uint8_t *modes,
                                       int32_t *out_status,
                                       uint64_t *out_versions,
                                       int32_t *out_conflict);

/* The caller promises that no live or future snapshot is below horizon.
 * Forget every fingerprint whose recorded versions are all <= horizon (they
 * can never conflict with a snapshot >= horizon) and compact the table.
 * The effective horizon is clamped to [current horizon, current version]:
 * it never moves backwards and never passes the current version. Afterwards
 * snapshots below it get PYDSQL_TOO_OLD. If compaction cannot allocate, the
 * table is kept as is (still correct, just larger); the horizon still moves. */
void pydsql_resolver_prune(pydsql_resolver *r, uint64_t horizon);

/* Current (latest committed) version. */
uint64_t pydsql_resolver_version(const pydsql_resolver *r);

/* Current horizon (snapshots below it get PYDSQL_TOO_OLD). */
uint64_t pydsql_resolver_horizon(const pydsql_resolver *r);

/* Number of distinct fingerprints remembered. */
size_t pydsql_resolver_size(const pydsql_resolver *r);

/* Enable the PYDSQL_FAULT_* bits in mask (0 = correct behaviour). */
void pydsql_resolver_set_faults(pydsql_resolver *r, uint32_t mask);

#ifdef __cplusplus
}
#endif

#endif /* PYDSQL_RESOLVER_H */
