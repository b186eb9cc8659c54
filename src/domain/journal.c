/* journal.c - hash-chained, append-only journal. */
#include "journal.h"
#include "code_space.h"
#include "outbox.h"
#include "inbox.h"
#include "index766_months.h"
#include "stats_months.h"

#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static const char genesis[65] = "0000000000000000000000000000000000000000000000000000000000000000";

/* The first encoding (entries before meta journal_hash_v2_from): each field as text followed by
 * 0x1f, NULL as 0x00, numbers in decimal. Ambiguous when a field holds 0x1f; kept to verify old entries. */
static void feed_str(crypto_generichash_state *st, const char *s) {
    if (s)
        crypto_generichash_update(st, (const unsigned char *)s, strlen(s));
    else
        crypto_generichash_update(st, (const unsigned char *)"\x00", 1);
    crypto_generichash_update(st, (const unsigned char *)"\x1f", 1);
}

static void feed_int(crypto_generichash_state *st, long long v) {
    char b[24];
    snprintf(b, sizeof b, "%lld", v);
    feed_str(st, b);
}

static void entry_hash_v1(crypto_generichash_state *st, const journal_entry *e) {
    feed_str(st, e->prev_hash);
    feed_int(st, e->dossier_id);
    feed_int(st, e->at);
    feed_int(st, e->user_id);
    const char *strs1[] = {e->actor, e->role, e->unit_code, e->action, e->from_state, e->to_state};
    for (int i = 0; i < 6; i++) feed_str(st, strs1[i]);
    feed_int(st, e->step_seq);
    feed_str(st, e->step_name);
    feed_int(st, e->step_due_at);
    const char *strs2[] = {e->timing, e->to_unit_code, e->note};
    for (int i = 0; i < 3; i++) feed_str(st, strs2[i]);
}

/* The second encoding: a fixed prefix (no first-encoding input starts with it: those start with 64
 * hex digits), then every field typed: 0x00 = none (NULL text; 0 in the optional numbers, which the
 * application reads as none), 0x01 + 4-byte big-endian length + bytes = text, 0x02 + 8-byte
 * big-endian two's complement = number. The tenant is covered too. */
static const char v2_prefix[] = "motcua-journal/v2\n";

static void put_none(crypto_generichash_state *st) {
    crypto_generichash_update(st, (const unsigned char *)"\x00", 1);
}

static void put_text(crypto_generichash_state *st, const char *s) {
    if (!s) {
        put_none(st);
        return;
    }
    size_t n = strlen(s);
    unsigned char h[5] = {1, (unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8),
                          (unsigned char)n};
    crypto_generichash_update(st, h, sizeof h);
    crypto_generichash_update(st, (const unsigned char *)s, n);
}

static void put_int(crypto_generichash_state *st, int64_t v) {
    uint64_t u = (uint64_t)v;
    unsigned char b[9] = {2};
    for (int i = 0; i < 8; i++) b[1 + i] = (unsigned char)(u >> (56 - 8 * i));
    crypto_generichash_update(st, b, sizeof b);
}

static void put_opt_int(crypto_generichash_state *st, int64_t v) {
    if (v)
        put_int(st, v);
    else
        put_none(st);
}

static void entry_hash_v2(crypto_generichash_state *st, const journal_entry *e) {
    crypto_generichash_update(st, (const unsigned char *)v2_prefix, sizeof v2_prefix - 1);
    put_text(st, e->prev_hash);
    put_text(st, e->tenant);
    put_int(st, e->dossier_id);
    put_int(st, e->at);
    put_opt_int(st, e->user_id);
    const char *strs1[] = {e->actor, e->role, e->unit_code, e->action, e->from_state, e->to_state};
    for (int i = 0; i < 6; i++) put_text(st, strs1[i]);
    put_opt_int(st, e->step_seq);
    put_text(st, e->step_name);
    put_opt_int(st, e->step_due_at);
    const char *strs2[] = {e->timing, e->to_unit_code, e->note};
    for (int i = 0; i < 3; i++) put_text(st, strs2[i]);
    /* An entry about another record than a dossier (migration 11) adds its subject; a dossier's entry
     * hashes as it always did. Typed and length-prefixed, the longer input cannot equal a shorter one. */
    if (e->subject) {
        put_text(st, e->subject);
        put_int(st, e->subject_id);
    }
    /* A node's entry re-appended here (migration 25) adds its origin after a tag no other field starts with
     * (0x03), so that it cannot be read as a subject, and an entry without it hashes as before. */
    if (e->origin) {
        size_t n = strlen(e->origin);
        unsigned char h[5] = {3, (unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8),
                              (unsigned char)n};
        crypto_generichash_update(st, h, sizeof h);
        crypto_generichash_update(st, (const unsigned char *)e->origin, n);
    }
}

void journal_entry_hash(const journal_entry *e, int encoding, char out[65]) {
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 32);
    if (encoding >= 2)
        entry_hash_v2(&st, e);
    else
        entry_hash_v1(&st, e);
    unsigned char h[32];
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* A meta value as a number: 0 when absent. */
static mc_err meta_int(store_conn *c, const char *key, int64_t *out, mc_error *err) {
    *out = 0;
    store_rows *r = store_query(c, Q_META_GET, SV_ARGS(SV_T(key)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1 && store_text(r, 0)) *out = strtoll(store_text(r, 0), NULL, 10);
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

/* meta journal_hash_v2_from: 0 when not recorded. */
static mc_err v2_from(store_conn *c, int64_t *out, mc_error *err) {
    return meta_int(c, "journal_hash_v2_from", out, err);
}

mc_err journal_prepare(store *s, mc_error *err) {
    int64_t from = 0;
    mc_err e = v2_from(store_reader(s), &from, err);
    if (e || from > 0) return e;
    store_conn *w = store_begin(s, err);
    if (!w) return MC_ERR_STORE;
    if ((e = store_exec(w, Q_JOURNAL_V2_INIT, SV_NONE, NULL, err))) {
        store_rollback(w);
        return e;
    }
    return store_commit(w, err);
}

/* The store (by serial) last seen with the switch recorded: the row is only ever written by
 * journal_prepare's own transaction, so once seen it is committed and stays. */
static _Atomic uint64_t v2_store;

/* The encoding of an entry appended now on w. */
static mc_err append_encoding(store_conn *w, int *enc, mc_error *err) {
    uint64_t serial = store_serial_of(w);
    *enc = 2;
    if (atomic_load(&v2_store) == serial) return MC_OK;
    int64_t from = 0;
    mc_err e = v2_from(w, &from, err);
    if (e) return e;
    if (from > 0)
        atomic_store(&v2_store, serial);
    else
        *enc = 1;
    return MC_OK;
}

/* What a commune node's database does with each entry (journal_set_node_queue). */
static _Atomic(journal_hook) node_queue;

void journal_set_node_queue(journal_hook fn) {
    atomic_store(&node_queue, fn);
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
    int enc;
    mc_err r0 = append_encoding(w, &enc, err);
    if (r0) return r0;
    /* The first encoding knows no subject: records other than dossiers are journaled from migration 11,
     * after the switch to the second (journal_prepare runs at every open). */
    if ((e->subject || e->origin) && enc < 2)
        return mc_fail(err, MC_ERR_STORE, NULL, "Nhật ký chưa sẵn sàng ghi loại bản ghi này.",
                       "journal: subjects need the second encoding (journal_prepare)");
    journal_entry_hash(e, enc, e->hash);
    mc_err r = store_exec(w, Q_JOURNAL_INSERT,
                          SV_ARGS(SV_T(e->tenant), e->subject ? SV_N : SV_I(e->dossier_id), SV_I(e->at),
                                  e->user_id ? SV_I(e->user_id) : SV_N, SV_T(e->actor), SV_T(e->role),
                                  SV_T(e->unit_code), SV_T(e->action), SV_T(e->from_state), SV_T(e->to_state),
                                  e->step_seq ? SV_I(e->step_seq) : SV_N, SV_T(e->step_name),
                                  e->step_due_at ? SV_I(e->step_due_at) : SV_N, SV_T(e->timing), SV_T(e->to_unit_code),
                                  SV_T(e->note), SV_T(e->prev_hash), SV_T(e->hash), SV_T(e->subject),
                                  e->subject ? SV_I(e->subject_id) : SV_N, SV_T(e->origin)),
                          NULL, err);
    /* What else follows the change, in its transaction: report II.06a's and the 766 index's monthly sums
     * (stats_months.h, index766_months.h), the officers' inbox (inbox.h), the messages it calls for (outbox.h). */
    if (!r) r = stats_months_on_journal(w, e, err);
    if (!r) r = index766_months_on_journal(w, e, err);
    if (!r) r = inbox_on_journal(w, e, err);
    if (r) return r;
    /* A commune node sends nothing itself: it queues the change for its province, which sends the messages when
     * it applies it (src/sync/node_outq.h, through the hook its program sets). Never the outbox instead. */
    int node = code_space_issuer_here(w, err);
    if (node < 0) return MC_ERR_STORE;
    if (node == 0) return outbox_on_journal(w, e, err);
    journal_hook q = atomic_load(&node_queue);
    if (!q)
        return mc_fail(err, MC_ERR_INTERNAL, NULL,
                       "Máy trạm chưa sẵn sàng ghi nhận thao tác (chưa nạp hàng đợi gửi lên tỉnh).",
                       "A node's database, but no node queue hook (journal_set_node_queue).");
    return q(w, e, err);
}

void journal_read_entry(store_rows *r, arena *a, journal_entry *e) {
    memset(e, 0, sizeof *e);
    e->id = store_int(r, 0);
    e->dossier_id = store_null(r, 1) ? 0 : store_int(r, 1);
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
    e->subject = arena_strdup(a, store_text(r, 19));
    e->subject_id = store_null(r, 20) ? 0 : store_int(r, 20);
    e->origin = arena_strdup(a, store_text(r, 21));
}

/* Reads the entries of an open query into an arena array. */
static mc_err read_entries(store_rows *r, arena *a, journal_entry **out, size_t *n, mc_error *err) {
    if (!r) return MC_ERR_STORE;
    size_t cap = 16, cnt = 0;
    journal_entry *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        journal_read_entry(r, a, &v[cnt++]);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    *n = cnt;
    return MC_OK;
}

/* The role `by` acts in: the first of theirs that grants `act`. */
static const char *role_for(const user *by, perm_action act) {
    if (!by) return "system";
    for (int i = 0; i < ROLE_COUNT; i++) {
        role r = (role)(1u << i);
        if ((by->roles & r) && perm_scope_of(r, act) != SCOPE_NONE) return role_name(r);
    }
    return "officer";
}

mc_err journal_record(store_conn *w, const char *tenant, const char *subject, int64_t id, const user *by,
                      perm_action act, const char *action, const char *from, const char *to, const char *to_unit,
                      const char *note, mc_time now, mc_error *err) {
    journal_entry e = {.tenant = tenant,
                       .dossier_id = subject ? 0 : id,
                       .subject = subject,
                       .subject_id = subject ? id : 0,
                       .at = now,
                       .user_id = by ? by->id : 0,
                       .actor = by ? by->username : "motcua",
                       .role = role_for(by, act),
                       .unit_code = by ? by->unit_code : NULL,
                       .action = action,
                       .from_state = from,
                       .to_state = to,
                       .to_unit_code = to_unit,
                       .note = note};
    return journal_append(w, &e, err);
}

/* Where a commune node keeps the province's entries on pulled dossiers (journal_set_history). */
static _Atomic(journal_history_fn) history;

void journal_set_history(journal_history_fn fn) {
    atomic_store(&history, fn);
}

mc_err journal_of(store_conn *c, arena *a, const char *tenant, int64_t dossier_id, journal_entry **out, size_t *n,
                  mc_error *err) {
    mc_err e = read_entries(store_query(c, Q_JOURNAL_OF, SV_ARGS(SV_T(tenant), SV_I(dossier_id)), err), a, out, n, err);
    journal_history_fn fn = atomic_load(&history);
    if (e || !fn) return e;
    journal_entry *h;
    size_t nh = 0;
    if ((e = fn(c, a, tenant, dossier_id, &h, &nh, err)) || !nh) return e;
    /* Both lists are in time order: merged, the province's first at the same instant. */
    journal_entry *m = arena_alloc(a, (*n + nh) * sizeof *m);
    size_t i = 0, j = 0, k = 0;
    while (i < nh || j < *n) m[k++] = j >= *n || (i < nh && h[i].at <= (*out)[j].at) ? h[i++] : (*out)[j++];
    *out = m;
    *n = k;
    return MC_OK;
}

mc_err journal_of_subject(store_conn *c, arena *a, const char *tenant, const char *subject, int64_t subject_id,
                          journal_entry **out, size_t *n, mc_error *err) {
    return read_entries(
        store_query(c, Q_JOURNAL_OF_SUBJECT, SV_ARGS(SV_T(subject), SV_I(subject_id), SV_T(tenant)), err), a, out, n,
        err);
}

/* The state of one verification: the anchors sorted by (chain, id) and what was found. */
typedef struct {
    const journal_anchor *a;
    size_t n;
    const journal_anchor **order; /* the anchors sorted by chain then last */
    bool *matched;                /* per anchor */
    int64_t v2_from;              /* 0 = every entry has the first encoding */
    journal_report *rep;
    /* the chain being walked */
    size_t lo, hi, next;  /* its anchors: order[lo..hi), the next one to meet */
    int64_t pos;          /* its entries so far */
    int64_t pos_anchored; /* its entries up to its last matched anchor */
    int64_t id_anchored;  /* the id of that anchor */
} vctx;

/* Orders anchors by chain (the legacy one first): a's chain against (legacy, chain). */
static int chain_cmp(const journal_anchor *a, bool legacy, const char *chain) {
    if (a->legacy || legacy) return (int)legacy - (int)a->legacy;
    return strcmp(a->chain ? a->chain : "", chain);
}

static int anchor_cmp(const void *x, const void *y) {
    const journal_anchor *a = *(const journal_anchor *const *)x, *b = *(const journal_anchor *const *)y;
    int c = chain_cmp(a, b->legacy, b->chain ? b->chain : "");
    if (c) return c;
    return a->last < b->last ? -1 : a->last > b->last;
}

/* Starts a chain: finds its anchors (order is sorted by chain). */
static void chain_start(vctx *v, bool legacy, const char *chain) {
    size_t lo = 0, hi = v->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (chain_cmp(v->order[mid], legacy, chain) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < v->n && chain_cmp(v->order[end], legacy, chain) == 0) end++;
    v->lo = v->next = lo;
    v->hi = end;
    v->pos = v->pos_anchored = v->id_anchored = 0;
}

static void fault(vctx *v, journal_fault f, int64_t id, size_t anchor) {
    v->rep->fault = f;
    v->rep->first_bad = id;
    v->rep->anchor = anchor;
    v->rep->last_good = f >= JOURNAL_ANCHOR_HASH ? v->id_anchored : 0;
}

/* Ends a chain: an anchor not met means its entry is gone. Entries after the last anchor are counted. */
static void chain_end(vctx *v, bool count_uncovered) {
    if (!v->rep->fault && v->next < v->hi)
        fault(v, JOURNAL_ANCHOR_MISSING, v->order[v->next]->last, (size_t)(v->order[v->next] - v->a));
    if (count_uncovered) v->rep->uncovered += v->pos - v->pos_anchored;
}

/* Checks the anchors of the current chain at entry (id, stored hash), the chain's pos-th. */
static void anchors_at(vctx *v, int64_t id, const char *stored) {
    while (!v->rep->fault && v->next < v->hi) {
        const journal_anchor *an = v->order[v->next];
        size_t i = (size_t)(an - v->a);
        if (an->last > id) break;
        if (an->last < id)
            fault(v, JOURNAL_ANCHOR_MISSING, an->last, i);
        else if (strcmp(an->head, stored) != 0)
            fault(v, JOURNAL_ANCHOR_HASH, id, i);
        else if (an->count != v->pos) {
            fault(v, JOURNAL_ANCHOR_COUNT, id, i);
            v->rep->found_count = v->pos;
        } else {
            v->matched[i] = true;
            v->rep->anchors_matched++;
            v->pos_anchored = v->pos;
            v->id_anchored = id;
        }
        v->next++;
    }
}

static bool has_separator(const journal_entry *e) {
    const char *f[] = {e->actor,    e->role,      e->unit_code, e->action,       e->from_state,
                       e->to_state, e->step_name, e->timing,    e->to_unit_code, e->note};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (f[i] && strchr(f[i], '\x1f')) return true;
    return false;
}

/* Checks the entries of r as they come: a chain starts from the genesis, and again at each new tenant
 * when per_tenant. Entries up to `trusted` are only followed (checked in the whole-database pass). */
static mc_err walk(store_rows *r, bool per_tenant, int64_t trusted, vctx *v, mc_error *err) {
    char prev[65], *tenant = NULL;
    memcpy(prev, genesis, sizeof prev);
    if (!per_tenant) chain_start(v, true, "");
    int k;
    while ((k = store_next(r, err)) == 1) {
        arena *a = arena_create();
        journal_entry e;
        journal_read_entry(r, a, &e);
        const char *t = e.tenant ? e.tenant : "";
        if (per_tenant && (!tenant || strcmp(t, tenant) != 0)) {
            if (tenant) chain_end(v, true);
            memcpy(prev, genesis, sizeof prev);
            free(tenant);
            tenant = xstrdup(t);
            chain_start(v, false, t);
        }
        char stored[65];
        memcpy(stored, e.hash, sizeof stored);
        bool ok = true;
        if (!v->rep->fault && e.id > trusted) {
            /* The link must point at the previous stored hash, and the hash must be what the fields give. */
            int enc = v->v2_from > 0 && e.id >= v->v2_from ? 2 : 1;
            ok = strcmp(e.prev_hash, prev) == 0;
            journal_entry_hash(&e, enc, e.hash);
            ok = ok && strcmp(e.hash, stored) == 0;
            v->rep->checked++;
            if (ok && enc == 1 && has_separator(&e) && !v->rep->ambiguous++) v->rep->first_ambiguous = e.id;
            if (!ok) fault(v, JOURNAL_BAD_HASH, e.id, 0);
        }
        v->pos++;
        anchors_at(v, e.id, stored);
        memcpy(prev, stored, sizeof prev);
        arena_free(a);
        if (v->rep->fault) break;
    }
    if (k >= 0 && (tenant || !per_tenant)) chain_end(v, per_tenant);
    free(tenant);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

static mc_err verify(store_conn *c, const char *tenant, vctx *v, mc_error *err) {
    journal_report *rep = v->rep;
    /* Before migration 7 the journal was one chain; those entries are checked as one, in id order. */
    int64_t until = 0;
    mc_err e = meta_int(c, "journal_chains_from", &until, err);
    if (!e) e = meta_int(c, "journal_hash_v2_from", &v->v2_from, err);
    if (e) return e;
    store_rows *r;
    if (until > 0) {
        if (!(r = store_query(c, Q_JOURNAL_UPTO, SV_ARGS(SV_I(until)), err))) return MC_ERR_STORE;
        e = walk(r, false, 0, v, err);
        store_rows_free(r);
        if (e || rep->fault) return e;
    }
    /* Then each tenant's chain (or the one asked for): its first new entry links to its own last old one. */
    if (tenant)
        r = store_query(c, Q_JOURNAL_OF_TENANT, SV_ARGS(SV_T(tenant)), err);
    else
        r = store_query(c, Q_JOURNAL_ALL, SV_NONE, err);
    if (!r) return MC_ERR_STORE;
    e = walk(r, true, until, v, err);
    store_rows_free(r);
    if (e || rep->fault) return e;
    /* And every entry is in its dossier's chain (the first encoding does not cover the tenant column). */
    int64_t wrong = 0;
    if (tenant)
        e = store_scalar_int(c, Q_JOURNAL_WRONG_TENANT_OF, SV_ARGS(SV_T(tenant)), &wrong, err);
    else
        e = store_scalar_int(c, Q_JOURNAL_WRONG_TENANT, SV_NONE, &wrong, err);
    if (e) return e;
    if (wrong) {
        fault(v, JOURNAL_WRONG_TENANT, wrong, 0);
        return MC_OK;
    }
    /* An anchor of a chain that has no entry at all any more (or was never walked). */
    for (size_t i = 0; i < v->n; i++)
        if (!v->matched[i]) {
            fault(v, JOURNAL_ANCHOR_MISSING, v->a[i].last, i);
            rep->last_good = 0;
            break;
        }
    return MC_OK;
}

mc_err journal_verify_tenant(store_conn *c, const char *tenant, const journal_anchor *anchors, size_t n,
                             journal_report *rep, mc_error *err) {
    memset(rep, 0, sizeof *rep);
    vctx v = {.a = anchors, .n = n, .rep = rep};
    v.order = xmalloc((n ? n : 1) * sizeof *v.order);
    v.matched = xmalloc((n ? n : 1) * sizeof *v.matched);
    for (size_t i = 0; i < n; i++) {
        v.order[i] = &anchors[i];
        /* Another tenant's anchors are not this verification's to meet. */
        v.matched[i] = tenant && !anchors[i].legacy && strcmp(anchors[i].chain ? anchors[i].chain : "", tenant) != 0;
    }
    if (n) qsort(v.order, n, sizeof *v.order, anchor_cmp);
    mc_err e = verify(c, tenant, &v, err);
    free(v.order);
    free(v.matched);
    return e;
}

mc_err journal_verify_anchored(store_conn *c, const journal_anchor *anchors, size_t n, journal_report *rep,
                               mc_error *err) {
    return journal_verify_tenant(c, NULL, anchors, n, rep, err);
}

mc_err journal_verify(store_conn *c, int64_t *checked, int64_t *first_bad, mc_error *err) {
    journal_report rep;
    mc_err e = journal_verify_anchored(c, NULL, 0, &rep, err);
    *checked = rep.checked;
    *first_bad = rep.fault ? rep.first_bad : 0;
    return e;
}
