/* node_client.h - a commune node's side of the exchange with its province (docs/NODE.md §3): one signed HTTP
 * request at a time, whose answer counts only when the province's exchange key signed it (node_auth.h).
 *
 * The request counter is max(last + 1, unix milliseconds), written to the node's meta (node_counter) before the
 * request leaves: a node restarted, or restored from a backup, still sends counters the province has not seen. */
#ifndef MC_NODE_CLIENT_H
#define MC_NODE_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "keyfile.h"
#include "store.h"

/** What a node talks to its province with. The key and the store are the caller's. */
typedef struct {
    char url[512];            /**< the province's address, without a trailing slash */
    char tenant[64];          /**< the province's code */
    int number;               /**< this node's number */
    const keyfile_secret *key;
    keyfile_public province;  /**< the exchange key pinned at set-up */
    long timeout_s;           /**< per request (default 30) */
    store *st;                /**< where the counter is kept (meta node_counter) */
} node_client;

/** An answer the province signed. body is malloc'd (NUL-terminated): free it. */
typedef struct {
    long status;
    char *body;
    size_t len;
} node_answer;

/** Sends one signed request: method, path with its query (letters, digits and "-._~" only outside "/?=&",
 *  as node_auth.h requires), an optional body of `type`. A transport failure, a timeout or an answer without a
 *  valid province signature is MC_ERR_BUSY (a network failure: try again later) with the reason; otherwise MC_OK
 *  and the answer, whatever its status. */
mc_err node_client_call(const node_client *c, const char *method, const char *path_query, const void *body, size_t n,
                        const char *type, node_answer *out, mc_error *err);
/** The client of the node whose database is s (what `motcua node init` recorded in its meta: node_province,
 *  node_tenant, node_number, node_province_key), signing with key. MC_ERR_INVALID when s is no node's. */
mc_err node_client_from_meta(store *s, const keyfile_secret *key, node_client *out, mc_error *err);
/** Sets the province's address (http:// or https://, trailing slashes dropped). */
mc_err node_client_set_url(node_client *c, const char *url, mc_error *err);
/** Records in the node's meta where its province is and the exchange key it pinned (node init). */
mc_err node_client_save(const node_client *c, mc_error *err);
/** Frees an answer's body. */
void node_answer_free(node_answer *a);
/** The next request counter (max(last + 1, now in ms)), recorded in meta node_counter before it is returned. */
mc_err node_client_counter(store *s, int64_t now_ms, int64_t *out, mc_error *err);

#endif
