/* node_auth.h - signed requests between a commune node and its province (docs/NODE.md §3).
 *
 * A node signs every request with its Ed25519 key (node_key.h) over nine lines, each ended by "\n":
 *   motcua-node/1, METHOD, PATH[?QUERY], tenant, node number, key id, unix time, counter, hex BLAKE2b-256 of the body
 * sent in the headers X-Motcua-Node ("tenant/KK"), X-Motcua-Key, X-Motcua-Time, X-Motcua-Counter and
 * X-Motcua-Signature (128 hex digits). The query is as the transport re-encodes it (letters, digits and "-._~"
 * kept, every other byte %XX in capitals, parameters in the order sent).
 *
 * The province checks in two steps. On the request head, before any body is read (node_auth_head): the headers
 * are well formed, the node is registered and not revoked, the key is its own and not past its end, the time is
 * within the accepted skew of the province's clock, the counter is above the last one accepted. With the body
 * (node_auth_finish): the signature, then the counter is moved up by a compare-and-set, so that of two copies of
 * a request only one passes. A failure is a 401 naming the header at fault in `field`, and nothing is done.
 *
 * Every answer to a signed request is signed by the province's exchange key over
 *   motcua-node-answer/1, counter, HTTP status, hex BLAKE2b-256 of the body
 * (each ended by "\n") in X-Motcua-Answer-Signature; a node believes no answer without it. A province started
 * without an exchange key offers no exchange: the node routes answer 409. */
#ifndef MC_NODE_AUTH_H
#define MC_NODE_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "keyfile.h"
#include "store.h"
#include "timeutil.h"

/** A node key signs for at most this long after it was registered (a year): then it must be replaced (node rotate),
 *  so that a key copied from a stolen or discarded machine stops working on its own. */
#define NODE_AUTH_KEY_MAX_AGE (365 * 86400)
/** Default accepted difference between a request's time and the province's clock (serve --node-skew). */
#define NODE_AUTH_SKEW_DEFAULT 300

/** Who signed a request, as the head gave it and the registry confirmed. */
typedef struct node_principal_s {
    char tenant[64];
    int number;
    char key_id[17];
    int64_t time, counter;
    unsigned char sig[64];
    keyfile_public key; /**< the registered public key of key_id */
} node_principal;

/** The message a node signs (malloc'd, NUL-terminated; the caller frees). body_hash: 64 hex digits. */
char *node_auth_message(const char *method, const char *path_query, const char *tenant, int number,
                        const char *key_id, int64_t time, int64_t counter, const char body_hash[65]);
/** Hex BLAKE2b-256 of body[0..n) into out. */
void node_auth_body_hash(const void *body, size_t n, char out[65]);

/** The header values of a signed request (NULL when absent). */
typedef struct {
    const char *node, *key, *time, *counter, *signature;
} node_auth_headers;

/** True when the request carries any of the node headers (it means to be signed). */
bool node_auth_present(const node_auth_headers *h);
/** The checks on the request head (see above), on reader c, at `now` with `skew` seconds accepted. */
mc_err node_auth_head(store_conn *c, const node_auth_headers *h, mc_time now, int skew, node_principal *out,
                      mc_error *err);
/** The checks of a node and its key alone, part of node_auth_head: p->tenant, p->number and p->key_id given, the
 *  node registered and not revoked, the key its own, not replaced, not past NODE_AUTH_KEY_MAX_AGE at now; fills
 *  p->key, and *last_counter with the last counter accepted. What a file of entries carried from the commune is
 *  held to (node_export.h), which has neither a time window nor a counter. */
mc_err node_auth_key(store_conn *c, node_principal *p, mc_time now, int64_t *last_counter, mc_error *err);
/** The checks with the body: the signature over the request, then the counter moved up (its own transaction, with
 *  the node's last_seen_at and clock offset). */
mc_err node_auth_finish(store *s, const node_principal *p, const char *method, const char *path_query,
                        const void *body, size_t n, mc_time now, mc_error *err);

/** The province's signature of an answer, as 128 hex digits into out. */
void node_answer_sign(const keyfile_secret *k, int64_t counter, int status, const void *body, size_t n,
                      char out[129]);
/** True when sig_hex is k's signature of that answer. */
bool node_answer_verify(const keyfile_public *k, int64_t counter, int status, const void *body, size_t n,
                        const char *sig_hex);

#endif
