/* legal_docs.c - the register of legal normative documents: documents, changes of validity and relations,
 * the procedures they flag, reviews, statistics and the five-yearly systematisation (legal_docs.h). */
#include "legal_docs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "field_limits.h"
#include "journal.h"
#include "legal_number.h"
#include "perm.h"
#include "text.h"

/* ---- tables ------------------------------------------------------------------------------------ */

static const char *const status_names[LD_STATUS_COUNT] = {"not_yet",       "in_force",       "expired_part",
                                                          "expired_whole", "suspended_part", "suspended_whole"};
static const char *const status_labels[LD_STATUS_COUNT] = {"Chưa có hiệu lực",        "Còn hiệu lực",
                                                           "Hết hiệu lực một phần",   "Hết hiệu lực toàn bộ",
                                                           "Ngưng hiệu lực một phần", "Ngưng hiệu lực toàn bộ"};

const char *ld_status_name(ld_status s) {
    return s <= LD_SUSPENDED_WHOLE ? status_names[s] : "?";
}

const char *ld_status_label(ld_status s) {
    return s <= LD_SUSPENDED_WHOLE ? status_labels[s] : "?";
}

int ld_status_parse(const char *s) {
    for (int i = 0; s && i < LD_STATUS_COUNT; i++)
        if (!strcmp(s, status_names[i])) return i;
    return -1;
}

bool ld_status_in_force(ld_status s) {
    return s == LD_IN_FORCE || s == LD_EXPIRED_PART || s == LD_SUSPENDED_PART;
}

/* The kinds of Art. 4 of Law 64/2025 that a province's procedures cite or that it issues itself
 * (measurement.md §8). The commune kinds after 01/07/2025 are not verified (measurement.md §10 item 6):
 * they are the resolution of the council and the decision of the committee, as before. */
static const ld_type types[] = {
    {"luat", "Luật, Bộ luật của Quốc hội", NULL, "national"},
    {"nq_qh", "Nghị quyết của Quốc hội", NULL, "national"},
    {"nd_cp", "Nghị định của Chính phủ", NULL, "national"},
    {"nq_cp", "Nghị quyết của Chính phủ", NULL, "national"},
    {"qd_ttg", "Quyết định của Thủ tướng Chính phủ", NULL, "national"},
    {"tt", "Thông tư của Bộ trưởng, Thủ trưởng cơ quan ngang bộ", NULL, "national"},
    {"ttlt", "Thông tư liên tịch", NULL, "national"},
    {"tw_khac", "Văn bản quy phạm pháp luật khác của trung ương", NULL, "national"},
    {"nq_hdnd_tinh", "Nghị quyết của Hội đồng nhân dân tỉnh", "Hội đồng nhân dân", "province"},
    {"qd_ubnd_tinh", "Quyết định của Ủy ban nhân dân tỉnh", "Ủy ban nhân dân", "province"},
    {"nq_hdnd_xa", "Nghị quyết của Hội đồng nhân dân cấp xã", "Hội đồng nhân dân", "commune"},
    {"qd_ubnd_xa", "Quyết định của Ủy ban nhân dân cấp xã", "Ủy ban nhân dân", "commune"},
};

const ld_type *ld_types(size_t *n) {
    *n = sizeof types / sizeof types[0];
    return types;
}

const ld_type *ld_type_find(const char *code) {
    for (size_t i = 0; code && i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(types[i].code, code)) return &types[i];
    return NULL;
}

/* measurement.md §8: the results of a review; the bases of one. */
static const ld_choice results[] = {
    {"fit", "Còn phù hợp"},   {"amend", "Cần sửa đổi, bổ sung"},    {"replace", "Cần thay thế"},
    {"repeal", "Cần bãi bỏ"}, {"suspend", "Cần đình chỉ thi hành"}, {"new", "Cần ban hành mới"},
};
static const ld_choice bases[] = {
    {"plan", "Theo kế hoạch"},
    {"direction", "Theo chỉ đạo"},
    {"superior", "Theo yêu cầu của cấp trên"},
    {"programme", "Theo chương trình"},
    {"other", "Khác (văn bản mới ban hành, tình hình thực tế)"},
};

const ld_choice *ld_results(size_t *n) {
    *n = sizeof results / sizeof results[0];
    return results;
}

bool ld_result_acts(const char *code) {
    return code && strcmp(code, "fit") != 0 && ld_choice_label(results, sizeof results / sizeof results[0], code);
}

const ld_choice *ld_bases(size_t *n) {
    *n = sizeof bases / sizeof bases[0];
    return bases;
}

const char *ld_choice_label(const ld_choice *t, size_t n, const char *code) {
    for (size_t i = 0; code && i < n; i++)
        if (!strcmp(t[i].code, code)) return t[i].label;
    return NULL;
}

static const ld_relation relations[] = {
    {"amends", "sửa đổi, bổ sung", "được sửa đổi, bổ sung bởi"},
    {"replaces", "thay thế", "được thay thế bởi"},
    {"repeals", "bãi bỏ", "bị bãi bỏ bởi"},
    {"suspends", "ngưng hiệu lực", "bị ngưng hiệu lực bởi"},
    {"details", "quy định chi tiết", "được quy định chi tiết bởi"},
    {"consolidates", "hợp nhất", "được hợp nhất bởi"},
};

const ld_relation *ld_relations(size_t *n) {
    *n = sizeof relations / sizeof relations[0];
    return relations;
}

const ld_relation *ld_relation_find(const char *code) {
    for (size_t i = 0; code && i < sizeof relations / sizeof relations[0]; i++)
        if (!strcmp(relations[i].code, code)) return &relations[i];
    return NULL;
}

/* What each action does: a table, as the law's are. */
static const ld_action actions[] = {
    {"expire", "Hết hiệu lực", "repeals", false, LD_EXPIRED_WHOLE, LD_EXPIRED_PART, true},
    {"replace", "Bị thay thế", "replaces", true, LD_EXPIRED_WHOLE, LD_EXPIRED_PART, true},
    {"amend", "Được sửa đổi, bổ sung", "amends", true, -1, -1, true},
    {"suspend", "Ngưng hiệu lực", "suspends", false, LD_SUSPENDED_WHOLE, LD_SUSPENDED_PART, true},
    {"resume", "Tiếp tục có hiệu lực", NULL, false, LD_IN_FORCE, LD_IN_FORCE, true},
    {"relate", "Quan hệ khác (quy định chi tiết, hợp nhất)", NULL, true, -1, -1, false},
};

const ld_action *ld_actions(size_t *n) {
    *n = sizeof actions / sizeof actions[0];
    return actions;
}

const ld_action *ld_action_find(const char *code) {
    for (size_t i = 0; code && i < sizeof actions / sizeof actions[0]; i++)
        if (!strcmp(actions[i].code, code)) return &actions[i];
    return NULL;
}

ld_status ld_status_at(mc_day effective, mc_day expires, const ld_step *steps, size_t n, mc_day d) {
    if (effective && d < effective) return LD_NOT_YET;
    ld_status s = LD_IN_FORCE;
    /* In the order they take effect, ties in the order recorded. */
    size_t done = 0;
    mc_day cur = 0;
    bool first = true;
    while (done < n) {
        mc_day next = 0;
        bool found = false;
        for (size_t i = 0; i < n; i++) {
            mc_day e = steps[i].effective;
            if ((first || e > cur) && (!found || e < next)) {
                next = e;
                found = true;
            }
        }
        if (!found || next > d) break;
        for (size_t i = 0; i < n; i++) {
            if (steps[i].effective != next) continue;
            done++;
            if (steps[i].to_status < 0) continue;
            if (s == LD_EXPIRED_WHOLE) continue; /* final */
            s = (ld_status)steps[i].to_status;
        }
        cur = next;
        first = false;
    }
    if (expires && d >= expires) s = LD_EXPIRED_WHOLE;
    return s;
}

bool ld_cycle_valid(int y) {
    return y >= 2019 && y <= 2099 && (y - 2019) % 5 == 0;
}

/* ---- small helpers ------------------------------------------------------------------------------ */

#define TXT(r, i) (store_null(r, i) ? NULL : arena_strdup(a, store_text(r, i)))

static bool may(const user *by, perm_action act, const char *path) {
    return by && perm_allows(by->roles, by->unit_path, act, path);
}

static mc_err not_found(mc_error *err) {
    return mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Không có văn bản này trong sổ theo dõi văn bản quy phạm pháp luật.",
                   "No such legal document.");
}

/* An optional day: *out 0 when absent. */
static mc_err opt_day(const char *v, const char *field, const char *vi, mc_day *out, mc_error *err) {
    *out = 0;
    if (!v || !*v) return MC_OK;
    if (!day_parse(v, out) || *out == 0)
        return mc_failf(err, MC_ERR_INVALID, field, "%s phải là một ngày có dạng YYYY-MM-DD.%.0s",
                        "%.0s%s: YYYY-MM-DD.", vi, field);
    int y, m, d;
    day_to_ymd(*out, &y, &m, &d);
    if (y < 1945 || y > 2100)
        return mc_failf(err, MC_ERR_INVALID, field, "%s phải trong khoảng 1945 – 2100.%.0s", "%.0s%s: 1945 to 2100.",
                        vi, field);
    return MC_OK;
}

static mc_err need_day(const char *v, const char *field, const char *vi, mc_day *out, mc_error *err) {
    if (!v || !*v)
        return mc_failf(err, MC_ERR_INVALID, field, "Vui lòng nhập %s.%.0s", "%.0s%s is required.", vi, field);
    return opt_day(v, field, vi, out, err);
}

static const char *day_text(arena *a, mc_day d) {
    if (!d) return NULL;
    char b[11];
    day_format(d, b);
    return arena_strdup(a, b);
}

/* "2026-07-01" → "01/07/2026" (for journal notes and reasons). */
static const char *dmy(arena *a, const char *iso) {
    mc_day d;
    if (!iso || !day_parse(iso, &d)) return iso ? iso : "";
    int y, m, dd;
    day_to_ymd(d, &y, &m, &dd);
    return arena_printf(a, "%02d/%02d/%04d", dd, m, y);
}

static mc_day day_of(const char *iso) {
    mc_day d = 0;
    if (iso) day_parse(iso, &d);
    return d;
}

/* A unit by code, for `field`: 400 when unknown. */
static mc_err unit_of(store_conn *c, arena *a, const char *code, const char *field, org_unit *u, mc_error *err) {
    mc_err e = units_get(c, a, code, u, err);
    if (e == MC_ERR_NOT_FOUND)
        return mc_failf(err, MC_ERR_INVALID, field, "Không có đơn vị mã %s.", "Unknown unit %s.", code, code);
    return e;
}

/* ---- reading ------------------------------------------------------------------------------------ */

static void doc_read(store_rows *r, arena *a, legal_doc *d) {
    *d = (legal_doc){.id = store_int(r, 0),
                     .tenant = TXT(r, 1),
                     .number = TXT(r, 2),
                     .number_key = TXT(r, 3),
                     .doc_type = TXT(r, 4),
                     .issuer_unit_id = store_null(r, 5) ? 0 : store_int(r, 5),
                     .issuer_code = TXT(r, 6),
                     .issuer_unit_name = TXT(r, 7),
                     .issuer_path = TXT(r, 8),
                     .issuer_name = TXT(r, 9),
                     .signer = TXT(r, 10),
                     .summary = TXT(r, 11),
                     .field = TXT(r, 12),
                     .issued_on = TXT(r, 13),
                     .effective_on = TXT(r, 14),
                     .expires_on = TXT(r, 15),
                     .note = TXT(r, 16),
                     .file_name = TXT(r, 17),
                     .file_mime = TXT(r, 18),
                     .file_size = store_null(r, 19) ? 0 : store_int(r, 19),
                     .file_sha256 = TXT(r, 20),
                     .file_stored = TXT(r, 21),
                     .created_at = store_int(r, 22),
                     .updated_at = store_int(r, 23)};
}

static void change_read(store_rows *r, arena *a, ld_change *c) {
    *c = (ld_change){.id = store_int(r, 0),
                     .doc_id = store_int(r, 1),
                     .action = TXT(r, 2),
                     .relation = TXT(r, 3),
                     .by_doc_id = store_null(r, 4) ? 0 : store_int(r, 4),
                     .scope = TXT(r, 5),
                     .part = TXT(r, 6),
                     .effective_on = TXT(r, 7),
                     .to_status = TXT(r, 8),
                     .reason = TXT(r, 9),
                     .created_at = store_int(r, 10),
                     .created_by_name = TXT(r, 11),
                     .doc_number = TXT(r, 12),
                     .by_number = TXT(r, 13),
                     .doc_summary = TXT(r, 14),
                     .by_summary = TXT(r, 15)};
}

static void review_read(store_rows *r, arena *a, ld_review *v) {
    *v = (ld_review){.id = store_int(r, 0),
                     .doc_id = store_int(r, 1),
                     .kind = TXT(r, 2),
                     .unit_code = TXT(r, 3),
                     .unit_name = TXT(r, 4),
                     .unit_path = TXT(r, 5),
                     .basis = TXT(r, 6),
                     .basis_note = TXT(r, 7),
                     .started_on = TXT(r, 8),
                     .done_on = TXT(r, 9),
                     .result = TXT(r, 10),
                     .findings = TXT(r, 11),
                     .proposal = TXT(r, 12),
                     .handler_code = TXT(r, 13),
                     .handler_name = TXT(r, 14),
                     .deadline = TXT(r, 15),
                     .created_at = store_int(r, 16),
                     .created_by_name = TXT(r, 17),
                     .doc_number = TXT(r, 18)};
}

static void flag_read(store_rows *r, arena *a, ld_flag *f) {
    *f = (ld_flag){.id = store_int(r, 0),
                   .procedure_code = TXT(r, 1),
                   .procedure_name = TXT(r, 2),
                   .doc_id = store_int(r, 3),
                   .doc_number = TXT(r, 4),
                   .change_id = store_int(r, 5),
                   .cited = TXT(r, 6),
                   .reason = TXT(r, 7),
                   .flagged_at = store_int(r, 8),
                   .cleared_at = store_null(r, 9) ? 0 : store_int(r, 9),
                   .cleared_by_name = TXT(r, 10),
                   .clear_note = TXT(r, 11),
                   .tenant = TXT(r, 12)};
}

/* Rows of a query into an arena array of elem-sized records filled by `read`. */
typedef void (*row_reader)(store_rows *r, arena *a, void *out);

static mc_err rows_of(store_conn *c, arena *a, store_qid q, const store_val *args, int nargs, size_t elem,
                      row_reader read, void **out, size_t *n, mc_error *err) {
    *out = NULL;
    *n = 0;
    store_rows *r = store_query(c, q, args, nargs, err);
    if (!r) return err->code ? err->code : MC_ERR_STORE;
    size_t cap = 8;
    char *v = arena_alloc(a, cap * elem);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (*n == cap) v = arena_grow(a, v, &cap, elem);
        read(r, a, v + (*n)++ * elem);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    return MC_OK;
}

static void read_doc_v(store_rows *r, arena *a, void *o) {
    doc_read(r, a, o);
}
static void read_change_v(store_rows *r, arena *a, void *o) {
    change_read(r, a, o);
}
static void read_review_v(store_rows *r, arena *a, void *o) {
    review_read(r, a, o);
}
static void read_flag_v(store_rows *r, arena *a, void *o) {
    flag_read(r, a, o);
}

/* The status of d on day `day` from its dates and changes. */
static ld_status status_of(arena *a, const legal_doc *d, mc_day day) {
    ld_step *st = arena_alloc(a, (d->nchanges ? d->nchanges : 1) * sizeof *st);
    for (size_t i = 0; i < d->nchanges; i++)
        st[i] = (ld_step){day_of(d->changes[i].effective_on), ld_status_parse(d->changes[i].to_status)};
    return ld_status_at(day_of(d->effective_on), day_of(d->expires_on), st, d->nchanges, day);
}

/* One document with its changes (no details), asked first in province `tenant` (the caller's; NULL: in
 * every province). */
static mc_err load_doc(store_conn *c, arena *a, int64_t id, const char *tenant, mc_day day, legal_doc *d,
                       mc_error *err) {
    store_rows *r;
    int k = store_first_in(c, Q_LD_GET_IN, SV_ARGS(SV_I(id), SV_T(tenant)), Q_LD_GET, SV_ARGS(SV_I(id)), &r, err);
    if (k == 1) doc_read(r, a, d);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0) return not_found(err);
    void *v;
    mc_err e =
        rows_of(c, a, Q_LD_CHANGES_OF, SV_ARGS(SV_I(id), SV_T(d->tenant)), sizeof(ld_change), read_change_v, &v, &d->nchanges, err);
    if (e) return e;
    d->changes = v;
    d->status = status_of(a, d, day);
    return MC_OK;
}

/* The procedures whose current version cites the document of key `key` (year `year`), one line each. */
static mc_err citing_of(store_conn *c, arena *a, const char *key, int year, ld_citing **out, size_t *n, mc_error *err) {
    *out = NULL;
    *n = 0;
    store_rows *r = store_query(c, Q_LD_CITING, SV_ARGS(SV_T(arena_printf(a, "%%%04d%%", year))), err);
    if (!r) return err->code;
    size_t cap = 8;
    ld_citing *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        char disp[LEGAL_NUMBER_MAX], kk[LEGAL_NUMBER_MAX];
        const char *code = store_text(r, 0), *text = store_text(r, 2);
        if (!legal_number_find(text, disp, kk, NULL, NULL) || strcmp(kk, key) != 0) continue;
        if (*n && !strcmp(v[*n - 1].code, code)) continue; /* ordered by code: one line a procedure */
        if (*n == cap) v = arena_grow(a, v, &cap, sizeof *v);
        v[(*n)++] = (ld_citing){arena_strdup(a, code), arena_strdup(a, store_text(r, 1)), arena_strdup(a, text)};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    return MC_OK;
}

static int year_of_key(const char *key) {
    const char *p = strchr(key, '/');
    return p ? atoi(p + 1) : 0;
}

/* ---- who may ------------------------------------------------------------------------------------ */

mc_err legal_docs_keepers(store_conn *c, arena *a, const char *tenant, org_unit **out, size_t *n, mc_error *err) {
    *out = NULL;
    *n = 0;
    store_rows *r = store_query(c, Q_LD_KEEPERS, SV_ARGS(SV_T(tenant ? tenant : "")), err);
    if (!r) return err->code;
    org_unit *v = arena_alloc(a, (LD_MAX_KEEPERS + 1) * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1)
        if (*n <= LD_MAX_KEEPERS)
            v[(*n)++] = (org_unit){
                .id = store_int(r, 0), .code = TXT(r, 1), .name = TXT(r, 2), .path = TXT(r, 3), .tenant = tenant};
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    return MC_OK;
}

/* Whether by reaches, for `act`, a unit that keeps the register of `tenant`. */
static bool keeper(store_conn *c, arena *a, const user *by, perm_action act, const char *tenant) {
    org_unit *k;
    size_t n;
    mc_error e2;
    if (!by || !tenant || legal_docs_keepers(c, a, tenant, &k, &n, &e2)) return false;
    for (size_t i = 0; i < n; i++)
        if (may(by, act, k[i].path)) return true;
    return false;
}

static bool may_manage_at(store_conn *c, arena *a, const user *by, const char *tenant, const char *issuer_path) {
    if (!by) return false;
    if (may(by, ACT_LEGAL_DOC_MANAGE, issuer_path)) return true;
    return keeper(c, a, by, ACT_LEGAL_DOC_MANAGE, tenant);
}

bool legal_docs_may_manage(store_conn *c, arena *a, const user *by, const legal_doc *d) {
    return may_manage_at(c, a, by, d->tenant, d->issuer_path);
}

const char *legal_docs_tenant_of(store_conn *c, arena *a, const user *by) {
    org_unit u;
    mc_error e2;
    if (!by || !by->unit_code || units_get(c, a, by->unit_code, &u, &e2)) return NULL;
    return u.tenant;
}

static mc_err forbidden(mc_error *err) {
    return mc_fail(err, MC_ERR_FORBIDDEN, NULL,
                   "Sổ văn bản quy phạm pháp luật do cơ quan ban hành văn bản và Sở Tư pháp (đơn vị giữ sổ của tỉnh) "
                   "cập nhật; văn bản này nằm ngoài phạm vi của bạn.",
                   "Only the issuing unit and the units that keep the register record this document.");
}

/* ---- documents ---------------------------------------------------------------------------------- */

/* "Tỉnh Cao Bằng" → "tỉnh Cao Bằng": the unit's name after the organ ("Ủy ban nhân dân tỉnh Cao Bằng"). */
static const char *lower_level(arena *a, const char *name) {
    static const struct {
        const char *up, *low;
    } w[] = {{"Tỉnh ", "tỉnh "},
             {"Xã ", "xã "},
             {"Phường ", "phường "},
             {"Thành phố ", "thành phố "},
             {"Đặc khu ", "đặc khu "}};
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
        size_t n = strlen(w[i].up);
        if (!strncmp(name, w[i].up, n)) return arena_printf(a, "%s%s", w[i].low, name + n);
    }
    return name;
}

static bool kind_in(const char *kind, const char *const *list) {
    for (; *list; list++)
        if (kind && !strcmp(kind, *list)) return true;
    return false;
}

/* A checked document: what the store keeps. */
typedef struct {
    const ld_type *type;
    org_unit issuer;
    bool local;
    char number[LEGAL_NUMBER_MAX], key[LEGAL_NUMBER_MAX];
    const char *issuer_name, *issued, *effective, *expires;
} doc_checked;

static mc_err doc_check(store_conn *c, arena *a, const ld_doc_new *in, doc_checked *o, mc_error *err) {
    memset(o, 0, sizeof *o);
    int year = 0;
    if (!in->number || !*in->number)
        return mc_fail(err, MC_ERR_INVALID, "number", "Vui lòng nhập số, ký hiệu văn bản (ví dụ 15/2025/QĐ-UBND).",
                       "number is required.");
    mc_err e = field_limit_check("number", "number", in->number, err);
    if (e) return e;
    if (!legal_number_parse(in->number, o->number, o->key, &year))
        return mc_fail(err, MC_ERR_INVALID, "number",
                       "Số, ký hiệu văn bản quy phạm pháp luật có dạng số/năm ban hành/ký hiệu, ví dụ "
                       "15/2025/QĐ-UBND hoặc 123/2015/NĐ-CP.",
                       "number: NUMBER/YEAR/SYMBOL, e.g. 15/2025/QĐ-UBND.");
    if (!(o->type = ld_type_find(in->doc_type)))
        return mc_fail(err, MC_ERR_INVALID, "doc_type", "Vui lòng chọn loại văn bản trong danh mục.",
                       "doc_type: one of the listed codes.");
    o->local = strcmp(o->type->level, "national") != 0;
    if (o->local) {
        if (!in->issuer || !*in->issuer)
            return mc_fail(err, MC_ERR_INVALID, "issuer", "Vui lòng chọn cấp ban hành (tỉnh hoặc xã, phường).",
                           "issuer is required for a local document.");
        if ((e = unit_of(c, a, in->issuer, "issuer", &o->issuer, err))) return e;
        static const char *const prov[] = {"province", "peoples_committee", "peoples_council", NULL};
        static const char *const comm[] = {"commune", "ward", "special_zone", NULL};
        bool ok = !strcmp(o->type->level, "province") ? kind_in(o->issuer.kind, prov) : kind_in(o->issuer.kind, comm);
        if (!ok)
            return mc_failf(err, MC_ERR_INVALID, "issuer", "%s không phải là đơn vị ban hành loại văn bản \"%s\".",
                            "%s cannot issue a document of type %s.", o->issuer.name, o->type->label, o->issuer.code,
                            o->type->code);
        o->issuer_name = in->issuer_name && *in->issuer_name ? in->issuer_name : NULL;
        if (!o->issuer_name) {
            const char *level_name = o->issuer.name;
            if (!strcmp(o->issuer.kind, "peoples_committee") || !strcmp(o->issuer.kind, "peoples_council")) {
                org_unit p;
                mc_error e2;
                if (o->issuer.parent_code && !units_get(c, a, o->issuer.parent_code, &p, &e2)) level_name = p.name;
            }
            o->issuer_name = arena_printf(a, "%s %s", o->type->organ, lower_level(a, level_name));
        }
    } else {
        if (in->issuer && *in->issuer)
            return mc_fail(err, MC_ERR_INVALID, "issuer",
                           "Văn bản của trung ương không có cấp ban hành trong cây đơn vị: ghi tên cơ quan ban hành.",
                           "A national document has no issuing unit: give issuer_name.");
        if ((e = field_need_text(in->issuer_name, "issuer_name", "cơ quan ban hành (ví dụ Chính phủ)", err))) return e;
        o->issuer_name = in->issuer_name;
    }
    if ((e = field_limit_check("issuer_name", "issuer_name", o->issuer_name, err))) return e;
    if ((e = field_need_text(in->summary, "summary", "trích yếu nội dung văn bản", err))) return e;
    if ((e = field_limit_check("signer", "signer", in->signer, err))) return e;
    if ((e = field_limit_check("field", "field", in->field, err))) return e;
    if ((e = field_limit_check("note", "note", in->note, err))) return e;
    mc_day issued = 0, effective = 0, expires = 0;
    if (o->local) {
        if ((e = need_day(in->issued_on, "issued_on", "Ngày ban hành", &issued, err))) return e;
        if ((e = need_day(in->effective_on, "effective_on", "Ngày có hiệu lực", &effective, err))) return e;
    } else {
        if ((e = opt_day(in->issued_on, "issued_on", "Ngày ban hành", &issued, err))) return e;
        if ((e = opt_day(in->effective_on, "effective_on", "Ngày có hiệu lực", &effective, err))) return e;
    }
    if ((e = opt_day(in->expires_on, "expires_on", "Ngày hết hiệu lực", &expires, err))) return e;
    if (issued) {
        int y, m, d;
        day_to_ymd(issued, &y, &m, &d);
        if (y != year)
            return mc_failf(err, MC_ERR_INVALID, "issued_on",
                            "Năm ban hành (%d) khác năm trong số, ký hiệu văn bản (%d).",
                            "The year of issue (%d) differs from the number's (%d).", y, year, y, year);
    }
    if (effective && issued && effective < issued)
        return mc_fail(err, MC_ERR_INVALID, "effective_on", "Ngày có hiệu lực không được trước ngày ban hành.",
                       "effective_on before issued_on.");
    if (expires && expires <= (effective ? effective : issued))
        return mc_fail(err, MC_ERR_INVALID, "expires_on", "Ngày hết hiệu lực phải sau ngày có hiệu lực.",
                       "expires_on must be after effective_on.");
    o->issued = day_text(a, issued);
    o->effective = day_text(a, effective);
    o->expires = day_text(a, expires);
    return MC_OK;
}

static const char *opt(const char *s) {
    return s && *s ? s : NULL;
}

/* Inserts a checked document of `tenant` inside w. */
static mc_err doc_insert(store_conn *w, const char *tenant, const ld_doc_new *in, const doc_checked *o,
                         const ds_attachment *file, int64_t by_id, mc_time now, int64_t *id, mc_error *err) {
    return store_insert_id(
        w, Q_LD_INSERT,
        SV_ARGS(SV_T(tenant), SV_T(o->number), SV_T(o->key), SV_T(o->type->code), o->local ? SV_I(o->issuer.id) : SV_N,
                SV_T(o->issuer_name), SV_T(opt(in->signer)), SV_T(in->summary), SV_T(opt(in->field)), SV_T(o->issued),
                SV_T(o->effective), SV_T(o->expires), SV_T(opt(in->note)), SV_T(file ? file->name : NULL),
                SV_T(file ? file->mime : NULL), file ? SV_I(file->size) : SV_N, SV_T(file ? file->sha256 : NULL),
                SV_T(file ? file->stored : NULL), by_id ? SV_I(by_id) : SV_N, SV_I(now), SV_I(now)),
        id, err);
}

static mc_err number_taken(store_conn *c, arena *a, const char *tenant, const char *key, int64_t except,
                           mc_error *err) {
    store_rows *r = store_query(c, Q_LD_BY_KEY, SV_ARGS(SV_T(tenant), SV_T(key)), err);
    if (!r) return err->code;
    int k = store_next(r, err);
    legal_doc d = {0};
    if (k == 1) doc_read(r, a, &d);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 1 && d.id != except)
        return mc_failf(err, MC_ERR_CONFLICT, "number", "Sổ đã có văn bản số %s (%s).",
                        "The register holds %s already.", d.number, d.summary ? d.summary : "", d.number);
    return MC_OK;
}

mc_err legal_docs_load(store_conn *w, arena *a, const char *tenant, const ld_doc_new *in, mc_time now, int64_t *id,
                       mc_error *err) {
    doc_checked o;
    mc_err e = doc_check(w, a, in, &o, err);
    if (e) return e;
    if (o.local && strcmp(o.issuer.tenant, tenant) != 0)
        return mc_failf(err, MC_ERR_INVALID, "issuer", "Đơn vị %s không thuộc tỉnh %s.", "Unit %s is not of %s.",
                        o.issuer.code, tenant, o.issuer.code, tenant);
    if ((e = number_taken(w, a, tenant, o.key, 0, err))) return e;
    return doc_insert(w, tenant, in, &o, NULL, 0, now, id, err);
}

/* The document of `number` in `tenant`'s register, into *d (404 naming `field` when none). */
static mc_err doc_by_number(store_conn *c, arena *a, const char *tenant, const char *number, const char *field,
                            legal_doc *d, mc_error *err) {
    char disp[LEGAL_NUMBER_MAX], key[LEGAL_NUMBER_MAX];
    if (!legal_number_parse(number, disp, key, NULL))
        return mc_fail(err, MC_ERR_INVALID, field, "Số, ký hiệu văn bản có dạng số/năm/ký hiệu.",
                       "NUMBER/YEAR/SYMBOL expected.");
    store_rows *r = store_query(c, Q_LD_BY_KEY, SV_ARGS(SV_T(tenant), SV_T(key)), err);
    if (!r) return err->code;
    int k = store_next(r, err);
    if (k == 1) doc_read(r, a, d);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0)
        return mc_failf(err, MC_ERR_INVALID, field, "Sổ chưa có văn bản %s.", "%s is not in the register.", disp, disp);
    return MC_OK;
}

mc_err legal_docs_load_change(store_conn *w, arena *a, const char *tenant, const char *number, const ld_change_new *in,
                              mc_time now, mc_error *err) {
    legal_doc d, by = {0};
    mc_err e = doc_by_number(w, a, tenant, number, "doc", &d, err);
    if (!e && in->by) e = doc_by_number(w, a, tenant, in->by, "by", &by, err);
    if (e) return e;
    const ld_action *act = ld_action_find(in->action);
    if (!act || (act->needs_by && !by.id))
        return mc_fail(err, MC_ERR_INVALID, "action", "Thao tác không hợp lệ.", "Bad action.");
    const char *relation = !strcmp(act->code, "relate") ? in->relation : act->relation;
    if (!by.id || !ld_relation_find(relation)) relation = NULL;
    const char *scope = in->scope && !strcmp(in->scope, "part") ? "part" : "whole";
    mc_day eff;
    if ((e = need_day(in->effective_on, "effective_on", "Ngày có tác động", &eff, err))) return e;
    if ((e = field_need_text(in->reason, "reason", "lý do", err))) return e;
    int to = !strcmp(scope, "whole") ? act->to_whole : act->to_part;
    int64_t id;
    return store_insert_id(w, Q_LD_CHANGE_INSERT,
                           SV_ARGS(SV_T(tenant), SV_I(d.id), SV_T(act->code), SV_T(relation),
                                   by.id ? SV_I(by.id) : SV_N, SV_T(scope), SV_T(opt(in->part)), SV_T(day_text(a, eff)),
                                   SV_T(to >= 0 ? ld_status_name((ld_status)to) : NULL), SV_T(in->reason), SV_N,
                                   SV_I(now)),
                           &id, err);
}

mc_err legal_docs_load_review(store_conn *w, arena *a, const char *tenant, const char *number, const ld_review_new *in,
                              mc_time now, mc_error *err) {
    legal_doc d;
    mc_err e = doc_by_number(w, a, tenant, number, "doc", &d, err);
    org_unit unit, handler = {0};
    if (!e) e = unit_of(w, a, in->unit ? in->unit : "", "unit", &unit, err);
    if (!e && in->handler) e = unit_of(w, a, in->handler, "handler", &handler, err);
    if (e) return e;
    size_t nr, nb;
    const ld_choice *rs = ld_results(&nr), *bs = ld_bases(&nb);
    const char *kind = in->kind && !strcmp(in->kind, "self_check") ? "self_check" : "review";
    if (!ld_choice_label(rs, nr, in->result) || !ld_choice_label(bs, nb, in->basis))
        return mc_fail(err, MC_ERR_INVALID, "result", "Kết quả hoặc căn cứ rà soát không có trong danh mục.",
                       "Unknown result or basis.");
    mc_day started, done, deadline;
    if ((e = opt_day(in->started_on, "started_on", "Ngày bắt đầu", &started, err))) return e;
    if ((e = need_day(in->done_on, "done_on", "Ngày hoàn thành", &done, err))) return e;
    if ((e = opt_day(in->deadline, "deadline", "Thời hạn xử lý", &deadline, err))) return e;
    int64_t id;
    return store_insert_id(w, Q_LD_REVIEW_INSERT,
                           SV_ARGS(SV_T(tenant), SV_I(d.id), SV_T(kind), SV_I(unit.id), SV_T(in->basis),
                                   SV_T(opt(in->basis_note)), SV_T(day_text(a, started)), SV_T(day_text(a, done)),
                                   SV_T(in->result), SV_T(opt(in->findings)), SV_T(opt(in->proposal)),
                                   handler.id ? SV_I(handler.id) : SV_N, SV_T(day_text(a, deadline)), SV_N, SV_I(now)),
                           &id, err);
}

mc_err legal_docs_create(store *s, arena *a, const ld_doc_new *in, const ds_attachment *file, const user *by,
                         mc_time now, int64_t *id, mc_error *err) {
    if (!by || perm_scope_of(by->roles, ACT_LEGAL_DOC_MANAGE) == SCOPE_NONE) return forbidden(err);
    store_conn *rd = store_reader(s);
    doc_checked o;
    mc_err e = doc_check(rd, a, in, &o, err);
    if (e) return e;
    const char *tenant = o.local ? o.issuer.tenant : legal_docs_tenant_of(rd, a, by);
    if (!tenant) return forbidden(err);
    if (!may_manage_at(rd, a, by, tenant, o.local ? o.issuer.path : NULL)) return forbidden(err);
    if ((e = number_taken(rd, a, tenant, o.key, 0, err))) return e;
    store_conn *w = store_begin_tenant(s, tenant, err);
    if (!w) return err->code;
    e = doc_insert(w, tenant, in, &o, file, by->id, now, id, err);
    if (!e)
        e = journal_record(w, tenant, "legal_doc", *id, by, ACT_LEGAL_DOC_MANAGE, "doc.create", NULL, "recorded", NULL,
                           arena_printf(a, "Vào sổ văn bản %s (%s) của %s: %s%s%s", o.number, o.type->label,
                                        o.issuer_name, in->summary, file ? "; tệp " : "", file ? file->name : ""),
                           now, err);
    return store_finish(w, e, err);
}

mc_err legal_docs_update(store *s, arena *a, int64_t id, const ld_doc_new *in, const ds_attachment *file,
                         const user *by, mc_time now, mc_error *err) {
    store_conn *rd = store_reader(s);
    legal_doc d;
    mc_err e = load_doc(rd, a, id, legal_docs_tenant_of(rd, a, by), time_local_day(now), &d, err);
    if (e) return e;
    if (!legal_docs_may_manage(rd, a, by, &d)) return forbidden(err);
    doc_checked o;
    if ((e = doc_check(rd, a, in, &o, err))) return e;
    if (o.local && strcmp(o.issuer.tenant, d.tenant) != 0)
        return mc_fail(err, MC_ERR_INVALID, "issuer", "Cấp ban hành phải thuộc tỉnh của sổ.",
                       "The issuer must be of the register's province.");
    if (!may_manage_at(rd, a, by, d.tenant, o.local ? o.issuer.path : NULL)) return forbidden(err);
    if ((e = number_taken(rd, a, d.tenant, o.key, id, err))) return e;
    store_conn *w = store_begin_tenant(s, d.tenant, err);
    if (!w) return err->code;
    e = store_exec(w, Q_LD_UPDATE,
                   SV_ARGS(SV_T(o.number), SV_T(o.key), SV_T(o.type->code), o.local ? SV_I(o.issuer.id) : SV_N,
                           SV_T(o.issuer_name), SV_T(opt(in->signer)), SV_T(in->summary), SV_T(opt(in->field)),
                           SV_T(o.issued), SV_T(o.effective), SV_T(o.expires), SV_T(opt(in->note)), SV_I(now),
                           SV_I(id), SV_T(d.tenant)),
                   NULL, err);
    if (!e && file)
        e = store_exec(w, Q_LD_SET_FILE,
                       SV_ARGS(SV_T(file->name), SV_T(file->mime), SV_I(file->size), SV_T(file->sha256),
                               SV_T(file->stored), SV_I(now), SV_I(id)),
                       NULL, err);
    if (!e)
        e = journal_record(
            w, d.tenant, "legal_doc", id, by, ACT_LEGAL_DOC_MANAGE, "doc.edit", "recorded", "recorded", NULL,
            arena_printf(a, "Sửa thông tin văn bản %s%s%s: %s", o.number,
                         strcmp(o.number, d.number) ? " (trước là " : "",
                         strcmp(o.number, d.number) ? arena_printf(a, "%s)", d.number) : "", in->summary),
            now, err);
    if (!e && file)
        e = journal_record(w, d.tenant, "legal_doc", id, by, ACT_LEGAL_DOC_MANAGE, "doc.file", "recorded", "recorded",
                           NULL, arena_printf(a, "Tệp văn bản %s: %s", o.number, file->name), now, err);
    return store_finish(w, e, err);
}

mc_err legal_docs_get(store_conn *c, arena *a, int64_t id, const user *by, mc_day day, legal_doc *out, mc_error *err) {
    /* documents are public: `by` only says which province to ask first */
    mc_err e = load_doc(c, a, id, legal_docs_tenant_of(c, a, by), day, out, err);
    void *v;
    if (!e) e = rows_of(c, a, Q_LD_ACTS_OF, SV_ARGS(SV_I(id), SV_T(out->tenant)), sizeof(ld_change), read_change_v, &v, &out->nacts, err);
    if (!e) out->acts = v;
    if (!e)
        e = rows_of(c, a, Q_LD_REVIEWS_OF, SV_ARGS(SV_I(id), SV_T(out->tenant)), sizeof(ld_review), read_review_v, &v,
                    &out->nreviews,
                    err);
    if (!e) out->reviews = v;
    if (!e) e = rows_of(c, a, Q_LD_FLAGS_DOC, SV_ARGS(SV_I(id), SV_T(out->tenant)), sizeof(ld_flag), read_flag_v, &v, &out->nflags, err);
    if (!e) out->flags = v;
    if (!e) e = citing_of(c, a, out->number_key, year_of_key(out->number_key), &out->citing, &out->nciting, err);
    return e;
}

/* ---- the whole register of a province (list, statistics, systematisation) ------------------------ */

static int by_id(const void *x, const void *y) {
    const legal_doc *const *p = x, *const *q = y;
    return (*p)->id < (*q)->id ? -1 : (*p)->id > (*q)->id;
}

/* Every document of `tenant` with its changes (and, when reviews is not NULL, its reviews: all of the
 * tenant's, in done order), statuses on `day`. */
static mc_err load_all(store_conn *c, arena *a, const char *tenant, mc_day day, legal_doc **docs, size_t *n,
                       ld_review **reviews, size_t *nreviews, mc_error *err) {
    void *v;
    mc_err e = rows_of(c, a, Q_LD_LIST, SV_ARGS(SV_T(tenant)), sizeof(legal_doc), read_doc_v, &v, n, err);
    if (e) return e;
    *docs = v;
    legal_doc **idx = arena_alloc(a, (*n ? *n : 1) * sizeof *idx);
    for (size_t i = 0; i < *n; i++) idx[i] = &(*docs)[i];
    qsort(idx, *n, sizeof *idx, by_id);
    ld_change *ch;
    size_t nch;
    if ((e = rows_of(c, a, Q_LD_CHANGES_TENANT, SV_ARGS(SV_T(tenant)), sizeof(ld_change), read_change_v, &v, &nch,
                     err)))
        return e;
    ch = v;
    /* Ordered by document: each document's changes are one run of the array. */
    for (size_t i = 0; i < nch;) {
        size_t j = i;
        while (j < nch && ch[j].doc_id == ch[i].doc_id) j++;
        legal_doc key = {.id = ch[i].doc_id}, *kp = &key;
        legal_doc **hit = bsearch(&kp, idx, *n, sizeof *idx, by_id);
        if (hit) {
            (*hit)->changes = &ch[i];
            (*hit)->nchanges = j - i;
        }
        i = j;
    }
    for (size_t i = 0; i < *n; i++) (*docs)[i].status = status_of(a, &(*docs)[i], day);
    if (reviews) {
        if ((e = rows_of(c, a, Q_LD_REVIEWS_TENANT, SV_ARGS(SV_T(tenant)), sizeof(ld_review), read_review_v, &v,
                         nreviews, err)))
            return e;
        *reviews = v;
    }
    return MC_OK;
}

/* Whether folded haystack holds folded needle. */
static bool folded_has(const char *hay, const char *needle_folded) {
    char *h = text_fold(hay ? hay : "");
    bool ok = h && strstr(h, needle_folded) != NULL;
    free(h);
    return ok;
}

mc_err legal_docs_list(store_conn *c, arena *a, const ld_filter *f, const user *by, legal_doc **out, size_t *n,
                       size_t *total, mc_error *err) {
    *out = NULL;
    *n = *total = 0;
    bool officer = by && perm_scope_of(by->roles, ACT_LEGAL_DOC_READ) != SCOPE_NONE;
    const char *tenant = f->tenant ? f->tenant : legal_docs_tenant_of(c, a, by);
    if (!tenant) return mc_fail(err, MC_ERR_INVALID, "unit", "Vui lòng chọn tỉnh của sổ văn bản.", "Which province?");
    int want = -1;
    if (f->status && *f->status && (want = ld_status_parse(f->status)) < 0)
        return mc_fail(err, MC_ERR_INVALID, "status", "Tình trạng hiệu lực không có trong danh mục.",
                       "status: one of the listed names.");
    if (f->doc_type && *f->doc_type && !ld_type_find(f->doc_type))
        return mc_fail(err, MC_ERR_INVALID, "type", "Loại văn bản không có trong danh mục.",
                       "type: one of the listed codes.");
    char *q = NULL;
    if (f->q && *f->q && !(q = text_fold(f->q)))
        return mc_fail(err, MC_ERR_INVALID, "q", "Từ khóa không hợp lệ.", "q is not valid UTF-8.");
    legal_doc *all;
    size_t na;
    mc_err e = load_all(c, a, tenant, f->day, &all, &na, NULL, NULL, err);
    if (e) {
        free(q);
        return e;
    }
    int per = f->per_page > 0 && f->per_page <= LD_MAX_PER_PAGE ? f->per_page : 50;
    int page = f->page > 0 ? f->page : 1;
    size_t skip = (size_t)(page - 1) * (size_t)per;
    legal_doc *v = arena_alloc(a, (size_t)per * sizeof *v);
    for (size_t i = 0; i < na; i++) {
        legal_doc *d = &all[i];
        bool national = d->issuer_unit_id == 0;
        if (!officer && (national || !ld_status_in_force(d->status))) continue;
        if (want >= 0 && (int)d->status != want) continue;
        if (f->doc_type && *f->doc_type && strcmp(d->doc_type, f->doc_type) != 0) continue;
        if (f->issuer && *f->issuer) {
            if (!strcmp(f->issuer, "national") ? !national : (national || strcmp(d->issuer_code, f->issuer) != 0))
                continue;
        }
        if (f->year) {
            mc_day di = day_of(d->issued_on);
            int y = 0, m, dd;
            if (di)
                day_to_ymd(di, &y, &m, &dd);
            else
                y = year_of_key(d->number_key);
            if (y != f->year) continue;
        }
        if (q && !folded_has(arena_printf(a, "%s %s %s", d->number, d->summary, d->field ? d->field : ""), q)) continue;
        if (*total >= skip && *n < (size_t)per) v[(*n)++] = *d;
        (*total)++;
    }
    free(q);
    *out = v;
    return MC_OK;
}

/* ---- changes of validity ----------------------------------------------------------------------- */

mc_err legal_docs_change(store *s, arena *a, int64_t id, const ld_change_new *in, const user *by, mc_time now,
                         int64_t *change_id, size_t *flagged, mc_error *err) {
    *flagged = 0;
    store_conn *rd = store_reader(s);
    mc_day today = time_local_day(now);
    legal_doc d;
    mc_err e = load_doc(rd, a, id, legal_docs_tenant_of(rd, a, by), today, &d, err);
    if (e) return e;
    if (!legal_docs_may_manage(rd, a, by, &d)) return forbidden(err);
    const ld_action *act = ld_action_find(in->action);
    if (!act)
        return mc_fail(err, MC_ERR_INVALID, "action",
                       "Thao tác phải là expire (hết hiệu lực), replace (bị thay thế), amend (được sửa đổi, bổ sung), "
                       "suspend (ngưng hiệu lực), resume (tiếp tục có hiệu lực) hoặc relate (quan hệ khác).",
                       "action: expire, replace, amend, suspend, resume or relate.");
    if (d.nchanges >= LD_MAX_CHANGES)
        return mc_failf(err, MC_ERR_TOO_LARGE, NULL, "Một văn bản có tối đa %d thay đổi hiệu lực, quan hệ.",
                        "At most %d changes a document.", LD_MAX_CHANGES, LD_MAX_CHANGES);
    for (size_t i = 0; i < d.nchanges; i++)
        if (d.changes[i].to_status && !strcmp(d.changes[i].to_status, "expired_whole") && act->flags)
            return mc_failf(err, MC_ERR_CONFLICT, "action",
                            "Văn bản %s đã hết hiệu lực toàn bộ (từ %s): chỉ ghi được quan hệ khác.",
                            "%s has expired wholly: only relations may be recorded.", d.number,
                            dmy(a, d.changes[i].effective_on), d.number);
    /* The acting document. */
    legal_doc by_doc = {0};
    if (in->by && *in->by) {
        char disp[LEGAL_NUMBER_MAX], key[LEGAL_NUMBER_MAX];
        if ((e = field_limit_check("by", "by", in->by, err))) return e;
        if (!legal_number_parse(in->by, disp, key, NULL))
            return mc_fail(err, MC_ERR_INVALID, "by", "Số, ký hiệu văn bản tác động có dạng số/năm/ký hiệu.",
                           "by: NUMBER/YEAR/SYMBOL.");
        store_rows *r = store_query(rd, Q_LD_BY_KEY, SV_ARGS(SV_T(d.tenant), SV_T(key)), err);
        if (!r) return err->code;
        int k = store_next(r, err);
        if (k == 1) doc_read(r, a, &by_doc);
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
        if (k == 0)
            return mc_failf(err, MC_ERR_INVALID, "by",
                            "Sổ chưa có văn bản %s: hãy vào sổ văn bản đó trước khi ghi quan hệ.",
                            "%s is not in the register.", disp, disp);
        if (by_doc.id == d.id)
            return mc_fail(err, MC_ERR_INVALID, "by", "Văn bản không tác động lên chính nó.",
                           "A document does not act on itself.");
    } else if (act->needs_by) {
        return mc_fail(err, MC_ERR_INVALID, "by", "Vui lòng nhập số, ký hiệu văn bản tác động (thay thế, sửa đổi).",
                       "by is required for this action.");
    }
    const char *relation = act->relation;
    if (!strcmp(act->code, "relate")) {
        const ld_relation *rl = ld_relation_find(in->relation);
        if (!rl || (strcmp(rl->code, "details") != 0 && strcmp(rl->code, "consolidates") != 0))
            return mc_fail(err, MC_ERR_INVALID, "relation",
                           "Quan hệ khác phải là details (quy định chi tiết) hoặc consolidates (hợp nhất).",
                           "relation: details or consolidates.");
        relation = rl->code;
    }
    if (!by_doc.id) relation = NULL;
    const char *scope = in->scope && *in->scope ? in->scope : (!strcmp(act->code, "amend") ? "part" : "whole");
    if (strcmp(scope, "whole") != 0 && strcmp(scope, "part") != 0)
        return mc_fail(err, MC_ERR_INVALID, "scope", "Phạm vi phải là whole (toàn bộ) hoặc part (một phần).",
                       "scope: whole or part.");
    if ((e = field_limit_check("part", "part", in->part, err))) return e;
    mc_day eff;
    if ((e = need_day(in->effective_on, "effective_on", "Ngày bắt đầu có tác động", &eff, err))) return e;
    mc_day issued = day_of(d.issued_on);
    if (issued && eff < issued)
        return mc_fail(err, MC_ERR_INVALID, "effective_on", "Ngày có tác động không được trước ngày ban hành văn bản.",
                       "effective_on before the document's issue.");
    if ((e = field_need_text(in->reason, "reason", "lý do", err))) return e;
    int to = !strcmp(scope, "whole") ? act->to_whole : act->to_part;
    const char *to_status = to >= 0 ? ld_status_name((ld_status)to) : NULL;
    const char *effd = day_text(a, eff);
    /* What the register says, and the reason each flag carries. */
    const ld_relation *rl = ld_relation_find(relation);
    const char *what =
        arena_printf(a, "%s%s%s%s từ %s", to_status ? ld_status_label((ld_status)to) : act->label,
                     rl ? arena_printf(a, " (%s %s)", rl->passive, by_doc.number) : "",
                     in->part && *in->part ? "; phần: " : "", in->part && *in->part ? in->part : "", dmy(a, effd));
    ld_citing *cit = NULL;
    size_t ncit = 0;
    store_conn *w = store_begin_tenant(s, d.tenant, err);
    if (!w) return err->code;
    e = store_insert_id(w, Q_LD_CHANGE_INSERT,
                        SV_ARGS(SV_T(d.tenant), SV_I(id), SV_T(act->code), SV_T(relation),
                                by_doc.id ? SV_I(by_doc.id) : SV_N, SV_T(scope), SV_T(opt(in->part)), SV_T(effd),
                                SV_T(to_status), SV_T(in->reason), SV_I(by->id), SV_I(now)),
                        change_id, err);
    if (!e && act->flags) e = citing_of(w, a, d.number_key, year_of_key(d.number_key), &cit, &ncit, err);
    size_t already = 0;
    for (size_t i = 0; !e && i < ncit; i++) {
        int64_t open = 0;
        e = store_scalar_int(w, Q_LD_FLAG_OPEN, SV_ARGS(SV_T(d.tenant), SV_T(cit[i].code), SV_I(id)), &open, err);
        if (e == MC_ERR_NOT_FOUND) {
            e = MC_OK;
        } else {
            if (!e) already++;
            continue;
        }
        const char *reason = arena_printf(a, "Căn cứ pháp lý %s: %s. Lý do: %s", d.number, what, in->reason);
        int64_t fid = 0;
        e = store_insert_id(w, Q_LD_FLAG_INSERT,
                            SV_ARGS(SV_T(d.tenant), SV_T(cit[i].code), SV_I(id), SV_I(*change_id), SV_T(cit[i].text),
                                    SV_T(reason), SV_I(now), SV_I(by->id)),
                            &fid, err);
        if (!e)
            e = journal_record(
                w, d.tenant, "legal_flag", fid, by, ACT_LEGAL_DOC_MANAGE, "flag.raise", NULL, "open", NULL,
                arena_printf(a, "Thủ tục %s (%s) cần cập nhật căn cứ pháp lý: %s", cit[i].code, cit[i].name, reason),
                now, err);
        if (!e) (*flagged)++;
    }
    ld_status after = d.status;
    if (!e) {
        /* The status today once the change is in. */
        legal_doc nd = d;
        nd.changes = arena_alloc(a, (d.nchanges + 1) * sizeof *nd.changes);
        memcpy(nd.changes, d.changes, d.nchanges * sizeof *nd.changes);
        nd.changes[d.nchanges] = (ld_change){.effective_on = effd, .to_status = to_status};
        nd.nchanges = d.nchanges + 1;
        after = status_of(a, &nd, today);
        const char *note = arena_printf(
            a, "Văn bản %s: %s. Lý do: %s%s", d.number, what, in->reason,
            act->flags
                ? arena_printf(a, ". Thủ tục trích dẫn văn bản: %zu, đánh dấu cần cập nhật %zu%s", ncit, *flagged,
                               already ? arena_printf(a, " (%zu đã có đánh dấu chưa xử lý)", already) : "")
                : "");
        e = journal_record(w, d.tenant, "legal_doc", id, by, ACT_LEGAL_DOC_MANAGE,
                           arena_printf(a, "change.%s", act->code), ld_status_name(d.status), ld_status_name(after),
                           NULL, note, now, err);
    }
    if (!e && by_doc.id && rl)
        e = journal_record(w, d.tenant, "legal_doc", by_doc.id, by, ACT_LEGAL_DOC_MANAGE, "acts", NULL, "recorded",
                           NULL,
                           arena_printf(a, "Văn bản %s %s văn bản %s (%s) từ %s", by_doc.number, rl->active, d.number,
                                        !strcmp(scope, "whole") ? "toàn bộ" : "một phần", dmy(a, effd)),
                           now, err);
    return store_finish(w, e, err);
}

/* ---- reviews ------------------------------------------------------------------------------------ */

mc_err legal_docs_review_add(store *s, arena *a, int64_t id, const ld_review_new *in, const user *by, mc_time now,
                             int64_t *review_id, mc_error *err) {
    store_conn *rd = store_reader(s);
    legal_doc d;
    mc_err e = load_doc(rd, a, id, legal_docs_tenant_of(rd, a, by), time_local_day(now), &d, err);
    if (e) return e;
    if (!legal_docs_may_manage(rd, a, by, &d)) return forbidden(err);
    const char *kind = in->kind && *in->kind ? in->kind : "review";
    if (strcmp(kind, "review") != 0 && strcmp(kind, "self_check") != 0)
        return mc_fail(err, MC_ERR_INVALID, "kind", "Loại phải là review (rà soát) hoặc self_check (tự kiểm tra).",
                       "kind: review or self_check.");
    org_unit unit;
    const char *ucode = in->unit && *in->unit ? in->unit : by->unit_code;
    if (!ucode) return mc_fail(err, MC_ERR_INVALID, "unit", "Vui lòng chọn đơn vị thực hiện.", "unit is required.");
    if ((e = unit_of(rd, a, ucode, "unit", &unit, err))) return e;
    if (strcmp(unit.tenant, d.tenant) != 0 || !may_manage_at(rd, a, by, d.tenant, unit.path))
        return mc_fail(err, MC_ERR_INVALID, "unit",
                       "Đơn vị thực hiện phải thuộc phạm vi của bạn (hoặc là đơn vị giữ sổ), cùng tỉnh với văn bản.",
                       "The reviewing unit must be in your scope and the document's province.");
    size_t nb;
    const ld_choice *bs = ld_bases(&nb);
    if (!ld_choice_label(bs, nb, in->basis))
        return mc_fail(err, MC_ERR_INVALID, "basis",
                       "Căn cứ phải là plan (kế hoạch), direction (chỉ đạo), superior (yêu cầu cấp trên), programme "
                       "(chương trình) hoặc other (khác).",
                       "basis: plan, direction, superior, programme or other.");
    size_t nr;
    const ld_choice *rs = ld_results(&nr);
    if (!ld_choice_label(rs, nr, in->result))
        return mc_fail(err, MC_ERR_INVALID, "result",
                       "Kết quả phải là fit (còn phù hợp), amend (cần sửa đổi, bổ sung), replace (cần thay thế), "
                       "repeal (cần bãi bỏ), suspend (cần đình chỉ thi hành) hoặc new (cần ban hành mới).",
                       "result: fit, amend, replace, repeal, suspend or new.");
    mc_day started, done, deadline;
    if ((e = opt_day(in->started_on, "started_on", "Ngày bắt đầu", &started, err))) return e;
    if ((e = need_day(in->done_on, "done_on", "Ngày hoàn thành", &done, err))) return e;
    if ((e = opt_day(in->deadline, "deadline", "Thời hạn xử lý", &deadline, err))) return e;
    if (started && started > done)
        return mc_fail(err, MC_ERR_INVALID, "started_on", "Ngày bắt đầu không được sau ngày hoàn thành.",
                       "started_on after done_on.");
    mc_day issued = day_of(d.issued_on);
    if (issued && done < issued)
        return mc_fail(err, MC_ERR_INVALID, "done_on", "Ngày hoàn thành không được trước ngày ban hành văn bản.",
                       "done_on before the document's issue.");
    if (done > time_local_day(now))
        return mc_fail(err, MC_ERR_INVALID, "done_on", "Ngày hoàn thành không được sau hôm nay.",
                       "done_on is in the future.");
    if (deadline && deadline < done)
        return mc_fail(err, MC_ERR_INVALID, "deadline", "Thời hạn xử lý không được trước ngày hoàn thành.",
                       "deadline before done_on.");
    if ((e = field_limit_check("basis_note", "basis_note", in->basis_note, err))) return e;
    if ((e = field_limit_check("findings", "findings", in->findings, err))) return e;
    if ((e = field_limit_check("proposal", "proposal", in->proposal, err))) return e;
    if (ld_result_acts(in->result) && (!in->proposal || !*in->proposal))
        return mc_fail(err, MC_ERR_INVALID, "proposal", "Vui lòng nhập kiến nghị xử lý văn bản.",
                       "proposal is required when the result asks for action.");
    org_unit handler = {0};
    if (in->handler && *in->handler) {
        if ((e = unit_of(rd, a, in->handler, "handler", &handler, err))) return e;
        if (strcmp(handler.tenant, d.tenant) != 0)
            return mc_fail(err, MC_ERR_INVALID, "handler", "Cơ quan xử lý phải cùng tỉnh với văn bản.",
                           "The handling body must be of the document's province.");
    }
    int64_t have = 0;
    {
        void *v;
        size_t nrv = 0;
        if ((e = rows_of(rd, a, Q_LD_REVIEWS_OF, SV_ARGS(SV_I(id), SV_T(d.tenant)), sizeof(ld_review), read_review_v, &v, &nrv, err)))
            return e;
        have = (int64_t)nrv;
    }
    if (have >= LD_MAX_REVIEWS)
        return mc_failf(err, MC_ERR_TOO_LARGE, NULL, "Một văn bản có tối đa %d kết quả rà soát, kiểm tra.",
                        "At most %d reviews a document.", LD_MAX_REVIEWS, LD_MAX_REVIEWS);
    store_conn *w = store_begin_tenant(s, d.tenant, err);
    if (!w) return err->code;
    e = store_insert_id(w, Q_LD_REVIEW_INSERT,
                        SV_ARGS(SV_T(d.tenant), SV_I(id), SV_T(kind), SV_I(unit.id), SV_T(in->basis),
                                SV_T(opt(in->basis_note)), SV_T(day_text(a, started)), SV_T(day_text(a, done)),
                                SV_T(in->result), SV_T(opt(in->findings)), SV_T(opt(in->proposal)),
                                handler.id ? SV_I(handler.id) : SV_N, SV_T(day_text(a, deadline)), SV_I(by->id),
                                SV_I(now)),
                        review_id, err);
    if (!e)
        e = journal_record(w, d.tenant, "legal_doc", id, by, ACT_LEGAL_DOC_MANAGE,
                           !strcmp(kind, "review") ? "review.add" : "self_check.add", ld_status_name(d.status),
                           ld_status_name(d.status), NULL,
                           arena_printf(a, "%s văn bản %s, %s ngày %s: %s%s%s%s%s",
                                        !strcmp(kind, "review") ? "Rà soát" : "Tự kiểm tra", d.number, unit.name,
                                        dmy(a, day_text(a, done)), ld_choice_label(rs, nr, in->result),
                                        in->proposal && *in->proposal ? "; kiến nghị: " : "",
                                        in->proposal && *in->proposal ? in->proposal : "",
                                        handler.id ? "; cơ quan xử lý: " : "", handler.id ? handler.name : ""),
                           now, err);
    return store_finish(w, e, err);
}

/* ---- flags ------------------------------------------------------------------------------------- */

mc_err legal_docs_flags(store_conn *c, arena *a, const char *tenant, bool open_only, ld_flag **out, size_t *n,
                        mc_error *err) {
    void *v;
    mc_err e = rows_of(c, a, Q_LD_FLAGS_TENANT, SV_ARGS(SV_T(tenant ? tenant : ""), SV_I(open_only ? 1 : 0)),
                       sizeof(ld_flag), read_flag_v, &v, n, err);
    *out = e ? NULL : v;
    return e;
}

mc_err legal_docs_procedure_flags(store_conn *c, arena *a, const char *tenant, const char *code, ld_flag **out,
                                  size_t *n, mc_error *err) {
    void *v;
    mc_err e = rows_of(c, a, Q_LD_FLAGS_PROC, SV_ARGS(SV_T(tenant ? tenant : ""), SV_T(code ? code : "")),
                       sizeof(ld_flag), read_flag_v, &v, n, err);
    *out = e ? NULL : v;
    return e;
}

bool legal_docs_may_clear(store_conn *c, arena *a, const user *by, const char *tenant, const char *code) {
    if (!by || perm_scope_of(by->roles, ACT_LEGAL_FLAG_CLEAR) == SCOPE_NONE) return false;
    if (may(by, ACT_LEGAL_FLAG_CLEAR, NULL)) return true; /* SCOPE_ALL */
    if (keeper(c, a, by, ACT_LEGAL_FLAG_CLEAR, tenant)) return true;
    procedure p;
    mc_error e2;
    if (catalog_get(c, a, code, 0, &p, &e2)) return false;
    for (size_t i = 0; i < p.nunits; i++) {
        org_unit u;
        if (!strncmp(p.units[i], "kind:", 5) || units_get(c, a, p.units[i], &u, &e2)) continue;
        if (!strcmp(u.tenant, tenant) && may(by, ACT_LEGAL_FLAG_CLEAR, u.path)) return true;
    }
    return false;
}

mc_err legal_docs_flag_clear(store *s, arena *a, int64_t id, const char *note, const user *by, mc_time now,
                             mc_error *err) {
    store_conn *rd = store_reader(s);
    store_rows *r;
    int k = store_first_in(rd, Q_LD_FLAG_GET_IN, SV_ARGS(SV_I(id), SV_T(legal_docs_tenant_of(rd, a, by))), Q_LD_FLAG_GET,
                           SV_ARGS(SV_I(id)), &r, err);
    ld_flag f;
    if (k == 1) flag_read(r, a, &f);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0) return mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Không có đánh dấu cần cập nhật này.", "No such flag.");
    if (!legal_docs_may_clear(rd, a, by, f.tenant, f.procedure_code))
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL,
                       "Xác nhận đã cập nhật thủ tục do Sở Tư pháp (đơn vị giữ sổ), cơ quan giải quyết thủ tục hoặc "
                       "quản trị viên thực hiện.",
                       "Only the register's keepers, the procedure's competent units and administrators clear flags.");
    if (f.cleared_at)
        return mc_fail(err, MC_ERR_CONFLICT, NULL, "Thủ tục đã được xác nhận cập nhật cho đánh dấu này.",
                       "The flag is cleared already.");
    mc_err e = field_need_text(note, "note", "nội dung đã cập nhật (ví dụ quyết định công bố thủ tục)", err);
    if (e) return e;
    store_conn *w = store_begin_tenant(s, f.tenant, err);
    if (!w) return err->code;
    int64_t changed = 0;
    e = store_exec(w, Q_LD_FLAG_CLEAR, SV_ARGS(SV_I(now), SV_I(by->id), SV_T(note), SV_I(id), SV_T(f.tenant)), &changed,
                   err);
    if (!e && changed != 1)
        e = mc_fail(err, MC_ERR_CONFLICT, NULL, "Thủ tục đã được xác nhận cập nhật cho đánh dấu này.",
                    "The flag is cleared already.");
    if (!e)
        e = journal_record(w, f.tenant, "legal_flag", id, by, ACT_LEGAL_FLAG_CLEAR, "flag.clear", "open", "cleared",
                           NULL,
                           arena_printf(a, "Thủ tục %s đã cập nhật căn cứ pháp lý (văn bản %s): %s", f.procedure_code,
                                        f.doc_number, note),
                           now, err);
    return store_finish(w, e, err);
}

mc_err legal_docs_flagged_procedures(store_conn *c, const char *tenant, mc_time at, int64_t *n, mc_error *err) {
    *n = 0;
    return store_scalar_int(c, Q_LD_FLAGGED_COUNT, SV_ARGS(SV_T(tenant ? tenant : ""), SV_I(at), SV_I(at)), n, err);
}

/* ---- keepers ------------------------------------------------------------------------------------ */

mc_err legal_docs_keepers_set(store *s, store_conn *w, arena *a, const char *tenant, const char *const *codes, size_t n,
                              const user *by, mc_time now, mc_error *err) {
    if (n > LD_MAX_KEEPERS)
        return mc_failf(err, MC_ERR_INVALID, "units", "Tối đa %d đơn vị giữ sổ.", "At most %d keeper units.",
                        LD_MAX_KEEPERS, LD_MAX_KEEPERS);
    store_conn *rd = w ? w : store_reader(s);
    org_unit root;
    mc_err e = units_get(rd, a, tenant, &root, err);
    if (e == MC_ERR_NOT_FOUND)
        return mc_failf(err, MC_ERR_INVALID, "unit", "Không có tỉnh mã %s.", "Unknown province %s.", tenant, tenant);
    if (e) return e;
    if (by && !may(by, ACT_UNIT_MANAGE, root.path))
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Chỉ quản trị viên của tỉnh chọn đơn vị giữ sổ văn bản.",
                       "Only the province's administrators choose the keepers.");
    org_unit *u = arena_alloc(a, (n ? n : 1) * sizeof *u);
    for (size_t i = 0; i < n; i++) {
        if ((e = unit_of(rd, a, codes[i], "units", &u[i], err))) return e;
        if (strcmp(u[i].tenant, root.tenant) != 0)
            return mc_failf(err, MC_ERR_INVALID, "units", "Đơn vị %s không thuộc tỉnh %s.", "Unit %s is not of %s.",
                            u[i].code, tenant, u[i].code, tenant);
        for (size_t k = 0; k < i; k++)
            if (u[k].id == u[i].id)
                return mc_failf(err, MC_ERR_INVALID, "units", "Đơn vị %s được chọn hai lần.", "Unit %s given twice.",
                                u[i].code, u[i].code);
    }
    store_conn *tx = w ? w : store_begin_tenant(s, root.tenant, err);
    if (!tx) return err->code;
    e = store_exec(tx, Q_LD_KEEPERS_CLEAR, SV_ARGS(SV_T(root.tenant)), NULL, err);
    const char *names = "";
    for (size_t i = 0; !e && i < n; i++) {
        e = store_exec(tx, Q_LD_KEEPER_ADD, SV_ARGS(SV_T(root.tenant), SV_I(u[i].id)), NULL, err);
        names = arena_printf(a, "%s%s%s", names, i ? ", " : "", u[i].name);
    }
    if (!e && by)
        e = journal_record(
            tx, root.tenant, "legal_doc", 0, by, ACT_UNIT_MANAGE, "keepers.set", NULL, "set", NULL,
            arena_printf(a, "Đơn vị giữ sổ văn bản quy phạm pháp luật của %s: %s", root.name, n ? names : "(không có)"),
            now, err);
    if (w) return e;
    return store_finish(tx, e, err);
}

/* ---- statistics -------------------------------------------------------------------------------- */

static bool under(const char *path, const char *root) {
    return path && root && !strncmp(path, root, strlen(root));
}

mc_err legal_docs_stats(store_conn *c, arena *a, const char *tenant, const char *unit_path, mc_day from, mc_day to,
                        ld_stats_row **rows, size_t *n, ld_stats_row *total, mc_error *err) {
    *rows = NULL;
    *n = 0;
    memset(total, 0, sizeof *total);
    legal_doc *docs;
    size_t nd, nr;
    ld_review *rv;
    mc_err e = load_all(c, a, tenant, to, &docs, &nd, &rv, &nr, err);
    if (e) return e;
    org_unit *units;
    size_t nu;
    if ((e = units_list(c, a, tenant, &units, &nu, err))) return e;
    ld_stats_row *v = arena_alloc(a, (nu ? nu : 1) * sizeof *v);
    size_t nres;
    const ld_choice *res = ld_results(&nres);
    /* per unit (tree order), a row when anything counts */
    for (size_t u = 0; u < nu; u++) {
        if (!under(units[u].path, unit_path)) continue;
        ld_stats_row x = {.unit_id = units[u].id, .unit_code = units[u].code, .unit_name = units[u].name};
        for (size_t i = 0; i < nd; i++) {
            const legal_doc *d = &docs[i];
            if (d->issuer_unit_id != units[u].id) continue;
            mc_day di = day_of(d->issued_on);
            if (di && di <= to && ld_status_in_force(d->status)) x.in_force++;
            if (di >= from && di <= to) x.issued++;
            for (size_t k = 0; k < d->nchanges; k++) {
                mc_day ef = day_of(d->changes[k].effective_on);
                if (d->changes[k].to_status && ef >= from && ef <= to) {
                    x.changed++;
                    break;
                }
            }
        }
        /* reviews by this unit; distinct documents per kind */
        for (size_t i = 0; i < nr; i++) {
            const ld_review *r = &rv[i];
            mc_day dd = day_of(r->done_on);
            if (strcmp(r->unit_code, units[u].code) != 0 || dd < from || dd > to) continue;
            x.reviews++;
            if (ld_result_acts(r->result)) x.to_act++;
            for (size_t k = 0; k < nres; k++)
                if (!strcmp(res[k].code, r->result)) x.by_result[k]++;
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++) {
                const ld_review *q = &rv[j];
                mc_day qd = day_of(q->done_on);
                seen = q->doc_id == r->doc_id && !strcmp(q->kind, r->kind) && !strcmp(q->unit_code, r->unit_code) &&
                       qd >= from && qd <= to;
            }
            if (!seen) {
                if (!strcmp(r->kind, "review"))
                    x.reviewed++;
                else
                    x.self_checked++;
            }
        }
        if (!(x.issued || x.in_force || x.changed || x.reviews)) continue;
        v[(*n)++] = x;
        total->issued += x.issued;
        total->in_force += x.in_force;
        total->changed += x.changed;
        total->reviews += x.reviews;
        total->to_act += x.to_act;
        for (size_t k = 0; k < nres; k++) total->by_result[k] += x.by_result[k];
    }
    /* distinct documents over the whole subtree */
    for (size_t i = 0; i < nr; i++) {
        const ld_review *r = &rv[i];
        mc_day dd = day_of(r->done_on);
        if (!under(r->unit_path, unit_path) || dd < from || dd > to) continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) {
            const ld_review *q = &rv[j];
            mc_day qd = day_of(q->done_on);
            seen = q->doc_id == r->doc_id && !strcmp(q->kind, r->kind) && under(q->unit_path, unit_path) &&
                   qd >= from && qd <= to;
        }
        if (seen) continue;
        if (!strcmp(r->kind, "review"))
            total->reviewed++;
        else
            total->self_checked++;
    }
    *rows = v;
    return MC_OK;
}

/* ---- systematisation --------------------------------------------------------------------------- */

mc_err legal_docs_system(store_conn *c, arena *a, const char *tenant, const char *issuer_code, int first_year,
                         ld_system *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    if (!ld_cycle_valid(first_year))
        return mc_fail(err, MC_ERR_INVALID, "cycle",
                       "Kỳ hệ thống hóa là 5 năm bắt đầu từ 2019 (2019 – 2023, 2024 – 2028, ...): chọn năm đầu kỳ.",
                       "cycle: the first year of a 5-year cycle from 2019.");
    org_unit iu;
    mc_err e = unit_of(c, a, issuer_code && *issuer_code ? issuer_code : tenant, "issuer", &iu, err);
    if (e) return e;
    if (strcmp(iu.tenant, tenant) != 0)
        return mc_fail(err, MC_ERR_INVALID, "issuer", "Đơn vị ban hành không thuộc tỉnh này.",
                       "The issuer is not of this province.");
    static const char *const prov[] = {"province", "peoples_committee", "peoples_council", NULL};
    bool province = kind_in(iu.kind, prov);
    out->first_year = first_year;
    out->last_year = first_year + 4;
    out->start = day_from_ymd(first_year, 1, 1);
    out->cutoff = day_from_ymd(first_year + 4, 12, 31);
    legal_doc *docs;
    size_t nd, nr;
    ld_review *rv;
    if ((e = load_all(c, a, tenant, out->cutoff, &docs, &nd, &rv, &nr, err))) return e;
    out->in_force = arena_alloc(a, (nd ? nd : 1) * sizeof *out->in_force);
    out->ended = arena_alloc(a, (nd ? nd : 1) * sizeof *out->ended);
    out->to_act = arena_alloc(a, (nd ? nd : 1) * sizeof *out->to_act);
    /* Oldest first in each list. */
    for (size_t x = nd; x-- > 0;) {
        legal_doc *d = &docs[x];
        if (!d->issuer_unit_id) continue;
        const ld_type *t = ld_type_find(d->doc_type);
        if (province ? !(t && !strcmp(t->level, "province")) : d->issuer_unit_id != iu.id) continue;
        mc_day di = day_of(d->issued_on);
        if (!di || di > out->cutoff) continue;
        ld_status st = d->status;
        if (ld_status_in_force(st) || st == LD_NOT_YET)
            out->in_force[out->nin_force++] = (ld_system_line){.doc = d, .status = st};
        /* list 2: wholly or partly expired or suspended by something taking effect within the cycle */
        if (!ld_status_in_force(st) || st != LD_IN_FORCE) {
            const ld_change *last = NULL;
            for (size_t k = 0; k < d->nchanges; k++) {
                mc_day ef = day_of(d->changes[k].effective_on);
                int ts = ld_status_parse(d->changes[k].to_status);
                if (ts < 0 || ts == LD_IN_FORCE || ef < out->start || ef > out->cutoff) continue;
                last = &d->changes[k];
            }
            mc_day ex = day_of(d->expires_on);
            bool by_expiry = ex && ex >= out->start && ex <= out->cutoff;
            if ((last || by_expiry) && st != LD_IN_FORCE && st != LD_NOT_YET)
                out->ended[out->nended++] = (ld_system_line){.doc = d, .status = st, .change = last};
        }
        /* list 3: in force at the cut-off, its last review by then asks for action */
        if (ld_status_in_force(st)) {
            const ld_review *lr = NULL;
            for (size_t k = 0; k < nr; k++)
                if (rv[k].doc_id == d->id && day_of(rv[k].done_on) <= out->cutoff) lr = &rv[k];
            if (lr && ld_result_acts(lr->result))
                out->to_act[out->nto_act++] = (ld_system_line){.doc = d, .status = st, .review = lr};
        }
    }
    return MC_OK;
}
