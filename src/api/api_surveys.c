/* api_surveys.c - SIPAS survey campaigns over the API (surveys.h): campaigns,
 * the sample and its invites, answers by one-time token (public), paper
 * answers imported from CSV or XLSX, and the results (survey_results.h) as
 * JSON, CSV and XLSX: every number from one computation. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "csv.h"
#include "survey_results.h"
#include "surveys.h"
#include "text.h"
#include "timeutil.h"
#include "units.h"
#include "xlsx.h"
#include "xlsx_read.h"

/* A number of the results, rounded to 2 decimals (what every page and export shows). */
static double r2(double v) {
    return round(v * 100) / 100;
}

/* The campaign id of the path; 404 when it is not a number. */
static mc_err campaign_id(api_req *r, int64_t *id, mc_error *err) {
    const char *s = r->nparams ? r->params[0] : NULL;
    char *end;
    long long v = s ? strtoll(s, &end, 10) : 0;
    if (!s || !*s || *end || v <= 0)
        return mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Không có đợt khảo sát này (hoặc nằm ngoài phạm vi của bạn).",
                       "No such survey campaign.");
    *id = v;
    return MC_OK;
}

json_t *api_survey_json(const survey_campaign *c) {
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:{s:s, s:s}, s:s, s:I, s:I, s:{s:s, s:s}, s:o, s:o, s:o, s:s, s:o, s:I, s:I, s:I}", "id",
        (json_int_t)c->id, "name", c->name, "from", c->from, "to", c->to, "unit", "code", c->unit_code, "name",
        c->unit_name, "questionnaire", c->questionnaire, "sample_size", (json_int_t)c->sample_size, "min_answers",
        (json_int_t)c->min_answers, "status", "name", survey_status_name(c->status), "label",
        survey_status_label(c->status), "seed", api_jstr(c->seed), "population",
        c->population >= 0 ? json_integer(c->population) : json_null(), "drawn_at", api_time_json(c->drawn_at),
        "created_by", c->created_by_name ? c->created_by_name : "", "created_at", api_time_json(c->created_at),
        "invites", (json_int_t)c->invites, "answered", (json_int_t)c->answered, "responses", (json_int_t)c->responses);
}

/* A campaign the user may read, by the path's id. */
static mc_err campaign_of(api_req *r, user **u, survey_campaign *c, mc_error *err) {
    int64_t id;
    mc_err e = api_require_user(r, u, err);
    if (!e) e = campaign_id(r, &id, err);
    if (!e) e = surveys_get(store_reader(r->app->st), r->a, id, *u, c, err);
    return e;
}

mc_err api_surveys_list(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    survey_campaign *v;
    size_t n;
    if ((e = surveys_list(store_reader(r->app->st), r->a, u, &v, &n, err))) return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, api_survey_json(&v[i]));
    return api_reply(r, 200,
                     json_pack("{s:o, s:b}", "campaigns", items, "may_create",
                               perm_scope_of(u->roles, ACT_SURVEY_MANAGE) != SCOPE_NONE));
}

mc_err api_surveys_create(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    json_t *doc;
    if ((e = api_body_object(r, &doc, err))) return e;
    survey_new in = {0};
    e = api_json_str(r, doc, "name", true, &in.name, err);
    if (!e) e = api_json_str(r, doc, "from", true, &in.from, err);
    if (!e) e = api_json_str(r, doc, "to", true, &in.to, err);
    if (!e) e = api_json_str(r, doc, "unit", false, &in.unit_code, err);
    if (!e) e = api_json_str(r, doc, "questionnaire", false, &in.questionnaire, err);
    json_t *ss = json_object_get(doc, "sample_size"), *ma = json_object_get(doc, "min_answers");
    if (!e && !json_is_integer(ss))
        e = mc_fail(err, MC_ERR_INVALID, "sample_size", "Vui lòng nhập cỡ mẫu (số hồ sơ được rút để khảo sát).",
                    "sample_size must be an integer.");
    if (!e && ma && !json_is_null(ma) && !json_is_integer(ma))
        e = mc_fail(err, MC_ERR_INVALID, "min_answers", "Số phiếu tối thiểu phải là số nguyên.",
                    "min_answers must be an integer.");
    if (!e) {
        in.sample_size = json_integer_value(ss);
        in.min_answers = json_is_integer(ma) ? json_integer_value(ma) : 0;
        if (json_is_integer(ma) && in.min_answers < 1)
            e = mc_fail(err, MC_ERR_INVALID, "min_answers", "Số phiếu tối thiểu để xếp hạng phải từ 1 đến 100000.",
                        "min_answers must be 1 to 100000.");
    }
    if (!e && !in.unit_code) in.unit_code = u->unit_code;
    json_decref(doc);
    if (e) return e;
    int64_t id = 0;
    if ((e = surveys_create(r->app->st, r->a, &in, u, time_now(), &id, err))) return e;
    survey_campaign c;
    if ((e = surveys_get(store_reader(r->app->st), r->a, id, u, &c, err))) return e;
    return api_reply(r, 201, api_survey_json(&c));
}

mc_err api_surveys_get(api_req *r, mc_error *err) {
    user *u;
    survey_campaign c;
    mc_err e = campaign_of(r, &u, &c, err);
    if (e) return e;
    survey_event *ev;
    size_t n;
    if ((e = surveys_events(store_reader(r->app->st), r->a, c.tenant, c.id, &ev, &n, err))) return e;
    json_t *events = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(events, json_pack("{s:s, s:s, s:o, s:o}", "actor", ev[i].actor, "action", ev[i].action,
                                                "at", api_time_json(ev[i].at), "note", api_jstr(ev[i].note)));
    json_t *j = api_survey_json(&c);
    json_object_set_new(j, "events", events);
    json_object_set_new(j, "may_manage", json_boolean(surveys_may_manage(u, &c)));
    return api_reply(r, 200, j);
}

static json_t *invite_json(api_req *r, const survey_invite *v) {
    json_t *j = json_pack("{s:i, s:s, s:{s:s, s:s}, s:b, s:o}", "seq", v->seq, "dossier", v->dossier_code, "unit",
                          "code", v->unit_code, "name", v->unit_name, "answered", v->used_at != 0, "answered_at",
                          api_time_json(v->used_at));
    if (v->token) {
        json_object_set_new(j, "token", json_string(v->token));
        json_object_set_new(j, "link", json_string(arena_printf(r->a, "%s/khao-sat/%s", api_public_base(r), v->token)));
    }
    return j;
}

mc_err api_surveys_draw(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    int64_t id = 0;
    if (!e) e = campaign_id(r, &id, err);
    survey_draw d;
    if (!e) e = surveys_draw(r->app->st, r->a, id, u, time_now(), &d, err);
    if (e) return e;
    json_t *inv = json_array();
    for (size_t i = 0; i < d.n; i++) json_array_append_new(inv, invite_json(r, &d.v[i]));
    json_t *j = json_pack("{s:I, s:I, s:o, s:o}", "population", (json_int_t)d.population, "drawn", (json_int_t)d.n,
                          "seed", api_jstr(d.seed), "invites", inv);
    if (!d.n)
        json_object_set_new(j, "message",
                            json_string("Không có hồ sơ nào đã trả kết quả cho người nộp trong kỳ và phạm vi "
                                        "của đợt khảo sát, nên chưa rút được mẫu. Đợt khảo sát vẫn ở dạng "
                                        "dự thảo; có thể nhập phiếu giấy."));
    else
        json_object_set_new(j, "message",
                            json_string("Đây là lần duy nhất các đường dẫn khảo sát được hiển thị: hãy tải "
                                        "danh sách (CSV) hoặc in ngay để gửi cho người dân qua tin nhắn "
                                        "hoặc bưu điện."));
    return api_reply(r, 200, j);
}

mc_err api_surveys_invites(api_req *r, mc_error *err) {
    user *u;
    survey_campaign c;
    mc_err e = campaign_of(r, &u, &c, err);
    if (e) return e;
    survey_invite *v;
    size_t n;
    if ((e = surveys_invites(store_reader(r->app->st), r->a, c.tenant, c.id, &v, &n, err))) return e;
    json_t *inv = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(inv, invite_json(r, &v[i]));
    return api_reply(r, 200,
                     json_pack("{s:I, s:o, s:o, s:o}", "population", (json_int_t)(c.population > 0 ? c.population : 0),
                               "seed", api_jstr(c.seed), "drawn_at", api_time_json(c.drawn_at), "invites", inv));
}

mc_err api_surveys_close(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    int64_t id = 0;
    if (!e) e = campaign_id(r, &id, err);
    if (!e) e = surveys_close(r->app->st, r->a, id, u, time_now(), err);
    survey_campaign c;
    if (!e) e = surveys_get(store_reader(r->app->st), r->a, id, u, &c, err);
    if (e) return e;
    return api_reply(r, 200, api_survey_json(&c));
}

/* ---- answering (public) ------------------------------------------------------------------------ */

mc_err api_surveys_questionnaire(api_req *r, mc_error *err) {
    survey_form f;
    const char *body;
    mc_err e =
        surveys_questionnaire_get(store_reader(r->app->st), r->a, r->nparams ? r->params[0] : NULL, &f, &body, err);
    if (e) return e;
    json_error_t je;
    json_t *j = json_loads(body, 0, &je);
    if (!j) return mc_fail(err, MC_ERR_INTERNAL, NULL, NULL, "stored questionnaire is not JSON");
    return api_reply(r, 200, j);
}

mc_err api_surveys_reply_parse(api_req *r, const survey_form *f, json_t *profile, json_t *answers, survey_reply *out,
                               mc_error *err) {
    int *p = arena_alloc(r->a, (f->nprofile + 1) * sizeof *p), *v = arena_alloc(r->a, f->nitems * sizeof *v);
    memset(p, 0, (f->nprofile + 1) * sizeof *p);
    memset(v, 0, f->nitems * sizeof *v);
    if ((profile && !json_is_null(profile) && !json_is_object(profile)) || !json_is_object(answers))
        return mc_fail(
            err, MC_ERR_INVALID, "answers",
            "Câu trả lời phải là đối tượng JSON: answers {mã tiêu chí: 1..5}, profile {mã câu hỏi: lựa chọn}.",
            "answers and profile must be objects.");
    const char *k;
    json_t *x;
    json_object_foreach(answers, k, x) {
        int i = survey_form_item(f, k);
        if (i < 0)
            return mc_failf(err, MC_ERR_INVALID, "answers", "Không có tiêu chí mã %s trong bảng hỏi.", "No item %s.", k,
                            k);
        if (json_is_null(x)) continue;
        if (!json_is_integer(x) || json_integer_value(x) < 1 || json_integer_value(x) > SURVEY_SCALE)
            return mc_failf(err, MC_ERR_INVALID, k, "Tiêu chí %s: mức đánh giá phải từ 1 đến 5.",
                            "%s: the answer must be 1 to 5.", k, k);
        v[i] = (int)json_integer_value(x);
    }
    if (json_is_object(profile)) {
        json_object_foreach(profile, k, x) {
            int q = survey_form_question(f, k);
            if (q < 0)
                return mc_failf(err, MC_ERR_INVALID, "profile", "Không có câu hỏi mã %s trong bảng hỏi.",
                                "No question %s.", k, k);
            if (json_is_null(x)) continue;
            if (!json_is_integer(x) || json_integer_value(x) < 0 || json_integer_value(x) > 999)
                return mc_failf(err, MC_ERR_INVALID, k, "Câu \"%s\": lựa chọn không hợp lệ.", "%s: not an option.",
                                f->profile[q].label, k);
            p[q] = (int)json_integer_value(x);
        }
    }
    *out = (survey_reply){p, v};
    return surveys_reply_check(f, out, err);
}

mc_err api_surveys_answer(api_req *r, mc_error *err) {
    json_t *doc;
    mc_err e = api_body_object(r, &doc, err);
    if (e) return e;
    const char *token = NULL;
    e = api_json_str(r, doc, "token", true, &token, err);
    survey_ticket t;
    if (!e) e = surveys_ticket(store_reader(r->app->st), r->a, token, &t, err);
    survey_reply reply;
    if (!e && t.used)
        e = mc_fail(err, MC_ERR_CONFLICT, NULL, "Phiếu khảo sát này đã được trả lời.",
                    "This survey was answered already.");
    if (!e)
        e = api_surveys_reply_parse(r, &t.form, json_object_get(doc, "profile"), json_object_get(doc, "answers"),
                                    &reply, err);
    json_decref(doc);
    if (!e) e = surveys_answer(r->app->st, r->a, token, &reply, time_now(), err);
    if (e) return e;
    return api_reply(r, 201, json_pack("{s:s}", "message", "Cảm ơn Ông/Bà đã trả lời phiếu khảo sát."));
}

/* ---- paper answers ------------------------------------------------------------------------------ */

/* The file of an import: the multipart file (any field), or a raw text/csv body. *xlsx when it is a
 * workbook. 413 past SURVEY_IMPORT_MAX_BYTES. */
static mc_err import_file(api_req *r, const unsigned char **data, size_t *len, bool *xlsx, const char **name,
                          mc_error *err) {
    *xlsx = false;
    *name = NULL;
    if (r->upload) {
        const multipart_file *f = multipart_file_count(r->upload) ? multipart_file_at(r->upload, 0) : NULL;
        if (!f || !f->size)
            return mc_fail(err, MC_ERR_INVALID, "file", "Vui lòng chọn tệp phiếu khảo sát (CSV hoặc Excel .xlsx).",
                           "Attach the answers file.");
        if (f->size > SURVEY_IMPORT_MAX_BYTES)
            return mc_failf(err, MC_ERR_TOO_LARGE, "file", "Tệp phiếu khảo sát vượt giới hạn %u MB mỗi lần nhập.",
                            "The file is larger than %u MiB.", SURVEY_IMPORT_MAX_BYTES >> 20,
                            SURVEY_IMPORT_MAX_BYTES >> 20);
        FILE *fp = fopen(f->path, "rb");
        unsigned char *b = arena_alloc(r->a, f->size + 1);
        size_t got = fp ? fread(b, 1, f->size, fp) : 0;
        if (fp) fclose(fp);
        if (got != f->size) return mc_fail(err, MC_ERR_INTERNAL, NULL, NULL, "cannot read the spooled upload");
        b[got] = 0;
        *data = b;
        *len = got;
        *xlsx = f->type == FT_XLSX;
        *name = f->filename;
        return MC_OK;
    }
    if (!r->content_type || !api_media_type_is(r, "text/csv"))
        return mc_fail(err, MC_ERR_MEDIA_TYPE, NULL,
                       "Hãy gửi tệp CSV (text/csv), hoặc tệp CSV/Excel trong biểu mẫu multipart/form-data.",
                       "Send text/csv, or a CSV or XLSX file as multipart/form-data.");
    if (r->body_len > SURVEY_IMPORT_MAX_BYTES)
        return mc_failf(err, MC_ERR_TOO_LARGE, "file", "Tệp phiếu khảo sát vượt giới hạn %u MB mỗi lần nhập.",
                        "The file is larger than %u MiB.", SURVEY_IMPORT_MAX_BYTES >> 20,
                        SURVEY_IMPORT_MAX_BYTES >> 20);
    *data = (const unsigned char *)(r->body ? r->body : "");
    *len = r->body_len;
    return MC_OK;
}

/* The file as rows of cells. */
static mc_err import_rows(api_req *r, const unsigned char *data, size_t len, bool xlsx, survey_row **rows, size_t *n,
                          mc_error *err) {
    if (xlsx) {
        xlsx_row *xr;
        xlsx_read_limits lim = xlsx_read_limits_default();
        lim.max_rows = SURVEY_IMPORT_MAX_ROWS + 1;
        mc_err e = xlsx_read(r->a, data, len, &lim, &xr, n, err);
        if (e == MC_ERR_TOO_LARGE && !strncmp(err->message_en, "More than", 9))
            return mc_failf(err, MC_ERR_TOO_LARGE, "file",
                            "Tệp có hơn %d phiếu, vượt giới hạn mỗi lần nhập; hãy chia nhỏ tệp.", "More than %d rows.",
                            SURVEY_IMPORT_MAX_ROWS, SURVEY_IMPORT_MAX_ROWS);
        if (e) return e;
        *rows = arena_alloc(r->a, (*n ? *n : 1) * sizeof **rows);
        for (size_t i = 0; i < *n; i++) (*rows)[i] = (survey_row){xr[i].cells, xr[i].n, xr[i].row};
        return MC_OK;
    }
    if (!text_valid_utf8((const char *)data, len))
        return mc_fail(err, MC_ERR_INVALID, "file", "Tệp CSV phải được lưu dạng UTF-8 (hoặc gửi tệp Excel .xlsx).",
                       "The CSV is not UTF-8.");
    csv_record *rec;
    mc_err e = csv_parse(r->a, (const char *)data, len, &rec, n, err);
    if (e) return e;
    *rows = arena_alloc(r->a, (*n ? *n : 1) * sizeof **rows);
    for (size_t i = 0; i < *n; i++) (*rows)[i] = (survey_row){rec[i].fields, rec[i].n, rec[i].line};
    return MC_OK;
}

mc_err api_surveys_import(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    int64_t id = 0;
    if (!e) e = campaign_id(r, &id, err);
    survey_campaign c;
    /* Who may import is known before the file is read. */
    if (!e) e = surveys_get(store_reader(r->app->st), r->a, id, u, &c, err);
    if (!e && !surveys_may_manage(u, &c))
        e = mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Nhập phiếu giấy dành cho người quản lý đợt khảo sát.",
                    "Only the campaign's managers import answers.");
    const unsigned char *data = NULL;
    size_t len = 0, n = 0;
    bool xlsx = false;
    const char *name = NULL;
    survey_row *rows = NULL;
    if (!e) e = import_file(r, &data, &len, &xlsx, &name, err);
    if (!e) e = import_rows(r, data, len, xlsx, &rows, &n, err);
    survey_import_report rep = {0};
    if (!e) e = surveys_import(r->app->st, r->a, id, u, rows, n, name, time_now(), &rep, err);
    if (e == MC_ERR_INVALID && rep.nerrors) {
        json_t *lines = json_array();
        for (size_t i = 0; i < rep.nerrors; i++)
            json_array_append_new(lines, json_pack("{s:i, s:o, s:s}", "line", rep.errors[i].line, "column",
                                                   api_jstr(rep.errors[i].column), "reason", rep.errors[i].reason));
        return api_reply(r, 400,
                         json_pack("{s:{s:s, s:s, s:s, s:s, s:o}}", "error", "code", mc_err_name(e), "message",
                                   err->message, "message_en", err->message_en, "field", "file", "lines", lines));
    }
    if (e) return e;
    return api_reply(r, 200,
                     json_pack("{s:I, s:I, s:s}", "imported", (json_int_t)rep.imported, "batch", (json_int_t)rep.batch,
                               "format", xlsx ? "xlsx" : "csv"));
}

mc_err api_surveys_template_csv(api_req *r, mc_error *err) {
    user *u;
    survey_campaign c;
    mc_err e = campaign_of(r, &u, &c, err);
    survey_form f;
    if (!e) e = surveys_questionnaire_get(store_reader(r->app->st), r->a, c.questionnaire, &f, NULL, err);
    if (e) return e;
    size_t n;
    const char *const *h = surveys_template_header(r->a, &f, &n);
    buf b = {0};
    buf_puts(&b, "\xEF\xBB\xBF");
    for (size_t i = 0; i < n; i++) {
        if (i) buf_putc(&b, ',');
        csv_put_field(&b, h[i]);
    }
    buf_puts(&b, "\r\n");
    r->file_name = arena_printf(r->a, "mau-phieu-khao-sat-%lld.csv", (long long)c.id);
    e = api_reply_raw(r, 200, "text/csv; charset=utf-8", b.data, b.len);
    buf_free(&b);
    return e;
}

/* ---- results ---------------------------------------------------------------------------------- */

/* The results asked: the campaign (readable by the user), over ?unit= (a unit of its subtree) or all of it. */
static mc_err results_of(api_req *r, survey_result *res, mc_error *err) {
    user *u;
    survey_campaign c;
    mc_err e = campaign_of(r, &u, &c, err);
    if (e) return e;
    const char *code = api_query(r, "unit"), *path = NULL;
    if (code && *code) {
        org_unit un;
        e = units_get(store_reader(r->app->st), r->a, code, &un, err);
        if (e == MC_ERR_NOT_FOUND || (!e && strncmp(un.path, c.unit_path, strlen(c.unit_path))))
            return mc_failf(err, MC_ERR_INVALID, "unit", "Đơn vị %s không thuộc phạm vi đợt khảo sát.",
                            "Unit %s is outside the campaign.", code, code);
        if (e) return e;
        path = un.path;
    }
    return surveys_result(store_reader(r->app->st), r->a, c.id, path, res, err);
}

static json_t *stat_json(const survey_stat *s) {
    json_t *j = json_pack("{s:I, s:f, s:f}", "n", (json_int_t)s->n, "index", r2(s->index), "sd", r2(s->sd));
    json_object_set_new(j, "ci", s->has_ci ? json_pack("[f, f]", r2(s->lo), r2(s->hi)) : json_null());
    return j;
}

static json_t *unit_json(const survey_result *res, const survey_unit_result *u, bool items) {
    json_t *els = json_array();
    for (size_t e = 0; e < res->form.nel; e++) {
        json_t *s = stat_json(&u->elements[e]);
        json_object_set_new(s, "code", json_string(res->form.elements[e].code));
        json_array_append_new(els, s);
    }
    json_t *j =
        json_pack("{s:o, s:o, s:I, s:o, s:o, s:b, s:o}", "code", api_jstr(u->unit_code), "name", api_jstr(u->unit_name),
                  "respondents", (json_int_t)u->respondents, "elements", els, "overall", stat_json(&u->overall),
                  "enough", u->enough, "rank", u->rank ? json_integer(u->rank) : json_null());
    if (!u->enough) json_object_set_new(j, "mark", json_string("không đủ số phiếu"));
    if (items) {
        json_t *it = json_array();
        for (size_t i = 0; i < res->form.nitems; i++) {
            const survey_item_stat *s = &u->items[i];
            json_t *counts = json_array();
            for (int k = 0; k < SURVEY_SCALE; k++) json_array_append_new(counts, json_integer(s->count[k]));
            json_array_append_new(it, json_pack("{s:s, s:s, s:I, s:I, s:f, s:o}", "code", res->form.items[i].code,
                                                "element", res->form.elements[res->form.items[i].element].code,
                                                "answers", (json_int_t)s->answers, "satisfied",
                                                (json_int_t)s->satisfied, "share", r2(s->share), "counts", counts));
        }
        json_object_set_new(j, "items", it);
    }
    return j;
}

mc_err api_surveys_results(api_req *r, mc_error *err) {
    survey_result res;
    mc_err e = results_of(r, &res, err);
    if (e) return e;
    json_t *els = json_array();
    for (size_t i = 0; i < res.form.nel; i++)
        json_array_append_new(els, json_pack("{s:s, s:s, s:f}", "code", res.form.elements[i].code, "name",
                                             res.form.elements[i].name, "weight", res.form.elements[i].weight));
    json_t *units = json_array();
    for (size_t i = 0; i < res.nunits; i++) json_array_append_new(units, unit_json(&res, &res.units[i], true));
    return api_reply(r, 200,
                     json_pack("{s:o, s:s, s:o, s:I, s:o, s:o, s:s}", "campaign", api_survey_json(&res.campaign),
                               "questionnaire", res.form.version, "elements", els, "min_answers",
                               (json_int_t)res.campaign.min_answers, "scope", unit_json(&res, &res.scope, true),
                               "units", units, "method",
                               "Tỷ lệ hài lòng (Hài lòng + Rất hài lòng) theo từng người trả lời, trung bình "
                               "theo đơn vị ×100, khoảng tin cậy 95% (xấp xỉ chuẩn); tổng hợp có trọng số "
                               "theo yếu tố (lựa chọn của hệ thống, chưa đối chiếu QĐ 1001/QĐ-BNV)."));
}

/* The results as a table: header and rows of text cells (numbers as written with 2 decimals). */
static void results_table(api_req *r, const survey_result *res, const char ***head, size_t *ncols, const char ***cells,
                          size_t *nrows) {
    size_t nc = 4 + 3 * (res->form.nel + 1) + 1;
    const char **h = arena_alloc(r->a, nc * sizeof *h);
    size_t k = 0;
    h[k++] = "Mã đơn vị";
    h[k++] = "Đơn vị";
    h[k++] = "Số phiếu";
    h[k++] = "Xếp hạng";
    for (size_t e = 0; e <= res->form.nel; e++) {
        const char *nm = e < res->form.nel ? res->form.elements[e].name : "Chỉ số hài lòng chung";
        h[k++] = arena_printf(r->a, "%s (%%)", nm);
        h[k++] = arena_printf(r->a, "%s: cận dưới KTC 95%%", nm);
        h[k++] = arena_printf(r->a, "%s: cận trên KTC 95%%", nm);
    }
    h[k++] = "Ghi chú";
    size_t nr = res->nunits + 1;
    const char **c = arena_alloc(r->a, nr * nc * sizeof *c);
    for (size_t i = 0; i < nr; i++) {
        const survey_unit_result *u = i < res->nunits ? &res->units[i] : &res->scope;
        const char **row = c + i * nc;
        size_t j = 0;
        row[j++] = u->unit_code ? u->unit_code : "";
        row[j++] = i < res->nunits ? (u->unit_name ? u->unit_name : "")
                                   : arena_printf(r->a, "Toàn phạm vi: %s", u->unit_name ? u->unit_name : "");
        row[j++] = arena_printf(r->a, "%lld", (long long)u->respondents);
        row[j++] = u->rank ? arena_printf(r->a, "%d", u->rank) : "";
        for (size_t e = 0; e <= res->form.nel; e++) {
            const survey_stat *s = e < res->form.nel ? &u->elements[e] : &u->overall;
            row[j++] = s->n ? arena_printf(r->a, "%.2f", r2(s->index)) : "";
            row[j++] = s->has_ci ? arena_printf(r->a, "%.2f", r2(s->lo)) : "";
            row[j++] = s->has_ci ? arena_printf(r->a, "%.2f", r2(s->hi)) : "";
        }
        row[j++] = i == res->nunits ? "Không xếp hạng (toàn phạm vi)"
                   : u->enough      ? ""
                                    : "Không đủ số phiếu, không xếp hạng";
    }
    *head = h;
    *ncols = nc;
    *cells = c;
    *nrows = nr;
}

mc_err api_surveys_results_csv(api_req *r, mc_error *err) {
    survey_result res;
    mc_err e = results_of(r, &res, err);
    if (e) return e;
    const char **h, **cells;
    size_t nc, nr;
    results_table(r, &res, &h, &nc, &cells, &nr);
    buf b = {0};
    buf_puts(&b, "\xEF\xBB\xBF");
    /* Every cell quoted and guarded against formulas (csv_put_field), numbers included. */
    for (size_t i = 0; i < nc; i++) {
        if (i) buf_putc(&b, ',');
        csv_put_field(&b, h[i]);
    }
    buf_puts(&b, "\r\n");
    for (size_t i = 0; i < nr; i++) {
        for (size_t j = 0; j < nc; j++) {
            if (j) buf_putc(&b, ',');
            csv_put_field(&b, cells[i * nc + j]);
        }
        buf_puts(&b, "\r\n");
    }
    r->file_name = arena_printf(r->a, "ket-qua-khao-sat-%lld.csv", (long long)res.campaign.id);
    e = api_reply_raw(r, 200, "text/csv; charset=utf-8", b.data, b.len);
    buf_free(&b);
    return e;
}

mc_err api_surveys_results_xlsx(api_req *r, mc_error *err) {
    survey_result res;
    mc_err e = results_of(r, &res, err);
    if (e) return e;
    const char **h, **cells;
    size_t nc, nr;
    results_table(r, &res, &h, &nc, &cells, &nr);
    /* Every cell a string cell (xlsx.h): nothing from the data can be a formula. */
    xlsx_list l = {.sheet = "SIPAS",
                   .title = arena_printf(r->a, "Kết quả khảo sát sự hài lòng: %s", res.campaign.name),
                   .subtitle = arena_printf(r->a, "Kỳ %s – %s; bảng hỏi %s; tối thiểu %lld phiếu để xếp hạng",
                                            res.campaign.from, res.campaign.to, res.form.version,
                                            (long long)res.campaign.min_answers),
                   .columns = h,
                   .ncols = nc,
                   .cells = cells,
                   .nrows = nr};
    buf out = {0};
    if ((e = xlsx_write_list(&l, &out, err))) return e;
    r->file_name = arena_printf(r->a, "ket-qua-khao-sat-%lld.xlsx", (long long)res.campaign.id);
    e = api_reply_raw(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", out.data, out.len);
    buf_free(&out);
    return e;
}
