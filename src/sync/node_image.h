/* node_image.h - a dossier as a commune node sends it to its province (docs/NODE.md §4): its row and its
 * documents, requests and files, every column as text, as the node's transaction wrote them. The province writes
 * the image over its own copy (found by code), so that the entries it then re-appends describe the state it
 * holds. Ids of units, users, procedures and templates are the province's on both sides (node_reference.h); the
 * dossier's own id and its children's are each side's. */
#ifndef MC_NODE_IMAGE_H
#define MC_NODE_IMAGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "store.h"

/** The image of dossier `id` of `tenant`, read on c: {"dossier": {column: text|null}, "documents": [...],
 *  "requests": [...], "files": [...]} (new reference in *out). */
mc_err node_image_read(store_conn *c, const char *tenant, int64_t id, json_t **out, mc_error *err);
/** Writes an image inside write transaction w: the dossier of the same code in `tenant` is updated (or inserted),
 *  its documents, requests and files replaced. *id gets its id here, *created whether it was new. at_node: w is a
 *  node's (a pulled dossier): a holder or citizen account the node does not hold is left out, and so is the link to
 *  a partner's dossier (each side's ids); else the province's, which keeps its own citizen account and partner link
 *  (the node never changes them). MC_ERR_INVALID when the image is not one (a column name that is not an identifier,
 *  another province's dossier). */
mc_err node_image_write(store_conn *w, const char *tenant, json_t *img, bool at_node, int64_t *id, bool *created,
                        mc_error *err);

#endif
