/* api_dossiers.c - /api/v1/dossiers, /api/v1/inbox, /api/v1/track: intake,
 * actions, reading, the process-control slip, queues and public tracking. */
#include <errno.h>
#include <sodium.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"
#include "api_handlers.h"
#include "nodes.h"
#include "attachments.h"
#include "dossier.h"
#include "field_limits.h"
#include "inbox.h"
#include "journal.h"
#include "json_text.h"
#include "keep.h"
#include "ratings.h"
#include "text.h"
#include "units.h"
#include "xalloc.h"

static ds_actor actor_of(const user *u) {
    return (ds_actor){u->id, u->username, u->roles, u->unit_id, u->unit_code, u->unit_path};
}

/* ---- responses, written directly (json_text.h) ----------------------------------- */

/* key: {"iso": …, "text": "HH:MM dd/mm/yyyy"}, or null when t is 0. */
static void w_when(json_w *w, const char *key, mc_time t) {
    jw_key(w, key);
    if (!t) {
        jw_null(w);
        return;
    }
    char iso[26], vn[17];
    time_format_iso8601(t, iso);
    time_format_vn(t, vn);
    jw_open(w, '{');
    jw_kstr(w, "iso", iso);
    jw_kstr(w, "text", vn);
    jw_close(w, '}');
}

/* key: {"code", "name"}, or null without a code. */
static void w_unit(json_w *w, const char *key, const char *code, const char *name) {
    jw_key(w, key);
    if (!code) {
        jw_null(w);
        return;
    }
    jw_open(w, '{');
    jw_kstr(w, "code", code);
    jw_kstr(w, "name", name);
    jw_close(w, '}');
}

static void w_person(json_w *w, const char *key, const ds_person *p) {
    jw_key(w, key);
    if (!p->name) {
        jw_null(w);
        return;
    }
    jw_open(w, '{');
    jw_kstr(w, "name", p->name);
    jw_kstr(w, "id_number", p->id_number);
    jw_kstr(w, "phone", p->phone);
    jw_kstr(w, "email", p->email);
    jw_kstr(w, "address", p->address);
    jw_close(w, '}');
}

/* key: {"name", "label", "portal_status"}; null for s < 0. */
static void w_state(json_w *w, const char *key, int s) {
    jw_key(w, key);
    if (s < 0) {
        jw_null(w);
        return;
    }
    jw_open(w, '{');
    jw_kstr(w, "name", ds_state_name((ds_state)s));
    jw_kstr(w, "label", ds_state_label((ds_state)s));
    jw_kint(w, "portal_status", ds_state_portal((ds_state)s));
    jw_close(w, '}');
}

static void w_actions(json_w *w, const ds_action *v, size_t n) {
    jw_kopen(w, "actions", '[');
    for (size_t i = 0; i < n; i++) {
        jw_open(w, '{');
        jw_kstr(w, "action", ds_action_name(v[i]));
        jw_kstr(w, "label", ds_action_label(v[i]));
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

/* The members of the summary used in lists (inside an open object); the
 * applicant as a name, or whole when `whole` (the dossier's own page). */
static void w_brief(json_w *w, const dossier *d, bool whole) {
    jw_kstr(w, "code", d->code);
    jw_kopen(w, "procedure", '{');
    jw_kstr(w, "code", d->procedure_code);
    jw_kstr(w, "name", d->procedure_name);
    jw_close(w, '}');
    w_state(w, "state", (int)d->state);
    jw_kstr(w, "outcome", d->outcome);
    if (whole)
        w_person(w, "applicant", &d->applicant);
    else
        jw_kstr(w, "applicant", d->applicant.name);
    w_when(w, "received_at", d->received_at);
    w_when(w, "due_at", d->due_at);
    w_unit(w, "holder_unit", d->holder_unit_code, d->holder_unit_name);
    jw_key(w, "step");
    if (d->step_seq) {
        jw_open(w, '{');
        jw_kint(w, "seq", d->step_seq);
        jw_kstr(w, "name", d->step_name);
        jw_kstr(w, "role", d->step_role);
        jw_close(w, '}');
    } else {
        jw_null(w);
    }
}

/* Sends what the writer holds as the JSON response. */
/* A writer for the answer to r: text into b, or the tree when a page asks in process (api_req.want_tree). */
static json_w writer(api_req *r, buf *b) {
    return r->want_tree ? (json_w){.b = NULL} : (json_w){.b = b};
}

/* Sends what w wrote. */
static mc_err reply_w(api_req *r, int status, json_w *w) {
    if (!w->b) return api_reply(r, status, jw_take(w));
    buf_putc(w->b, '\n');
    mc_err e = api_reply_raw(r, status, "application/json; charset=utf-8", w->b->data, w->b->len);
    buf_free(w->b);
    return e;
}

/* The whole dossier, as the officer who may read it sees it. */
static mc_err reply_dossier(api_req *r, int status, const ds_actor *who, const dossier *d) {
    store_conn *c = store_reader(r->app->st);
    buf b = {0};
    json_w w = writer(r, &b);
    jw_open(&w, '{');
    w_brief(&w, d, true);
    jw_kint(&w, "procedure_version", d->procedure_version);
    jw_kstr(&w, "rules_version", d->rules_version);
    jw_kstr(&w, "channel", d->channel);
    char key[9] = "";
    jw_kstr(&w, "tracking_key", dossier_tracking_key(c, d->code, key, NULL) == MC_OK ? key : NULL);
    w_unit(&w, "receiving_unit", d->receiving_unit_code, d->receiving_unit_name);
    w_unit(&w, "competent_unit", d->competent_unit_code, d->competent_unit_name);
    jw_key(&w, "holder_user");
    if (d->holder_user_id) {
        jw_open(&w, '{');
        jw_kstr(&w, "username", d->holder_username);
        jw_kstr(&w, "name", d->holder_name);
        jw_close(&w, '}');
    } else {
        jw_null(&w);
    }
    w_when(&w, "step_due_at", d->step_due_at);
    jw_kopen(&w, "processing_time", '{');
    jw_kint(&w, "amount", d->time_amount);
    jw_kstr(&w, "unit", d->time_unit == CAL_UNIT_HOUR ? "working_hour" : "working_day");
    jw_close(&w, '}');
    w_person(&w, "representative", &d->representative);
    w_when(&w, "submitted_at", d->submitted_at);
    w_when(&w, "original_due_at", d->original_due_at);
    w_when(&w, "paused_since", d->paused_at);
    jw_kint(&w, "paused_seconds", d->paused_seconds);
    w_when(&w, "decided_at", d->decided_at);
    w_when(&w, "result_ready_at", d->result_ready_at);
    w_when(&w, "returned_at", d->returned_at);
    jw_kstr(&w, "return_method", d->return_method);
    jw_key(&w, "fee_amount");
    if (d->fee_amount >= 0)
        jw_int(&w, d->fee_amount);
    else
        jw_null(&w);
    w_when(&w, "paid_at", d->paid_at);
    jw_kopen(&w, "supplements", '{');
    jw_kint(&w, "at_intake", d->intake_supplements);
    jw_kint(&w, "in_processing", d->supplements);
    jw_close(&w, '}');
    jw_kint(&w, "extensions", d->extensions);
    jw_kstr(&w, "parent", d->parent_code);
    jw_kstr(&w, "alert", d->alert);

    ds_document *docs;
    size_t nd = 0;
    jw_kopen(&w, "documents", '[');
    if (dossier_documents(c, r->a, d->tenant, d->id, &docs, &nd, NULL) == MC_OK)
        for (size_t i = 0; i < nd; i++) {
            jw_open(&w, '{');
            jw_kint(&w, "seq", docs[i].seq);
            jw_kstr(&w, "name", docs[i].name);
            jw_kstr(&w, "form", docs[i].form);
            jw_kbool(&w, "mandatory", docs[i].mandatory);
            jw_kbool(&w, "provided", docs[i].provided);
            jw_close(&w, '}');
        }
    jw_close(&w, ']');
    ds_request *reqs;
    size_t nq = 0;
    jw_kopen(&w, "requests", '[');
    if (dossier_requests(c, r->a, d->tenant, d->id, &reqs, &nq, NULL) == MC_OK)
        for (size_t i = 0; i < nq; i++) {
            jw_open(&w, '{');
            jw_kstr(&w, "kind", reqs[i].kind);
            jw_kstr(&w, "items", reqs[i].items);
            jw_kstr(&w, "reason", reqs[i].reason);
            w_when(&w, "created_at", reqs[i].created_at);
            w_when(&w, "resolved_at", reqs[i].resolved_at);
            jw_close(&w, '}');
        }
    jw_close(&w, ']');
    ds_file *files;
    size_t nf = 0;
    jw_kopen(&w, "files", '[');
    if (dossier_files(c, r->a, d->tenant, d->id, &files, &nf, NULL) == MC_OK)
        for (size_t i = 0; i < nf; i++) {
            jw_open(&w, '{');
            jw_kint(&w, "id", files[i].id);
            jw_key(&w, "document");
            if (files[i].doc_seq)
                jw_int(&w, files[i].doc_seq);
            else
                jw_null(&w);
            jw_kstr(&w, "name", files[i].name);
            jw_kstr(&w, "type", files[i].mime);
            jw_kint(&w, "size", files[i].size);
            jw_kstr(&w, "sha256", files[i].sha256);
            w_when(&w, "uploaded_at", files[i].created_at);
            jw_kstr(&w, "url", arena_printf(r->a, "/api/v1/dossiers/%s/files/%lld", d->code, (long long)files[i].id));
            jw_close(&w, '}');
        }
    jw_close(&w, ']');
    ds_action *acts;
    size_t na = dossier_allowed(who, d, r->a, &acts);
    w_actions(&w, acts, na);
    jw_close(&w, '}');
    return reply_w(r, status, &w);
}

/* Reads an array of strings member (NULL/absent → none). */
static mc_err str_array(api_req *r, json_t *o, const char *key, const char ***out, size_t *n, mc_error *err) {
    json_t *v = json_object_get(o, key);
    *out = NULL;
    *n = 0;
    if (!v || json_is_null(v)) return MC_OK;
    if (!json_is_array(v) || json_array_size(v) > 100)
        return mc_failf(err, MC_ERR_INVALID, key, "Trường \"%s\" phải là một mảng chuỗi (tối đa 100).",
                        "Field \"%s\" must be an array of strings.", key);
    const char **arr = arena_alloc(r->a, (json_array_size(v) + 1) * sizeof *arr);
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
        if (!json_is_string(x))
            return mc_failf(err, MC_ERR_INVALID, key, "Mọi phần tử của \"%s\" phải là chuỗi ký tự.",
                            "Elements of \"%s\" must be strings.", key);
        mc_err e = field_limit_check(key, key, json_string_value(x), err);
        if (e) return e;
        arr[(*n)++] = arena_strdup(r->a, json_string_value(x));
    }
    *out = arr;
    return MC_OK;
}

static mc_err int_array(api_req *r, json_t *o, const char *key, const int **out, size_t *n, mc_error *err) {
    json_t *v = json_object_get(o, key);
    *out = NULL;
    *n = 0;
    if (!v || json_is_null(v)) return MC_OK;
    if (!json_is_array(v) || json_array_size(v) > 200)
        return mc_failf(err, MC_ERR_INVALID, key, "Trường \"%s\" phải là một mảng số thứ tự giấy tờ.",
                        "Field \"%s\" must be an array of document numbers.", key);
    int *arr = arena_alloc(r->a, (json_array_size(v) + 1) * sizeof *arr);
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
        if (!json_is_integer(x) || json_integer_value(x) < 1 || json_integer_value(x) > 1000)
            return mc_failf(err, MC_ERR_INVALID, key, "Số thứ tự giấy tờ trong \"%s\" phải là số nguyên dương.",
                            "Document numbers in \"%s\" must be positive integers.", key);
        arr[(*n)++] = (int)json_integer_value(x);
    }
    *out = arr;
    return MC_OK;
}

static mc_err read_person(api_req *r, json_t *o, const char *key, bool required, ds_person *p, mc_error *err) {
    json_t *v = json_object_get(o, key);
    memset(p, 0, sizeof *p);
    if (!v || json_is_null(v)) {
        if (required)
            return mc_failf(err, MC_ERR_INVALID, key, "Thiếu thông tin người nộp hồ sơ (\"%s\").", "Missing \"%s\".",
                            key);
        return MC_OK;
    }
    if (!json_is_object(v))
        return mc_failf(err, MC_ERR_INVALID, key, "\"%s\" phải là một đối tượng JSON.", "\"%s\" must be an object.",
                        key);
    static const char *const names[] = {"name", "id_number", "phone", "email", "address"};
    const char **fields[] = {&p->name, &p->id_number, &p->phone, &p->email, &p->address};
    mc_err e = MC_OK;
    for (int i = 0; !e && i < 5; i++) {
        char path[64];
        snprintf(path, sizeof path, "%s.%s", key, names[i]);
        e = api_json_str_at(r, v, names[i], path, i == 0 && required, fields[i], err);
    }
    /* Empty strings mean "not given". */
    for (int i = 0; i < 5; i++)
        if (*fields[i] && !**fields[i]) *fields[i] = NULL;
    return e;
}

static mc_err readable(api_req *r, ds_actor *who, dossier *d, mc_error *err);

/* Files of an upload moved into permanent storage, to attach; `created`
 * lists the files this request added, removed again if the attach fails. */
void api_unstore(const stored_files *s) {
    for (size_t i = 0; i < s->ncreated; i++) unlink(s->created[i]);
}

/* Flushes a file (or a directory) to disk. */
static bool sync_path(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    bool ok = fsync(fd) == 0;
    close(fd);
    return ok;
}

/* Moves every uploaded file into the content-addressed store: files/ab/abcd…
 * (same content, same file). Parts are named doc_<document seq> or file. */
mc_err api_store_uploads(api_req *r, stored_files *out, mc_error *err) {
    multipart *m = r->upload;
    size_t n = multipart_file_count(m);
    memset(out, 0, sizeof *out);
    out->v = arena_alloc(r->a, (n ? n : 1) * sizeof *out->v);
    out->created = arena_alloc(r->a, (n ? n : 1) * sizeof *out->created);
    const char *root = r->app->files_dir ? r->app->files_dir : "var/files";
    for (size_t i = 0; i < n; i++) {
        const multipart_file *f = multipart_file_at(m, i);
        int seq = 0;
        if (strncmp(f->name, "doc_", 4) == 0) {
            char *end;
            long v = strtol(f->name + 4, &end, 10);
            if (*end || v < 1 || v > 1000) goto bad_name;
            seq = (int)v;
        } else if (strcmp(f->name, "file") != 0) {
        bad_name:
            api_unstore(out);
            return mc_failf(err, MC_ERR_INVALID, f->name,
                            "Tên trường tệp \"%s\" không hợp lệ: dùng doc_<số thứ tự giấy tờ> hoặc file.",
                            "File field \"%s\" must be doc_<seq> or file.", f->name, f->name);
        }
        if (f->type == FT_UNKNOWN) {
            api_unstore(out);
            return mc_failf(err, MC_ERR_MEDIA_TYPE, f->name,
                            "Tệp \"%s\" không thuộc định dạng được chấp nhận (PDF, JPEG, PNG, DOCX, XLSX, ODT).",
                            "File \"%s\" is not PDF, JPEG, PNG, DOCX, XLSX or ODT.", f->filename, f->filename);
        }
        char *dir = arena_printf(r->a, "%s/%.2s", root, f->sha256_hex);
        char *rel = arena_printf(r->a, "%.2s/%s", f->sha256_hex, f->sha256_hex);
        char *dest = arena_printf(r->a, "%s/%s", root, rel);
        /* Same content stored already: mark it used now, so that the sweep of unreferenced files leaves it
         * (attachments.h); if the sweep took it meanwhile, store the bytes again. */
        if (!attachments_touch(dest)) {
            if ((mkdir(dir, 0750) != 0 && errno != EEXIST) || !sync_path(f->path) || rename(f->path, dest) != 0) {
                api_unstore(out);
                return mc_failf(err, MC_ERR_INTERNAL, NULL, "Không lưu được tệp đính kèm; chưa có gì được ghi.",
                                "Cannot store the upload: %s", strerror(errno), strerror(errno));
            }
            multipart_keep(m, i);
            out->created[out->ncreated++] = dest;
            sync_path(dir);
        }
        const char *name = *f->filename ? arena_strdup(r->a, f->filename)
                                        : arena_printf(r->a, "tep-dinh-kem.%s", filetype_ext(f->type));
        out->v[out->n++] = (ds_attachment){
            seq, name, filetype_mime(f->type), arena_strdup(r->a, f->sha256_hex), rel, (int64_t)f->size};
    }
    return MC_OK;
}

mc_err api_dossier_intake(api_req *r, const user *u, json_t *body, const ds_attachment *files, size_t nfiles,
                          dossier *out, mc_error *err) {
    ds_intake in = {0};
    mc_err e = api_json_str(r, body, "procedure", true, &in.procedure, err);
    if (!e) e = api_json_str(r, body, "channel", false, &in.channel, err);
    if (!e) e = api_json_str(r, body, "receiving_unit", false, &in.receiving_unit, err);
    if (!e) e = api_json_str(r, body, "competent_unit", false, &in.competent_unit, err);
    if (!e) e = api_json_str(r, body, "outcome", false, &in.outcome, err);
    if (!e) e = api_json_str(r, body, "reason", false, &in.reason, err);
    if (!e) e = api_json_str(r, body, "note", false, &in.note, err);
    if (!e) e = read_person(r, body, "applicant", true, &in.applicant, err);
    if (!e) e = read_person(r, body, "representative", false, &in.representative, err);
    if (!e) e = int_array(r, body, "documents", &in.provided, &in.nprovided, err);
    if (!e) e = str_array(r, body, "items", &in.items, &in.nitems, err);
    if (e) return e;
    if (!in.channel) in.channel = (u->roles & ROLE_CITIZEN) ? "online" : "direct";
    in.files = files;
    in.nfiles = nfiles;
    in.max_dossier_bytes = r->app->max_dossier;
    /* The files of this request's own upload are new bytes for the citizen's quota; a draft's files (web_submit.c)
     * were counted when they were uploaded to the draft. */
    in.max_account_bytes = r->upload ? r->app->max_account : 0;
    ds_actor who = actor_of(u);
    app_calendar *h = app_calendar_acquire(r->app, err);
    if (!h) return err->code;
    e = dossier_intake(r->app->st, h->cal, &who, &in, time_now(), r->a, out, err);
    app_calendar_release(r->app, h);
    return e;
}

mc_err api_dossiers_create(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    json_t *body;
    if (r->upload) {
        /* multipart: the dossier as JSON in the field "dossier", files beside it. */
        const char *js = multipart_field_value(r->upload, "dossier");
        if (!js)
            return mc_fail(err, MC_ERR_INVALID, "dossier", "Thiếu trường \"dossier\" (thông tin hồ sơ dạng JSON).",
                           "Missing the \"dossier\" JSON field.");
        json_error_t je;
        body = json_loads(js, JSON_REJECT_DUPLICATES, &je);
        if (!json_is_object(body)) {
            json_decref(body);
            return mc_fail(err, MC_ERR_INVALID, "dossier", "Trường \"dossier\" phải là một đối tượng JSON hợp lệ.",
                           "The dossier field must be a JSON object.");
        }
    } else if ((e = api_body_object(r, &body, err))) {
        return e;
    }
    stored_files sf = {0};
    if (r->upload && (e = api_store_uploads(r, &sf, err))) {
        json_decref(body);
        return e;
    }
    dossier d;
    e = api_dossier_intake(r, u, body, sf.v, sf.n, &d, err);
    json_decref(body);
    if (e) {
        api_unstore(&sf); /* nothing half-written: no dossier, no file */
        return e;
    }
    ds_actor who = actor_of(u);
    return reply_dossier(r, 201, &who, &d);
}

mc_err api_dossiers_upload(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    if (!r->upload || multipart_file_count(r->upload) == 0)
        return mc_fail(err, r->upload ? MC_ERR_INVALID : MC_ERR_MEDIA_TYPE, "file",
                       "Hãy gửi tệp dạng multipart/form-data (trường doc_<số thứ tự giấy tờ>).",
                       "Send files as multipart/form-data.");
    stored_files sf;
    if ((e = api_store_uploads(r, &sf, err))) return e;
    ds_actor who = actor_of(u);
    if ((e = dossier_attach(r->app->st, &who, r->params[0], sf.v, sf.n, r->app->max_dossier, r->app->max_account,
                            time_now(), err))) {
        api_unstore(&sf);
        return e;
    }
    dossier d;
    if ((e = dossier_get(store_reader(r->app->st), r->a, r->params[0], &d, err))) return e;
    return reply_dossier(r, 201, &who, &d);
}

mc_err api_dossiers_download(api_req *r, mc_error *err) {
    ds_actor who;
    dossier d;
    mc_err e = readable(r, &who, &d, err);
    if (e) return e;
    char *end;
    long long id = strtoll(r->params[1], &end, 10);
    if (*end || id <= 0) return mc_fail(err, MC_ERR_NOT_FOUND, "file", "Không tìm thấy tệp.", "File not found.");
    ds_file f;
    if ((e = dossier_file(store_reader(r->app->st), r->a, d.tenant, d.id, id, &f, err))) return e;
    api_reply_stored(r, f.stored, f.mime, f.name);
    /* ?inline=1 shows a PDF or an image in the browser; anything else is always a download. */
    const char *in = api_query(r, "inline");
    r->file_inline =
        in && !strcmp(in, "1") &&
        (!strcmp(f.mime, "application/pdf") || !strcmp(f.mime, "image/jpeg") || !strcmp(f.mime, "image/png"));
    return MC_OK;
}

/* Loads a dossier the caller may read; an unreadable one is "not found". */
static mc_err readable(api_req *r, ds_actor *who, dossier *d, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    *who = actor_of(u);
    /* Unknown and not readable are one answer (dossier_not_found). */
    if ((e = dossier_get(store_reader(r->app->st), r->a, r->params[0], d, err))) return e;
    if (!dossier_may_read(who, d)) return dossier_not_found(err);
    return MC_OK;
}

mc_err api_dossiers_get(api_req *r, mc_error *err) {
    ds_actor who;
    dossier d;
    mc_err e = readable(r, &who, &d, err);
    if (e) return e;
    return reply_dossier(r, 200, &who, &d);
}

/* 409 when a commune node owns the dossier of path parameter 0 (nodes_owner_of); what the officer may not read is
 * left to dossier_act's own answer. */
static mc_err refuse_node_owned(api_req *r, const ds_actor *who, mc_error *err) {
    store_conn *c = store_reader(r->app->st);
    /* The officer's province first (read from the unit tree, on every node of a cluster): one without nodes reads
     * no dossier twice. Every read here names its province (Citus sends it to that province's shards). */
    char tenant[UNITS_TENANT_MAX];
    bool any = false;
    if (!units_tenant_or_null(c, who->unit_path, tenant)) return MC_OK;
    mc_err e = nodes_any(c, tenant, &any, err);
    if (e || !any) return e;
    dossier d;
    if (dossier_get(c, r->a, r->params[0], &d, NULL) != MC_OK || !dossier_may_read(who, &d)) return MC_OK;
    int node = 0;
    bool before = d.state == DS_SUBMITTED || d.state == DS_INTAKE_SUPPLEMENT;
    e = nodes_owner_of(c, d.tenant, d.receiving_unit_id, d.holder_unit_id, before, &node, err);
    if (e || !node) return e;
    return mc_failf(err, MC_ERR_CONFLICT, NULL,
                    "Hồ sơ đang được xử lý tại máy trạm một cửa xã số %d; thao tác trên hồ sơ tại máy trạm đó.",
                    "The dossier is handled at commune node %d.", node, node);
}

mc_err api_dossiers_act(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    int act = ds_action_parse(r->params[1]);
    if (act <= DA_SUBMIT || act == DA_PARTNER_DONE)
        return mc_failf(err, MC_ERR_NOT_FOUND, "action", "Không có thao tác «%s».", "No action %s.", r->params[1],
                        r->params[1]);
    ds_act_input in = {0};
    json_t *body = NULL;
    if (r->body_len) {
        if ((e = api_body_object(r, &body, err))) return e;
        e = api_json_str(r, body, "note", false, &in.note, err);
        if (!e) e = api_json_str(r, body, "unit", false, &in.unit, err);
        if (!e) e = api_json_str(r, body, "reason", false, &in.reason, err);
        if (!e) e = api_json_str(r, body, "method", false, &in.method, err);
        if (!e) e = str_array(r, body, "items", &in.items, &in.nitems, err);
        if (!e) e = int_array(r, body, "documents", &in.provided, &in.nprovided, err);
        json_t *days = json_object_get(body, "days"), *amount = json_object_get(body, "amount");
        if (!e && days && !json_is_null(days)) {
            if (!json_is_integer(days) || json_integer_value(days) < 1 || json_integer_value(days) > 365)
                e = mc_fail(err, MC_ERR_INVALID, "days", "Số ngày gia hạn phải là số nguyên từ 1 đến 365.",
                            "days: 1..365");
            else
                in.days = (int)json_integer_value(days);
        }
        if (!e && amount && !json_is_null(amount)) {
            if (!json_is_integer(amount) || json_integer_value(amount) < 1 || json_integer_value(amount) > 1000000000)
                e = mc_fail(err, MC_ERR_INVALID, "amount", "Số tiền phải là số nguyên dương (đồng).", "amount > 0");
            else
                in.amount = json_integer_value(amount);
        }
        json_decref(body);
        if (e) return e;
    }
    ds_actor who = actor_of(u);
    /* A dossier a commune node owns is acted on at that node's counter; here only the applicant acts on it (stop,
     * resubmit) (docs/NODE.md §6). */
    if (r->app->node_number == 0 && !(u->roles & ROLE_CITIZEN) && (e = refuse_node_owned(r, &who, err))) return e;
    app_calendar *h = app_calendar_acquire(r->app, err);
    if (!h) return err->code;
    dossier d;
    e = dossier_act(r->app->st, h->cal, &who, r->params[0], (ds_action)act, &in, time_now(), r->a, &d, err);
    app_calendar_release(r->app, h);
    if (e) return e;
    return reply_dossier(r, 200, &who, &d);
}

/* key: the journal entries as a timeline; with the people, unit and hash for officers. */
static void w_journal(json_w *w, const char *key, api_req *r, const journal_entry *v, size_t n, bool people) {
    store_conn *c = store_reader(r->app->st);
    jw_kopen(w, key, '[');
    const char *last_actor = NULL, *last_name = NULL; /* entries by the same person come in runs */
    for (size_t i = 0; i < n; i++) {
        const journal_entry *e = &v[i];
        int ai = ds_action_parse(e->action);
        bool rated =
            !strcmp(e->action, RATINGS_ACTION); /* the applicant's rating: its value stays out of the journal */
        /* The deadline job's marks are for officers; the public sees what people did. */
        if (!people && ai < 0 && !rated) continue;
        org_unit to;
        bool have_to = e->to_unit_code && units_get(c, r->a, e->to_unit_code, &to, NULL) == MC_OK;
        jw_open(w, '{');
        w_when(w, "at", e->at);
        jw_kstr(w, "action", e->action);
        jw_kstr(w, "label",
                ai >= 0                                  ? ds_action_label((ds_action)ai)
                : rated                                   ? RATINGS_ACTION_LABEL
                : strcmp(e->action, "mark_overdue") == 0  ? "Đánh dấu quá hạn"
                : strcmp(e->action, "node_conflict") == 0 ? "Xung đột đồng bộ với máy trạm xã"
                : strcmp(e->action, "take_back") == 0     ? "Thu hồi hồ sơ từ máy trạm xã về đơn vị của tỉnh"
                                                          : "Đánh dấu sắp đến hạn");
        w_state(w, "from", e->from_state ? ds_state_parse(e->from_state) : -1);
        w_state(w, "to", ds_state_parse(e->to_state));
        jw_key(w, "step");
        if (e->step_seq) {
            jw_open(w, '{');
            jw_kint(w, "seq", e->step_seq);
            jw_kstr(w, "name", e->step_name);
            w_when(w, "due_at", e->step_due_at);
            jw_close(w, '}');
        } else {
            jw_null(w);
        }
        jw_kstr(w, "timing", e->timing);
        w_unit(w, "to_unit", have_to ? to.code : NULL, have_to ? to.name : NULL);
        /* The public sees only what was asked of the applicant (what to supplement, why refused,
         * why stopped); officers' notes on internal steps may name people or details. */
        bool for_applicant = ai == DA_REQUEST_SUPPLEMENT || ai == DA_REFUSE || ai == DA_STOP || ai == DA_EXTEND ||
                             ai == DA_REQUEST_PAYMENT;
        jw_kstr(w, "note", people || for_applicant ? e->note : NULL);
        if (people) {
            jw_kstr(w, "actor", e->actor);
            if (!last_actor || strcmp(last_actor, e->actor)) {
                user u;
                last_actor = e->actor;
                last_name = users_get(c, r->a, e->actor, &u, NULL, NULL) == MC_OK ? u.name
                            : e->role && !strcmp(e->role, "system")               ? "Hệ thống (tự động)"
                                                                                  : NULL;
            }
            jw_kstr(w, "actor_name", last_name);
            jw_kstr(w, "role", e->role);
            jw_kstr(w, "unit", e->unit_code);
            jw_kstr(w, "hash", e->hash);
        }
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

mc_err api_dossiers_journal(api_req *r, mc_error *err) {
    ds_actor who;
    dossier d;
    mc_err e = readable(r, &who, &d, err);
    if (e) return e;
    journal_entry *v;
    size_t n;
    if ((e = journal_of(store_reader(r->app->st), r->a, d.tenant, d.id, &v, &n, err))) return e;
    buf b = {0};
    json_w w = writer(r, &b);
    jw_open(&w, '{');
    jw_kstr(&w, "code", d.code);
    w_journal(&w, "entries", r, v, n, true);
    jw_close(&w, '}');
    return reply_w(r, 200, &w);
}

/* The process-control slip (phiếu kiểm soát quá trình giải quyết hồ sơ):
 * one row per handoff, giver and receiver, time and early/on time/late. */
mc_err api_dossiers_control_slip(api_req *r, mc_error *err) {
    ds_actor who;
    dossier d;
    mc_err e = readable(r, &who, &d, err);
    if (e) return e;
    journal_entry *v;
    size_t n;
    if ((e = journal_of(store_reader(r->app->st), r->a, d.tenant, d.id, &v, &n, err))) return e;
    buf b = {0};
    json_w w = writer(r, &b);
    jw_open(&w, '{');
    jw_kstr(&w, "title", "Phiếu kiểm soát quá trình giải quyết hồ sơ");
    jw_kstr(&w, "code", d.code);
    jw_kstr(&w, "procedure", d.procedure_name);
    w_unit(&w, "lead_unit", d.competent_unit_code, d.competent_unit_name);
    w_when(&w, "received_at", d.received_at);
    w_when(&w, "due_at", d.due_at);
    jw_kopen(&w, "rows", '[');
    int no = 0;
    for (size_t i = 0; i < n; i++) {
        if (!v[i].to_unit_code && strcmp(v[i].action, "claim") != 0) continue;
        int ai = ds_action_parse(v[i].action);
        jw_open(&w, '{');
        jw_kint(&w, "no", ++no);
        w_when(&w, "at", v[i].at);
        jw_kopen(&w, "giver", '{');
        jw_kstr(&w, "actor", v[i].actor);
        jw_kstr(&w, "unit", v[i].unit_code);
        jw_close(&w, '}');
        jw_kopen(&w, "receiver", '{');
        jw_kstr(&w, "unit", v[i].to_unit_code ? v[i].to_unit_code : v[i].unit_code);
        jw_close(&w, '}');
        jw_kstr(&w, "action", ai >= 0 ? ds_action_label((ds_action)ai) : v[i].action);
        jw_kstr(&w, "result", v[i].timing);
        jw_kstr(&w, "note", v[i].note);
        jw_close(&w, '}');
    }
    jw_close(&w, ']');
    jw_close(&w, '}');
    return reply_w(r, 200, &w);
}

mc_err api_inbox(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    if (!(u->roles & (ROLE_RECEIVER | ROLE_SPECIALIST | ROLE_LEADER)))
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Hộp việc dành cho cán bộ tiếp nhận và xử lý hồ sơ.",
                       "The inbox is for officers who handle dossiers.");
    long pg = 1, per = 100;
    if ((e = api_query_int(r, "page", 1, 1000000, &pg, err)) || (e = api_query_int(r, "per_page", 1, 500, &per, err)))
        return e;
    if ((e = field_limit_check("q", "q", api_query(r, "q"), err))) return e;
    ds_actor who = actor_of(u);
    app_calendar *h = app_calendar_acquire(r->app, err);
    if (!h) return err->code;
    /* The counts are of every class (tabs show them all); the items only of the class asked for, a page at a time. */
    ds_inbox box;
    e = inbox_list(store_reader(r->app->st), r->a, &who, h->cal, time_now(), api_query(r, "class"),
                   api_query(r, "state"), api_query(r, "q"), (pg - 1) * per, per, &box, err);
    app_calendar_release(r->app, h);
    if (e) return e;
    buf b = {0};
    json_w w = writer(r, &b);
    jw_open(&w, '{');
    jw_kopen(&w, "items", '[');
    for (size_t i = 0; i < box.n; i++) {
        jw_open(&w, '{');
        w_brief(&w, &box.items[i].d, false);
        jw_kopen(&w, "class", '{');
        jw_kstr(&w, "name", ds_class_name(box.items[i].cls));
        jw_kstr(&w, "label", ds_class_label(box.items[i].cls));
        jw_close(&w, '}');
        w_actions(&w, box.items[i].actions, box.items[i].nactions);
        jw_close(&w, '}');
    }
    jw_close(&w, ']');
    jw_kint(&w, "total", box.total);
    jw_kint(&w, "page", pg);
    jw_kint(&w, "per_page", per);
    jw_kint(&w, "pages", (box.total + per - 1) / per);
    jw_kopen(&w, "counts", '{');
    for (int k = 0; k < 4; k++) jw_kint(&w, ds_class_name((ds_class)k), box.counts[k]);
    jw_close(&w, '}');
    jw_close(&w, '}');
    return reply_w(r, 200, &w);
}

mc_err api_dossiers_find(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    if (!(u->roles & ~(unsigned)ROLE_CITIZEN))
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Tìm hồ sơ dành cho cán bộ; công dân xem tại Hồ sơ của tôi.",
                       "Searching dossiers is for officers.");
    const char *q = api_query(r, "q");
    if (!q || !*q)
        return mc_fail(err, MC_ERR_INVALID, "q", "Vui lòng nhập mã hồ sơ, tên hoặc số CCCD người nộp.",
                       "q is required.");
    if ((e = field_limit_check("q", "q", q, err))) return e;
    ds_actor who = actor_of(u);
    dossier *v;
    size_t n = 0;
    if ((e = dossier_find(store_reader(r->app->st), r->a, &who, q, 50, &v, &n, err))) return e;
    buf b = {0};
    json_w w = writer(r, &b);
    jw_open(&w, '{');
    jw_kopen(&w, "items", '[');
    for (size_t i = 0; i < n; i++) {
        jw_open(&w, '{');
        w_brief(&w, &v[i], false);
        w_when(&w, "submitted_at", v[i].submitted_at);
        jw_close(&w, '}');
    }
    jw_close(&w, ']');
    jw_kint(&w, "total", (int64_t)n);
    jw_close(&w, '}');
    return reply_w(r, 200, &w);
}

mc_err api_my_dossiers(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    dossier *v;
    size_t n = 0;
    if ((e = dossier_of_citizen(store_reader(r->app->st), r->a, u->id, 500, &v, &n, err))) return e;
    buf b = {0};
    json_w w = writer(r, &b);
    jw_open(&w, '{');
    jw_kopen(&w, "items", '[');
    for (size_t i = 0; i < n; i++) {
        jw_open(&w, '{');
        w_brief(&w, &v[i], false);
        w_when(&w, "submitted_at", v[i].submitted_at);
        jw_close(&w, '}');
    }
    jw_close(&w, ']');
    jw_kint(&w, "total", (int64_t)n);
    jw_close(&w, '}');
    return reply_w(r, 200, &w);
}

/* Rendered public views, by code: a view changes only when the dossier's
 * stamp does (dossier_stamp), so a lookup costs the throttle check, the stamp
 * and the key check. Each kept text is the key (8 bytes), the phone's last four
 * digits (4 bytes, NUL-padded), then the view. */
static keep track_views = KEEP_INIT(4096, 0);
enum { TRACK_HEAD = 12 };

/* Same rule as dossier_key_ok, against a cached key and phone suffix. */
static bool cached_key_ok(const char *key, const char *k8, const char *p4) {
    if (!key) return false;
    size_t n = strlen(key);
    if (n == 8) {
        char up[9];
        for (int i = 0; i < 8; i++) up[i] = (char)(key[i] >= 'a' && key[i] <= 'z' ? key[i] - 32 : key[i]);
        up[8] = 0;
        return sodium_memcmp(up, k8, 8) == 0;
    }
    return n == 4 && strlen(p4) == 4 && sodium_memcmp(key, p4, 4) == 0;
}

/* Public tracking: no login, no personal data, and a wrong key is answered
 * exactly like an unknown code. Failed keys are throttled per address. */
mc_err api_track(api_req *r, mc_error *err) {
    const char *json;
    size_t len;
    mc_err e = api_track_view(r, r->params[0], api_query(r, "key"), &json, &len, NULL, err);
    if (e) return e;
    return api_reply_raw(r, 200, "application/json; charset=utf-8", json, len);
}

mc_err api_track_view(api_req *r, const char *code, const char *key, const char **out, size_t *out_len,
                      int64_t *stamp_out, mc_error *err) {
    store_conn *c = store_reader(r->app->st);
    dossier d;
    mc_err e = auth_track_allowed(r->app->st, &r->app->policy, r->client, time_now(), err);
    if (e) return e;
    int64_t stamp = 0;
    bool exists = code && strlen(code) < 64 && dossier_stamp(c, code, &stamp, NULL) == MC_OK;
    if (exists) {
        char k8[9] = "", p4[5] = "", *json = NULL;
        size_t len = 0;
        char *kept = keep_get(&track_views, code, (keep_stamp){store_serial_of(c), (uint64_t)stamp, 0}, 0, r->a, &len);
        if (kept && len > TRACK_HEAD) {
            memcpy(k8, kept, 8);
            memcpy(p4, kept + 8, 4);
            json = kept + TRACK_HEAD;
            len -= TRACK_HEAD;
        }
        if (json && cached_key_ok(key, k8, p4) &&
            (strlen(key) != 4 || auth_track_short_key_ok(r->app->st, &r->app->policy, code, time_now()))) {
            *out = json;
            *out_len = len;
            if (stamp_out) *stamp_out = stamp;
            return MC_OK;
        }
    }
    /* A short key (the phone's last 4 digits: 10,000 values) stops opening a dossier after a few tens of
     * wrong keys on its code, from any number of addresses; the receipt's 8-character key still does. */
    bool short_ok =
        !key || strlen(key) != 4 || (exists && auth_track_short_key_ok(r->app->st, &r->app->policy, code, time_now()));
    bool found = exists && short_ok && dossier_get(c, r->a, code, &d, NULL) == MC_OK && dossier_key_ok(c, &d, key);
    if (!found) {
        auth_track_failed(r->app->st, &r->app->policy, r->client, exists ? code : NULL, time_now());
        return mc_fail(err, MC_ERR_NOT_FOUND, "code", API_TRACK_NOT_FOUND_VI, "No dossier with this code and key.");
    }
    journal_entry *v;
    size_t n;
    if ((e = journal_of(c, r->a, d.tenant, d.id, &v, &n, err))) return e;
    /* While a partner agency works on it, the file is there. */
    const char *held_code = d.holder_unit_code, *held_name = d.holder_unit_name;
    dossier child;
    if (d.state == DS_PARTNER && dossier_partner(c, r->a, &d, &child, NULL) == MC_OK) {
        held_code = child.holder_unit_code;
        held_name = child.holder_unit_name;
    }
    const char *plain;
    switch (d.state) {
    case DS_RESULT_READY:
    case DS_DECIDED:
        plain = d.outcome && strcmp(d.outcome, "rejected") == 0
                    ? "Hồ sơ không được giải quyết (có văn bản trả lời nêu lý do); mời nhận văn bản tại nơi nộp."
                    : "Hồ sơ đã được giải quyết; mời nhận kết quả tại nơi nộp.";
        if (d.state == DS_DECIDED)
            plain = d.outcome && strcmp(d.outcome, "rejected") == 0
                        ? "Hồ sơ không được giải quyết; văn bản trả lời đang được chuyển về nơi nộp."
                        : "Hồ sơ đã được phê duyệt; kết quả đang được chuyển về nơi nộp.";
        break;
    case DS_RETURNED:
        plain = d.outcome && strcmp(d.outcome, "rejected") == 0 ? "Đã trả văn bản trả lời (không giải quyết)."
                                                                : "Đã trả kết quả.";
        break;
    default: plain = ds_state_label(d.state);
    }
    buf b = {0};
    json_w w = {.b = &b}; /* always text: the view is kept as text (api_track_view) */
    jw_open(&w, '{');
    jw_kstr(&w, "code", d.code);
    jw_kopen(&w, "procedure", '{');
    jw_kstr(&w, "code", d.procedure_code);
    jw_kstr(&w, "name", d.procedure_name);
    jw_close(&w, '}');
    w_state(&w, "state", (int)d.state);
    jw_kstr(&w, "status_text", plain);
    jw_kstr(&w, "outcome", d.outcome);
    w_when(&w, "received_at", d.received_at);
    w_when(&w, "due_at", d.due_at);
    w_when(&w, "original_due_at", d.original_due_at);
    w_unit(&w, "held_by", ds_state_final(d.state) ? NULL : held_code, held_name);
    w_unit(&w, "receiving_unit", d.receiving_unit_code, d.receiving_unit_name);
    w_journal(&w, "timeline", r, v, n, false);
    jw_close(&w, '}');
    buf_putc(&b, '\n');
    size_t len = b.len - 1; /* without the newline, as below */
    char *body = arena_strndup(r->a, b.data, b.len);
    buf_free(&b);
    /* Remember the view with the stamp read before it was built. */
    char k8[9];
    if (dossier_tracking_key(c, d.code, k8, NULL) == MC_OK) {
        const char *ph = d.applicant.phone;
        size_t pn = ph ? strlen(ph) : 0;
        char *kept = arena_alloc(r->a, TRACK_HEAD + len + 1);
        memcpy(kept, k8, 8);
        memset(kept + 8, 0, 4);
        if (pn >= 4) memcpy(kept + 8, ph + pn - 4, 4);
        memcpy(kept + TRACK_HEAD, body, len + 1);
        keep_put(&track_views, d.code, (keep_stamp){store_serial_of(c), (uint64_t)stamp, 0}, 0, kept,
                 TRACK_HEAD + len + 1);
    }
    *out = body;
    *out_len = len + 1;
    if (stamp_out) *stamp_out = stamp;
    return MC_OK;
}
