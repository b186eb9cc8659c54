/* catalog.c - procedure catalog: validation, versioned import, reads, search. */
#include "catalog.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "perm.h"
#include "text.h"
#include "units.h"
#include "xalloc.h"

static const char *const known_levels[][2] = {
    {"ministry", "Cấp bộ"},
    {"province", "Cấp tỉnh"},
    {"commune", "Cấp xã"},
    {"district", "Cấp huyện (trước 01/07/2025)"},
};
static const char *const online_levels[][2] = {
    {"toan_trinh", "Trực tuyến toàn trình"},
    {"mot_phan", "Trực tuyến một phần"},
    {"none", "Chưa nộp trực tuyến"},
};
static const char *const doc_forms[] = {"original", "copy", "shown"};
static const char *const step_roles[] = {"admin", "receiver", "specialist", "leader"};

#define IN(tab, s)                                                                                                     \
    in_table((const char *const *)(tab), sizeof(tab[0]) / sizeof(char *), sizeof(tab) / sizeof(tab[0]), (s))

/* True if s equals the first column of one row of a string table. */
static bool in_table(const char *const *tab, size_t cols, size_t rows, const char *s) {
    for (size_t i = 0; s && i < rows; i++)
        if (strcmp(tab[i * cols], s) == 0) return true;
    return false;
}

static const char *label_of(const char *const *tab, size_t rows, const char *s) {
    for (size_t i = 0; s && i < rows; i++)
        if (strcmp(tab[i * 2], s) == 0) return tab[i * 2 + 1];
    return NULL;
}

const char *catalog_online_label(const char *level) {
    return label_of(&online_levels[0][0], sizeof online_levels / sizeof online_levels[0], level);
}

const char *catalog_level_label(const char *level) {
    return label_of(&known_levels[0][0], sizeof known_levels / sizeof known_levels[0], level);
}

void catalog_problem_add(catalog_problems *p, const char *section, int index, const char *field, const char *fmt, ...) {
    /* One problem per field of a record: the reader and the validator may both notice it. */
    for (size_t i = 0; i < p->n; i++)
        if (p->v[i].index == index && strcmp(p->v[i].section, section) == 0 && strcmp(p->v[i].field, field) == 0)
            return;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        catalog_problem *v = arena_alloc(p->a, cap * sizeof *v);
        if (p->n) memcpy(v, p->v, p->n * sizeof *v);
        p->v = v;
        p->cap = cap;
    }
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    p->v[p->n++] = (catalog_problem){section, index, arena_strdup(p->a, field), arena_strdup(p->a, reason)};
}

static bool blank(const char *s) {
    if (!s) return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return false;
    return true;
}

/* A unit selector is "kind:<known kind>" or the code of a known unit. */
static bool selector_ok(store_conn *c, arena *a, const char *sel) {
    if (!sel) return false;
    if (strncmp(sel, "kind:", 5) == 0) {
        int64_t one;
        return store_scalar_int(c, Q_UNIT_KIND_EXISTS, SV_ARGS(SV_T(sel + 5)), &one, NULL) == MC_OK;
    }
    org_unit u;
    return units_get(c, a, sel, &u, NULL) == MC_OK;
}

static bool date_ok(const char *s) {
    mc_day d;
    return day_parse(s, &d);
}

/* Total working minutes of a procedure's time. */
static int total_minutes(const calendar *cal, int amount, cal_unit unit) {
    if (unit == CAL_UNIT_HOUR) return amount * 60;
    /* A same-day procedure (0 days) has at most one working day for its steps. */
    return (amount ? amount : 1) * (calendar_nominal_day(cal) / 60);
}

static void validate_procedure(store_conn *c, arena *a, const catalog_batch *b, size_t i, catalog_problems *p) {
    const procedure *pr = &b->procs[i];
    const char *S = "procedures";
    int ix = (int)i;
    if (blank(pr->code) || strlen(pr->code) > 32 || strchr(pr->code, ' '))
        catalog_problem_add(p, S, ix, "code", "Mã thủ tục không được để trống, không chứa dấu cách, tối đa 32 ký tự.");
    else
        for (size_t j = 0; j < i; j++)
            if (b->procs[j].code && strcmp(b->procs[j].code, pr->code) == 0) {
                catalog_problem_add(p, S, ix, "code", "Mã thủ tục %s bị trùng với bản ghi số %zu.", pr->code, j);
                break;
            }
    if (blank(pr->name)) catalog_problem_add(p, S, ix, "name", "Tên thủ tục không được để trống.");
    if (blank(pr->field)) catalog_problem_add(p, S, ix, "field", "Lĩnh vực không được để trống.");
    if (pr->nlevels == 0) catalog_problem_add(p, S, ix, "levels", "Phải có ít nhất một cấp thực hiện.");
    for (size_t j = 0; j < pr->nlevels; j++)
        if (!IN(known_levels, pr->levels[j]))
            catalog_problem_add(p, S, ix, "levels",
                                "Cấp thực hiện không hợp lệ: %s (ministry, province, commune, district).",
                                pr->levels[j] ? pr->levels[j] : "null");
    if (pr->nunits == 0) catalog_problem_add(p, S, ix, "competent_units", "Phải có ít nhất một cơ quan có thẩm quyền.");
    for (size_t j = 0; j < pr->nunits; j++) {
        if (!selector_ok(c, a, pr->units[j]))
            catalog_problem_add(p, S, ix, "competent_units", "Không có đơn vị hoặc loại đơn vị: %s.",
                                pr->units[j] ? pr->units[j] : "null");
        for (size_t k = 0; k < j; k++)
            if (pr->units[k] && pr->units[j] && strcmp(pr->units[k], pr->units[j]) == 0)
                catalog_problem_add(p, S, ix, "competent_units", "Đơn vị %s được nêu hai lần.", pr->units[j]);
    }
    for (size_t j = 0; j < pr->nlevels; j++)
        for (size_t k = 0; k < j; k++)
            if (pr->levels[k] && pr->levels[j] && strcmp(pr->levels[k], pr->levels[j]) == 0)
                catalog_problem_add(p, S, ix, "levels", "Cấp thực hiện %s được nêu hai lần.", pr->levels[j]);
    for (size_t j = 0; j < pr->ndocs; j++) {
        const proc_document *d = &pr->docs[j];
        char f[64];
        snprintf(f, sizeof f, "documents[%zu].name", j);
        if (blank(d->name)) catalog_problem_add(p, S, ix, f, "Tên giấy tờ không được để trống.");
        snprintf(f, sizeof f, "documents[%zu].form", j);
        if (!IN(doc_forms, d->form))
            catalog_problem_add(p, S, ix, f, "Hình thức giấy tờ phải là original, copy hoặc shown.");
        snprintf(f, sizeof f, "documents[%zu].count", j);
        if (IN(doc_forms, d->form) && (d->count < (strcmp(d->form, "shown") == 0 ? 0 : 1) || d->count > 100))
            catalog_problem_add(p, S, ix, f, "Số lượng giấy tờ không hợp lệ: %d.", d->count);
    }
    if (pr->sets < 0 || pr->sets > 100)
        catalog_problem_add(p, S, ix, "sets", "Số bộ hồ sơ phải từ 1 đến 100 (hoặc bỏ trống nếu không quy định).");
    if (pr->time_amount < 0 || pr->time_amount > 3650)
        catalog_problem_add(p, S, ix, "processing_time.amount", "Thời hạn giải quyết phải là số nguyên từ 0 đến 3650.");
    else if (pr->time_amount == 0 && pr->time_unit != CAL_UNIT_DAY)
        catalog_problem_add(p, S, ix, "processing_time.amount",
                            "Thời hạn 0 chỉ dùng với working_day (giải quyết trong ngày làm việc).");
    if (pr->cutoff_sec < -1 || pr->cutoff_sec >= 86400)
        catalog_problem_add(p, S, ix, "cutoff", "Giờ chốt nhận hồ sơ không hợp lệ.");
    for (size_t j = 0; j < pr->nfees; j++) {
        char f[40];
        snprintf(f, sizeof f, "fees[%zu].name", j);
        if (blank(pr->fees[j].name)) catalog_problem_add(p, S, ix, f, "Tên phí, lệ phí không được để trống.");
        snprintf(f, sizeof f, "fees[%zu].amount", j);
        if (pr->fees[j].amount < -1) catalog_problem_add(p, S, ix, f, "Mức phí không được âm.");
    }
    if (!IN(online_levels, pr->online_level))
        catalog_problem_add(p, S, ix, "online_level", "Mức độ trực tuyến phải là toan_trinh, mot_phan hoặc none.");
    if (!pr->effective_from || !date_ok(pr->effective_from))
        catalog_problem_add(p, S, ix, "effective_from", "Ngày hiệu lực phải có dạng YYYY-MM-DD.");
    if (pr->effective_to && !date_ok(pr->effective_to))
        catalog_problem_add(p, S, ix, "effective_to", "Ngày hết hiệu lực phải có dạng YYYY-MM-DD.");
    else if (pr->effective_to && pr->effective_from && strcmp(pr->effective_to, pr->effective_from) < 0)
        catalog_problem_add(p, S, ix, "effective_to", "Ngày hết hiệu lực phải sau ngày hiệu lực.");
}

/* Finds a procedure's time in the batch, else in the store. */
static bool procedure_time(store_conn *c, arena *a, const catalog_batch *b, const char *code, int *amount,
                           cal_unit *unit) {
    for (size_t i = 0; i < b->nprocs; i++)
        if (b->procs[i].code && code && strcmp(b->procs[i].code, code) == 0) {
            *amount = b->procs[i].time_amount;
            *unit = b->procs[i].time_unit;
            return true;
        }
    procedure pr;
    if (code && catalog_get(c, a, code, 0, &pr, NULL) == MC_OK) {
        *amount = pr.time_amount;
        *unit = pr.time_unit;
        return true;
    }
    return false;
}

static void validate_template(store_conn *c, arena *a, const calendar *cal, const catalog_batch *b, size_t i,
                              catalog_problems *p) {
    const proc_template *t = &b->tpls[i];
    const char *S = "templates";
    int ix = (int)i, amount = 0;
    cal_unit unit = CAL_UNIT_DAY;
    bool have = procedure_time(c, a, b, t->procedure, &amount, &unit);
    if (!have)
        catalog_problem_add(p, S, ix, "procedure", "Không có thủ tục mã %s trong tệp hoặc trong danh mục.",
                            t->procedure ? t->procedure : "null");
    if (!selector_ok(c, a, t->unit))
        catalog_problem_add(p, S, ix, "unit", "Không có đơn vị hoặc loại đơn vị: %s.", t->unit ? t->unit : "null");
    for (size_t j = 0; j < i; j++)
        if (t->procedure && t->unit && b->tpls[j].procedure && b->tpls[j].unit &&
            strcmp(b->tpls[j].procedure, t->procedure) == 0 && strcmp(b->tpls[j].unit, t->unit) == 0)
            catalog_problem_add(p, S, ix, "unit", "Quy trình cho thủ tục %s, đơn vị %s bị trùng với bản ghi số %zu.",
                                t->procedure, t->unit, j);
    if (t->nsteps == 0) catalog_problem_add(p, S, ix, "steps", "Quy trình phải có ít nhất một bước.");
    long sum = 0;
    for (size_t j = 0; j < t->nsteps; j++) {
        const proc_step *s = &t->steps[j];
        char f[40];
        snprintf(f, sizeof f, "steps[%zu].name", j);
        if (blank(s->name)) catalog_problem_add(p, S, ix, f, "Tên bước không được để trống.");
        snprintf(f, sizeof f, "steps[%zu].role", j);
        if (!IN(step_roles, s->role))
            catalog_problem_add(p, S, ix, f, "Vai trò của bước phải là receiver, specialist, leader hoặc admin.");
        snprintf(f, sizeof f, "steps[%zu].unit", j);
        if (!s->unit || (strcmp(s->unit, "receiving") && strcmp(s->unit, "competent") && !selector_ok(c, a, s->unit)))
            catalog_problem_add(p, S, ix, f, "Đơn vị của bước phải là receiving, competent hoặc một mã đơn vị.");
        snprintf(f, sizeof f, "steps[%zu].hours", j);
        if (s->minutes <= 0 || s->minutes % 15)
            catalog_problem_add(p, S, ix, f, "Thời gian của bước phải là bội số dương của 0,25 giờ (15 phút).");
        sum += s->minutes;
    }
    if (have && t->nsteps) {
        int total = total_minutes(cal, amount, unit);
        if (sum != total)
            catalog_problem_add(
                p, S, ix, "steps",
                "Tổng thời gian các bước là %ld phút (%.2f giờ), khác tổng thời hạn %d phút (%.2f giờ).", sum,
                sum / 60.0, total, total / 60.0);
    }
}

mc_err catalog_validate(store_conn *c, const calendar *cal, const catalog_batch *b, catalog_problems *p) {
    size_t before = p->n;
    arena *a = arena_create();
    for (size_t i = 0; i < b->nprocs; i++) validate_procedure(c, a, b, i, p);
    for (size_t i = 0; i < b->ntpls; i++) validate_template(c, a, cal, b, i, p);
    arena_free(a);
    return p->n > before ? MC_ERR_INVALID : MC_OK;
}

/* ---- writing --------------------------------------------------------------- */

/* Feeds one string (NULL distinct from "") and its terminator to the hash. */
static void hash_str(crypto_generichash_state *st, const char *s) {
    const char *v = s ? s : "\x01";
    crypto_generichash_update(st, (const unsigned char *)v, strlen(v) + 1);
}

static void hash_int(crypto_generichash_state *st, long long v) {
    char b[32];
    snprintf(b, sizeof b, "%lld", v);
    hash_str(st, b);
}

/* Canonical hash of a procedure's content (what makes a new version). */
static void hash_procedure(const procedure *pr, char out[65]) {
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 32);
    const char *head[] = {pr->code, pr->name, pr->field};
    for (int i = 0; i < 3; i++) hash_str(&st, head[i]);
    for (size_t i = 0; i < pr->nlevels; i++) hash_str(&st, pr->levels[i]);
    hash_str(&st, "|");
    for (size_t i = 0; i < pr->nunits; i++) hash_str(&st, pr->units[i]);
    hash_str(&st, "|");
    for (size_t i = 0; i < pr->ndocs; i++) {
        hash_str(&st, pr->docs[i].name);
        hash_str(&st, pr->docs[i].form);
        hash_int(&st, pr->docs[i].count);
        hash_int(&st, pr->docs[i].mandatory);
        hash_str(&st, pr->docs[i].template_name);
        hash_str(&st, pr->docs[i].group);
    }
    hash_str(&st, "|");
    const long long nums[] = {pr->sets, pr->time_amount, pr->time_unit, pr->cutoff_sec};
    for (int i = 0; i < 4; i++) hash_int(&st, nums[i]);
    for (size_t i = 0; i < pr->nfees; i++) {
        hash_str(&st, pr->fees[i].name);
        hash_int(&st, pr->fees[i].amount);
        hash_str(&st, pr->fees[i].exemptions);
    }
    hash_str(&st, "|");
    hash_str(&st, pr->result);
    for (size_t i = 0; i < pr->nlegal; i++) hash_str(&st, pr->legal[i]);
    hash_str(&st, "|");
    const char *tail[] = {pr->online_level,   pr->publication_decision,
                          pr->effective_from, pr->effective_to,
                          pr->documents_note, pr->fees_note,
                          pr->note,           pr->source};
    for (int i = 0; i < 8; i++) hash_str(&st, tail[i]);
    unsigned char h[32];
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static void hash_template(const proc_template *t, char out[65]) {
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 32);
    for (size_t i = 0; i < t->nsteps; i++) {
        char m[24];
        snprintf(m, sizeof m, "%d", t->steps[i].minutes);
        const char *parts[] = {t->steps[i].name, t->steps[i].role, t->steps[i].unit, m};
        for (int k = 0; k < 4; k++)
            crypto_generichash_update(&st, (const unsigned char *)parts[k], strlen(parts[k]) + 1);
    }
    unsigned char h[32];
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* Folded text for search: " code name field " with spaces at both ends so
 * that LIKE '% word%' matches a word prefix. */
static char *search_text(arena *a, const procedure *pr) {
    char *raw = arena_printf(a, "%s %s %s", pr->code, pr->name, pr->field);
    char *f = text_fold(raw);
    char *out = arena_printf(a, " %s ", f ? f : "");
    free(f);
    return out;
}

static char *fold_in(arena *a, const char *s) {
    char *f = text_fold(s ? s : "");
    char *out = arena_strdup(a, f ? f : "");
    free(f);
    return out;
}

static mc_err write_procedure(store_conn *c, arena *a, const procedure *pr, mc_time now, catalog_report *rep,
                              mc_error *err) {
    char hash[65];
    hash_procedure(pr, hash);
    int version = 1;
    store_rows *r = store_query(c, Q_PROC_CURRENT, SV_ARGS(SV_T(pr->code)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    bool exists = k == 1, same = false;
    if (exists) {
        version = (int)store_int(r, 0) + 1;
        same = strcmp(store_text(r, 1), hash) == 0;
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (same) {
        rep->unchanged++;
        return MC_OK;
    }
    char *levels = arena_strdup(a, ",");
    for (size_t i = 0; i < pr->nlevels; i++) levels = arena_printf(a, "%s%s,", levels, pr->levels[i]);
    int64_t vid;
    mc_err e =
        exists ? MC_OK
               : store_exec(c, Q_PROC_INSERT, SV_ARGS(SV_T(pr->code), SV_I(version), SV_I(now), SV_I(now)), NULL, err);
    if (!e)
        e = store_scalar_int(
            c, Q_PROCV_INSERT,
            SV_ARGS(SV_T(pr->code), SV_I(version), SV_T(pr->name), SV_T(fold_in(a, pr->name)), SV_T(search_text(a, pr)),
                    SV_T(pr->field), SV_T(fold_in(a, pr->field)), SV_T(levels), SV_T(pr->online_level),
                    SV_I(pr->time_amount), SV_T(pr->time_unit == CAL_UNIT_HOUR ? "working_hour" : "working_day"),
                    pr->cutoff_sec >= 0 ? SV_I(pr->cutoff_sec / 60) : SV_N, pr->sets > 0 ? SV_I(pr->sets) : SV_N,
                    SV_T(pr->result), SV_T(pr->publication_decision), SV_T(pr->effective_from), SV_T(pr->effective_to),
                    SV_T(pr->documents_note), SV_T(pr->fees_note), SV_T(pr->note), SV_T(pr->source), SV_T(hash),
                    SV_I(now)),
            &vid, err);
    for (size_t i = 0; !e && i < pr->nunits; i++)
        e = store_exec(c, Q_PROCUNIT_INSERT, SV_ARGS(SV_I(vid), SV_T(pr->units[i])), NULL, err);
    for (size_t i = 0; !e && i < pr->ndocs; i++) {
        const proc_document *d = &pr->docs[i];
        e = store_exec(c, Q_PROCDOC_INSERT,
                       SV_ARGS(SV_I(vid), SV_I(i + 1), SV_T(d->name), SV_T(d->form), SV_I(d->count), SV_I(d->mandatory),
                               SV_T(d->template_name), SV_T(d->group)),
                       NULL, err);
    }
    for (size_t i = 0; !e && i < pr->nfees; i++)
        e = store_exec(c, Q_PROCFEE_INSERT,
                       SV_ARGS(SV_I(vid), SV_I(i + 1), SV_T(pr->fees[i].name),
                               pr->fees[i].amount >= 0 ? SV_I(pr->fees[i].amount) : SV_N, SV_T(pr->fees[i].exemptions)),
                       NULL, err);
    for (size_t i = 0; !e && i < pr->nlegal; i++)
        e = store_exec(c, Q_PROCLEGAL_INSERT, SV_ARGS(SV_I(vid), SV_I(i + 1), SV_T(pr->legal[i])), NULL, err);
    if (!e && exists)
        e = store_exec(c, Q_PROC_SET_CURRENT, SV_ARGS(SV_I(version), SV_I(now), SV_T(pr->code)), NULL, err);
    if (!e) {
        if (exists)
            rep->changed++;
        else
            rep->added++;
    }
    return e;
}

static mc_err write_template(store_conn *c, const calendar *cal, arena *a, const catalog_batch *b,
                             const proc_template *t, mc_time now, catalog_report *rep, mc_error *err) {
    char hash[65];
    hash_template(t, hash);
    store_rows *r = store_query(c, Q_TPL_CURRENT, SV_ARGS(SV_T(t->procedure), SV_T(t->unit)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    int64_t old_id = 0;
    int version = 1;
    bool same = false;
    if (k == 1) {
        old_id = store_int(r, 0);
        version = (int)store_int(r, 1) + 1;
        same = strcmp(store_text(r, 2), hash) == 0;
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (same) {
        rep->tpl_unchanged++;
        return MC_OK;
    }
    int amount = 0;
    cal_unit unit = CAL_UNIT_DAY;
    procedure_time(c, a, b, t->procedure, &amount, &unit);
    mc_err e = old_id ? store_exec(c, Q_TPL_RETIRE, SV_ARGS(SV_I(old_id)), NULL, err) : MC_OK;
    int64_t tid = 0;
    if (!e)
        e = store_scalar_int(c, Q_TPL_INSERT,
                             SV_ARGS(SV_T(t->procedure), SV_T(t->unit), SV_I(version),
                                     SV_I(total_minutes(cal, amount, unit)), SV_T(hash), SV_I(now)),
                             &tid, err);
    for (size_t i = 0; !e && i < t->nsteps; i++)
        e = store_exec(c, Q_TPLSTEP_INSERT,
                       SV_ARGS(SV_I(tid), SV_I(i + 1), SV_T(t->steps[i].name), SV_T(t->steps[i].role),
                               SV_T(t->steps[i].unit), SV_I(t->steps[i].minutes)),
                       NULL, err);
    if (!e) {
        if (old_id)
            rep->tpl_changed++;
        else
            rep->tpl_added++;
    }
    return e;
}

mc_err catalog_import(store *s, const calendar *cal, const catalog_batch *b, catalog_report *rep, catalog_problems *p,
                      mc_error *err) {
    memset(rep, 0, sizeof *rep);
    store_conn *c = store_begin(s, err);
    if (!c) return err ? err->code : MC_ERR_STORE;
    if (catalog_validate(c, cal, b, p) != MC_OK) {
        store_rollback(c);
        return mc_failf(err, MC_ERR_INVALID, NULL, "Tệp danh mục có %zu lỗi; chưa nhập bản ghi nào.",
                        "The catalog file has %zu problems; nothing was imported.", p->n);
    }
    arena *a = arena_create();
    mc_time now = time_now();
    mc_err e = MC_OK;
    for (size_t i = 0; !e && i < b->nprocs; i++) e = write_procedure(c, a, &b->procs[i], now, rep, err);
    for (size_t i = 0; !e && i < b->ntpls; i++) e = write_template(c, cal, a, b, &b->tpls[i], now, rep, err);
    if (!e && (rep->added || rep->changed || rep->tpl_added || rep->tpl_changed))
        e = store_exec(c, Q_COUNTER_BUMP, SV_ARGS(SV_T("catalog")), NULL, err);
    arena_free(a);
    if (e) {
        store_rollback(c);
        return e;
    }
    return store_commit(c, err);
}

/* ---- reading --------------------------------------------------------------- */

/* Reads column 0 of every row of q(version_id) as strings. */
static mc_err read_strings(store_conn *c, arena *a, store_qid q, int64_t vid, const char ***out, size_t *n,
                           mc_error *err) {
    store_rows *r = store_query(c, q, SV_ARGS(SV_I(vid)), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 8, cnt = 0;
    const char **v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        v[cnt++] = arena_strdup(a, store_text(r, 0));
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    *n = cnt;
    return MC_OK;
}

/* Splits ",a,b," into a string array. */
static void split_levels(arena *a, const char *s, const char ***out, size_t *n) {
    size_t cnt = 0, cap = 4;
    const char **v = arena_alloc(a, cap * sizeof *v);
    for (const char *p = s; p && *p;) {
        if (*p == ',') {
            p++;
            continue;
        }
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        v[cnt++] = arena_strndup(a, p, len);
        p += len;
    }
    *out = v;
    *n = cnt;
}

mc_err catalog_generation(store_conn *c, int64_t *gen, mc_error *err) {
    return store_scalar_int(c, Q_PROCV_GENERATION, SV_NONE, gen, err);
}

mc_err catalog_stamp(store_conn *c, const char *code, int *version, int64_t *imported_at, mc_error *err) {
    store_rows *r = store_query(c, Q_PROCV_STAMP, SV_ARGS(SV_T(code)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) {
        *version = (int)store_int(r, 0);
        *imported_at = store_int(r, 1);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    return k == 1 ? MC_OK
                  : mc_failf(err, MC_ERR_NOT_FOUND, "code", "Không tìm thấy thủ tục mã %s.", "Procedure %s not found.",
                             code);
}

mc_err catalog_get(store_conn *c, arena *a, const char *code, int version, procedure *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    store_rows *r = store_query(c, Q_PROCV_GET, SV_ARGS(SV_T(code), version > 0 ? SV_I(version) : SV_N), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    int64_t vid = 0;
    if (k == 1) {
        vid = store_int(r, 0);
        out->code = arena_strdup(a, store_text(r, 1));
        out->version = (int)store_int(r, 2);
        out->name = arena_strdup(a, store_text(r, 3));
        out->field = arena_strdup(a, store_text(r, 4));
        split_levels(a, store_text(r, 5), &out->levels, &out->nlevels);
        out->online_level = arena_strdup(a, store_text(r, 6));
        out->time_amount = (int)store_int(r, 7);
        out->time_unit = strcmp(store_text(r, 8), "working_hour") == 0 ? CAL_UNIT_HOUR : CAL_UNIT_DAY;
        out->cutoff_sec = store_null(r, 9) ? -1 : (int)store_int(r, 9) * 60;
        out->sets = store_null(r, 10) ? 0 : (int)store_int(r, 10);
        out->result = arena_strdup(a, store_text(r, 11));
        out->publication_decision = arena_strdup(a, store_text(r, 12));
        out->effective_from = arena_strdup(a, store_text(r, 13));
        out->effective_to = arena_strdup(a, store_text(r, 14));
        out->documents_note = arena_strdup(a, store_text(r, 15));
        out->fees_note = arena_strdup(a, store_text(r, 16));
        out->note = arena_strdup(a, store_text(r, 17));
        out->source = arena_strdup(a, store_text(r, 18));
        out->imported_at = store_int(r, 19);
        out->current_version = (int)store_int(r, 20);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0)
        return version > 0 ? mc_failf(err, MC_ERR_NOT_FOUND, "version", "Thủ tục mã %s không có phiên bản %d.",
                                      "Procedure %s has no version %d.", code, version)
                           : mc_failf(err, MC_ERR_NOT_FOUND, "code", "Không tìm thấy thủ tục mã %s.",
                                      "Procedure %s not found.", code);
    mc_err e = read_strings(c, a, Q_PROCUNIT_LIST, vid, &out->units, &out->nunits, err);
    if (!e) e = read_strings(c, a, Q_PROCLEGAL_LIST, vid, &out->legal, &out->nlegal, err);
    if (e) return e;
    r = store_query(c, Q_PROCDOC_LIST, SV_ARGS(SV_I(vid)), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 8;
    out->docs = arena_alloc(a, cap * sizeof *out->docs);
    while ((k = store_next(r, err)) == 1) {
        if (out->ndocs == cap) out->docs = arena_grow(a, out->docs, &cap, sizeof *out->docs);
        proc_document *d = &out->docs[out->ndocs++];
        d->name = arena_strdup(a, store_text(r, 1));
        d->form = arena_strdup(a, store_text(r, 2));
        d->count = (int)store_int(r, 3);
        d->mandatory = store_int(r, 4) != 0;
        d->template_name = arena_strdup(a, store_text(r, 5));
        d->group = arena_strdup(a, store_text(r, 6));
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    r = store_query(c, Q_PROCFEE_LIST, SV_ARGS(SV_I(vid)), err);
    if (!r) return MC_ERR_STORE;
    cap = 4;
    out->fees = arena_alloc(a, cap * sizeof *out->fees);
    while ((k = store_next(r, err)) == 1) {
        if (out->nfees == cap) out->fees = arena_grow(a, out->fees, &cap, sizeof *out->fees);
        proc_fee *f = &out->fees[out->nfees++];
        f->name = arena_strdup(a, store_text(r, 1));
        f->amount = store_null(r, 2) ? -1 : store_int(r, 2);
        f->exemptions = arena_strdup(a, store_text(r, 3));
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err catalog_versions(store_conn *c, arena *a, const char *code, int **versions, int64_t **imported, size_t *n,
                        mc_error *err) {
    store_rows *r = store_query(c, Q_PROCV_VERSIONS, SV_ARGS(SV_T(code)), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 64, cnt = 0;
    int *v = arena_alloc(a, cap * sizeof *v);
    int64_t *t = arena_alloc(a, cap * sizeof *t);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (cnt == cap) {
            size_t c2 = cap;
            t = arena_grow(a, t, &c2, sizeof *t);
            v = arena_grow(a, v, &cap, sizeof *v);
        }
        v[cnt] = (int)store_int(r, 0);
        t[cnt++] = store_int(r, 3);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *versions = v;
    *imported = t;
    *n = cnt;
    return MC_OK;
}

mc_err catalog_templates(store_conn *c, arena *a, const char *code, proc_template **out, size_t *n, mc_error *err) {
    store_rows *r = store_query(c, Q_TPL_LIST, SV_ARGS(SV_T(code)), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 16, cnt = 0;
    proc_template *v = arena_alloc(a, cap * sizeof *v);
    int64_t *ids = arena_alloc(a, cap * sizeof *ids);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (cnt == cap) {
            size_t c2 = cap;
            ids = arena_grow(a, ids, &c2, sizeof *ids);
            v = arena_grow(a, v, &cap, sizeof *v);
        }
        ids[cnt] = store_int(r, 0);
        v[cnt].procedure = arena_strdup(a, code);
        v[cnt].unit = arena_strdup(a, store_text(r, 1));
        v[cnt].version = (int)store_int(r, 2);
        v[cnt].total_minutes = (int)store_int(r, 3);
        cnt++;
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    for (size_t i = 0; i < cnt; i++) {
        r = store_query(c, Q_TPLSTEP_LIST, SV_ARGS(SV_I(ids[i])), err);
        if (!r) return MC_ERR_STORE;
        size_t scap = 8;
        v[i].steps = arena_alloc(a, scap * sizeof *v[i].steps);
        while ((k = store_next(r, err)) == 1) {
            if (v[i].nsteps == scap) v[i].steps = arena_grow(a, v[i].steps, &scap, sizeof *v[i].steps);
            proc_step *s = &v[i].steps[v[i].nsteps++];
            s->name = arena_strdup(a, store_text(r, 1));
            s->role = arena_strdup(a, store_text(r, 2));
            s->unit = arena_strdup(a, store_text(r, 3));
            s->minutes = (int)store_int(r, 4);
        }
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
    }
    *out = v;
    *n = cnt;
    return MC_OK;
}

/* ---- search ---------------------------------------------------------------- */

enum { SEARCH_TOKENS = 8 };

typedef struct {
    catalog_hit hit;
    const char *name_folded;
} candidate;

/* True when word w occurs in padded text t (" a b c ") as a word prefix. */
static bool has_word_prefix(const char *t, const char *w) {
    size_t n = strlen(w);
    for (const char *p = strchr(t, ' '); p; p = strchr(p + 1, ' '))
        if (strncmp(p + 1, w, n) == 0) return true;
    return false;
}

static int score_of(const char *name_folded, const char *phrase, const char *code_folded, char **tokens, int ntok,
                    arena *a) {
    int s = 0;
    if (!*phrase) return 0;
    if (strcmp(code_folded, phrase) == 0) s += 1000;
    char *padded = arena_printf(a, " %s ", name_folded);
    char *needle = arena_printf(a, " %s ", phrase);
    if (strcmp(name_folded, phrase) == 0 ||
        (strncmp(name_folded, "thu tuc ", 8) == 0 && strcmp(name_folded + 8, phrase) == 0))
        s += 300;
    if (strstr(padded, needle))
        s += 100;
    else if (strstr(padded, needle + 0) || strstr(name_folded, phrase))
        s += 50;
    for (int i = 0; i < ntok; i++)
        if (has_word_prefix(padded, tokens[i])) s += 10;
    return s;
}

static int cmp_candidates(const void *x, const void *y) {
    const candidate *a = x, *b = y;
    if (a->hit.score != b->hit.score) return b->hit.score - a->hit.score;
    size_t la = strlen(a->name_folded), lb = strlen(b->name_folded);
    if (la != lb && a->hit.score > 0) return la < lb ? -1 : 1;
    int c = strcmp(a->name_folded, b->name_folded);
    return c ? c : strcmp(a->hit.code, b->hit.code);
}

mc_err catalog_search(store_conn *c, arena *a, const catalog_query *q, catalog_hit **hits, size_t *n, size_t *total,
                      mc_error *err) {
    int page = q->page ? q->page : 1, per = q->per_page ? q->per_page : 20;
    if (page < 1 || page > 100000)
        return mc_fail(err, MC_ERR_INVALID, "page", "Số trang phải là số nguyên dương.", "page must be >= 1.");
    if (per < 1 || per > 100)
        return mc_fail(err, MC_ERR_INVALID, "per_page", "Số kết quả mỗi trang phải từ 1 đến 100.",
                       "per_page must be 1..100.");
    if (q->q && strlen(q->q) > 200)
        return mc_fail(err, MC_ERR_INVALID, "q", "Từ khóa tìm kiếm quá dài (tối đa 200 ký tự).", "q too long.");
    if (q->level && *q->level && !IN(known_levels, q->level))
        return mc_fail(err, MC_ERR_INVALID, "level", "Cấp thực hiện phải là province, commune, ministry hoặc district.",
                       "Unknown level.");
    if (q->online && *q->online && !IN(online_levels, q->online))
        return mc_fail(err, MC_ERR_INVALID, "online", "Mức độ trực tuyến phải là toan_trinh, mot_phan hoặc none.",
                       "Unknown online level.");
    char *phrase = fold_in(a, q->q);
    char *tokens[SEARCH_TOKENS * 4];
    int ntok = 0;
    char *work = arena_strdup(a, phrase);
    for (char *save = NULL, *t = strtok_r(work, " ", &save); t && ntok < SEARCH_TOKENS * 4;
         t = strtok_r(NULL, " ", &save))
        tokens[ntok++] = t;
    store_val args[SEARCH_TOKENS + 9];
    for (int i = 0; i < SEARCH_TOKENS; i++)
        args[i] = i < ntok ? SV_T(arena_printf(a, "%% %s%%", tokens[i])) : SV_T("%");
    const char *field = q->field && *q->field ? fold_in(a, q->field) : NULL;
    const char *level = q->level && *q->level ? arena_printf(a, "%%,%s,%%", q->level) : NULL;
    const char *online = q->online && *q->online ? q->online : NULL;
    const char *ucode = NULL, *ukind = NULL;
    if (q->unit && *q->unit) {
        org_unit u;
        if (units_get(c, a, q->unit, &u, NULL) != MC_OK)
            return mc_failf(err, MC_ERR_INVALID, "unit", "Không có đơn vị mã %s.", "Unknown unit %s.", q->unit);
        ucode = u.code;
        ukind = arena_printf(a, "kind:%s", u.kind);
    }
    int k = SEARCH_TOKENS;
    args[k++] = SV_T(field);
    args[k++] = SV_T(field);
    args[k++] = SV_T(level);
    args[k++] = SV_T(level);
    args[k++] = SV_T(online);
    args[k++] = SV_T(online);
    args[k++] = SV_T(ucode);
    args[k++] = SV_T(ucode);
    args[k++] = SV_T(ukind);
    store_rows *r = store_query(c, Q_PROC_SEARCH, args, k, err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 64, cnt = 0;
    candidate *v = arena_alloc(a, cap * sizeof *v);
    int rc;
    while ((rc = store_next(r, err)) == 1) {
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        candidate *cd = &v[cnt];
        const char *nf = store_text(r, 2);
        /* Tokens beyond the SQL slots are checked here, against the name. */
        bool ok = true;
        char *padded = arena_printf(a, " %s ", nf);
        for (int i = SEARCH_TOKENS; i < ntok && ok; i++) ok = has_word_prefix(padded, tokens[i]);
        if (!ok) continue;
        cd->hit.code = arena_strdup(a, store_text(r, 0));
        cd->hit.name = arena_strdup(a, store_text(r, 1));
        cd->name_folded = arena_strdup(a, nf);
        cd->hit.field = arena_strdup(a, store_text(r, 3));
        cd->hit.levels = arena_strdup(a, store_text(r, 4));
        cd->hit.online_level = arena_strdup(a, store_text(r, 5));
        cd->hit.time_amount = (int)store_int(r, 6);
        cd->hit.time_unit = arena_strdup(a, store_text(r, 7));
        cd->hit.version = (int)store_int(r, 8);
        cd->hit.score = score_of(cd->name_folded, phrase, fold_in(a, cd->hit.code), tokens, ntok, a);
        cnt++;
    }
    store_rows_free(r);
    if (rc < 0) return MC_ERR_STORE;
    qsort(v, cnt, sizeof *v, cmp_candidates);
    *total = cnt;
    size_t from = (size_t)(page - 1) * (size_t)per;
    size_t m = from < cnt ? (cnt - from < (size_t)per ? cnt - from : (size_t)per) : 0;
    catalog_hit *out = arena_alloc(a, (m ? m : 1) * sizeof *out);
    for (size_t i = 0; i < m; i++) out[i] = v[from + i].hit;
    *hits = out;
    *n = m;
    return MC_OK;
}

mc_err catalog_fields(store_conn *c, arena *a, const char ***names, int64_t **counts, size_t *n, mc_error *err) {
    store_rows *r = store_query(c, Q_PROC_FIELDS, SV_NONE, err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 128, cnt = 0;
    const char **nv = arena_alloc(a, cap * sizeof *nv);
    int64_t *cv = arena_alloc(a, cap * sizeof *cv);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (cnt == cap) {
            size_t c2 = cap;
            cv = arena_grow(a, cv, &c2, sizeof *cv);
            nv = arena_grow(a, nv, &cap, sizeof *nv);
        }
        nv[cnt] = arena_strdup(a, store_text(r, 0));
        cv[cnt++] = store_int(r, 1);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *names = nv;
    *counts = cv;
    *n = cnt;
    return MC_OK;
}

mc_err catalog_count(store_conn *c, int64_t *n, mc_error *err) {
    return store_scalar_int(c, Q_PROC_COUNT, SV_NONE, n, err);
}

mc_err catalog_refold(store *s, int64_t *refolded, mc_error *err) {
    *refolded = 0;
    char want[16];
    snprintf(want, sizeof want, "%d", TEXT_FOLD_VERSION);
    store_rows *r = store_query(store_reader(s), Q_META_GET, SV_ARGS(SV_T("text_fold_version")), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    bool current = k == 1 && store_text(r, 0) && !strcmp(store_text(r, 0), want);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (current) return MC_OK;
    store_conn *w = store_begin(s, err);
    if (!w) return MC_ERR_STORE;
    arena *a = arena_create();
    mc_err e = MC_OK;
    /* Read every version first (one cursor per query), then write. */
    typedef struct {
        int64_t id;
        procedure p;
    } row;
    size_t n = 0, cap = 64;
    row *v = xmalloc(cap * sizeof *v);
    r = store_query(w, Q_PROCV_FOLD_ALL, SV_NONE, err);
    if (!r) e = MC_ERR_STORE;
    while (!e && (k = store_next(r, err)) == 1) {
        if (n == cap) v = xrealloc(v, (cap *= 2) * sizeof *v);
        memset(&v[n], 0, sizeof v[n]);
        v[n].id = store_int(r, 0);
        v[n].p.code = arena_strdup(a, store_text(r, 1));
        v[n].p.name = arena_strdup(a, store_text(r, 2));
        v[n].p.field = arena_strdup(a, store_text(r, 3) ? store_text(r, 3) : "");
        n++;
    }
    if (!e && k < 0) e = MC_ERR_STORE;
    store_rows_free(r);
    for (size_t i = 0; !e && i < n; i++)
        e = store_exec(w, Q_PROCV_REFOLD,
                       SV_ARGS(SV_T(fold_in(a, v[i].p.name)), SV_T(search_text(a, &v[i].p)),
                               SV_T(fold_in(a, v[i].p.field)), SV_I(v[i].id)),
                       NULL, err);
    if (!e) e = store_exec(w, Q_META_SET, SV_ARGS(SV_T("text_fold_version"), SV_T(want)), NULL, err);
    free(v);
    arena_free(a);
    if (!(e = store_finish(w, e, err))) *refolded = (int64_t)n;
    return e;
}
