/*
 * resolver.c - pydsql commit-time conflict resolver. See resolver.h for the
 * protocol; reference.py is the executable specification it must match.
 *
 * Invariants of the history table (a dense array of entries plus an open-
 * addressing index into it, as CPython's dicts; about 40 bytes per remembered
 * fingerprint plus 8 to 16 bytes of index, instead of 96 to 192 bytes for a
 * table of 48-byte slots kept at most half full):
 *
 *  - entries[0 .. count) are the remembered fingerprints, in no particular
 *    order, each with v[m]: the highest commit version at which it was written
 *    in mode m (0 = never). Only the maximum matters: a snapshot conflicts
 *    with mode m iff some write in mode m is > snapshot iff max > snapshot.
 *    Commit versions are >= 1 (version+1 of an unsigned counter), so every
 *    entry has some v[m] != 0 and every fingerprint value, 0 included, is an
 *    ordinary key. entries has room for entry_cap >= count entries.
 *  - index[] has capacity slots, a power of two (>= 16), at most half of
 *    them used: index[i] == 0 is an empty slot, else entries[index[i] - 1]
 *    is the fingerprint stored there (linear probing from hash_fp(fp)).
 *    count < UINT32_MAX, so an entry number + 1 fits an index slot.
 *  - No entry is ever deleted individually (so no tombstones); prune()
 *    compacts the entries keeping only those written after the horizon (the
 *    only kind that can still conflict with a snapshot >= horizon) and
 *    rebuilds the index.
 *  - Every fingerprint whose writes are all <= horizon is absent after a
 *    successful prune, so size() is exactly the number of fingerprints written
 *    after the horizon (the Python reference computes the same number).
 *
 * Worked example: create(0); resolve(0, {7:EXCL}) -> COMMITTED v1, entries
 * [{7: v[EXCL]=1}]; resolve(0, {7:KEY_SHARE}) -> CONFLICT (1 > 0);
 * resolve(1, {7:KEY_SHARE}) -> COMMITTED v2, entries [{7: EXCL=1, KS=2}];
 * prune(2) -> entries [] (max 2 <= 2), horizon 2.
 *
 * Not thread safe: the caller serializes all calls on one handle.
 */
#include "resolver.h"

#include <stdlib.h>
#include <string.h>

/* conflict_mask[new_mode] has bit m set iff a new entry in new_mode conflicts
 * with a committed entry in mode m (committed after the snapshot). Adding a
 * mode = adding a row here and a bit in the rows it conflicts with. */
static const uint8_t conflict_mask[PYDSQL_NUM_MODES] = {
    /* EXCLUSIVE */ (1u << PYDSQL_MODE_EXCLUSIVE) | (1u << PYDSQL_MODE_UPDATE) |
        (1u << PYDSQL_MODE_KEY_SHARE),
    /* UPDATE    */ (1u << PYDSQL_MODE_EXCLUSIVE) | (1u << PYDSQL_MODE_UPDATE),
    /* KEY_SHARE */ (1u << PYDSQL_MODE_EXCLUSIVE),
    /* SCHEMA_READ */ (1u << PYDSQL_MODE_EXCLUSIVE),
};

#define MIN_CAPACITY ((size_t)16)
#define MAX_ENTRIES ((size_t)UINT32_MAX - 1) /* entry number + 1 fits a uint32_t */

typedef struct {
    uint64_t fp;
    uint64_t v[PYDSQL_NUM_MODES]; /* per-mode max commit version, 0 = none */
} entry_t;

struct pydsql_resolver {
    entry_t *entries;
    size_t entry_cap; /* room in entries */
    size_t count;     /* entries in use */
    uint32_t *index;  /* 0 = empty, else entry number + 1 */
    size_t capacity;  /* index slots: a power of two */
    uint64_t version;
    uint64_t horizon;
    uint32_t faults;
};

/* splitmix64 finalizer: callers pass Python hash() values, which for small
 * ints are the ints themselves, so the fingerprint must be mixed. */
static inline size_t hash_fp(uint64_t x) {
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return (size_t)x;
}

static inline uint64_t last_version(const entry_t *e) {
    uint64_t last = 0;
    unsigned m;
    for (m = 0; m < PYDSQL_NUM_MODES; m++) {
        if (e->v[m] > last) {
            last = e->v[m];
        }
    }
    return last;
}

/* Index slot of fp, or of the empty slot where it would be inserted. */
static inline size_t find_slot(const pydsql_resolver *r, uint64_t fp) {
    size_t mask = r->capacity - 1;
    size_t i = hash_fp(fp) & mask;
    uint32_t e;
    while ((e = r->index[i]) != 0 && r->entries[e - 1].fp != fp) {
        i = (i + 1) & mask;
    }
    return i;
}

/* Replace the index by one of new_capacity slots over entries[0 .. count).
 * Returns 0 on success, -1 (index unchanged) on OOM. */
static int reindex(pydsql_resolver *r, size_t new_capacity) {
    uint32_t *fresh;
    size_t i, mask = new_capacity - 1;
    if (new_capacity > SIZE_MAX / sizeof(uint32_t)) {
        return -1;
    }
    fresh = (uint32_t *)calloc(new_capacity, sizeof(uint32_t));
    if (fresh == NULL) {
        return -1;
    }
    for (i = 0; i < r->count; i++) {
        size_t j = hash_fp(r->entries[i].fp) & mask;
        while (fresh[j] != 0) {
            j = (j + 1) & mask;
        }
        fresh[j] = (uint32_t)(i + 1);
    }
    free(r->index);
    r->index = fresh;
    r->capacity = new_capacity;
    return 0;
}

/* Make room for `extra` more fingerprints: entries for them, and an index at
 * load factor <= 1/2. Returns 0, or -1 (nothing changed that matters) on OOM. */
static int reserve(pydsql_resolver *r, size_t extra) {
    size_t total, need, cap;
    if (extra > MAX_ENTRIES - r->count) {
        return -1;
    }
    total = r->count + extra;
    if (total > r->entry_cap) {
        /* Grow by half at least (amortized O(1) per entry), exactly as much as
         * needed when one large transaction needs more. */
        size_t grown = r->entry_cap + r->entry_cap / 2;
        entry_t *moved;
        if (grown < total) {
            grown = total;
        }
        if (grown > MAX_ENTRIES) {
            grown = MAX_ENTRIES;
        }
        if (grown > SIZE_MAX / sizeof(entry_t)) {
            return -1;
        }
        moved = (entry_t *)realloc(r->entries, grown * sizeof(entry_t));
        if (moved == NULL) {
            return -1;
        }
        r->entries = moved;
        r->entry_cap = grown;
    }
    need = total * 2;
    if (need <= r->capacity) {
        return 0;
    }
    cap = r->capacity;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) {
            return -1;
        }
        cap *= 2;
    }
    return reindex(r, cap);
}

pydsql_resolver *pydsql_resolver_create(uint64_t initial_version) {
    pydsql_resolver *r = (pydsql_resolver *)malloc(sizeof(*r));
    if (r == NULL) {
        return NULL;
    }
    r->index = (uint32_t *)calloc(MIN_CAPACITY, sizeof(uint32_t));
    if (r->index == NULL) {
        free(r);
        return NULL;
    }
    r->entries = NULL;
    r->entry_cap = 0;
    r->count = 0;
    r->capacity = MIN_CAPACITY;
    r->version = initial_version;
    r->horizon = initial_version;
    r->faults = 0;
    return r;
}

void pydsql_resolver_destroy(pydsql_resolver *r) {
    if (r != NULL) {
        free(r->entries);
        free(r->index);
        free(r);
    }
}

/* Does a new entry (fp, mode) conflict with history after snapshot? */
static inline int entry_conflicts(const pydsql_resolver *r, uint64_t snapshot,
                                  uint64_t fp, uint8_t mode) {
    uint32_t e = r->index[find_slot(r, fp)];
    const entry_t *s;
    unsigned m, mask;
    if (e == 0) { /* never written (or only at or before the horizon) */
        return 0;
    }
    s = &r->entries[e - 1];
    if ((r->faults & PYDSQL_FAULT_IGNORE_UPDATE_MODE) &&
        mode == PYDSQL_MODE_UPDATE) {
        return 0;
    }
    mask = conflict_mask[mode];
    for (m = 0; m < PYDSQL_NUM_MODES; m++) {
        uint64_t v = s->v[m];
        if (((mask >> m) & 1u) && v > snapshot) {
            if ((r->faults & PYDSQL_FAULT_OFF_BY_ONE_SNAPSHOT) &&
                v == snapshot + 1) {
                continue;
            }
            return 1;
        }
    }
    return 0;
}

static int resolve_one(pydsql_resolver *r, uint64_t snapshot,
                       const uint64_t *fps, const uint8_t *modes, uint32_t n,
                       uint64_t *version, int32_t *conflict) {
    uint32_t i;
    uint64_t commit;
    *version = 0;
    *conflict = -1;
    if (snapshot > r->version) {
        return PYDSQL_INVALID;
    }
    if (snapshot < r->horizon) {
        return PYDSQL_TOO_OLD;
    }
    for (i = 0; i < n; i++) {
        if (modes[i] >= PYDSQL_NUM_MODES) {
            *conflict = (int32_t)i;
            return PYDSQL_INVALID;
        }
    }
    if (n == 0) {
        *version = r->version;
        return PYDSQL_COMMITTED;
    }
    /* Nothing committed after the snapshot: nothing to conflict with. */
    if (snapshot < r->version) {
        for (i = 0; i < n; i++) {
            if (entry_conflicts(r, snapshot, fps[i], modes[i])) {
                *conflict = (int32_t)i;
                return PYDSQL_CONFLICT;
            }
        }
    }
    if (r->version == UINT64_MAX) {
        return PYDSQL_INVALID;
    }
    if (reserve(r, n) != 0) {
        return PYDSQL_NOMEM;
    }
    commit = r->version + 1;
    for (i = 0; i < n; i++) {
        size_t slot = find_slot(r, fps[i]);
        entry_t *s;
        if (r->index[slot] == 0) {
            s = &r->entries[r->count];
            memset(s, 0, sizeof(*s));
            s->fp = fps[i];
            r->index[slot] = (uint32_t)++r->count;
        } else {
            s = &r->entries[r->index[slot] - 1];
        }
        s->v[modes[i]] = commit;
    }
    r->version = commit;
    *version = commit;
    return PYDSQL_COMMITTED;
}

int pydsql_resolver_resolve(pydsql_resolver *r, uint64_t snapshot,
                            const uint64_t *fingerprints, const uint8_t *modes,
                            uint32_t n, uint64_t *out_version,
                            int32_t *out_conflict) {
    uint64_t version;
    int32_t conflict;
    int status = resolve_one(r, snapshot, fingerprints, modes, n, &version,
                             &conflict);
    if (out_version != NULL) {
        *out_version = version;
    }
    if (out_conflict != NULL) {
        *out_conflict = conflict;
    }
    return status;
}

uint32_t pydsql_resolver_resolve_batch(pydsql_resolver *r, uint32_t n_txns,
                                       const uint64_t *snapshots,
                                       const uint32_t *offsets,
                                       const uint64_t *fingerprints,
                                       const uint8_t *modes,
                                       int32_t *out_status,
                                       uint64_t *out_versions,
                                       int32_t *out_conflict) {
    uint32_t t, committed = 0;
    for (t = 0; t < n_txns; t++) {
        uint32_t lo = offsets[t], hi = offsets[t + 1];
        int status;
        if (hi < lo) {
            out_versions[t] = 0;
            out_conflict[t] = -1;
            status = PYDSQL_INVALID;
        } else {
            status = resolve_one(r, snapshots[t],
                                 hi > lo ? fingerprints + lo : NULL,
                                 hi > lo ? modes + lo : NULL, hi - lo,
                                 &out_versions[t], &out_conflict[t]);
        }
        out_status[t] = status;
        if (status == PYDSQL_COMMITTED) {
            committed++;
        }
    }
    return committed;
}

void pydsql_resolver_prune(pydsql_resolver *r, uint64_t horizon) {
    size_t i, kept = 0, cap;
    if (horizon > r->version) {
        horizon = r->version;
    }
    if (horizon <= r->horizon) {
        return;
    }
    r->horizon = horizon;
    for (i = 0; i < r->count; i++) {
        if (last_version(&r->entries[i]) > horizon) {
            kept++;
        }
    }
    if (kept == r->count) {
        return;
    }
    /* Shrink the index to load <= 1/4 (room to grow before the next resize),
     * but never grow it here. Allocate it before touching the entries, so
     * that on OOM the (correct) old table is kept as is. */
    cap = MIN_CAPACITY;
    while (cap < kept * 4 && cap < r->capacity) {
        cap *= 2;
    }
    {
        uint32_t *fresh = (uint32_t *)calloc(cap, sizeof(uint32_t));
        size_t mask = cap - 1;
        if (fresh == NULL) {
            return;
        }
        kept = 0;
        for (i = 0; i < r->count; i++) {
            if (last_version(&r->entries[i]) > horizon) {
                size_t j = hash_fp(r->entries[i].fp) & mask;
                r->entries[kept] = r->entries[i];
                while (fresh[j] != 0) {
                    j = (j + 1) & mask;
                }
                fresh[j] = (uint32_t)++kept;
            }
        }
        free(r->index);
        r->index = fresh;
        r->capacity = cap;
        r->count = kept;
    }
    /* Give back most of the room of the entries too (a large transaction's
     * entries, once pruned, would otherwise stay allocated). */
    if (r->entry_cap > MIN_CAPACITY && r->count < r->entry_cap / 4) {
        size_t want = r->count * 2 > MIN_CAPACITY ? r->count * 2 : MIN_CAPACITY;
        entry_t *moved = (entry_t *)realloc(r->entries, want * sizeof(entry_t));
        if (moved != NULL) {
            r->entries = moved;
            r->entry_cap = want;
        }
    }
}

uint64_t pydsql_resolver_version(const pydsql_resolver *r) {
    return r->version;
}

uint64_t pydsql_resolver_horizon(const pydsql_resolver *r) {
    return r->horizon;
}

size_t pydsql_resolver_size(const pydsql_resolver *r) {
    return r->count;
}

void pydsql_resolver_set_faults(pydsql_resolver *r, uint32_t mask) {
    r->faults = mask;
}
