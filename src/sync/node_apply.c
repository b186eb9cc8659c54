/* node_apply.c - the province applies what a commune node pushed (node_apply.h). */
#include "node_apply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar_store.h"
#include "fault.h"
#include "journal.h"
#include "node_image.h"
#include "node_outq.h"
#include "xalloc.h"

/* How far ahead of the province's clock a node's entry may be before it is flagged (rule F6): the request skew. */
#define NODE_CLOCK_AHEAD 300

static const char genesis[65] = "0000000000000000000000000000000000000000000000000000000000000000";

/* One pushed entry. */
typedef struct {
    json_t *p;
    journal_entry e; /* as the node hashed it */
    int64_t seq, txn;
    const char *code; /* its dossier's code, NULL for an entry about another record */
    json_t *img;
    /* what the province did with it */
    const char *status;
    int64_t province_id, conflict_id;
} item;

static mc_err conflict_error(mc_error *err, const char *field, const char *vi, const char *en) {
    return mc_fail(err, MC_ERR_CONFLICT, field, vi, en);
}

/* Suspends the node (its own transaction), saying why. */
static void suspend(store *s, const char *tenant, int number, const char *why) {
    mc_error err;
    store_conn *w = store_begin(s, &err);
    if (!w) return;
    mc_err e = store_exec(w, Q_NODE_SUSPEND, SV_ARGS(SV_T(why), SV_T(tenant), SV_I(number)), NULL, &err);
    store_finish(w, e, &err);
}

static mc_err node_journal_row(store_conn *w, const char *tenant, int number, const item *it, mc_time now,
                               mc_error *err) {
    const journal_entry *e = &it->e;
    return store_exec(
        w, Q_NODE_JOURNAL_INSERT,
        SV_ARGS(SV_T(tenant), SV_I(number), SV_I(it->seq), SV_I(it->txn), SV_T(it->code),
                e->dossier_id ? SV_I(e->dossier_id) : SV_N, SV_I(e->at), e->user_id ? SV_I(e->user_id) : SV_N,
                SV_T(e->actor), SV_T(e->role), SV_T(e->unit_code), SV_T(e->action), SV_T(e->from_state),
                SV_T(e->to_state), e->step_seq ? SV_I(e->step_seq) : SV_N, SV_T(e->step_name),
                e->step_due_at ? SV_I(e->step_due_at) : SV_N, SV_T(e->timing), SV_T(e->to_unit_code), SV_T(e->note),
                SV_T(e->subject), e->subject ? SV_I(e->subject_id) : SV_N, SV_T(e->prev_hash), SV_T(e->hash),
                SV_T(it->status), it->province_id ? SV_I(it->province_id) : SV_N,
                it->conflict_id ? SV_I(it->conflict_id) : SV_N, SV_I(now)),
        NULL, err);
}

/* Records a conflict on the dossier `code` (province id pid, 0 if it has none) for the entries v[0..n) of it. */
static mc_err record_conflict(store_conn *w, const char *tenant, int number, const char *code, int64_t pid,
                              const char *state, const char *rule, const char *severity, const char *summary,
                              const char *todo, item *v, size_t n, mc_time now, int64_t *id, mc_error *err) {
    json_t *acts = json_array();
    for (size_t i = 0; i < n; i++)
        if (v[i].code && !strcmp(v[i].code, code))
            json_array_append_new(acts, json_pack("{s:I, s:I, s:s, s:s, s:s, s:o}", "seq", (json_int_t)v[i].seq, "at",
                                                  (json_int_t)v[i].e.at, "actor", v[i].e.actor, "action",
                                                  v[i].e.action, "to", v[i].e.to_state, "note",
                                                  v[i].e.note ? json_string(v[i].e.note) : json_null()));
    char *text = json_dumps(acts, JSON_COMPACT);
    json_decref(acts);
    mc_err e = store_insert_id(w, Q_NODE_CONFLICT_INSERT,
                               SV_ARGS(SV_T(tenant), SV_I(number), pid ? SV_I(pid) : SV_N, SV_T(code), SV_T(rule),
                                       SV_T(severity), SV_I(now), SV_T(summary), SV_T(state), SV_T(text), SV_T(todo)),
                               id, err);
    free(text);
    if (e || !pid) return e;
    /* The dossier's history says so too: a system entry that changes nothing (from = to). */
    char note[160];
    snprintf(note, sizeof note, "Xung đột đồng bộ với máy trạm số %d (%s)", number, rule);
    journal_entry c = {.tenant = tenant,
                       .dossier_id = pid,
                       .at = now,
                       .actor = "motcua",
                       .role = "system",
                       .action = "node_conflict",
                       .from_state = state,
                       .to_state = state,
                       .note = note};
    return journal_append(w, &c, err);
}

/* The province's calendar for a push: what deadlines are computed with here, and its digest (calendar_store.h). */
typedef struct {
    const calendar *cal;
    char digest[CALENDAR_DIGEST_LEN];
} province_calendar;

/* A column of an image's dossier row as an integer (0 when null or absent). */
static int64_t col_int(json_t *row, const char *name) {
    const char *v = json_string_value(json_object_get(row, name));
    return v ? strtoll(v, NULL, 10) : 0;
}

/* Rule F3 (docs/NODE.md §7): the node computed the appointment of a dossier it received with a calendar other
 * than the province's (a day off decided at the province while the node was offline). For a dossier received in
 * this transaction whose clock has not been paused or extended, the appointment is computed again on the
 * province's calendar from the same instant; when it differs, the image takes the province's and *note says what
 * changed (else it stays empty). A clock paused or extended at the node is kept as the node computed it. */
static void recompute_due(const province_calendar *pc, json_t *img, const item *v, size_t i, size_t n, char *note,
                          size_t cap) {
    note[0] = 0;
    const char *theirs = json_string_value(json_object_get(img, "calendar"));
    if (!pc->cal || !theirs || !strcmp(theirs, pc->digest)) return;
    bool started = false;
    for (size_t j = i; j < n; j++)
        if (v[j].code && !strcmp(v[j].code, v[i].code) && v[j].e.to_state && !strcmp(v[j].e.to_state, "received") &&
            (!v[j].e.from_state || strcmp(v[j].e.from_state, "received") != 0))
            started = true;
    json_t *row = json_object_get(img, "dossier");
    int64_t received = col_int(row, "received_at"), due = col_int(row, "due_at");
    if (!started || !received || !due || col_int(row, "paused_seconds") || col_int(row, "extensions")) return;
    const char *unit = json_string_value(json_object_get(row, "time_unit"));
    const char *cutoff = json_string_value(json_object_get(row, "cutoff_min"));
    mc_time mine = calendar_add(pc->cal, received, (int)col_int(row, "time_amount"),
                                unit && !strcmp(unit, "working_hour") ? CAL_UNIT_HOUR : CAL_UNIT_DAY,
                                cutoff ? (int)strtol(cutoff, NULL, 10) * 60 : -1);
    if (mine == CAL_NO_TIME || mine == due) return;
    char a[17], b[17], num[24];
    time_format_vn(due, a);
    time_format_vn(mine, b);
    snprintf(num, sizeof num, "%lld", (long long)mine);
    json_object_set_new(row, "due_at", json_string(num));
    if (col_int(row, "original_due_at") == due) json_object_set_new(row, "original_due_at", json_string(num));
    snprintf(note, cap,
             "Lịch làm việc tại máy trạm khác lịch của tỉnh (tỉnh thay đổi ngày nghỉ khi xã mất kết nối): hẹn trả "
             "kết quả tính lại từ %s (giấy tiếp nhận in tại xã) thành %s.",
             a, b);
}

/* Where a flag goes: the dossier (province id pid, code) as the transaction left it. */
typedef struct {
    store_conn *w;
    const char *tenant;
    int number;
    int64_t pid;
    const char *code, *kept;
    mc_time now;
} flag_ctx;

/* A finding that does not block (the node's entries are applied): a row of the report for an officer to read. */
static mc_err flag(const flag_ctx *f, const char *rule, const char *severity, const char *summary, const char *todo,
                   mc_error *err) {
    int64_t cid;
    return store_insert_id(f->w, Q_NODE_CONFLICT_INSERT,
                           SV_ARGS(SV_T(f->tenant), SV_I(f->number), SV_I(f->pid), SV_T(f->code), SV_T(rule),
                                   SV_T(severity), SV_I(f->now), SV_T(summary), SV_T(f->kept), SV_T("[]"), SV_T(todo)),
                           &cid, err);
}

/* F1: an officer acted at the node after the province had disabled the account (the node had not heard yet).
 * F6: an entry's time is ahead of the province's clock by more than the accepted skew (the node's clock runs fast).
 * One flag each at most per dossier and transaction. */
static mc_err flags_f1_f6(const flag_ctx *f, const province_calendar *pc, const item *v, size_t i, size_t n,
                          mc_error *err) {
    (void)pc;
    bool f1 = false, f6 = false;
    mc_err e = MC_OK;
    for (size_t j = i; j < n && !e; j++) {
        if (!v[j].code || strcmp(v[j].code, v[i].code) != 0) continue;
        const journal_entry *je = &v[j].e;
        char text[400];
        if (!f1 && je->user_id) {
            store_rows *r = store_query(f->w, Q_USER_STATE_AT,
                                        SV_ARGS(SV_T(f->tenant), SV_I(je->user_id), SV_I(je->at)), err);
            if (!r) return MC_ERR_STORE;
            int k = store_next(r, err);
            bool disabled = k == 1 && !strcmp(store_text(r, 0), "user.disable");
            store_rows_free(r);
            if (k < 0) return MC_ERR_STORE;
            if (disabled) {
                char at[17];
                time_format_vn(je->at, at);
                snprintf(text, sizeof text,
                         "Cán bộ %s thao tác «%s» tại máy trạm lúc %s, khi tài khoản đã bị khóa trên hệ thống tỉnh "
                         "(máy trạm chưa nhận được thông tin khóa); thao tác vẫn được ghi nhận.",
                         je->actor ? je->actor : "", je->action ? je->action : "", at);
                e = flag(f, "F1", "cao", text,
                         "Lãnh đạo đơn vị xem lại hồ sơ: xác nhận thao tác của cán bộ đã bị khóa hoặc cho dừng xử lý.",
                         err);
                f1 = true;
            }
        }
        if (!e && !f6 && je->at > f->now + NODE_CLOCK_AHEAD) {
            snprintf(text, sizeof text,
                     "Giờ ghi trên thao tác «%s» của máy trạm sớm hơn giờ của tỉnh %lld phút: đồng hồ máy trạm chạy "
                     "nhanh; thời điểm tiếp nhận, hẹn trả có thể sai.",
                     je->action ? je->action : "", (long long)((je->at - f->now) / 60));
            e = flag(f, "F6", "trung_binh", text,
                     "Chỉnh đồng hồ máy trạm (đồng bộ giờ tự động); kiểm tra lại thời điểm tiếp nhận, hẹn trả của hồ sơ.",
                     err);
            f6 = true;
        }
    }
    return e;
}

/* F5: the same applicant's ID number and procedure received elsewhere (at the province or another node) within two
 * working days of this intake: perhaps one citizen handed in the same papers twice. Both are kept. */
static mc_err flag_f5(const flag_ctx *f, const province_calendar *pc, json_t *row, mc_time at, mc_error *err) {
    const char *idn = json_string_value(json_object_get(row, "applicant_id_number"));
    const char *proc = json_string_value(json_object_get(row, "procedure_code"));
    if (!idn || !*idn || !proc || !pc->cal) return MC_OK;
    int64_t day = calendar_nominal_day(pc->cal);
    store_rows *r = store_query(f->w, Q_DOSSIER_SAME_APPLICANT,
                                SV_ARGS(SV_T(f->tenant), SV_T(idn), SV_T(proc), SV_I(f->pid), SV_I(at - 7 * 86400),
                                        SV_I(at + 7 * 86400)),
                                err);
    if (!r) return MC_ERR_STORE;
    char other[64] = "";
    int k;
    while ((k = store_next(r, err)) == 1) {
        mc_time t = store_int(r, 1);
        int64_t gap = t < at ? calendar_elapsed(pc->cal, t, at) : calendar_elapsed(pc->cal, at, t);
        if (gap <= 2 * day && !other[0]) snprintf(other, sizeof other, "%s", store_text(r, 0));
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (!other[0]) return MC_OK;
    char text[300];
    snprintf(text, sizeof text,
             "Cùng người nộp (số định danh) và cùng thủ tục với hồ sơ %s nhận trong vòng 2 ngày làm việc: có thể "
             "người nộp đã nộp hai lần; cả hai hồ sơ được giữ.",
             other);
    return flag(f, "F5", "trung_binh", text,
                "Liên hệ người nộp: nếu trùng, dừng một hồ sơ theo yêu cầu của người nộp; nếu không, không cần làm gì.",
                err);
}

/* Applies one node transaction v[0..n) inside w. */
static mc_err apply_txn(store_conn *w, const char *tenant, int number, item *v, size_t n, mc_time now,
                        const province_calendar *pc, const char **result, int64_t *conflict_id, mc_error *err) {
    *result = "applied";
    *conflict_id = 0;
    char prefix[16];
    snprintf(prefix, sizeof prefix, "%d:%%", number);
    mc_err e = MC_OK;
    for (size_t i = 0; i < n; i++) v[i].status = v[i].code ? "applied" : "local";
    for (size_t i = 0; i < n && !e; i++) {
        if (!v[i].code) continue;
        bool first = true;
        for (size_t j = 0; j < i; j++)
            if (v[j].code && !strcmp(v[j].code, v[i].code)) first = false;
        if (!first) continue;
        /* The dossier as the transaction left it: the image of its last entry. */
        json_t *img = NULL;
        for (size_t j = i; j < n; j++)
            if (v[j].code && !strcmp(v[j].code, v[i].code) && v[j].img) img = v[j].img;
        if (!img) return mc_fail(err, MC_ERR_INVALID, "entries", "Thiếu dữ liệu hồ sơ trong thao tác gửi từ máy trạm.",
                                 "A dossier entry without its image.");
        int64_t held = 0, pid = 0, foreign = 0;
        const char *state = NULL;
        char state_buf[32] = "";
        e = store_scalar_int(w, Q_NODE_UNIT_HELD_AT,
                             SV_ARGS(SV_T(tenant), SV_I(number), SV_T(v[i].e.unit_code ? v[i].e.unit_code : ""),
                                     SV_I(v[i].e.at), SV_I(v[i].e.at)),
                             &held, err);
        store_rows *r = e ? NULL : store_query(w, Q_DOSSIER_STATE_BY_CODE, SV_ARGS(SV_T(tenant), SV_T(v[i].code)), err);
        if (!e && !r) e = MC_ERR_STORE;
        if (r) {
            int k = store_next(r, err);
            if (k == 1) {
                pid = store_int(r, 0);
                snprintf(state_buf, sizeof state_buf, "%s", store_text(r, 1));
                state = state_buf;
            }
            store_rows_free(r);
            if (k < 0) e = MC_ERR_STORE;
        }
        int64_t base = json_integer_value(json_object_get(img, "base")), taken = 0;
        if (!e && pid)
            e = store_scalar_int(w, Q_NODE_FOREIGN_AFTER, SV_ARGS(SV_T(tenant), SV_I(pid), SV_I(base), SV_T(prefix)),
                                 &foreign, err);
        if (!e && foreign)
            e = store_scalar_int(w, Q_NODE_TAKEN_BACK_AFTER, SV_ARGS(SV_T(tenant), SV_I(pid), SV_I(base)), &taken, err);
        if (e) break;
        /* Whether the node decided or handed over a result meanwhile: then someone must call the applicant. */
        bool decided = false;
        for (size_t j = i; j < n; j++)
            if (v[j].code && !strcmp(v[j].code, v[i].code) &&
                (!strcmp(v[j].e.action, "approve") || !strcmp(v[j].e.action, "reject") ||
                 !strcmp(v[j].e.action, "return")))
                decided = true;
        const char *rule = NULL, *severity = NULL, *summary = NULL, *todo = NULL;
        if (!held) {
            rule = "A1", severity = "cao";
            summary = "Máy trạm thao tác trên hồ sơ của đơn vị không thuộc máy trạm vào thời điểm đó; thao tác không "
                      "được ghi nhận.";
            todo = "Kiểm tra việc phân công đơn vị cho máy trạm; tiếp nhận lại hồ sơ tại đơn vị có thẩm quyền.";
        } else if (foreign && state && !strcmp(state, "stopped")) {
            rule = "K1", severity = "trung_binh";
            summary = "Hồ sơ đã dừng xử lý trên hệ thống tỉnh (người nộp rút hồ sơ); các thao tác tại xã sau đó không "
                      "được ghi nhận.";
            todo = "Liên hệ người nộp; nếu đã trao kết quả thì thu hồi hoặc xác nhận kết quả đã trao.";
        } else if (taken) {
            rule = "K2", severity = decided ? "cao" : "trung_binh";
            summary = decided ? "Tỉnh đã thu hồi hồ sơ từ máy trạm và xử lý tiếp trong khi xã đã ra quyết định hoặc "
                                "trả kết quả; giữ trạng thái của tỉnh, các thao tác tại xã không được ghi nhận."
                              : "Tỉnh đã thu hồi hồ sơ từ máy trạm và xử lý tiếp (có thể đã chuyển liên thông) trong khi "
                                "máy trạm mất kết nối; giữ trạng thái của tỉnh, các thao tác tại xã không được ghi nhận.";
            todo = decided ? "Liên hệ người nộp ngay: thu hồi hoặc xác nhận quyết định, kết quả xã đã trao; thống nhất "
                             "với đơn vị đang giữ hồ sơ."
                           : "Chuyển cho đơn vị đang giữ hồ sơ các giấy tờ, ghi chú xã đã xử lý; không xử lý tiếp tại xã.";
        } else if (foreign) {
            rule = "K5", severity = "trung_binh";
            summary = "Hồ sơ đã được xử lý trên hệ thống tỉnh trong khi máy trạm mất kết nối; giữ trạng thái của tỉnh, "
                      "các thao tác tại xã không được ghi nhận.";
            todo = "Đối chiếu các thao tác tại xã với hồ sơ trên hệ thống tỉnh và xử lý tiếp theo trạng thái của tỉnh.";
        }
        if (rule) {
            int64_t cid = 0;
            e = record_conflict(w, tenant, number, v[i].code, pid, state ? state : "", rule, severity, summary, todo,
                                v, n, now, &cid, err);
            for (size_t j = i; j < n; j++)
                if (v[j].code && !strcmp(v[j].code, v[i].code)) {
                    v[j].status = "conflict";
                    v[j].conflict_id = cid;
                }
            *result = "conflict";
            *conflict_id = cid;
            continue;
        }
        bool created = false;
        char f3[400];
        recompute_due(pc, img, v, i, n, f3, sizeof f3);
        e = node_image_write(w, tenant, img, false, &pid, &created, err);
        if (!e && created) {
            json_t *off = json_object_get(img, "offline");
            e = store_exec(w, Q_DOSSIER_ORIGIN_INSERT,
                           SV_ARGS(SV_T(tenant), SV_I(pid), SV_I(number), SV_I(json_is_true(off)), SV_I(v[i].e.at)),
                           NULL, err);
        }
        for (size_t j = i; j < n && !e; j++) {
            if (!v[j].code || strcmp(v[j].code, v[i].code) != 0) continue;
            journal_entry pe = v[j].e;
            pe.dossier_id = pid;
            pe.prev_hash[0] = 0;
            pe.hash[0] = 0;
            pe.dossier = NULL;
            char origin[96];
            snprintf(origin, sizeof origin, "%d:%lld:%s", number, (long long)v[j].seq, v[j].e.hash);
            pe.origin = origin;
            e = journal_append(w, &pe, err);
            if (!e) e = store_scalar_int(w, Q_JOURNAL_LAST_ID, SV_ARGS(SV_T(tenant)), &v[j].province_id, err);
        }
        /* Applied, and reported where something needs a person's look (the F rules, docs/NODE.md §6). */
        const char *kept = json_string_value(json_object_get(json_object_get(img, "dossier"), "state"));
        flag_ctx fc = {w, tenant, number, pid, v[i].code, kept ? kept : "", now};
        if (!e && f3[0])
            e = flag(&fc, "F3", "trung_binh", f3,
                     "Báo người nộp ngày hẹn trả kết quả mới; in lại giấy tiếp nhận và hẹn trả kết quả.", err);
        if (!e) e = flags_f1_f6(&fc, pc, v, i, n, err);
        if (!e && created) e = flag_f5(&fc, pc, json_object_get(img, "dossier"), v[i].e.at, err);
    }
    for (size_t i = 0; i < n && !e; i++) e = node_journal_row(w, tenant, number, &v[i], now, err);
    return e;
}

mc_err node_apply_push(store *s, const calendar *cal, const char *tenant, int number, json_t *entries, int64_t from,
                       mc_time now, json_t **answer, mc_error *err) {
    *answer = NULL;
    province_calendar pc = {.cal = cal};
    if (cal) {
        mc_err ce = calendar_digest(store_reader(s), pc.digest, err);
        if (ce) return ce;
    }
    size_t n = json_array_size(entries);
    if (!json_is_array(entries) || n == 0 || n > 10000 || from < 1)
        return mc_fail(err, MC_ERR_INVALID, "entries", "Không có thao tác nào để ghi nhận.", "No entries.");
    item *v = xcalloc(n, sizeof *v);
    mc_err e = MC_OK;
    for (size_t i = 0; i < n && !e; i++) {
        json_t *p = json_array_get(entries, i);
        v[i].p = p;
        v[i].seq = json_integer_value(json_object_get(p, "seq"));
        v[i].txn = json_integer_value(json_object_get(p, "txn"));
        v[i].img = json_object_get(p, "image");
        if (v[i].seq != from + (int64_t)i || v[i].txn < 1 || v[i].txn > v[i].seq ||
            !node_outq_entry(json_object_get(p, "entry"), &v[i].e) || strcmp(v[i].e.tenant, tenant) != 0)
            e = mc_failf(err, MC_ERR_INVALID, "entries", "Thao tác thứ %zu gửi từ máy trạm không hợp lệ.",
                         "Entry %zu is not valid.", i + 1, i + 1);
        v[i].code = v[i].e.subject ? NULL : json_string_value(json_object_get(json_object_get(p, "entry"), "dossier_code"));
        if (!e && !v[i].e.subject && !v[i].code)
            e = mc_failf(err, MC_ERR_INVALID, "entries", "Thao tác thứ %zu thiếu mã hồ sơ.", "Entry %zu has no code.",
                         i + 1, i + 1);
    }
    char state[16] = "", acked_hash[65] = "";
    int64_t acked = 0;
    if (!e) {
        store_rows *r = store_query(store_reader(s), Q_NODE_PUSH_STATE, SV_ARGS(SV_T(tenant), SV_I(number)), err);
        int k = r ? store_next(r, err) : -1;
        if (k == 1) {
            snprintf(state, sizeof state, "%s", store_text(r, 0));
            acked = store_int(r, 1);
            snprintf(acked_hash, sizeof acked_hash, "%s", store_text(r, 2) ? store_text(r, 2) : "");
        }
        if (r) store_rows_free(r);
        if (k < 0) e = MC_ERR_STORE;
        else if (k == 0) e = mc_fail(err, MC_ERR_NOT_FOUND, "node", "Máy trạm chưa được đăng ký.", "Unknown node.");
    }
    if (!e && strcmp(state, "active") != 0)
        e = conflict_error(err, "node", "Máy trạm đang bị tạm dừng đồng bộ; liên hệ quản trị viên của tỉnh.",
                           "The node is suspended.");
    if (!e && from > acked + 1)
        e = mc_failf(err, MC_ERR_CONFLICT, "from", "Tỉnh mới nhận đến thao tác %lld; hãy gửi tiếp từ thao tác %lld.",
                     "The province has entries up to %lld; resume from %lld.", (long long)acked, (long long)acked + 1,
                     (long long)acked, (long long)acked + 1);
    /* Entries the province has already: the same hash is a repeated delivery, another is a fork. */
    size_t k = 0;
    for (; !e && k < n && v[k].seq <= acked; k++) {
        store_rows *r = store_query(store_reader(s), Q_NODE_JOURNAL_HASH,
                                    SV_ARGS(SV_T(tenant), SV_I(number), SV_I(v[k].seq)), err);
        int got = r ? store_next(r, err) : -1;
        bool same = got == 1 && !strcmp(store_text(r, 0), v[k].e.hash);
        if (r) store_rows_free(r);
        if (got < 0)
            e = MC_ERR_STORE;
        else if (!same) {
            suspend(s, tenant, number, "Chuỗi nhật ký của máy trạm rẽ nhánh (thao tác đã nhận có mã băm khác).");
            e = conflict_error(err, "hash", "Nhật ký của máy trạm khác với phần tỉnh đã nhận; máy trạm bị tạm dừng đồng bộ.",
                               "The node's chain forks from what the province holds; the node is suspended.");
        }
    }
    json_t *txns = json_array();
    char prev[65];
    memcpy(prev, acked ? acked_hash : genesis, sizeof prev);
    while (!e && k < n) {
        size_t j = k;
        while (j < n && v[j].txn == v[k].txn) j++;
        if (v[k].txn != v[k].seq) {
            e = mc_fail(err, MC_ERR_INVALID, "entries", "Thao tác gửi từ máy trạm không bắt đầu một giao dịch.",
                        "The entries do not start at a transaction.");
            break;
        }
        /* The chain: every link and every hash, before anything is written. */
        for (size_t i = k; i < j && !e; i++) {
            char h[65];
            journal_entry_hash(&v[i].e, 2, h);
            if (strcmp(v[i].e.prev_hash, prev) != 0 || strcmp(h, v[i].e.hash) != 0) {
                suspend(s, tenant, number, "Chuỗi nhật ký của máy trạm không khớp (liên kết hoặc mã băm sai).");
                e = conflict_error(err, "hash", "Nhật ký gửi từ máy trạm không khớp chuỗi băm; máy trạm bị tạm dừng đồng bộ.",
                                   "The node's entries do not chain; the node is suspended.");
            }
            memcpy(prev, v[i].e.hash, sizeof prev);
        }
        if (e) break;
        store_conn *w = store_begin_tenant(s, tenant, err);
        if (!w) {
            e = err->code;
            break;
        }
        const char *result;
        int64_t cid;
        e = apply_txn(w, tenant, number, v + k, j - k, now, &pc, &result, &cid, err);
        int64_t changed = 0;
        if (!e)
            e = store_exec(w, Q_NODE_ACKED_SET,
                           SV_ARGS(SV_I(v[j - 1].seq), SV_T(v[j - 1].e.hash), SV_I(v[j - 1].seq), SV_I(v[j - 1].seq),
                                   SV_T(tenant), SV_I(number), SV_I(acked)),
                           &changed, err);
        if (!e && changed != 1)
            e = conflict_error(err, "from", "Một lần gửi khác của máy trạm đang được ghi nhận; hãy gửi lại sau.",
                               "Another push of this node is being applied.");
        if (!e) fault_point("province.apply.before_commit");
        if ((e = store_finish(w, e, err))) break;
        fault_point("province.apply.after_commit"); /* committed; the node has no answer yet */
        acked = v[j - 1].seq;
        memcpy(acked_hash, v[j - 1].e.hash, sizeof acked_hash);
        json_t *t = json_pack("{s:I, s:s}", "txn", (json_int_t)v[k].txn, "result", result);
        if (cid) json_object_set_new(t, "conflict_id", json_integer(cid));
        json_array_append_new(txns, t);
        k = j;
    }
    free(v);
    if (e) {
        /* What committed before the failure stays; the node learns how far from the state route. */
        json_decref(txns);
        return e;
    }
    *answer = json_pack("{s:I, s:o, s:o}", "acked_seq", (json_int_t)acked, "acked_hash",
                        acked ? json_string(acked_hash) : json_null(), "txns", txns);
    return e;
}
