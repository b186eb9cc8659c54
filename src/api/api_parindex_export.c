/* api_parindex_export.c - the files of a PAR INDEX round (parindex.h, issue 17):
 * GET /api/v1/par/rounds/{id}/export.xlsx: the whole round in one workbook, the ranking ("Xếp hạng")
 *   and one row per unit and leaf criterion ("Chi tiết"); a round still open is marked TẠM TÍNH;
 * GET /api/v1/par/rounds/{id}/ranking.pdf: the annex of the ranking decision of a final round, in the
 *   national document style (the letterhead of the periodic CCHC report, report_doc.h).
 * Who may: the council (members and managers) and, once final, whoever reads reports over the
 * province: the readers of every unit's scores. Anyone else gets the round page's 404. Both run on the
 * slow-work threads (ROUTE_SLOW). Every figure is the one the JSON API gives (par_ranking,
 * par_assessment_load at one instant); text cells are string cells (xlsx.h), never formulas. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "parindex.h"
#include "pdf.h"
#include "report_doc.h"
#include "xlsx.h"

#define NO_ROUND "Không có vòng đánh giá chỉ số CCHC này (hoặc bạn không được xem)."

/* Hundredths as text with two decimals and `sep` as the decimal mark: "-1.25", "87,50". */
static const char *h_text(arena *a, int64_t v, char sep) {
    int64_t m = v < 0 ? -v : v;
    return arena_printf(a, "%s%lld%c%02lld", v < 0 ? "-" : "", (long long)(m / 100), sep, (long long)(m % 100));
}

static const char *date_vn(arena *a, mc_time t) {
    int y, m, d;
    day_to_ymd(time_local_day(t), &y, &m, &d);
    return arena_printf(a, "%02d/%02d/%04d", d, m, y);
}

/* The round of the path when u may read every unit's scores in it: the council's members and
 * managers, and once final whoever may read over the province (par_may_read at its root). Anything
 * else (unknown, not visible, visible but only for one's own line) is the round page's 404. */
static mc_err export_round(api_req *r, user **u, par_round *out, org_unit *root, mc_error *err) {
    mc_err e = api_require_user(r, u, err);
    if (e) return e;
    const char *s = r->nparams > 0 ? r->params[0] : NULL;
    char *end = NULL;
    long long id = s ? strtoll(s, &end, 10) : 0;
    par_round *v = NULL;
    size_t n = 0;
    if (s && *s && !*end && id > 0 && id <= 1000000000000LL &&
        (e = par_rounds_list(store_reader(r->app->st), r->a, *u, &v, &n, err)))
        return e;
    for (size_t i = 0; i < n; i++) {
        if (v[i].id != id) continue;
        mc_error e2;
        bool root_ok = units_get(store_reader(r->app->st), r->a, v[i].tenant, root, &e2) == MC_OK;
        if (par_is_council(*u, &v[i]) || par_is_council_manager(*u, &v[i]) ||
            (v[i].final && root_ok && par_may_read(*u, &v[i], root->path))) {
            if (!root_ok) break;
            *out = v[i];
            return MC_OK;
        }
        break;
    }
    return mc_fail(err, MC_ERR_NOT_FOUND, NULL, NO_ROUND, "No such round.");
}

/* "3. Cải cách thủ tục hành chính ..." for a domain's code, "" for none. */
static const char *domain_text(arena *a, const par_set *set, const char *code) {
    const par_node *d = code ? par_node_find(set, code) : NULL;
    return d ? arena_printf(a, "%s. %s", d->code, d->name) : "";
}

/* "Chỉ số cải cách hành chính năm 2026 của các xã, phường, đặc khu". */
static const char *round_title(arena *a, const par_round *rd) {
    return arena_printf(a, "Chỉ số cải cách hành chính năm %d của các %s", rd->year, par_level_label(rd->level));
}

static const char *file_base(arena *a, const par_round *rd) {
    return arena_printf(a, "chi-so-cchc-%d-%s", rd->year, par_level_name(rd->level));
}

/* ---- the workbook --------------------------------------------------------------------------------- */

#define RANK_COLS   13
#define DETAIL_COLS 16

mc_err api_par_round_xlsx(api_req *r, mc_error *err) {
    user *u;
    par_round rd;
    org_unit root;
    mc_err e = export_round(r, &u, &rd, &root, err);
    if (e) return e;
    mc_time now = time_now();
    store_conn *c = store_reader(r->app->st);
    par_set set;
    par_line *lines;
    size_t n;
    if ((e = par_ranking(c, r->a, rd.id, rd.tenant, now, &set, &lines, &n, err))) return e;
    size_t nleaves = 0;
    for (size_t k = 0; k < set.nnodes; k++) nleaves += set.nodes[k].leaf;

    static const char *const rank_cols[RANK_COLS] = {"Xếp hạng",
                                                     "Mã đơn vị",
                                                     "Đơn vị",
                                                     "Người đứng đầu",
                                                     "Trạng thái",
                                                     "Điểm đạt",
                                                     "Tổng điểm tối đa áp dụng",
                                                     "Chỉ số (%)",
                                                     "Xếp loại",
                                                     "Chỉ số năm trước (%)",
                                                     "Thay đổi so với năm trước",
                                                     "Lĩnh vực mạnh nhất",
                                                     "Lĩnh vực yếu nhất"};
    static const bool rank_num[RANK_COLS] = {true, false, false, false, false, true, true,
                                             true, false, true,  true,  false, false};
    static const double rank_w[RANK_COLS] = {9, 10, 30, 24, 20, 10, 12, 10, 12, 12, 12, 40, 40};
    static const char *const det_cols[DETAIL_COLS] = {
        "Mã đơn vị", "Đơn vị",         "Lĩnh vực",        "Mã tiêu chí", "Tiêu chí", "Cách chấm", "Điểm tối đa",
        "Tự chấm",   "Thẩm định",      "Lý do thẩm định", "Giải trình",  "Áp dụng",  "Số liệu",   "Cách tính số liệu",
        "Điểm đạt",  "Ghi chú tự chấm"};
    static const bool det_num[DETAIL_COLS] = {false, false, false, false, false, false, true, true,
                                              true,  false, false, false, true,  false, true, false};
    static const double det_w[DETAIL_COLS] = {10, 26, 30, 10, 50, 24, 9, 9, 9, 36, 36, 8, 10, 40, 9, 30};

    const char **rk = arena_alloc(r->a, (n ? n : 1) * RANK_COLS * sizeof *rk);
    const char **dt = arena_alloc(r->a, (n * nleaves > 0 ? n * nleaves : 1) * DETAIL_COLS * sizeof *dt);
    size_t nr = 0, nd = 0;
    bool council = par_is_council(u, &rd) || par_is_council_manager(u, &rd);
    for (size_t i = 0; i < n; i++) {
        const par_line *l = &lines[i];
        if (!council && !par_may_read(u, &rd, l->unit.path)) continue; /* as the round page; none once admitted */
        const char **x = rk + nr++ * RANK_COLS;
        x[0] = arena_printf(r->a, "%d", l->rank);
        x[1] = l->unit.code;
        x[2] = l->unit.name;
        x[3] = l->head_name ? l->head_name : "";
        x[4] = par_astate_label(l->state);
        x[5] = h_text(r->a, l->points, '.');
        x[6] = h_text(r->a, l->max, '.');
        x[7] = h_text(r->a, l->index, '.');
        x[8] = l->band ? l->band->label : "";
        x[9] = l->has_prev ? h_text(r->a, l->prev_index, '.') : "";
        x[10] = l->has_prev ? h_text(r->a, l->index - l->prev_index, '.') : "";
        x[11] = domain_text(r->a, &set, l->best);
        x[12] = domain_text(r->a, &set, l->worst);

        par_assessment a;
        if ((e = par_assessment_load(c, r->a, rd.id, l->unit.code, now, &a, err))) return e;
        const char *domain = "";
        for (size_t k = 0; k < a.set.nnodes; k++) {
            const par_node *nd_ = &a.set.nodes[k];
            if (nd_->depth == 0) domain = arena_printf(r->a, "%s. %s", nd_->code, nd_->name);
            if (!nd_->leaf) continue;
            const par_score *sc = &a.scores[k];
            const char **y = dt + nd++ * DETAIL_COLS;
            y[0] = a.unit.code;
            y[1] = a.unit.name;
            y[2] = domain;
            y[3] = nd_->code;
            y[4] = nd_->name;
            y[5] = par_method_label(nd_->method);
            y[6] = h_text(r->a, nd_->max, '.');
            y[7] = sc->has_self ? h_text(r->a, sc->self, '.') : "";
            y[8] = sc->has_appraised ? h_text(r->a, sc->appraised, '.') : "";
            y[9] = sc->has_appraised && sc->reason ? sc->reason : "";
            y[10] = sc->explanation ? sc->explanation : "";
            y[11] = sc->applicable ? "Có" : "Không";
            bool valued = nd_->method != PAR_SELF && !sc->value.na;
            y[12] = valued ? h_text(r->a, sc->value.value, '.') : "";
            y[13] = nd_->method != PAR_SELF && sc->value.formula ? sc->value.formula : "";
            y[14] = h_text(r->a, sc->points, '.');
            y[15] = sc->has_self && sc->self_note ? sc->self_note : "";
        }
    }
    const char *title = round_title(r->a, &rd);
    char at[17];
    time_format_vn(now, at);
    const char *state = rd.final ? arena_printf(r->a, "Kết quả đã công bố ngày %s", date_vn(r->a, rd.finalised_at))
                                 : arena_printf(r->a,
                                                "TẠM TÍNH: vòng đánh giá chưa công bố; điểm, xếp hạng và số liệu tính "
                                                "lúc %s, còn thay đổi đến khi Hội đồng thẩm định công bố",
                                                at);
    const char *sub = arena_printf(r->a, "%s. Bộ chỉ số: %s (%s)%s. Hội đồng thẩm định: %s.", state, set.title,
                                   set.version, set.illustrative ? ", bộ minh họa" : "", rd.council.name);
    xlsx_list sheets[2] = {
        {.sheet = "Xếp hạng",
         .title =
             rd.final ? arena_printf(r->a, "Xếp hạng %s", title) : arena_printf(r->a, "TẠM TÍNH – Xếp hạng %s", title),
         .subtitle = sub,
         .columns = rank_cols,
         .numeric = rank_num,
         .widths = rank_w,
         .ncols = RANK_COLS,
         .cells = rk,
         .nrows = nr},
        {.sheet = "Chi tiết",
         .title = rd.final ? arena_printf(r->a, "Điểm từng tiêu chí – %s", title)
                           : arena_printf(r->a, "TẠM TÍNH – Điểm từng tiêu chí – %s", title),
         .subtitle = sub,
         .columns = det_cols,
         .numeric = det_num,
         .widths = det_w,
         .ncols = DETAIL_COLS,
         .cells = dt,
         .nrows = nd},
    };
    buf out = {0};
    if ((e = xlsx_write_lists(sheets, 2, &out, err))) return e;
    r->file_name = arena_printf(r->a, "%s%s.xlsx", file_base(r->a, &rd), rd.final ? "" : "-tam-tinh");
    e = api_reply_raw(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", out.data, out.len);
    buf_free(&out);
    return e;
}

/* ---- the annex of the decision -------------------------------------------------------------------- */

/* The province's People's Committee, which decides the ranking: the council's parent when it is one
 * (Sở Nội vụ under UBND tỉnh), else the committee directly under the root, else the root's name. */
static const char *issuer_of(api_req *r, const par_round *rd, const org_unit *root) {
    store_conn *c = store_reader(r->app->st);
    org_unit p;
    mc_error e2;
    if (rd->council.parent_code && units_get(c, r->a, rd->council.parent_code, &p, &e2) == MC_OK && p.kind &&
        !strcmp(p.kind, "peoples_committee"))
        return p.name;
    org_unit *v;
    size_t n;
    if (units_list(c, r->a, root->code, &v, &n, &e2) == MC_OK)
        for (size_t i = 0; i < n; i++)
            if (v[i].kind && !strcmp(v[i].kind, "peoples_committee") && v[i].parent_code &&
                !strcmp(v[i].parent_code, root->code))
                return v[i].name;
    return arena_printf(r->a, "Ủy ban nhân dân %s", root->name);
}

mc_err api_par_round_pdf(api_req *r, mc_error *err) {
    user *u;
    par_round rd;
    org_unit root;
    mc_err e = export_round(r, &u, &rd, &root, err);
    if (e) return e;
    if (!rd.final)
        return mc_fail(err, MC_ERR_CONFLICT, NULL,
                       "Vòng đánh giá chưa công bố kết quả: phụ lục xếp hạng kèm quyết định chỉ có sau khi Hội đồng "
                       "thẩm định công bố. Xem kết quả tạm tính trong tệp Excel.",
                       "The round is not final yet.");
    par_set set;
    par_line *lines;
    size_t n;
    if ((e = par_ranking(store_reader(r->app->st), r->a, rd.id, rd.tenant, time_now(), &set, &lines, &n, err))) return e;
    const char *issuer = issuer_of(r, &rd, &root);
    const char *title = round_title(r->a, &rd);

    pdf_doc *p = pdf_create(arena_printf(r->a, "Phụ lục: Kết quả xác định %s", title), false, err);
    if (!p) return err->code;
    pdf_set_date(p, rd.finalised_at);
    rdoc_pdf_letterhead(p, NULL, issuer, NULL, NULL);
    pdf_para(p, "PHỤ LỤC", PDF_BOLD, 14, PDF_CENTER);
    pdf_para(p, arena_printf(r->a, "Kết quả xác định %s", title), PDF_BOLD, 13, PDF_CENTER);
    pdf_para(p, arena_printf(r->a, "(Kèm theo Quyết định số ……/QĐ-UBND ngày …… tháng …… năm …… của %s)", issuer),
             PDF_ITALIC, 12, PDF_CENTER);
    pdf_space(p, 8);
    pdf_para(p,
             arena_printf(r->a, "Bộ chỉ số: %s (phiên bản %s). Hội đồng thẩm định: %s. Kết quả công bố ngày %s.",
                          set.title, set.version, rd.council.name, date_vn(r->a, rd.finalised_at)),
             PDF_REGULAR, 11, PDF_LEFT);
    if (set.illustrative)
        pdf_para(p,
                 "Lưu ý: bộ tiêu chí dùng để tính là bộ minh họa, chưa phải bộ tiêu chí do cấp có thẩm quyền ban "
                 "hành.",
                 PDF_ITALIC, 11, PDF_LEFT);
    pdf_space(p, 6);
    static const char *const head[6] = {"STT", "Đơn vị", "Điểm", "Chỉ số (%)", "Xếp loại", "Xếp hạng"};
    float w = pdf_width(p);
    const float widths[6] = {w * 0.08f, w * 0.40f, w * 0.12f, w * 0.14f, w * 0.14f, w * 0.12f};
    const char **cells = arena_alloc(r->a, (n ? n : 1) * 6 * sizeof *cells);
    for (size_t i = 0; i < n; i++) {
        const char **x = cells + i * 6;
        x[0] = arena_printf(r->a, "%zu", i + 1);
        x[1] = lines[i].unit.name;
        x[2] = h_text(r->a, lines[i].points, ',');
        x[3] = h_text(r->a, lines[i].index, ',');
        x[4] = lines[i].band ? lines[i].band->label : "";
        x[5] = arena_printf(r->a, "%d", lines[i].rank);
    }
    pdf_table(p, widths, 6, head, cells, n, 11);
    pdf_space(p, 8);
    pdf_para(p,
             "Chỉ số (%) = điểm đạt / tổng điểm tối đa của các tiêu chí áp dụng × 100; tiêu chí không có số liệu để "
             "tính không được tính vào điểm tối đa. Các đơn vị cùng chỉ số có cùng thứ hạng.",
             PDF_ITALIC, 10, PDF_LEFT);
    char at[17];
    time_format_vn(rd.finalised_at, at);
    pdf_para(p, arena_printf(r->a, "Số liệu do motcua tính và chốt khi công bố kết quả lúc %s.", at), PDF_ITALIC, 9,
             PDF_LEFT);
    buf out = {0};
    e = pdf_finish(p, &out, err);
    pdf_free(p);
    if (e) return e;
    r->file_name = arena_printf(r->a, "phu-luc-%s.pdf", file_base(r->a, &rd));
    e = api_reply_raw(r, 200, "application/pdf", out.data, out.len);
    buf_free(&out);
    return e;
}
