/* once.h - one-time tokens of forms that create something. A form carries a
 * random token; the first submission claims it and records what it made (a
 * dossier code); a second submission of the same form (a double click, a
 * request resent by the browser) is told what the first made instead of
 * making it again. Kept in the store, so several server processes agree. */
#ifndef MC_ONCE_H
#define MC_ONCE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "store.h"
#include "timeutil.h"

/** Length of a token in hex characters. */
#define ONCE_TOKEN_HEX 32

/** Writes a new random token (ONCE_TOKEN_HEX + 1 bytes). */
void once_new(char out[ONCE_TOKEN_HEX + 1]);
/** Whether s has the shape of a token. */
bool once_valid(const char *s);
/** Claims `token` for the user. MC_OK the first time: go on, then
 *  once_done() or once_release(). MC_ERR_CONFLICT when it was claimed
 *  before: *result is what that made, or NULL while it is still at work
 *  (or was another user's). */
mc_err once_claim(store *s, const char *token, int64_t user_id, mc_time now, arena *a, const char **result,
                  mc_error *err);
/** Records what the claimed submission made. */
mc_err once_done(store *s, const char *token, const char *result, mc_error *err);
/** Gives a claim back after a failure, so the corrected form can be sent again. */
void once_release(store *s, const char *token);
/** Forgets tokens claimed before `before`. */
mc_err once_purge(store *s, mc_time before, mc_error *err);

#endif
