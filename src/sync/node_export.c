/* node_export.c - a node's entries carried by hand (node_export.h). */
#include "node_export.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attachments.h"
#include "node_apply.h"
#include "node_auth.h"
#include "node_files.h"
#include "node_outq.h"
#include "xalloc.h"

#define EXPORT_FORMAT "motcua-node-export/1"

/* The message the node signs (malloc'd). */
static char *message(const char *node, const char *key_id, int64_t at, const char *body, size_t n) {
    char h[65];
    node_auth_body_hash(body, n, h);
    size_t cap = strlen(node) + strlen(key_id) + 160;
    char *m = xmalloc(cap);
    snprintf(m, cap, EXPORT_FORMAT "\n%s\n%s\n%lld\n%s\n", node, key_id, (long long)at, h);
    return m;
}

static mc_err bad_file(mc_error *err, const char *what) {
    return mc_failf(err, MC_ERR_INVALID, "file", "Tệp chuyển tay của máy trạm không hợp lệ (%s).",
                    "Not a node export file (%s).", what, what);
}

mc_err node_export_write(store *s, const keyfile_secret *key, const char *files_root, mc_time now, char **out,
                         size_t *len, node_export_info *info, mc_error *err) {
    *out = NULL;
    *len = 0;
    memset(info, 0, sizeof *info);
    store_conn *c = store_reader(s);
    char tenant[64], number[8];
    mc_err e = store_meta_text(c, "node_tenant", tenant, sizeof tenant, err);
    if (!e) e = store_meta_text(c, "node_number", number, sizeof number, err);
    if (e) return e;
    if (!tenant[0] || !number[0])
        return mc_fail(err, MC_ERR_INVALID, NULL, "Cơ sở dữ liệu này không phải của máy trạm xã.", "Not a node's database.");
    int64_t acked = 0;
    if ((e = store_scalar_int(c, Q_NODE_OUTQ_ACKED_LAST, SV_NONE, &acked, err))) return e;
    json_t *entries;
    int64_t last;
    if ((e = node_outq_batch(c, acked, 10000, (size_t)1 << 40, &entries, &last, err))) return e;
    if (json_array_size(entries) == 0) {
        json_decref(entries);
        return mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Không có thao tác nào chờ gửi về tỉnh.", "Nothing waits.");
    }
    json_t *named, *files = json_array();
    if ((e = node_files_named(entries, &named, err))) {
        json_decref(entries);
        json_decref(files);
        return e;
    }
    size_t i;
    json_t *f;
    json_array_foreach(named, i, f) {
        const char *sha = json_string_value(json_object_get(f, "sha256"));
        char stored[68];
        snprintf(stored, sizeof stored, "%.2s/%s", sha, sha);
        unsigned char *bytes;
        size_t n;
        mc_error fe;
        if (node_files_read(files_root, stored, (size_t)64 << 20, &bytes, &n, &fe) != MC_OK) continue; /* said at import */
        size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
        char *b64 = xmalloc(cap);
        sodium_bin2base64(b64, cap, bytes, n, sodium_base64_VARIANT_ORIGINAL);
        free(bytes);
        json_array_append_new(files, json_pack("{s:s, s:s}", "sha256", sha, "content", b64));
        free(b64);
    }
    json_decref(named);
    info->from = acked + 1;
    info->entries = (int64_t)json_array_size(entries);
    info->files = (int64_t)json_array_size(files);
    json_t *body = json_pack("{s:I, s:o, s:o}", "from", (json_int_t)info->from, "entries", entries, "files", files);
    char *btext = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    char node[80];
    snprintf(node, sizeof node, "%s/%s", tenant, number);
    char *m = message(node, key->id, now, btext, strlen(btext));
    unsigned char sig[64];
    keyfile_sign(key, m, strlen(m), sig);
    free(m);
    char sighex[129];
    sodium_bin2hex(sighex, sizeof sighex, sig, sizeof sig);
    json_t *head = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:s}", "format", EXPORT_FORMAT, "node", node, "key",
                             key->id, "at", (json_int_t)now, "from", (json_int_t)info->from, "entries",
                             (json_int_t)info->entries, "signature", sighex);
    char *htext = json_dumps(head, JSON_COMPACT);
    json_decref(head);
    size_t hl = strlen(htext), bl = strlen(btext);
    char *all = xmalloc(hl + bl + 3);
    memcpy(all, htext, hl);
    all[hl] = '\n';
    memcpy(all + hl + 1, btext, bl);
    all[hl + 1 + bl] = '\n';
    all[hl + 2 + bl] = 0;
    free(htext);
    free(btext);
    *out = all;
    *len = hl + bl + 2;
    return MC_OK;
}

mc_err node_export_import(store *s, const calendar *cal, const char *files_root, const char *text, size_t len,
                          mc_time now, json_t **answer, int *number, node_export_info *info, mc_error *err) {
    *answer = NULL;
    *number = 0;
    memset(info, 0, sizeof *info);
    const char *nl = memchr(text, '\n', len);
    if (!nl) return bad_file(err, "thiếu phần đầu");
    size_t blen = len - (size_t)(nl + 1 - text);
    if (blen && nl[blen] == '\n') blen--; /* the final newline is not the body's */
    json_error_t je;
    json_t *head = json_loadb(text, (size_t)(nl - text), 0, &je);
    const char *format = json_string_value(json_object_get(head, "format"));
    const char *node = json_string_value(json_object_get(head, "node"));
    const char *key = json_string_value(json_object_get(head, "key"));
    const char *sighex = json_string_value(json_object_get(head, "signature"));
    json_t *at = json_object_get(head, "at");
    mc_err e = MC_OK;
    node_principal p;
    memset(&p, 0, sizeof p);
    const char *slash = node ? strchr(node, '/') : NULL;
    if (!format || strcmp(format, EXPORT_FORMAT) != 0 || !slash || slash == node ||
        (size_t)(slash - node) >= sizeof p.tenant || !key || strlen(key) != 16 || !sighex || !json_is_integer(at) ||
        !keyfile_hex_exact(sighex, strlen(sighex), p.sig, sizeof p.sig))
        e = bad_file(err, "phần đầu");
    if (!e) {
        memcpy(p.tenant, node, (size_t)(slash - node));
        p.number = atoi(slash + 1);
        memcpy(p.key_id, key, 17);
        int64_t last;
        e = node_auth_key(store_reader(s), &p, now, &last, err);
    }
    if (!e) {
        char *m = message(node, key, json_integer_value(at), nl + 1, blen);
        bool ok = keyfile_verify(&p.key, m, strlen(m), p.sig);
        free(m);
        if (!ok)
            e = mc_fail(err, MC_ERR_UNAUTHORIZED, "signature",
                        "Chữ ký của tệp không khớp nội dung: tệp đã bị sửa hoặc không do máy trạm này lập.",
                        "The file's signature does not match.");
    }
    json_decref(head);
    if (e) return e;
    json_t *body = json_loadb(nl + 1, blen, 0, &je);
    json_t *entries = json_object_get(body, "entries"), *from = json_object_get(body, "from");
    if (!json_is_array(entries) || !json_is_integer(from)) {
        json_decref(body);
        return bad_file(err, "phần thao tác");
    }
    *number = p.number;
    info->from = json_integer_value(from);
    info->entries = (int64_t)json_array_size(entries);
    /* The files first: nothing applied may refer to bytes the province lacks. */
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(body, "files"), i, f) {
        const char *sha = json_string_value(json_object_get(f, "sha256"));
        const char *b64 = json_string_value(json_object_get(f, "content"));
        size_t cap = b64 ? strlen(b64) : 0, n = 0;
        unsigned char *bytes = xmalloc(cap + 1);
        char got[65];
        if (!sha || !b64 || sodium_base642bin(bytes, cap, b64, cap, NULL, &n, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
            e = bad_file(err, "tệp đính kèm");
        else
            e = attachments_put(files_root, bytes, n, sha, got, err);
        free(bytes);
        if (e) break;
        info->files++;
    }
    json_t *missing = NULL;
    if (!e) e = node_files_absent(entries, files_root, &missing, err);
    if (!e && json_array_size(missing))
        e = mc_failf(err, MC_ERR_CONFLICT, "files",
                     "Tệp thiếu %zu tệp đính kèm mà hồ sơ cần (tệp đầu tiên: %s); lập lại tệp tại máy trạm.",
                     "%zu files the dossiers name are missing (first: %s).", json_array_size(missing),
                     json_string_value(json_object_get(json_array_get(missing, 0), "sha256")),
                     json_array_size(missing),
                     json_string_value(json_object_get(json_array_get(missing, 0), "sha256")));
    json_decref(missing);
    if (!e) e = node_apply_push(s, cal, p.tenant, p.number, entries, info->from, now, answer, err);
    json_decref(body);
    return e;
}
