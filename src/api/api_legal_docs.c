/* api_legal_docs.c - the register of legal normative documents over the API (legal_docs.h): documents (JSON,
 * or multipart with the document's file), changes of validity and relations, reviews, the journal, the
 * flagged procedures and their clearing, statistics per unit and period, the five-yearly systematisation
 * (JSON and CSV), the keepers of a province's register, and the public list of documents in force. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "buf.h"
#include "csv.h"
#include "legal_docs.h"
#include "text.h"
#include "timeutil.h"
#include "units.h"

#define NO_DOC "Không có văn bản này trong sổ theo dõi văn bản quy phạm pháp luật."

static json_t *choice_json(const char *code, const char *label) {
    if (!code) return json_null();
    return json_pack("{s:s, s:s}", "code", code, "label", label ? label : code);
}

static json_t *status_json(ld_status s) {
    return json_pack("{s:s, s:s}", "name", ld_status_name(s), "label", ld_status_label(s));
}

static json_t *change_json(const ld_change *c, bool acting) {
    const ld_action *act = ld_action_find(c->action);
    const ld_relation *rl = ld_relation_find(c->relation);
    int ts = ld_status_parse(c->to_status);
    json_t *other = acting ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)c->doc_id, "number", c->doc_number,
                                       "summary", c->doc_summary ? c->doc_summary : "")
                    : c->by_doc_id
                        ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)c->by_doc_id, "number",
                                    c->by_number ? c->by_number : "", "summary", c->by_summary ? c->by_summary : "")
                        : json_null();
    return json_pack("{s:I, s:o, s:o, s:o, s:s, s:o, s:s, s:o, s:s, s:o, s:o}", "id", (json_int_t)c->id, "action",
                     choice_json(c->action, act ? act->label : NULL), "relation",
                     rl ? choice_json(rl->code, acting ? rl->active : rl->passive) : json_null(), acting ? "doc" : "by",
                     other, "scope", c->scope, "part", api_jstr(c->part), "effective_on", c->effective_on, "to_status",
                     ts >= 0 ? status_json((ld_status)ts) : json_null(), "reason", c->reason, "created_at",
                     api_time_json(c->created_at), "created_by", api_jstr(c->created_by_name));
}

static json_t *review_json(const ld_review *v) {
    size_t nr, nb;
    const ld_choice *rs = ld_results(&nr), *bs = ld_bases(&nb);
    return json_pack("{s:I, s:s, s:s, s:{s:s, s:s}, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}", "id",
                     (json_int_t)v->id, "kind", v->kind, "kind_label",
                     !strcmp(v->kind, "review") ? "Rà soát" : "Tự kiểm tra", "unit", "code", v->unit_code, "name",
                     v->unit_name, "basis", choice_json(v->basis, ld_choice_label(bs, nb, v->basis)), "basis_note",
                     api_jstr(v->basis_note), "started_on", api_jstr(v->started_on), "done_on", v->done_on, "result",
                     choice_json(v->result, ld_choice_label(rs, nr, v->result)), "findings", api_jstr(v->findings),
                     "proposal", api_jstr(v->proposal), "handler",
                     v->handler_code ? json_pack("{s:s, s:s}", "code", v->handler_code, "name", v->handler_name)
                                     : json_null(),
                     "deadline", api_jstr(v->deadline), "created_by", api_jstr(v->created_by_name), "created_at",
                     api_time_json(v->created_at), "acts", ld_result_acts(v->result));
}

static json_t *flag_json(const ld_flag *f) {
    return json_pack("{s:I, s:{s:s, s:o}, s:{s:I, s:s}, s:s, s:s, s:o, s:b, s:o, s:o, s:o}", "id", (json_int_t)f->id,
                     "procedure", "code", f->procedure_code, "name", api_jstr(f->procedure_name), "doc", "id",
                     (json_int_t)f->doc_id, "number", f->doc_number, "cited", f->cited, "reason", f->reason,
                     "flagged_at", api_time_json(f->flagged_at), "open", f->cleared_at == 0, "cleared_at",
                     api_time_json(f->cleared_at), "cleared_by", api_jstr(f->cleared_by_name), "clear_note",
                     api_jstr(f->clear_note));
}

static json_t *doc_json(api_req *r, const legal_doc *d, bool details, const user *u) {
    const ld_type *t = ld_type_find(d->doc_type);
    json_t *j = json_pack(
        "{s:I, s:s, s:o, s:o, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "id", (json_int_t)d->id,
        "number", d->number, "type", choice_json(d->doc_type, t ? t->label : NULL), "issuer",
        d->issuer_unit_id ? json_pack("{s:s, s:s}", "code", d->issuer_code, "name", d->issuer_unit_name) : json_null(),
        "issuer_name", d->issuer_name, "signer", api_jstr(d->signer), "summary", d->summary, "field",
        api_jstr(d->field), "issued_on", api_jstr(d->issued_on), "effective_on", api_jstr(d->effective_on),
        "expires_on", api_jstr(d->expires_on), "note", api_jstr(d->note), "status", status_json(d->status), "file",
        d->file_stored ? json_pack("{s:s, s:s, s:I, s:s}", "name", d->file_name, "mime", d->file_mime, "size",
                                   (json_int_t)d->file_size, "url",
                                   arena_printf(r->a, "/api/v1/legal-docs/%lld/file", (long long)d->id))
                       : json_null(),
        "level", t ? t->level : "");
    json_t *ch = json_array();
    for (size_t i = 0; i < d->nchanges; i++) json_array_append_new(ch, change_json(&d->changes[i], false));
    json_object_set_new(j, "changes", ch);
    if (!details) return j;
    json_t *acts = json_array(), *rv = json_array(), *fl = json_array(), *cit = json_array();
    for (size_t i = 0; i < d->nacts; i++) json_array_append_new(acts, change_json(&d->acts[i], true));
    for (size_t i = 0; i < d->nreviews; i++) json_array_append_new(rv, review_json(&d->reviews[i]));
    size_t open = 0;
    for (size_t i = 0; i < d->nflags; i++) {
        json_array_append_new(fl, flag_json(&d->flags[i]));
        if (!d->flags[i].cleared_at) open++;
    }
    for (size_t i = 0; i < d->nciting; i++)
        json_array_append_new(cit, json_pack("{s:s, s:s, s:s}", "code", d->citing[i].code, "name", d->citing[i].name,
                                             "text", d->citing[i].text));
    json_object_set_new(j, "acts", acts);
    json_object_set_new(j, "reviews", rv);
    json_object_set_new(j, "flags", fl);
    json_object_set_new(j, "open_flags", json_integer((json_int_t)open));
    json_object_set_new(j, "citing", cit);
    json_object_set_new(j, "may_manage",
                        json_boolean(u && legal_docs_may_manage(store_reader(r->app->st), r->a, u, d)));
    return j;
}

/* ---- reading the input -------------------------------------------------------------------------- */

static const char *const doc_fields[] = {"number", "doc_type",  "issuer",       "issuer_name", "signer", "summary",
                                         "field",  "issued_on", "effective_on", "expires_on",  "note",   NULL};

/* The request's document fields as JSON: the body, or the text fields of a multipart form. */
static mc_err body_or_form(api_req *r, const char *const *names, json_t **out, mc_error *err) {
    if (!r->upload) return api_body_object(r, out, err);
    json_t *o = json_object();
    for (; *names; names++) {
        const char *v = multipart_field_value(r->upload, *names);
        if (!v) continue;
        if (!text_valid_utf8(v, strlen(v))) {
            json_decref(o);
            return mc_failf(err, MC_ERR_INVALID, *names, "Trường \"%s\" chứa ký tự không hợp lệ.",
                            "%s is not valid UTF-8.", *names, *names);
        }
        json_object_set_new(o, *names, json_string(v));
    }
    *out = o;
    return MC_OK;
}

static mc_err read_doc(api_req *r, json_t *o, ld_doc_new *in, mc_error *err) {
    memset(in, 0, sizeof *in);
    const char **dst[] = {&in->number, &in->doc_type,  &in->issuer,       &in->issuer_name, &in->signer, &in->summary,
                          &in->field,  &in->issued_on, &in->effective_on, &in->expires_on,  &in->note};
    for (size_t i = 0; doc_fields[i]; i++) {
        mc_err e = api_json_str(r, o, doc_fields[i], false, dst[i], err);
        if (e) return e;
        if (*dst[i] && !**dst[i]) *dst[i] = NULL;
    }
    return MC_OK;
}

/* The file of a document's form: at most one, part "file". */
static mc_err doc_file(api_req *r, stored_files *sf, const ds_attachment **file, mc_error *err) {
    *file = NULL;
    memset(sf, 0, sizeof *sf);
    if (!r->upload || multipart_file_count(r->upload) == 0) return MC_OK;
    if (multipart_file_count(r->upload) > 1)
        return mc_fail(err, MC_ERR_TOO_LARGE, "file", "Mỗi văn bản kèm một tệp.", "One file a document.");
    mc_err e = api_store_uploads(r, sf, err);
    if (e) return e;
    if (sf->n) *file = &sf->v[0];
    return MC_OK;
}

static mc_err reply_doc(api_req *r, int status, user *u, int64_t id, mc_error *err) {
    legal_doc d;
    mc_err e = legal_docs_get(store_reader(r->app->st), r->a, id, u, time_local_day(time_now()), &d, err);
    if (e) return e;
    return api_reply(r, status, doc_json(r, &d, true, u));
}

static mc_err need_reader(api_req *r, user **u, mc_error *err) {
    mc_err e = api_require_user(r, u, err);
    if (e) return e;
    if (perm_scope_of((*u)->roles, ACT_LEGAL_DOC_READ) == SCOPE_NONE)
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL,
                       "Sổ theo dõi văn bản dành cho cán bộ; danh mục văn bản còn hiệu lực được công khai tại "
                       "/van-ban.",
                       "The register is for officers; the documents in force are public at /van-ban.");
    return MC_OK;
}

/* ---- documents ---------------------------------------------------------------------------------- */

static mc_err list_filter(api_req *r, ld_filter *f, mc_error *err) {
    memset(f, 0, sizeof *f);
    long year = 0, page = 1, per = 50;
    mc_err e = api_query_int(r, "year", 1945, 2100, &year, err);
    if (!e) e = api_query_int(r, "page", 1, 100000, &page, err);
    if (!e) e = api_query_int(r, "per_page", 1, LD_MAX_PER_PAGE, &per, err);
    if (e) return e;
    f->year = (int)year;
    f->page = (int)page;
    f->per_page = (int)per;
    f->status = api_query(r, "status");
    f->doc_type = api_query(r, "type");
    f->issuer = api_query(r, "issuer");
    f->q = api_query(r, "q");
    if (f->q && text_chars(f->q) > 200)
        return mc_fail(err, MC_ERR_INVALID, "q", "Từ khóa dài tối đa 200 ký tự.", "q: at most 200 characters.");
    f->day = time_local_day(time_now());
    const char *day = api_query(r, "day");
    if (day && *day && !day_parse(day, &f->day))
        return mc_fail(err, MC_ERR_INVALID, "day", "Ngày xem tình trạng phải có dạng YYYY-MM-DD.", "day: YYYY-MM-DD.");
    return MC_OK;
}

static json_t *list_json(api_req *r, const legal_doc *v, size_t n, size_t total, const ld_filter *f) {
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, doc_json(r, &v[i], false, NULL));
    char day[11];
    day_format(f->day, day);
    return json_pack("{s:o, s:I, s:i, s:i, s:s}", "docs", items, "total", (json_int_t)total, "page", f->page,
                     "per_page", f->per_page, "day", day);
}

mc_err api_legal_docs_list(api_req *r, mc_error *err) {
    user *u;
    mc_err e = need_reader(r, &u, err);
    ld_filter f;
    if (!e) e = list_filter(r, &f, err);
    if (e) return e;
    legal_doc *v;
    size_t n, total;
    if ((e = legal_docs_list(store_reader(r->app->st), r->a, &f, u, &v, &n, &total, err))) return e;
    json_t *j = list_json(r, v, n, total, &f);
    json_object_set_new(j, "may_create", json_boolean(perm_scope_of(u->roles, ACT_LEGAL_DOC_MANAGE) != SCOPE_NONE));
    return api_reply(r, 200, j);
}

mc_err api_public_legal_docs(api_req *r, mc_error *err) {
    ld_filter f;
    mc_err e = list_filter(r, &f, err);
    if (e) return e;
    org_unit *all;
    size_t na;
    if ((e = units_list(store_reader(r->app->st), r->a, NULL, &all, &na, err))) return e;
    const char *want = api_query(r, "unit");
    for (size_t i = 0; i < na && !f.tenant; i++)
        if (!all[i].parent_code && (!want || !*want || !strcmp(all[i].code, want))) f.tenant = all[i].code;
    if (!f.tenant) return mc_fail(err, MC_ERR_NOT_FOUND, "unit", "Không có tỉnh, thành phố này.", "No such province.");
    f.status = NULL; /* the public list is of the documents in force */
    legal_doc *v;
    size_t n, total;
    if ((e = legal_docs_list(store_reader(r->app->st), r->a, &f, NULL, &v, &n, &total, err))) return e;
    json_t *j = list_json(r, v, n, total, &f);
    json_object_set_new(j, "unit", json_string(f.tenant));
    return api_reply(r, 200, j);
}

/* A document's fields (JSON or the form) into *in, and its file when one came (doc_file). */
static mc_err doc_input(api_req *r, ld_doc_new *in, stored_files *sf, const ds_attachment **file, mc_error *err) {
    json_t *doc;
    mc_err e = body_or_form(r, doc_fields, &doc, err);
    if (e) return e;
    e = read_doc(r, doc, in, err);
    json_decref(doc);
    if (e) return e;
    return doc_file(r, sf, file, err);
}

mc_err api_legal_docs_create(api_req *r, mc_error *err) {
    user *u;
    mc_err e = need_reader(r, &u, err);
    ld_doc_new in;
    stored_files sf;
    const ds_attachment *file;
    if (!e) e = doc_input(r, &in, &sf, &file, err);
    if (e) return e;
    int64_t id = 0;
    if ((e = legal_docs_create(r->app->st, r->a, &in, file, u, time_now(), &id, err))) {
        api_unstore(&sf); /* nothing half-written */
        return e;
    }
    return reply_doc(r, 201, u, id, err);
}

mc_err api_legal_docs_update(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    mc_err e = need_reader(r, &u, err);
    if (!e) e = api_path_id(r, 0, &id, NO_DOC, err);
    ld_doc_new in;
    stored_files sf;
    const ds_attachment *file;
    if (!e) e = doc_input(r, &in, &sf, &file, err);
    if (e) return e;
    if ((e = legal_docs_update(r->app->st, r->a, id, &in, file, u, time_now(), err))) {
        api_unstore(&sf);
        return e;
    }
    return reply_doc(r, 200, u, id, err);
}

mc_err api_legal_docs_get(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    mc_err e = need_reader(r, &u, err);
    if (!e) e = api_path_id(r, 0, &id, NO_DOC, err);
    if (e) return e;
    return reply_doc(r, 200, u, id, err);
}

mc_err api_legal_docs_file(api_req *r, mc_error *err) {
    int64_t id;
    mc_err e = api_path_id(r, 0, &id, NO_DOC, err);
    legal_doc d;
    if (!e) e = legal_docs_get(store_reader(r->app->st), r->a, id, NULL, time_local_day(time_now()), &d, err);
    if (e) return e;
    if (!d.file_stored) return mc_fail(err, MC_ERR_NOT_FOUND, "file", "Văn bản chưa có tệp.", "No file.");
    return api_reply_stored(r, d.file_stored, d.file_mime, d.file_name);
}

mc_err api_legal_docs_change(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    mc_err e = need_reader(r, &u, err);
    if (!e) e = api_path_id(r, 0, &id, NO_DOC, err);
    json_t *doc;
    if (!e) e = api_body_object(r, &doc, err);
    if (e) return e;
    ld_change_new in = {0};
    e = api_json_str(r, doc, "action", true, &in.action, err);
    if (!e) e = api_json_str(r, doc, "by", false, &in.by, err);
    if (!e) e = api_json_str(r, doc, "relation", false, &in.relation, err);
    if (!e) e = api_json_str(r, doc, "scope", false, &in.scope, err);
    if (!e) e = api_json_str(r, doc, "part", false, &in.part, err);
    if (!e) e = api_json_str(r, doc, "effective_on", true, &in.effective_on, err);
    if (!e) e = api_json_str(r, doc, "reason", true, &in.reason, err);
    json_decref(doc);
    if (e) return e;
    int64_t cid = 0;
    size_t flagged = 0;
    if ((e = legal_docs_change(r->app->st, r->a, id, &in, u, time_now(), &cid, &flagged, err))) return e;
    legal_doc d;
    if ((e = legal_docs_get(store_reader(r->app->st), r->a, id, u, time_local_day(time_now()), &d, err))) return e;
    return api_reply(r, 201,
                     json_pack("{s:I, s:I, s:o}", "change", (json_int_t)cid, "flagged", (json_int_t)flagged, "doc",
                               doc_json(r, &d, true, u)));
}

mc_err api_legal_docs_review(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    mc_err e = need_reader(r, &u, err);
    if (!e) e = api_path_id(r, 0, &id, NO_DOC, err);
    json_t *doc;
    if (!e) e = api_body_object(r, &doc, err);
    if (e) return e;
    ld_review_new in = {0};
    const char *names[] = {"kind",   "unit",     "basis",    "basis_note", "started_on", "done_on",
                           "result", "findings", "proposal", "handler",    "deadline"};
    const char **dst[] = {&in.kind,   &in.unit,     &in.basis,    &in.basis_note, &in.started_on, &in.done_on,
                          &in.result, &in.findings, &in.proposal, &in.handler,    &in.deadline};
    for (size_t i = 0; !e && i < sizeof names / sizeof names[0]; i++) {
        e = api_json_str(r, doc, names[i], false, dst[i], err);
        if (!e && *dst[i] && !**dst[i]) *dst[i] = NULL;
    }
    json_decref(doc);
    if (e) return e;
    int64_t rid = 0;
    if ((e = legal_docs_review_add(r->app->st, r->a, id, &in, u, time_now(), &rid, err))) return e;
    return reply_doc(r, 201, u, id, err);
}

mc_err api_legal_docs_journal(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    mc_err e = need_reader(r, &u, err);
    if (!e) e = api_path_id(r, 0, &id, NO_DOC, err);
    legal_doc d;
    if (!e) e = legal_docs_get(store_reader(r->app->st), r->a, id, u, time_local_day(time_now()), &d, err);
    if (e) return e;
    json_t *items;
    if ((e = api_journal_json(r, d.tenant, "legal_doc", id, &items, err))) return e;
    return api_reply(r, 200, json_pack("{s:o}", "entries", items));
}

/* ---- flags -------------------------------------------------------------------------------------- */

mc_err api_legal_flags_list(api_req *r, mc_error *err) {
    user *u;
    mc_err e = need_reader(r, &u, err);
    if (e) return e;
    store_conn *c = store_reader(r->app->st);
    const char *tenant = legal_docs_tenant_of(c, r->a, u);
    const char *all = api_query(r, "all");
    ld_flag *v;
    size_t n;
    if ((e = legal_docs_flags(c, r->a, tenant, !(all && !strcmp(all, "1")), &v, &n, err))) return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *f = flag_json(&v[i]);
        json_object_set_new(
            f, "may_clear",
            json_boolean(!v[i].cleared_at && legal_docs_may_clear(c, r->a, u, v[i].tenant, v[i].procedure_code)));
        json_array_append_new(items, f);
    }
    int64_t flagged = 0;
    if ((e = legal_docs_flagged_procedures(c, tenant, time_now(), &flagged, err))) {
        json_decref(items);
        return e;
    }
    return api_reply(r, 200, json_pack("{s:o, s:I}", "flags", items, "procedures_flagged", (json_int_t)flagged));
}

mc_err api_legal_flags_clear(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    mc_err e = need_reader(r, &u, err);
    if (!e) e = api_path_id(r, 0, &id, NO_DOC, err);
    json_t *doc;
    if (!e) e = api_body_object(r, &doc, err);
    if (e) return e;
    const char *note = NULL;
    e = api_json_str(r, doc, "note", false, &note, err);
    json_decref(doc);
    if (!e) e = legal_docs_flag_clear(r->app->st, r->a, id, note, u, time_now(), err);
    if (e) return e;
    return api_reply(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "cleared", 1));
}

/* The flags of a procedure for its JSON: the user's province, or the portal's (the first). */
void api_legal_docs_procedure_attach(api_req *r, json_t *proc, const char *code) {
    store_conn *c = store_reader(r->app->st);
    user *u = api_user(r);
    const char *tenant = legal_docs_tenant_of(c, r->a, u);
    if (!tenant) {
        org_unit *all;
        size_t na;
        mc_error e2;
        if (units_list(c, r->a, NULL, &all, &na, &e2)) return;
        for (size_t i = 0; i < na && !tenant; i++)
            if (!all[i].parent_code) tenant = all[i].code;
    }
    ld_flag *v;
    size_t n;
    mc_error e2;
    if (!tenant || legal_docs_procedure_flags(c, r->a, tenant, code, &v, &n, &e2)) return;
    json_t *open = json_array();
    for (size_t i = 0; i < n; i++)
        if (!v[i].cleared_at) json_array_append_new(open, flag_json(&v[i]));
    json_object_set_new(proc, "legal_update",
                        json_pack("{s:b, s:o, s:b}", "needs_update", json_array_size(open) > 0, "flags", open,
                                  "may_clear",
                                  u && json_array_size(open) > 0 && legal_docs_may_clear(c, r->a, u, tenant, code)));
}

/* ---- statistics --------------------------------------------------------------------------------- */

static json_t *stats_row_json(const ld_stats_row *x, bool total) {
    size_t nr;
    const ld_choice *rs = ld_results(&nr);
    json_t *by = json_object();
    for (size_t k = 0; k < nr && k < 6; k++) json_object_set_new(by, rs[k].code, json_integer(x->by_result[k]));
    json_t *j = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "issued", (json_int_t)x->issued, "in_force",
                          (json_int_t)x->in_force, "changed", (json_int_t)x->changed, "reviews", (json_int_t)x->reviews,
                          "reviewed", (json_int_t)x->reviewed, "self_checked", (json_int_t)x->self_checked, "to_act",
                          (json_int_t)x->to_act, "by_result", by);
    if (!total) json_object_set_new(j, "unit", json_pack("{s:s, s:s}", "code", x->unit_code, "name", x->unit_name));
    return j;
}

mc_err api_legal_docs_stats(api_req *r, mc_error *err) {
    user *u;
    mc_err e = need_reader(r, &u, err);
    if (e) return e;
    org_unit unit;
    if ((e = api_query_unit(r, u, "Vui lòng chọn đơn vị.", &unit, err))) return e;
    mc_day from, to;
    if ((e = api_report_period_max(r, LD_MAX_PERIOD_DAYS, &from, &to, err))) return e;
    ld_stats_row *rows, total;
    size_t n;
    if ((e = legal_docs_stats(store_reader(r->app->st), r->a, unit.tenant, unit.path, from, to, &rows, &n, &total,
                              err)))
        return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, stats_row_json(&rows[i], false));
    char f[11], t[11];
    day_format(from, f);
    day_format(to, t);
    return api_reply(r, 200,
                     json_pack("{s:{s:s, s:s}, s:s, s:s, s:o, s:o}", "unit", "code", unit.code, "name", unit.name,
                               "from", f, "to", t, "rows", items, "total", stats_row_json(&total, true)));
}

/* ---- systematisation ---------------------------------------------------------------------------- */

static mc_err system_of(api_req *r, ld_system *sys, const char **tenant, mc_error *err) {
    user *u;
    mc_err e = need_reader(r, &u, err);
    if (e) return e;
    long cycle = 0;
    int y, m, d;
    day_to_ymd(time_local_day(time_now()), &y, &m, &d);
    cycle = 2019 + ((y - 1 - 2019) / 5) * 5; /* the last cycle whose cut-off has passed, or the current */
    if (cycle < 2019) cycle = 2019;
    if ((e = api_query_int(r, "cycle", 1900, 2100, &cycle, err))) return e;
    store_conn *c = store_reader(r->app->st);
    *tenant = legal_docs_tenant_of(c, r->a, u);
    if (!*tenant) return mc_fail(err, MC_ERR_INVALID, "unit", "Tài khoản chưa thuộc đơn vị nào.", "No unit.");
    return legal_docs_system(c, r->a, *tenant, api_query(r, "issuer"), (int)cycle, sys, err);
}

static json_t *line_json(api_req *r, const ld_system_line *l) {
    json_t *j = doc_json(r, l->doc, false, NULL);
    json_object_set_new(j, "status_at_cutoff", status_json(l->status));
    if (l->change) json_object_set_new(j, "ended_by", change_json(l->change, false));
    if (l->review) json_object_set_new(j, "review", review_json(l->review));
    return j;
}

mc_err api_legal_docs_system(api_req *r, mc_error *err) {
    ld_system s;
    const char *tenant;
    mc_err e = system_of(r, &s, &tenant, err);
    if (e) return e;
    json_t *l1 = json_array(), *l2 = json_array(), *l3 = json_array();
    for (size_t i = 0; i < s.nin_force; i++) json_array_append_new(l1, line_json(r, &s.in_force[i]));
    for (size_t i = 0; i < s.nended; i++) json_array_append_new(l2, line_json(r, &s.ended[i]));
    for (size_t i = 0; i < s.nto_act; i++) json_array_append_new(l3, line_json(r, &s.to_act[i]));
    char st[11], co[11];
    day_format(s.start, st);
    day_format(s.cutoff, co);
    const char *issuer = api_query(r, "issuer");
    return api_reply(r, 200,
                     json_pack("{s:i, s:i, s:s, s:s, s:s, s:o, s:o, s:o}", "first_year", s.first_year, "last_year",
                               s.last_year, "start", st, "cutoff", co, "issuer", issuer && *issuer ? issuer : tenant,
                               "in_force", l1, "ended", l2, "to_act", l3));
}

static const char *dmy(api_req *r, const char *iso) {
    mc_day d;
    if (!iso || !day_parse(iso, &d)) return iso ? iso : "";
    int y, m, dd;
    day_to_ymd(d, &y, &m, &dd);
    return arena_printf(r->a, "%02d/%02d/%04d", dd, m, y);
}

mc_err api_legal_docs_system_csv(api_req *r, mc_error *err) {
    ld_system s;
    const char *tenant;
    mc_err e = system_of(r, &s, &tenant, err);
    if (e) return e;
    static const char *const cols[] = {"Danh mục",
                                       "STT",
                                       "Loại văn bản",
                                       "Số, ký hiệu",
                                       "Ngày ban hành",
                                       "Trích yếu",
                                       "Cơ quan ban hành",
                                       "Ngày có hiệu lực",
                                       "Tình trạng tại ngày chốt",
                                       "Lý do, văn bản tác động",
                                       "Kiến nghị"};
    const size_t ncols = sizeof cols / sizeof cols[0];
    buf b = {0};
    buf_puts(&b, "\xEF\xBB\xBF");
    for (size_t k = 0; k < ncols; k++) {
        if (k) buf_putc(&b, ',');
        csv_put_field(&b, cols[k]);
    }
    buf_puts(&b, "\r\n");
    const struct {
        const char *name;
        const ld_system_line *v;
        size_t n;
    } lists[] = {{"1. Văn bản còn hiệu lực", s.in_force, s.nin_force},
                 {"2. Văn bản hết hiệu lực, ngưng hiệu lực toàn bộ hoặc một phần", s.ended, s.nended},
                 {"3. Văn bản cần sửa đổi, bổ sung, thay thế, bãi bỏ, ban hành mới", s.to_act, s.nto_act}};
    for (size_t l = 0; l < 3; l++)
        for (size_t i = 0; i < lists[l].n; i++) {
            const ld_system_line *x = &lists[l].v[i];
            const ld_type *t = ld_type_find(x->doc->doc_type);
            const char *why = "";
            if (x->change)
                why = arena_printf(
                    r->a, "%s%s%s từ %s: %s", ld_status_label((ld_status)ld_status_parse(x->change->to_status)),
                    x->change->by_number ? " bởi " : "", x->change->by_number ? x->change->by_number : "",
                    dmy(r, x->change->effective_on), x->change->reason);
            else if (l == 1 && x->doc->expires_on)
                why = arena_printf(r->a, "Hết thời hạn hiệu lực ngày %s", dmy(r, x->doc->expires_on));
            const char *prop = "";
            if (x->review) {
                size_t nr;
                const ld_choice *rs = ld_results(&nr);
                prop = arena_printf(r->a, "%s%s%s", ld_choice_label(rs, nr, x->review->result),
                                    x->review->proposal ? ": " : "", x->review->proposal ? x->review->proposal : "");
            }
            const char *cells[] = {lists[l].name,
                                   arena_printf(r->a, "%zu", i + 1),
                                   t ? t->label : x->doc->doc_type,
                                   x->doc->number,
                                   dmy(r, x->doc->issued_on),
                                   x->doc->summary,
                                   x->doc->issuer_name,
                                   dmy(r, x->doc->effective_on),
                                   ld_status_label(x->status),
                                   why,
                                   prop};
            for (size_t k = 0; k < ncols; k++) {
                if (k) buf_putc(&b, ',');
                csv_put_field(&b, cells[k]);
            }
            buf_puts(&b, "\r\n");
        }
    r->file_name = arena_printf(r->a, "he-thong-hoa-%d-%d.csv", s.first_year, s.last_year);
    e = api_reply_raw(r, 200, "text/csv; charset=utf-8", b.data ? b.data : "", b.len);
    buf_free(&b);
    return e;
}

/* ---- tables and keepers ------------------------------------------------------------------------- */

mc_err api_legal_docs_tables(api_req *r, mc_error *err) {
    (void)err;
    size_t n;
    json_t *types = json_array(), *st = json_array(), *acts = json_array(), *rels = json_array(), *res = json_array(),
           *bs = json_array();
    const ld_type *t = ld_types(&n);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(types, json_pack("{s:s, s:s, s:s, s:o}", "code", t[i].code, "label", t[i].label, "level",
                                               t[i].level, "organ", api_jstr(t[i].organ)));
    for (int i = 0; i < LD_STATUS_COUNT; i++) json_array_append_new(st, status_json((ld_status)i));
    const ld_action *a = ld_actions(&n);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(acts, json_pack("{s:s, s:s, s:b, s:b}", "code", a[i].code, "label", a[i].label,
                                              "needs_by", a[i].needs_by, "flags_procedures", a[i].flags));
    const ld_relation *rl = ld_relations(&n);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            rels, json_pack("{s:s, s:s, s:s}", "code", rl[i].code, "active", rl[i].active, "passive", rl[i].passive));
    const ld_choice *c = ld_results(&n);
    for (size_t i = 0; i < n; i++) json_array_append_new(res, choice_json(c[i].code, c[i].label));
    c = ld_bases(&n);
    for (size_t i = 0; i < n; i++) json_array_append_new(bs, choice_json(c[i].code, c[i].label));
    return api_reply(r, 200,
                     json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "types", types, "statuses", st, "actions", acts,
                               "relations", rels, "results", res, "bases", bs));
}

mc_err api_legal_docs_keepers(api_req *r, mc_error *err) {
    user *u;
    mc_err e = need_reader(r, &u, err);
    if (e) return e;
    store_conn *c = store_reader(r->app->st);
    const char *tenant = legal_docs_tenant_of(c, r->a, u);
    org_unit *k;
    size_t n;
    if ((e = legal_docs_keepers(c, r->a, tenant, &k, &n, err))) return e;
    json_t *v = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(v, json_pack("{s:s, s:s}", "code", k[i].code, "name", k[i].name));
    return api_reply(r, 200, json_pack("{s:s, s:o}", "unit", tenant ? tenant : "", "units", v));
}

mc_err api_legal_docs_keepers_put(api_req *r, mc_error *err) {
    user *u;
    mc_err e = need_reader(r, &u, err);
    json_t *doc;
    if (!e) e = api_body_object(r, &doc, err);
    if (e) return e;
    json_t *units = json_object_get(doc, "units");
    if (!json_is_array(units) || json_array_size(units) > LD_MAX_KEEPERS) {
        json_decref(doc);
        return mc_failf(err, MC_ERR_INVALID, "units", "\"units\" là danh sách tối đa %d mã đơn vị.",
                        "units: an array of at most %d unit codes.", LD_MAX_KEEPERS, LD_MAX_KEEPERS);
    }
    size_t n = json_array_size(units);
    const char **codes = arena_alloc(r->a, (n ? n : 1) * sizeof *codes);
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(units, i);
        if (!json_is_string(x) || strlen(json_string_value(x)) > 64) {
            json_decref(doc);
            return mc_fail(err, MC_ERR_INVALID, "units", "Mã đơn vị không hợp lệ.", "units: unit codes.");
        }
        codes[i] = arena_strdup(r->a, json_string_value(x));
    }
    json_decref(doc);
    store_conn *c = store_reader(r->app->st);
    const char *tenant = legal_docs_tenant_of(c, r->a, u);
    if (!tenant) return mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Tài khoản chưa thuộc đơn vị nào.", "No unit.");
    if ((e = legal_docs_keepers_set(r->app->st, NULL, r->a, tenant, codes, n, u, time_now(), err))) return e;
    return api_legal_docs_keepers(r, err);
}
