/* web_submit.c - a citizen's online submission, in three steps that each
 * work without JavaScript: the form built from the procedure's documents
 * (files uploaded with it, kept in a draft), the review of the draft, and the
 * submission; then the citizen's own dossier page, where a supplement asked
 * for is answered by uploading only the documents asked for. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_handlers.h"
#include "buf.h"
#include "catalog.h"
#include "drafts.h"
#include "field_limits.h"
#include "forms.h"
#include "nodes.h"
#include "units.h"
#include "web.h"
#include "web_internal.h"

static bool online_level_ok(const procedure *pr) {
    return strcmp(pr->online_level, "toan_trinh") == 0 || strcmp(pr->online_level, "mot_phan") == 0;
}

/* The units where the procedure may be submitted: named units, and every unit of a kind named "kind:<kind>". */
static json_t *units_for(api_req *r, const procedure *pr, const char *chosen) {
    store_conn *c = store_reader(r->app->st);
    json_t *out = json_array();
    org_unit *v;
    size_t n = 0;
    if (units_list(c, r->a, NULL, &v, &n, NULL) != MC_OK) return out;
    /* A commune whose counter is on a node cut off from the province (docs/NODE.md §8): said beside its name. */
    nodes_offline_unit *off = NULL;
    size_t noff = 0;
    if (nodes_offline_units(c, r->a, time_now(), &off, &noff, NULL) != MC_OK) noff = 0;
    for (size_t i = 0; i < n; i++) {
        bool ok = false;
        for (size_t k = 0; k < pr->nunits && !ok; k++)
            ok = strcmp(pr->units[k], v[i].code) == 0 ||
                 (strncmp(pr->units[k], "kind:", 5) == 0 && strcmp(pr->units[k] + 5, v[i].kind) == 0);
        if (!ok || !web_unit_active(v[i].active_to)) continue;
        json_t *u = json_pack("{s:s, s:s, s:b}", "code", v[i].code, "name", v[i].name, "selected",
                              chosen && strcmp(chosen, v[i].code) == 0);
        for (size_t k = 0; k < noff; k++)
            if (!strcmp(off[k].code, v[i].code)) {
                char when[17] = "";
                if (off[k].since) time_format_vn(off[k].since, when);
                json_object_set_new(u, "offline", json_string(when[0] ? when : "chưa kết nối"));
            }
        json_array_append_new(out, u);
    }
    return out;
}

/* The procedure's documents, each with the draft's files for it. */
static json_t *docs_with_files(const procedure *pr, const draft *d, int *missing) {
    json_t *docs = json_array();
    *missing = 0;
    for (size_t i = 0; i < pr->ndocs; i++) {
        json_t *files = json_array();
        for (size_t k = 0; d && k < d->nfiles; k++)
            if (d->files[k].f.doc_seq == (int)i + 1)
                json_array_append_new(files, json_pack("{s:I, s:s, s:I}", "id", (json_int_t)d->files[k].id, "name",
                                                       d->files[k].f.name, "kb",
                                                       (json_int_t)((d->files[k].f.size + 1023) / 1024)));
        bool none = json_array_size(files) == 0, shown = strcmp(pr->docs[i].form, "shown") == 0;
        /* A document only shown (the ID card) is checked at the counter: not missing online. */
        if (pr->docs[i].mandatory && none && !shown) (*missing)++;
        json_array_append_new(docs, json_pack("{s:i, s:s, s:b, s:b, s:o, s:b}", "seq", (int)i + 1, "name",
                                              pr->docs[i].name, "mandatory", pr->docs[i].mandatory, "shown",
                                              strcmp(pr->docs[i].form, "shown") == 0, "files", files, "missing",
                                              pr->docs[i].mandatory && none && !shown));
    }
    return docs;
}

/* The form as it was saved, or the citizen's own details for a new one. */
static json_t *draft_form(const user *u, const draft *d) {
    json_t *data = d ? json_loads(d->data, 0, NULL) : NULL;
    if (data) return data;
    return json_pack("{s:{s:s, s:s, s:s, s:s, s:s}, s:s}", "applicant", "name", u->name ? u->name : "", "id_number",
                     u->id_number ? u->id_number : "", "phone", u->phone ? u->phone : "", "email",
                     u->email ? u->email : "", "address", "", "note", "");
}

static mc_err form_page(api_req *r, int status, const user *u, const procedure *pr, const draft *d, json_t *form,
                        const char *error) {
    int missing;
    json_t *ctx =
        json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "csrf", web_csrf(r), "code", pr->code, "name", pr->name,
                  "units", units_for(r, pr, json_string_value(json_object_get(form, "receiving_unit"))), "docs",
                  docs_with_files(pr, d, &missing), "f", form, "error", error ? json_string(error) : json_null());
    (void)u;
    /* The documents a citizen may not need are folded away, open when one has a file already. */
    json_t *optional = json_array(), *doc;
    size_t i;
    bool with_files = false;
    json_array_foreach(json_object_get(ctx, "docs"), i, doc) if (!json_is_true(json_object_get(doc, "mandatory"))) {
        json_array_append(optional, doc);
        with_files |= json_array_size(json_object_get(doc, "files")) > 0;
    }
    json_object_set_new(ctx, "optional_count", json_integer((json_int_t)json_array_size(optional)));
    json_object_set_new(ctx, "optional", optional);
    json_object_set_new(ctx, "optional_files", json_boolean(with_files));
    if (d) json_object_set_new(ctx, "draft", json_integer(d->id));
    return web_page(r, status, "submit", "Nộp hồ sơ trực tuyến", ctx);
}

/* Loads the procedure of a page; false (with the error page set) when it cannot be submitted online. */
static bool load_procedure(api_req *r, const char *code, procedure *pr) {
    mc_error e2;
    if (catalog_get(store_reader(r->app->st), r->a, code, 0, pr, &e2)) {
        web_error(r, 404, "Không tìm thấy thủ tục này. Hãy tìm lại theo tên thủ tục.");
        return false;
    }
    if (!online_level_ok(pr)) {
        web_error(r, 400, "Thủ tục này chưa nộp trực tuyến được; vui lòng nộp tại nơi tiếp nhận hồ sơ.");
        return false;
    }
    return true;
}

/* A citizen's page: officers act on dossiers from their console instead. */
static bool citizen_only(api_req *r, user **u) {
    if (!web_logged_in(r, u)) return false;
    if ((*u)->roles & ROLE_CITIZEN) return true;
    web_error(r, 403, "Trang này dành cho công dân nộp hồ sơ trực tuyến. Cán bộ tiếp nhận hồ sơ tại mục Tiếp nhận.");
    return false;
}

static int64_t id_param(const char *s) {
    char *end;
    long long v = s ? strtoll(s, &end, 10) : 0;
    return s && *s && !*end && v > 0 ? v : 0;
}

mc_err web_submit_form(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!citizen_only(r, &u)) return MC_OK;
    procedure pr;
    if (!load_procedure(r, r->params[0], &pr)) return MC_OK;
    draft d, *dp = NULL;
    int64_t id = id_param(api_query(r, "nhap"));
    mc_error e2;
    if (id) {
        if (drafts_get(store_reader(r->app->st), r->a, u->id, id, &d, &e2) || strcmp(d.procedure_code, pr.code))
            return web_error(r, 404, "Không tìm thấy hồ sơ đang soạn này cho thủ tục này.");
        dp = &d;
    }
    return form_page(r, 200, u, &pr, dp, draft_form(u, dp), NULL);
}

mc_err web_submit_save(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!citizen_only(r, &u)) return MC_OK;
    web_form f;
    mc_error e2;
    if (!web_posted(r, &f)) return MC_OK;
    procedure pr;
    if (!load_procedure(r, r->params[0], &pr)) return MC_OK;
    int64_t id = id_param(web_form_get(&f, "nhap"));
    draft cur;
    if (id && (drafts_get(store_reader(r->app->st), r->a, u->id, id, &cur, &e2) || strcmp(cur.procedure_code, pr.code)))
        return web_error(r, 404, "Không tìm thấy hồ sơ đang soạn này cho thủ tục này.");
    json_t *form = json_object(), *applicant = json_object();
    static const char *const person[] = {"name", "id_number", "phone", "email", "address"};
    for (size_t i = 0; i < sizeof person / sizeof person[0]; i++) {
        /* ID and phone numbers are often typed in groups: "0987 654 321". */
        const char *v = i == 1 || i == 2 ? web_form_compact(r, &f, person[i]) : web_form_text(r, &f, person[i]);
        json_object_set_new(applicant, person[i], json_string(v ? v : ""));
    }
    const char *unit = web_form_text(r, &f, "receiving_unit"), *note = web_form_text(r, &f, "note");
    json_object_set_new(form, "applicant", applicant);
    json_object_set_new(form, "receiving_unit", json_string(unit ? unit : ""));
    json_object_set_new(form, "note", json_string(note ? note : ""));
    json_object_set_new(form, "procedure_name", json_string(pr.name));
    /* Every field within its limit (field_limits.h), as the API will ask at submission: nothing is saved otherwise. */
    for (size_t i = 0; i < sizeof person / sizeof person[0]; i++) {
        char path[32];
        snprintf(path, sizeof path, "applicant.%s", person[i]);
        if (field_limit_check(path, person[i], json_string_value(json_object_get(applicant, person[i])), &e2) ||
            field_limit_check("receiving_unit", "receiving_unit", unit, &e2) ||
            field_limit_check("note", "note", note, &e2)) {
            draft d, *dp = NULL;
            if (id && drafts_get(store_reader(r->app->st), r->a, u->id, id, &d, NULL) == MC_OK) dp = &d;
            return form_page(r, 400, u, &pr, dp, form, e2.message);
        }
    }
    /* Files to drop, by id. */
    json_t *drop = web_form_all(&f, "xoa_tep");
    size_t nrm = json_array_size(drop);
    int64_t *rm = arena_alloc(r->a, (nrm ? nrm : 1) * sizeof *rm);
    for (size_t i = 0; i < nrm; i++) rm[i] = id_param(json_string_value(json_array_get(drop, i)));
    json_decref(drop);
    stored_files sf = {0};
    if (r->upload && api_store_uploads(r, &sf, &e2)) {
        draft d, *dp = NULL;
        if (id && drafts_get(store_reader(r->app->st), r->a, u->id, id, &d, NULL) == MC_OK) dp = &d;
        return form_page(r, web_status(e2.code), u, &pr, dp, form, e2.message);
    }
    for (size_t i = 0; i < sf.n; i++)
        if (sf.v[i].doc_seq < 1 || (size_t)sf.v[i].doc_seq > pr.ndocs) sf.v[i].doc_seq = 0;
    char *data = json_dumps(form, JSON_COMPACT);
    mc_err e = drafts_save(r->app->st, u->id, &id, pr.code, data, sf.v, sf.n, rm, nrm, r->app->max_dossier,
                           r->app->max_account, time_now(), &e2);
    free(data);
    if (e) {
        api_unstore(&sf);
        draft d, *dp = NULL;
        if (id && drafts_get(store_reader(r->app->st), r->a, u->id, id, &d, NULL) == MC_OK) dp = &d;
        return form_page(r, web_status(e), u, &pr, dp, form, e2.message);
    }
    const char *step = web_form_get(&f, "buoc");
    if (step && strcmp(step, "luu") == 0) {
        json_decref(form);
        return web_redirect(r, "/ho-so-cua-toi?da_luu=1");
    }
    /* Saved (files kept); before the review, what the intake will ask for anyway. */
    static const struct {
        const char *key, *words;
    } needed[] = {{"name", "họ và tên"}, {"id_number", "số định danh cá nhân"}};
    buf miss = {0};
    if (!unit) buf_puts(&miss, "nơi nộp hồ sơ");
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
        if (!json_string_length(json_object_get(applicant, needed[i].key)))
            buf_printf(&miss, "%s%s", miss.len ? ", " : "", needed[i].words);
    if (!json_string_length(json_object_get(applicant, "phone")) &&
        !json_string_length(json_object_get(applicant, "email")) &&
        !json_string_length(json_object_get(applicant, "address")))
        buf_printf(&miss, "%s%s", miss.len ? ", " : "", "một cách liên hệ (điện thoại, thư điện tử hoặc địa chỉ)");
    if (miss.len) {
        const char *msg = arena_printf(r->a, "Đã lưu nháp. Để nộp, vui lòng nhập: %s.", miss.data);
        buf_free(&miss);
        draft d;
        if (drafts_get(store_reader(r->app->st), r->a, u->id, id, &d, &e2)) {
            json_decref(form);
            return web_error(r, web_status(e2.code), e2.message);
        }
        return form_page(r, 400, u, &pr, &d, form, msg);
    }
    json_decref(form);
    return web_redirect(r, arena_printf(r->a, "/ho-so-nhap/%lld", (long long)id));
}

/* The draft of the page's {id}, and its procedure; false with the error page set. */
static bool load_draft(api_req *r, const user *u, draft *d, procedure *pr) {
    mc_error e2;
    int64_t id = id_param(r->params[0]);
    if (!id || drafts_get(store_reader(r->app->st), r->a, u->id, id, d, &e2)) {
        web_error(
            r, 404,
            "Không tìm thấy hồ sơ đang soạn này: có thể đã nộp hoặc đã xóa. Hồ sơ đã nộp có trong mục Hồ sơ của tôi.");
        return false;
    }
    return load_procedure(r, d->procedure_code, pr);
}

static mc_err review_page(api_req *r, int status, const user *u, const draft *d, const procedure *pr,
                          const char *error) {
    (void)u;
    int missing;
    json_t *form = draft_form(u, d);
    const char *unit = json_string_value(json_object_get(form, "receiving_unit"));
    org_unit ou;
    const char *unit_name =
        unit && *unit && units_get(store_reader(r->app->st), r->a, unit, &ou, NULL) == MC_OK ? ou.name : NULL;
    json_t *ctx =
        json_pack("{s:s, s:I, s:s, s:s, s:o, s:o, s:o, s:o}", "csrf", web_csrf(r), "id", (json_int_t)d->id, "code",
                  pr->code, "name", pr->name, "f", form, "docs", docs_with_files(pr, d, &missing), "unit_name",
                  unit_name ? json_string(unit_name) : json_null(), "error", error ? json_string(error) : json_null());
    json_object_set_new(ctx, "missing", json_integer(missing));
    return web_page(r, status, "review", "Kiểm tra hồ sơ trước khi nộp", ctx);
}

mc_err web_draft(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!citizen_only(r, &u)) return MC_OK;
    draft d;
    procedure pr;
    if (!load_draft(r, u, &d, &pr)) return MC_OK;
    return review_page(r, 200, u, &d, &pr, NULL);
}

mc_err web_draft_submit(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!citizen_only(r, &u)) return MC_OK;
    web_form f;
    mc_error e2;
    if (!web_posted(r, &f)) return MC_OK;
    draft d;
    procedure pr;
    if (!load_draft(r, u, &d, &pr)) return MC_OK;
    /* The API's intake, from the draft: the documents handed in are those with a file. */
    json_t *body = draft_form(u, &d), *docs = json_array();
    json_object_del(body, "procedure_name");
    json_t *applicant = json_object_get(body, "applicant");
    const char *k;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(applicant, tmp, k, v) if (!json_string_length(v)) json_object_del(applicant, k);
    if (!json_string_length(json_object_get(body, "note"))) json_object_del(body, "note");
    if (!json_string_length(json_object_get(body, "receiving_unit"))) json_object_del(body, "receiving_unit");
    ds_attachment *files = arena_alloc(r->a, (d.nfiles ? d.nfiles : 1) * sizeof *files);
    for (size_t i = 0; i < d.nfiles; i++) {
        files[i] = d.files[i].f;
        bool seen = false;
        for (size_t j = 0; j < i; j++) seen |= d.files[j].f.doc_seq == files[i].doc_seq;
        if (files[i].doc_seq && !seen) json_array_append_new(docs, json_integer(files[i].doc_seq));
    }
    json_object_set_new(body, "procedure", json_string(pr.code));
    json_object_set_new(body, "channel", json_string("online"));
    json_object_set_new(body, "documents", docs);
    dossier out;
    mc_err e = api_dossier_intake(r, u, body, files, d.nfiles, &out, &e2);
    json_decref(body);
    if (e) return review_page(r, web_status(e), u, &d, &pr, e2.message);
    /* Submitted: the draft has done its work. */
    if (drafts_delete(r->app->st, u->id, d.id, &e2)) (void)0;
    return web_redirect(r, arena_printf(r->a, "/ho-so-cua-toi/%s?moi=1", out.code));
}

mc_err web_draft_delete(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!citizen_only(r, &u)) return MC_OK;
    web_form f;
    mc_error e2;
    if (!web_posted(r, &f)) return MC_OK;
    if (!web_form_get(&f, "chac_chan")) { /* deleting files a citizen uploaded is asked twice */
        draft d;
        procedure pr;
        if (!load_draft(r, u, &d, &pr)) return MC_OK;
        return review_page(r, 400, u, &d, &pr,
                           "Hãy đánh dấu ô xác nhận nếu bạn chắc chắn muốn xóa hồ sơ đang soạn này.");
    }
    if (drafts_delete(r->app->st, u->id, id_param(r->params[0]), &e2))
        return web_error(r, web_status(e2.code), e2.message);
    return web_redirect(r, "/ho-so-cua-toi?da_xoa=1");
}

/* ---- the citizen's dossier, and supplements ------------------------------------------------ */

/* "1. Giấy chứng sinh" → "Giấy chứng sinh". */
static const char *unnumbered(const char *s) {
    const char *p = s;
    while (*p >= '0' && *p <= '9') p++;
    return p > s && p[0] == '.' && p[1] == ' ' ? p + 2 : s;
}

/* Marks the documents a pending supplement request names (its lines are the documents' names or free text). */
static void mark_asked(json_t *d) {
    json_t *reqs = json_object_get(d, "requests"), *q = NULL, *x;
    size_t i;
    json_array_foreach(reqs, i, x) if (!strcmp(json_string_value(json_object_get(x, "kind")) ?: "", "supplement") &&
                                       json_is_null(json_object_get(x, "resolved_at"))) q = x;
    if (!q) return;
    json_object_set_new(d, "asked", json_true());
    json_t *doc0;
    size_t k0;
    json_array_foreach(json_object_get(d, "documents"), k0, doc0) json_object_set_new(doc0, "asked", json_false());
    const char *items = json_string_value(json_object_get(q, "items"));
    json_t *lines = json_array();
    bool other = false;
    for (const char *s = items ? items : ""; *s;) {
        const char *nl = strchr(s, '\n'), *e = nl ? nl : s + strlen(s);
        char *line = strndup(s, (size_t)(e - s));
        const char *text = unnumbered(line);
        bool matched = false;
        json_t *doc;
        size_t k;
        json_array_foreach(json_object_get(d, "documents"), k, doc) {
            if (!strcmp(json_string_value(json_object_get(doc, "name")) ?: "", text)) {
                json_object_set_new(doc, "asked", json_true());
                matched = true;
            }
        }
        other |= !matched;
        json_array_append_new(lines, json_string(text));
        free(line);
        s = nl ? nl + 1 : e;
    }
    json_object_set_new(d, "asked_items", lines);
    json_object_set_new(d, "asked_reason", json_deep_copy(json_object_get(q, "reason")));
    json_object_set_new(d, "asked_other", json_boolean(other));
}

static mc_err my_dossier_page(api_req *r, int status, const char *code, const char *error) {
    json_t *d;
    int st;
    mc_error e2;
    const char *params[] = {code};
    if (web_api(r, api_dossiers_get, params, 1, NULL, &d, &st, &e2))
        return web_error(r, web_status(e2.code), e2.message);
    const char *key = json_string_value(json_object_get(d, "tracking_key"));
    const char *text;
    size_t len;
    json_t *view = NULL;
    if (key && api_track_view(r, code, key, &text, &len, NULL, &e2) == MC_OK) view = json_loadb(text, len, 0, NULL);
    json_t *ev;
    size_t i;
    json_array_foreach(json_object_get(view, "timeline"), i, ev) {
        const char *t = web_timing_text(json_string_value(json_object_get(ev, "timing")));
        if (t) json_object_set_new(ev, "timing_text", json_string(t));
    }
    const char *state = json_string_value(json_object_get(json_object_get(d, "state"), "name"));
    bool can_supplement = false, can_stop = false;
    json_t *a;
    json_array_foreach(json_object_get(d, "actions"), i, a) {
        const char *act = json_string_value(json_object_get(a, "action")) ?: "";
        can_supplement |= !strcmp(act, "resubmit");
        can_stop |= !strcmp(act, "stop");
    }
    if (can_supplement) mark_asked(d);
    /* Stopped: the notice, where the rules the dossier was received under have one (forms.h). */
    const char *rules = json_string_value(json_object_get(d, "rules_version"));
    bool notice = state && !strcmp(state, "stopped") && rules && forms_find("stop", rules);
    json_object_set_new(d, "can_stop", json_boolean(can_stop));
    json_object_set_new(d, "stop_notice", json_boolean(notice));
    json_t *vq = api_vietqr_of(r, d);
    json_object_set_new(d, "vietqr", vq ? vq : json_null());
    json_object_set_new(d, "can_supplement", json_boolean(can_supplement));
    json_object_set_new(d, "done", json_boolean(state && !strcmp(state, "returned")));
    json_t *ctx =
        json_pack("{s:o, s:o, s:s, s:b, s:b, s:b, s:o}", "d", d, "v", view ? view : json_null(), "csrf", web_csrf(r),
                  "fresh", api_query(r, "moi") != NULL, "sent", api_query(r, "da_bo_sung") != NULL, "stopped",
                  api_query(r, "da_dung") != NULL, "error", error ? json_string(error) : json_null());
    if (state && !strcmp(state, "returned"))
        web_rating_attach(r, ctx, code, NULL, arena_printf(r->a, "/ho-so-cua-toi/%s/danh-gia", code), NULL);
    return web_page(r, status, "my_dossier", arena_printf(r->a, "Hồ sơ %s", code), ctx);
}

mc_err web_my_dossier(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!citizen_only(r, &u)) return MC_OK;
    return my_dossier_page(r, 200, r->params[0], NULL);
}

mc_err web_supplement(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!citizen_only(r, &u)) return MC_OK;
    web_form f;
    mc_error e2;
    if (!web_posted(r, &f)) return MC_OK;
    const char *code = r->params[0];
    /* Only the documents asked for may change: the files must be for them. */
    json_t *d;
    int st;
    const char *params[] = {code};
    if (web_api(r, api_dossiers_get, params, 1, NULL, &d, &st, &e2))
        return web_error(r, web_status(e2.code), e2.message);
    mark_asked(d);
    bool other = json_is_true(json_object_get(d, "asked_other"));
    size_t nf = r->upload ? multipart_file_count(r->upload) : 0;
    json_t *seqs = json_array();
    for (size_t i = 0; i < nf; i++) {
        const multipart_file *mf = multipart_file_at(r->upload, i);
        int seq = strncmp(mf->name, "doc_", 4) == 0 ? atoi(mf->name + 4) : 0;
        json_t *doc = seq > 0 ? json_array_get(json_object_get(d, "documents"), (size_t)seq - 1) : NULL;
        bool asked = doc ? json_is_true(json_object_get(doc, "asked")) : other;
        if (!asked) {
            json_decref(d);
            json_decref(seqs);
            return my_dossier_page(r, 400, code, "Chỉ được gửi lại các giấy tờ cơ quan yêu cầu bổ sung.");
        }
        if (seq > 0) json_array_append_new(seqs, json_integer(seq));
    }
    json_decref(d);
    if (nf == 0) {
        json_decref(seqs);
        return my_dossier_page(r, 400, code, "Vui lòng chọn tệp của giấy tờ cần bổ sung.");
    }
    json_t *out;
    mc_err e = web_api(r, api_dossiers_upload, params, 1, NULL, &out, &st, &e2);
    if (e) {
        json_decref(seqs);
        return my_dossier_page(r, web_status(e), code, e2.message);
    }
    json_decref(out);
    const char *aparams[] = {code, "resubmit"};
    e = web_api(r, api_dossiers_act, aparams, 2, json_pack("{s:o}", "documents", seqs), &out, &st, &e2);
    if (e) return my_dossier_page(r, web_status(e), code, e2.message);
    json_decref(out);
    return web_redirect(r, arena_printf(r->a, "/ho-so-cua-toi/%s?da_bo_sung=1", code));
}

mc_err web_stop_request(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!citizen_only(r, &u)) return MC_OK;
    web_form f;
    mc_error e2;
    if (!web_posted(r, &f)) return MC_OK;
    const char *code = r->params[0];
    /* Stopping cannot be undone: the box is ticked on purpose. The rules (state, owner, reason) are the API's. */
    if (!web_form_get(&f, "chac_chan"))
        return my_dossier_page(r, 400, code,
                               "Hãy đánh dấu ô xác nhận nếu bạn chắc chắn muốn dừng giải quyết hồ sơ này.");
    json_t *body = json_object();
    const char *reason = web_form_text(r, &f, "reason");
    if (reason) json_object_set_new(body, "reason", json_string(reason));
    const char *params[] = {code, "stop"};
    json_t *out;
    int st;
    if (web_api(r, api_dossiers_act, params, 2, body, &out, &st, &e2))
        return my_dossier_page(r, web_status(e2.code), code, e2.message);
    json_decref(out);
    return web_redirect(r, arena_printf(r->a, "/ho-so-cua-toi/%s?da_dung=1", code));
}
