/* catalog_json.c - see catalog_json.h. */
#include "catalog_json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Parsing context: one record of one section. */
typedef struct {
    catalog_problems *p;
    const char *section;
    int index;
    const char *prefix; /* "" or e.g. "documents[2]." */
} pctx;

static void bad(pctx *c, const char *field, const char *reason) {
    char f[96];
    snprintf(f, sizeof f, "%s%s", c->prefix, field);
    catalog_problem_add(c->p, c->section, c->index, f, "%s", reason);
}

/* A string member (NFC, trimmed; NULL when absent/null/empty). */
static const char *get_str(pctx *c, json_t *o, const char *key, bool required) {
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        if (required) bad(c, key, "Thiếu trường bắt buộc.");
        return NULL;
    }
    if (!json_is_string(v)) {
        bad(c, key, "Phải là chuỗi ký tự.");
        return NULL;
    }
    char *n = text_nfc(json_string_value(v));
    if (!n) {
        bad(c, key, "Chuỗi chứa ký tự không hợp lệ.");
        return NULL;
    }
    text_trim(n);
    const char *out = *n ? arena_strdup(c->p->a, n) : NULL;
    free(n);
    if (!out && required) bad(c, key, "Không được để trống.");
    return out;
}

/* An integer member; *present tells whether it was given (non-null). */
static long long get_int(pctx *c, json_t *o, const char *key, bool required, long long dflt, bool *present) {
    json_t *v = json_object_get(o, key);
    if (present) *present = v && !json_is_null(v);
    if (!v || json_is_null(v)) {
        if (required) bad(c, key, "Thiếu trường bắt buộc.");
        return dflt;
    }
    /* Every integer of the format fits in [-1e9, 1e9]; larger ones are refused
     * here so that no cast can wrap or overflow. */
    if (json_is_integer(v) && json_integer_value(v) >= -1000000000 && json_integer_value(v) <= 1000000000)
        return json_integer_value(v);
    double d = json_is_real(v) ? json_real_value(v) : 0;
    if (json_is_real(v) && floor(d) == d && d >= -1e9 && d <= 1e9) return (long long)d;
    bad(c, key, json_is_number(v) ? "Số nằm ngoài giới hạn cho phép." : "Phải là số nguyên.");
    return dflt;
}

static bool get_bool(pctx *c, json_t *o, const char *key, bool dflt) {
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) return dflt;
    if (!json_is_boolean(v)) {
        bad(c, key, "Phải là true hoặc false.");
        return dflt;
    }
    return json_is_true(v);
}

/* An array of strings. */
static const char **get_strs(pctx *c, json_t *o, const char *key, size_t *n) {
    json_t *v = json_object_get(o, key);
    *n = 0;
    if (!v || json_is_null(v)) return NULL;
    if (!json_is_array(v)) {
        bad(c, key, "Phải là một mảng chuỗi.");
        return NULL;
    }
    const char **out = arena_alloc(c->p->a, (json_array_size(v) + 1) * sizeof *out);
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        if (!json_is_string(e)) {
            bad(c, key, "Mọi phần tử phải là chuỗi ký tự.");
            continue;
        }
        char *s = text_nfc(json_string_value(e));
        if (!s) {
            bad(c, key, "Chuỗi chứa ký tự không hợp lệ.");
            continue;
        }
        out[(*n)++] = arena_strdup(c->p->a, text_trim(s));
        free(s);
    }
    return out;
}

/* Rejects members not in `allowed` (a NULL-terminated list). */
static void only_known(pctx *c, json_t *o, const char *const *allowed) {
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        bool ok = false;
        for (const char *const *k = allowed; *k && !ok; k++) ok = strcmp(*k, key) == 0;
        if (!ok) bad(c, key, "Trường không có trong định dạng danh mục.");
    }
}

static const char *const proc_keys[] = {"code",
                                        "name",
                                        "field",
                                        "levels",
                                        "competent_units",
                                        "documents",
                                        "documents_note",
                                        "sets",
                                        "processing_time",
                                        "cutoff",
                                        "fees",
                                        "fees_note",
                                        "result",
                                        "legal_basis",
                                        "online_level",
                                        "publication_decision",
                                        "effective_from",
                                        "effective_to",
                                        "source",
                                        "note",
                                        NULL};
static const char *const doc_keys[] = {"name", "form", "count", "mandatory", "template", "group", NULL};
static const char *const fee_keys[] = {"name", "amount", "exemptions", NULL};
static const char *const tpl_keys[] = {"procedure", "unit", "steps", NULL};
static const char *const step_keys[] = {"name", "role", "unit", "hours", NULL};

/* "HH:MM" → seconds, -2 if malformed. */
static int parse_cutoff(const char *s) {
    if (!s) return -1;
    if (strlen(s) != 5 || s[2] != ':') return -2;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9')) return -2;
    int h = (s[0] - '0') * 10 + s[1] - '0', m = (s[3] - '0') * 10 + s[4] - '0';
    return h > 23 || m > 59 ? -2 : h * 3600 + m * 60;
}

static void parse_procedure(pctx *c, json_t *o, procedure *pr) {
    arena *a = c->p->a;
    memset(pr, 0, sizeof *pr);
    pr->cutoff_sec = -1;
    if (!json_is_object(o)) {
        bad(c, "", "Mỗi thủ tục phải là một đối tượng JSON.");
        return;
    }
    only_known(c, o, proc_keys);
    pr->code = get_str(c, o, "code", true);
    pr->name = get_str(c, o, "name", true);
    pr->field = get_str(c, o, "field", true);
    pr->levels = get_strs(c, o, "levels", &pr->nlevels);
    pr->units = get_strs(c, o, "competent_units", &pr->nunits);
    pr->documents_note = get_str(c, o, "documents_note", false);
    bool sets_given;
    pr->sets = (int)get_int(c, o, "sets", false, 0, &sets_given);
    if (sets_given && pr->sets < 1) pr->sets = -1; /* the validator names it */
    json_t *pt = json_object_get(o, "processing_time");
    if (!json_is_object(pt)) {
        bad(c, "processing_time", "Thiếu thời hạn giải quyết {\"amount\":N,\"unit\":\"working_day\"}.");
    } else {
        pctx sub = *c;
        sub.prefix = "processing_time.";
        long long amt = get_int(&sub, pt, "amount", true, 0, NULL);
        pr->time_amount = amt < 0 || amt > 100000 ? -1 : (int)amt;
        const char *u = get_str(&sub, pt, "unit", true);
        if (u && strcmp(u, "working_day") == 0)
            pr->time_unit = CAL_UNIT_DAY;
        else if (u && strcmp(u, "working_hour") == 0)
            pr->time_unit = CAL_UNIT_HOUR;
        else if (u)
            bad(&sub, "unit", "Đơn vị thời hạn phải là working_day hoặc working_hour.");
    }
    const char *cut = get_str(c, o, "cutoff", false);
    pr->cutoff_sec = parse_cutoff(cut);
    if (pr->cutoff_sec == -2) {
        bad(c, "cutoff", "Giờ chốt nhận hồ sơ phải có dạng HH:MM.");
        pr->cutoff_sec = -1;
    }
    json_t *docs = json_object_get(o, "documents");
    if (docs && !json_is_null(docs) && !json_is_array(docs)) bad(c, "documents", "Phải là một mảng.");
    if (json_is_array(docs)) {
        pr->docs = arena_alloc(a, (json_array_size(docs) + 1) * sizeof *pr->docs);
        size_t i;
        json_t *d;
        json_array_foreach(docs, i, d) {
            pctx sub = *c;
            sub.prefix = arena_printf(a, "documents[%zu].", i);
            if (!json_is_object(d)) {
                bad(&sub, "", "Mỗi giấy tờ phải là một đối tượng JSON.");
                continue;
            }
            only_known(&sub, d, doc_keys);
            proc_document *pd = &pr->docs[pr->ndocs++];
            pd->name = get_str(&sub, d, "name", true);
            pd->form = get_str(&sub, d, "form", true);
            pd->count = (int)get_int(&sub, d, "count", false, 1, NULL);
            pd->mandatory = get_bool(&sub, d, "mandatory", true);
            pd->template_name = get_str(&sub, d, "template", false);
            pd->group = get_str(&sub, d, "group", false);
        }
    }
    json_t *fees = json_object_get(o, "fees");
    if (fees && !json_is_null(fees) && !json_is_array(fees)) bad(c, "fees", "Phải là một mảng.");
    if (json_is_array(fees)) {
        pr->fees = arena_alloc(a, (json_array_size(fees) + 1) * sizeof *pr->fees);
        size_t i;
        json_t *f;
        json_array_foreach(fees, i, f) {
            pctx sub = *c;
            sub.prefix = arena_printf(a, "fees[%zu].", i);
            if (!json_is_object(f)) {
                bad(&sub, "", "Mỗi khoản phí phải là một đối tượng JSON.");
                continue;
            }
            only_known(&sub, f, fee_keys);
            proc_fee *pf = &pr->fees[pr->nfees++];
            pf->name = get_str(&sub, f, "name", true);
            bool present;
            long long amt = get_int(&sub, f, "amount", false, -1, &present);
            if (present && amt < 0) bad(&sub, "amount", "Mức phí không được âm.");
            pf->amount = present ? (amt < 0 ? -2 : amt) : -1;
            pf->exemptions = get_str(&sub, f, "exemptions", false);
        }
    }
    pr->fees_note = get_str(c, o, "fees_note", false);
    pr->result = get_str(c, o, "result", false);
    pr->legal = get_strs(c, o, "legal_basis", &pr->nlegal);
    pr->online_level = get_str(c, o, "online_level", true);
    pr->publication_decision = get_str(c, o, "publication_decision", false);
    pr->effective_from = get_str(c, o, "effective_from", true);
    pr->effective_to = get_str(c, o, "effective_to", false);
    pr->source = get_str(c, o, "source", false);
    pr->note = get_str(c, o, "note", false);
}

static void parse_template(pctx *c, json_t *o, proc_template *t) {
    arena *a = c->p->a;
    memset(t, 0, sizeof *t);
    if (!json_is_object(o)) {
        bad(c, "", "Mỗi quy trình phải là một đối tượng JSON.");
        return;
    }
    only_known(c, o, tpl_keys);
    t->procedure = get_str(c, o, "procedure", true);
    t->unit = get_str(c, o, "unit", true);
    json_t *steps = json_object_get(o, "steps");
    if (!json_is_array(steps)) {
        bad(c, "steps", "Phải là một mảng các bước.");
        return;
    }
    t->steps = arena_alloc(a, (json_array_size(steps) + 1) * sizeof *t->steps);
    size_t i;
    json_t *s;
    json_array_foreach(steps, i, s) {
        pctx sub = *c;
        sub.prefix = arena_printf(a, "steps[%zu].", i);
        if (!json_is_object(s)) {
            bad(&sub, "", "Mỗi bước phải là một đối tượng JSON.");
            continue;
        }
        only_known(&sub, s, step_keys);
        proc_step *ps = &t->steps[t->nsteps++];
        ps->name = get_str(&sub, s, "name", true);
        ps->role = get_str(&sub, s, "role", true);
        ps->unit = get_str(&sub, s, "unit", true);
        json_t *h = json_object_get(s, "hours");
        if (!json_is_number(h)) {
            bad(&sub, "hours", "Thời gian của bước (giờ làm việc) phải là một số.");
            continue;
        }
        double minutes = json_number_value(h) * 60.0;
        if (fabs(minutes - round(minutes)) > 1e-6 || minutes <= 0 || minutes > 1e7)
            bad(&sub, "hours", "Thời gian của bước phải là số giờ dương, tròn đến phút.");
        else
            ps->minutes = (int)round(minutes);
    }
}

mc_err catalog_json_parse(json_t *doc, catalog_batch *b, catalog_problems *p, mc_error *err) {
    memset(b, 0, sizeof *b);
    if (!json_is_object(doc))
        return mc_fail(err, MC_ERR_INVALID, NULL, "Tệp danh mục phải là một đối tượng JSON.",
                       "The catalog must be a JSON object.");
    json_t *fmt = json_object_get(doc, "format");
    if (!json_is_string(fmt) || strcmp(json_string_value(fmt), "motcua-catalog/1") != 0)
        return mc_fail(err, MC_ERR_INVALID, "format",
                       "Tệp danh mục phải có \"format\": \"motcua-catalog/1\" (xem docs/catalog-format.md).",
                       "format must be motcua-catalog/1.");
    json_t *procs = json_object_get(doc, "procedures");
    json_t *tpls = json_object_get(doc, "templates");
    if ((procs && !json_is_array(procs)) || (tpls && !json_is_array(tpls)))
        return mc_fail(err, MC_ERR_INVALID, "procedures", "\"procedures\" và \"templates\" phải là mảng.",
                       "procedures and templates must be arrays.");
    size_t i;
    json_t *o;
    if (procs) {
        b->procs = arena_alloc(p->a, (json_array_size(procs) + 1) * sizeof *b->procs);
        json_array_foreach(procs, i, o) {
            pctx c = {p, "procedures", (int)i, ""};
            parse_procedure(&c, o, &b->procs[b->nprocs++]);
        }
    }
    if (tpls) {
        b->tpls = arena_alloc(p->a, (json_array_size(tpls) + 1) * sizeof *b->tpls);
        json_array_foreach(tpls, i, o) {
            pctx c = {p, "templates", (int)i, ""};
            parse_template(&c, o, &b->tpls[b->ntpls++]);
        }
    }
    if (b->nprocs == 0 && b->ntpls == 0)
        return mc_fail(err, MC_ERR_INVALID, "procedures", "Tệp danh mục không có thủ tục hay quy trình nào.",
                       "The catalog is empty.");
    return MC_OK;
}

static json_t *jstr(const char *s) {
    return s ? json_string(s) : json_null();
}

static json_t *time_json(int amount, cal_unit u) {
    return json_pack("{s:i, s:s}", "amount", amount, "unit", u == CAL_UNIT_HOUR ? "working_hour" : "working_day");
}

/* "3 ngày làm việc" / "4 giờ làm việc" / "Trong ngày làm việc". */
static json_t *time_text(int amount, cal_unit u) {
    char buf[64];
    if (amount == 0 && u == CAL_UNIT_DAY)
        snprintf(buf, sizeof buf, "Trong ngày làm việc");
    else
        snprintf(buf, sizeof buf, "%d %s làm việc", amount, u == CAL_UNIT_HOUR ? "giờ" : "ngày");
    return json_string(buf);
}

json_t *catalog_json_procedure(const procedure *pr, const proc_template *t, size_t nt) {
    json_t *levels = json_array(), *units = json_array(), *docs = json_array(), *fees = json_array(),
           *legal = json_array(), *tpls = json_array();
    for (size_t i = 0; i < pr->nlevels; i++)
        json_array_append_new(
            levels, json_pack("{s:s, s:o}", "level", pr->levels[i], "label", jstr(catalog_level_label(pr->levels[i]))));
    for (size_t i = 0; i < pr->nunits; i++) json_array_append_new(units, json_string(pr->units[i]));
    for (size_t i = 0; i < pr->ndocs; i++) {
        const proc_document *d = &pr->docs[i];
        json_array_append_new(docs, json_pack("{s:i, s:s, s:s, s:i, s:b, s:o, s:o}", "seq", (int)i + 1, "name", d->name,
                                              "form", d->form, "count", d->count, "mandatory", d->mandatory, "template",
                                              jstr(d->template_name), "group", jstr(d->group)));
    }
    for (size_t i = 0; i < pr->nfees; i++) {
        const proc_fee *f = &pr->fees[i];
        json_array_append_new(fees, json_pack("{s:s, s:o, s:o}", "name", f->name, "amount",
                                              f->amount >= 0 ? json_integer(f->amount) : json_null(), "exemptions",
                                              jstr(f->exemptions)));
    }
    for (size_t i = 0; i < pr->nlegal; i++) json_array_append_new(legal, json_string(pr->legal[i]));
    for (size_t i = 0; i < nt; i++) {
        json_t *steps = json_array();
        for (size_t k = 0; k < t[i].nsteps; k++)
            json_array_append_new(steps, json_pack("{s:i, s:s, s:s, s:s, s:f}", "seq", (int)k + 1, "name",
                                                   t[i].steps[k].name, "role", t[i].steps[k].role, "unit",
                                                   t[i].steps[k].unit, "hours", t[i].steps[k].minutes / 60.0));
        json_array_append_new(tpls, json_pack("{s:s, s:i, s:f, s:o}", "unit", t[i].unit, "version", t[i].version,
                                              "total_hours", t[i].total_minutes / 60.0, "steps", steps));
    }
    char cut[16] = "";
    if (pr->cutoff_sec >= 0)
        snprintf(cut, sizeof cut, "%02u:%02u", (unsigned)pr->cutoff_sec / 3600 % 24,
                 (unsigned)pr->cutoff_sec / 60 % 60);
    json_t *pt = time_json(pr->time_amount, pr->time_unit);
    json_object_set_new(pt, "text", time_text(pr->time_amount, pr->time_unit));
    return json_pack(
        "{s:s, s:s, s:s, s:i, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
        "s:o, s:o, s:o, s:o, s:o, s:o}",
        "code", pr->code, "name", pr->name, "field", pr->field, "version", pr->version, "current_version",
        pr->current_version, "levels", levels, "competent_units", units, "documents", docs, "documents_note",
        jstr(pr->documents_note), "sets", pr->sets > 0 ? json_integer(pr->sets) : json_null(), "processing_time", pt,
        "cutoff", pr->cutoff_sec >= 0 ? json_string(cut) : json_null(), "fees", fees, "fees_note", jstr(pr->fees_note),
        "result", jstr(pr->result), "legal_basis", legal, "online_level", json_string(pr->online_level), "online_label",
        jstr(catalog_online_label(pr->online_level)), "publication_decision", jstr(pr->publication_decision),
        "effective_from", jstr(pr->effective_from), "effective_to", jstr(pr->effective_to), "source", jstr(pr->source),
        "note", jstr(pr->note), "templates", tpls);
}

json_t *catalog_json_hit(const catalog_hit *h) {
    json_t *levels = json_array();
    for (const char *p = h->levels; p && *p;) {
        if (*p == ',') {
            p++;
            continue;
        }
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        json_array_append_new(levels, json_stringn(p, n));
        p += n;
    }
    cal_unit u = strcmp(h->time_unit, "working_hour") == 0 ? CAL_UNIT_HOUR : CAL_UNIT_DAY;
    json_t *pt = time_json(h->time_amount, u);
    json_object_set_new(pt, "text", time_text(h->time_amount, u));
    return json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:i, s:i}", "code", h->code, "name", h->name, "field",
                     h->field, "levels", levels, "online_level", h->online_level, "online_label",
                     jstr(catalog_online_label(h->online_level)), "processing_time", pt, "version", h->version, "score",
                     h->score);
}

json_t *catalog_json_problems(const catalog_problems *p) {
    json_t *arr = json_array();
    for (size_t i = 0; i < p->n; i++)
        json_array_append_new(arr, json_pack("{s:s, s:i, s:s, s:s}", "section", p->v[i].section, "index", p->v[i].index,
                                             "field", p->v[i].field, "reason", p->v[i].reason));
    return arr;
}
