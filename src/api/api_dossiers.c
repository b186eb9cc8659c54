/* api_dossiers.c - /api/v1/dossiers, /api/v1/inbox, /api/v1/track: intake,
 * actions, reading, the process-control slip, queues and public tracking. */
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"
#include "api_handlers.h"
#include "dossier.h"
#include "journal.h"
#include "units.h"
#include "xalloc.h"

static ds_actor actor_of(const user *u) {
    return (ds_actor){u->id, u->username, u->roles, u->unit_id, u->unit_code, u->unit_path};
}

static json_t *when(mc_time t) {
    if (!t) return json_null();
    char iso[26], vn[17];
    time_format_iso8601(t, iso);
    time_format_vn(t, vn);
    return json_pack("{s:s, s:s}", "iso", iso, "text", vn);
}

static json_t *unit_ref(const char *code, const char *name) {
    return code ? json_pack("{s:s, s:o}", "code", code, "name", api_jstr(name)) : json_null();
}

static json_t *person(const ds_person *p) {
    if (!p->name) return json_null();
    return json_pack("{s:s, s:o, s:o, s:o, s:o}", "name", p->name, "id_number", api_jstr(p->id_number), "phone",
                     api_jstr(p->phone), "email", api_jstr(p->email), "address", api_jstr(p->address));
}

static json_t *actions_json(const ds_action *v, size_t n) {
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s}", "action", ds_action_name(v[i]), "label", ds_action_label(v[i])));
    return arr;
}

static json_t *state_json(ds_state s) {
    return json_pack("{s:s, s:s, s:i}", "name", ds_state_name(s), "label", ds_state_label(s), "portal_status",
                     ds_state_portal(s));
}

/* The summary used in lists. */
static json_t *dossier_brief(const dossier *d) {
    return json_pack("{s:s, s:{s:s, s:s}, s:o, s:o, s:s, s:o, s:o, s:o, s:o}", "code", d->code, "procedure", "code",
                     d->procedure_code, "name", d->procedure_name, "state", state_json(d->state), "outcome",
                     api_jstr(d->outcome), "applicant", d->applicant.name, "received_at", when(d->received_at), "due_at",
                     when(d->due_at), "holder_unit", unit_ref(d->holder_unit_code, d->holder_unit_name), "step",
                     d->step_seq ? json_pack("{s:i, s:o, s:o}", "seq", d->step_seq, "name", api_jstr(d->step_name),
                                             "role", api_jstr(d->step_role))
                                 : json_null());
}

static json_t *dossier_full(api_req *r, const ds_actor *who, const dossier *d) {
    store_conn *c = store_reader(r->app->st);
    json_t *j = dossier_brief(d);
    ds_document *docs;
    size_t nd = 0;
    json_t *dj = json_array();
    if (dossier_documents(c, r->a, d->id, &docs, &nd, NULL) == MC_OK)
        for (size_t i = 0; i < nd; i++)
            json_array_append_new(dj, json_pack("{s:i, s:s, s:s, s:b, s:b}", "seq", docs[i].seq, "name", docs[i].name,
                                                "form", docs[i].form, "mandatory", docs[i].mandatory, "provided",
                                                docs[i].provided));
    ds_request *reqs;
    size_t nq = 0;
    json_t *rj = json_array();
    if (dossier_requests(c, r->a, d->id, &reqs, &nq, NULL) == MC_OK)
        for (size_t i = 0; i < nq; i++)
            json_array_append_new(rj, json_pack("{s:s, s:s, s:o, s:o, s:o}", "kind", reqs[i].kind, "items", reqs[i].items,
                                                "reason", api_jstr(reqs[i].reason), "created_at",
                                                when(reqs[i].created_at), "resolved_at", when(reqs[i].resolved_at)));
    ds_file *files;
    size_t nf = 0;
    json_t *fj = json_array();
    if (dossier_files(c, r->a, d->id, &files, &nf, NULL) == MC_OK)
        for (size_t i = 0; i < nf; i++)
            json_array_append_new(fj, json_pack("{s:I, s:o, s:s, s:s, s:I, s:s, s:o, s:s}", "id", (json_int_t)files[i].id,
                                                "document", files[i].doc_seq ? json_integer(files[i].doc_seq) : json_null(),
                                                "name", files[i].name, "type", files[i].mime, "size",
                                                (json_int_t)files[i].size, "sha256", files[i].sha256, "uploaded_at",
                                                when(files[i].created_at), "url",
                                                arena_printf(r->a, "/api/v1/dossiers/%s/files/%lld", d->code,
                                                             (long long)files[i].id)));
    ds_action *acts;
    size_t na = dossier_allowed(who, d, r->a, &acts);
    char key[9] = "";
    bool key_ok = dossier_tracking_key(c, d->code, key, NULL) == MC_OK;
    json_object_set_new(j, "procedure_version", json_integer(d->procedure_version));
    json_object_set_new(j, "rules_version", json_string(d->rules_version));
    json_object_set_new(j, "channel", json_string(d->channel));
    json_object_set_new(j, "tracking_key", key_ok ? json_string(key) : json_null());
    json_object_set_new(j, "receiving_unit", unit_ref(d->receiving_unit_code, d->receiving_unit_name));
    json_object_set_new(j, "competent_unit", unit_ref(d->competent_unit_code, d->competent_unit_name));
    json_object_set_new(j, "holder_user", d->holder_user_id ? json_pack("{s:o, s:o}", "username", api_jstr(d->holder_username),
                                                                        "name", api_jstr(d->holder_name))
                                                            : json_null());
    json_object_set_new(j, "step_due_at", when(d->step_due_at));
    json_object_set_new(j, "processing_time",
                        json_pack("{s:i, s:s}", "amount", d->time_amount, "unit",
                                  d->time_unit == CAL_UNIT_HOUR ? "working_hour" : "working_day"));
    json_object_set_new(j, "applicant", person(&d->applicant));
    json_object_set_new(j, "representative", person(&d->representative));
    json_object_set_new(j, "submitted_at", when(d->submitted_at));
    json_object_set_new(j, "original_due_at", when(d->original_due_at));
    json_object_set_new(j, "paused_since", when(d->paused_at));
    json_object_set_new(j, "paused_seconds", json_integer(d->paused_seconds));
    json_object_set_new(j, "decided_at", when(d->decided_at));
    json_object_set_new(j, "result_ready_at", when(d->result_ready_at));
    json_object_set_new(j, "returned_at", when(d->returned_at));
    json_object_set_new(j, "return_method", api_jstr(d->return_method));
    json_object_set_new(j, "fee_amount", d->fee_amount >= 0 ? json_integer(d->fee_amount) : json_null());
    json_object_set_new(j, "paid_at", when(d->paid_at));
    json_object_set_new(j, "supplements", json_pack("{s:i, s:i}", "at_intake", d->intake_supplements, "in_processing",
                                                    d->supplements));
    json_object_set_new(j, "extensions", json_integer(d->extensions));
    json_object_set_new(j, "parent", api_jstr(d->parent_code));
    json_object_set_new(j, "alert", api_jstr(d->alert));
    json_object_set_new(j, "documents", dj);
    json_object_set_new(j, "requests", rj);
    json_object_set_new(j, "files", fj);
    json_object_set_new(j, "actions", actions_json(acts, na));
    return j;
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
            return mc_failf(err, MC_ERR_INVALID, key, "Thiếu thông tin người nộp hồ sơ (\"%s\").", "Missing \"%s\".", key);
        return MC_OK;
    }
    if (!json_is_object(v))
        return mc_failf(err, MC_ERR_INVALID, key, "\"%s\" phải là một đối tượng JSON.", "\"%s\" must be an object.", key);
    mc_err e = api_json_str(r, v, "name", required, &p->name, err);
    if (!e) e = api_json_str(r, v, "id_number", false, &p->id_number, err);
    if (!e) e = api_json_str(r, v, "phone", false, &p->phone, err);
    if (!e) e = api_json_str(r, v, "email", false, &p->email, err);
    if (!e) e = api_json_str(r, v, "address", false, &p->address, err);
    if (e) {
        char f[96];
        snprintf(f, sizeof f, "%s.%s", key, err->field);
        mc_strlcpy(err->field, f, sizeof err->field);
    }
    /* Empty strings mean "not given". */
    const char **fields[] = {&p->name, &p->id_number, &p->phone, &p->email, &p->address};
    for (int i = 0; i < 5; i++)
        if (*fields[i] && !**fields[i]) *fields[i] = NULL;
    return e;
}

static mc_err readable(api_req *r, ds_actor *who, dossier *d, mc_error *err);

/* Files of an upload moved into permanent storage, to attach; `created`
 * lists the files this request added, removed again if the attach fails. */
typedef struct {
    ds_attachment *v;
    size_t n;
    const char **created;
    size_t ncreated;
} stored_files;

static void unstore(const stored_files *s) {
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
static mc_err store_uploads(api_req *r, stored_files *out, mc_error *err) {
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
            unstore(out);
            return mc_failf(err, MC_ERR_INVALID, f->name,
                            "Tên trường tệp \"%s\" không hợp lệ: dùng doc_<số thứ tự giấy tờ> hoặc file.",
                            "File field \"%s\" must be doc_<seq> or file.", f->name, f->name);
        }
        if (f->type == FT_UNKNOWN) {
            unstore(out);
            return mc_failf(err, MC_ERR_MEDIA_TYPE, f->name,
                            "Tệp \"%s\" không thuộc định dạng được chấp nhận (PDF, JPEG, PNG, DOCX, XLSX, ODT).",
                            "File \"%s\" is not PDF, JPEG, PNG, DOCX, XLSX or ODT.", f->filename, f->filename);
        }
        char *dir = arena_printf(r->a, "%s/%.2s", root, f->sha256_hex);
        char *rel = arena_printf(r->a, "%.2s/%s", f->sha256_hex, f->sha256_hex);
        char *dest = arena_printf(r->a, "%s/%s", root, rel);
        struct stat sb;
        if (stat(dest, &sb) != 0) {
            if ((mkdir(dir, 0750) != 0 && errno != EEXIST) || !sync_path(f->path) || rename(f->path, dest) != 0) {
                unstore(out);
                return mc_failf(err, MC_ERR_INTERNAL, NULL, "Không lưu được tệp đính kèm; chưa có gì được ghi.",
                                "Cannot store the upload: %s", strerror(errno), strerror(errno));
            }
            multipart_keep(m, i);
            out->created[out->ncreated++] = dest;
            sync_path(dir);
        }
        const char *name = *f->filename ? arena_strdup(r->a, f->filename)
                                        : arena_printf(r->a, "tep-dinh-kem.%s", filetype_ext(f->type));
        out->v[out->n++] = (ds_attachment){seq, name, filetype_mime(f->type), arena_strdup(r->a, f->sha256_hex), rel,
                                           (int64_t)f->size};
    }
    return MC_OK;
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
    ds_intake in = {0};
    e = api_json_str(r, body, "procedure", true, &in.procedure, err);
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
    json_decref(body);
    if (e) return e;
    if (!in.channel) in.channel = (u->roles & ROLE_CITIZEN) ? "online" : "direct";
    stored_files sf = {0};
    if (r->upload && (e = store_uploads(r, &sf, err))) return e;
    in.files = sf.v;
    in.nfiles = sf.n;
    in.max_dossier_bytes = r->app->max_dossier;
    ds_actor who = actor_of(u);
    app_calendar *h = app_calendar_acquire(r->app, err);
    if (!h) {
        unstore(&sf);
        return err->code;
    }
    dossier d;
    e = dossier_intake(r->app->st, h->cal, &who, &in, time_now(), r->a, &d, err);
    app_calendar_release(r->app, h);
    if (e) {
        unstore(&sf); /* nothing half-written: no dossier, no file */
        return e;
    }
    return api_reply(r, 201, dossier_full(r, &who, &d));
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
    if ((e = store_uploads(r, &sf, err))) return e;
    ds_actor who = actor_of(u);
    if ((e = dossier_attach(r->app->st, &who, r->params[0], sf.v, sf.n, r->app->max_dossier, time_now(), err))) {
        unstore(&sf);
        return e;
    }
    dossier d;
    if ((e = dossier_get(store_reader(r->app->st), r->a, r->params[0], &d, err))) return e;
    return api_reply(r, 201, dossier_full(r, &who, &d));
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
    if ((e = dossier_file(store_reader(r->app->st), r->a, d.id, id, &f, err))) return e;
    r->status = 200;
    r->file_path = arena_printf(r->a, "%s/%s", r->app->files_dir ? r->app->files_dir : "var/files", f.stored);
    r->raw_type = f.mime;
    r->file_name = f.name;
    return MC_OK;
}

/* Loads a dossier the caller may read; an unreadable one is "not found". */
static mc_err readable(api_req *r, ds_actor *who, dossier *d, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    *who = actor_of(u);
    if ((e = dossier_get(store_reader(r->app->st), r->a, r->params[0], d, err))) return e;
    if (!dossier_may_read(who, d))
        return mc_failf(err, MC_ERR_NOT_FOUND, "code", "Không tìm thấy hồ sơ %s.", "Dossier %s not found.", r->params[0]);
    return MC_OK;
}

mc_err api_dossiers_get(api_req *r, mc_error *err) {
    ds_actor who;
    dossier d;
    mc_err e = readable(r, &who, &d, err);
    if (e) return e;
    return api_reply(r, 200, dossier_full(r, &who, &d));
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
                e = mc_fail(err, MC_ERR_INVALID, "days", "Số ngày gia hạn phải là số nguyên từ 1 đến 365.", "days: 1..365");
            else in.days = (int)json_integer_value(days);
        }
        if (!e && amount && !json_is_null(amount)) {
            if (!json_is_integer(amount) || json_integer_value(amount) < 1 || json_integer_value(amount) > 1000000000)
                e = mc_fail(err, MC_ERR_INVALID, "amount", "Số tiền phải là số nguyên dương (đồng).", "amount > 0");
            else in.amount = json_integer_value(amount);
        }
        json_decref(body);
        if (e) return e;
    }
    ds_actor who = actor_of(u);
    app_calendar *h = app_calendar_acquire(r->app, err);
    if (!h) return err->code;
    dossier d;
    e = dossier_act(r->app->st, h->cal, &who, r->params[0], (ds_action)act, &in, time_now(), r->a, &d, err);
    app_calendar_release(r->app, h);
    if (e) return e;
    return api_reply(r, 200, dossier_full(r, &who, &d));
}

static json_t *journal_json(api_req *r, const journal_entry *v, size_t n, bool people) {
    json_t *arr = json_array();
    store_conn *c = store_reader(r->app->st);
    for (size_t i = 0; i < n; i++) {
        const journal_entry *e = &v[i];
        int ai = ds_action_parse(e->action), fs = e->from_state ? ds_state_parse(e->from_state) : -1,
            ts = ds_state_parse(e->to_state);
        org_unit to;
        bool have_to = e->to_unit_code && units_get(c, r->a, e->to_unit_code, &to, NULL) == MC_OK;
        json_t *j = json_pack("{s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "at", when(e->at), "action", e->action,
                              "label",
                              ai >= 0 ? ds_action_label((ds_action)ai)
                              : strcmp(e->action, "mark_overdue") == 0 ? "Đánh dấu quá hạn"
                                                                       : "Đánh dấu sắp đến hạn",
                              "from", fs >= 0 ? state_json((ds_state)fs) : json_null(), "to",
                              ts >= 0 ? state_json((ds_state)ts) : json_null(), "step",
                              e->step_seq ? json_pack("{s:i, s:o, s:o}", "seq", e->step_seq, "name",
                                                      api_jstr(e->step_name), "due_at", when(e->step_due_at))
                                          : json_null(),
                              "timing", api_jstr(e->timing), "to_unit",
                              have_to ? unit_ref(to.code, to.name) : json_null(), "note", api_jstr(e->note));
        if (people) {
            json_object_set_new(j, "actor", json_string(e->actor));
            json_object_set_new(j, "role", json_string(e->role));
            json_object_set_new(j, "unit", api_jstr(e->unit_code));
            json_object_set_new(j, "hash", json_string(e->hash));
        }
        json_array_append_new(arr, j);
    }
    return arr;
}

mc_err api_dossiers_journal(api_req *r, mc_error *err) {
    ds_actor who;
    dossier d;
    mc_err e = readable(r, &who, &d, err);
    if (e) return e;
    journal_entry *v;
    size_t n;
    if ((e = journal_of(store_reader(r->app->st), r->a, d.id, &v, &n, err))) return e;
    return api_reply(r, 200, json_pack("{s:s, s:o}", "code", d.code, "entries", journal_json(r, v, n, true)));
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
    if ((e = journal_of(store_reader(r->app->st), r->a, d.id, &v, &n, err))) return e;
    json_t *rows = json_array();
    int no = 0;
    for (size_t i = 0; i < n; i++) {
        if (!v[i].to_unit_code && strcmp(v[i].action, "claim") != 0) continue;
        int ai = ds_action_parse(v[i].action);
        json_array_append_new(rows, json_pack("{s:i, s:o, s:{s:s, s:o}, s:{s:o}, s:o, s:o, s:o}", "no", ++no, "at",
                                              when(v[i].at), "giver", "actor", v[i].actor, "unit",
                                              api_jstr(v[i].unit_code), "receiver", "unit",
                                              api_jstr(v[i].to_unit_code ? v[i].to_unit_code : v[i].unit_code), "action",
                                              json_string(ai >= 0 ? ds_action_label((ds_action)ai) : v[i].action),
                                              "result", api_jstr(v[i].timing), "note", api_jstr(v[i].note)));
    }
    return api_reply(r, 200, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "title",
                                       "Phiếu kiểm soát quá trình giải quyết hồ sơ", "code", d.code, "procedure",
                                       d.procedure_name, "lead_unit", unit_ref(d.competent_unit_code, d.competent_unit_name),
                                       "received_at", when(d.received_at), "due_at", when(d.due_at), "rows", rows));
}

mc_err api_inbox(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    if (!(u->roles & (ROLE_RECEIVER | ROLE_SPECIALIST | ROLE_LEADER)))
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Hộp việc dành cho cán bộ tiếp nhận và xử lý hồ sơ.",
                       "The inbox is for officers who handle dossiers.");
    ds_actor who = actor_of(u);
    app_calendar *h = app_calendar_acquire(r->app, err);
    if (!h) return err->code;
    ds_inbox_item *v;
    size_t n;
    mc_time now = time_now();
    e = dossier_inbox(store_reader(r->app->st), r->a, &who, h->cal, now, api_query(r, "class"), api_query(r, "state"),
                      api_query(r, "q"), &v, &n, err);
    app_calendar_release(r->app, h);
    if (e) return e;
    json_t *items = json_array();
    int counts[4] = {0};
    for (size_t i = 0; i < n; i++) {
        json_t *j = dossier_brief(&v[i].d);
        json_object_set_new(j, "class", json_pack("{s:s, s:s}", "name", ds_class_name(v[i].cls), "label",
                                                  ds_class_label(v[i].cls)));
        json_object_set_new(j, "actions", actions_json(v[i].actions, v[i].nactions));
        json_array_append_new(items, j);
        counts[v[i].cls]++;
    }
    json_t *cj = json_object();
    for (int k = 0; k < 4; k++) json_object_set_new(cj, ds_class_name((ds_class)k), json_integer(counts[k]));
    return api_reply(r, 200, json_pack("{s:o, s:I, s:o}", "items", items, "total", (json_int_t)n, "counts", cj));
}

/* Rendered public views, by code: a view changes only when the dossier's
 * stamp does (dossier_stamp), so a lookup costs the throttle check, the stamp
 * and the key check. Slots are replaced freely; a stale stamp is rebuilt. */
enum { TRACK_SLOTS = 4096 };
typedef struct {
    uint64_t store;
    char code[64], key[9], phone4[5];
    int64_t stamp;
    char *json;
    size_t len;
} track_slot;
static track_slot track_cache[TRACK_SLOTS];
static pthread_mutex_t track_lock = PTHREAD_MUTEX_INITIALIZER;

static track_slot *track_slot_of(const char *code) {
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)code; *p; p++) h = (h ^ *p) * 16777619u;
    return &track_cache[h % TRACK_SLOTS];
}

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
    store_conn *c = store_reader(r->app->st);
    const char *key = api_query(r, "key");
    dossier d;
    mc_err e = auth_track_allowed(r->app->st, &r->app->policy, r->client, time_now(), err);
    if (e) return e;
    int64_t stamp = 0;
    bool exists = strlen(r->params[0]) < 64 && dossier_stamp(c, r->params[0], &stamp, NULL) == MC_OK;
    if (exists) {
        track_slot *sl = track_slot_of(r->params[0]);
        char k8[9] = "", p4[5] = "", *json = NULL;
        size_t len = 0;
        pthread_mutex_lock(&track_lock);
        if (sl->json && sl->store == store_serial_of(c) && sl->stamp == stamp && strcmp(sl->code, r->params[0]) == 0) {
            memcpy(k8, sl->key, sizeof k8);
            memcpy(p4, sl->phone4, sizeof p4);
            json = arena_strndup(r->a, sl->json, sl->len);
            len = sl->len;
        }
        pthread_mutex_unlock(&track_lock);
        if (json && cached_key_ok(key, k8, p4)) return api_reply_raw(r, 200, "application/json; charset=utf-8", json, len);
    }
    bool found = exists && dossier_get(c, r->a, r->params[0], &d, NULL) == MC_OK && dossier_key_ok(c, &d, key);
    if (!found) {
        auth_track_failed(r->app->st, r->client, time_now());
        return mc_fail(err, MC_ERR_NOT_FOUND, "code",
                       "Không tìm thấy hồ sơ với mã và mã tra cứu đã nhập. Vui lòng kiểm tra lại giấy tiếp nhận.",
                       "No dossier with this code and key.");
    }
    journal_entry *v;
    size_t n;
    if ((e = journal_of(c, r->a, d.id, &v, &n, err))) return e;
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
        if (d.state == DS_DECIDED) plain = d.outcome && strcmp(d.outcome, "rejected") == 0
                                               ? "Hồ sơ không được giải quyết; văn bản trả lời đang được chuyển về nơi nộp."
                                               : "Hồ sơ đã được phê duyệt; kết quả đang được chuyển về nơi nộp.";
        break;
    case DS_RETURNED:
        plain = d.outcome && strcmp(d.outcome, "rejected") == 0 ? "Đã trả văn bản trả lời (không giải quyết)."
                                                               : "Đã trả kết quả.";
        break;
    default: plain = ds_state_label(d.state);
    }
    json_t *view =
                     json_pack("{s:s, s:{s:s, s:s}, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "code", d.code,
                               "procedure", "code", d.procedure_code, "name", d.procedure_name, "state",
                               state_json(d.state), "status_text", plain, "outcome", api_jstr(d.outcome), "received_at",
                               when(d.received_at), "due_at", when(d.due_at), "original_due_at", when(d.original_due_at),
                               "held_by",
                               ds_state_final(d.state) ? json_null() : unit_ref(held_code, held_name),
                               "receiving_unit", unit_ref(d.receiving_unit_code, d.receiving_unit_name), "timeline",
                               journal_json(r, v, n, false));
    char *text = json_dumps(view, JSON_COMPACT);
    json_decref(view);
    if (!text) return mc_fail(err, MC_ERR_INTERNAL, NULL, NULL, "tracking view");
    size_t len = strlen(text);
    char *body = arena_printf(r->a, "%s\n", text);
    free(text);
    /* Remember the view with the stamp read before it was built. */
    char k8[9];
    if (dossier_tracking_key(c, d.code, k8, NULL) == MC_OK) {
        const char *ph = d.applicant.phone;
        size_t pn = ph ? strlen(ph) : 0;
        track_slot *sl = track_slot_of(d.code);
        char *copy = xstrndup(body, len + 1);
        pthread_mutex_lock(&track_lock);
        char *old = sl->json;
        sl->store = store_serial_of(c);
        mc_strlcpy(sl->code, d.code, sizeof sl->code);
        memcpy(sl->key, k8, sizeof sl->key);
        mc_strlcpy(sl->phone4, pn >= 4 ? ph + pn - 4 : "", sizeof sl->phone4);
        sl->stamp = stamp;
        sl->json = copy;
        sl->len = len + 1;
        pthread_mutex_unlock(&track_lock);
        free(old);
    }
    return api_reply_raw(r, 200, "application/json; charset=utf-8", body, len + 1);
}
