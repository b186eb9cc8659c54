/* api_payments.c - fees by VietQR: the code to pay a dossier's fee to the
 * receiving unit's account (units.h), shown on the receipt, the dossier's
 * pages and the public tracking page. */
#include <sodium.h>
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "payments.h"
#include "qr.h"
#include "timeutil.h"
#include "text.h"
#include "units.h"
#include "vietqr.h"

/* The VietQR JSON of a fee due (see api_vietqr_of), with its PNG when png_too. */
static json_t *vietqr_json(api_req *r, int64_t fee, bool paid, const char *unit, const char *code, bool png_too) {
    if (fee <= 0 || paid) return NULL;
    unit_account acct;
    mc_error err;
    if (!unit || !code || units_account_get(store_reader(r->app->st), r->a, unit, &acct, NULL, &err)) return NULL;
    char payload[VIETQR_MAX], note[32], money[TEXT_VND_MAX];
    snprintf(note, sizeof note, "HS %s", code); /* the dossier's code, for matching the bank statement */
    vietqr_input in = {acct.bin, acct.account, fee, note};
    if (vietqr_payload(&in, payload, &err)) return NULL;
    json_t *q = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s}", "payload", payload, "bin", acct.bin, "bank",
                          acct.bank, "account", acct.account, "name", acct.name, "amount", (json_int_t)fee,
                          "amount_text", text_vnd(fee, money), "note", note);
    buf png = {0};
    if (png_too && qr_png(payload, &png)) {
        size_t n = sodium_base64_encoded_len(png.len, sodium_base64_VARIANT_ORIGINAL);
        char *b64 = arena_alloc(r->a, n);
        sodium_bin2base64(b64, n, (const unsigned char *)png.data, png.len, sodium_base64_VARIANT_ORIGINAL);
        json_object_set_new(q, "png", json_string(arena_printf(r->a, "data:image/png;base64,%s", b64)));
    }
    buf_free(&png);
    return q;
}

json_t *api_vietqr_of(api_req *r, const json_t *d) {
    json_t *fee = json_object_get(d, "fee_amount");
    if (!json_is_integer(fee)) return NULL;
    return vietqr_json(r, json_integer_value(fee), !json_is_null(json_object_get(d, "paid_at")),
                       json_string_value(json_object_get(json_object_get(d, "receiving_unit"), "code")),
                       json_string_value(json_object_get(d, "code")), true);
}

json_t *api_vietqr_of_dossier(api_req *r, const dossier *d) {
    return vietqr_json(r, d->fee_amount, d->paid_at != 0, d->receiving_unit_code, d->code, false);
}

/* The report of an import as JSON. */
static json_t *report_json(const pay_report *rep) {
    json_t *lines = json_array(), *counts = json_object();
    for (size_t i = 0; i < rep->n; i++) {
        const pay_line *l = &rep->v[i];
        json_array_append_new(lines, json_pack("{s:i, s:s, s:o, s:I, s:o, s:o, s:o, s:s}", "line", l->line, "outcome",
                                               pay_outcome_name(l->outcome), "code", api_jstr(l->code), "amount",
                                               (json_int_t)l->amount, "expected",
                                               l->expected ? json_integer(l->expected) : json_null(), "ref",
                                               api_jstr(l->ref), "note", api_jstr(l->note), "reason", l->reason));
    }
    for (int k = 0; k < PAY__COUNT; k++)
        json_object_set_new(counts, pay_outcome_name((pay_outcome)k), json_integer(rep->count[k]));
    return json_pack("{s:o, s:o}", "lines", lines, "counts", counts);
}

mc_err api_payments_import(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    if (perm_scope_of(u->roles, ACT_PAYMENT_IMPORT) == SCOPE_NONE)
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Đối soát sao kê dành cho quản trị viên và cán bộ một cửa.",
                       "Only administrators and receivers import statements.");
    if (!api_media_type_is(r, "text/csv") || !r->content_type)
        return mc_fail(err, MC_ERR_MEDIA_TYPE, NULL, "Hãy gửi sao kê dạng text/csv.",
                       "Send the statement as text/csv.");
    app_calendar *h = app_calendar_acquire(r->app, err);
    if (!h) return err->code;
    pay_report rep;
    ds_actor by = {u->id, u->username, u->roles, u->unit_id, u->unit_code, u->unit_path};
    e = payments_import(r->app->st, h->cal, r->a, r->body ? r->body : "", r->body_len, &by, time_now(), &rep, err);
    app_calendar_release(r->app, h);
    if (e) return e;
    return api_reply(r, 200, report_json(&rep));
}
