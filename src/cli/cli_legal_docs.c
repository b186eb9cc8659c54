/* cli_legal_docs.c - loading a register of legal normative documents (motcua-legal-docs/1, data/legal_docs.json)
 * at init: the keepers of the province's register, documents, changes and reviews, in one transaction
 * (legal_docs.h). Like units and the catalog, what init loads is not journaled. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "cli.h"
#include "legal_docs.h"

static const char *str(json_t *o, const char *k) {
    return json_string_value(json_object_get(o, k));
}

/* Which entry of which list failed, before the reason. */
static mc_err where(mc_err e, mc_error *err, const char *list, size_t i) {
    if (!e) return e;
    char msg[sizeof err->message + 64];
    snprintf(msg, sizeof msg, "%s[%zu]: %s", list, i, err->message);
    memcpy(err->message, msg, sizeof err->message - 1);
    err->message[sizeof err->message - 1] = 0;
    return e;
}

mc_err cli_import_legal_docs(store *s, const char *path, int *count, mc_error *err) {
    *count = 0;
    json_t *doc = cli_load_json(path, err);
    if (!doc) return err->code;
    const char *fmt = str(doc, "format"), *tenant = str(doc, "province");
    if (!fmt || strcmp(fmt, "motcua-legal-docs/1") != 0 || !tenant) {
        json_decref(doc);
        return mc_fail(err, MC_ERR_INVALID, "format", "Tệp sổ văn bản phải có format motcua-legal-docs/1 và province.",
                       "Expected format motcua-legal-docs/1 with a province.");
    }
    arena *a = arena_create();
    store_conn *w = store_begin_tenant(s, tenant, err);
    mc_err e = w ? MC_OK : err->code;
    mc_time now = time_now();
    json_t *keepers = json_object_get(doc, "keepers"), *x;
    size_t i;
    if (!e && json_is_array(keepers)) {
        size_t n = json_array_size(keepers);
        const char **codes = arena_alloc(a, (n ? n : 1) * sizeof *codes);
        json_array_foreach(keepers, i, x) codes[i] = json_string_value(x) ? json_string_value(x) : "";
        e = legal_docs_keepers_set(s, w, a, tenant, codes, n, NULL, now, err);
    }
    json_array_foreach(json_object_get(doc, "docs"), i, x) {
        if (e) break;
        ld_doc_new in = {str(x, "number"),       str(x, "doc_type"),   str(x, "issuer"), str(x, "issuer_name"),
                         str(x, "signer"),       str(x, "summary"),    str(x, "field"),  str(x, "issued_on"),
                         str(x, "effective_on"), str(x, "expires_on"), str(x, "note")};
        int64_t id;
        e = where(legal_docs_load(w, a, tenant, &in, now, &id, err), err, "docs", i);
        if (!e) (*count)++;
    }
    json_array_foreach(json_object_get(doc, "changes"), i, x) {
        if (e) break;
        ld_change_new in = {str(x, "action"), str(x, "by"),           str(x, "relation"), str(x, "scope"),
                            str(x, "part"),   str(x, "effective_on"), str(x, "reason")};
        e = where(legal_docs_load_change(w, a, tenant, str(x, "doc") ? str(x, "doc") : "", &in, now, err), err,
                  "changes", i);
    }
    json_array_foreach(json_object_get(doc, "reviews"), i, x) {
        if (e) break;
        ld_review_new in = {str(x, "kind"),       str(x, "unit"),    str(x, "basis"),   str(x, "basis_note"),
                            str(x, "started_on"), str(x, "done_on"), str(x, "result"),  str(x, "findings"),
                            str(x, "proposal"),   str(x, "handler"), str(x, "deadline")};
        e = where(legal_docs_load_review(w, a, tenant, str(x, "doc") ? str(x, "doc") : "", &in, now, err), err,
                  "reviews", i);
    }
    if (w) {
        e = store_finish(w, e, err);
    }
    arena_free(a);
    json_decref(doc);
    return e;
}
