/* survey_import.c - paper answers of a SIPAS campaign, imported from a table (surveys.h): every
 * row checked, every fault reported with its line and column, nothing written unless all rows
 * are good, then all of them in one transaction. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "perm.h"
#include "survey_internal.h"
#include "surveys.h"
#include "text.h"
#include "units.h"

/* At most this many faults are listed; the rest are summed up in one line. */
#define MAX_LISTED 500

const char *const *surveys_template_header(arena *a, const survey_form *f, size_t *n) {
    *n = 1 + f->nprofile + f->nitems;
    const char **h = arena_alloc(a, *n * sizeof *h);
    h[0] = "don_vi";
    for (size_t q = 0; q < f->nprofile; q++) h[1 + q] = f->profile[q].code;
    for (size_t i = 0; i < f->nitems; i++) h[1 + f->nprofile + i] = f->items[i].code;
    return h;
}

/* A header cell folded for comparison: no marks, lower case, spaces as '_', trimmed. */
static char *folded(arena *a, const char *s) {
    char *f = text_fold(s ? s : "");
    char *t = arena_strdup(a, f ? f : "");
    free(f);
    text_trim(t);
    for (char *p = t; *p; p++) {
        if (*p == ' ') *p = '_';
        *p = (char)tolower((unsigned char)*p);
    }
    return t;
}

static char *trimmed(arena *a, const char *s) {
    char *t = arena_strdup(a, s ? s : "");
    return text_trim(t);
}

/* A whole number written in a cell: "4", " 4 ", "4.0" (a spreadsheet's number); -1 otherwise. */
static int small_int(const char *s) {
    char *end;
    if (!*s || !isdigit((unsigned char)*s)) return -1;
    long v = strtol(s, &end, 10);
    if (*end == '.') {
        end++;
        while (*end == '0') end++;
    }
    return *end || v > 100000 ? -1 : (int)v;
}

typedef struct {
    survey_import_error *v;
    size_t n, cap, total;
    arena *a;
} faults;

static void fault(faults *f, int line, const char *column, const char *reason) {
    f->total++;
    if (f->n >= MAX_LISTED) return;
    if (f->n == f->cap) f->v = arena_grow(f->a, f->v, &f->cap, sizeof *f->v);
    f->v[f->n++] = (survey_import_error){line, column, reason};
}

/* The role of each column: COL_UNIT, an item index (0..), COL_PROFILE(q), or COL_IGNORED (no header). */
#define COL_UNIT       (-1)
#define COL_IGNORED    (-1000000)
#define COL_PROFILE(q) (-2 - (int)(q))

typedef struct {
    const char *code;
    int64_t id;
    bool in_scope;
} unit_seen;

mc_err surveys_import(store *s, arena *a, int64_t id, const user *by, const survey_row *rows, size_t nrows,
                      const char *file_name, mc_time now, survey_import_report *rep, mc_error *err) {
    memset(rep, 0, sizeof *rep);
    survey_campaign c;
    store_conn *rd = store_reader(s);
    mc_err e = surveys_get(rd, a, id, by, &c, err);
    if (e) return e;
    if (!surveys_may_manage(by, &c))
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Nhập phiếu giấy dành cho người quản lý đợt khảo sát.",
                       "Only the campaign's managers import answers.");
    if (c.status == SURVEY_CLOSED)
        return mc_fail(err, MC_ERR_CONFLICT, NULL, "Đợt khảo sát đã kết thúc, không nhận thêm phiếu.",
                       "The campaign is closed.");
    if (nrows < 2)
        return mc_fail(err, MC_ERR_INVALID, "file",
                       "Tệp không có phiếu nào: dòng đầu là tiêu đề (theo mẫu), mỗi dòng sau là một phiếu.",
                       "No rows after the header.");
    if (nrows - 1 > SURVEY_IMPORT_MAX_ROWS)
        return mc_failf(
            err, MC_ERR_TOO_LARGE, "file", "Tệp có %zu phiếu, vượt giới hạn %d phiếu mỗi lần nhập; hãy chia nhỏ tệp.",
            "%zu rows, more than %d.", nrows - 1, SURVEY_IMPORT_MAX_ROWS, nrows - 1, SURVEY_IMPORT_MAX_ROWS);
    survey_form f;
    if ((e = surveys_questionnaire_get(rd, a, c.questionnaire, &f, NULL, err))) return e;
    faults fl = {NULL, 0, 16, 0, a};
    fl.v = arena_alloc(a, fl.cap * sizeof *fl.v);

    /* The header. */
    const survey_row *head = &rows[0];
    int *colkind = arena_alloc(a, (head->n ? head->n : 1) * sizeof *colkind);
    bool *item_seen = arena_alloc(a, f.nitems * sizeof *item_seen);
    memset(item_seen, 0, f.nitems * sizeof *item_seen);
    bool *q_seen = arena_alloc(a, (f.nprofile ? f.nprofile : 1) * sizeof *q_seen);
    memset(q_seen, 0, (f.nprofile ? f.nprofile : 1) * sizeof *q_seen);
    int unit_col = -1;
    for (size_t k = 0; k < head->n; k++) {
        const char *name = folded(a, head->cells[k]);
        const char *shown = trimmed(a, head->cells[k]);
        colkind[k] = COL_IGNORED;
        if (!*name) continue;
        if (!strcmp(name, "don_vi") || !strcmp(name, "ma_don_vi")) {
            if (unit_col >= 0) fault(&fl, head->line, shown, "Cột đơn vị xuất hiện hai lần.");
            unit_col = (int)k;
            colkind[k] = COL_UNIT;
            continue;
        }
        int hit = -1;
        for (size_t i = 0; i < f.nitems && hit < 0; i++)
            if (!strcmp(name, folded(a, f.items[i].code))) hit = (int)i;
        if (hit >= 0) {
            if (item_seen[hit]) fault(&fl, head->line, shown, "Cột tiêu chí xuất hiện hai lần.");
            item_seen[hit] = true;
            colkind[k] = hit;
            continue;
        }
        for (size_t q = 0; q < f.nprofile && hit < 0; q++)
            if (!strcmp(name, folded(a, f.profile[q].code))) hit = (int)q;
        if (hit >= 0) {
            if (q_seen[hit]) fault(&fl, head->line, shown, "Cột câu hỏi xuất hiện hai lần.");
            q_seen[hit] = true;
            colkind[k] = COL_PROFILE(hit);
            continue;
        }
        fault(&fl, head->line, shown, "Cột không có trong mẫu phiếu (xem tệp mẫu tải từ trang đợt khảo sát).");
    }
    if (unit_col < 0) fault(&fl, head->line, "don_vi", "Thiếu cột don_vi (mã đơn vị giải quyết hồ sơ).");
    for (size_t i = 0; i < f.nitems; i++)
        if (!item_seen[i]) fault(&fl, head->line, f.items[i].code, "Thiếu cột của tiêu chí này.");
    if (fl.n) goto refused; /* rows cannot be read against a wrong header */

    /* Every row, checked before anything is written. */
    size_t nu = 0, capu = 8;
    unit_seen *units = arena_alloc(a, capu * sizeof *units);
    int *vals = arena_alloc(a, (nrows - 1) * (f.nprofile + f.nitems + 1) * sizeof *vals);
    int64_t *row_unit = arena_alloc(a, (nrows - 1) * sizeof *row_unit);
    bool *skip = arena_alloc(a, (nrows - 1) * sizeof *skip);
    for (size_t r = 1; r < nrows; r++) {
        const survey_row *row = &rows[r];
        int *prof = vals + (r - 1) * (f.nprofile + f.nitems + 1), *ans = prof + f.nprofile;
        memset(prof, 0, (f.nprofile + f.nitems) * sizeof *prof);
        bool blank = true;
        for (size_t k = 0; k < row->n && blank; k++) blank = !*trimmed(a, row->cells[k]);
        skip[r - 1] = blank;
        if (blank) continue; /* an empty line of a spreadsheet */
        size_t before = fl.total;
        for (size_t k = head->n; k < row->n; k++)
            if (*trimmed(a, row->cells[k])) {
                fault(&fl, row->line, NULL, "Dòng có nhiều ô hơn dòng tiêu đề.");
                break;
            }
        const char *ucode = unit_col >= 0 && (size_t)unit_col < row->n ? trimmed(a, row->cells[unit_col]) : "";
        row_unit[r - 1] = 0;
        if (!*ucode) {
            fault(&fl, row->line, "don_vi", "Thiếu mã đơn vị.");
        } else {
            unit_seen *hit = NULL;
            for (size_t i = 0; i < nu && !hit; i++)
                if (!strcmp(units[i].code, ucode)) hit = &units[i];
            if (!hit) {
                org_unit u;
                mc_error e2;
                mc_err ue = units_get(rd, a, ucode, &u, &e2);
                if (ue && ue != MC_ERR_NOT_FOUND) return mc_fail(err, ue, NULL, e2.message, e2.message_en);
                if (nu == capu) units = arena_grow(a, units, &capu, sizeof *units);
                units[nu++] =
                    (unit_seen){ucode, ue ? 0 : u.id, !ue && !strncmp(u.path, c.unit_path, strlen(c.unit_path))};
                hit = &units[nu - 1];
            }
            if (!hit->id)
                fault(&fl, row->line, "don_vi", arena_printf(a, "Không có đơn vị mã %s.", ucode));
            else if (!hit->in_scope)
                fault(&fl, row->line, "don_vi",
                      arena_printf(a, "Đơn vị %s không thuộc phạm vi đợt khảo sát (%s).", ucode, c.unit_name));
            else
                row_unit[r - 1] = hit->id;
        }
        size_t answered = 0;
        for (size_t k = 0; k < head->n && k < row->n; k++) {
            if (colkind[k] == COL_UNIT || colkind[k] == COL_IGNORED) continue;
            const char *v = trimmed(a, row->cells[k]);
            if (!*v) continue;
            int x = small_int(v);
            const char *col = trimmed(a, head->cells[k]);
            if (colkind[k] >= 0) {
                if (x < 1 || x > SURVEY_SCALE)
                    fault(&fl, row->line, col,
                          arena_printf(a,
                                       "Giá trị \"%s\" không hợp lệ: mức hài lòng phải là số từ 1 đến 5 (để trống nếu "
                                       "không trả lời).",
                                       v));
                else {
                    ans[colkind[k]] = x;
                    answered++;
                }
            } else {
                int q = -2 - colkind[k];
                if (x < 0 || !survey_form_option_ok(&f, q, x))
                    fault(&fl, row->line, col,
                          arena_printf(a,
                                       "Giá trị \"%s\" không phải một lựa chọn của câu \"%s\" (ghi số thứ tự lựa chọn "
                                       "hoặc để trống).",
                                       v, f.profile[q].label));
                else
                    prof[q] = x;
            }
        }
        if (!answered && fl.total == before)
            fault(&fl, row->line, NULL, "Phiếu không có câu trả lời nào cho các tiêu chí.");
    }
    if (fl.total) goto refused;

    /* All good: one transaction. */
    store_conn *w = store_begin_tenant(s, c.tenant, err);
    if (!w) return err->code;
    int64_t batch = 0;
    e = store_scalar_int(w, Q_SURVEY_BATCH_NEXT, SV_ARGS(SV_I(c.id), SV_T(c.tenant)), &batch, err);
    for (size_t r = 1; !e && r < nrows; r++) {
        if (skip[r - 1]) continue;
        int *prof = vals + (r - 1) * (f.nprofile + f.nitems + 1);
        survey_reply reply = {prof, prof + f.nprofile};
        e = surveys_insert_paper(w, a, &c, &f, row_unit[r - 1], &reply, batch, now, err);
        if (!e) rep->imported++;
    }
    if (!e)
        e = surveys_event_put(w, &c, by, "import", now,
                              arena_printf(a, "Nhập %zu phiếu giấy (lần nhập %lld) từ tệp %s", rep->imported,
                                           (long long)batch, file_name && *file_name ? file_name : "(không tên)"),
                              err);
    if (!e)
        e = store_commit(w, err);
    else
        store_rollback(w);
    if (e) {
        rep->imported = 0;
        return e;
    }
    rep->batch = batch;
    return MC_OK;

refused:
    if (fl.total > fl.n) /* the last line listed says how many more there are */
        fl.v[fl.n - 1] = (survey_import_error){0, NULL,
                                               arena_printf(a,
                                                            "Và %zu lỗi khác không liệt kê; hãy sửa các lỗi trên rồi "
                                                            "gửi lại.",
                                                            fl.total - (fl.n - 1))};
    rep->errors = fl.v;
    rep->nerrors = fl.n;
    return mc_failf(err, MC_ERR_INVALID, "file",
                    "Tệp có %zu lỗi; không phiếu nào được nhập. Hãy sửa theo danh sách lỗi từng dòng rồi gửi lại.",
                    "%zu faults; nothing imported.", fl.total, fl.total);
}
