/* api_forms.c - GET /api/v1/dossiers/{code}/forms/{form}.pdf: the legal forms
 * of a dossier as PDF (render/forms.h), by the rules it was received under. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "dossier.h"
#include "forms.h"
#include "timeutil.h"
#include "units.h"

/* The province's name as a place: "Tỉnh Cao Bằng" → "Cao Bằng". */
static const char *place_name(api_req *r) {
    org_unit *v;
    size_t n = 0;
    if (units_list(store_reader(r->app->st), r->a, NULL, &v, &n, NULL) == MC_OK)
        for (size_t i = 0; i < n; i++)
            if (!strcmp(v[i].kind, "province"))
                return strncmp(v[i].name, "Tỉnh ", strlen("Tỉnh ")) ? v[i].name : v[i].name + strlen("Tỉnh ");
    return NULL;
}

/* Where the portal is, for the tracking link printed on paper. */
static const char *public_base(api_req *r) {
    if (r->app->public_url && *r->app->public_url) return r->app->public_url;
    const char *host = r->header_fn ? r->header_fn(r, "Host") : NULL;
    return arena_printf(r->a, "http://%s", host && *host ? host : "127.0.0.1:8080");
}

/* Runs a JSON handler of the dossier and takes its answer as a tree. */
static json_t *answer(api_req *r, api_handler fn, mc_error *err, mc_err *e) {
    api_req s = *r;
    s.raw = NULL;
    s.json = NULL;
    *e = fn(&s, err);
    if (*e) return NULL;
    if (s.json) return s.json;
    json_t *j = json_loadb(s.raw, s.raw_len, 0, NULL);
    if (!j) *e = mc_fail(err, MC_ERR_INTERNAL, NULL, "Lỗi hệ thống khi đọc hồ sơ.", "Dossier JSON unreadable.");
    return j;
}

static char hexdig(int v) {
    return "0123456789ABCDEF"[v & 15];
}

/* s percent-encoded for a query value. */
static const char *enc(api_req *r, const char *s) {
    char *out = arena_alloc(r->a, 3 * strlen(s ? s : "") + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hexdig(*p >> 4);
            *o++ = hexdig(*p);
        }
    }
    *o = 0;
    return out;
}

mc_err api_dossiers_form(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    const char *name = r->params[1];
    size_t n = strlen(name);
    if (n < 5 || strcmp(name + n - 4, ".pdf"))
        return mc_fail(err, MC_ERR_NOT_FOUND, "form", "Mẫu giấy tờ có dạng <tên mẫu>.pdf, ví dụ receipt.pdf.",
                       "Forms are <name>.pdf.");
    const char *slug = arena_strndup(r->a, name, n - 4);
    json_t *d = answer(r, api_dossiers_get, err, &e);
    if (!d) return e;
    const char *rules = arena_strdup(r->a, json_string_value(json_object_get(d, "rules_version")) ?: "");
    const form_def *f = forms_find(slug, rules);
    if (!f) {
        json_decref(d);
        int nf;
        const form_def *all = forms_all(&nf);
        bool exists = false;
        for (int i = 0; i < nf; i++) exists |= !strcmp(all[i].slug, slug);
        return exists ? mc_failf(err, MC_ERR_NOT_FOUND, "form", "Mẫu «%s» không có trong quy định hồ sơ này áp dụng (%s).",
                                 "Form %s does not exist under %s.", slug, rules)
                      : mc_failf(err, MC_ERR_NOT_FOUND, "form",
                                 "Không có mẫu «%s»: receipt, supplement, refusal, apology, stop, control-slip.",
                                 "No form %s.", slug, slug);
    }
    json_t *journal = answer(r, api_dossiers_journal, err, &e);
    if (!journal) {
        json_decref(d);
        return e;
    }
    int y, m, dd;
    day_to_ymd(time_local_day(time_now()), &y, &m, &dd);
    const char *code = json_string_value(json_object_get(d, "code"));
    const char *key = json_string_value(json_object_get(d, "tracking_key"));
    const char *url = arena_printf(r->a, "%s/tra-cuu?code=%s&key=%s", public_base(r), enc(r, code), enc(r, key));
    const char *place = place_name(r);
    json_t *ctx = json_pack("{s:o, s:O, s:o, s:{s:i, s:i, s:i}, s:s, s:s}", "d", d, "journal",
                            json_object_get(journal, "entries"), "place", place ? json_string(place) : json_null(),
                            "today", "d", dd, "m", m, "y", y, "officer", u->name ? u->name : u->username,
                            "tracking_url", url);
    json_decref(journal);
    json_t *vq = api_vietqr_of(r, json_object_get(ctx, "d"));
    if (vq) json_object_set_new(ctx, "vietqr", vq);
    buf pdf = {0};
    e = forms_render(f, ctx, &pdf, err);
    json_decref(ctx);
    if (e) {
        buf_free(&pdf);
        return e;
    }
    e = api_reply_raw(r, 200, "application/pdf", pdf.data, pdf.len);
    buf_free(&pdf);
    return e;
}

/* {"text": "HH:MM dd/mm/yyyy"} of an instant, or null. */
static json_t *when_json(mc_time t) {
    if (!t) return json_null();
    char s[17];
    time_format_vn(t, s);
    return json_pack("{s:s}", "text", s);
}

mc_err api_reports_tracking_book(api_req *r, mc_error *err) {
    org_unit unit;
    mc_err e = api_report_unit(r, &unit, err);
    if (e) return e;
    mc_day from, to;
    if ((e = api_report_period(r, &from, &to, err))) return e;
    dossier *v;
    size_t n;
    bool more;
    enum { BOOK_MAX = 5000 };
    if ((e = dossier_received_between(store_reader(r->app->st), r->a, unit.path, time_from_local(from, 0),
                                      time_from_local(to + 1, 0), BOOK_MAX, &v, &n, &more, err)))
        return e;
    if (more)
        return mc_failf(err, MC_ERR_INVALID, "to", "Kỳ này có hơn %d hồ sơ; hãy in sổ theo từng tháng hoặc từng đơn vị.",
                        "More than %d dossiers; ask for a shorter period.", BOOK_MAX, BOOK_MAX);
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        const dossier *x = &v[i];
        json_array_append_new(
            rows, json_pack("{s:s, s:{s:s}, s:{s:s?, s:s?, s:s?}, s:{s:s}, s:o, s:o, s:o, s:o, s:o, s:{s:s}}", "code",
                            x->code, "procedure", "name", x->procedure_name, "applicant", "name", x->applicant.name,
                            "address", x->applicant.address, "phone", x->applicant.phone, "competent_unit", "name",
                            x->competent_unit_name, "received_at", when_json(x->received_at), "due_at",
                            when_json(x->due_at), "sent_at", when_json(x->received_at), "result_at",
                            when_json(x->result_ready_at), "returned_at", when_json(x->returned_at), "state", "label",
                            ds_state_label(x->state)));
    }
    char f[11], t[11];
    int yy, mm, dd;
    day_to_ymd(from, &yy, &mm, &dd);
    snprintf(f, sizeof f, "%02d/%02d/%04d", dd, mm, yy);
    day_to_ymd(to, &yy, &mm, &dd);
    snprintf(t, sizeof t, "%02d/%02d/%04d", dd, mm, yy);
    /* The rules of the period's end say which circular's book it is. */
    const char *rules = ds_rules_version_at(time_from_local(to, 0));
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:o}", "unit", unit.name, "from", f, "to", t, "rules", rules, "rows", rows);
    buf pdf = {0};
    e = forms_tracking_book(ctx, &pdf, err);
    json_decref(ctx);
    if (e) {
        buf_free(&pdf);
        return e;
    }
    r->file_name = arena_printf(r->a, "so-theo-doi-%s.pdf", unit.code);
    e = api_reply_raw(r, 200, "application/pdf", pdf.data, pdf.len);
    buf_free(&pdf);
    return e;
}
