/* journal.c - hash-chained, append-only journal. */
#include "journal.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static const char genesis[65] = "0000000000000000000000000000000000000000000000000000000000000000";

static void feed_str(crypto_generichash_state *st, const char *s) {
    /* NULL and "" must hash differently; 0x1f separates fields. */
    if (s) crypto_generichash_update(st, (const unsigned char *)s, strlen(s));
    else crypto_generichash_update(st, (const unsigned char *)"\x00", 1);
    crypto_generichash_update(st, (const unsigned char *)"\x1f", 1);
}

static void feed_int(crypto_generichash_state *st, long long v) {
    char b[24];
    snprintf(b, sizeof b, "%lld", v);
    feed_str(st, b);
}

/* The hash of an entry given its prev_hash. */
static void entry_hash(const journal_entry *e, char out[65]) {
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 32);
    feed_str(&st, e->prev_hash);
    feed_int(&st, e->dossier_id);
    feed_int(&st, e->at);
    feed_int(&st, e->user_id);
    const char *strs1[] = {e->actor, e->role, e->unit_code, e->action, e->from_state, e->to_state};
    for (int i = 0; i < 6; i++) feed_str(&st, strs1[i]);
    feed_int(&st, e->step_seq);
    feed_str(&st, e->step_name);
    feed_int(&st, e->step_due_at);
    const char *strs2[] = {e->timing, e->to_unit_code, e->note};
    for (int i = 0; i < 3; i++) feed_str(&st, strs2[i]);
    unsigned char h[32];
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

mc_err journal_append(store_conn *w, journal_entry *e, mc_error *err) {
    /* A caller that appended the entry before this one in the same transaction
     * may pass its hash in prev_hash; otherwise the last entry is read. */
    if (!e->prev_hash[0]) {
        store_rows *r = store_query(w, Q_JOURNAL_LAST, SV_ARGS(SV_T(e->tenant)), err);
        if (!r) return MC_ERR_STORE;
        int k = store_next(r, err);
        snprintf(e->prev_hash, sizeof e->prev_hash, "%s", k == 1 ? store_text(r, 0) : genesis);
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
    }
    entry_hash(e, e->hash);
    return store_exec(
        w, Q_JOURNAL_INSERT,
        SV_ARGS(SV_T(e->tenant), SV_I(e->dossier_id), SV_I(e->at), e->user_id ? SV_I(e->user_id) : SV_N, SV_T(e->actor),
                SV_T(e->role), SV_T(e->unit_code), SV_T(e->action), SV_T(e->from_state), SV_T(e->to_state),
                e->step_seq ? SV_I(e->step_seq) : SV_N, SV_T(e->step_name), e->step_due_at ? SV_I(e->step_due_at) : SV_N,
                SV_T(e->timing), SV_T(e->to_unit_code), SV_T(e->note), SV_T(e->prev_hash), SV_T(e->hash)),
        NULL, err);
}

static void read_entry(store_rows *r, arena *a, journal_entry *e) {
    memset(e, 0, sizeof *e);
    e->id = store_int(r, 0);
    e->dossier_id = store_int(r, 1);
    e->at = store_int(r, 2);
    e->user_id = store_null(r, 3) ? 0 : store_int(r, 3);
    e->actor = arena_strdup(a, store_text(r, 4));
    e->role = arena_strdup(a, store_text(r, 5));
    e->unit_code = arena_strdup(a, store_text(r, 6));
    e->action = arena_strdup(a, store_text(r, 7));
    e->from_state = arena_strdup(a, store_text(r, 8));
    e->to_state = arena_strdup(a, store_text(r, 9));
    e->step_seq = store_null(r, 10) ? 0 : (int)store_int(r, 10);
    e->step_name = arena_strdup(a, store_text(r, 11));
    e->step_due_at = store_null(r, 12) ? 0 : store_int(r, 12);
    e->timing = arena_strdup(a, store_text(r, 13));
    e->to_unit_code = arena_strdup(a, store_text(r, 14));
    e->note = arena_strdup(a, store_text(r, 15));
    snprintf(e->prev_hash, sizeof e->prev_hash, "%s", store_text(r, 16) ? store_text(r, 16) : "");
    snprintf(e->hash, sizeof e->hash, "%s", store_text(r, 17) ? store_text(r, 17) : "");
    e->tenant = arena_strdup(a, store_text(r, 18));
}

mc_err journal_of(store_conn *c, arena *a, int64_t dossier_id, journal_entry **out, size_t *n,
                  mc_error *err) {
    store_rows *r = store_query(c, Q_JOURNAL_OF, SV_ARGS(SV_I(dossier_id)), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 16, cnt = 0;
    journal_entry *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        read_entry(r, a, &v[cnt++]);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    *n = cnt;
    return MC_OK;
}

/* Checks the entries of r as they come: a chain starts from the genesis, and again at each new tenant
 * when per_tenant. Entries up to `trusted` are only followed (checked in the whole-database pass). */
static mc_err walk(store_rows *r, bool per_tenant, int64_t trusted, int64_t *checked, int64_t *first_bad,
                   mc_error *err) {
    char prev[65], *tenant = NULL;
    memcpy(prev, genesis, sizeof prev);
    int k;
    while ((k = store_next(r, err)) == 1) {
        arena *a = arena_create();
        journal_entry e;
        read_entry(r, a, &e);
        const char *t = e.tenant ? e.tenant : "";
        if (per_tenant && (!tenant || strcmp(t, tenant) != 0)) {
            memcpy(prev, genesis, sizeof prev);
            free(tenant);
            tenant = xstrdup(t);
        }
        char stored[65];
        memcpy(stored, e.hash, sizeof stored);
        bool ok = true;
        if (e.id > trusted) {
            /* The link must point at the previous stored hash, and the hash must be what the fields give. */
            ok = strcmp(e.prev_hash, prev) == 0;
            entry_hash(&e, e.hash);
            ok = ok && strcmp(e.hash, stored) == 0;
            (*checked)++;
        }
        memcpy(prev, stored, sizeof prev);
        arena_free(a);
        if (!ok) {
            *first_bad = e.id;
            break;
        }
    }
    free(tenant);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err journal_verify(store_conn *c, int64_t *checked, int64_t *first_bad, mc_error *err) {
    *checked = 0;
    *first_bad = 0;
    /* Before migration 7 the journal was one chain; those entries are checked as one, in id order. */
    int64_t until = 0;
    store_rows *r = store_query(c, Q_META_GET, SV_ARGS(SV_T("journal_chains_from")), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1 && store_text(r, 0)) until = strtoll(store_text(r, 0), NULL, 10);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    mc_err e = MC_OK;
    if (until > 0) {
        if (!(r = store_query(c, Q_JOURNAL_UPTO, SV_ARGS(SV_I(until)), err))) return MC_ERR_STORE;
        e = walk(r, false, 0, checked, first_bad, err);
        store_rows_free(r);
        if (e || *first_bad) return e;
    }
    /* Then each tenant's chain: its first new entry links to its own last old one. */
    if (!(r = store_query(c, Q_JOURNAL_ALL, SV_NONE, err))) return MC_ERR_STORE;
    e = walk(r, true, until, checked, first_bad, err);
    store_rows_free(r);
    /* And every entry is in its dossier's chain: the hash does not cover the tenant column. */
    if (!e && !*first_bad) e = store_scalar_int(c, Q_JOURNAL_WRONG_TENANT, SV_NONE, first_bad, err);
    return e;
}
