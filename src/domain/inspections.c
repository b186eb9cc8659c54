/* inspections.c - CCHC inspections: plans, inspections, findings, remedies with evidence, closing, the data
 * drawn from dossiers and the statistics (inspections.h). */
#include "inspections.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field_limits.h"
#include "journal.h"
#include "perm.h"
#include "text.h"
#include "units.h"

/* ---- tables and pure rules --------------------------------------------------------------------- */

/* The areas the issue names for the one-stop shop, then the 7 tasks of the CCHC programme
 * (measurement.md §6), then "other". The codes are what the store and the API keep. */
static const insp_area areas[] = {
    {"one_stop", "Thực hiện cơ chế một cửa, một cửa liên thông", "mot_cua"},
    {"late_dossiers", "Hồ sơ trễ hạn và văn bản xin lỗi", "mot_cua"},
    {"publicity", "Công khai thủ tục hành chính", "mot_cua"},
    {"staff_conduct", "Thái độ, tác phong, trách nhiệm của cán bộ, công chức", "mot_cua"},
    {"feedback", "Tiếp nhận, xử lý phản ánh, kiến nghị", "mot_cua"},
    {"direction", "Công tác chỉ đạo, điều hành cải cách hành chính", "cchc"},
    {"institutions", "Cải cách thể chế", "cchc"},
    {"procedures", "Cải cách thủ tục hành chính", "cchc"},
    {"organisation", "Cải cách tổ chức bộ máy hành chính nhà nước", "cchc"},
    {"civil_service", "Cải cách chế độ công vụ", "cchc"},
    {"public_finance", "Cải cách tài chính công", "cchc"},
    {"digital_government", "Xây dựng, phát triển Chính quyền điện tử, Chính quyền số", "cchc"},
    {"other", "Nội dung khác", "khac"},
};

const insp_area *insp_areas(size_t *n) {
    *n = sizeof areas / sizeof areas[0];
    return areas;
}

const insp_area *insp_area_find(const char *code) {
    for (size_t i = 0; code && i < sizeof areas / sizeof areas[0]; i++)
        if (!strcmp(areas[i].code, code)) return &areas[i];
    return NULL;
}

static const char *const mode_names[] = {"on_site", "by_report", "ad_hoc"};
static const char *const mode_labels[] = {"Kiểm tra trực tiếp", "Kiểm tra qua báo cáo", "Kiểm tra đột xuất"};

int insp_mode_parse(const char *s) {
    for (int i = 0; s && i < 3; i++)
        if (!strcmp(s, mode_names[i])) return i;
    return -1;
}

const char *insp_mode_name(insp_mode m) {
    return m <= INSP_AD_HOC ? mode_names[m] : "?";
}

const char *insp_mode_label(insp_mode m) {
    return m <= INSP_AD_HOC ? mode_labels[m] : "?";
}

insp_finding_state insp_finding_state_of(bool closed, bool on_time, size_t remedies, mc_day due, mc_day today) {
    if (closed) return on_time ? INSP_F_DONE : INSP_F_DONE_LATE;
    if (today > due) return INSP_F_OVERDUE;
    return remedies ? INSP_F_IN_PROGRESS : INSP_F_OPEN;
}

const char *insp_finding_state_name(insp_finding_state s) {
    static const char *const n[] = {"open", "in_progress", "overdue", "done", "done_late"};
    return s <= INSP_F_DONE_LATE ? n[s] : "?";
}

const char *insp_finding_state_label(insp_finding_state s) {
    static const char *const n[] = {"Chưa khắc phục", "Đang khắc phục", "Quá hạn khắc phục", "Đã khắc phục đúng hạn",
                                    "Đã khắc phục, trễ hạn"};
    return s <= INSP_F_DONE_LATE ? n[s] : "?";
}

bool insp_closed_on_time(mc_time closed_at, mc_day due) {
    return time_local_day(closed_at) <= due;
}

mc_err insp_areas_check(const char *list, const char *field, mc_error *err) {
    if (!list || !*list || list[strlen(list) - 1] == ',')
        return mc_fail(err, MC_ERR_INVALID, field,
                       "Vui lòng chọn ít nhất một nội dung kiểm tra (mã cách nhau bởi dấu phẩy).",
                       "At least one area is required (codes separated by commas).");
    char seen[sizeof areas / sizeof areas[0]] = {0};
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        size_t k = 0;
        for (; k < sizeof areas / sizeof areas[0]; k++)
            if (strlen(areas[k].code) == n && !strncmp(areas[k].code, p, n)) break;
        if (k == sizeof areas / sizeof areas[0])
            return mc_failf(err, MC_ERR_INVALID, field, "Nội dung kiểm tra \"%.*s\" không có trong danh mục.",
                            "Unknown area \"%.*s\".", (int)(n > 64 ? 64 : n), p, (int)(n > 64 ? 64 : n), p);
        if (seen[k]++)
            return mc_failf(err, MC_ERR_INVALID, field, "Nội dung kiểm tra \"%s\" được chọn hai lần.",
                            "Area \"%s\" given twice.", areas[k].code, areas[k].code);
        p += n;
        if (*p == ',') p++;
    }
    return MC_OK;
}

/* ---- permissions ------------------------------------------------------------------------------ */

static bool may(const user *by, perm_action act, const char *path) {
    return by && path && perm_allows(by->roles, by->unit_path, act, path);
}

static bool may_read_unit(const user *by, const char *path) {
    return may(by, ACT_INSPECTION_READ, path) || may(by, ACT_INSPECTION_MANAGE, path);
}

bool inspections_may_manage(const user *by, const inspection *i) {
    return may(by, ACT_INSPECTION_MANAGE, i->unit_path);
}

bool inspections_may_remedy(const user *by, const inspection *i, const insp_finding *f) {
    return may(by, ACT_INSPECTION_REMEDY, f->unit_path) || inspections_may_manage(by, i);
}

static mc_err forbidden_manage(mc_error *err) {
    return mc_fail(err, MC_ERR_FORBIDDEN, NULL,
                   "Kiểm tra cải cách hành chính dành cho cán bộ giám sát và quản trị viên quản lý đơn vị này.",
                   "Only supervisors and administrators over the unit manage inspections.");
}

static mc_err plan_not_found(mc_error *err) {
    return mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Không có kế hoạch kiểm tra này (hoặc nằm ngoài phạm vi của bạn).",
                   "No such inspection plan.");
}

static mc_err not_found(mc_error *err) {
    return mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Không có cuộc kiểm tra này (hoặc nằm ngoài phạm vi của bạn).",
                   "No such inspection.");
}

/* ---- input checks ----------------------------------------------------------------------------- */

/* A unit by code, for `field`: 400 when unknown. */
static mc_err unit_of(store_conn *c, arena *a, const char *code, const char *field, org_unit *u, mc_error *err) {
    if (!code || !*code) return mc_fail(err, MC_ERR_INVALID, field, "Vui lòng chọn đơn vị.", "A unit is required.");
    mc_err e = units_get(c, a, code, u, err);
    if (e == MC_ERR_NOT_FOUND)
        return mc_failf(err, MC_ERR_INVALID, field, "Không có đơn vị mã %s.", "Unknown unit %s.", code, code);
    return e;
}

/* ---- plans ------------------------------------------------------------------------------------ */

#define TXT(r, i) (store_null(r, i) ? NULL : arena_strdup(a, store_text(r, i)))

static void plan_read(store_rows *r, arena *a, insp_plan *p) {
    *p = (insp_plan){.id = store_int(r, 0),
                     .tenant = TXT(r, 1),
                     .year = (int)store_int(r, 2),
                     .decision_no = TXT(r, 3),
                     .decision_date = TXT(r, 4),
                     .title = TXT(r, 5),
                     .lead_unit_id = store_int(r, 6),
                     .lead_unit_code = TXT(r, 7),
                     .lead_unit_name = TXT(r, 8),
                     .lead_unit_path = TXT(r, 9),
                     .created_by_name = TXT(r, 10),
                     .created_at = store_int(r, 11)};
}

static void target_read(store_rows *r, arena *a, insp_target *t) {
    int m = insp_mode_parse(store_text(r, 8));
    *t = (insp_target){.id = store_int(r, 0),
                       .plan_id = store_int(r, 1),
                       .unit_id = store_int(r, 2),
                       .unit_code = TXT(r, 3),
                       .unit_name = TXT(r, 4),
                       .unit_path = TXT(r, 5),
                       .planned_date = TXT(r, 6),
                       .areas = TXT(r, 7),
                       .mode = m < 0 ? INSP_ON_SITE : (insp_mode)m,
                       .inspection_id = store_null(r, 9) ? 0 : store_int(r, 9),
                       .tenant = TXT(r, 10)};
}

/* Checks one target for a plan of `tenant` and year, reading its unit into *u. */
static mc_err target_check(store_conn *c, arena *a, const insp_target_new *t, const char *prefix, const user *by,
                           const char *tenant, int year, org_unit *u, mc_error *err) {
    char f[64];
    snprintf(f, sizeof f, "%sunit", prefix);
    mc_err e = unit_of(c, a, t->unit_code, f, u, err);
    if (e) return e;
    if (!may(by, ACT_INSPECTION_MANAGE, u->path))
        return mc_failf(err, MC_ERR_FORBIDDEN, f, "Đơn vị %s nằm ngoài phạm vi quản lý của bạn.",
                        "Unit %s is outside your scope.", u->code, u->code);
    if (strcmp(u->tenant, tenant) != 0)
        return mc_failf(err, MC_ERR_INVALID, f, "Đơn vị %s thuộc tỉnh khác với đơn vị chủ trì kế hoạch.",
                        "Unit %s is of another province than the plan.", u->code, u->code);
    snprintf(f, sizeof f, "%splanned_date", prefix);
    mc_day d;
    if ((e = field_need_day(t->planned_date, f, "Ngày kiểm tra dự kiến", &d, err))) return e;
    int y, m, dd;
    day_to_ymd(d, &y, &m, &dd);
    if (y != year)
        return mc_failf(err, MC_ERR_INVALID, f, "Ngày kiểm tra dự kiến phải thuộc năm %d của kế hoạch.",
                        "The planned day must be in the plan's year %d.", year, year);
    snprintf(f, sizeof f, "%sareas", prefix);
    if ((e = insp_areas_check(t->areas, f, err))) return e;
    snprintf(f, sizeof f, "%smode", prefix);
    if (insp_mode_parse(t->mode) < 0)
        return mc_fail(
            err, MC_ERR_INVALID, f,
            "Hình thức kiểm tra phải là on_site (trực tiếp), by_report (qua báo cáo) hoặc ad_hoc (đột xuất).",
            "mode: on_site, by_report or ad_hoc.");
    return MC_OK;
}

static mc_err target_insert(store_conn *w, arena *a, int64_t plan_id, const insp_target_new *t, const org_unit *u,
                            const user *by, mc_time now, int64_t *id, mc_error *err) {
    char d[11];
    mc_day day;
    day_parse(t->planned_date, &day);
    day_format(day, d);
    mc_err e = store_insert_id(
        w, Q_INSP_TARGET_INSERT,
        SV_ARGS(SV_T(u->tenant), SV_I(plan_id), SV_I(u->id), SV_T(d), SV_T(t->areas), SV_T(t->mode), SV_I(now)), id,
        err);
    if (!e)
        e = journal_record(w, u->tenant, "inspection_plan", plan_id, by, ACT_INSPECTION_MANAGE, "plan.target",
                           "planned", "planned", NULL,
                           arena_printf(a, "Đối tượng kiểm tra: %s (%s); ngày dự kiến %s; %s; nội dung: %s", u->name,
                                        u->code, d, insp_mode_label((insp_mode)insp_mode_parse(t->mode)), t->areas),
                           now, err);
    return e;
}

mc_err inspections_plan_create(store *s, arena *a, const insp_plan_new *in, const user *by, mc_time now, int64_t *id,
                               mc_error *err) {
    if (!by || perm_scope_of(by->roles, ACT_INSPECTION_MANAGE) == SCOPE_NONE) return forbidden_manage(err);
    if (in->year < 2000 || in->year > 2100)
        return mc_fail(err, MC_ERR_INVALID, "year", "Năm của kế hoạch kiểm tra phải từ 2000 đến 2100.",
                       "year must be 2000 to 2100.");
    mc_err e = field_need_text(in->title, "title", "tên kế hoạch kiểm tra", err);
    if (!e) e = field_limit_check("decision_no", "decision_no", in->decision_no, err);
    mc_day dd = 0;
    if (!e && in->decision_date)
        e = field_need_day(in->decision_date, "decision_date", "Ngày ban hành kế hoạch", &dd, err);
    if (e) return e;
    if (in->ntargets > INSP_MAX_TARGETS)
        return mc_failf(err, MC_ERR_TOO_LARGE, "targets", "Một kế hoạch có tối đa %d đối tượng kiểm tra.",
                        "At most %d targets a plan.", INSP_MAX_TARGETS, INSP_MAX_TARGETS);
    store_conn *rd = store_reader(s);
    org_unit lead;
    if ((e = unit_of(rd, a, in->lead_unit_code, "lead_unit", &lead, err))) return e;
    if (!may(by, ACT_INSPECTION_MANAGE, lead.path))
        return mc_fail(err, MC_ERR_FORBIDDEN, "lead_unit", "Đơn vị chủ trì nằm ngoài phạm vi quản lý của bạn.",
                       "The lead unit is outside your scope.");
    org_unit *tu = arena_alloc(a, (in->ntargets ? in->ntargets : 1) * sizeof *tu);
    for (size_t i = 0; i < in->ntargets; i++)
        if ((e = target_check(rd, a, &in->targets[i], arena_printf(a, "targets[%zu].", i), by, lead.tenant, in->year,
                              &tu[i], err)))
            return e;
    char dds[11] = "";
    if (in->decision_date) day_format(dd, dds);
    store_conn *w = store_begin_tenant(s, lead.tenant, err);
    if (!w) return err->code;
    e = store_insert_id(w, Q_INSP_PLAN_INSERT,
                        SV_ARGS(SV_T(lead.tenant), SV_I(in->year), SV_T(in->decision_no),
                                SV_T(in->decision_date ? dds : NULL), SV_I(lead.id), SV_T(in->title), SV_I(by->id),
                                SV_I(now)),
                        id, err);
    if (!e)
        e = journal_record(
            w, lead.tenant, "inspection_plan", *id, by, ACT_INSPECTION_MANAGE, "plan.create", NULL, "planned", NULL,
            arena_printf(a, "Kế hoạch kiểm tra năm %d: %s; đơn vị chủ trì %s%s%s", in->year, in->title, lead.name,
                         in->decision_no ? "; quyết định " : "", in->decision_no ? in->decision_no : ""),
            now, err);
    for (size_t i = 0; !e && i < in->ntargets; i++) {
        int64_t tid;
        e = target_insert(w, a, *id, &in->targets[i], &tu[i], by, now, &tid, err);
    }
    return store_finish(w, e, err);
}

mc_err inspections_plan_get(store_conn *c, arena *a, int64_t id, const user *by, insp_plan *out, mc_error *err) {
    char tenant[UNITS_TENANT_MAX];
    store_rows *r;
    const char *t = by ? units_tenant_or_null(c, by->unit_path, tenant) : NULL;
    int k = store_first_in(c, Q_INSP_PLAN_GET_IN, SV_ARGS(SV_I(id), SV_T(t)), Q_INSP_PLAN_GET, SV_ARGS(SV_I(id)), &r,
                           err);
    if (k == 1) plan_read(r, a, out);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0 || !may_read_unit(by, out->lead_unit_path)) return plan_not_found(err);
    if (!(r = store_query(c, Q_INSP_TARGETS, SV_ARGS(SV_T(out->tenant), SV_I(id), SV_T(out->tenant)), err))) return err->code;
    size_t cap = 8;
    out->targets = arena_alloc(a, cap * sizeof *out->targets);
    out->ntargets = 0;
    while ((k = store_next(r, err)) == 1) {
        if (out->ntargets == cap) out->targets = arena_grow(a, out->targets, &cap, sizeof *out->targets);
        target_read(r, a, &out->targets[out->ntargets++]);
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err inspections_plans(store_conn *c, arena *a, const user *by, int year, insp_plan **out, size_t *n, mc_error *err) {
    *out = NULL;
    *n = 0;
    if (!by || (perm_scope_of(by->roles, ACT_INSPECTION_READ) == SCOPE_NONE &&
                perm_scope_of(by->roles, ACT_INSPECTION_MANAGE) == SCOPE_NONE))
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL,
                       "Kế hoạch kiểm tra cải cách hành chính dành cho cán bộ giám sát, lãnh đạo và quản trị viên.",
                       "Inspection plans are for supervisors, leaders and administrators.");
    /* the plans of the province the user works in */
    char tenant[UNITS_TENANT_MAX];
    const char *t = units_tenant_or_null(c, by->unit_path, tenant);
    store_rows *r = store_query(c, Q_INSP_PLAN_LIST, SV_ARGS(SV_I(year), SV_I(year), SV_T(t)), err);
    if (!r) return err->code;
    size_t cap = 8;
    insp_plan *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        insp_plan p;
        plan_read(r, a, &p);
        if (!may_read_unit(by, p.lead_unit_path)) continue;
        if (*n == cap) v = arena_grow(a, v, &cap, sizeof *v);
        v[(*n)++] = p;
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    return MC_OK;
}

mc_err inspections_target_add(store *s, arena *a, int64_t plan_id, const insp_target_new *in, const user *by,
                              mc_time now, int64_t *id, mc_error *err) {
    store_conn *rd = store_reader(s);
    insp_plan p;
    mc_err e = inspections_plan_get(rd, a, plan_id, by, &p, err);
    if (e) return e;
    if (!may(by, ACT_INSPECTION_MANAGE, p.lead_unit_path)) return forbidden_manage(err);
    if (p.ntargets >= INSP_MAX_TARGETS)
        return mc_failf(err, MC_ERR_TOO_LARGE, "targets", "Một kế hoạch có tối đa %d đối tượng kiểm tra.",
                        "At most %d targets a plan.", INSP_MAX_TARGETS, INSP_MAX_TARGETS);
    org_unit u;
    if ((e = target_check(rd, a, in, "", by, p.tenant, p.year, &u, err))) return e;
    store_conn *w = store_begin_tenant(s, p.tenant, err);
    if (!w) return err->code;
    return store_finish(w, target_insert(w, a, plan_id, in, &u, by, now, id, err), err);
}

/* ---- inspections ------------------------------------------------------------------------------ */

static void insp_read(store_rows *r, arena *a, inspection *i) {
    int m = insp_mode_parse(store_text(r, 9));
    *i = (inspection){.id = store_int(r, 0),
                      .tenant = TXT(r, 1),
                      .target_id = store_null(r, 2) ? 0 : store_int(r, 2),
                      .plan_id = store_null(r, 3) ? 0 : store_int(r, 3),
                      .plan_title = TXT(r, 4),
                      .unit_id = store_int(r, 5),
                      .unit_code = TXT(r, 6),
                      .unit_name = TXT(r, 7),
                      .unit_path = TXT(r, 8),
                      .mode = m < 0 ? INSP_AD_HOC : (insp_mode)m,
                      .period_from = TXT(r, 10),
                      .period_to = TXT(r, 11),
                      .inspected_on = TXT(r, 12),
                      .team = TXT(r, 13),
                      .concluded = !strcmp(store_text(r, 14), "concluded"),
                      .conclusion_no = TXT(r, 15),
                      .conclusion_date = TXT(r, 16),
                      .created_by_name = TXT(r, 17),
                      .created_at = store_int(r, 18),
                      .findings = store_int(r, 19),
                      .open_findings = store_int(r, 20)};
}

mc_err inspections_open(store *s, arena *a, const insp_new *in, const user *by, mc_time now, int64_t *id,
                        mc_error *err) {
    if (!by || perm_scope_of(by->roles, ACT_INSPECTION_MANAGE) == SCOPE_NONE) return forbidden_manage(err);
    store_conn *rd = store_reader(s);
    org_unit u;
    mc_err e;
    const char *mode = in->mode;
    insp_target t = {0};
    if (in->target_id) {
        char tenant[UNITS_TENANT_MAX];
        store_rows *r;
        const char *tn = by ? units_tenant_or_null(rd, by->unit_path, tenant) : NULL;
        int k = store_first_in(rd, Q_INSP_TARGET_GET_IN, SV_ARGS(SV_T(tn), SV_I(in->target_id), SV_T(tn)), Q_INSP_TARGET_GET,
                               SV_ARGS(SV_I(in->target_id)), &r, err);
        if (k == 1) target_read(r, a, &t);
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
        if (k == 0 || !may(by, ACT_INSPECTION_MANAGE, t.unit_path))
            return mc_fail(err, MC_ERR_INVALID, "target",
                           "Không có đối tượng kiểm tra này trong kế hoạch (hoặc nằm ngoài phạm vi của bạn).",
                           "No such plan target.");
        if (t.inspection_id)
            return mc_fail(err, MC_ERR_CONFLICT, "target", "Đối tượng này đã được kiểm tra theo kế hoạch.",
                           "The target was inspected already.");
        if ((e = units_get(rd, a, t.unit_code, &u, err))) return e;
        mode = insp_mode_name(t.mode);
    } else {
        if ((e = unit_of(rd, a, in->unit_code, "unit", &u, err))) return e;
        if (!mode) mode = "ad_hoc";
        if (insp_mode_parse(mode) < 0)
            return mc_fail(
                err, MC_ERR_INVALID, "mode",
                "Hình thức kiểm tra phải là on_site (trực tiếp), by_report (qua báo cáo) hoặc ad_hoc (đột xuất).",
                "mode: on_site, by_report or ad_hoc.");
    }
    if (!may(by, ACT_INSPECTION_MANAGE, u.path))
        return mc_fail(err, MC_ERR_FORBIDDEN, "unit", "Đơn vị được kiểm tra nằm ngoài phạm vi quản lý của bạn.",
                       "The unit is outside your scope.");
    mc_day from, to, on;
    if ((e = field_need_day(in->period_from, "period_from", "Ngày đầu kỳ được kiểm tra", &from, err))) return e;
    if ((e = field_need_day(in->period_to, "period_to", "Ngày cuối kỳ được kiểm tra", &to, err))) return e;
    if (to < from)
        return mc_fail(err, MC_ERR_INVALID, "period_to", "Ngày cuối kỳ được kiểm tra ở trước ngày đầu kỳ.",
                       "period_to before period_from.");
    if (to - from > INSP_MAX_PERIOD_DAYS)
        return mc_fail(err, MC_ERR_INVALID, "period_to", "Kỳ được kiểm tra dài tối đa 10 năm.",
                       "The period is at most 10 years.");
    if ((e = field_need_day(in->inspected_on, "inspected_on", "Ngày kiểm tra", &on, err))) return e;
    if ((e = field_need_text(in->team, "team", "thành phần đoàn kiểm tra", err))) return e;
    char fd[11], td[11], od[11];
    day_format(from, fd);
    day_format(to, td);
    day_format(on, od);
    store_conn *w = store_begin_tenant(s, u.tenant, err);
    if (!w) return err->code;
    e = store_insert_id(w, Q_INSP_INSERT,
                        SV_ARGS(SV_T(u.tenant), in->target_id ? SV_I(in->target_id) : SV_N, SV_I(u.id), SV_T(mode),
                                SV_T(fd), SV_T(td), SV_T(od), SV_T(in->team), SV_I(by->id), SV_I(now)),
                        id, err);
    if (!e)
        e = journal_record(
            w, u.tenant, "inspection", *id, by, ACT_INSPECTION_MANAGE, "inspection.open", NULL, "open", NULL,
            arena_printf(a, "%s %s (%s); kỳ được kiểm tra %s – %s; ngày kiểm tra %s%s",
                         insp_mode_label(insp_mode_parse(mode)), u.name, u.code, fd, td, od,
                         in->target_id ? arena_printf(a, "; theo kế hoạch số %lld", (long long)t.plan_id) : ""),
            now, err);
    return store_finish(w, e, err);
}

/* Reads the findings, remedies and evidence of i. */
static mc_err insp_details(store_conn *c, arena *a, inspection *i, mc_time now, mc_error *err) {
    store_rows *r = store_query(c, Q_INSP_FINDINGS, SV_ARGS(SV_I(i->id), SV_T(i->tenant)), err);
    if (!r) return err->code;
    size_t cap = 8;
    i->f = arena_alloc(a, cap * sizeof *i->f);
    i->nf = 0;
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (i->nf == cap) i->f = arena_grow(a, i->f, &cap, sizeof *i->f);
        insp_finding *f = &i->f[i->nf++];
        *f = (insp_finding){.id = store_int(r, 0),
                            .seq = (int)store_int(r, 1),
                            .area = TXT(r, 2),
                            .description = TXT(r, 3),
                            .recommendation = TXT(r, 4),
                            .unit_id = store_int(r, 5),
                            .unit_code = TXT(r, 6),
                            .unit_name = TXT(r, 7),
                            .unit_path = TXT(r, 8),
                            .due_date = TXT(r, 9),
                            .raised_at = store_int(r, 10),
                            .closed_at = store_null(r, 11) ? 0 : store_int(r, 11),
                            .closed_by_name = TXT(r, 12),
                            .close_note = TXT(r, 13),
                            .on_time = !store_null(r, 14) && store_int(r, 14) == 1,
                            .raised_by_name = TXT(r, 15)};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    /* Remedies, in order, each under its finding (a finding has at most INSP_MAX_REMEDIES). */
    if (!(r = store_query(c, Q_INSP_REMEDIES, SV_ARGS(SV_I(i->id), SV_T(i->tenant)), err))) return err->code;
    while ((k = store_next(r, err)) == 1) {
        int64_t fid = store_int(r, 1);
        for (size_t x = 0; x < i->nf; x++) {
            insp_finding *f = &i->f[x];
            if (f->id != fid) continue;
            if (!f->remedies) f->remedies = arena_alloc(a, INSP_MAX_REMEDIES * sizeof *f->remedies);
            if (f->nremedies < INSP_MAX_REMEDIES)
                f->remedies[f->nremedies++] = (insp_remedy){.id = store_int(r, 0),
                                                            .report = TXT(r, 2),
                                                            .reported_at = store_int(r, 3),
                                                            .reported_by_name = TXT(r, 4),
                                                            .reported_by_unit = TXT(r, 5)};
        }
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (!(r = store_query(c, Q_INSP_EVIDENCE, SV_ARGS(SV_I(i->id), SV_T(i->tenant)), err))) return err->code;
    while ((k = store_next(r, err)) == 1) {
        int64_t rid = store_int(r, 1);
        for (size_t x = 0; x < i->nf; x++)
            for (size_t y = 0; y < i->f[x].nremedies; y++) {
                insp_remedy *m = &i->f[x].remedies[y];
                if (m->id != rid) continue;
                if (!m->files) m->files = arena_alloc(a, INSP_MAX_FILES * sizeof *m->files);
                if (m->nfiles < INSP_MAX_FILES)
                    m->files[m->nfiles++] = (insp_evidence){.id = store_int(r, 0),
                                                            .remedy_id = rid,
                                                            .name = TXT(r, 2),
                                                            .mime = TXT(r, 3),
                                                            .size = store_int(r, 4),
                                                            .sha256 = TXT(r, 5),
                                                            .stored = TXT(r, 6)};
            }
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    mc_day today = time_local_day(now);
    for (size_t x = 0; x < i->nf; x++) {
        insp_finding *f = &i->f[x];
        mc_day due = 0;
        day_parse(f->due_date, &due);
        f->state = insp_finding_state_of(f->closed_at != 0, f->on_time, f->nremedies, due, today);
    }
    return MC_OK;
}

mc_err inspections_get(store_conn *c, arena *a, int64_t id, const user *by, mc_time now, inspection *out,
                       mc_error *err) {
    char tenant[UNITS_TENANT_MAX];
    store_rows *r;
    const char *t = by ? units_tenant_or_null(c, by->unit_path, tenant) : NULL;
    /* the counts of findings in the select list take the tenant as a parameter: Citus sends a correlated
     * sub-query to every shard */
    int k = store_first_in(c, Q_INSP_GET_IN, SV_ARGS(SV_T(t), SV_T(t), SV_I(id), SV_T(t)), Q_INSP_GET,
                           SV_ARGS(SV_I(id)), &r, err);
    if (k == 1) insp_read(r, a, out);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0 || !by) return not_found(err);
    mc_err e = insp_details(c, a, out, now, err);
    if (e) return e;
    if (may_read_unit(by, out->unit_path) || may(by, ACT_INSPECTION_REMEDY, out->unit_path)) return MC_OK;
    for (size_t x = 0; x < out->nf; x++)
        if (may(by, ACT_INSPECTION_REMEDY, out->f[x].unit_path)) return MC_OK;
    return not_found(err);
}

mc_err inspections_list(store_conn *c, arena *a, const user *by, inspection **out, size_t *n, mc_error *err) {
    *out = NULL;
    *n = 0;
    bool remedy = by && perm_scope_of(by->roles, ACT_INSPECTION_REMEDY) != SCOPE_NONE;
    if (!by || (perm_scope_of(by->roles, ACT_INSPECTION_READ) == SCOPE_NONE &&
                perm_scope_of(by->roles, ACT_INSPECTION_MANAGE) == SCOPE_NONE && !remedy))
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL,
                       "Kiểm tra cải cách hành chính dành cho cán bộ của cơ quan nhà nước.",
                       "Inspections are for officers.");
    /* The inspections with a finding whose responsible unit is in the user's remedy scope. */
    int64_t *mine = NULL;
    size_t nmine = 0, capm = 0;
    store_rows *r;
    int k;
    /* the inspections of the province the user works in */
    char tenant[UNITS_TENANT_MAX];
    const char *t = units_tenant_or_null(c, by->unit_path, tenant);
    if (remedy) {
        if (!(r = store_query(c, Q_INSP_RESPONSIBLE, SV_ARGS(SV_T(t)), err))) return err->code;
        while ((k = store_next(r, err)) == 1) {
            if (!may(by, ACT_INSPECTION_REMEDY, store_text(r, 1))) continue;
            if (nmine == capm) {
                if (!capm) {
                    capm = 8;
                    mine = arena_alloc(a, capm * sizeof *mine);
                } else {
                    mine = arena_grow(a, mine, &capm, sizeof *mine);
                }
            }
            mine[nmine++] = store_int(r, 0);
        }
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
    }
    if (!(r = store_query(c, Q_INSP_LIST, SV_ARGS(SV_T(t), SV_T(t), SV_T(t)), err))) return err->code;
    size_t cap = 8;
    inspection *v = arena_alloc(a, cap * sizeof *v);
    while ((k = store_next(r, err)) == 1) {
        inspection i;
        insp_read(r, a, &i);
        bool ok = may_read_unit(by, i.unit_path) || may(by, ACT_INSPECTION_REMEDY, i.unit_path);
        for (size_t x = 0; !ok && x < nmine; x++) ok = mine[x] == i.id;
        if (!ok) continue;
        if (*n == cap) v = arena_grow(a, v, &cap, sizeof *v);
        v[(*n)++] = i;
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    return MC_OK;
}

/* The inspection `id` as `by` may see it, for a change: 404 when unreadable. */
static mc_err load(store *s, arena *a, int64_t id, const user *by, mc_time now, inspection *i, mc_error *err) {
    if (!by) return not_found(err);
    return inspections_get(store_reader(s), a, id, by, now, i, err);
}

static insp_finding *finding_of(inspection *i, int seq, mc_error *err) {
    for (size_t x = 0; x < i->nf; x++)
        if (i->f[x].seq == seq) return &i->f[x];
    mc_failf(err, MC_ERR_NOT_FOUND, NULL, "Cuộc kiểm tra không có phát hiện số %d.", "No finding %d.", seq, seq);
    return NULL;
}

mc_err inspections_finding_add(store *s, arena *a, int64_t id, const insp_finding_new *in, const user *by, mc_time now,
                               int *seq, mc_error *err) {
    inspection i;
    mc_err e = load(s, a, id, by, now, &i, err);
    if (e) return e;
    if (!inspections_may_manage(by, &i)) return forbidden_manage(err);
    if (i.concluded)
        return mc_fail(
            err, MC_ERR_CONFLICT, NULL,
            "Cuộc kiểm tra đã có thông báo kết luận: không ghi thêm phát hiện (mở cuộc kiểm tra mới nếu cần).",
            "The inspection is concluded: no more findings.");
    if (i.nf >= INSP_MAX_FINDINGS)
        return mc_failf(err, MC_ERR_TOO_LARGE, NULL, "Một cuộc kiểm tra có tối đa %d phát hiện.",
                        "At most %d findings an inspection.", INSP_MAX_FINDINGS, INSP_MAX_FINDINGS);
    const insp_area *ar = insp_area_find(in->area);
    if (!ar)
        return mc_fail(err, MC_ERR_INVALID, "area", "Vui lòng chọn lĩnh vực của phát hiện trong danh mục.",
                       "area: one of the listed codes.");
    if ((e = field_need_text(in->description, "description", "nội dung phát hiện", err))) return e;
    if ((e = field_need_text(in->recommendation, "recommendation", "kiến nghị khắc phục", err))) return e;
    org_unit u;
    store_conn *rd = store_reader(s);
    if ((e = unit_of(rd, a, in->responsible_unit, "responsible_unit", &u, err))) return e;
    if (strcmp(u.tenant, i.tenant) != 0 || !may(by, ACT_INSPECTION_MANAGE, u.path))
        return mc_fail(
            err, MC_ERR_INVALID, "responsible_unit",
            "Đơn vị chịu trách nhiệm khắc phục phải thuộc phạm vi quản lý của bạn, cùng tỉnh với đơn vị được "
            "kiểm tra.",
            "The responsible unit must be in your scope and the inspected unit's province.");
    mc_day due;
    if ((e = field_need_day(in->due_date, "due_date", "Hạn khắc phục", &due, err))) return e;
    mc_day on = 0;
    day_parse(i.inspected_on, &on);
    if (due < on)
        return mc_fail(err, MC_ERR_INVALID, "due_date", "Hạn khắc phục không được trước ngày kiểm tra.",
                       "due_date before the inspection day.");
    char dd[11];
    day_format(due, dd);
    store_conn *w = store_begin_tenant(s, i.tenant, err);
    if (!w) return err->code;
    int64_t next = 0, fid = 0;
    e = store_scalar_int(w, Q_INSP_FINDING_NEXT, SV_ARGS(SV_I(id), SV_T(i.tenant)), &next, err);
    if (!e)
        e = store_insert_id(w, Q_INSP_FINDING_INSERT,
                            SV_ARGS(SV_T(i.tenant), SV_I(id), SV_I(next), SV_T(ar->code), SV_T(in->description),
                                    SV_T(in->recommendation), SV_I(u.id), SV_T(dd), SV_I(now), SV_I(by->id)),
                            &fid, err);
    if (!e)
        e = journal_record(
            w, i.tenant, "inspection", id, by, ACT_INSPECTION_MANAGE, "finding.add", NULL, "open", NULL,
            arena_printf(a, "Phát hiện số %lld (%s): %s; kiến nghị: %s; đơn vị khắc phục %s (%s); hạn %s",
                         (long long)next, ar->label, in->description, in->recommendation, u.name, u.code, dd),
            now, err);
    if (!e) *seq = (int)next;
    return store_finish(w, e, err);
}

mc_err inspections_remedy_report(store *s, arena *a, int64_t id, int seq, const char *report,
                                 const ds_attachment *files, size_t nfiles, const user *by, mc_time now,
                                 mc_error *err) {
    inspection i;
    mc_err e = load(s, a, id, by, now, &i, err);
    if (e) return e;
    insp_finding *f = finding_of(&i, seq, err);
    if (!f) return MC_ERR_NOT_FOUND;
    if (!inspections_may_remedy(by, &i, f))
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL,
                       "Báo cáo khắc phục do lãnh đạo, chuyên viên của đơn vị chịu trách nhiệm khắc phục gửi.",
                       "Only the responsible unit's leaders and specialists report remedies.");
    if (f->closed_at)
        return mc_fail(err, MC_ERR_CONFLICT, NULL, "Phát hiện này đã được xác nhận khắc phục xong.",
                       "The finding is closed.");
    if ((e = field_need_text(report, "report", "nội dung báo cáo khắc phục", err))) return e;
    if (f->nremedies >= INSP_MAX_REMEDIES)
        return mc_failf(err, MC_ERR_TOO_LARGE, NULL, "Một phát hiện có tối đa %d báo cáo khắc phục.",
                        "At most %d remedy reports a finding.", INSP_MAX_REMEDIES, INSP_MAX_REMEDIES);
    if (nfiles > INSP_MAX_FILES)
        return mc_failf(err, MC_ERR_TOO_LARGE, "file", "Mỗi báo cáo khắc phục kèm tối đa %d tệp minh chứng.",
                        "At most %d evidence files a report.", INSP_MAX_FILES, INSP_MAX_FILES);
    store_conn *w = store_begin_tenant(s, i.tenant, err);
    if (!w) return err->code;
    int64_t rid = 0;
    e = store_insert_id(w, Q_INSP_REMEDY_INSERT,
                        SV_ARGS(SV_T(i.tenant), SV_I(f->id), SV_T(report), SV_I(now), SV_I(by->id)), &rid, err);
    for (size_t x = 0; !e && x < nfiles; x++)
        e = store_exec(w, Q_INSP_EVIDENCE_INSERT,
                       SV_ARGS(SV_T(i.tenant), SV_I(rid), SV_T(files[x].name), SV_T(files[x].mime), SV_I(files[x].size),
                               SV_T(files[x].sha256), SV_T(files[x].stored), SV_I(now)),
                       NULL, err);
    if (!e)
        e = journal_record(
            w, i.tenant, "inspection", id, by, ACT_INSPECTION_REMEDY, "remedy.report",
            insp_finding_state_name(f->state), "in_progress", NULL,
            arena_printf(a, "Báo cáo khắc phục phát hiện số %d (%zu tệp minh chứng): %s", seq, nfiles, report), now,
            err);
    return store_finish(w, e, err);
}

mc_err inspections_finding_close(store *s, arena *a, int64_t id, int seq, const char *note, const user *by, mc_time now,
                                 mc_error *err) {
    inspection i;
    mc_err e = load(s, a, id, by, now, &i, err);
    if (e) return e;
    insp_finding *f = finding_of(&i, seq, err);
    if (!f) return MC_ERR_NOT_FOUND;
    if (!inspections_may_manage(by, &i))
        return mc_fail(
            err, MC_ERR_FORBIDDEN, NULL,
            "Xác nhận khắc phục xong do cán bộ giám sát, quản trị viên quản lý đơn vị được kiểm tra thực hiện.",
            "Only the inspection's managers verify and close findings.");
    if (f->closed_at)
        return mc_fail(err, MC_ERR_CONFLICT, NULL, "Phát hiện này đã được xác nhận khắc phục xong.",
                       "The finding is closed already.");
    size_t evidence = 0;
    for (size_t x = 0; x < f->nremedies; x++) evidence += f->remedies[x].nfiles;
    if (!evidence)
        return mc_fail(err, MC_ERR_CONFLICT, NULL,
                       "Chưa có báo cáo khắc phục kèm tệp minh chứng: chưa xác nhận khắc phục xong được.",
                       "No remedy report with evidence yet.");
    if ((e = field_limit_check("note", "note", note, err))) return e;
    mc_day due = 0;
    day_parse(f->due_date, &due);
    bool on_time = insp_closed_on_time(now, due);
    store_conn *w = store_begin_tenant(s, i.tenant, err);
    if (!w) return err->code;
    int64_t changed = 0;
    e = store_exec(
        w, Q_INSP_FINDING_CLOSE,
        SV_ARGS(SV_I(now), SV_I(by->id), SV_I(on_time ? 1 : 0), SV_T(note && *note ? note : NULL), SV_I(f->id),
                SV_T(i.tenant)),
        &changed, err);
    if (!e && changed != 1)
        e = mc_fail(err, MC_ERR_CONFLICT, NULL, "Phát hiện này đã được xác nhận khắc phục xong.",
                    "The finding is closed already.");
    if (!e) {
        e = journal_record(w, i.tenant, "inspection", id, by, ACT_INSPECTION_MANAGE, "finding.close",
                           insp_finding_state_name(f->state), on_time ? "done" : "done_late", NULL,
                           arena_printf(a, "Xác nhận khắc phục xong phát hiện số %d, %s (hạn %s)%s%s", seq,
                                        on_time ? "đúng hạn" : "trễ hạn", f->due_date, note && *note ? ": " : "",
                                        note && *note ? note : ""),
                           now, err);
    }
    return store_finish(w, e, err);
}

mc_err inspections_conclude(store *s, arena *a, int64_t id, const char *no, const char *date, const user *by,
                            mc_time now, mc_error *err) {
    inspection i;
    mc_err e = load(s, a, id, by, now, &i, err);
    if (e) return e;
    if (!inspections_may_manage(by, &i)) return forbidden_manage(err);
    if (i.concluded)
        return mc_fail(err, MC_ERR_CONFLICT, NULL, "Cuộc kiểm tra đã có thông báo kết luận.", "Concluded already.");
    if ((e = field_need_text(no, "conclusion_no", "số thông báo kết luận kiểm tra", err))) return e;
    mc_day d;
    if ((e = field_need_day(date, "conclusion_date", "Ngày thông báo kết luận", &d, err))) return e;
    mc_day on = 0;
    day_parse(i.inspected_on, &on);
    if (d < on)
        return mc_fail(err, MC_ERR_INVALID, "conclusion_date",
                       "Ngày thông báo kết luận không được trước ngày kiểm tra.",
                       "conclusion_date before the inspection day.");
    char dd[11];
    day_format(d, dd);
    store_conn *w = store_begin_tenant(s, i.tenant, err);
    if (!w) return err->code;
    int64_t changed = 0;
    e = store_exec(w, Q_INSP_CONCLUDE, SV_ARGS(SV_T(no), SV_T(dd), SV_I(id), SV_T(i.tenant)), &changed, err);
    if (!e && changed != 1)
        e = mc_fail(err, MC_ERR_CONFLICT, NULL, "Cuộc kiểm tra đã có thông báo kết luận.", "Concluded already.");
    if (!e)
        e = journal_record(
            w, i.tenant, "inspection", id, by, ACT_INSPECTION_MANAGE, "inspection.conclude", "open", "concluded", NULL,
            arena_printf(a, "Thông báo kết luận kiểm tra số %s ngày %s; %lld phát hiện", no, dd, (long long)i.nf), now,
            err);
    return store_finish(w, e, err);
}

/* ---- the data drawn from motcua ---------------------------------------------------------------- */

mc_err inspections_drawn(store_conn *c, arena *a, const inspection *i, mc_time now, insp_drawn *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    mc_day from, to;
    if (!day_parse(i->period_from, &from) || !day_parse(i->period_to, &to))
        return mc_fail(err, MC_ERR_INTERNAL, NULL, NULL, "inspection period unreadable");
    out->from = time_from_local(from, 0);
    out->end = time_from_local(to + 1, 0);
    out->asof = now < out->end ? now : out->end;
    const char *like = arena_printf(a, "%s%%", i->unit_path);
    store_rows *r = store_query(c, Q_INSP_LATE_DOSSIERS,
                                SV_ARGS(SV_I(out->end), SV_T(like), SV_T(like), SV_I(out->from), SV_I(out->end),
                                        SV_I(out->end), SV_I(out->end), SV_I(out->asof), SV_T(i->tenant)),
                                err);
    if (!r) return err->code;
    out->late_v = arena_alloc(a, INSP_MAX_DRAWN * sizeof *out->late_v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        bool decided = !store_null(r, 3) && store_int(r, 3) < out->end;
        out->late++;
        if (decided)
            out->late_decided++;
        else
            out->late_open++;
        if (out->nlate < INSP_MAX_DRAWN)
            out->late_v[out->nlate++] = (insp_late_dossier){.code = TXT(r, 0),
                                                            .procedure = TXT(r, 1),
                                                            .due_at = store_null(r, 2) ? 0 : store_int(r, 2),
                                                            .decided_at = decided ? store_int(r, 3) : 0};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    r = store_query(c, Q_INSP_APOLOGIES, SV_ARGS(SV_I(out->from), SV_I(out->end), SV_T(like), SV_T(i->tenant)), err);
    if (!r) return err->code;
    out->apology_v = arena_alloc(a, INSP_MAX_DRAWN * sizeof *out->apology_v);
    while ((k = store_next(r, err)) == 1) {
        out->apologies++;
        if (out->napology < INSP_MAX_DRAWN)
            out->apology_v[out->napology++] = (insp_apology){
                .code = TXT(r, 0), .at = store_int(r, 1), .unit_code = TXT(r, 2), .unit_name = TXT(r, 3)};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    return feedback_stats_of(c, i->unit_path, out->from, out->end, out->asof, &out->feedback, err);
}

/* ---- statistics -------------------------------------------------------------------------------- */

mc_err inspections_stats(store_conn *c, arena *a, const char *unit_path, mc_day from, mc_day to, mc_time now,
                         insp_stats_row **rows, size_t *n, insp_stats_row *total, mc_error *err) {
    *rows = NULL;
    *n = 0;
    memset(total, 0, sizeof *total);
    mc_time f = time_from_local(from, 0), end = time_from_local(to + 1, 0);
    mc_time asof = now < end ? now : end;
    char asof_day[11];
    /* Past due at asof: the due day is before the day asof falls in (the end instant is the next day's start). */
    day_format(time_local_day(asof), asof_day);
    const char *like = arena_printf(a, "%s%%", unit_path);
    char tenant[UNITS_TENANT_MAX];
    mc_err e = units_tenant_of_path(c, unit_path, tenant, err);
    if (e) return e;
    store_rows *r = store_query(c, Q_INSP_STATS,
                                SV_ARGS(SV_I(f), SV_I(end), SV_I(f), SV_I(end), SV_I(f), SV_I(end), SV_I(asof),
                                        SV_I(asof), SV_T(asof_day), SV_T(like), SV_T(tenant), SV_I(end)),
                                err);
    if (!r) return err->code;
    size_t cap = 8;
    insp_stats_row *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (*n == cap) v = arena_grow(a, v, &cap, sizeof *v);
        insp_stats_row *x = &v[(*n)++];
        *x = (insp_stats_row){.unit_id = store_int(r, 0),
                              .unit_code = TXT(r, 1),
                              .unit_name = TXT(r, 2),
                              .raised = store_int(r, 3),
                              .closed_on_time = store_int(r, 4),
                              .closed_late = store_int(r, 5),
                              .open = store_int(r, 6),
                              .overdue = store_int(r, 7)};
        total->raised += x->raised;
        total->closed_on_time += x->closed_on_time;
        total->closed_late += x->closed_late;
        total->open += x->open;
        total->overdue += x->overdue;
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *rows = v;
    return MC_OK;
}
