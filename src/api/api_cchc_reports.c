/* api_cchc_reports.c - periodic CCHC reports (issue 16, domain/reports.h):
 * GET /api/v1/cchc-reports?unit=&year=&kind= (the units below and how far their reports are),
 * GET/POST /api/v1/cchc-reports/{unit}/{year}/{kind} (the report; saving the draft),
 * POST .../submit (freezing it), and its files .../report.pdf, .../report.docx, .../annex.xlsx. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "report_doc.h"
#include "reports.h"
#include "xlsx.h"

static json_t *day_json(mc_day d) {
    char s[11];
    day_format(d, s);
    return json_string(s);
}

/* The year and kind of the path (or the query), or 400. */
static mc_err year_kind(const char *ys, const char *ks, int *year, rp_kind *kind, mc_error *err) {
    char *end = NULL;
    long y = ys ? strtol(ys, &end, 10) : 0;
    if (!ys || !*ys || *end || y < 2000 || y > 2100)
        return mc_fail(err, MC_ERR_INVALID, "year", "Năm báo cáo phải là một năm từ 2000 đến 2100.",
                       "year: 2000 to 2100.");
    int k = rp_kind_parse(ks);
    if (k < 0)
        return mc_fail(err, MC_ERR_INVALID, "kind",
                       "Kỳ báo cáo phải là q1 (quý I), h1 (6 tháng), q3 (quý III) hoặc year (năm).",
                       "kind: q1, h1, q3 or year.");
    *year = (int)y;
    *kind = (rp_kind)k;
    return MC_OK;
}

/* A figure's text as a person reads it: "1234", "87,5 %", "N/A". */
static const char *figure_text(arena *a, const rp_figure_def *f, rp_value v) {
    if (v.na) return "Không có dữ liệu";
    if (f->kind == RF_COUNT) return arena_printf(a, "%lld", (long long)v.v);
    const char *t = arena_printf(a, "%lld,%02lld", (long long)(v.v / 100), (long long)((v.v < 0 ? -v.v : v.v) % 100));
    return f->kind == RF_PERCENT ? arena_printf(a, "%s %%", t) : t;
}

static json_t *figure_value(const rp_figure_def *f, rp_value v) {
    if (v.na) return json_null();
    return f->kind == RF_COUNT ? json_integer(v.v) : json_real((double)v.v / 100.0);
}

/* Reads the report of the path's unit, year and kind for the user (404 as for an unknown unit). */
static mc_err load(api_req *r, user **u, report *rp, mc_error *err) {
    mc_err e = api_require_user(r, u, err);
    int year;
    rp_kind kind;
    if (!e) e = year_kind(r->params[1], r->params[2], &year, &kind, err);
    if (e) return e;
    e = reports_load(store_reader(r->app->st), r->a, r->params[0], year, kind, time_now(), rp, err);
    if (e == MC_ERR_NOT_FOUND || (!e && !reports_may_read(*u, rp->unit.path)))
        return mc_fail(err, MC_ERR_NOT_FOUND, "unit", "Không tìm thấy báo cáo của đơn vị này trong phạm vi tài khoản.",
                       "No such report within your reach.");
    return e;
}

static json_t *report_json(api_req *r, const user *u, const report *rp) {
    const rp_section *o = reports_outline();
    json_t *secs = json_array();
    for (int i = 0; i < RP_SECTIONS; i++)
        json_array_append_new(secs, json_pack("{s:o, s:s, s:s, s:s, s:s}", "part", api_jstr(o[i].part), "key", o[i].key,
                                              "title", o[i].title, "hint", o[i].hint, "text", rp->sections[i]));
    const rp_figure_def *f = reports_figures();
    json_t *figs = json_array();
    for (int i = 0; i < RP_FIGURES; i++)
        json_array_append_new(figs, json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:s}", "key", f[i].key, "group",
                                              f[i].group, "label", f[i].label, "kind",
                                              f[i].kind == RF_COUNT     ? "count"
                                              : f[i].kind == RF_PERCENT ? "percent"
                                                                        : "score",
                                              "value", figure_value(&f[i], rp->figures[i]), "text",
                                              figure_text(r->a, &f[i], rp->figures[i]), "source", f[i].source));
    return json_pack(
        "{s:{s:s, s:s, s:s}, s:i, s:{s:s, s:s}, s:{s:o, s:o, s:o, s:s}, s:s, s:o, s:o, s:o, s:o, s:o, "
        "s:o, s:o, s:o, s:o, s:o, s:o, s:{s:i, s:i, s:s}, s:b, s:b}",
        "unit", "code", rp->unit.code, "name", rp->unit.name, "kind", rp->unit.kind, "year", rp->year, "period", "name",
        rp_kind_name(rp->kind), "label", rp_kind_label(rp->kind), "window", "from", day_json(rp->from), "to",
        day_json(rp->to), "due", day_json(rp->due), "source", reports_window_source(), "state",
        rp->submitted ? "submitted"
        : rp->id      ? "draft"
                      : "none",
        "number", api_jstr(rp->number), "place", api_jstr(rp->place && *rp->place ? rp->place : rp->place_default),
        "signer_title", api_jstr(rp->signer_title), "signer_name", api_jstr(rp->signer_name), "recipients",
        api_jstr(rp->recipients), "submitted_at", api_when_json(rp->submitted_at), "submitted_by",
        api_jstr(rp->submitted_by), "figures_asof", api_when_json(rp->asof), "updated_at",
        api_when_json(rp->updated_at), "sections", secs, "figures", figs, "units", "expected", rp->expected, "reported",
        rp->reported, "missing", rp->missing ? rp->missing : "", "may_write",
        !rp->submitted && reports_may_write(u, rp->unit.path), "may_submit",
        !rp->submitted && reports_may_submit(u, rp->unit.path));
}

mc_err api_cchc_report_get(api_req *r, mc_error *err) {
    user *u;
    report rp;
    mc_err e = load(r, &u, &rp, err);
    if (e) return e;
    return api_reply(r, 200, report_json(r, u, &rp));
}

mc_err api_cchc_report_save(api_req *r, mc_error *err) {
    user *u;
    report rp;
    mc_err e = load(r, &u, &rp, err);
    if (e) return e;
    json_t *body;
    if ((e = api_body_object(r, &body, err))) return e;
    report_edit in = {0};
    const struct {
        const char *key;
        const char **out;
    } heads[] = {{"number", &in.number},
                 {"place", &in.place},
                 {"signer_title", &in.signer_title},
                 {"signer_name", &in.signer_name},
                 {"recipients", &in.recipients}};
    for (size_t i = 0; !e && i < sizeof heads / sizeof heads[0]; i++)
        e = api_json_str(r, body, heads[i].key, false, heads[i].out, err);
    json_t *secs = json_object_get(body, "sections");
    if (!e && secs && !json_is_object(secs))
        e = mc_fail(err, MC_ERR_INVALID, "sections", "sections phải là một đối tượng {mục: nội dung}.",
                    "sections must be an object.");
    const rp_section *o = reports_outline();
    if (!e && secs) {
        const char *key;
        json_t *v;
        json_object_foreach(secs, key, v) {
            int i = 0;
            while (i < RP_SECTIONS && strcmp(o[i].key, key)) i++;
            if (i == RP_SECTIONS) {
                e = mc_failf(err, MC_ERR_INVALID, "sections", "Không có mục báo cáo \"%.40s\".", "No section %.40s.",
                             key, key);
                break;
            }
            /* The length is the domain's to check (field "section", 20,000 characters). */
            if (!json_is_string(v)) {
                e = mc_failf(err, MC_ERR_INVALID, arena_printf(r->a, "sections.%s", o[i].key),
                             "Nội dung mục \"%s\" phải là văn bản.", "A section must be a string.", o[i].title);
                break;
            }
            in.sections[i] = json_string_value(v);
        }
    }
    if (!e) e = reports_save(r->app->st, u, rp.unit.code, rp.year, rp.kind, &in, time_now(), err);
    json_decref(body);
    if (e) return e;
    if ((e = reports_load(store_reader(r->app->st), r->a, rp.unit.code, rp.year, rp.kind, time_now(), &rp, err)))
        return e;
    return api_reply(r, 200, report_json(r, u, &rp));
}

mc_err api_cchc_report_submit(api_req *r, mc_error *err) {
    user *u;
    report rp;
    mc_err e = load(r, &u, &rp, err);
    if (!e) e = reports_submit(r->app->st, u, rp.unit.code, rp.year, rp.kind, time_now(), err);
    if (!e) e = reports_load(store_reader(r->app->st), r->a, rp.unit.code, rp.year, rp.kind, time_now(), &rp, err);
    if (e) return e;
    return api_reply(r, 200, report_json(r, u, &rp));
}

mc_err api_cchc_reports_list(api_req *r, mc_error *err) {
    org_unit unit;
    mc_err e = api_report_unit(r, &unit, err);
    int year;
    rp_kind kind;
    if (!e) e = year_kind(api_query(r, "year"), api_query(r, "kind"), &year, &kind, err);
    if (e) return e;
    report_status *st;
    size_t n;
    if ((e = reports_overview(store_reader(r->app->st), r->a, &unit, year, kind, &st, &n, err))) return e;
    json_t *items = json_array();
    size_t done = 0;
    for (size_t i = 0; i < n; i++) {
        done += !strcmp(st[i].state, "submitted");
        json_array_append_new(items,
                              json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "code", st[i].code, "name", st[i].name,
                                        "kind", st[i].kind, "state", st[i].state, "number", api_jstr(st[i].number),
                                        "submitted_at", api_when_json(st[i].submitted_at)));
    }
    mc_day from, to, due;
    reports_window(kind, year, &from, &to, &due);
    return api_reply(r, 200,
                     json_pack("{s:{s:s, s:s}, s:i, s:s, s:{s:o, s:o, s:o}, s:I, s:I, s:o}", "unit", "code", unit.code,
                               "name", unit.name, "year", year, "kind", rp_kind_name(kind), "window", "from",
                               day_json(from), "to", day_json(to), "due", day_json(due), "expected", (json_int_t)n,
                               "reported", (json_int_t)done, "units", items));
}

/* ---- the files ---------------------------------------------------------------------------------------------- */

/* The document as Nghị định 30/2020 lays it out, from the report. */
static void document_of(api_req *r, const report *rp, rdoc *d) {
    memset(d, 0, sizeof *d);
    const rp_section *o = reports_outline();
    const char **heads = arena_alloc(r->a, 2 * RP_SECTIONS * sizeof *heads);
    const char **texts = arena_alloc(r->a, 2 * RP_SECTIONS * sizeof *texts);
    size_t ns = 0;
    for (int i = 0; i < RP_SECTIONS; i++) {
        if (o[i].part) { /* a part's heading opens its first section */
            heads[ns] = o[i].part;
            texts[ns++] = "";
        }
        if (!*rp->sections[i] && rp->submitted) continue;
        heads[ns] = o[i].title;
        texts[ns++] = *rp->sections[i] ? rp->sections[i] : "(chưa viết)";
    }
    int y, m, dd;
    day_to_ymd(time_local_day(rp->submitted_at ? rp->submitted_at : rp->asof), &y, &m, &dd);
    char f[11], t[11];
    day_format(rp->from, f);
    day_format(rp->to, t);
    d->upper_body = rp->parent_name;
    d->body = rp->unit.name;
    d->number = arena_printf(r->a, "Số: %s", rp->number && *rp->number ? rp->number : "……/BC-……");
    d->place_date = arena_printf(r->a, "%s, ngày %d tháng %d năm %d",
                                 rp->place && *rp->place ? rp->place : rp->place_default, dd, m, y);
    d->kind = "BÁO CÁO";
    d->summary = arena_printf(r->a, "Kết quả thực hiện công tác cải cách hành chính %s năm %d", rp_kind_label(rp->kind),
                              rp->year);
    d->intro = rp->expected
                   ? arena_printf(r->a, "Đơn vị cấp dưới đã gửi báo cáo: %d/%d.%s%s", rp->reported, rp->expected,
                                  rp->missing && *rp->missing ? " Chưa gửi: " : "", rp->missing ? rp->missing : "")
                   : NULL;
    d->heads = heads;
    d->texts = texts;
    d->nsections = ns;
    d->annex_title = "PHỤ LỤC: SỐ LIỆU KẾT QUẢ CẢI CÁCH HÀNH CHÍNH";
    d->annex_note = arena_printf(r->a, "(Kèm theo Báo cáo số %s; số liệu từ %c%c/%c%c/%.4s đến %c%c/%c%c/%.4s)",
                                 rp->number && *rp->number ? rp->number : "……", f[8], f[9], f[5], f[6], f, t[8], t[9],
                                 t[5], t[6], t);
    const rp_figure_def *fd = reports_figures();
    rdoc_row *rows = arena_alloc(r->a, 2 * RP_FIGURES * sizeof *rows);
    size_t n = 0;
    int g = 0, k = 0;
    const char *group = NULL;
    for (int i = 0; i < RP_FIGURES; i++) {
        if (!group || strcmp(group, fd[i].group)) {
            group = fd[i].group;
            rows[n++] = (rdoc_row){.label = group};
            g++;
            k = 0;
        }
        rows[n++] = (rdoc_row){.no = arena_printf(r->a, "%d.%d", g, ++k),
                               .label = fd[i].label,
                               .value = figure_text(r->a, &fd[i], rp->figures[i])};
    }
    d->rows = rows;
    d->nrows = n;
    d->recipients = rp->recipients && *rp->recipients ? rp->recipients : "Như trên;\nLưu: VT.";
    d->signer_title = rp->signer_title && *rp->signer_title ? rp->signer_title : "Thủ trưởng cơ quan";
    d->signer_name = rp->signer_name;
    char at[17];
    time_format_vn(rp->asof, at);
    d->footer = arena_printf(r->a, "Số liệu phụ lục do motcua tính %s lúc %s.",
                             rp->submitted ? "và giữ nguyên khi gửi báo cáo," : "(bản nháp, tính lại mỗi lần xem)", at);
}

static const char *file_base(api_req *r, const report *rp) {
    return arena_printf(r->a, "bao-cao-cchc-%s-%d-%s", rp->unit.code, rp->year, rp_kind_name(rp->kind));
}

/* The report of the path as a document written by `write` (rdoc_pdf, rdoc_docx), named <file_base>.ext. */
static mc_err reply_document(api_req *r, mc_err (*write)(const rdoc *, buf *, mc_error *), const char *ext,
                             const char *type, mc_error *err) {
    user *u;
    report rp;
    mc_err e = load(r, &u, &rp, err);
    if (e) return e;
    rdoc d;
    document_of(r, &rp, &d);
    buf out = {0};
    if ((e = write(&d, &out, err))) return e;
    r->file_name = arena_printf(r->a, "%s.%s", file_base(r, &rp), ext);
    e = api_reply_raw(r, 200, type, out.data, out.len);
    buf_free(&out);
    return e;
}

mc_err api_cchc_report_pdf(api_req *r, mc_error *err) {
    return reply_document(r, rdoc_pdf, "pdf", "application/pdf", err);
}

mc_err api_cchc_report_docx(api_req *r, mc_error *err) {
    return reply_document(r, rdoc_docx, "docx",
                          "application/vnd.openxmlformats-officedocument.wordprocessingml.document", err);
}

mc_err api_cchc_report_xlsx(api_req *r, mc_error *err) {
    user *u;
    report rp;
    mc_err e = load(r, &u, &rp, err);
    if (e) return e;
    static const char *const cols[] = {"Mã", "Nhóm", "Chỉ tiêu", "Số liệu", "Nguồn"};
    static const bool numeric[] = {false, false, false, true, false};
    static const double widths[] = {26, 40, 60, 14, 36};
    const rp_figure_def *f = reports_figures();
    const char **cells = arena_alloc(r->a, RP_FIGURES * 5 * sizeof *cells);
    for (int i = 0; i < RP_FIGURES; i++) {
        const char **c = cells + i * 5;
        c[0] = f[i].key;
        c[1] = f[i].group;
        c[2] = f[i].label;
        rp_value v = rp.figures[i];
        c[3] = v.na                    ? ""
               : f[i].kind == RF_COUNT ? arena_printf(r->a, "%lld", (long long)v.v)
                                       : arena_printf(r->a, "%.2f", (double)v.v / 100.0);
        c[4] = f[i].source;
    }
    char fr[11], to[11];
    day_format(rp.from, fr);
    day_format(rp.to, to);
    xlsx_list l = {.sheet = "Phu luc",
                   .title = arena_printf(r->a, "Phụ lục số liệu CCHC %s năm %d: %s", rp_kind_label(rp.kind), rp.year,
                                         rp.unit.name),
                   .subtitle = arena_printf(r->a, "Kỳ số liệu %s – %s; %s", fr, to,
                                            rp.submitted ? "số liệu giữ nguyên như lúc gửi báo cáo"
                                                         : "bản nháp: số liệu tính tại thời điểm tải"),
                   .columns = cols,
                   .numeric = numeric,
                   .widths = widths,
                   .ncols = 5,
                   .cells = cells,
                   .nrows = RP_FIGURES};
    buf out = {0};
    if ((e = xlsx_write_list(&l, &out, err))) return e;
    r->file_name = arena_printf(r->a, "%s-phu-luc.xlsx", file_base(r, &rp));
    e = api_reply_raw(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", out.data, out.len);
    buf_free(&out);
    return e;
}
