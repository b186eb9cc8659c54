/* drafts.h - online submissions a citizen is still preparing: the form (as
 * JSON text the web layer writes and reads) and the files uploaded so far,
 * kept until the citizen submits or deletes the draft. A draft belongs to
 * one user; another user is told it does not exist. */
#ifndef MC_DRAFTS_H
#define MC_DRAFTS_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "dossier.h"
#include "err.h"
#include "store.h"
#include "timeutil.h"

/** One file of a draft. */
typedef struct {
    int64_t id;
    ds_attachment f; /**< document seq, name, type, content address, size */
} draft_file;

/** A draft with its files. */
typedef struct {
    int64_t id;
    const char *procedure_code;
    const char *data; /**< the form, JSON text */
    mc_time created_at, updated_at;
    draft_file *files;
    size_t nfiles;
} draft;

/** Most files one draft holds. */
#define DRAFT_MAX_FILES 50
/** Most drafts one user keeps at a time. */
#define DRAFT_MAX_PER_USER 20

/** Saves a draft in one transaction: a new one when *id is 0 (then *id is
 *  set), else replaces the form of the user's draft *id. Adds `files` and
 *  removes the files whose ids are in `remove`. MC_ERR_NOT_FOUND when the
 *  draft is not the user's; MC_ERR_TOO_LARGE past max_bytes (0 = no limit)
 *  or DRAFT_MAX_FILES files, or when the files added would take the user's
 *  account past max_account_bytes (0 = no quota; attachments.h);
 *  MC_ERR_CONFLICT for a new draft when the user has DRAFT_MAX_PER_USER
 *  already. */
mc_err drafts_save(store *s, int64_t user_id, int64_t *id, const char *procedure, const char *data,
                   const ds_attachment *files, size_t nfiles, const int64_t *remove, size_t nremove, int64_t max_bytes,
                   int64_t max_account_bytes, mc_time now, mc_error *err);
/** The user's draft with its files. MC_ERR_NOT_FOUND when not theirs. */
mc_err drafts_get(store_conn *c, arena *a, int64_t user_id, int64_t id, draft *out, mc_error *err);
/** The user's drafts, newest first (files counted in nfiles, not loaded). */
mc_err drafts_list(store_conn *c, arena *a, int64_t user_id, draft **out, size_t *n, mc_error *err);
/** Deletes the user's draft and its file records (stored files stay: other
 *  drafts or dossiers may share their content). Idempotent. */
mc_err drafts_delete(store *s, int64_t user_id, int64_t id, mc_error *err);

#endif
