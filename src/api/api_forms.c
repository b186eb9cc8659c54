/* api_forms.c - GET /api/v1/dossiers/{code}/forms/{form}.pdf: the legal forms
 * of a dossier as PDF (render/forms.h), by the rules it was received under.
 * Each form is assembled from the dossier and the act it records
 * (dossier_acts.h), so that it carries the act's date and signer, not the
 * printing's; and the tracking book of a unit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "dossier.h"
#include "dossier_acts.h"
#include "forms.h"
#include "node_outq.h"
#include "timeutil.h"
#include "units.h"

/* The province of a dossier as a place: its tenant "Tỉnh Cao Bằng" → "Cao Bằng". */
static const char *place_of(store_conn *c, arena *a, const dossier *d) {
    org_unit root;
    if (!d->tenant || units_get(c, a, d->tenant, &root, NULL) != MC_OK) return NULL;
    static const char *const kinds[] = {"Tỉnh ", "Thành phố "};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strncmp(root.name, kinds[i], strlen(kinds[i]))) return root.name + strlen(kinds[i]);
    return root.name;
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

/* The act each form records; -1: the control slip, which records the whole journal. */
static int act_of(const char *slug) {
    static const struct {
        const char *slug;
        ds_act_kind kind;
    } v[] = {{"receipt", DACT_INTAKE},
             {"supplement", DACT_SUPPLEMENT},
             {"refusal", DACT_REFUSAL},
             {"apology", DACT_EXTENSION},
             {"stop", DACT_STOP}};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (!strcmp(v[i].slug, slug)) return (int)v[i].kind;
    return -1;
}

/* The control slip's rows: every transition of the journal but the deadline job's marks; the file goes from
 * the receiving unit to each entry's destination in turn. */
static mc_err slip_rows(store_conn *c, arena *a, const dossier *d, form_input *in, mc_error *err) {
    ds_journal_line *v;
    size_t n;
    mc_err e = dossier_journal_lines(c, a, d, &v, &n, err);
    if (e) return e;
    form_row *rows = arena_alloc(a, (n ? n : 1) * sizeof *rows);
    size_t k = 0;
    const char *giver = d->receiving_unit_name;
    for (size_t i = 0; i < n; i++) {
        const journal_entry *j = &v[i].e;
        int ai = ds_action_parse(j->action);
        if (ai < 0) continue; /* mark_overdue, mark_due_soon */
        const char *to = v[i].to_unit_name;
        rows[k++] =
            (form_row){ds_action_label((ds_action)ai), v[i].actor_name, to ? to : giver, j->at, j->timing, j->note};
        if (to) giver = to;
    }
    in->rows = rows;
    in->nrows = k;
    return MC_OK;
}

mc_err api_dossiers_form(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    const char *name = r->params[1];
    size_t len = strlen(name);
    if (len < 5 || strcmp(name + len - 4, ".pdf"))
        return mc_fail(err, MC_ERR_NOT_FOUND, "form", "Mẫu giấy tờ có dạng <tên mẫu>.pdf, ví dụ receipt.pdf.",
                       "Forms are <name>.pdf.");
    const char *slug = arena_strndup(r->a, name, len - 4);
    store_conn *c = store_reader(r->app->st);
    dossier d;
    ds_actor who = {u->id, u->username, u->roles, u->unit_id, u->unit_code, u->unit_path};
    if ((e = dossier_get(c, r->a, r->params[0], &d, err))) return e;
    if (!dossier_may_read(&who, &d)) return dossier_not_found(err); /* the same answer as an unknown code */
    const char *rules = d.rules_version ? d.rules_version : "";
    const form_def *f = forms_find(slug, rules);
    if (!f) {
        int nf;
        const form_def *all = forms_all(&nf);
        bool exists = false;
        for (int i = 0; i < nf; i++) exists |= !strcmp(all[i].slug, slug);
        return exists
                   ? mc_failf(err, MC_ERR_NOT_FOUND, "form", "Mẫu «%s» không có trong quy định hồ sơ này áp dụng (%s).",
                              "Form %s does not exist under %s.", slug, rules)
                   : mc_failf(err, MC_ERR_NOT_FOUND, "form",
                              "Không có mẫu «%s»: receipt, supplement, refusal, apology, stop, control-slip.",
                              "No form %s.", slug, slug);
    }
    /* ?n=: which of several acts of the kind (the supplement asked at intake, then in processing); default the
     * latest. */
    long n = 0;
    if ((e = api_query_int(r, "n", 1, 1000, &n, err))) return e;
    int kind = act_of(slug);
    if (kind < 0 && n)
        return mc_fail(err, MC_ERR_INVALID, "n", "Phiếu kiểm soát ghi toàn bộ quá trình; không chọn theo lần (n).",
                       "The control slip has no n.");

    char key[9] = ""; /* none (dots on paper) if it cannot be derived, as on the dossier's page */
    if (dossier_tracking_key(c, d.code, key, NULL) != MC_OK) key[0] = 0;
    ds_document *docs;
    size_t nd;
    if ((e = dossier_documents(c, r->a, d.tenant, d.id, &docs, &nd, err))) return e;
    form_doc *fd = arena_alloc(r->a, (nd ? nd : 1) * sizeof *fd);
    for (size_t i = 0; i < nd; i++) fd[i] = (form_doc){docs[i].name, docs[i].form, docs[i].provided};
    form_input in = {
        .code = d.code,
        .tracking_key = key[0] ? key : NULL,
        .tracking_url =
            arena_printf(r->a, "%s/tra-cuu?code=%s&key=%s", api_public_base(r), enc(r, d.code), enc(r, key)),
        .place = place_of(c, r->a, &d),
        .receiving_unit = d.receiving_unit_name,
        .competent_unit = d.competent_unit_name,
        .procedure = d.procedure_name,
        .applicant = {d.applicant.name, d.applicant.id_number, d.applicant.address, d.applicant.phone,
                      d.applicant.email},
        .representative = d.representative.name,
        .representative_id = d.representative.id_number,
        .time_amount = d.time_amount,
        .time_in_hours = d.time_unit == CAL_UNIT_HOUR,
        .received_at = d.received_at,
        .due_at = d.due_at,
        .docs = fd,
        .ndocs = nd,
    };
    if (kind >= 0) {
        ds_act_record act;
        if ((e = dossier_act_record(c, r->a, &d, (ds_act_kind)kind, (int)n, &act, err))) return e;
        in.act_at = act.at;
        in.signer = act.actor_name;
        in.by_applicant = act.role && !strcmp(act.role, "citizen");
        in.items = act.items;
        in.reason = act.reason;
        in.due_before = act.due_before;
        in.due_after = act.due_after;
    } else {
        /* The slip is opened when the dossier is received (or submitted, before that). */
        in.act_at = d.received_at ? d.received_at : d.submitted_at;
        if ((e = slip_rows(c, r->a, &d, &in, err))) return e;
    }
    if (kind == DACT_INTAKE) {
        /* Received by a commune node cut off from the province: the receipt says so, every time it is printed. */
        int node;
        bool offline;
        mc_time at;
        if ((e = node_origin_of(c, d.tenant, d.id, &node, &offline, &at, err))) return e;
        if (node && offline) {
            char when[17];
            time_format_vn(at, when);
            in.offline_note = arena_printf(r->a,
                                           "Tiếp nhận ngoại tuyến tại %s (máy trạm số %d) lúc %s; hồ sơ sẽ được cập "
                                           "nhật lên hệ thống một cửa điện tử của tỉnh khi có kết nối.",
                                           d.receiving_unit_name ? d.receiving_unit_name : "xã", node, when);
        }
    }
    form_vietqr vq;
    json_t *q = kind == DACT_INTAKE ? api_vietqr_of_dossier(r, &d) : NULL;
    if (q) {
        vq = (form_vietqr){arena_strdup(r->a, json_string_value(json_object_get(q, "payload"))),
                           arena_strdup(r->a, json_string_value(json_object_get(q, "bank"))),
                           arena_strdup(r->a, json_string_value(json_object_get(q, "account"))),
                           arena_strdup(r->a, json_string_value(json_object_get(q, "name"))),
                           arena_strdup(r->a, json_string_value(json_object_get(q, "amount_text")))};
        json_decref(q);
        in.vietqr = &vq;
    }
    buf pdf = {0};
    e = forms_render(f, &in, &pdf, err);
    if (e) {
        buf_free(&pdf);
        return e;
    }
    e = api_reply_raw(r, 200, "application/pdf", pdf.data, pdf.len);
    buf_free(&pdf);
    return e;
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
        return mc_failf(err, MC_ERR_INVALID, "to",
                        "Kỳ này có hơn %d hồ sơ; hãy in sổ theo từng tháng hoặc từng đơn vị.",
                        "More than %d dossiers; ask for a shorter period.", BOOK_MAX, BOOK_MAX);
    form_book_row *rows = arena_alloc(r->a, (n ? n : 1) * sizeof *rows);
    for (size_t i = 0; i < n; i++) {
        const dossier *x = &v[i];
        rows[i] = (form_book_row){.code = x->code,
                                  .procedure = x->procedure_name,
                                  .applicant = x->applicant.name,
                                  .address = x->applicant.address,
                                  .phone = x->applicant.phone,
                                  .competent_unit = x->competent_unit_name,
                                  .state = ds_state_label(x->state),
                                  .received_at = x->received_at,
                                  .due_at = x->due_at,
                                  .sent_at = x->received_at,
                                  .result_at = x->result_ready_at,
                                  .returned_at = x->returned_at};
    }
    /* The rules of the period's end say which circular's book it is. */
    const char *rules = ds_rules_version_at(time_from_local(to, 0));
    buf pdf = {0};
    e = forms_tracking_book(unit.name, from, to, rules, rows, n, &pdf, err);
    if (e) {
        buf_free(&pdf);
        return e;
    }
    r->file_name = arena_printf(r->a, "so-theo-doi-%s.pdf", unit.code);
    e = api_reply_raw(r, 200, "application/pdf", pdf.data, pdf.len);
    buf_free(&pdf);
    return e;
}
