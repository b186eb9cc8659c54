/* node_files.h - the bytes of a dossier's files between a commune node and its province (docs/NODE.md §4-5).
 *
 * A dossier image (node_image.h) carries its dossier_files rows, which name each file by its content (SHA-256,
 * stored as "ab/abcd…" under the files folder, attachments.h); the bytes travel apart, once per content:
 *   push: the province applies no push whose images name a file it lacks; it answers 409 (field "files") with the
 *         missing contents, the node uploads each (PUT /api/v1/node/files/{sha256}, the raw bytes, checked
 *         against the name) and pushes again;
 *   pull: before the node writes a pulled page, it fetches each file it lacks (GET /api/v1/node/files/{sha256}?
 *         dossier=CODE), which the province gives only for a dossier of the node's units.
 * A scanned paper received at the counter offline therefore reaches the province before the dossier does, and an
 * online submission's attachments reach the commune counter that must check them. */
#ifndef MC_NODE_FILES_H
#define MC_NODE_FILES_H

#include <jansson.h>
#include <stddef.h>

#include "err.h"
#include "store.h"

/** Every file the images in list (as below) name: *out a new array of {"sha256", "code"}, each content once.
 *  MC_ERR_INVALID (field "files") when a row names its file otherwise than by its content. */
mc_err node_files_named(json_t *list, json_t **out, mc_error *err);
/** The files that the images in list (an array of objects with an "image" member: queue payloads or a pull
 *  answer's dossiers) name and that root lacks: *out a new array of {"sha256", "code"}, each content once. Those
 *  present are touched, so that the sweep of unreferenced files leaves them until the rows refer to them.
 *  MC_ERR_INVALID (field "files") when a row names its file otherwise than by its content. */
mc_err node_files_absent(json_t *list, const char *root, json_t **out, mc_error *err);

/** Where the province keeps the file `sha256` of dossier `code` (*stored "ab/abcd…", *mime), given to node
 *  `number` only when that dossier's receiving or holding unit is on the node: MC_ERR_NOT_FOUND otherwise. */
mc_err node_files_find(store_conn *c, const char *tenant, int number, const char *sha256, const char *code,
                       char stored[68], char mime[80], mc_error *err);

/** Reads root/stored whole (malloc'd into *bytes, *n; the caller frees). max: larger files are refused.
 *  MC_ERR_NOT_FOUND when it is not there. */
mc_err node_files_read(const char *root, const char *stored, size_t max, unsigned char **bytes, size_t *n,
                       mc_error *err);

#endif
