/* api_payments.c - fees by VietQR: the code to pay a dossier's fee to the
 * receiving unit's account (units.h), shown on the receipt, the dossier's
 * pages and the public tracking page. */
#include <sodium.h>
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "qr.h"
#include "text.h"
#include "units.h"
#include "vietqr.h"

json_t *api_vietqr_of(api_req *r, const json_t *d) {
    json_t *fee = json_object_get(d, "fee_amount");
    if (!json_is_integer(fee) || json_integer_value(fee) <= 0 || !json_is_null(json_object_get(d, "paid_at")))
        return NULL;
    const char *unit = json_string_value(json_object_get(json_object_get(d, "receiving_unit"), "code"));
    const char *code = json_string_value(json_object_get(d, "code"));
    unit_account acct;
    mc_error err;
    if (!unit || !code || units_account_get(store_reader(r->app->st), r->a, unit, &acct, NULL, &err)) return NULL;
    char payload[VIETQR_MAX], note[32], money[TEXT_VND_MAX];
    snprintf(note, sizeof note, "HS %s", code); /* the dossier's code, for matching the bank statement */
    vietqr_input in = {acct.bin, acct.account, json_integer_value(fee), note};
    if (vietqr_payload(&in, payload, &err)) return NULL;
    json_t *q = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s}", "payload", payload, "bin", acct.bin, "bank",
                          acct.bank, "account", acct.account, "name", acct.name, "amount",
                          (json_int_t)json_integer_value(fee), "amount_text", text_vnd(json_integer_value(fee), money),
                          "note", note);
    buf png = {0};
    if (qr_png(payload, &png)) {
        size_t n = sodium_base64_encoded_len(png.len, sodium_base64_VARIANT_ORIGINAL);
        char *b64 = arena_alloc(r->a, n);
        sodium_bin2base64(b64, n, (const unsigned char *)png.data, png.len, sodium_base64_VARIANT_ORIGINAL);
        json_object_set_new(q, "png", json_string(arena_printf(r->a, "data:image/png;base64,%s", b64)));
    }
    buf_free(&png);
    return q;
}
