/*
 * resolver.c - pydsql commit-time conflict resolver. See resolver.h for the
 * protocol; reference.py is the executable specification it must match.
 *
 * Invariants of the history table:
 *
 *  - Open addressing, linear probing, capacity a power of two (>= 16), load
 *    factor kept <= 1/2 by growing before an insert could exceed it.
 *  - A slot is empty iff its `last` field is 0. `last` is the highest commit
 *    version recorded in the slot; commit versions are always >= 1 (version+1
 *    of an unsigned counter), so 0 is free to mean "empty" and every
 *    fingerprint value, including 0, is an ordinary key.
 *  - v[m] is the highest commit version at which the fingerprint was written
 *    in mode m (0 = never). Only the maximum matters: a snapshot conflicts
 *    with mode m iff some write in mode m is > snapshot iff max > snapshot.
 *  - No slot is ever deleted individually (so no tombstones); prune() rebuilds
 *    the table keeping only slots with last > horizon. Such a slot is the only
 *    kind that can still conflict with a snapshot >= horizon.
 *  - Every fingerprint whose writes are all <= horizon is absent after a
 *    successful prune, so size() is exactly the number of fingerprints written
 *    after the horizon (the Python reference computes the same number).
 *
 * Worked example: create(0); resolve(0, {7:EXCL}) -> COMMITTED v1, table
 * {7: v[EXCL]=1, last=1}; resolve(0, {7:KEY_SHARE}) -> CONFLICT (1 > 0);
 * resolve(1, {7:KEY_SHARE}) -> COMMITTED v2, table {7: EXCL=1, KS=2, last=2};
 * prune(2) -> table {} (last 2 <= 2), horizon 2.
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

typedef struct {
    uint64_t fp;
    uint64_t last;                 /* max of v[]; 0 = empty slot */
    uint64_t v[PYDSQL_NUM_MODES];  /* per-mode max commit version, 0 = none */
} slot_t;

struct pydsql_resolver {
    slot_t *slots;
    size_t capacity; /* power of two */
    size_t count;    /* occupied slots */
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

/* Index of fp's slot, or of the empty slot where it would be inserted. */
static inline size_t find_slot(const slot_t *slots, size_t capacity,
                               uint64_t fp) {
    size_t mask = capacity - 1;
    size_t i = hash_fp(fp) & mask;
    while (slots[i].last != 0 && slots[i].fp != fp) {
        i = (i + 1) & mask;
    }
    return i;
}

static slot_t *alloc_slots(size_t capacity) {
    if (capacity > SIZE_MAX / sizeof(slot_t)) {
        return NULL;
    }
    return (slot_t *)calloc(capacity, sizeof(slot_t));
}

/* Move every occupied slot with last > keep_above into a fresh table of
 * new_capacity. Returns 0 on success, -1 (table unchanged) on OOM. */
static int rehash(pydsql_resolver *r, size_t new_capacity, uint64_t keep_above) {
    slot_t *fresh = alloc_slots(new_capacity);
    size_t i, kept = 0;
    if (fresh == NULL) {
        return -1;
    }
    for (i = 0; i < r->capacity; i++) {
        const slot_t *s = &r->slots[i];
        if (s->last > keep_above) {
            fresh[find_slot(fresh, new_capacity, s->fp)] = *s;
            kept++;
        }
    }
    free(r->slots);
    r->slots = fresh;
    r->capacity = new_capacity;
    r->count = kept;
    return 0;
}

/* Make room for `extra` more fingerprints at load factor <= 1/2. */
static int reserve(pydsql_resolver *r, size_t extra) {
    size_t need, cap;
    if (extra > SIZE_MAX / 2 - r->count) {
        return -1;
    }
    need = (r->count + extra) * 2;
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
    return rehash(r, cap, 0);
}

pydsql_resolver *pydsql_resolver_create(uint64_t initial_version) {
    pydsql_resolver *r = (pydsql_resolver *)malloc(sizeof(*r));
    if (r == NULL) {
        return NULL;
    }
    r->slots = alloc_slots(MIN_CAPACITY);
    if (r->slots == NULL) {
        free(r);
        return NULL;
    }
    r->capacity = MIN_CAPACITY;
    r->count = 0;
    r->version = initial_version;
    r->horizon = initial_version;
    r->faults = 0;
    return r;
}

void pydsql_resolver_destroy(pydsql_resolver *r) {
    if (r != NULL) {
        free(r->slots);
        free(r);
    }
}

/* Does a new entry (fp, mode) conflict with history after snapshot? */
static inline int entry_conflicts(const pydsql_resolver *r, uint64_t snapshot,
                                  uint64_t fp, uint8_t mode) {
    const slot_t *s = &r->slots[find_slot(r->slots, r->capacity, fp)];
    unsigned m, mask;
    if (s->last <= snapshot) { /* empty slot (last == 0) or all old writes */
        return 0;
    }
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
        slot_t *s = &r->slots[find_slot(r->slots, r->capacity, fps[i])];
        if (s->last == 0) {
            s->fp = fps[i];
            r->count++;
        }
        s->v[modes[i]] = commit;
        s->last = commit;
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
    size_t i, survivors = 0, cap;
    if (horizon > r->version) {
        horizon = r->version;
    }
    if (horizon <= r->horizon) {
        return;
    }
    r->horizon = horizon;
    for (i = 0; i < r->capacity; i++) {
        if (r->slots[i].last > horizon) {
            survivors++;
        }
    }
    if (survivors == r->count) {
        return;
    }
    /* Shrink to load <= 1/4 (room to grow before the next resize), but
     * never grow here. */
    cap = MIN_CAPACITY;
    while (cap < survivors * 4 && cap < r->capacity) {
        cap *= 2;
    }
    (void)rehash(r, cap, horizon); /* on OOM keep the (correct) old table */
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
