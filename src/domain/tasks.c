/* tasks.c - steering documents, tasks, sub-plans, recurrence, progress reports, the deadline job and
 * the figures (tasks.h). */
#include "tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field_limits.h"
#include "journal.h"
#include "perm.h"
#include "units.h"

/* ---- tables ----------------------------------------------------------------------------------- */

static const char *const status_names[] = {"not_started", "in_progress", "done"};
static const char *const status_labels[] = {"Chưa thực hiện", "Đang thực hiện", "Hoàn thành"};

const char *task_status_name(task_status s) {
    return s <= TASK_DONE ? status_names[s] : "?";
}

const char *task_status_label(task_status s) {
    return s <= TASK_DONE ? status_labels[s] : "?";
}

int task_status_parse(const char *s) {
    for (int i = 0; s && i <= TASK_DONE; i++)
        if (!strcmp(s, status_names[i])) return i;
    return -1;
}

const char *task_state_name(task_state s) {
    static const char *const n[] = {"not_started", "in_progress", "overdue", "done", "done_late"};
    return s <= TASK_S_DONE_LATE ? n[s] : "?";
}

const char *task_state_label(task_state s) {
    static const char *const n[] = {"Chưa thực hiện", "Đang thực hiện", "Quá hạn", "Hoàn thành đúng hạn",
                                    "Hoàn thành trễ hạn"};
    return s <= TASK_S_DONE_LATE ? n[s] : "?";
}

task_state task_state_of(task_status s, mc_time due_at, mc_time done_at, mc_time now) {
    if (s == TASK_DONE) return done_at && due_at && done_at > due_at ? TASK_S_DONE_LATE : TASK_S_DONE;
    if (due_at && now > due_at) return TASK_S_OVERDUE;
    return s == TASK_IN_PROGRESS ? TASK_S_IN_PROGRESS : TASK_S_NOT_STARTED;
}

static const struct {
    const char *name, *label;
} doc_kinds[] = {
    [TDOC_DIRECTIVE] = {"directive", "Chỉ thị"},        [TDOC_RESOLUTION] = {"resolution", "Nghị quyết"},
    [TDOC_PROGRAMME] = {"programme", "Chương trình"},   [TDOC_PLAN] = {"plan", "Kế hoạch"},
    [TDOC_SUBPLAN] = {"subplan", "Kế hoạch thực hiện"}, [TDOC_OTHER] = {"other", "Văn bản khác"},
};

const char *tdoc_kind_name(tdoc_kind k) {
    return k <= TDOC_OTHER ? doc_kinds[k].name : "?";
}

const char *tdoc_kind_label(tdoc_kind k) {
    return k <= TDOC_OTHER ? doc_kinds[k].label : "?";
}

int tdoc_kind_parse(const char *s) {
    for (int i = 0; s && i <= TDOC_OTHER; i++)
        if (!strcmp(s, doc_kinds[i].name)) return i;
    return -1;
}

static const char *const every_names[] = {NULL, "month", "quarter", "year"};
static const char *const every_labels[] = {"Một lần", "Hằng tháng", "Hằng quý", "Hằng năm"};

const char *task_every_name(task_every e) {
    return e <= TASK_YEARLY ? every_names[e] : NULL;
}

const char *task_every_label(task_every e) {
    return e <= TASK_YEARLY ? every_labels[e] : "?";
}

int task_every_parse(const char *s) {
    for (int i = 1; s && i <= TASK_YEARLY; i++)
        if (!strcmp(s, every_names[i])) return i;
    return -1;
}

/* ---- the deadline rules ------------------------------------------------------------------------- */

mc_day tasks_working_day_on_or_after(const calendar *cal, mc_day day) {
    for (int i = 0; i <= CAL_MAX_CLOSED_RUN; i++)
        if (calendar_is_working_day(cal, day + i)) return day + i;
    return -1;
}

mc_day tasks_working_days_after(const calendar *cal, mc_day start, int n) {
    mc_day d = start;
    for (int k = 0; k < n; k++) {
        d = tasks_working_day_on_or_after(cal, d + 1);
        if (d < 0) return -1;
    }
    return d;
}

mc_time tasks_due_at(const calendar *cal, mc_day day) {
    cal_hours h;
    calendar_day_hours(cal, day, &h, NULL);
    return time_from_local(day, h.n ? h.span[h.n - 1].end : 24 * 3600 - 1);
}

size_t tasks_periods(const calendar *cal, task_every every, mc_day start, mc_day until, int due_day, task_period *out,
                     size_t cap) {
    if (every == TASK_ONCE || until < start) return 0;
    int months = every == TASK_MONTHLY ? 1 : every == TASK_QUARTERLY ? 3 : 12;
    int y, m, d;
    day_to_ymd(start, &y, &m, &d);
    int idx = y * 12 + (m - 1); /* the period's first month, as a month count */
    idx -= idx % months;
    size_t n = 0;
    for (;; idx += months) {
        int fy = idx / 12, fm = idx % 12 + 1, ly = (idx + months - 1) / 12, lm = (idx + months - 1) % 12 + 1;
        mc_day first = day_from_ymd(fy, fm, 1);
        if (first > until) break;
        if (n < cap) {
            task_period *p = &out[n];
            p->first = first;
            p->last = day_from_ymd(ly, lm, ymd_month_days(ly, lm));
            int dd = due_day < 1 ? 1 : due_day > ymd_month_days(ly, lm) ? ymd_month_days(ly, lm) : due_day;
            p->due = tasks_working_day_on_or_after(cal, day_from_ymd(ly, lm, dd));
            if (every == TASK_MONTHLY)
                snprintf(p->label, sizeof p->label, "%04d-%02d", fy, fm);
            else if (every == TASK_QUARTERLY)
                snprintf(p->label, sizeof p->label, "%04d-Q%d", fy, (fm - 1) / 3 + 1);
            else
                snprintf(p->label, sizeof p->label, "%04d", fy);
        }
        n++;
        if (n > cap + 1) break; /* enough to say "too many" */
    }
    return n;
}

/* ---- reading -------------------------------------------------------------------------------------- */

#define TXT(r, i) (store_null(r, i) ? NULL : arena_strdup(a, store_text(r, i)))
#define NUM(r, i) (store_null(r, i) ? 0 : store_int(r, i))

static mc_day day_of(const char *s) {
    mc_day d = 0;
    if (s) day_parse(s, &d);
    return d;
}

task *tasks_find(const task_set *s, int64_t id) {
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->t[mid].id == id) return &s->t[mid];
        if (s->t[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const tdoc *tasks_doc_find(const task_set *s, int64_t id) {
    for (size_t i = 0; i < s->ndocs; i++)
        if (s->docs[i].id == id) return &s->docs[i];
    return NULL;
}

const char *tasks_tenant_of(store_conn *c, arena *a, const user *u) {
    org_unit unit;
    if (!u || !u->unit_code || units_get(c, a, u->unit_code, &unit, NULL) != MC_OK) return NULL;
    return unit.tenant;
}

mc_err tasks_load(store_conn *c, arena *a, const char *tenant, mc_time now, task_set *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    out->tenant = tenant;
    if (!tenant) return MC_OK;
    store_rows *r = store_query(c, Q_TDOC_LIST, SV_ARGS(SV_T(tenant)), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 16;
    out->docs = arena_alloc(a, cap * sizeof *out->docs);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (out->ndocs == cap) out->docs = arena_grow(a, out->docs, &cap, sizeof *out->docs);
        int kind = tdoc_kind_parse(store_text(r, 2));
        out->docs[out->ndocs++] = (tdoc){.id = store_int(r, 0),
                                         .tenant = TXT(r, 1),
                                         .kind = kind < 0 ? TDOC_OTHER : (tdoc_kind)kind,
                                         .number = TXT(r, 3),
                                         .issued_on = TXT(r, 4),
                                         .issuer = {store_int(r, 5), TXT(r, 6), TXT(r, 7), TXT(r, 8)},
                                         .title = TXT(r, 9),
                                         .implements = NUM(r, 10),
                                         .public_ = store_int(r, 11) != 0,
                                         .note = TXT(r, 12),
                                         .created_at = store_int(r, 13)};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (!(r = store_query(c, Q_TASK_LIST, SV_ARGS(SV_T(tenant)), err))) return MC_ERR_STORE;
    cap = 64;
    out->t = arena_alloc(a, cap * sizeof *out->t);
    while ((k = store_next(r, err)) == 1) {
        if (out->n == cap) out->t = arena_grow(a, out->t, &cap, sizeof *out->t);
        task *t = &out->t[out->n++];
        int ev = task_every_parse(TXT(r, 10)), st = task_status_parse(store_text(r, 16));
        *t = (task){.id = store_int(r, 0),
                    .doc_id = store_int(r, 1),
                    .parent_id = NUM(r, 2),
                    .code = TXT(r, 3),
                    .title = TXT(r, 4),
                    .output = TXT(r, 5),
                    .lead = {store_int(r, 6), TXT(r, 7), TXT(r, 8), TXT(r, 9)},
                    .every = ev < 0 ? TASK_ONCE : (task_every)ev,
                    .period = TXT(r, 11),
                    .start_on = TXT(r, 12),
                    .due_on = TXT(r, 13),
                    .due_at = NUM(r, 14),
                    .due_rule = TXT(r, 15),
                    .status = st < 0 ? TASK_NOT_STARTED : (task_status)st,
                    .percent = (int)store_int(r, 17),
                    .started_at = NUM(r, 18),
                    .done_at = NUM(r, 19),
                    .alert = TXT(r, 20),
                    .alert_at = NUM(r, 21),
                    .note = TXT(r, 22),
                    .tenant = TXT(r, 23)};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    /* Cooperating bodies (rows ordered by task). */
    if (!(r = store_query(c, Q_TASK_UNITS, SV_ARGS(SV_T(tenant)), err))) return MC_ERR_STORE;
    task *cur = NULL;
    size_t ccap = 0;
    while ((k = store_next(r, err)) == 1) {
        task *t = tasks_find(out, store_int(r, 0));
        if (!t) continue;
        if (t != cur) {
            cur = t;
            ccap = 4;
            t->coop = arena_alloc(a, ccap * sizeof *t->coop);
        }
        if (t->ncoop == ccap) t->coop = arena_grow(a, t->coop, &ccap, sizeof *t->coop);
        t->coop[t->ncoop++] = (task_unit){store_int(r, 1), TXT(r, 2), TXT(r, 3), TXT(r, 4)};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    /* Links: document, parent, children, depth (a parent always has a smaller id). */
    for (size_t i = 0; i < out->n; i++) {
        task *t = &out->t[i];
        t->doc = tasks_doc_find(out, t->doc_id);
        t->parent = t->parent_id ? tasks_find(out, t->parent_id) : NULL;
        if (t->parent) t->parent->nchildren++;
        t->depth = t->parent && t->parent->doc_id == t->doc_id ? t->parent->depth + 1 : 0;
    }
    for (size_t i = 0; i < out->n; i++) {
        task *t = &out->t[i];
        if (t->nchildren) t->children = arena_alloc(a, t->nchildren * sizeof *t->children);
        t->nchildren = 0;
    }
    for (size_t i = 0; i < out->n; i++)
        if (out->t[i].parent) out->t[i].parent->children[out->t[i].parent->nchildren++] = &out->t[i];
    /* The roll-up, children before parents (descending ids). */
    for (size_t i = out->n; i-- > 0;) {
        task *t = &out->t[i];
        if (!t->nchildren) {
            t->eff_status = t->status;
            t->eff_percent = t->status == TASK_DONE ? 100 : t->percent;
            t->eff_started_at = t->started_at;
            t->eff_done_at = t->status == TASK_DONE ? t->done_at : 0;
        } else {
            long sum = 0;
            bool all_done = true, started = false;
            mc_time last_done = 0, first_start = 0;
            for (size_t k2 = 0; k2 < t->nchildren; k2++) {
                const task *ch = t->children[k2];
                sum += ch->eff_percent;
                all_done = all_done && ch->eff_status == TASK_DONE;
                started = started || ch->eff_status != TASK_NOT_STARTED || ch->eff_percent > 0;
                if (ch->eff_done_at > last_done) last_done = ch->eff_done_at;
                if (ch->eff_started_at && (!first_start || ch->eff_started_at < first_start))
                    first_start = ch->eff_started_at;
            }
            t->eff_percent = (int)(sum / (long)t->nchildren);
            t->eff_status = all_done ? TASK_DONE : started ? TASK_IN_PROGRESS : TASK_NOT_STARTED;
            t->eff_done_at = all_done ? last_done : 0;
            t->eff_started_at = first_start;
        }
        t->state = task_state_of(t->eff_status, t->due_at, t->eff_done_at, now);
    }
    return MC_OK;
}

/* ---- who ------------------------------------------------------------------------------------------ */

static bool may(const user *u, perm_action act, const char *path) {
    return u && path && perm_allows(u->roles, u->unit_path, act, path);
}

task_role tasks_role_of(const user *u, const task *t) {
    task_role r = {0};
    r.lead = may(u, ACT_TASK_READ, t->lead.path);
    for (size_t i = 0; i < t->ncoop && !r.coop; i++) r.coop = may(u, ACT_TASK_READ, t->coop[i].path);
    for (const task *x = t; x && !r.assigner; x = x->parent)
        r.assigner =
            x->doc && (may(u, ACT_TASK_READ, x->doc->issuer.path) || may(u, ACT_TASK_ASSIGN, x->doc->issuer.path));
    return r;
}

bool tasks_may_read(const user *u, const task *t) {
    task_role r = tasks_role_of(u, t);
    return r.lead || r.coop || r.assigner;
}

bool tasks_may_report(const user *u, const task *t) {
    return !t->nchildren && t->eff_status != TASK_DONE && may(u, ACT_TASK_REPORT, t->lead.path);
}

bool tasks_may_comment(const user *u, const task *t) {
    if (t->eff_status == TASK_DONE) return false;
    if (may(u, ACT_TASK_REPORT, t->lead.path)) return true;
    for (size_t i = 0; i < t->ncoop; i++)
        if (may(u, ACT_TASK_REPORT, t->coop[i].path)) return true;
    return false;
}

bool tasks_may_assign(const user *u, const tdoc *d) {
    return may(u, ACT_TASK_ASSIGN, d->issuer.path);
}

bool tasks_may_read_doc(const user *u, const task_set *s, const tdoc *d) {
    if (may(u, ACT_TASK_READ, d->issuer.path) || tasks_may_assign(u, d)) return true;
    for (size_t i = 0; i < s->n; i++)
        if (s->t[i].doc_id == d->id && tasks_may_read(u, &s->t[i])) return true;
    return false;
}

/* ---- helpers for writing -------------------------------------------------------------------------- */

static mc_err unit_of(store_conn *c, arena *a, const char *code, const char *field, org_unit *u, mc_error *err) {
    if (!code || !*code)
        return mc_fail(err, MC_ERR_INVALID, field, "Vui lòng chọn cơ quan, đơn vị.", "A unit is required.");
    mc_err e = units_get(c, a, code, u, err);
    if (e == MC_ERR_NOT_FOUND)
        return mc_failf(err, MC_ERR_INVALID, field, "Không có cơ quan, đơn vị mã %s.", "Unknown unit %s.", code);
    return e;
}

static const char *dmy(arena *a, mc_day d) {
    int y, m, dd;
    day_to_ymd(d, &y, &m, &dd);
    return arena_printf(a, "%02d/%02d/%04d", dd, m, y);
}

static mc_err not_found(mc_error *err) {
    return mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Không có nhiệm vụ này (hoặc nằm ngoài phạm vi của bạn).",
                   "No such task.");
}

static mc_err doc_not_found(mc_error *err) {
    return mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Không có văn bản chỉ đạo này (hoặc nằm ngoài phạm vi của bạn).",
                   "No such document.");
}

/* ---- documents ------------------------------------------------------------------------------------ */

mc_err tasks_doc_create(store *s, arena *a, const tdoc_new *in, const user *by, mc_time now, int64_t *id,
                        mc_error *err) {
    if (by && perm_scope_of(by->roles, ACT_TASK_ASSIGN) == SCOPE_NONE)
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL,
                       "Ban hành văn bản, giao nhiệm vụ dành cho lãnh đạo cơ quan, đơn vị ban hành.",
                       "Only leaders of the issuing body issue documents.");
    int kind = tdoc_kind_parse(in->kind);
    if (kind < 0)
        return mc_fail(err, MC_ERR_INVALID, "kind",
                       "Loại văn bản phải là directive (chỉ thị), resolution (nghị quyết), programme (chương "
                       "trình), plan (kế hoạch), subplan (kế hoạch thực hiện) hoặc other.",
                       "kind: directive, resolution, programme, plan, subplan or other.");
    mc_err e = field_need_text(in->number, "number", "số, ký hiệu văn bản", err);
    mc_day issued = 0;
    if (!e) e = field_need_day(in->issued_on, "issued_on", "Ngày ban hành", &issued, err);
    if (!e) e = field_need_text(in->title, "title", "trích yếu (tên) văn bản", err);
    if (!e) e = field_limit_check("note", "note", in->note, err);
    if (e) return e;
    store_conn *rd = store_reader(s);
    org_unit iss;
    if ((e = unit_of(rd, a, in->issuer ? in->issuer : by ? by->unit_code : NULL, "issuer", &iss, err))) return e;
    if (by && !may(by, ACT_TASK_ASSIGN, iss.path))
        return mc_fail(err, MC_ERR_FORBIDDEN, "issuer", "Cơ quan ban hành nằm ngoài phạm vi của bạn.",
                       "The issuer is outside your scope.");
    if ((kind == TDOC_SUBPLAN) != (in->implements > 0))
        return mc_fail(err, MC_ERR_INVALID, "implements",
                       "Kế hoạch thực hiện (subplan) phải nêu nhiệm vụ cấp trên mà nó triển khai (implements), và "
                       "chỉ kế hoạch thực hiện mới nêu.",
                       "A subplan names the task it implements (implements), and only a subplan.");
    const char *parent_note = "";
    if (in->implements) {
        task_set set;
        if ((e = tasks_load(rd, a, iss.tenant, now, &set, err))) return e;
        task *t = tasks_find(&set, in->implements);
        if (!t || (by && !tasks_may_read(by, t)))
            return mc_failf(err, MC_ERR_INVALID, "implements", "Không có nhiệm vụ số %lld (hoặc nằm ngoài phạm vi).",
                            "No task %lld.", (long long)in->implements);
        if (t->every != TASK_ONCE)
            return mc_fail(err, MC_ERR_INVALID, "implements",
                           "Nhiệm vụ định kỳ được theo dõi theo từng kỳ; lập kế hoạch thực hiện cho một kỳ.",
                           "A recurring task is implemented per occurrence.");
        if (strncmp(iss.path, t->lead.path, strlen(t->lead.path)) != 0)
            return mc_failf(err, MC_ERR_INVALID, "issuer",
                            "Kế hoạch thực hiện nhiệm vụ %s do đơn vị chủ trì (%s) ban hành.",
                            "The lead body of %s (%s) issues its sub-plan.", t->code, t->lead.name);
        parent_note = arena_printf(a, "; triển khai nhiệm vụ %s", t->code);
    }
    store_conn *w = store_begin_tenant(s, iss.tenant, err);
    if (!w) return err->code;
    char day[11];
    day_format(issued, day);
    e = store_insert_id(w, Q_TDOC_INSERT,
                        SV_ARGS(SV_T(iss.tenant), SV_T(tdoc_kind_name((tdoc_kind)kind)), SV_T(in->number), SV_T(day),
                                SV_I(iss.id), SV_T(in->title), in->implements ? SV_I(in->implements) : SV_N,
                                SV_I(in->public_ ? 1 : 0), SV_T(in->note && *in->note ? in->note : NULL),
                                by ? SV_I(by->id) : SV_N, SV_I(now)),
                        id, err);
    if (!e)
        e = journal_record(w, iss.tenant, TASKS_SUBJECT_DOC, *id, by, ACT_TASK_ASSIGN, "doc.issue", NULL, "issued",
                           iss.code,
                           arena_printf(a, "%s số %s ngày %s của %s: %s%s", tdoc_kind_label((tdoc_kind)kind),
                                        in->number, dmy(a, issued), iss.name, in->title, parent_note),
                           now, err);
    return store_finish(w, e, err);
}

/* ---- tasks ---------------------------------------------------------------------------------------- */

static bool code_taken(store_conn *c, const char *tenant, const char *code) {
    int64_t one;
    return store_scalar_int(c, Q_TASK_CODE_EXISTS, SV_ARGS(SV_T(tenant), SV_T(code)), &one, NULL) == MC_OK;
}

mc_err tasks_add(store *s, const calendar *cal, arena *a, int64_t doc_id, const task_new *in, const user *by,
                 mc_time now, int64_t *id, mc_error *err) {
    store_conn *rd = store_reader(s);
    const char *tenant = NULL;
    {
        store_rows *r;
        int k = store_first_in(rd, Q_TDOC_TENANT_IN, SV_ARGS(SV_I(doc_id), SV_T(tasks_tenant_of(rd, a, by))),
                               Q_TDOC_TENANT, SV_ARGS(SV_I(doc_id)), &r, err);
        if (k < 0) return MC_ERR_STORE;
        if (k == 1) tenant = arena_strdup(a, store_text(r, 0));
        store_rows_free(r);
    }
    if (!tenant) return doc_not_found(err);
    task_set set;
    mc_err e = tasks_load(rd, a, tenant, now, &set, err);
    if (e) return e;
    const tdoc *d = tasks_doc_find(&set, doc_id);
    if (!d || (by && !tasks_may_read_doc(by, &set, d))) return doc_not_found(err);
    if (by && !tasks_may_assign(by, d))
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Chỉ cơ quan ban hành văn bản giao thêm nhiệm vụ của văn bản.",
                       "Only the issuing body adds tasks to its document.");
    if ((e = field_need_text(in->title, "title", "tên nhiệm vụ", err))) return e;
    if ((e = field_limit_check("output", "output", in->output, err))) return e;
    if ((e = field_limit_check("note", "note", in->note, err))) return e;
    if ((e = field_limit_check("code", "code", in->code, err))) return e;
    org_unit lead;
    if ((e = unit_of(rd, a, in->lead, "lead", &lead, err))) return e;
    if (strcmp(lead.tenant, tenant) != 0)
        return mc_failf(err, MC_ERR_INVALID, "lead", "Đơn vị %s thuộc tỉnh khác với cơ quan ban hành.",
                        "Unit %s is of another province.", lead.code);
    if (in->ncoop > TASKS_MAX_COOP)
        return mc_failf(err, MC_ERR_TOO_LARGE, "coop", "Một nhiệm vụ có tối đa %d đơn vị phối hợp.",
                        "At most %d cooperating bodies.", TASKS_MAX_COOP);
    org_unit *co = arena_alloc(a, (in->ncoop ? in->ncoop : 1) * sizeof *co);
    for (size_t i = 0; i < in->ncoop; i++) {
        const char *f = arena_printf(a, "coop[%zu]", i);
        if ((e = unit_of(rd, a, in->coop[i], f, &co[i], err))) return e;
        if (strcmp(co[i].tenant, tenant) != 0 || co[i].id == lead.id)
            return mc_failf(err, MC_ERR_INVALID, f, "Đơn vị phối hợp %s phải cùng tỉnh và khác đơn vị chủ trì.",
                            "Cooperating body %s: same province, not the lead.", co[i].code);
        for (size_t j = 0; j < i; j++)
            if (co[j].id == co[i].id)
                return mc_failf(err, MC_ERR_INVALID, f, "Đơn vị phối hợp %s được nêu hai lần.",
                                "Cooperating body %s given twice.", co[i].code);
    }
    /* The parent: a task of this document, or the task a sub-plan implements. */
    int64_t parent = in->parent ? in->parent : d->implements;
    if (in->parent) {
        task *p = tasks_find(&set, in->parent);
        if (!p || p->doc_id != doc_id)
            return mc_failf(err, MC_ERR_INVALID, "parent", "Nhiệm vụ cấp trên số %lld không thuộc văn bản này.",
                            "Parent task %lld is not of this document.", (long long)in->parent);
        if (p->every != TASK_ONCE)
            return mc_fail(err, MC_ERR_INVALID, "parent",
                           "Nhiệm vụ định kỳ chỉ có các kỳ của nó; không thêm nhiệm vụ con.",
                           "A recurring task has only its occurrences as children.");
    }
    mc_day start = day_of(d->issued_on);
    if (in->start_on && (e = field_need_day(in->start_on, "start_on", "Ngày bắt đầu", &start, err))) return e;
    int given = (in->due_on != NULL) + (in->working_days != 0) + (in->every != NULL);
    if (given != 1)
        return mc_fail(err, MC_ERR_INVALID, "due_on",
                       "Vui lòng cho đúng một cách tính hạn: một ngày (due_on), số ngày làm việc kể từ ngày bắt "
                       "đầu (working_days) hoặc định kỳ (every: month, quarter, year).",
                       "Give exactly one of due_on, working_days or every.");
    mc_day due = -1;
    const char *rule;
    task_every every = TASK_ONCE;
    task_period *per = NULL;
    size_t nper = 0;
    if (in->due_on) {
        mc_day asked;
        if ((e = field_need_day(in->due_on, "due_on", "Hạn hoàn thành", &asked, err))) return e;
        if (asked < start)
            return mc_fail(err, MC_ERR_INVALID, "due_on", "Hạn hoàn thành không được trước ngày bắt đầu.",
                           "due_on before start_on.");
        due = tasks_working_day_on_or_after(cal, asked);
        rule = due == asked ? "ngày"
                            : arena_printf(a, "ngày %s là ngày nghỉ: hạn là ngày làm việc tiếp theo", dmy(a, asked));
    } else if (in->working_days) {
        if (in->working_days < 1 || in->working_days > TASKS_MAX_WD)
            return mc_failf(err, MC_ERR_INVALID, "working_days", "Số ngày làm việc phải từ 1 đến %d.",
                            "working_days: 1 to %d.", TASKS_MAX_WD);
        due = tasks_working_days_after(cal, start, in->working_days);
        rule = arena_printf(a, "%d ngày làm việc kể từ ngày %s", in->working_days, dmy(a, start));
    } else {
        int ev = task_every_parse(in->every);
        if (ev < 0)
            return mc_fail(err, MC_ERR_INVALID, "every",
                           "Định kỳ phải là month (hằng tháng), quarter (hằng quý) hoặc year (hằng năm).",
                           "every: month, quarter or year.");
        every = (task_every)ev;
        mc_day until;
        if ((e = field_need_day(in->until, "until", "Ngày kết thúc theo dõi định kỳ", &until, err))) return e;
        if (until < start)
            return mc_fail(err, MC_ERR_INVALID, "until", "Ngày kết thúc theo dõi định kỳ trước ngày bắt đầu.",
                           "until before start_on.");
        int dday = in->due_day ? in->due_day : 20;
        if (dday < 1 || dday > 31)
            return mc_fail(err, MC_ERR_INVALID, "due_day", "Ngày đến hạn trong tháng cuối kỳ phải từ 1 đến 31.",
                           "due_day: 1 to 31.");
        per = arena_alloc(a, (TASKS_MAX_OCCURRENCES + 2) * sizeof *per);
        nper = tasks_periods(cal, every, start, until, dday, per, TASKS_MAX_OCCURRENCES);
        if (nper > TASKS_MAX_OCCURRENCES)
            return mc_failf(err, MC_ERR_INVALID, "until", "Một nhiệm vụ định kỳ có tối đa %d kỳ.",
                            "At most %d occurrences.", TASKS_MAX_OCCURRENCES);
        for (size_t i = 0; i < nper; i++)
            if (per[i].due < 0)
                return mc_fail(err, MC_ERR_INVALID, "until", "Lịch không có ngày làm việc.", "No working day.");
        due = per[nper - 1].due;
        rule = arena_printf(a, "%s, hạn ngày %d tháng cuối kỳ (ngày nghỉ: ngày làm việc tiếp theo)",
                            task_every_label(every), dday);
    }
    if (due < 0) return mc_fail(err, MC_ERR_INVALID, "due_on", "Lịch không có ngày làm việc.", "No working day.");
    int64_t in_doc = 0;
    if ((e = store_scalar_int(rd, Q_TASK_COUNT_DOC, SV_ARGS(SV_I(doc_id), SV_T(tenant)), &in_doc, err))) return e;
    if (in_doc + 1 + (int64_t)nper > TASKS_MAX_PER_DOC)
        return mc_failf(err, MC_ERR_TOO_LARGE, NULL, "Một văn bản có tối đa %d nhiệm vụ (kể cả các kỳ).",
                        "At most %d tasks a document.", TASKS_MAX_PER_DOC);
    const char *code = in->code && *in->code ? in->code : NULL;
    if (code && code_taken(rd, tenant, code))
        return mc_failf(err, MC_ERR_CONFLICT, "code", "Mã nhiệm vụ %s đã được dùng.", "Task code %s is in use.", code);
    for (int64_t k = in_doc + 1; !code; k++) {
        const char *c = arena_printf(a, "%s-%lld", d->number, (long long)k);
        if (!code_taken(rd, tenant, c)) code = c;
    }
    for (size_t i = 0; i < nper; i++)
        if (code_taken(rd, tenant, arena_printf(a, "%s-%s", code, per[i].label)))
            return mc_failf(err, MC_ERR_CONFLICT, "code", "Mã %s-%s đã được dùng.", "Code %s-%s is in use.", code,
                            per[i].label);
    char sd[11], dd[11];
    day_format(start, sd);
    day_format(due, dd);
    mc_time due_at = tasks_due_at(cal, due);
    const char *coops = "";
    for (size_t i = 0; i < in->ncoop; i++) coops = arena_printf(a, "%s%s%s", coops, i ? ", " : "", co[i].name);
    store_conn *w = store_begin_tenant(s, tenant, err);
    if (!w) return err->code;
    e = store_insert_id(w, Q_TASK_INSERT,
                        SV_ARGS(SV_T(tenant), SV_I(doc_id), parent ? SV_I(parent) : SV_N, SV_T(code), SV_T(in->title),
                                SV_T(in->output && *in->output ? in->output : NULL), SV_I(lead.id),
                                SV_T(task_every_name(every)), SV_N, SV_T(sd), SV_T(dd), SV_I(due_at), SV_T(rule),
                                SV_T(in->note && *in->note ? in->note : NULL), by ? SV_I(by->id) : SV_N, SV_I(now)),
                        id, err);
    for (size_t i = 0; !e && i < in->ncoop; i++)
        e = store_exec(w, Q_TASK_UNIT_INSERT, SV_ARGS(SV_T(tenant), SV_I(*id), SV_I(co[i].id)), NULL, err);
    if (!e)
        e = journal_record(w, tenant, TASKS_SUBJECT, *id, by, ACT_TASK_ASSIGN, "task.assign", NULL, "not_started",
                           lead.code,
                           arena_printf(a, "Giao nhiệm vụ %s: %s; chủ trì: %s%s%s; hạn %s (%s)%s", code, in->title,
                                        lead.name, *coops ? "; phối hợp: " : "", coops, dmy(a, due), rule,
                                        nper ? arena_printf(a, "; %zu kỳ", nper) : ""),
                           now, err);
    for (size_t i = 0; !e && i < nper; i++) {
        int64_t oid = 0;
        char f[11], od[11];
        day_format(per[i].first < start ? start : per[i].first, f);
        day_format(per[i].due, od);
        const char *ocode = arena_printf(a, "%s-%s", code, per[i].label);
        e = store_insert_id(w, Q_TASK_INSERT,
                            SV_ARGS(SV_T(tenant), SV_I(doc_id), SV_I(*id), SV_T(ocode),
                                    SV_T(arena_printf(a, "%s (kỳ %s)", in->title, per[i].label)),
                                    SV_T(in->output && *in->output ? in->output : NULL), SV_I(lead.id), SV_N,
                                    SV_T(per[i].label), SV_T(f), SV_T(od), SV_I(tasks_due_at(cal, per[i].due)),
                                    SV_T(arena_printf(a, "kỳ %s", per[i].label)), SV_N, by ? SV_I(by->id) : SV_N,
                                    SV_I(now)),
                            &oid, err);
        for (size_t k = 0; !e && k < in->ncoop; k++)
            e = store_exec(w, Q_TASK_UNIT_INSERT, SV_ARGS(SV_T(tenant), SV_I(oid), SV_I(co[k].id)), NULL, err);
        if (!e)
            e = journal_record(
                w, tenant, TASKS_SUBJECT, oid, by, ACT_TASK_ASSIGN, "task.assign", NULL, "not_started", lead.code,
                arena_printf(a, "Kỳ %s của nhiệm vụ %s; hạn %s", per[i].label, code, dmy(a, per[i].due)), now, err);
    }
    return store_finish(w, e, err);
}

/* ---- progress reports ------------------------------------------------------------------------------ */

mc_err tasks_report(store *s, arena *a, int64_t id, const task_report_in *in, const ds_attachment *files, size_t nfiles,
                    const user *by, mc_time now, mc_error *err) {
    store_conn *rd = store_reader(s);
    const char *tenant = NULL;
    {
        store_rows *r;
        int k = store_first_in(rd, Q_TASK_TENANT_IN, SV_ARGS(SV_I(id), SV_T(tasks_tenant_of(rd, a, by))), Q_TASK_TENANT,
                               SV_ARGS(SV_I(id)), &r, err);
        if (k < 0) return MC_ERR_STORE;
        if (k == 1) tenant = arena_strdup(a, store_text(r, 0));
        store_rows_free(r);
    }
    if (!tenant || !by) return not_found(err);
    task_set set;
    mc_err e = tasks_load(rd, a, tenant, now, &set, err);
    if (e) return e;
    task *t = tasks_find(&set, id);
    if (!t || !tasks_may_read(by, t)) return not_found(err);
    bool progress = in->status >= 0 || in->percent >= 0;
    if (t->eff_status == TASK_DONE)
        return mc_fail(err, MC_ERR_CONFLICT, NULL, "Nhiệm vụ đã hoàn thành: không báo cáo thêm.", "The task is done.");
    if (progress && !tasks_may_report(by, t)) {
        if (t->nchildren && may(by, ACT_TASK_REPORT, t->lead.path))
            return mc_fail(err, MC_ERR_INVALID, in->percent >= 0 ? "percent" : "status",
                           "Tiến độ của nhiệm vụ này được tổng hợp từ các nhiệm vụ con (các kỳ, kế hoạch thực "
                           "hiện): báo cáo tiến độ ở từng nhiệm vụ con.",
                           "This task's progress is rolled up from its children.");
        return mc_fail(err, MC_ERR_FORBIDDEN, in->percent >= 0 ? "percent" : "status",
                       "Chỉ đơn vị chủ trì báo cáo trạng thái, tỷ lệ hoàn thành; đơn vị phối hợp gửi nội dung và "
                       "minh chứng.",
                       "Only the lead body reports status and percent.");
    }
    if (!progress && !tasks_may_comment(by, t))
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL,
                       "Chỉ đơn vị chủ trì, đơn vị phối hợp báo cáo về nhiệm vụ; cơ quan giao nhiệm vụ theo dõi.",
                       "Only the lead and cooperating bodies report on a task.");
    if ((e = field_need_text(in->text, "text", "nội dung báo cáo", err))) return e;
    task_status ns = t->status;
    int np = t->percent;
    if (progress) {
        if (in->percent > 100)
            return mc_fail(err, MC_ERR_INVALID, "percent", "Tỷ lệ hoàn thành là số nguyên từ 0 đến 100.",
                           "percent: 0 to 100.");
        if (in->status == TASK_NOT_STARTED)
            return mc_fail(err, MC_ERR_INVALID, "status",
                           "Trạng thái báo cáo là in_progress (đang thực hiện) hoặc done (hoàn thành).",
                           "status: in_progress or done.");
        if (in->status == TASK_DONE) {
            if (in->percent >= 0 && in->percent != 100)
                return mc_fail(err, MC_ERR_INVALID, "percent", "Nhiệm vụ hoàn thành có tỷ lệ 100%.",
                               "A done task is at 100%.");
            ns = TASK_DONE;
            np = 100;
        } else if (in->status == TASK_IN_PROGRESS) {
            if (in->percent == 100)
                return mc_fail(err, MC_ERR_INVALID, "percent",
                               "Tỷ lệ 100% là hoàn thành: chọn trạng thái hoàn thành, hoặc ghi tỷ lệ dưới 100%.",
                               "100% means done.");
            ns = TASK_IN_PROGRESS;
            if (in->percent >= 0) np = in->percent;
        } else {
            ns = in->percent == 100 ? TASK_DONE : TASK_IN_PROGRESS;
            np = in->percent;
        }
    }
    if (nfiles > TASKS_MAX_FILES)
        return mc_failf(err, MC_ERR_TOO_LARGE, "file", "Mỗi báo cáo kèm tối đa %d tệp minh chứng.",
                        "At most %d evidence files a report.", TASKS_MAX_FILES);
    int64_t count = 0;
    if ((e = store_scalar_int(rd, Q_TASK_REPORT_COUNT, SV_ARGS(SV_I(id), SV_T(tenant)), &count, err))) return e;
    if (count >= TASKS_MAX_REPORTS)
        return mc_failf(err, MC_ERR_TOO_LARGE, NULL, "Một nhiệm vụ có tối đa %d báo cáo.", "At most %d reports a task.",
                        TASKS_MAX_REPORTS);
    bool lead = may(by, ACT_TASK_REPORT, t->lead.path);
    store_conn *w = store_begin_tenant(s, tenant, err);
    if (!w) return err->code;
    int64_t rid = 0;
    e = store_insert_id(w, Q_TASK_REPORT_INSERT,
                        SV_ARGS(SV_T(tenant), SV_I(id), SV_I(by->unit_id), SV_I(lead ? 1 : 0),
                                progress ? SV_T(task_status_name(ns)) : SV_N, progress ? SV_I(np) : SV_N,
                                SV_T(in->text), SV_I(by->id), SV_I(now)),
                        &rid, err);
    if (!e && progress) {
        int64_t changed = 0;
        e = store_exec(w, Q_TASK_PROGRESS,
                       SV_ARGS(SV_T(task_status_name(ns)), SV_I(np), SV_I(now), ns == TASK_DONE ? SV_I(now) : SV_N,
                               SV_T(task_status_name(ns)), SV_I(id), SV_T(tenant)),
                       &changed, err);
        if (!e && changed != 1)
            e = mc_fail(err, MC_ERR_CONFLICT, NULL, "Nhiệm vụ vừa được báo cáo hoàn thành; vui lòng tải lại trang.",
                        "Changed meanwhile.");
    }
    for (size_t x = 0; !e && x < nfiles; x++)
        e = store_exec(w, Q_TASK_EVIDENCE_INSERT,
                       SV_ARGS(SV_T(tenant), SV_I(rid), SV_T(files[x].name), SV_T(files[x].mime), SV_I(files[x].size),
                               SV_T(files[x].sha256), SV_T(files[x].stored), SV_I(now)),
                       NULL, err);
    if (!e) {
        const char *note = progress ? arena_printf(a, "Báo cáo tiến độ: %s, %d%% (%zu tệp minh chứng): %s",
                                                   task_status_label(ns), np, nfiles, in->text)
                                    : arena_printf(a, "Ý kiến của %s (%zu tệp minh chứng): %s",
                                                   lead ? "đơn vị chủ trì" : "đơn vị phối hợp", nfiles, in->text);
        const char *to = progress ? task_status_name(ns) : task_status_name(t->status);
        if (progress && ns == TASK_DONE) to = task_state_name(task_state_of(TASK_DONE, t->due_at, now, now));
        e = journal_record(w, tenant, TASKS_SUBJECT, id, by, ACT_TASK_REPORT, progress ? "task.report" : "task.comment",
                           task_state_name(t->state), to, NULL, note, now, err);
    }
    return store_finish(w, e, err);
}

mc_err tasks_reports(store_conn *c, arena *a, const char *tenant, int64_t id, task_report **out, size_t *n,
                     mc_error *err) {
    *out = NULL;
    *n = 0;
    store_rows *r = store_query(c, Q_TASK_REPORTS, SV_ARGS(SV_I(id), SV_T(tenant)), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 8;
    task_report *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (*n == cap) v = arena_grow(a, v, &cap, sizeof *v);
        int st = store_null(r, 2) ? -1 : task_status_parse(store_text(r, 2));
        v[(*n)++] = (task_report){.id = store_int(r, 0),
                                  .lead = store_int(r, 1) != 0,
                                  .status = st,
                                  .percent = store_null(r, 3) ? -1 : (int)store_int(r, 3),
                                  .text = TXT(r, 4),
                                  .at = store_int(r, 5),
                                  .by_name = TXT(r, 6),
                                  .unit_code = TXT(r, 7),
                                  .unit_name = TXT(r, 8)};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (!(r = store_query(c, Q_TASK_EVIDENCE, SV_ARGS(SV_I(id), SV_T(tenant)), err))) return MC_ERR_STORE;
    while ((k = store_next(r, err)) == 1) {
        task_file f = {.id = store_int(r, 0),
                       .report_id = store_int(r, 1),
                       .name = TXT(r, 2),
                       .mime = TXT(r, 3),
                       .size = store_int(r, 4),
                       .sha256 = TXT(r, 5),
                       .stored = TXT(r, 6)};
        for (size_t i = 0; i < *n; i++) {
            if (v[i].id != f.report_id) continue;
            task_file *nf = arena_alloc(a, (v[i].nfiles + 1) * sizeof *nf);
            if (v[i].nfiles) memcpy(nf, v[i].files, v[i].nfiles * sizeof *nf);
            nf[v[i].nfiles++] = f;
            v[i].files = nf;
        }
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    return MC_OK;
}

/* ---- the deadline job ------------------------------------------------------------------------------- */

mc_err tasks_scan(store *s, const calendar *cal, mc_time now, int *marked, mc_error *err) {
    *marked = 0;
    arena *a = arena_create();
    typedef struct {
        int64_t id;
        const char *tenant, *code, *alert, *lead, *issuer, *issuer_name;
        mc_time due_at;
    } open_task;
    size_t cap = 64, n = 0;
    open_task *v = arena_alloc(a, cap * sizeof *v);
    store_rows *r = store_query(store_reader(s), Q_TASK_OPEN, SV_NONE, err);
    if (!r) {
        arena_free(a);
        return MC_ERR_STORE;
    }
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (n == cap) v = arena_grow(a, v, &cap, sizeof *v);
        v[n++] = (open_task){.id = store_int(r, 0),
                             .tenant = TXT(r, 1),
                             .code = TXT(r, 2),
                             .due_at = store_int(r, 3),
                             .alert = TXT(r, 4),
                             .lead = TXT(r, 5),
                             .issuer = TXT(r, 6),
                             .issuer_name = TXT(r, 7)};
    }
    store_rows_free(r);
    mc_err e = k < 0 ? MC_ERR_STORE : MC_OK;
    for (size_t i = 0; !e && i < n; i++) {
        const open_task *t = &v[i];
        const char *mark = NULL;
        if (now > t->due_at)
            mark = "overdue";
        else if (calendar_elapsed(cal, now, t->due_at) <= (int64_t)TASKS_REMIND_WD * calendar_nominal_day(cal))
            mark = "due_soon";
        if (!mark || (t->alert && !strcmp(t->alert, mark))) continue;
        store_conn *w = store_begin_tenant(s, t->tenant, err);
        if (!w) {
            e = MC_ERR_STORE;
            break;
        }
        int64_t changed = 0;
        e = store_exec(w, Q_TASK_ALERT,
                       SV_ARGS(SV_T(mark), SV_I(now), SV_I(t->id), SV_T(t->alert ? t->alert : ""), SV_T(t->tenant)),
                       &changed, err);
        if (!e && changed == 1) {
            char due[17];
            time_format_vn(t->due_at, due);
            bool over = !strcmp(mark, "overdue");
            e = journal_record(w, t->tenant, TASKS_SUBJECT, t->id, NULL, ACT_TASK_READ,
                               over ? "task.overdue" : "task.remind", NULL, mark, t->issuer,
                               arena_printf(a, "Nhiệm vụ %s %s (hạn %s); báo cơ quan giao nhiệm vụ: %s", t->code,
                                            over ? "quá hạn" : "sắp đến hạn", due, t->issuer_name),
                               now, err);
            if (!e) ++*marked;
        }
        e = store_finish(w, e, err);
    }
    arena_free(a);
    return e;
}

/* ---- figures ------------------------------------------------------------------------------------------ */

mc_err tasks_stats_of(store_conn *c, const char *unit_path, mc_time from, mc_time to, mc_time asof, tasks_stats *out,
                      mc_error *err) {
    memset(out, 0, sizeof *out);
    char like[160], tenant[UNITS_TENANT_MAX];
    snprintf(like, sizeof like, "%s%%", unit_path);
    mc_err e = units_tenant_of_path(c, unit_path, tenant, err);
    if (e) return e;
    store_rows *r = store_query(c, Q_TASK_STATS_ROWS, SV_ARGS(SV_T(like), SV_T(tenant)), err);
    if (!r) return MC_ERR_STORE;
    int k;
    while ((k = store_next(r, err)) == 1) {
        mc_time start = time_from_local(day_of(store_text(r, 0)), 0), due = store_int(r, 1);
        mc_time started = NUM(r, 2), done = NUM(r, 3);
        if (start >= to || (done && done < from)) continue;
        out->total++;
        if (done && done < asof) {
            if (done <= due)
                out->done_on_time++;
            else
                out->done_late++;
        } else if (due < asof) {
            out->overdue++;
        } else if (started && started < asof) {
            out->in_progress++;
        } else {
            out->not_started++;
        }
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}
