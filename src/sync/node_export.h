/* node_export.h - a commune node's entries carried to the province by hand (docs/NODE.md §11 step 18): when the
 * link stays down for days, or the node's machine is failing, `motcua node export` writes every entry the province
 * has not acknowledged, with the files their dossiers name, into one file signed by the node's key; an
 * administrator carries it (USB stick) and `motcua node import` at the province applies it exactly as a push
 * (node_apply.h): the same chain checks, rules and exactly-once, so that the node, once its link is back, finds
 * those entries acknowledged and goes on from there.
 *
 * The file is two parts: a first line, the header {"format": "motcua-node-export/1", "node": "tenant/KK", "key",
 * "at", "from", "entries", "signature"}, then the body, {"from", "entries": [queue payloads], "files": [{"sha256",
 * "content" (base64)}]}. The signature (Ed25519, 128 hex digits) is over the five lines motcua-node-export/1, node,
 * key id, at, hex BLAKE2b-256 of the body's bytes, each ended by "\n". Its key must be the node's, registered, not
 * replaced, not too old (node_auth_key); unlike a request it has no time window and no counter (a repeated import
 * is a repeated delivery, skipped). */
#ifndef MC_NODE_EXPORT_H
#define MC_NODE_EXPORT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "err.h"
#include "keyfile.h"
#include "store.h"
#include "timeutil.h"

/** What an export holds. */
typedef struct {
    int64_t from, entries, files;
} node_export_info;

/** The export file of the node whose database is s (signed with key; files from files_root) into *out (malloc'd,
 *  NUL-terminated; the caller frees) and its length. MC_ERR_NOT_FOUND (nothing is said) when no entry waits. */
mc_err node_export_write(store *s, const keyfile_secret *key, const char *files_root, mc_time now, char **out,
                         size_t *len, node_export_info *info, mc_error *err);

/** Applies an export file at the province whose database is s: the signature first (MC_ERR_UNAUTHORIZED naming
 *  what fails), then its files stored under files_root (each checked against its name), then its entries as a push
 *  (node_apply_push, with cal). *answer as node_apply_push's; *number the node's. */
mc_err node_export_import(store *s, const calendar *cal, const char *files_root, const char *text, size_t len,
                          mc_time now, json_t **answer, int *number, node_export_info *info, mc_error *err);

#endif
