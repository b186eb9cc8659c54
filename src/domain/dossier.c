/* dossier.c - intake and actions over the transition table, journaled. */
#include "dossier.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attachments.h"
#include "buf.h"
#include "catalog.h"
#include "code_space.h"
#include "field_limits.h"
#include "index766_months.h"
#include "journal.h"
#include "perm.h"
#include "text.h"
#include "units.h"
#include "xalloc.h"

/* ---- templates: the steps a dossier follows -------------------------------- */

typedef struct {
    const char *name, *role, *unit; /* unit: "receiving", "competent" or a code */
    int minutes;
} step;

typedef struct {
    int64_t id; /* 0: the built-in default */
    step *v;
    int n;
} steps;

/* Built-in template when a procedure has none for the unit: the same split the
 * demo data uses (receive 0.5 h, return 0.5 h, leader 20 %, specialist the rest). */
static void default_steps(arena *a, int total, steps *out) {
    int leader = total / 5 / 15 * 15;
    if (leader < 15) leader = 15;
    int edge = total >= 150 ? 30 : 15;
    int spec = total - 2 * edge - leader;
    if (spec < 15) {
        edge = leader = 15;
        spec = total - 45 > 15 ? total - 45 : 15;
    }
    out->id = 0;
    out->n = 4;
    out->v = arena_alloc(a, 4 * sizeof *out->v);
    out->v[0] = (step){"Tiếp nhận hồ sơ", "receiver", "receiving", edge};
    out->v[1] = (step){"Thẩm định, xử lý hồ sơ", "specialist", "competent", spec};
    out->v[2] = (step){"Phê duyệt, ký kết quả", "leader", "competent", leader};
    out->v[3] = (step){"Trả kết quả", "receiver", "receiving", edge};
}

static int total_minutes(const calendar *cal, int amount, cal_unit unit) {
    if (unit == CAL_UNIT_HOUR) return amount * 60;
    return (amount ? amount : 1) * (calendar_nominal_day(cal) / 60);
}

static mc_err load_steps_id(store_conn *c, arena *a, int64_t id, steps *out, mc_error *err) {
    store_rows *r = store_query(c, Q_TPLSTEP_LIST, SV_ARGS(SV_I(id)), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 8;
    out->id = id;
    out->n = 0;
    out->v = arena_alloc(a, cap * sizeof *out->v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if ((size_t)out->n == cap) out->v = arena_grow(a, out->v, &cap, sizeof *out->v);
        out->v[out->n++] = (step){arena_strdup(a, store_text(r, 1)), arena_strdup(a, store_text(r, 2)),
                                  arena_strdup(a, store_text(r, 3)), (int)store_int(r, 4)};
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

/* The template for a procedure at a competent unit: by code, then by kind. */
static mc_err find_steps(store_conn *c, arena *a, const calendar *cal, const char *proc, const char *unit_code,
                         const char *unit_kind, int amount, cal_unit unit, steps *out, mc_error *err) {
    const char *sel[2] = {unit_code, arena_printf(a, "kind:%s", unit_kind)};
    for (int i = 0; i < 2; i++) {
        store_rows *r = store_query(c, Q_TPL_CURRENT, SV_ARGS(SV_T(proc), SV_T(sel[i])), err);
        if (!r) return MC_ERR_STORE;
        int k = store_next(r, err);
        int64_t id = k == 1 ? store_int(r, 0) : 0;
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
        if (id) return load_steps_id(c, a, id, out, err);
    }
    default_steps(a, total_minutes(cal, amount, unit), out);
    return MC_OK;
}

static mc_err steps_of(store_conn *c, arena *a, const calendar *cal, const dossier *d, steps *out, mc_error *err) {
    if (d->template_id) return load_steps_id(c, a, d->template_id, out, err);
    default_steps(a, total_minutes(cal, d->time_amount, d->time_unit), out);
    return MC_OK;
}

/* The step where the decision is signed: the last leader step (else the last
 * step at the competent unit, else the last step). 1-based. */
static int decision_step(const steps *s) {
    for (int i = s->n; i >= 1; i--)
        if (strcmp(s->v[i - 1].role, "leader") == 0) return i;
    for (int i = s->n; i >= 1; i--)
        if (strcmp(s->v[i - 1].unit, "competent") == 0) return i;
    return s->n;
}

/* ---- a per-thread cache of what intake reads from the catalog -------------- */

/* Procedures and their templates change only by a catalog import, which bumps
 * the "catalog" counter: each server thread keeps what it read, valid while
 * the counter and the store are the same. Entries live in their own arena. */
enum { CACHE_SLOTS = 32 };
typedef struct {
    uint64_t store;
    int64_t gen;
    char key[96]; /* procedure code, or "code|unit" for steps */
    arena *a;
    procedure pr;
    steps st;
} cache_slot;
typedef struct {
    cache_slot slot[CACHE_SLOTS];
    unsigned next;
} thread_cache;
static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

/* Frees a thread's cache when the thread ends. */
static void cache_destroy(void *p) {
    thread_cache *tc = p;
    for (int i = 0; i < CACHE_SLOTS; i++) arena_free(tc->slot[i].a);
    free(tc);
}

static void cache_init(void) {
    pthread_key_create(&cache_key, cache_destroy);
}

static thread_cache *my_cache(void) {
    pthread_once(&cache_once, cache_init);
    thread_cache *tc = pthread_getspecific(cache_key);
    if (!tc) {
        tc = xcalloc(1, sizeof *tc);
        pthread_setspecific(cache_key, tc);
    }
    return tc;
}

static int64_t catalog_gen(store_conn *c) {
    int64_t g = -1;
    store_scalar_int(c, Q_COUNTER_GET, SV_ARGS(SV_T("catalog")), &g, NULL);
    return g;
}

static cache_slot *cache_find(store_conn *c, int64_t gen, const char *key) {
    thread_cache *tc = my_cache();
    for (int i = 0; i < CACHE_SLOTS; i++) {
        cache_slot *sl = &tc->slot[i];
        if (sl->a && sl->store == store_serial_of(c) && sl->gen == gen && strcmp(sl->key, key) == 0) return sl;
    }
    return NULL;
}

static cache_slot *cache_take(store_conn *c, int64_t gen, const char *key) {
    thread_cache *tc = my_cache();
    cache_slot *sl = &tc->slot[tc->next++ % CACHE_SLOTS];
    arena_free(sl->a);
    memset(sl, 0, sizeof *sl);
    sl->a = arena_create();
    sl->store = store_serial_of(c);
    sl->gen = gen;
    mc_strlcpy(sl->key, key, sizeof sl->key);
    return sl;
}

/* The current version of a procedure (strings owned by the cache: valid until
 * this thread's next intake). */
static mc_err cached_procedure(store_conn *c, int64_t gen, const char *code, procedure *out, mc_error *err) {
    cache_slot *sl = strlen(code) < 64 ? cache_find(c, gen, code) : NULL;
    if (sl) {
        *out = sl->pr;
        return MC_OK;
    }
    sl = cache_take(c, gen, code);
    mc_err e = catalog_get(c, sl->a, code, 0, &sl->pr, err);
    if (e) {
        arena_free(sl->a);
        sl->a = NULL;
        return e;
    }
    *out = sl->pr;
    return MC_OK;
}

/* The template of a procedure at a competent unit (see find_steps). */
static mc_err cached_steps(store_conn *c, int64_t gen, const calendar *cal, const procedure *pr, const org_unit *unit,
                           steps *out, mc_error *err) {
    char key[96];
    snprintf(key, sizeof key, "%.40s|%.40s", pr->code, unit->code);
    cache_slot *sl = cache_find(c, gen, key);
    if (sl) {
        *out = sl->st;
        return MC_OK;
    }
    sl = cache_take(c, gen, key);
    mc_err e =
        find_steps(c, sl->a, cal, pr->code, unit->code, unit->kind, pr->time_amount, pr->time_unit, &sl->st, err);
    if (e) {
        arena_free(sl->a);
        sl->a = NULL;
        return e;
    }
    *out = sl->st;
    return MC_OK;
}

/* ---- reading ----------------------------------------------------------------- */

static mc_time opt_time(store_rows *r, int col) {
    return store_null(r, col) ? 0 : store_int(r, col);
}

static void read_dossier(store_rows *r, arena *a, dossier *d) {
    memset(d, 0, sizeof *d);
#define S(i) arena_strdup(a, store_text(r, (i)))
    d->id = store_int(r, 0);
    d->code = S(1);
    d->procedure_code = S(2);
    d->procedure_version = (int)store_int(r, 3);
    d->rules_version = S(4);
    d->channel = S(5);
    int st = ds_state_parse(store_text(r, 6));
    d->state = st < 0 ? DS_PROCESSING : (ds_state)st;
    d->outcome = S(7);
    d->receiving_unit_id = store_int(r, 8);
    d->receiving_unit_code = S(9);
    d->receiving_unit_name = S(10);
    d->receiving_unit_path = S(11);
    d->competent_unit_id = store_int(r, 12);
    d->competent_unit_code = S(13);
    d->competent_unit_name = S(14);
    d->competent_unit_path = S(15);
    d->holder_unit_id = store_int(r, 16);
    d->holder_unit_code = S(17);
    d->holder_unit_name = S(18);
    d->holder_unit_path = S(19);
    d->holder_user_id = store_null(r, 20) ? 0 : store_int(r, 20);
    d->holder_username = S(21);
    d->holder_name = S(22);
    d->template_id = store_null(r, 23) ? 0 : store_int(r, 23);
    d->step_seq = (int)store_int(r, 24);
    d->step_name = S(25);
    d->step_role = S(26);
    d->step_started_at = opt_time(r, 27);
    d->step_due_at = opt_time(r, 28);
    d->time_amount = (int)store_int(r, 29);
    d->time_unit = strcmp(store_text(r, 30), "working_hour") == 0 ? CAL_UNIT_HOUR : CAL_UNIT_DAY;
    d->cutoff_sec = store_null(r, 31) ? -1 : (int)store_int(r, 31) * 60;
    d->applicant = (ds_person){S(32), S(33), S(34), S(35), S(36)};
    d->representative = (ds_person){S(37), S(38), S(39), NULL, NULL};
    d->citizen_user_id = store_null(r, 40) ? 0 : store_int(r, 40);
    d->parent_id = store_null(r, 41) ? 0 : store_int(r, 41);
    d->parent_code = S(42);
    d->submitted_at = opt_time(r, 43);
    d->received_at = opt_time(r, 44);
    d->due_at = opt_time(r, 45);
    d->original_due_at = opt_time(r, 46);
    d->paused_at = opt_time(r, 47);
    d->paused_seconds = store_int(r, 48);
    d->intake_supplements = (int)store_int(r, 49);
    d->supplements = (int)store_int(r, 50);
    d->extensions = (int)store_int(r, 51);
    d->decided_at = opt_time(r, 52);
    d->result_ready_at = opt_time(r, 53);
    d->returned_at = opt_time(r, 54);
    d->return_method = S(55);
    d->fee_amount = store_null(r, 56) ? -1 : store_int(r, 56);
    d->paid_at = opt_time(r, 57);
    d->alert = S(58);
    d->procedure_name = S(59);
    d->receiving_unit_kind = S(60);
    d->competent_unit_kind = S(61);
    d->decision_step = (int)store_int(r, 62);
    d->tenant = S(63);
#undef S
}

mc_err dossier_not_found(mc_error *err) {
    return mc_fail(err, MC_ERR_NOT_FOUND, "code",
                   "Không tìm thấy hồ sơ có mã này trong phạm vi tài khoản của bạn. Vui lòng kiểm tra lại mã hồ sơ.",
                   "No dossier with this code within your account's reach.");
}

static mc_err get_by(store_conn *c, arena *a, store_qid q, store_val key, dossier *out, mc_error *err) {
    store_rows *r = store_query(c, q, &key, 1, err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) read_dossier(r, a, out);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0) return dossier_not_found(err);
    return MC_OK;
}

/* Dossier `id` of province `tenant` (a partner dossier's parent, or the partner just opened: one tenant). */
static mc_err get_in(store_conn *c, arena *a, const char *tenant, int64_t id, dossier *out, mc_error *err) {
    store_rows *r = store_query(c, Q_DOSSIER_BY_TENANT_ID, SV_ARGS(SV_T(tenant), SV_I(id)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) read_dossier(r, a, out);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    return k == 1 ? MC_OK : dossier_not_found(err);
}

/* The first text column of the first row of q (args), copied to out; 1 found, 0 none, -1 store error. */
static int text_of(store_conn *c, store_qid q, const store_val *args, int nargs, char *out, size_t n, mc_error *err) {
    store_rows *r = store_query(c, q, args, nargs, err);
    if (!r) return -1;
    int k = store_next(r, err);
    if (k == 1) snprintf(out, n, "%s", store_text(r, 0));
    store_rows_free(r);
    return k;
}

/* The tenant of the unit whose code begins the dossier's code (its receiving unit's, where the dossier's
 * tenant was fixed at intake): the key that sends a query to one shard group on Citus. 1 found, 0 not. */
static int tenant_guess(store_conn *c, const char *code, char *out, size_t n, mc_error *err) {
    char unit[32];
    size_t len = strcspn(code, "-");
    if (len == 0 || len >= sizeof unit || !code[len]) return 0;
    memcpy(unit, code, len);
    unit[len] = '\0';
    return text_of(c, Q_UNIT_TENANT_OF_CODE, SV_ARGS(SV_T(unit)), out, n, err);
}

/* The tenant of dossier `code`: asked in the tenant its code names, then (a unit moved to another
 * province since, a partner's code) everywhere. 1 found, 0 no such dossier, -1 store error. */
static int tenant_of(store_conn *c, const char *code, char *out, size_t n, mc_error *err) {
    char guess[64];
    int k = tenant_guess(c, code, guess, sizeof guess, err);
    if (k == 1) k = text_of(c, Q_DOSSIER_TENANT_IN, SV_ARGS(SV_T(guess), SV_T(code)), out, n, err);
    if (k == 0) k = text_of(c, Q_DOSSIER_TENANT, SV_ARGS(SV_T(code)), out, n, err);
    return k;
}

mc_err dossier_get(store_conn *c, arena *a, const char *code, dossier *out, mc_error *err) {
    char guess[64];
    int k = tenant_guess(c, code, guess, sizeof guess, err);
    if (k < 0) return MC_ERR_STORE;
    if (k == 1) {
        store_val key[2] = {SV_T(guess), SV_T(code)};
        store_rows *r = store_query(c, Q_DOSSIER_BY_TENANT_CODE, key, 2, err);
        if (!r) return MC_ERR_STORE;
        k = store_next(r, err);
        if (k == 1) read_dossier(r, a, out);
        store_rows_free(r);
        if (k != 0) return k < 0 ? MC_ERR_STORE : MC_OK;
    }
    return get_by(c, a, Q_DOSSIER_BY_CODE, SV_T(code), out, err);
}

/* Begins the write transaction of the tenant of dossier `code` (NULL, err set, when there is none). */
static store_conn *begin_for(store *s, arena *a, const char *code, mc_error *err) {
    (void)a;
    char tenant[64];
    int k = tenant_of(store_reader(s), code, tenant, sizeof tenant, err);
    if (k == 0) dossier_not_found(err);
    return k == 1 ? store_begin_tenant(s, tenant, err) : NULL;
}

/* ---- writing ----------------------------------------------------------------- */

/* An optional instant or id: 0 is stored as NULL. */
static store_val opt(int64_t x) {
    return x ? SV_I(x) : SV_N;
}

static mc_err save(store_conn *w, const dossier *d, mc_time now, mc_error *err) {
    return store_exec(w, Q_DOSSIER_UPDATE,
                      SV_ARGS(SV_T(ds_state_name(d->state)), SV_T(d->outcome), SV_I(d->holder_unit_id),
                              opt(d->holder_user_id), opt(d->template_id), SV_I(d->step_seq), SV_I(d->decision_step),
                              SV_T(d->step_name), SV_T(d->step_role), opt(d->step_started_at), opt(d->step_due_at),
                              opt(d->received_at), opt(d->due_at), opt(d->original_due_at), opt(d->paused_at),
                              SV_I(d->paused_seconds), SV_I(d->intake_supplements), SV_I(d->supplements),
                              SV_I(d->extensions), opt(d->decided_at), opt(d->result_ready_at), opt(d->returned_at),
                              SV_T(d->return_method), d->fee_amount >= 0 ? SV_I(d->fee_amount) : SV_N, opt(d->paid_at),
                              SV_T(d->alert), SV_I(now), SV_T(d->tenant), SV_I(d->id)),
                      NULL, err);
}

/* Writes the documents of new dossier d, those of its procedure version pr, with given[seq] for each handed in:
 * one statement whatever their number. */
static mc_err insert_documents(store_conn *w, arena *a, const dossier *d, const procedure *pr, const bool *given,
                               mc_error *err) {
    if (!pr->ndocs) return MC_OK;
    buf seqs = {0};
    buf_putc(&seqs, ',');
    for (size_t k = 1; k <= pr->ndocs; k++)
        if (given[k]) buf_printf(&seqs, "%zu,", k);
    const char *list = arena_strdup(a, seqs.data);
    buf_free(&seqs);
    int64_t n = 0;
    mc_err e =
        store_exec(w, Q_DDOC_FROM_VERSION,
                   SV_ARGS(SV_T(d->tenant), SV_I(d->id), SV_T(list), SV_T(pr->code), SV_I(pr->version)), &n, err);
    if (!e && n != (int64_t)pr->ndocs)
        e = mc_failf(err, MC_ERR_INTERNAL, NULL, "Danh mục giấy tờ của thủ tục %s không khớp; vui lòng thử lại.",
                     "procedure %s version %d: %lld documents in the store, %zu in the catalog read", pr->code,
                     pr->version, (long long)n, pr->ndocs);
    return e;
}

/* Writes a new dossier whole, as built in memory; d->id receives its id. */
static mc_err insert_dossier(store_conn *w, dossier *d, mc_time now, mc_error *err) {
    const ds_person *p = &d->applicant, *rep = &d->representative;
    return store_scalar_int(
        w, Q_DOSSIER_INSERT,
        SV_ARGS(SV_T(d->tenant), SV_T(d->code), SV_T(d->procedure_code), SV_I(d->procedure_version),
                SV_T(d->rules_version), SV_T(d->channel), SV_T(ds_state_name(d->state)), SV_T(d->outcome),
                SV_I(d->receiving_unit_id), SV_I(d->competent_unit_id), SV_I(d->holder_unit_id), opt(d->holder_user_id),
                opt(d->template_id), SV_I(d->step_seq), SV_I(d->decision_step), SV_T(d->step_name), SV_T(d->step_role),
                opt(d->step_started_at), opt(d->step_due_at), SV_I(d->time_amount),
                SV_T(d->time_unit == CAL_UNIT_HOUR ? "working_hour" : "working_day"),
                d->cutoff_sec >= 0 ? SV_I(d->cutoff_sec / 60) : SV_N, SV_T(p->name), SV_T(p->id_number), SV_T(p->phone),
                SV_T(p->email), SV_T(p->address), SV_T(rep->name), SV_T(rep->id_number), SV_T(rep->phone),
                opt(d->citizen_user_id), opt(d->parent_id), SV_I(d->submitted_at), opt(d->received_at), opt(d->due_at),
                opt(d->original_due_at), opt(d->paused_at), SV_I(d->paused_seconds), SV_I(d->intake_supplements),
                SV_I(d->supplements), SV_I(d->extensions), opt(d->decided_at), opt(d->result_ready_at),
                opt(d->returned_at), SV_T(d->return_method), d->fee_amount >= 0 ? SV_I(d->fee_amount) : SV_N,
                opt(d->paid_at), SV_T(d->alert), SV_I(now), SV_I(now)),
        &d->id, err);
}

/* "early" when done on a working day before the due day, "late" after the due
 * instant, else "on_time". */
static const char *timing_of(mc_time done, mc_time due) {
    if (!due) return NULL;
    if (done > due) return "late";
    return time_local_day(done) < time_local_day(due) ? "early" : "on_time";
}

/* Journal context for one transaction. */
typedef struct {
    store_conn *w;
    const ds_actor *who;
    const char *role;
    mc_time now;
    char last[65];        /* hash of the entry this context appended last, "" if none */
    const dossier *saved; /* the row as written, when the entry's dossier is an earlier picture (the intake's) */
} jctx;

static mc_err jot(jctx *j, const dossier *d, ds_action act, const char *from, const char *timing, const char *to_unit,
                  const char *note, mc_error *err) {
    journal_entry e = {.dossier_id = d->id,
                       .tenant = d->tenant,
                       .at = j->now,
                       .user_id = j->who ? j->who->user_id : 0,
                       .actor = j->who ? j->who->username : "motcua",
                       .role = j->role ? j->role : "system",
                       .unit_code = j->who ? j->who->unit_code : NULL,
                       .action = ds_action_name(act),
                       .from_state = from,
                       .to_state = ds_state_name(d->state),
                       .step_seq = d->step_seq,
                       .step_name = d->step_name,
                       .step_due_at = d->step_due_at,
                       .timing = timing,
                       .to_unit_code = to_unit,
                       .note = note,
                       .dossier = j->saved ? j->saved : d};
    memcpy(e.prev_hash, j->last, sizeof e.prev_hash);
    mc_err r = journal_append(j->w, &e, err);
    if (!r) memcpy(j->last, e.hash, sizeof j->last);
    return r;
}

/* Resolves a step's unit to a unit id and code. */
static mc_err step_unit(store_conn *c, arena *a, dossier *d, const step *s, mc_error *err) {
    if (strcmp(s->unit, "receiving") == 0) {
        d->holder_unit_id = d->receiving_unit_id;
        d->holder_unit_code = d->receiving_unit_code;
        d->holder_unit_name = d->receiving_unit_name;
        d->holder_unit_path = d->receiving_unit_path;
    } else if (strcmp(s->unit, "competent") == 0) {
        d->holder_unit_id = d->competent_unit_id;
        d->holder_unit_code = d->competent_unit_code;
        d->holder_unit_name = d->competent_unit_name;
        d->holder_unit_path = d->competent_unit_path;
    } else {
        org_unit u;
        if (units_get(c, a, s->unit, &u, err)) return err->code;
        d->holder_unit_id = u.id;
        d->holder_unit_code = u.code;
        d->holder_unit_name = u.name;
        d->holder_unit_path = u.path;
    }
    return MC_OK;
}

/* Puts the dossier at step `seq` (1-based) starting at `start`: holder unit,
 * no holder person, the step's own deadline (never after the dossier's). */
static mc_err enter_step(store_conn *c, arena *a, const calendar *cal, dossier *d, const steps *s, int seq,
                         mc_time start, mc_error *err) {
    if (seq < 1 || seq > s->n) return mc_fail(err, MC_ERR_INTERNAL, NULL, NULL, "step out of range");
    const step *st = &s->v[seq - 1];
    mc_err e = step_unit(c, a, d, st, err);
    if (e) return e;
    d->holder_user_id = 0;
    d->holder_username = d->holder_name = NULL;
    d->step_seq = seq;
    d->step_name = st->name;
    d->step_role = st->role;
    d->step_started_at = start;
    mc_time due = calendar_add_seconds(cal, start, (int64_t)st->minutes * 60);
    d->step_due_at = (due == CAL_NO_TIME || (d->due_at && due > d->due_at)) ? d->due_at : due;
    return MC_OK;
}

static mc_err no_calendar(mc_error *err) {
    return mc_fail(err, MC_ERR_CONFLICT, NULL,
                   "Lịch làm việc không có ngày làm việc nào trong 400 ngày: hãy kiểm tra lại các ngày nghỉ đã nhập.",
                   "The calendar has no working day within 400 days.");
}

/* s cut to at most max bytes at a character boundary, with "…" when cut: a
 * document's name inside a message must leave room for the rest of it. */
static const char *shortened(arena *a, const char *s, size_t max) {
    size_t n = strlen(s);
    if (n <= max) return s;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80) max--;
    return arena_printf(a, "%.*s…", (int)max, s);
}

/* Joins items into "1. a\n2. b" (numbered lines). */
static const char *numbered(arena *a, const char **items, size_t n) {
    buf b = {0};
    for (size_t i = 0; i < n; i++) buf_printf(&b, "%s%zu. %s", i ? "\n" : "", i + 1, items[i]);
    const char *out = arena_strdup(a, b.data ? b.data : "");
    buf_free(&b);
    return out;
}

static bool has_text(const char *s) {
    if (!s) return false;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return true;
    return false;
}

static bool items_ok(const char **items, size_t n) {
    if (n == 0 || n > 100) return false;
    for (size_t i = 0; i < n; i++)
        if (!has_text(items[i]) || text_chars(items[i]) > (size_t)field_limit_max("items")) return false;
    return true;
}

/* The bytes of n attachments. */
static int64_t files_bytes(const ds_attachment *f, size_t n) {
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) total += f[i].size;
    return total;
}

/* Inserts attachments inside w, checking the dossier's total and the document
 * numbers, and marks their documents handed in. A dossier being created
 * (fresh) has no files yet, and its caller writes the marks with the documents. */
static mc_err insert_files(store_conn *w, const char *tenant, int64_t id, bool fresh, int ndocs, const ds_attachment *f,
                           size_t n, int64_t max_bytes, int64_t user_id, mc_time now, mc_error *err) {
    int64_t total = 0;
    mc_err e = fresh ? MC_OK : store_scalar_int(w, Q_DFILE_TOTAL, SV_ARGS(SV_I(id), SV_T(tenant)), &total, err);
    for (size_t i = 0; !e && i < n; i++) {
        if (f[i].doc_seq < 0 || f[i].doc_seq > ndocs)
            return mc_failf(err, MC_ERR_INVALID, "documents", "Tệp đính kèm cho giấy tờ số %d không có trong danh mục.",
                            "File for unknown document %d.", f[i].doc_seq);
        total += f[i].size;
        if (max_bytes && total > max_bytes)
            return mc_failf(err, MC_ERR_TOO_LARGE, "files", "Tổng dung lượng tệp của hồ sơ vượt quá %lld MB.",
                            "Files of the dossier exceed %lld MB.", (long long)(max_bytes >> 20));
        e = store_exec(w, Q_DFILE_INSERT,
                       SV_ARGS(SV_T(tenant), SV_I(id), f[i].doc_seq ? SV_I(f[i].doc_seq) : SV_N, SV_T(f[i].name),
                               SV_T(f[i].mime), SV_I(f[i].size), SV_T(f[i].sha256), SV_T(f[i].stored),
                               user_id ? SV_I(user_id) : SV_N, SV_I(now)),
                       NULL, err);
        if (!e && f[i].doc_seq && !fresh)
            e = store_exec(w, Q_DDOC_SET, SV_ARGS(SV_I(1), SV_I(id), SV_I(f[i].doc_seq), SV_T(tenant)), NULL, err);
    }
    return e;
}

static mc_err mark_documents(store_conn *w, const char *tenant, int64_t id, const int *provided, size_t n,
                             mc_error *err) {
    for (size_t i = 0; i < n; i++) {
        mc_err e = store_exec(w, Q_DDOC_SET, SV_ARGS(SV_I(1), SV_I(id), SV_I(provided[i]), SV_T(tenant)), NULL, err);
        if (e) return e;
    }
    return MC_OK;
}

static mc_err add_request(store_conn *w, arena *a, const dossier *d, const char *kind, const char **items, size_t n,
                          const char *reason, mc_time now, mc_error *err) {
    return store_exec(
        w, Q_DREQ_INSERT,
        SV_ARGS(SV_T(d->tenant), SV_I(d->id), SV_T(kind), SV_T(numbered(a, items, n)), SV_T(reason), SV_I(now)), NULL,
        err);
}

/* ---- who may act ---------------------------------------------------------------- */

/* Where an action happens: at the counter of the receiving unit, or where the file is. */
static bool at_counter(ds_action act, ds_state from) {
    switch (act) {
    case DA_ACCEPT:
    case DA_REFUSE:
    case DA_RESUBMIT:
    case DA_MARK_PAID:
    case DA_RETURN:
    case DA_STOP: return true;
    case DA_REQUEST_SUPPLEMENT: return from == DS_SUBMITTED;
    default: return false;
    }
}

/* Actions done by whoever holds the current step, in that step's role. */
static bool step_bound(ds_action act) {
    return act == DA_CLAIM || act == DA_FORWARD || act == DA_SEND_BACK || act == DA_APPROVE || act == DA_REJECT ||
           act == DA_TRANSFER;
}

/* The role (single bit) in which `who` may do `act` on `d`, or 0. */
static unsigned acting_role(const ds_actor *who, const dossier *d, ds_action act) {
    const ds_rule *rule = ds_rule_find(d->state, act);
    if (!rule || !who) return 0;
    /* Where in the template an action makes sense. */
    if (act == DA_FORWARD && d->step_seq >= d->decision_step) return 0;
    if ((act == DA_APPROVE || act == DA_REJECT) && d->step_seq != d->decision_step) return 0;
    if (act == DA_SEND_BACK && d->step_seq <= 2) return 0;
    if (act == DA_STOP && d->parent_id) return 0;
    unsigned mine = who->roles & rule->roles;
    if (mine & ROLE_SYSTEM) return ROLE_SYSTEM; /* motcua itself, where the table lets it act */
    if (step_bound(act)) mine &= role_parse(d->step_role);
    const char *target = at_counter(act, d->state) ? d->receiving_unit_path : d->holder_unit_path;
    for (unsigned bit = 1; bit < (1u << ROLE_COUNT); bit <<= 1) {
        if (!(mine & bit)) continue;
        if (bit == ROLE_CITIZEN) {
            if (d->citizen_user_id && d->citizen_user_id == who->user_id) return bit;
            continue;
        }
        perm_action pa = bit == ROLE_RECEIVER                                          ? ACT_DOSSIER_RECEIVE
                         : (act == DA_APPROVE || act == DA_REJECT || act == DA_EXTEND) ? ACT_DOSSIER_APPROVE
                                                                                       : ACT_DOSSIER_PROCESS;
        if (!perm_allows(bit, who->unit_path, pa, target)) continue;
        /* A claimed step belongs to the one who claimed it. */
        if (act == DA_CLAIM && d->holder_user_id) continue;
        if (step_bound(act) && act != DA_CLAIM && d->holder_user_id != who->user_id) continue;
        return bit;
    }
    return 0;
}

size_t dossier_allowed(const ds_actor *who, const dossier *d, arena *a, ds_action **out) {
    ds_action *v = arena_alloc(a, DA__COUNT * sizeof *v);
    size_t n = 0;
    for (int act = 0; act < DA__COUNT; act++)
        if (act != DA_SUBMIT && act != DA_PARTNER_DONE && acting_role(who, d, (ds_action)act)) v[n++] = (ds_action)act;
    *out = v;
    return n;
}

/* Whether who may move d on from the inbox: an action other than stopping and extending (which alone keep a
 * dossier where it is). */
static bool movable(const ds_actor *who, const dossier *d) {
    for (int act = 0; act < DA__COUNT; act++)
        if (act != DA_SUBMIT && act != DA_PARTNER_DONE && act != DA_STOP && act != DA_EXTEND &&
            acting_role(who, d, (ds_action)act))
            return true;
    return false;
}

void dossier_movers(const dossier *d, const char *unit_path, unsigned *any, unsigned *holder) {
    static const unsigned officer[] = {ROLE_RECEIVER, ROLE_SPECIALIST, ROLE_LEADER};
    *any = *holder = 0;
    for (size_t i = 0; i < sizeof officer / sizeof *officer; i++) {
        ds_actor other = {.user_id = -1, .roles = officer[i], .unit_path = unit_path};
        ds_actor holding = {.user_id = d->holder_user_id, .roles = officer[i], .unit_path = unit_path};
        if (movable(&other, d))
            *any |= officer[i];
        else if (d->holder_user_id && movable(&holding, d))
            *holder |= officer[i];
    }
}

mc_err dossier_partner(store_conn *c, arena *a, const dossier *parent, dossier *child, mc_error *err) {
    store_rows *r = store_query(c, Q_DOSSIER_CHILDREN, SV_ARGS(SV_I(parent->id), SV_T(parent->tenant)), err);
    if (!r) return MC_ERR_STORE;
    const char *last = NULL;
    int k;
    while ((k = store_next(r, err)) == 1) last = arena_strdup(a, store_text(r, 0));
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (!last) return mc_fail(err, MC_ERR_NOT_FOUND, "code", "Không có hồ sơ liên thông.", "No partner dossier.");
    mc_err e = dossier_get(c, a, last, child, err);
    if (!e && !ds_state_undecided(child->state))
        return mc_fail(err, MC_ERR_NOT_FOUND, "code", "Không có hồ sơ liên thông đang xử lý.",
                       "No open partner dossier.");
    return e;
}

bool dossier_may_read(const ds_actor *who, const dossier *d) {
    if (!who) return false;
    if (who->roles & ROLE_SYSTEM) return true; /* motcua itself (statement matching) */
    if ((who->roles & ROLE_CITIZEN) && d->citizen_user_id == who->user_id) return true;
    const char *paths[3] = {d->receiving_unit_path, d->competent_unit_path, d->holder_unit_path};
    for (int i = 0; i < 3; i++)
        if (perm_allows(who->roles & ~(unsigned)ROLE_CITIZEN, who->unit_path, ACT_DOSSIER_READ, paths[i])) return true;
    return false;
}

/* ---- intake --------------------------------------------------------------------- */

static mc_err bad(mc_error *err, const char *field, const char *vi, const char *en) {
    return mc_fail(err, MC_ERR_INVALID, field, vi, en);
}

static mc_err check_person(const ds_person *p, const char *prefix, bool required, mc_error *err) {
    char f[48];
    if (!required && !has_text(p->name)) return MC_OK;
    snprintf(f, sizeof f, "%s.name", prefix);
    if (!has_text(p->name))
        return bad(err, f, "Vui lòng nhập họ và tên người nộp hồ sơ.", "Applicant name is required.");
    if (field_limit_check(f, "name", p->name, err)) return MC_ERR_INVALID;
    if (p->id_number) {
        snprintf(f, sizeof f, "%s.id_number", prefix);
        size_t n = strlen(p->id_number);
        bool digits = n == 12 || n == 10; /* personal (12) or organisation tax code (10) */
        for (size_t i = 0; digits && i < n; i++) digits = p->id_number[i] >= '0' && p->id_number[i] <= '9';
        if (!digits)
            return bad(err, f, "Số định danh phải gồm 12 chữ số (cá nhân) hoặc 10 chữ số (tổ chức).",
                       "ID number must be 12 or 10 digits.");
    }
    if (p->phone) {
        snprintf(f, sizeof f, "%s.phone", prefix);
        size_t n = strlen(p->phone);
        bool ok = n >= 9 && n <= 15;
        for (size_t i = 0; ok && i < n; i++)
            ok = (p->phone[i] >= '0' && p->phone[i] <= '9') || (i == 0 && p->phone[i] == '+');
        if (!ok) return bad(err, f, "Số điện thoại không hợp lệ.", "Invalid phone number.");
    }
    if (p->email && (!strchr(p->email, '@') || strlen(p->email) > 254)) {
        snprintf(f, sizeof f, "%s.email", prefix);
        return bad(err, f, "Thư điện tử không hợp lệ.", "Invalid email.");
    }
    return MC_OK;
}

/* True when a unit is among a procedure's competent selectors. */
static bool competent(const procedure *pr, const org_unit *u) {
    for (size_t i = 0; i < pr->nunits; i++) {
        const char *sel = pr->units[i];
        if (strcmp(sel, u->code) == 0) return true;
        if (strncmp(sel, "kind:", 5) == 0 && strcmp(sel + 5, u->kind) == 0) return true;
    }
    return false;
}

mc_err dossier_intake(store *s, const calendar *cal, const ds_actor *who, const ds_intake *in, mc_time now, arena *a,
                      dossier *out, mc_error *err) {
    bool online = in->channel && strcmp(in->channel, "online") == 0;
    if (!in->channel || (!online && strcmp(in->channel, "direct") && strcmp(in->channel, "postal")))
        return bad(err, "channel", "Kênh nộp phải là direct (trực tiếp), postal (bưu chính) hoặc online (trực tuyến).",
                   "channel must be direct, postal or online.");
    bool citizen = who && (who->roles & ROLE_CITIZEN);
    if (online != citizen)
        return mc_fail(err, MC_ERR_FORBIDDEN, "channel",
                       online ? "Hồ sơ trực tuyến do công dân, tổ chức tự nộp bằng tài khoản của mình."
                              : "Chỉ cán bộ một cửa tiếp nhận hồ sơ trực tiếp hoặc qua bưu chính.",
                       online ? "Online dossiers are submitted by citizens." : "Counter intake is for receivers.");
    if (!online && !(who->roles & ROLE_RECEIVER))
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Chỉ cán bộ một cửa được tiếp nhận hồ sơ.", "Receivers only.");
    const char *outcome = online ? NULL : in->outcome;
    if (!online &&
        (!outcome || (strcmp(outcome, "accept") && strcmp(outcome, "supplement") && strcmp(outcome, "refuse"))))
        return bad(
            err, "outcome",
            "Kết quả kiểm tra hồ sơ phải là accept (tiếp nhận), supplement (yêu cầu bổ sung) hoặc refuse (từ chối).",
            "outcome must be accept, supplement or refuse.");
    if (outcome && strcmp(outcome, "accept") && !items_ok(in->items, in->nitems))
        return bad(err, "items",
                   strcmp(outcome, "supplement") == 0 ? "Vui lòng liệt kê các giấy tờ cần bổ sung, hoàn thiện."
                                                      : "Vui lòng nêu lý do từ chối tiếp nhận.",
                   "items (missing documents or reasons) are required.");
    mc_err e = check_person(&in->applicant, "applicant", true, err);
    if (!e) e = check_person(&in->representative, "representative", false, err);
    if (e) return e;
    if (!has_text(in->applicant.phone) && !has_text(in->applicant.email) && !has_text(in->applicant.address))
        return bad(err, "applicant.phone", "Vui lòng nhập số điện thoại, thư điện tử hoặc địa chỉ liên hệ.",
                   "A phone, email or address is required.");

    store_conn *r = store_reader(s);
    procedure pr;
    int64_t gen = catalog_gen(r);
    if ((e = cached_procedure(r, gen, in->procedure ? in->procedure : "", &pr, err))) {
        if (e == MC_ERR_NOT_FOUND)
            err->code = e = MC_ERR_INVALID, mc_strlcpy(err->field, "procedure", sizeof err->field);
        return e;
    }
    org_unit recv, comp;
    const char *recv_code = in->receiving_unit ? in->receiving_unit : (online ? NULL : who->unit_code);
    if (!recv_code) return bad(err, "receiving_unit", "Vui lòng chọn nơi nộp hồ sơ.", "receiving_unit is required.");
    if (units_get(r, a, recv_code, &recv, NULL))
        return mc_failf(err, MC_ERR_INVALID, "receiving_unit", "Không có đơn vị mã %s.", "Unknown unit %s.", recv_code);
    if (!online && who->unit_id != recv.id)
        return mc_fail(err, MC_ERR_FORBIDDEN, "receiving_unit", "Cán bộ chỉ tiếp nhận hồ sơ tại đơn vị của mình.",
                       "Receivers receive at their own unit.");
    const char *comp_code = in->competent_unit ? in->competent_unit : recv_code;
    if (units_get(r, a, comp_code, &comp, NULL))
        return mc_failf(err, MC_ERR_INVALID, "competent_unit", "Không có đơn vị mã %s.", "Unknown unit %s.", comp_code);
    if (!competent(&pr, &comp))
        return mc_failf(err, MC_ERR_INVALID, "competent_unit",
                        "%s không có thẩm quyền giải quyết thủ tục này; vui lòng chọn cơ quan có thẩm quyền.",
                        "%s is not competent for this procedure.", comp.name, comp.code);
    for (size_t i = 0; i < in->nprovided; i++)
        if (in->provided[i] < 1 || (size_t)in->provided[i] > pr.ndocs)
            return bad(err, "documents", "Giấy tờ đánh dấu không có trong danh mục của thủ tục.",
                       "Unknown document seq.");
    /* Completeness: accepting needs every mandatory document handed in (shown ones too). */
    if (outcome && strcmp(outcome, "accept") == 0)
        for (size_t k = 0; k < pr.ndocs; k++) {
            if (!pr.docs[k].mandatory) continue;
            bool have = false;
            for (size_t i = 0; i < in->nprovided && !have; i++) have = (size_t)in->provided[i] == k + 1;
            if (!have)
                return mc_failf(
                    err, MC_ERR_INVALID, "documents",
                    "Hồ sơ chưa đủ: thiếu giấy tờ bắt buộc số %zu (%s). Hãy yêu cầu bổ sung thay vì tiếp nhận.",
                    "Incomplete: mandatory document %zu is missing.", k + 1, shortened(a, pr.docs[k].name, 120));
        }
    steps st;
    if ((e = cached_steps(r, gen, cal, &pr, &comp, &st, err))) return e;

    /* The dossier is built whole in memory, then written in one transaction:
     * one row, its documents, files, request and journal entries. */
    const char *ph = has_text(in->applicant.phone) ? in->applicant.phone : NULL;
    dossier d = {
        .tenant = recv.tenant,
        .procedure_code = arena_strdup(a, pr.code),
        .procedure_name = arena_strdup(a, pr.name),
        .procedure_version = pr.version,
        .rules_version = ds_rules_version_at(now),
        .channel = in->channel,
        .state = DS_SUBMITTED,
        .receiving_unit_id = recv.id,
        .receiving_unit_code = recv.code,
        .receiving_unit_name = recv.name,
        .receiving_unit_path = recv.path,
        .receiving_unit_kind = recv.kind,
        .competent_unit_id = comp.id,
        .competent_unit_code = comp.code,
        .competent_unit_name = comp.name,
        .competent_unit_path = comp.path,
        .competent_unit_kind = comp.kind,
        .holder_unit_id = recv.id,
        .holder_unit_code = recv.code,
        .holder_unit_name = recv.name,
        .holder_unit_path = recv.path,
        .template_id = st.id,
        .decision_step = decision_step(&st),
        .time_amount = pr.time_amount,
        .time_unit = pr.time_unit,
        .cutoff_sec = pr.cutoff_sec,
        .applicant = {in->applicant.name, in->applicant.id_number, ph, in->applicant.email, in->applicant.address},
        .representative = {has_text(in->representative.name) ? in->representative.name : NULL,
                           in->representative.id_number, in->representative.phone, NULL, NULL},
        .citizen_user_id = citizen ? who->user_id : 0,
        .submitted_at = now,
        .fee_amount = -1};
    dossier submitted = d; /* as the first journal entry records it */
    const char *timing = NULL;
    ds_action decided = DA_SUBMIT; /* the counter's decision, if any */
    if (outcome && strcmp(outcome, "accept") == 0) {
        /* Received: the clock starts (after the cut-off, on the next working day). */
        mc_time start = calendar_add(cal, now, 0, CAL_UNIT_HOUR, d.cutoff_sec);
        mc_time due = calendar_add(cal, now, d.time_amount, d.time_unit, d.cutoff_sec);
        if (start == CAL_NO_TIME || due == CAL_NO_TIME) return no_calendar(err);
        d.received_at = now;
        d.due_at = due;
        d.state = DS_RECEIVED;
        if ((e = enter_step(r, a, cal, &d, &st, 1, start, err))) return e;
        timing = timing_of(now, d.step_due_at);
        if ((e = enter_step(r, a, cal, &d, &st, st.n >= 2 ? 2 : 1, start, err))) return e;
        decided = DA_ACCEPT;
    } else if (outcome && strcmp(outcome, "supplement") == 0) {
        d.state = DS_INTAKE_SUPPLEMENT;
        d.intake_supplements = 1;
        decided = DA_REQUEST_SUPPLEMENT;
    } else if (outcome) {
        d.state = DS_REFUSED;
        d.outcome = "refused";
        decided = DA_REFUSE;
    }
    /* Handed in: ticked at the counter, or attached as a file. */
    bool *given = arena_alloc(a, pr.ndocs + 1);
    for (size_t i = 0; i < in->nprovided; i++) given[in->provided[i]] = true;
    for (size_t i = 0; i < in->nfiles; i++)
        if (in->files[i].doc_seq > 0 && (size_t)in->files[i].doc_seq <= pr.ndocs) given[in->files[i].doc_seq] = true;

    store_conn *w = store_begin_tenant(s, d.tenant, err);
    if (!w) return err->code;
    e = citizen
            ? attachments_account_check(w, who->user_id, files_bytes(in->files, in->nfiles), in->max_account_bytes, err)
            : MC_OK;
    if (!e) e = dossier_tracking_secret_ensure(w, err);
    if (!e) e = code_space_next(w, a, d.tenant, recv.code, recv.code, true, now, &d.code, err);
    if (!e) e = insert_dossier(w, &d, now, err);
    submitted.id = d.id;
    submitted.code = d.code;
    if (!e) e = insert_documents(w, a, &d, &pr, given, err);
    if (!e)
        e = insert_files(w, d.tenant, d.id, true, (int)pr.ndocs, in->files, in->nfiles, in->max_dossier_bytes,
                         who->user_id, now, err);
    jctx j = {w, who, citizen ? "citizen" : "receiver", now, "", &d};
    if (!e) e = jot(&j, &submitted, DA_SUBMIT, NULL, NULL, d.receiving_unit_code, in->note, err);
    if (!e && decided == DA_ACCEPT)
        e = jot(&j, &d, DA_ACCEPT, ds_state_name(DS_SUBMITTED), timing, d.holder_unit_code, NULL, err);
    if (!e && (decided == DA_REQUEST_SUPPLEMENT || decided == DA_REFUSE)) {
        e = add_request(w, a, &d, decided == DA_REFUSE ? "refusal" : "supplement", in->items, in->nitems, in->reason,
                        now, err);
        if (!e)
            e = jot(&j, &d, decided, ds_state_name(DS_SUBMITTED), NULL, NULL, numbered(a, in->items, in->nitems), err);
    }
    if (e) {
        store_rollback(w);
        return e;
    }
    if ((e = store_commit(w, err))) return e;
    *out = d;
    return MC_OK;
}

/* ---- actions ---------------------------------------------------------------------- */

static mc_err forbidden_in_state(const dossier *d, ds_action act, mc_error *err) {
    char vi[320], en[320];
    snprintf(vi, sizeof vi, "Không thể «%s» khi hồ sơ %s đang ở trạng thái «%s».", ds_action_label(act), d->code,
             ds_state_label(d->state));
    snprintf(en, sizeof en, "Action %s is not allowed in state %s (dossier %s).", ds_action_name(act),
             ds_state_name(d->state), d->code);
    return mc_fail(err, MC_ERR_CONFLICT, "action", vi, en);
}

/* Moves the appointment and the step deadline by the working time paused. */
static mc_err resume_clock(const calendar *cal, dossier *d, mc_time now, mc_error *err) {
    if (!d->paused_at) return MC_OK;
    int64_t paused = calendar_elapsed(cal, d->paused_at, now);
    if (paused > 0) {
        mc_time due = calendar_add_seconds(cal, d->due_at, paused);
        mc_time sdue = d->step_due_at ? calendar_add_seconds(cal, d->step_due_at, paused) : 0;
        if (due == CAL_NO_TIME || sdue == CAL_NO_TIME) return no_calendar(err);
        d->due_at = due;
        d->step_due_at = sdue;
        d->paused_seconds += paused;
    }
    d->paused_at = 0;
    return MC_OK;
}

static mc_err act_locked(store_conn *w, arena *a, const calendar *cal, const ds_actor *who, dossier *d, ds_action act,
                         const ds_act_input *in, mc_time now, mc_error *err);

/* When a child dossier (liên thông) is decided, its result goes back to the
 * parent, which resumes processing. */
static mc_err child_decided(store_conn *w, arena *a, const calendar *cal, dossier *child, mc_time now, mc_error *err) {
    (void)cal;
    jctx j = {w, NULL, "system", now, "", NULL};
    const char *from = ds_state_name(child->state);
    child->state = DS_RETURNED;
    child->returned_at = now;
    child->return_method = "lien_thong";
    mc_err e = save(w, child, now, err);
    if (!e)
        e = jot(&j, child, DA_RETURN, from, timing_of(now, child->due_at), child->parent_code,
                "Kết quả liên thông chuyển về cơ quan chủ trì", err);
    if (e) return e;
    dossier parent;
    if ((e = get_in(w, a, child->tenant, child->parent_id, &parent, err))) return e;
    if (parent.state != DS_PARTNER) return MC_OK; /* stopped meanwhile */
    parent.state = DS_PROCESSING;
    e = save(w, &parent, now, err);
    if (!e)
        e = jot(&j, &parent, DA_PARTNER_DONE, ds_state_name(DS_PARTNER), timing_of(now, parent.step_due_at),
                parent.holder_unit_code,
                arena_printf(a, "Cơ quan phối hợp %s đã xử lý xong hồ sơ %s (%s)", child->competent_unit_name,
                             child->code, child->outcome ? child->outcome : ""),
                err);
    return e;
}

/* Opens a linked child dossier at another unit (liên thông). */
static mc_err open_child(store_conn *w, arena *a, const calendar *cal, const ds_actor *who, const char *acted_as,
                         dossier *parent, const org_unit *target, const char *note, mc_time now,
                         const char **child_code, mc_error *err) {
    steps st;
    mc_err e = find_steps(w, a, cal, parent->procedure_code, target->code, target->kind, parent->time_amount,
                          parent->time_unit, &st, err);
    const char *code = NULL;
    org_unit holder; /* the partner's code comes from the sequence of the unit that opens it */
    if (!e) e = units_get(w, a, parent->holder_unit_code, &holder, err);
    if (!e)
        e = code_space_next(w, a, holder.tenant, parent->holder_unit_code, parent->holder_unit_code, true, now, &code,
                            err);
    dossier c0 = {.code = code,
                  .tenant = parent->tenant, /* a partner dossier stays in its parent's tenant and journal chain */
                  .procedure_code = parent->procedure_code,
                  .procedure_version = parent->procedure_version,
                  .rules_version = parent->rules_version,
                  .channel = parent->channel,
                  .state = DS_RECEIVED,
                  .receiving_unit_id = parent->holder_unit_id,
                  .competent_unit_id = target->id,
                  .holder_unit_id = target->id,
                  .time_amount = parent->time_amount,
                  .time_unit = parent->time_unit,
                  .cutoff_sec = parent->cutoff_sec,
                  .applicant = parent->applicant,
                  .parent_id = parent->id,
                  .submitted_at = now,
                  .fee_amount = -1};
    if (!e) e = insert_dossier(w, &c0, now, err);
    int64_t id = c0.id;
    dossier c;
    if (!e) e = get_in(w, a, parent->tenant, id, &c, err);
    if (e) return e;
    c.template_id = st.id;
    c.decision_step = decision_step(&st);
    c.received_at = now;
    c.due_at = parent->step_due_at && parent->step_due_at < parent->due_at ? parent->due_at : parent->due_at;
    /* The partner works from its first processing step (the intake was the parent's). */
    int first = st.n >= 2 ? 2 : 1;
    if ((e = enter_step(w, a, cal, &c, &st, first, calendar_next_open(cal, now), err))) return e;
    jctx j = {w, who, acted_as, now, "", NULL};
    if (!(e = save(w, &c, now, err)))
        e = jot(&j, &c, DA_TRANSFER, NULL, NULL, c.holder_unit_code,
                arena_printf(a, "Nhận liên thông từ hồ sơ %s%s%s", parent->code, note ? ": " : "", note ? note : ""),
                err);
    *child_code = c.code;
    return e;
}

mc_err dossier_act(store *s, const calendar *cal, const ds_actor *who, const char *code, ds_action act,
                   const ds_act_input *in, mc_time now, arena *a, dossier *out, mc_error *err) {
    if (act <= DA_SUBMIT || act >= DA__COUNT || act == DA_PARTNER_DONE)
        return bad(err, "action", "Thao tác không hợp lệ.", "Unknown action.");
    store_conn *w = begin_for(s, a, code, err);
    if (!w) return err->code;
    dossier d;
    mc_err e = dossier_get(w, a, code, &d, err);
    if (!e) e = act_locked(w, a, cal, who, &d, act, in, now, err);
    if (e) {
        store_rollback(w);
        return e;
    }
    if ((e = store_commit(w, err))) return e;
    return dossier_get(store_reader(s), a, code, out, err);
}

static mc_err act_locked(store_conn *w, arena *a, const calendar *cal, const ds_actor *who, dossier *d, ds_action act,
                         const ds_act_input *in, mc_time now, mc_error *err) {
    static const ds_act_input none = {0};
    if (!in) in = &none;
    /* Who may not read a dossier learns nothing about it, not even its state. */
    if (!dossier_may_read(who, d)) return dossier_not_found(err);
    const ds_rule *rule = ds_rule_find(d->state, act);
    if (!rule) return forbidden_in_state(d, act, err);
    if (act == DA_STOP && d->parent_id)
        return mc_failf(err, MC_ERR_CONFLICT, "action",
                        "Hồ sơ liên thông %s chỉ dừng cùng hồ sơ chủ trì %s; hãy dừng hồ sơ chủ trì.",
                        "A partner dossier stops only with its lead dossier %s.", d->code, d->parent_code);
    unsigned role_bit = acting_role(who, d, act);
    if (!role_bit) {
        char vi[320], en[320];
        if ((act == DA_FORWARD && d->step_seq >= d->decision_step) ||
            ((act == DA_APPROVE || act == DA_REJECT) && d->step_seq != d->decision_step) ||
            (act == DA_SEND_BACK && d->step_seq <= 2)) {
            snprintf(vi, sizeof vi, "Không thể «%s» ở bước %d «%s» (bước ký quyết định là bước %d).",
                     ds_action_label(act), d->step_seq, d->step_name ? d->step_name : "", d->decision_step);
            snprintf(en, sizeof en, "Action %s is not possible at step %d (the decision step is %d).",
                     ds_action_name(act), d->step_seq, d->decision_step);
            return mc_fail(err, MC_ERR_CONFLICT, "action", vi, en);
        }
        if (step_bound(act) && d->holder_user_id && d->holder_user_id != who->user_id) {
            snprintf(vi, sizeof vi, "Hồ sơ đang do %s (%s) xử lý ở bước «%s».",
                     d->holder_name ? d->holder_name : "cán bộ khác", d->holder_username ? d->holder_username : "?",
                     d->step_name ? d->step_name : "");
            snprintf(en, sizeof en, "The step is held by %s.",
                     d->holder_username ? d->holder_username : "another officer");
            return mc_fail(err, MC_ERR_FORBIDDEN, NULL, vi, en);
        }
        if (d->step_name)
            snprintf(vi, sizeof vi, "Tài khoản của bạn không được «%s» hồ sơ này ở bước hiện tại (bước «%s» tại %s).",
                     ds_action_label(act), d->step_name, d->holder_unit_name);
        else
            snprintf(vi, sizeof vi, "Tài khoản của bạn không được «%s» hồ sơ này (hồ sơ đang ở %s).",
                     ds_action_label(act), d->holder_unit_name);
        snprintf(en, sizeof en, "You may not %s this dossier at its current step.", ds_action_name(act));
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL, vi, en);
    }
    steps st;
    mc_err e = steps_of(w, a, cal, d, &st, err);
    if (e) return e;
    jctx j = {w, who, role_bit == ROLE_SYSTEM ? "system" : role_name((role)role_bit), now, "", NULL};
    const char *from = ds_state_name(d->state);
    const char *timing = NULL, *to_unit = NULL, *note = in->note;
    int dec = decision_step(&st);
    switch (act) {
    case DA_ACCEPT: {
        if ((e = mark_documents(w, d->tenant, d->id, in->provided, in->nprovided, err))) return e;
        ds_document *docs;
        size_t nd;
        if ((e = dossier_documents(w, a, d->tenant, d->id, &docs, &nd, err))) return e;
        for (size_t i = 0; i < nd; i++)
            if (docs[i].mandatory && !docs[i].provided)
                return mc_failf(
                    err, MC_ERR_INVALID, "documents",
                    "Hồ sơ chưa đủ: thiếu giấy tờ bắt buộc số %d (%s). Hãy yêu cầu bổ sung thay vì tiếp nhận.",
                    "Incomplete: mandatory document %d is missing.", docs[i].seq, shortened(a, docs[i].name, 120));
        mc_time start = calendar_add(cal, now, 0, CAL_UNIT_HOUR, d->cutoff_sec);
        mc_time due = calendar_add(cal, now, d->time_amount, d->time_unit, d->cutoff_sec);
        if (start == CAL_NO_TIME || due == CAL_NO_TIME) return no_calendar(err);
        d->received_at = now;
        d->due_at = due;
        if ((e = enter_step(w, a, cal, d, &st, 1, start, err))) return e;
        timing = timing_of(now, d->step_due_at);
        if ((e = enter_step(w, a, cal, d, &st, st.n >= 2 ? 2 : 1, start, err))) return e;
        to_unit = d->holder_unit_code;
        break;
    }
    case DA_REQUEST_SUPPLEMENT: {
        bool intake = d->state == DS_SUBMITTED;
        if ((intake ? d->intake_supplements : d->supplements) >= 1)
            return mc_fail(err, MC_ERR_CONFLICT, "action",
                           intake ? "Hồ sơ đã được yêu cầu bổ sung một lần khi tiếp nhận; theo quy định chỉ được yêu "
                                    "cầu bổ sung một lần."
                                  : "Hồ sơ đã được yêu cầu bổ sung một lần trong quá trình giải quyết; không được yêu "
                                    "cầu lần thứ hai.",
                           "A supplement may be requested only once.");
        if (!items_ok(in->items, in->nitems))
            return bad(err, "items", "Vui lòng liệt kê (đánh số) các nội dung cần bổ sung, hoàn thiện.",
                       "The missing items are required.");
        if (!has_text(in->reason))
            return bad(err, "reason", "Vui lòng nêu lý do yêu cầu bổ sung.", "reason is required.");
        if (intake)
            d->intake_supplements++;
        else
            d->supplements++;
        if (rule->clock == CLOCK_PAUSE) d->paused_at = now;
        if ((e = add_request(w, a, d, "supplement", in->items, in->nitems, in->reason, now, err))) return e;
        note = numbered(a, in->items, in->nitems);
        break;
    }
    case DA_REFUSE:
        if (!items_ok(in->items, in->nitems) && !has_text(in->reason))
            return bad(err, "reason", "Vui lòng nêu lý do từ chối tiếp nhận.", "reason is required.");
        d->outcome = "refused";
        if ((e = add_request(w, a, d, "refusal", in->items, in->nitems, in->reason, now, err))) return e;
        note = in->reason ? in->reason : numbered(a, in->items, in->nitems);
        break;
    case DA_CLAIM: d->holder_user_id = who->user_id; break;
    case DA_FORWARD:
        if (d->step_seq >= dec)
            return mc_fail(err, MC_ERR_CONFLICT, "action",
                           "Đây là bước ký quyết định: hãy phê duyệt hoặc từ chối thay vì chuyển bước.",
                           "This is the decision step: approve or reject.");
        timing = timing_of(now, d->step_due_at);
        if ((e = enter_step(w, a, cal, d, &st, d->step_seq + 1, now, err))) return e;
        to_unit = d->holder_unit_code;
        break;
    case DA_SEND_BACK:
        if (d->step_seq <= 2)
            return mc_fail(err, MC_ERR_CONFLICT, "action",
                           "Hồ sơ đang ở bước xử lý đầu tiên, không có bước trước để trả lại.",
                           "No earlier processing step.");
        if (!has_text(in->note) && !has_text(in->reason))
            return bad(err, "note", "Vui lòng ghi lý do trả lại.", "A note is required.");
        if ((e = enter_step(w, a, cal, d, &st, d->step_seq - 1, now, err))) return e;
        to_unit = d->holder_unit_code;
        break;
    case DA_TRANSFER: {
        if (!in->unit) return bad(err, "unit", "Vui lòng chọn cơ quan phối hợp (liên thông).", "unit is required.");
        org_unit target;
        if (units_get(w, a, in->unit, &target, NULL))
            return mc_failf(err, MC_ERR_INVALID, "unit", "Không có đơn vị mã %s.", "Unknown unit %s.", in->unit);
        if (target.id == d->holder_unit_id)
            return bad(err, "unit", "Không thể chuyển liên thông cho chính đơn vị đang xử lý.", "Same unit.");
        const char *child;
        if ((e = open_child(w, a, cal, who, j.role, d, &target, in->note, now, &child, err))) return e;
        to_unit = target.code;
        note = arena_printf(a, "Chuyển liên thông tới %s, hồ sơ liên thông %s%s%s", target.name, child,
                            in->note ? ": " : "", in->note ? in->note : "");
        break;
    }
    case DA_RESUBMIT:
        if (rule->clock == CLOCK_RESUME && (e = resume_clock(cal, d, now, err))) return e;
        if ((e = mark_documents(w, d->tenant, d->id, in->provided, in->nprovided, err))) return e;
        if ((e = store_exec(w, Q_DREQ_RESOLVE, SV_ARGS(SV_I(now), SV_I(d->id), SV_T(d->tenant)), NULL, err))) return e;
        break;
    case DA_REQUEST_PAYMENT:
        if (in->amount <= 0 || in->amount > 1000000000)
            return bad(err, "amount", "Số tiền phí, lệ phí phải là số nguyên dương (đồng).", "amount must be > 0 VND.");
        d->fee_amount = in->amount;
        d->paused_at = now;
        char money[TEXT_VND_MAX];
        note = arena_printf(a, "Số tiền: %s%s%s", text_vnd(in->amount, money), in->note ? ". " : "",
                            in->note ? in->note : "");
        break;
    case DA_MARK_PAID:
        if ((e = resume_clock(cal, d, now, err))) return e;
        d->paid_at = now;
        break;
    case DA_APPROVE:
    case DA_REJECT:
        if (d->step_seq != dec)
            return mc_failf(err, MC_ERR_CONFLICT, "action",
                            "Chỉ phê duyệt hoặc từ chối ở bước ký quyết định (bước %d); hồ sơ đang ở bước %d.",
                            "Decisions happen at step %d; the dossier is at step %d.", dec, d->step_seq);
        if (act == DA_REJECT && !has_text(in->reason) && !items_ok(in->items, in->nitems))
            return bad(err, "reason", "Vui lòng nêu lý do không giải quyết.", "reason is required.");
        d->outcome = act == DA_APPROVE ? "approved" : "rejected";
        d->decided_at = now;
        timing = timing_of(now, d->due_at);
        if (act == DA_REJECT) {
            const char *one[1] = {in->reason};
            if ((e = add_request(w, a, d, "rejection", in->nitems ? in->items : one, in->nitems ? in->nitems : 1,
                                 in->reason, now, err)))
                return e;
            note = in->reason ? in->reason : numbered(a, in->items, in->nitems);
        }
        if (dec < st.n) {
            if ((e = enter_step(w, a, cal, d, &st, dec + 1, now, err))) return e;
        } else {
            d->holder_unit_id = d->receiving_unit_id;
            d->holder_unit_code = d->receiving_unit_code;
            d->holder_user_id = 0;
        }
        to_unit = d->holder_unit_code;
        break;
    case DA_EXTEND: {
        if (d->extensions >= 1)
            return mc_fail(err, MC_ERR_CONFLICT, "action",
                           "Hồ sơ đã được gia hạn một lần; theo quy định chỉ được hẹn lại ngày trả kết quả một lần.",
                           "An extension may be given only once.");
        if (in->days < 1 || in->days > 365)
            return bad(err, "days", "Số ngày làm việc gia hạn phải từ 1 đến 365.", "days must be 1..365.");
        if (!has_text(in->reason))
            return bad(err, "reason", "Vui lòng nêu lý do chậm trễ để gửi phiếu xin lỗi.", "reason is required.");
        mc_time due = calendar_add(cal, d->due_at > now ? d->due_at : now, in->days, CAL_UNIT_DAY, -1);
        if (due == CAL_NO_TIME) return no_calendar(err);
        d->original_due_at = d->due_at;
        d->due_at = due;
        d->extensions++;
        char was[17], now_due[17];
        time_format_vn(d->original_due_at, was);
        time_format_vn(due, now_due);
        note = arena_printf(a, "Xin lỗi và hẹn lại: %s → %s. Lý do: %s", was, now_due, in->reason);
        break;
    }
    case DA_RESULT_READY: d->result_ready_at = now; break;
    case DA_RETURN: {
        const char *m = in->method ? in->method : "counter";
        if (strcmp(m, "counter") && strcmp(m, "post") && strcmp(m, "electronic"))
            return bad(err, "method",
                       "Hình thức trả kết quả phải là counter (tại bộ phận một cửa), post (bưu chính) hoặc electronic "
                       "(điện tử).",
                       "method must be counter, post or electronic.");
        d->returned_at = now;
        d->return_method = m;
        timing = timing_of(now, d->due_at);
        break;
    }
    case DA_STOP:
        if (!has_text(in->reason))
            return bad(err, "reason", "Vui lòng ghi nội dung đề nghị dừng giải quyết của người nộp.",
                       "reason is required.");
        d->outcome = "stopped";
        d->decided_at = now; /* resolved (withdrawn) for the statistics */
        d->paused_at = 0;
        if ((e = add_request(w, a, d, "stop", (const char *[]){in->reason}, 1, in->reason, now, err))) return e;
        note = in->reason;
        break;
    default: return forbidden_in_state(d, act, err);
    }
    d->state = rule->to;
    d->alert = NULL;
    if ((e = save(w, d, now, err))) return e;
    if ((e = jot(&j, d, act, from, timing, to_unit, note, err))) return e;
    /* A decided child goes back to its parent at once. */
    if ((act == DA_APPROVE || act == DA_REJECT) && d->parent_id) return child_decided(w, a, cal, d, now, err);
    /* A stopped parent stops its open children. */
    if (act == DA_STOP) {
        store_rows *r = store_query(w, Q_DOSSIER_CHILDREN, SV_ARGS(SV_I(d->id), SV_T(d->tenant)), err);
        if (!r) return MC_ERR_STORE;
        const char *codes[64];
        int n = 0, k;
        while ((k = store_next(r, err)) == 1 && n < 64) codes[n++] = arena_strdup(a, store_text(r, 0));
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
        for (int i = 0; i < n; i++) {
            dossier c;
            if ((e = dossier_get(w, a, codes[i], &c, err))) return e;
            if (!ds_state_undecided(c.state)) continue;
            jctx sj = {w, NULL, "system", now, "", NULL};
            const char *cf = ds_state_name(c.state);
            c.state = DS_STOPPED;
            c.outcome = "stopped";
            if ((e = save(w, &c, now, err)) ||
                (e = jot(&sj, &c, DA_STOP, cf, NULL, NULL, "Hồ sơ chủ trì đã dừng giải quyết", err)))
                return e;
        }
    }
    return MC_OK;
}

/* ---- documents, requests ------------------------------------------------------------ */

mc_err dossier_documents(store_conn *c, arena *a, const char *tenant, int64_t id, ds_document **out, size_t *n,
                         mc_error *err) {
    store_rows *r = store_query(c, Q_DDOC_LIST, SV_ARGS(SV_T(tenant), SV_I(id)), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 16, cnt = 0;
    ds_document *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        v[cnt++] = (ds_document){(int)store_int(r, 0), arena_strdup(a, store_text(r, 1)),
                                 arena_strdup(a, store_text(r, 2)), store_int(r, 3) != 0, store_int(r, 4) != 0};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    *n = cnt;
    return MC_OK;
}

mc_err dossier_requests(store_conn *c, arena *a, const char *tenant, int64_t id, ds_request **out, size_t *n,
                        mc_error *err) {
    store_rows *r = store_query(c, Q_DREQ_LIST, SV_ARGS(SV_T(tenant), SV_I(id)), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 4, cnt = 0;
    ds_request *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        v[cnt++] = (ds_request){arena_strdup(a, store_text(r, 0)), arena_strdup(a, store_text(r, 1)),
                                arena_strdup(a, store_text(r, 2)), store_int(r, 3), opt_time(r, 4)};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    *n = cnt;
    return MC_OK;
}

/* ---- files ---------------------------------------------------------------------------- */

mc_err dossier_attach(store *s, const ds_actor *who, const char *code, const ds_attachment *files, size_t n,
                      int64_t max_dossier_bytes, int64_t max_account_bytes, mc_time now, mc_error *err) {
    arena *a = arena_create();
    store_conn *w = begin_for(s, a, code, err);
    if (!w) {
        arena_free(a);
        return err->code;
    }
    dossier d;
    mc_err e = dossier_get(w, a, code, &d, err);
    if (!e && !dossier_may_read(who, &d)) e = dossier_not_found(err);
    if (!e) {
        /* The applicant adds files while the dossier waits for them; officers while they can act on it. */
        bool citizen_ok = (who->roles & ROLE_CITIZEN) && d.citizen_user_id == who->user_id &&
                          (d.state == DS_SUBMITTED || d.state == DS_INTAKE_SUPPLEMENT || d.state == DS_SUPPLEMENT);
        ds_action *acts;
        bool officer_ok =
            !(who->roles & ROLE_CITIZEN) && !ds_state_final(d.state) && dossier_allowed(who, &d, a, &acts) > 0;
        if (!citizen_ok && !officer_ok)
            e = mc_failf(err, MC_ERR_CONFLICT, "files", "Không thể đính kèm tệp khi hồ sơ đang ở trạng thái «%s».",
                         "Files cannot be attached in state %s.", ds_state_label(d.state), ds_state_name(d.state));
    }
    if (!e && (who->roles & ROLE_CITIZEN))
        e = attachments_account_check(w, who->user_id, files_bytes(files, n), max_account_bytes, err);
    ds_document *docs;
    size_t nd = 0;
    if (!e) e = dossier_documents(w, a, d.tenant, d.id, &docs, &nd, err);
    if (!e) e = insert_files(w, d.tenant, d.id, false, (int)nd, files, n, max_dossier_bytes, who->user_id, now, err);
    if (!e) e = index766_months_refresh(w, d.tenant, d.id, err); /* a component as a file: indicator 4.2 */
    if (e)
        store_rollback(w);
    else
        e = store_commit(w, err);
    arena_free(a);
    return e;
}

static void read_file(store_rows *r, arena *a, ds_file *f) {
    *f = (ds_file){store_int(r, 0),
                   store_null(r, 1) ? 0 : (int)store_int(r, 1),
                   arena_strdup(a, store_text(r, 2)),
                   arena_strdup(a, store_text(r, 3)),
                   arena_strdup(a, store_text(r, 5)),
                   arena_strdup(a, store_text(r, 6)),
                   store_int(r, 4),
                   store_int(r, 7)};
}

mc_err dossier_files(store_conn *c, arena *a, const char *tenant, int64_t id, ds_file **out, size_t *n, mc_error *err) {
    store_rows *r = store_query(c, Q_DFILE_LIST, SV_ARGS(SV_T(tenant), SV_I(id)), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 8, cnt = 0;
    ds_file *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        read_file(r, a, &v[cnt++]);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    *n = cnt;
    return MC_OK;
}

mc_err dossier_file(store_conn *c, arena *a, const char *tenant, int64_t dossier_id, int64_t file_id, ds_file *out,
                    mc_error *err) {
    store_rows *r = store_query(c, Q_DFILE_GET, SV_ARGS(SV_I(dossier_id), SV_I(file_id), SV_T(tenant)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) read_file(r, a, out);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    return k == 1 ? MC_OK : mc_fail(err, MC_ERR_NOT_FOUND, "file", "Không tìm thấy tệp.", "File not found.");
}

/* ---- tracking ---------------------------------------------------------------------- */

mc_err dossier_stamp(store_conn *c, const char *code, int64_t *stamp, mc_error *err) {
    char tenant[64];
    int k = tenant_of(c, code, tenant, sizeof tenant, err);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0) return dossier_not_found(err);
    return store_scalar_int(c, Q_DOSSIER_STAMP, SV_ARGS(SV_T(tenant), SV_T(code)), stamp, err);
}

/* ---- inbox ---------------------------------------------------------------------------- */

static const char *const class_names[][2] = {{"overdue", "Quá hạn"},
                                             {"due_today", "Đến hạn hôm nay"},
                                             {"due_soon", "Sắp đến hạn (trong 2 ngày làm việc)"},
                                             {"on_track", "Trong hạn"}};

const char *ds_class_name(ds_class k) {
    return class_names[k][0];
}

const char *ds_class_label(ds_class k) {
    return class_names[k][1];
}

/* The class of an appointment, `soon` being now + 2 working days (computed once per inbox). */
ds_class dossier_class_at(const calendar *cal, mc_time due, mc_time paused_at, mc_time now, mc_time soon) {
    if (!due) return DQ_ON_TRACK;
    if (paused_at) {
        /* While paused the appointment moves with time: count from the pause. */
        int64_t left = calendar_elapsed(cal, paused_at, due);
        due = calendar_add_seconds(cal, now, left > 0 ? left : 0);
    }
    if (due < now) return DQ_OVERDUE;
    if (time_local_day(due) == time_local_day(now)) return DQ_DUE_TODAY;
    return soon != CAL_NO_TIME && due <= soon ? DQ_DUE_SOON : DQ_ON_TRACK;
}

ds_class dossier_class(const calendar *cal, const dossier *d, mc_time now) {
    return dossier_class_at(cal, d->due_at, d->paused_at, now, calendar_add(cal, now, 2, CAL_UNIT_DAY, -1));
}

/* Unit ids to paths, for the inbox's first pass (a few hundred units; ids ascending). */
typedef struct {
    int64_t *ids;
    const char **paths;
    size_t n;
} unit_paths;

static mc_err load_unit_paths(store_conn *c, arena *a, unit_paths *m, mc_error *err) {
    org_unit *v;
    size_t n = 0;
    mc_err e = units_list(c, a, NULL, &v, &n, err);
    if (e) return e;
    m->ids = arena_alloc(a, (n ? n : 1) * sizeof *m->ids);
    m->paths = arena_alloc(a, (n ? n : 1) * sizeof *m->paths);
    m->n = 0;
    for (size_t i = 0; i < n; i++) { /* insertion keeps them sorted by id: the list comes in tree order */
        size_t k = m->n++;
        while (k > 0 && m->ids[k - 1] > v[i].id) {
            m->ids[k] = m->ids[k - 1];
            m->paths[k] = m->paths[k - 1];
            k--;
        }
        m->ids[k] = v[i].id;
        m->paths[k] = v[i].path;
    }
    return MC_OK;
}

static const char *unit_path_of(const unit_paths *m, int64_t id) {
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->n && m->ids[lo] == id ? m->paths[lo] : "";
}

typedef struct {
    mc_time key; /* the appointment, or the submission when there is none yet */
    int64_t id;
    ds_class cls;
} inbox_hit;

static int by_appointment(const void *x, const void *y) {
    const inbox_hit *p = x, *q = y;
    if (p->key != q->key) return p->key < q->key ? -1 : 1;
    return p->id < q->id ? -1 : p->id > q->id;
}

mc_err dossier_inbox(store_conn *c, arena *a, const ds_actor *who, const calendar *cal, mc_time now, const char *cls,
                     const char *state, const char *q, int64_t offset, int64_t limit, ds_inbox *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    int want_state = -1;
    if (state && *state && (want_state = ds_state_parse(state)) < 0)
        return bad(err, "state", "Trạng thái lọc không hợp lệ.", "Unknown state.");
    int want_cls = -1;
    for (int k = 0; cls && *cls && k < 4; k++)
        if (strcmp(cls, class_names[k][0]) == 0) want_cls = k;
    if (cls && *cls && want_cls < 0)
        return bad(err, "class", "Nhóm hạn phải là overdue, due_today, due_soon hoặc on_track.", "Unknown class.");
    unit_paths paths;
    mc_err e = load_unit_paths(c, a, &paths, err);
    if (e) return e;
    char *qf = q && *q ? text_fold(q) : NULL;
    mc_time soon = calendar_add(cal, now, 2, CAL_UNIT_DAY, -1);
    /* First pass: a few columns per open dossier of the unit, enough to decide
     * whether the actor can move it and its deadline class; sorted here, not by
     * SQLite (a sort of whole rows cost a quarter of the time). */
    store_rows *r = store_query(c, Q_DOSSIER_INBOX, SV_ARGS(SV_I(who->unit_id), SV_I(who->unit_id)), err);
    if (!r) {
        free(qf);
        return MC_ERR_STORE;
    }
    size_t cap = 256, nhit = 0;
    inbox_hit *hits = arena_alloc(a, cap * sizeof *hits);
    int k;
    while ((k = store_next(r, err)) == 1) {
        dossier d; /* only what acting_role looks at; strings valid until the next row */
        memset(&d, 0, sizeof d);
        int st = ds_state_parse(store_text(r, 1));
        d.state = st < 0 ? DS_PROCESSING : (ds_state)st;
        if (want_state >= 0 && (int)d.state != want_state) continue;
        d.step_seq = (int)store_int(r, 2);
        d.decision_step = (int)store_int(r, 3);
        d.parent_id = store_null(r, 4) ? 0 : store_int(r, 4);
        d.step_role = store_text(r, 5);
        d.receiving_unit_path = unit_path_of(&paths, store_int(r, 6));
        d.holder_unit_path = unit_path_of(&paths, store_int(r, 7));
        d.citizen_user_id = store_null(r, 8) ? 0 : store_int(r, 8);
        d.holder_user_id = store_null(r, 9) ? 0 : store_int(r, 9);
        if (qf) {
            const char *name = store_text(r, 13), *idn = store_text(r, 14);
            char *hay = text_fold(arena_printf(a, "%s %s %s", store_text(r, 12), name ? name : "", idn ? idn : ""));
            bool found = hay && strstr(hay, qf);
            free(hay);
            if (!found) continue;
        }
        if (!movable(who, &d)) continue; /* only what the caller can move on */
        ds_class kc = dossier_class_at(cal, store_null(r, 10) ? 0 : store_int(r, 10),
                                       store_null(r, 11) ? 0 : store_int(r, 11), now, soon);
        out->counts[kc]++;
        if (want_cls >= 0 && (int)kc != want_cls) continue;
        if (nhit == cap) hits = arena_grow(a, hits, &cap, sizeof *hits);
        hits[nhit++] = (inbox_hit){store_int(r, 15), store_int(r, 0), kc};
    }
    store_rows_free(r);
    free(qf);
    if (k < 0) return MC_ERR_STORE;
    out->total = (int64_t)nhit;
    qsort(hits, nhit, sizeof *hits, by_appointment);
    /* Second pass: the page, in full. */
    size_t from = offset < 0 ? 0 : (size_t)offset, to = from + (size_t)(limit > 0 ? limit : 0);
    if (to > nhit) to = nhit;
    int64_t *ids = arena_alloc(a, (to > from ? to - from : 1) * sizeof *ids);
    ds_class *classes = arena_alloc(a, (to > from ? to - from : 1) * sizeof *classes);
    for (size_t i = from; i < to; i++) {
        ids[i - from] = hits[i].id;
        classes[i - from] = hits[i].cls;
    }
    return dossier_inbox_fill(c, a, who, NULL, ids, classes, to > from ? to - from : 0, out, err);
}

mc_err dossier_inbox_fill(store_conn *c, arena *a, const ds_actor *who, const char *tenant, const int64_t *ids,
                          const ds_class *classes, size_t n, ds_inbox *out, mc_error *err) {
    out->items = arena_alloc(a, (n ? n : 1) * sizeof *out->items);
    out->n = 0;
    for (size_t i = 0; i < n; i++) {
        store_rows *r = tenant ? store_query(c, Q_DOSSIER_BY_TENANT_ID, SV_ARGS(SV_T(tenant), SV_I(ids[i])), err)
                               : store_query(c, Q_DOSSIER_BY_ID, SV_ARGS(SV_I(ids[i])), err);
        if (!r) return MC_ERR_STORE;
        int k = store_next(r, err);
        if (k == 1) {
            ds_inbox_item *it = &out->items[out->n++];
            read_dossier(r, a, &it->d);
            it->cls = classes[i];
            it->nactions = dossier_allowed(who, &it->d, a, &it->actions);
        }
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
    }
    return MC_OK;
}

mc_err dossier_find(store_conn *c, arena *a, const ds_actor *who, const char *q, int limit, dossier **out, size_t *n,
                    mc_error *err) {
    *n = 0;
    *out = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof **out);
    if (!q || !*q || limit <= 0) return MC_OK;
    dossier d;
    mc_error ignored;
    if (dossier_get(c, a, q, &d, &ignored) == MC_OK && dossier_may_read(who, &d)) (*out)[(*n)++] = d;
    char *qf = text_fold(q);
    store_rows *r = store_query(c, Q_DOSSIER_FIND_SCAN, SV_ARGS(SV_I(who->unit_id), SV_I(who->unit_id)), err);
    if (!r) {
        free(qf);
        return MC_ERR_STORE;
    }
    size_t cap = 16, nid = 0;
    int64_t *ids = arena_alloc(a, cap * sizeof *ids);
    int k;
    while ((k = store_next(r, err)) == 1 && (int)(*n + nid) < limit) {
        const char *code = store_text(r, 1), *name = store_text(r, 2), *idn = store_text(r, 3);
        if (*n && !strcmp(code, (*out)[0].code)) continue; /* found by its code already */
        char *hay = text_fold(arena_printf(a, "%s %s %s", code, name ? name : "", idn ? idn : ""));
        bool found = hay && qf && strstr(hay, qf);
        free(hay);
        if (!found) continue;
        if (nid == cap) ids = arena_grow(a, ids, &cap, sizeof *ids);
        ids[nid++] = store_int(r, 0);
    }
    store_rows_free(r);
    free(qf);
    if (k < 0) return MC_ERR_STORE;
    for (size_t i = 0; i < nid; i++) {
        r = store_query(c, Q_DOSSIER_BY_ID, SV_ARGS(SV_I(ids[i])), err);
        if (!r) return MC_ERR_STORE;
        if ((k = store_next(r, err)) == 1) {
            read_dossier(r, a, &d);
            if (dossier_may_read(who, &d)) (*out)[(*n)++] = d;
        }
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
    }
    return MC_OK;
}

static bool under(const char *path, const char *root) {
    size_t n = strlen(root);
    return path && !strncmp(path, root, n);
}

static int most_late_first(const void *x, const void *y) {
    const ds_late *p = x, *q = y;
    if (p->days != q->days) return q->days - p->days;
    return p->d.due_at < q->d.due_at ? -1 : p->d.due_at > q->d.due_at;
}

mc_err dossier_late(store_conn *c, arena *a, const calendar *cal, const char *unit_path, mc_time now, ds_late **out,
                    size_t *n, mc_error *err) {
    store_rows *r = store_query(c, Q_DOSSIER_OPEN, SV_NONE, err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 32, cnt = 0;
    ds_late *v = arena_alloc(a, cap * sizeof *v);
    mc_day today = time_local_day(now);
    int k;
    while ((k = store_next(r, err)) == 1) {
        dossier d;
        read_dossier(r, a, &d);
        if (!under(d.receiving_unit_path, unit_path) && !under(d.competent_unit_path, unit_path) &&
            !under(d.holder_unit_path, unit_path))
            continue;
        if (dossier_class(cal, &d, now) != DQ_OVERDUE) continue;
        int days = 0;
        for (mc_day day = time_local_day(d.due_at) + 1; day <= today; day++) {
            cal_hours h;
            calendar_day_hours(cal, day, &h, NULL);
            days += h.n > 0;
        }
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        v[cnt++] = (ds_late){d, days};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    qsort(v, cnt, sizeof *v, most_late_first);
    *out = v;
    *n = cnt;
    return MC_OK;
}

mc_err dossier_received_between(store_conn *c, arena *a, const char *root_path, mc_time from, mc_time to, size_t limit,
                                dossier **out, size_t *n, bool *more, mc_error *err) {
    store_rows *r = store_query(c, Q_DOSSIER_RECEIVED_BETWEEN, SV_ARGS(SV_I(from), SV_I(to)), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 32, cnt = 0;
    dossier *v = arena_alloc(a, cap * sizeof *v);
    *more = false;
    int k;
    size_t rootlen = strlen(root_path);
    while ((k = store_next(r, err)) == 1) {
        const char *path = store_text(r, 11); /* ru.path: the receiving unit keeps the book */
        if (!path || strncmp(path, root_path, rootlen)) continue;
        if (cnt == limit) {
            *more = true;
            break;
        }
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        read_dossier(r, a, &v[cnt++]);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    *n = cnt;
    return MC_OK;
}

mc_err dossier_of_citizen(store_conn *c, arena *a, int64_t user_id, int limit, dossier **out, size_t *n,
                          mc_error *err) {
    store_rows *r = store_query(c, Q_DOSSIER_BY_CITIZEN, SV_ARGS(SV_I(user_id), SV_I(limit)), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 16, cnt = 0;
    dossier *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        read_dossier(r, a, &v[cnt++]);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    *n = cnt;
    return MC_OK;
}

/* ---- periodic job ---------------------------------------------------------------------- */

/* Reads the open dossiers on the caller's reader connection, without the
 * writer lock (intake goes on meanwhile), then writes only the marks that
 * change, in one short transaction. A dossier changed between the read and
 * the write (acted on, paused, extended) is left for the next run. */
static mc_err mark_one(store_conn *w, const dossier *d, const char *alert, mc_time now, int *marked, mc_error *err);

mc_err dossier_scan(store *s, const calendar *cal, mc_time now, int *marked, mc_error *err) {
    arena *a = arena_create();
    *marked = 0;
    store_rows *r = store_query(store_reader(s), Q_DOSSIER_OPEN, SV_NONE, err);
    mc_err e = r ? MC_OK : MC_ERR_STORE;
    size_t cap = 64, cnt = 0;
    dossier *v = arena_alloc(a, cap * sizeof *v);
    const char **marks = arena_alloc(a, cap * sizeof *marks);
    int k = 0;
    while (r && (k = store_next(r, err)) == 1) {
        dossier d;
        read_dossier(r, a, &d);
        ds_class kc = dossier_class(cal, &d, now);
        const char *alert = kc == DQ_OVERDUE                            ? "overdue"
                            : (kc == DQ_DUE_TODAY || kc == DQ_DUE_SOON) ? "due_soon"
                                                                        : NULL;
        if (!alert || (d.alert && strcmp(d.alert, alert) == 0)) continue;
        if (cnt == cap) {
            size_t c2 = cap;
            marks = arena_grow(a, marks, &c2, sizeof *marks);
            v = arena_grow(a, v, &cap, sizeof *v);
        }
        marks[cnt] = alert;
        v[cnt++] = d;
    }
    store_rows_free(r);
    if (k < 0) e = MC_ERR_STORE;
    if (e || cnt == 0) {
        arena_free(a);
        return e;
    }
    /* One transaction per province, under its own lock: the job never holds up every province at once. */
    bool *done = arena_alloc(a, cnt);
    for (size_t t = 0; !e && t < cnt; t++) {
        if (done[t]) continue;
        const char *tenant = v[t].tenant;
        store_conn *w = store_begin_tenant(s, tenant, err);
        if (!w) {
            e = err->code;
            break;
        }
        for (size_t i = t; !e && i < cnt; i++) {
            if (done[i] || strcmp(v[i].tenant, tenant) != 0) continue;
            done[i] = true;
            e = mark_one(w, &v[i], marks[i], now, marked, err);
        }
        if (e)
            store_rollback(w);
        else
            e = store_commit(w, err);
    }
    arena_free(a);
    return e;
}

/* Sets one deadline mark found by dossier_scan, if the dossier is still as read, and journals it. */
static mc_err mark_one(store_conn *w, const dossier *d, const char *alert, mc_time now, int *marked, mc_error *err) {
    int64_t changed = 0;
    mc_err e = store_exec(w, Q_DOSSIER_SET_ALERT,
                          SV_ARGS(SV_T(alert), SV_I(now), SV_I(d->id), SV_T(ds_state_name(d->state)), SV_I(d->due_at),
                                  SV_T(d->alert ? d->alert : ""), SV_T(d->tenant)),
                          &changed, err);
    if (e || changed != 1) return e; /* changed meanwhile: the next scan sees it as it is */
    bool overdue = strcmp(alert, "overdue") == 0;
    journal_entry je = {.dossier_id = d->id,
                        .tenant = d->tenant,
                        .at = now,
                        .actor = "motcua",
                        .role = "system",
                        .action = overdue ? "mark_overdue" : "mark_due_soon",
                        .from_state = ds_state_name(d->state),
                        .to_state = ds_state_name(d->state),
                        .step_seq = d->step_seq,
                        .step_name = d->step_name,
                        .step_due_at = d->step_due_at,
                        .note = overdue ? "Hồ sơ đã quá hạn giải quyết" : "Hồ sơ sắp đến hạn giải quyết"};
    if (!(e = journal_append(w, &je, err))) (*marked)++;
    return e;
}
