/* api_node_exchange.c - the routes a commune node calls (/api/v1/node/...; docs/NODE.md §4-5). Every request is
 * signed by the node and checked by the transport before the handler runs (ROUTE_NODE, node_auth.h): r->node
 * says who it is. */
#include "api_handlers.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attachments.h"
#include "filetype.h"
#include "node_apply.h"
#include "node_files.h"
#include "node_auth.h"
#include "node_pull.h"
#include "node_reference.h"
#include "nodes.h"
#include "xalloc.h"

/* Where the province keeps dossiers' files. */
static const char *files_root(api_req *r) {
    return r->app->files_dir ? r->app->files_dir : "var/files";
}

/* GET /api/v1/node/state[?head=N&schema=V]: what the province holds of the node's chain, its state and the province's time
 * (the node measures its clock against it); the node says how far its own chain goes (what waits to be pushed). */
mc_err api_node_state(api_req *r, mc_error *err) {
    const node_principal *p = r->node;
    node_info n;
    long head = -1, schema = 0;
    mc_err e = api_query_int(r, "head", 0, 1000000000000L, &head, err);
    if (!e) e = api_query_int(r, "schema", 1, 100000, &schema, err);
    /* A dossier's rows travel by column name: both sides must run the same schema (OPERATIONS.md, upgrades). */
    int mine = store_schema_version(r->app->st);
    if (!e && schema && schema != mine)
        e = mc_failf(err, MC_ERR_CONFLICT, "schema",
                     "Máy trạm dùng phiên bản cơ sở dữ liệu %ld, hệ thống tỉnh phiên bản %d: nâng cấp máy trạm cùng "
                     "phiên bản với tỉnh rồi đồng bộ lại; các thao tác tại xã vẫn được giữ.",
                     "The node's schema is %ld, the province's %d: upgrade the node.", schema, mine, schema, mine);
    if (!e && api_query(r, "head")) e = nodes_report_head(r->app->st, p->tenant, p->number, head, err);
    if (e) return e;
    e = nodes_get(store_reader(r->app->st), r->a, p->tenant, p->number, &n, err);
    if (e) return e;
    return api_reply(r, 200,
                     json_pack("{s:s, s:i, s:s, s:s, s:I, s:o, s:I}", "province", n.tenant, "number", n.number, "name",
                               n.name, "state", n.state, "acked_seq", (json_int_t)n.acked_seq, "acked_hash",
                               api_jstr(n.acked_hash), "time", (json_int_t)time_now()));
}

/* GET /api/v1/node/reference[?have=DIGEST]: the reference data the node works with (node_reference.h); only
 * {"digest", "unchanged": true} when the node has it already. Refused to a suspended node. */
mc_err api_node_reference(api_req *r, mc_error *err) {
    const node_principal *p = r->node;
    json_t *snap;
    mc_err e = node_reference_snapshot(r->app->st, p->tenant, p->number, &snap, err);
    if (e) return e;
    const char *have = api_query(r, "have");
    const char *digest = json_string_value(json_object_get(snap, "digest"));
    if (have && digest && strcmp(have, digest) == 0) {
        json_t *j = json_pack("{s:s, s:b}", "digest", digest, "unchanged", 1);
        json_decref(snap);
        return api_reply(r, 200, j);
    }
    return api_reply(r, 200, snap);
}

/* POST /api/v1/node/push {"from", "entries": [...]}: the node's queue from `from` on (node_apply.h). */
mc_err api_node_push(api_req *r, mc_error *err) {
    const node_principal *p = r->node;
    json_t *body;
    mc_err e = api_body_object(r, &body, err);
    if (e) return e;
    json_t *from = json_object_get(body, "from"), *answer = NULL;
    if (!json_is_integer(from))
        e = mc_fail(err, MC_ERR_INVALID, "from", "Thiếu số thứ tự thao tác đầu tiên (from).", "from: an integer.");
    else {
        /* The bytes of every file the images name come first: nothing is applied that would refer to a file the
         * province lacks (node_files.h). */
        json_t *missing;
        e = node_files_absent(json_object_get(body, "entries"), files_root(r), &missing, err);
        if (!e && json_array_size(missing)) {
            json_decref(body);
            return api_reply(r, 409,
                             json_pack("{s:{s:s, s:s, s:s, s:s}, s:o}", "error", "code", "conflict", "message",
                                       "Tỉnh chưa có nội dung của một số tệp đính kèm; máy trạm gửi các tệp này trước.",
                                       "message_en", "Upload these files first.", "field", "files", "missing",
                                       missing));
        }
        json_decref(missing);
        if (!e) {
            app_calendar *h = app_calendar_acquire(r->app, err);
            if (!h) {
                e = err->code;
            } else {
                e = node_apply_push(r->app->st, h->cal, p->tenant, p->number, json_object_get(body, "entries"),
                                    json_integer_value(from), time_now(), &answer, err);
                app_calendar_release(r->app, h);
            }
        }
    }
    json_decref(body);
    if (e) return e;
    return api_reply(r, 200, answer);
}

/* GET /api/v1/node/pull?since=J&limit=N: the node's units' dossiers changed after journal id J (node_pull.h). */
mc_err api_node_pull(api_req *r, mc_error *err) {
    const node_principal *p = r->node;
    long since = 0, limit = NODE_PULL_MAX;
    mc_err e = api_query_int(r, "since", 0, 1000000000000L, &since, err);
    if (!e) e = api_query_int(r, "limit", 1, NODE_PULL_MAX, &limit, err);
    if (e) return e;
    json_t *out;
    if ((e = node_pull_answer(r->app->st, p->tenant, p->number, since, (int)limit, &out, err))) return e;
    return api_reply(r, 200, out);
}

/* PUT /api/v1/node/files/{sha256}: a file of a dossier the node is about to push, as raw bytes (node_files.h):
 * stored by content when the bytes have the SHA-256 named and are a document type motcua accepts. */
mc_err api_node_file_put(api_req *r, mc_error *err) {
    const char *want = r->params[0];
    char stored[68];
    snprintf(stored, sizeof stored, "%.2s/%.64s", want, want);
    if (!attachments_name_ok(want, stored))
        return mc_fail(err, MC_ERR_INVALID, "sha256", "Tên tệp phải là mã SHA-256 của nội dung (64 chữ số hệ 16).",
                       "The name must be the content's SHA-256 (64 hex digits).");
    size_t head = r->body_len < FILETYPE_SNIFF_MAX ? r->body_len : FILETYPE_SNIFF_MAX;
    filetype t = filetype_sniff((const unsigned char *)r->body, head);
    if (t == FT_UNKNOWN)
        return mc_fail(err, MC_ERR_MEDIA_TYPE, "file",
                       "Tệp không thuộc định dạng được chấp nhận (PDF, JPEG, PNG, DOCX, XLSX, ODT).",
                       "The file is not PDF, JPEG, PNG, DOCX, XLSX or ODT.");
    char sha[65];
    mc_err e = attachments_put(files_root(r), r->body, r->body_len, want, sha, err);
    if (e) return e;
    return api_reply(r, 200, json_pack("{s:s, s:I}", "sha256", sha, "size", (json_int_t)r->body_len));
}

/* GET /api/v1/node/files/{sha256}?dossier=CODE: a file of a dossier of the node's units, base64 in JSON (the
 * answer is signed like every other). */
mc_err api_node_file_get(api_req *r, mc_error *err) {
    const node_principal *p = r->node;
    const char *code = api_query(r, "dossier");
    if (!code || !*code)
        return mc_fail(err, MC_ERR_INVALID, "dossier", "Thiếu mã hồ sơ (dossier).", "dossier: the dossier's code.");
    char stored[68], mime[80];
    mc_err e = node_files_find(store_reader(r->app->st), p->tenant, p->number, r->params[0], code, stored, mime, err);
    unsigned char *bytes = NULL;
    size_t n = 0;
    if (!e) e = node_files_read(files_root(r), stored, r->app->max_upload, &bytes, &n, err);
    if (e) return e;
    size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = xmalloc(cap);
    sodium_bin2base64(b64, cap, bytes, n, sodium_base64_VARIANT_ORIGINAL);
    free(bytes);
    json_t *j = json_pack("{s:s, s:s, s:I, s:s}", "sha256", r->params[0], "mime", mime, "size", (json_int_t)n,
                          "content", b64);
    free(b64);
    return api_reply(r, 200, j);
}
