/* reports.c - periodic CCHC reports: the windows, the outline and the annex as tables; drafts,
 * submission and freezing; who has reported (reports.h). */
#include "reports.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "feedback.h"
#include "field_limits.h"
#include "index766.h"
#include "inspections.h"
#include "journal.h"
#include "legal_docs.h"
#include "perm.h"
#include "stats.h"
#include "tasks.h"

/* ---- the periods ------------------------------------------------------------------------------------ */

/* The data windows and due days of the reports to the Ministry of Home Affairs, as the measurement notes
 * read 581/BNV-CCHC: the window runs from the 15th of the month before the period's first to the 14th of
 * its last month (the year's from 15/12 of the year before); due on the 20th of the period's last month.
 * The document's date and annexes are unverified (docs/REPORTS.md). */
static const struct {
    const char *name, *label;
    int from_month, to_month; /* from: the 15th (month 12 = December of the year before); to: the 14th */
} periods[RP__KINDS] = {
    [RP_Q1] = {"q1", "quý I", 12, 3},
    [RP_H1] = {"h1", "6 tháng đầu năm", 12, 6},
    [RP_Q3] = {"q3", "quý III", 6, 9},
    [RP_YEAR] = {"year", "năm", 12, 12},
};

const char *reports_window_source(void) {
    return "Công văn 581/BNV-CCHC của Bộ Nội vụ (kỳ số liệu từ ngày 15 tháng trước kỳ đến ngày 14 tháng cuối kỳ; "
           "gửi trước ngày 20 tháng cuối kỳ) — ngày ban hành và phụ lục chưa được xác minh";
}

const char *rp_kind_name(rp_kind k) {
    return periods[k].name;
}
const char *rp_kind_label(rp_kind k) {
    return periods[k].label;
}
int rp_kind_parse(const char *s) {
    for (int i = 0; s && i < RP__KINDS; i++)
        if (!strcmp(periods[i].name, s)) return i;
    return -1;
}

void reports_window(rp_kind k, int year, mc_day *from, mc_day *to, mc_day *due) {
    int fm = periods[k].from_month;
    *from = day_from_ymd(fm == 12 ? year - 1 : year, fm, 15);
    *to = day_from_ymd(year, periods[k].to_month, 14);
    *due = day_from_ymd(year, periods[k].to_month, 20);
}

/* ---- the outline -------------------------------------------------------------------------------------- */

/* The reform areas of the 2021–2030 master programme (Nghị quyết 76/NQ-CP), then the general assessment,
 * the next period's tasks and the proposals: the sections every report of the standard outline has. */
static const rp_section outline[RP_SECTIONS] = {
    {"I. Kết quả thực hiện nhiệm vụ cải cách hành chính", "chi_dao",
     "1. Công tác chỉ đạo, điều hành cải cách hành chính",
     "Kế hoạch CCHC, văn bản chỉ đạo, kiểm tra, tuyên truyền, khen thưởng và xử lý trách nhiệm."},
    {NULL, "the_che", "2. Cải cách thể chế", "Xây dựng, rà soát, kiểm tra, hệ thống hóa văn bản quy phạm pháp luật."},
    {NULL, "tthc", "3. Cải cách thủ tục hành chính",
     "Công bố, công khai, đơn giản hóa TTHC; thực hiện cơ chế một cửa, một cửa liên thông; phản ánh, kiến nghị."},
    {NULL, "bo_may", "4. Cải cách tổ chức bộ máy hành chính nhà nước",
     "Sắp xếp tổ chức bộ máy, chính quyền địa phương hai cấp, phân cấp, phân quyền."},
    {NULL, "cong_vu", "5. Cải cách chế độ công vụ",
     "Vị trí việc làm, tuyển dụng, đánh giá, kỷ luật, kỷ cương hành chính."},
    {NULL, "tai_chinh", "6. Cải cách tài chính công", "Cơ chế tự chủ, quản lý, sử dụng tài sản công, ngân sách."},
    {NULL, "so_hoa", "7. Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
     "Dịch vụ công trực tuyến, thanh toán trực tuyến, số hóa hồ sơ, kết nối, chia sẻ dữ liệu."},
    {NULL, "danh_gia", "II. Đánh giá chung", "Kết quả nổi bật; tồn tại, hạn chế và nguyên nhân."},
    {NULL, "phuong_huong", "III. Phương hướng, nhiệm vụ kỳ tới", "Nhiệm vụ trọng tâm của kỳ tiếp theo."},
    {NULL, "kien_nghi", "IV. Đề xuất, kiến nghị", "Đề xuất với cấp trên (nếu có; ghi \"Không\" nếu không có)."},
};

const rp_section *reports_outline(void) {
    return outline;
}

/* ---- the annex ------------------------------------------------------------------------------------------ */

enum {
    F_PROCS,
    F_PROCS_ONLINE,
    F_PROCS_FEE,
    F_RECEIVED,
    F_CARRIED,
    F_NEW_ONLINE,
    F_NEW_DIRECT,
    F_RESOLVED,
    F_RESOLVED_ON_TIME,
    F_RESOLVED_LATE,
    F_PENDING,
    F_PENDING_OVERDUE,
    F_PAUSED,
    F_ONLINE_SHARE,
    F_PAID_SHARE,
    F_DIGITISED_SHARE,
    F_E_RESULT_SHARE,
    F_INDEX766,
    F_FB_RECEIVED,
    F_FB_ON_TIME,
    F_FB_LATE,
    F_FB_PENDING,
    F_FB_OVERDUE,
    F_FIND_RAISED,
    F_FIND_ON_TIME,
    F_FIND_LATE,
    F_FIND_OPEN,
    F_FIND_OVERDUE,
    F_LD_ISSUED,
    F_LD_IN_FORCE,
    F_LD_REVIEWED,
    F_LD_SELF_CHECKED,
    F_LD_TO_ACT,
    F_TASKS,
    F_TASKS_ON_TIME,
    F_TASKS_LATE,
    F_TASKS_OVERDUE,
    F_TASKS_IN_PROGRESS,
    F_TASKS_NOT_STARTED,
    F__COUNT
};
_Static_assert(F__COUNT == RP_FIGURES, "RP_FIGURES is the number of rows of the annex");

#define G_TTHC   "1. Thủ tục hành chính (danh mục)"
#define G_DOSS   "2. Tiếp nhận, giải quyết hồ sơ (biểu II.06a)"
#define G_DIGI   "3. Dịch vụ công trực tuyến, thanh toán, số hóa (chỉ số 766)"
#define G_FEED   "4. Phản ánh, kiến nghị"
#define G_INSP   "5. Kiểm tra công tác CCHC (phát hiện)"
#define G_LEGAL  "6. Văn bản quy phạm pháp luật"
#define G_TASKS  "7. Nhiệm vụ theo văn bản chỉ đạo, kế hoạch CCHC"
#define SRC_TASK "Nhiệm vụ CCHC (tasks_stats_of)"
#define SRC_766  "Chỉ số 766 (index766_compute)"
#define SRC_LD   "Sổ văn bản QPPL (legal_docs_stats)"
#define SRC_06A  "Biểu II.06a (stats_ii06a)"
#define SRC_FB   "Phản ánh, kiến nghị (feedback_stats_of)"
#define SRC_INSP "Kiểm tra CCHC (inspections_stats)"

static const rp_figure_def figures[RP_FIGURES] = {
    [F_PROCS] = {"procedures", G_TTHC, "TTHC thuộc thẩm quyền giải quyết", RF_COUNT, SRC_766},
    [F_PROCS_ONLINE] = {"procedures_online", G_TTHC, "TTHC có dịch vụ công trực tuyến", RF_COUNT, SRC_766},
    [F_PROCS_FEE] = {"procedures_fee", G_TTHC, "TTHC có phí, lệ phí", RF_COUNT, SRC_766},
    [F_RECEIVED] = {"dossiers_received", G_DOSS, "Hồ sơ tiếp nhận trong kỳ (gồm kỳ trước chuyển sang)", RF_COUNT,
                    SRC_06A},
    [F_CARRIED] = {"dossiers_carried_over", G_DOSS, "Từ kỳ trước chuyển sang", RF_COUNT, SRC_06A},
    [F_NEW_ONLINE] = {"dossiers_new_online", G_DOSS, "Mới tiếp nhận trực tuyến", RF_COUNT, SRC_06A},
    [F_NEW_DIRECT] = {"dossiers_new_direct", G_DOSS, "Mới tiếp nhận trực tiếp, qua bưu chính", RF_COUNT, SRC_06A},
    [F_RESOLVED] = {"dossiers_resolved", G_DOSS, "Đã giải quyết", RF_COUNT, SRC_06A},
    [F_RESOLVED_ON_TIME] = {"dossiers_resolved_on_time", G_DOSS, "Đã giải quyết trước hạn, đúng hạn", RF_COUNT,
                            SRC_06A},
    [F_RESOLVED_LATE] = {"dossiers_resolved_late", G_DOSS, "Đã giải quyết quá hạn", RF_COUNT, SRC_06A},
    [F_PENDING] = {"dossiers_pending", G_DOSS, "Đang giải quyết", RF_COUNT, SRC_06A},
    [F_PENDING_OVERDUE] = {"dossiers_pending_overdue", G_DOSS, "Đang giải quyết đã quá hạn", RF_COUNT, SRC_06A},
    [F_PAUSED] = {"dossiers_paused", G_DOSS, "Tạm dừng (chờ bổ sung, nghĩa vụ tài chính)", RF_COUNT, SRC_06A},
    [F_ONLINE_SHARE] = {"online_share", G_DIGI, "Tỷ lệ hồ sơ nộp trực tuyến (%) — chỉ tiêu 3.3", RF_PERCENT, SRC_766},
    [F_PAID_SHARE] = {"paid_online_share", G_DIGI, "Tỷ lệ hồ sơ thanh toán trực tuyến (%) — chỉ tiêu 3.6", RF_PERCENT,
                      SRC_766},
    [F_DIGITISED_SHARE] = {"digitised_share", G_DIGI, "Tỷ lệ hồ sơ được số hóa (%) — chỉ tiêu 4.2", RF_PERCENT,
                           SRC_766},
    [F_E_RESULT_SHARE] = {"e_result_share", G_DIGI, "Tỷ lệ kết quả điện tử (%) — chỉ tiêu 4.1", RF_PERCENT, SRC_766},
    [F_INDEX766] = {"index766", G_DIGI, "Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766), điểm trên 100", RF_SCORE,
                    SRC_766},
    [F_FB_RECEIVED] = {"feedback_received", G_FEED, "Tiếp nhận trong kỳ", RF_COUNT, SRC_FB},
    [F_FB_ON_TIME] = {"feedback_answered_on_time", G_FEED, "Trả lời đúng hạn", RF_COUNT, SRC_FB},
    [F_FB_LATE] = {"feedback_answered_late", G_FEED, "Trả lời quá hạn", RF_COUNT, SRC_FB},
    [F_FB_PENDING] = {"feedback_pending", G_FEED, "Đang xử lý cuối kỳ", RF_COUNT, SRC_FB},
    [F_FB_OVERDUE] = {"feedback_overdue", G_FEED, "Đang xử lý đã quá hạn", RF_COUNT, SRC_FB},
    [F_FIND_RAISED] = {"findings_raised", G_INSP, "Phát hiện qua kiểm tra trong kỳ", RF_COUNT, SRC_INSP},
    [F_FIND_ON_TIME] = {"findings_closed_on_time", G_INSP, "Đã khắc phục đúng hạn", RF_COUNT, SRC_INSP},
    [F_FIND_LATE] = {"findings_closed_late", G_INSP, "Đã khắc phục quá hạn", RF_COUNT, SRC_INSP},
    [F_FIND_OPEN] = {"findings_open", G_INSP, "Chưa khắc phục cuối kỳ", RF_COUNT, SRC_INSP},
    [F_FIND_OVERDUE] = {"findings_overdue", G_INSP, "Chưa khắc phục đã quá hạn", RF_COUNT, SRC_INSP},
    [F_LD_ISSUED] = {"legal_docs_issued", G_LEGAL, "Văn bản ban hành trong kỳ", RF_COUNT, SRC_LD},
    [F_LD_IN_FORCE] = {"legal_docs_in_force", G_LEGAL, "Văn bản còn hiệu lực (toàn bộ hoặc một phần) cuối kỳ", RF_COUNT,
                       SRC_LD},
    [F_LD_REVIEWED] = {"legal_docs_reviewed", G_LEGAL, "Văn bản được rà soát trong kỳ", RF_COUNT, SRC_LD},
    [F_LD_SELF_CHECKED] = {"legal_docs_self_checked", G_LEGAL, "Văn bản được tự kiểm tra trong kỳ", RF_COUNT, SRC_LD},
    [F_LD_TO_ACT] = {"legal_docs_to_act", G_LEGAL,
                     "Kết quả rà soát, kiểm tra đề nghị xử lý (sửa đổi, thay thế, bãi bỏ...)", RF_COUNT, SRC_LD},
    [F_TASKS] = {"tasks", G_TASKS, "Nhiệm vụ (việc cụ thể) đơn vị chủ trì trong kỳ", RF_COUNT, SRC_TASK},
    [F_TASKS_ON_TIME] = {"tasks_done_on_time", G_TASKS, "Hoàn thành đúng hạn", RF_COUNT, SRC_TASK},
    [F_TASKS_LATE] = {"tasks_done_late", G_TASKS, "Hoàn thành quá hạn", RF_COUNT, SRC_TASK},
    [F_TASKS_OVERDUE] = {"tasks_overdue", G_TASKS, "Chưa hoàn thành, đã quá hạn", RF_COUNT, SRC_TASK},
    [F_TASKS_IN_PROGRESS] = {"tasks_in_progress", G_TASKS, "Đang thực hiện, trong hạn", RF_COUNT, SRC_TASK},
    [F_TASKS_NOT_STARTED] = {"tasks_not_started", G_TASKS, "Chưa triển khai, trong hạn", RF_COUNT, SRC_TASK},
};

const rp_figure_def *reports_figures(void) {
    return figures;
}

static rp_value count(int64_t v) {
    return (rp_value){.v = v};
}

/* An indicator's value of the 766 result in hundredths, or N/A. */
static rp_value indicator(const i766_result *r, const char *id) {
    for (size_t i = 0; i < r->nitems; i++)
        if (!strcmp(r->items[i].def->id, id))
            return r->items[i].status == I766_OK ? (rp_value){.v = llround(r->items[i].value * 100.0)}
                                                 : (rp_value){.na = true};
    return (rp_value){.na = true};
}

mc_err reports_annex(store_conn *c, arena *a, const org_unit *u, mc_day from, mc_day to, mc_time now,
                     rp_value out[RP_FIGURES], mc_error *err) {
    memset(out, 0, RP_FIGURES * sizeof *out);
    mc_time t0 = time_from_local(from, 0), t1 = time_from_local(to + 1, 0), asof = now < t1 ? now : t1;
    /* II.06a */
    stats_row *rows, tot;
    size_t n;
    mc_err e = stats_ii06a(c, a, u->path, from, to, now, STATS_BY_UNIT, &rows, &n, &tot, err);
    if (e) return e;
    out[F_RECEIVED] = count(tot.received);
    out[F_CARRIED] = count(tot.carried_over);
    out[F_NEW_ONLINE] = count(tot.new_online);
    out[F_NEW_DIRECT] = count(tot.new_direct);
    out[F_RESOLVED] = count(tot.resolved);
    out[F_RESOLVED_ON_TIME] = count(tot.early + tot.on_time);
    out[F_RESOLVED_LATE] = count(tot.late);
    out[F_PENDING] = count(tot.pending);
    out[F_PENDING_OVERDUE] = count(tot.pending_overdue);
    out[F_PAUSED] = count(tot.paused);
    /* The 766 index of the unit with its subtree: the catalog's figures and the shares are its inputs. */
    i766_scope sc = {.code = u->code, .name = u->name, .kind = u->kind, .path = u->path};
    if ((e = index766_compute(c, a, u->code, u->path, from, to, now, &sc, 1, err))) return e;
    out[F_PROCS] = count(sc.r.m[I766_M_PROCS]);
    out[F_PROCS_ONLINE] = count(sc.r.m[I766_M_PROCS_ONLINE]);
    out[F_PROCS_FEE] = count(sc.r.m[I766_M_PROCS_FEE]);
    out[F_ONLINE_SHARE] = indicator(&sc.r, "3.3");
    out[F_PAID_SHARE] = indicator(&sc.r, "3.6");
    out[F_DIGITISED_SHARE] = indicator(&sc.r, "4.2");
    out[F_E_RESULT_SHARE] = indicator(&sc.r, "4.1");
    out[F_INDEX766] = isnan(sc.r.score) ? (rp_value){.na = true} : (rp_value){.v = llround(sc.r.score * 100.0)};
    /* Feedback */
    feedback_stats fs;
    if ((e = feedback_stats_of(c, u->path, t0, t1, asof, &fs, err))) return e;
    out[F_FB_RECEIVED] = count(fs.received);
    out[F_FB_ON_TIME] = count(fs.answered_on_time);
    out[F_FB_LATE] = count(fs.answered_late);
    out[F_FB_PENDING] = count(fs.pending);
    out[F_FB_OVERDUE] = count(fs.overdue);
    /* Inspections' findings the subtree is responsible for */
    insp_stats_row *ir, it;
    size_t ni;
    if ((e = inspections_stats(c, a, u->path, from, to, now, &ir, &ni, &it, err))) return e;
    out[F_FIND_RAISED] = count(it.raised);
    out[F_FIND_ON_TIME] = count(it.closed_on_time);
    out[F_FIND_LATE] = count(it.closed_late);
    out[F_FIND_OPEN] = count(it.open);
    out[F_FIND_OVERDUE] = count(it.overdue);
    /* Legal normative documents: issued and in force by the issuing units, reviews by the reviewing units */
    ld_stats_row *lr, lt;
    size_t nl;
    if ((e = legal_docs_stats(c, a, u->tenant, u->path, from, to, &lr, &nl, &lt, err))) return e;
    out[F_LD_ISSUED] = count(lt.issued);
    out[F_LD_IN_FORCE] = count(lt.in_force);
    out[F_LD_REVIEWED] = count(lt.reviewed);
    out[F_LD_SELF_CHECKED] = count(lt.self_checked);
    out[F_LD_TO_ACT] = count(lt.to_act);
    /* Tasks of the steering documents led by bodies of the subtree */
    tasks_stats ts;
    if ((e = tasks_stats_of(c, u->path, t0, t1, asof, &ts, err))) return e;
    out[F_TASKS] = count(ts.total);
    out[F_TASKS_ON_TIME] = count(ts.done_on_time);
    out[F_TASKS_LATE] = count(ts.done_late);
    out[F_TASKS_OVERDUE] = count(ts.overdue);
    out[F_TASKS_IN_PROGRESS] = count(ts.in_progress);
    out[F_TASKS_NOT_STARTED] = count(ts.not_started);
    return MC_OK;
}

/* ---- who may ---------------------------------------------------------------------------------------------- */

bool reports_may_read(const user *u, const char *unit_path) {
    return u && perm_allows(u->roles, u->unit_path, ACT_REPORT_READ, unit_path);
}
bool reports_may_write(const user *u, const char *unit_path) {
    return u && perm_allows(u->roles, u->unit_path, ACT_CCHC_REPORT_WRITE, unit_path);
}
bool reports_may_submit(const user *u, const char *unit_path) {
    return u && perm_allows(u->roles, u->unit_path, ACT_CCHC_REPORT_SUBMIT, unit_path);
}

/* ---- reading ---------------------------------------------------------------------------------------------- */

static const char *dup(arena *a, store_rows *r, int col) {
    return store_null(r, col) ? NULL : arena_strdup(a, store_text(r, col));
}

static int figure_index(const char *key) {
    for (int i = 0; i < RP_FIGURES; i++)
        if (!strcmp(figures[i].key, key)) return i;
    return -1;
}

static int section_index(const char *key) {
    for (int i = 0; i < RP_SECTIONS; i++)
        if (!strcmp(outline[i].key, key)) return i;
    return -1;
}

/* The units below that have not submitted, as one line ("" when all have), and the counts. */
static mc_err missing_of(store_conn *c, arena *a, const org_unit *u, int year, rp_kind k, const char **missing,
                         int *expected, int *reported, mc_error *err) {
    report_status *st;
    size_t n;
    mc_err e = reports_overview(c, a, u, year, k, &st, &n, err);
    if (e) return e;
    buf b = {0};
    *expected = (int)n;
    *reported = 0;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(st[i].state, "submitted")) {
            ++*reported;
            continue;
        }
        if (b.len) buf_puts(&b, "; ");
        buf_puts(&b, st[i].name);
    }
    *missing = arena_strdup(a, b.data ? b.data : "");
    buf_free(&b);
    return MC_OK;
}

mc_err reports_load(store_conn *c, arena *a, const char *unit_code, int year, rp_kind kind, mc_time now, report *out,
                    mc_error *err) {
    memset(out, 0, sizeof *out);
    mc_err e = units_get(c, a, unit_code, &out->unit, err);
    if (e) return e;
    if (out->unit.parent_code) {
        org_unit p;
        if (units_get(c, a, out->unit.parent_code, &p, NULL) == MC_OK) out->parent_name = p.name;
    }
    /* The place a document is dated at: the province's name (its root unit, the tenant) without "Tỉnh " /
     * "Thành phố ". */
    org_unit prov;
    out->place_default = "";
    if (out->unit.tenant && units_get(c, a, out->unit.tenant, &prov, NULL) == MC_OK) {
        const char *nm = prov.name;
        static const char *const prefixes[] = {"Tỉnh ", "Thành phố "};
        for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
            if (!strncmp(nm, prefixes[i], strlen(prefixes[i]))) nm += strlen(prefixes[i]);
        out->place_default = nm;
    }
    out->year = year;
    out->kind = kind;
    reports_window(kind, year, &out->from, &out->to, &out->due);
    for (int i = 0; i < RP_SECTIONS; i++) out->sections[i] = "";
    store_rows *r =
        store_query(c, Q_CCHC_REPORT_GET, SV_ARGS(SV_I(out->unit.id), SV_I(year), SV_T(rp_kind_name(kind))), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) {
        out->id = store_int(r, 0);
        out->number = dup(a, r, 1);
        out->place = dup(a, r, 2);
        out->signer_title = dup(a, r, 3);
        out->signer_name = dup(a, r, 4);
        out->recipients = dup(a, r, 5);
        out->submitted = !strcmp(store_text(r, 6), "submitted");
        out->created_at = store_int(r, 7);
        out->updated_at = store_int(r, 8);
        out->submitted_at = store_null(r, 9) ? 0 : store_int(r, 9);
        out->submitted_by = dup(a, r, 10);
        out->asof = store_null(r, 11) ? 0 : store_int(r, 11);
        out->missing = dup(a, r, 12);
        out->expected = store_null(r, 13) ? 0 : (int)store_int(r, 13);
        out->reported = store_null(r, 14) ? 0 : (int)store_int(r, 14);
        out->revision = store_int(r, 15);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (out->id) {
        if (!(r = store_query(c, Q_CCHC_SECTIONS, SV_ARGS(SV_I(out->id)), err))) return MC_ERR_STORE;
        while ((k = store_next(r, err)) == 1) {
            int i = section_index(store_text(r, 0));
            if (i >= 0) out->sections[i] = arena_strdup(a, store_text(r, 1));
        }
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
    }
    if (out->submitted) {
        /* Frozen: the figures as they were at submission; a figure added to the annex since reads N/A. */
        for (int i = 0; i < RP_FIGURES; i++) out->figures[i] = (rp_value){.na = true};
        if (!(r = store_query(c, Q_CCHC_FIGURES, SV_ARGS(SV_I(out->id)), err))) return MC_ERR_STORE;
        while ((k = store_next(r, err)) == 1) {
            int i = figure_index(store_text(r, 0));
            if (i >= 0) out->figures[i] = store_null(r, 1) ? (rp_value){.na = true} : (rp_value){.v = store_int(r, 1)};
        }
        store_rows_free(r);
        return k < 0 ? MC_ERR_STORE : MC_OK;
    }
    out->asof = now;
    if ((e = reports_annex(c, a, &out->unit, out->from, out->to, now, out->figures, err))) return e;
    return missing_of(c, a, &out->unit, year, kind, &out->missing, &out->expected, &out->reported, err);
}

mc_err reports_on_time_of(store_conn *c, int64_t unit_id, int year, mc_time asof, int *due, int *on_time,
                          mc_error *err) {
    *due = *on_time = 0;
    mc_day today = time_local_day(asof);
    for (int k = 0; k < RP__KINDS; k++) {
        mc_day from, to, by;
        reports_window((rp_kind)k, year, &from, &to, &by);
        store_rows *r =
            store_query(c, Q_CCHC_REPORT_GET, SV_ARGS(SV_I(unit_id), SV_I(year), SV_T(rp_kind_name(k))), err);
        if (!r) return MC_ERR_STORE;
        int n = store_next(r, err);
        mc_time sub = n == 1 && !store_null(r, 9) && !strcmp(store_text(r, 6), "submitted") ? store_int(r, 9) : 0;
        store_rows_free(r);
        if (n < 0) return MC_ERR_STORE;
        if (sub && sub > asof) sub = 0;    /* submitted after the moment asked about */
        if (!sub && today <= by) continue; /* not yet due */
        ++*due;
        if (sub && time_local_day(sub) <= by) ++*on_time;
    }
    return MC_OK;
}

/* The kinds of unit that send a periodic report to the level above: provincial departments and the
 * units of the commune level (communes, wards, special zones). Party committees, councils and the
 * Front, public service units, the service center do not. */
static const char *const reporting_kinds[] = {"department", "commune", "ward", "special_zone"};

static bool reporting_kind(const char *kind) {
    for (size_t i = 0; kind && i < sizeof reporting_kinds / sizeof reporting_kinds[0]; i++)
        if (!strcmp(reporting_kinds[i], kind)) return true;
    return false;
}

mc_err reports_overview(store_conn *c, arena *a, const org_unit *root, int year, rp_kind kind, report_status **out,
                        size_t *n, mc_error *err) {
    *out = NULL;
    *n = 0;
    mc_day from, to, due;
    reports_window(kind, year, &from, &to, &due);
    char f[11], t[11];
    day_format(from, f);
    day_format(to, t);
    const char *like = arena_printf(a, "%s%%", root->path);
    store_rows *r =
        store_query(c, Q_CCHC_OVERVIEW,
                    SV_ARGS(SV_I(year), SV_T(rp_kind_name(kind)), SV_T(like), SV_I(root->id), SV_T(t), SV_T(f)), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 16;
    report_status *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (!reporting_kind(store_text(r, 2))) continue;
        if (*n == cap) v = arena_grow(a, v, &cap, sizeof *v);
        v[(*n)++] = (report_status){.code = dup(a, r, 0),
                                    .name = dup(a, r, 1),
                                    .kind = dup(a, r, 2),
                                    .state = store_null(r, 3) ? "none" : dup(a, r, 3),
                                    .number = dup(a, r, 4),
                                    .submitted_at = store_null(r, 5) ? 0 : store_int(r, 5)};
    }
    store_rows_free(r);
    *out = v;
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

/* ---- writing ---------------------------------------------------------------------------------------------- */

static const char *role_of(const user *by) {
    for (int i = 0; i < ROLE_COUNT; i++)
        if (by->roles & (1u << i)) return role_name((role)(1u << i));
    return "citizen";
}

static mc_err journal(store_conn *w, const report *rp, const user *by, const char *action, const char *from,
                      const char *to, const char *note, mc_time now, mc_error *err) {
    journal_entry j = {0};
    j.tenant = rp->unit.tenant;
    j.subject = REPORT_SUBJECT;
    j.subject_id = rp->id;
    j.at = now;
    j.user_id = by->id;
    j.actor = by->username;
    j.role = role_of(by);
    j.unit_code = rp->unit.code;
    j.action = action;
    j.from_state = from;
    j.to_state = to;
    j.note = note;
    return journal_append(w, &j, err);
}

static mc_err forbidden(mc_error *err) {
    return mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Bạn không có quyền soạn, gửi báo cáo CCHC của đơn vị này.",
                   "Not allowed to write this unit's report.");
}

static mc_err already(mc_error *err) {
    return mc_fail(err, MC_ERR_CONFLICT, NULL,
                   "Báo cáo đã gửi: nội dung và số liệu được giữ nguyên như lúc gửi, không sửa được nữa.",
                   "The report was submitted and is frozen.");
}

/* Reads the stored header (id, state) of the report inside w; 0 when none. */
static mc_err stored_id(store_conn *w, const report *rp, int64_t *id, bool *submitted, mc_error *err) {
    store_rows *r = store_query(w, Q_CCHC_REPORT_GET,
                                SV_ARGS(SV_I(rp->unit.id), SV_I(rp->year), SV_T(rp_kind_name(rp->kind))), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    *id = k == 1 ? store_int(r, 0) : 0;
    *submitted = k == 1 && !strcmp(store_text(r, 6), "submitted");
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err reports_save(store *s, const user *by, const char *unit_code, int year, rp_kind kind, const report_edit *in,
                    mc_time now, mc_error *err) {
    arena *a = arena_create();
    report rp = {0};
    mc_err e = units_get(store_reader(s), a, unit_code, &rp.unit, err);
    if (!e && !reports_may_write(by, rp.unit.path)) e = forbidden(err);
    static const struct {
        const char *field;
        size_t off;
    } heads[] = {
        {"number", offsetof(report_edit, number)},
        {"place", offsetof(report_edit, place)},
        {"signer_title", offsetof(report_edit, signer_title)},
        {"signer_name", offsetof(report_edit, signer_name)},
        {"recipients", offsetof(report_edit, recipients)},
    };
    for (size_t i = 0; !e && i < sizeof heads / sizeof heads[0]; i++)
        e = field_limit_check(heads[i].field, heads[i].field, *(const char *const *)((const char *)in + heads[i].off),
                              err);
    for (int i = 0; !e && i < RP_SECTIONS; i++)
        if (in->sections[i])
            e = field_limit_check(arena_printf(a, "sections.%s", outline[i].key), "section", in->sections[i], err);
    if (e) {
        arena_free(a);
        return e;
    }
    rp.year = year;
    rp.kind = kind;
    store_conn *w = store_begin_tenant(s, rp.unit.tenant, err);
    if (!w) {
        arena_free(a);
        return MC_ERR_STORE;
    }
    bool submitted = false;
    e = stored_id(w, &rp, &rp.id, &submitted, err);
    bool created = false;
    if (!e && submitted) e = already(err);
    if (!e && !rp.id) {
        e = store_scalar_int(
            w, Q_CCHC_REPORT_INSERT,
            SV_ARGS(SV_T(rp.unit.tenant), SV_I(rp.unit.id), SV_I(year), SV_T(rp_kind_name(kind)), SV_I(now), SV_I(now)),
            &rp.id, err);
        created = true;
    }
    if (!e)
        e = store_exec(w, Q_CCHC_REPORT_UPDATE,
                       SV_ARGS(SV_T(in->number), SV_T(in->place), SV_T(in->signer_title), SV_T(in->signer_name),
                               SV_T(in->recipients), SV_I(now), SV_I(rp.id)),
                       NULL, err);
    buf changed = {0};
    for (int i = 0; !e && i < RP_SECTIONS; i++) {
        if (!in->sections[i]) continue;
        e = store_exec(w, Q_CCHC_SECTION_PUT,
                       SV_ARGS(SV_T(rp.unit.tenant), SV_I(rp.id), SV_T(outline[i].key), SV_T(in->sections[i])), NULL,
                       err);
        if (changed.len) buf_puts(&changed, ", ");
        buf_puts(&changed, outline[i].key);
    }
    if (!e)
        e = journal(w, &rp, by, created ? "report.create" : "report.save", created ? NULL : "draft", "draft",
                    arena_printf(a, "%d %s%s%s", year, rp_kind_name(kind), changed.len ? "; " : "",
                                 changed.data ? changed.data : ""),
                    now, err);
    buf_free(&changed);
    e = store_finish(w, e, err);
    arena_free(a);
    return e;
}

mc_err reports_submit(store *s, const user *by, const char *unit_code, int year, rp_kind kind, mc_time now,
                      mc_error *err) {
    arena *a = arena_create();
    report rp;
    store_conn *c = store_reader(s);
    /* Everything slow (the annex reads the whole period) happens here, before the write transaction. */
    mc_err e = reports_load(c, a, unit_code, year, kind, now, &rp, err);
    if (!e && !reports_may_submit(by, rp.unit.path)) e = forbidden(err);
    if (!e && rp.submitted) e = already(err);
    if (!e && !rp.id)
        e = mc_fail(err, MC_ERR_INVALID, "number", "Báo cáo chưa được soạn: vui lòng nhập số, người ký và nội dung.",
                    "Nothing written yet.");
    if (!e && (!rp.number || !*rp.number))
        e = mc_fail(err, MC_ERR_INVALID, "number", "Vui lòng nhập số, ký hiệu của báo cáo (ví dụ 25/BC-UBND).",
                    "number is required.");
    if (!e && (!rp.signer_name || !*rp.signer_name))
        e = mc_fail(err, MC_ERR_INVALID, "signer_name", "Vui lòng nhập họ tên người ký báo cáo.",
                    "signer_name is required.");
    for (int i = 0; !e && i < RP_SECTIONS - 1; i++) /* the last, proposals, may stay empty */
        if (!*rp.sections[i])
            e = mc_failf(err, MC_ERR_INVALID, arena_printf(a, "sections.%s", outline[i].key),
                         "Vui lòng viết mục \"%s\" trước khi gửi báo cáo.", "Section %s is empty.", outline[i].title,
                         outline[i].key);
    if (e) {
        arena_free(a);
        return e;
    }
    store_conn *w = store_begin_tenant(s, rp.unit.tenant, err);
    if (!w) {
        arena_free(a);
        return MC_ERR_STORE;
    }
    int64_t changed = 0;
    e = store_exec(w, Q_CCHC_REPORT_SUBMIT,
                   SV_ARGS(SV_I(now), SV_I(by->id), SV_I(rp.asof), SV_T(rp.missing), SV_I(rp.expected),
                           SV_I(rp.reported), SV_I(now), SV_I(rp.id), SV_I(rp.revision)),
                   &changed, err);
    /* Nothing changed: submitted meanwhile, or saved since the checks above read it (then it could freeze
     * what was not checked). */
    if (!e && changed != 1) {
        bool sub = false;
        int64_t id;
        e = stored_id(w, &rp, &id, &sub, err);
        if (!e)
            e = sub ? already(err)
                    : mc_fail(err, MC_ERR_CONFLICT, NULL,
                              "Báo cáo vừa được sửa trong lúc gửi; vui lòng mở lại trang, xem lại rồi gửi.",
                              "The report changed while it was being submitted.");
    }
    for (int i = 0; !e && i < RP_FIGURES; i++)
        e = store_exec(w, Q_CCHC_FIGURE_PUT,
                       SV_ARGS(SV_T(rp.unit.tenant), SV_I(rp.id), SV_T(figures[i].key),
                               rp.figures[i].na ? SV_N : SV_I(rp.figures[i].v)),
                       NULL, err);
    if (!e) e = journal(w, &rp, by, "report.submit", "draft", "submitted", rp.number, now, err);
    e = store_finish(w, e, err);
    arena_free(a);
    return e;
}
