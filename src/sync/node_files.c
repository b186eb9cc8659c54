/* node_files.c - the bytes of a dossier's files between node and province (node_files.h). */
#include "node_files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "attachments.h"
#include "xalloc.h"

mc_err node_files_named(json_t *list, json_t **out, mc_error *err) {
    *out = NULL;
    json_t *named = json_array(), *seen = json_object();
    size_t i;
    json_t *item;
    mc_err e = MC_OK;
    json_array_foreach(list, i, item) {
        json_t *img = json_object_get(item, "image");
        const char *code = json_string_value(json_object_get(json_object_get(img, "dossier"), "code"));
        size_t k;
        json_t *f;
        json_array_foreach(json_object_get(img, "files"), k, f) {
            const char *sha = json_string_value(json_object_get(f, "sha256"));
            if (!attachments_name_ok(sha, json_string_value(json_object_get(f, "stored")))) {
                e = mc_fail(err, MC_ERR_INVALID, "files", "Tệp đính kèm của hồ sơ gửi từ máy trạm không hợp lệ.",
                            "A file row of the node's image does not name its content.");
                break;
            }
            if (json_object_get(seen, sha)) continue;
            json_object_set_new(seen, sha, json_true());
            json_array_append_new(named, json_pack("{s:s, s:s?}", "sha256", sha, "code", code));
        }
        if (e) break;
    }
    json_decref(seen);
    if (e) {
        json_decref(named);
        return e;
    }
    *out = named;
    return MC_OK;
}

mc_err node_files_absent(json_t *list, const char *root, json_t **out, mc_error *err) {
    json_t *named;
    mc_err e = node_files_named(list, &named, err);
    if (e) return e;
    json_t *missing = json_array();
    size_t i;
    json_t *f;
    json_array_foreach(named, i, f) {
        const char *sha = json_string_value(json_object_get(f, "sha256"));
        char path[4200];
        snprintf(path, sizeof path, "%.4000s/%.2s/%s", root, sha, sha);
        if (!attachments_touch(path)) json_array_append(missing, f);
    }
    json_decref(named);
    *out = missing;
    return MC_OK;
}

mc_err node_files_find(store_conn *c, const char *tenant, int number, const char *sha256, const char *code,
                       char stored[68], char mime[80], mc_error *err) {
    store_rows *r = store_query(c, Q_NODE_FILE_OF,
                                SV_ARGS(SV_T(tenant), SV_T(sha256), SV_T(code), SV_T(tenant), SV_I(number),
                                        SV_T(tenant), SV_I(number)),
                                err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) {
        snprintf(stored, 68, "%s", store_text(r, 0));
        snprintf(mime, 80, "%s", store_text(r, 1));
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0 || !attachments_name_ok(sha256, stored))
        return mc_fail(err, MC_ERR_NOT_FOUND, "file", "Không có tệp này trong hồ sơ của máy trạm.",
                       "No such file in a dossier of this node.");
    return MC_OK;
}

mc_err node_files_read(const char *root, const char *stored, size_t max, unsigned char **bytes, size_t *n,
                       mc_error *err) {
    *bytes = NULL;
    *n = 0;
    char path[4200];
    snprintf(path, sizeof path, "%.4000s/%s", root, stored);
    FILE *f = fopen(path, "rb");
    struct stat sb;
    if (!f || fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        if (f) fclose(f);
        return mc_failf(err, MC_ERR_NOT_FOUND, "file", "Không còn tệp %s trong thư mục tệp.", "File %s is missing.",
                        stored, stored);
    }
    if ((size_t)sb.st_size > max) {
        fclose(f);
        return mc_failf(err, MC_ERR_TOO_LARGE, "file", "Tệp %s lớn hơn giới hạn %zu MB.", "File %s exceeds %zu MiB.",
                        stored, max >> 20, stored, max >> 20);
    }
    unsigned char *p = xmalloc((size_t)sb.st_size + 1);
    size_t got = fread(p, 1, (size_t)sb.st_size, f);
    fclose(f);
    if (got != (size_t)sb.st_size) {
        free(p);
        return mc_failf(err, MC_ERR_INTERNAL, "file", "Không đọc được tệp %s.", "Cannot read %s.", stored, stored);
    }
    *bytes = p;
    *n = got;
    return MC_OK;
}
