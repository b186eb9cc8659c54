/* attachments.h - the files of dossiers and drafts, stored once per content
 * under root/ab/abcdef… (the SHA-256 of the bytes). A row of dossier_files or
 * draft_files refers to a file by that relative name; a file no row refers
 * to any more (a deleted draft, a file removed from one) is deleted by the
 * sweep once it has not been touched for a while. */
#ifndef MC_ATTACHMENTS_H
#define MC_ATTACHMENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "store.h"
#include "timeutil.h"

/** Files younger than this (seconds) are never swept: an upload may be
 *  between placing its file and committing the row that refers to it. */
#define ATTACHMENTS_MIN_AGE (24 * 3600)

/** Marks an existing stored file as just used (its time of change becomes
 *  now), so that a sweep leaves it. false when the file is not there (any
 *  more): the caller stores the bytes again. */
bool attachments_touch(const char *path);

/** True when sha256 is 64 lowercase hex digits and stored is the relative name a file of that content has here
 *  ("ab/abcd…"): a row's name from elsewhere (a commune node's image) can then never point outside root. */
bool attachments_name_ok(const char *sha256, const char *stored);

/** Stores bytes[0..n) under root by their SHA-256 (written to a temporary file in root/tmp, flushed, then renamed
 *  into place; an existing copy is only touched). sha_out gets the 64 hex digits. expect (or NULL): the SHA-256 the
 *  sender named, MC_ERR_INVALID (field "sha256", nothing stored) when the bytes have another. MC_ERR_INTERNAL
 *  (nothing left behind) when the disk refuses. */
mc_err attachments_put(const char *root, const void *bytes, size_t n, const char *expect, char sha_out[65],
                       mc_error *err);

/** The per-account quota: refuses `adding` more bytes when the files account
 *  `user_id` keeps (those it attached to its own online dossiers and its
 *  drafts' files, as rows count them: the same file twice counts twice)
 *  would then pass max_bytes. MC_ERR_TOO_LARGE (413, field "files") with the
 *  quota and what is used in the message; MC_OK when max_bytes or adding is
 *  0. Read on c, inside the caller's write transaction where there is one
 *  (already written rows of it are counted, so pass adding as 0 or the
 *  bytes not yet written). Citizens only: an officer's uploads are the
 *  unit's work, bounded per dossier, and never counted here. */
mc_err attachments_account_check(store_conn *c, int64_t user_id, int64_t adding, int64_t max_bytes, mc_error *err);

/** Deletes every file under root that no row refers to and that has not
 *  been touched for min_age seconds before now (the system clock's time, as
 *  the files carry it). *removed and *bytes get what
 *  was deleted. A file touched while being swept is put back. */
mc_err attachments_sweep(store *s, const char *root, mc_time now, int64_t min_age, int *removed, int64_t *bytes,
                         mc_error *err);

#endif
