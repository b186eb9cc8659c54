/* cli_import.c - loading units, catalog and calendar files into the store. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar_store.h"
#include "catalog_json.h"
#include "cli.h"
#include "text.h"
#include "units.h"
#include "xalloc.h"

/* A string member, NFC, or NULL. */
static const char *str_of(arena *a, json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    if (!json_is_string(v)) return NULL;
    char *n = text_nfc(json_string_value(v));
    const char *out = n ? arena_strdup(a, n) : NULL;
    free(n);
    return out;
}

json_t *cli_load_json(const char *path, mc_error *err) {
    size_t len;
    char *text = cli_read_file(path, &len, err);
    if (!text) return NULL;
    json_error_t je;
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    free(text);
    if (!doc)
        mc_failf(err, MC_ERR_INVALID, "file", "Tệp %s không phải JSON hợp lệ (dòng %d, cột %d).",
                 "%s is not valid JSON (line %d, column %d: %s).", path, je.line, je.column, je.text);
    return doc;
}

mc_err cli_import_units(store *s, const char *path, int *count, mc_error *err) {
    json_t *doc = cli_load_json(path, err);
    if (!doc) return err->code;
    json_t *units = json_object_get(doc, "units");
    json_t *fmt = json_object_get(doc, "format");
    if (!json_is_array(units) || !json_is_string(fmt) || strcmp(json_string_value(fmt), "motcua-units/1")) {
        json_decref(doc);
        return mc_fail(err, MC_ERR_INVALID, "format",
                       "Tệp đơn vị phải có \"format\":\"motcua-units/1\" và mảng \"units\".",
                       "Expected format motcua-units/1 with a units array.");
    }
    store_conn *c = store_begin(s, err);
    if (!c) {
        json_decref(doc);
        return MC_ERR_STORE;
    }
    arena *a = arena_create();
    size_t i;
    json_t *u;
    mc_err e = MC_OK;
    json_array_foreach(units, i, u) {
        unit_new n = {str_of(a, u, "code"),   str_of(a, u, "name"),        str_of(a, u, "kind"),
                      str_of(a, u, "parent"), str_of(a, u, "active_from"), str_of(a, u, "active_to"),
                      str_of(a, u, "source")};
        if ((e = units_add(c, &n, NULL, err))) {
            char msg[1024];
            snprintf(msg, sizeof msg, "Đơn vị số %zu (%s): %s", i, n.code ? n.code : "?", err->message);
            mc_strlcpy(err->message, msg, sizeof err->message);
            break;
        }
    }
    int total = (int)json_array_size(units);
    arena_free(a);
    json_decref(doc);
    if (e) {
        store_rollback(c);
        return e;
    }
    *count = total;
    return store_commit(c, err);
}

mc_err cli_import_catalog(store *s, const char *path, bool quiet, mc_error *err) {
    json_t *doc = cli_load_json(path, err);
    if (!doc) return err->code;
    mc_err e = cli_import_catalog_doc(s, doc, quiet, err);
    json_decref(doc);
    return e;
}

mc_err cli_import_catalog_doc(store *s, json_t *doc, bool quiet, mc_error *err) {
    arena *a = arena_create();
    catalog_batch b;
    catalog_problems p = {.a = a};
    mc_err e = catalog_json_parse(doc, &b, &p, err);
    calendar *cal = NULL;
    if (!e) e = calendar_load(store_reader(s), &cal, err);
    catalog_report rep = {0};
    if (!e && p.n) {
        catalog_validate(store_reader(s), cal, &b, &p);
        e = mc_failf(err, MC_ERR_INVALID, NULL, "Tệp danh mục có %zu lỗi; chưa nhập bản ghi nào.",
                     "The catalog has %zu problems; nothing was imported.", p.n);
    } else if (!e) {
        e = catalog_import(s, cal, &b, &rep, &p, err);
    }
    for (size_t i = 0; i < p.n; i++)
        fprintf(stderr, "  %s[%d] %s: %s\n", p.v[i].section, p.v[i].index, p.v[i].field, p.v[i].reason);
    if (!e && !quiet)
        printf("Thủ tục: %d mới, %d thay đổi (phiên bản mới), %d không đổi. Quy trình: %d mới, %d thay đổi, %d không "
               "đổi.\n",
               rep.added, rep.changed, rep.unchanged, rep.tpl_added, rep.tpl_changed, rep.tpl_unchanged);
    calendar_free(cal);
    arena_free(a);
    return e;
}

mc_err cli_import_calendar(store *s, const char *path, int *count, mc_error *err) {
    size_t len;
    char *text = cli_read_file(path, &len, err);
    if (!text) return err->code;
    store_conn *c = store_begin(s, err);
    mc_err e = c ? calendar_import_csv(c, text, len, count, err) : MC_ERR_STORE;
    free(text);
    if (!c) return e;
    if (e) {
        store_rollback(c);
        return e;
    }
    return store_commit(c, err);
}
