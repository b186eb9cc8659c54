/* auth.h - logins, sessions and login throttling, all kept in the store so
 * that several server processes share them.
 *
 * A session token is 32 random bytes (64 hex characters) given once to the
 * client; the store keeps only its BLAKE2b hash. Failed logins are counted
 * per username and per client address over a sliding window; past the limit
 * a login is refused with MC_ERR_TOO_MANY before the password is checked. */
#ifndef MC_AUTH_H
#define MC_AUTH_H

#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "store.h"
#include "timeutil.h"
#include "users.h"

/** Policy knobs (auth_policy_default gives the production values). */
typedef struct {
    int session_ttl;      /**< seconds a session lives (default 8 h) */
    int window;           /**< throttle window in seconds (default 15 min) */
    int max_user_fails;   /**< failures per username in the window (default 5) */
    int max_addr_fails;   /**< failures per address in the window (default 20) */
} auth_policy;

/** Production defaults. */
auth_policy auth_policy_default(void);

/** Token length in hex characters (without NUL). */
#define AUTH_TOKEN_HEX 64

/** Checks username/password from `address` at `now`; on success creates a
 * session, writes its token (AUTH_TOKEN_HEX + 1 bytes) and the user.
 * MC_ERR_UNAUTHORIZED on bad credentials, MC_ERR_TOO_MANY when throttled. */
mc_err auth_login(store *s, arena *a, const auth_policy *p, const char *username,
                  const char *password, const char *address, mc_time now,
                  char token[AUTH_TOKEN_HEX + 1], user *out, mc_time *expires, mc_error *err);
/** Resolves a token to its user. MC_ERR_UNAUTHORIZED when unknown or expired. */
mc_err auth_session(store_conn *c, arena *a, const char *token, mc_time now, user *out,
                    mc_error *err);
/** Ends a session (idempotent). */
mc_err auth_logout(store *s, const char *token, mc_error *err);
/** Public tracking with a wrong key is throttled per address (30 in the
 * window): MC_ERR_TOO_MANY once over. */
mc_err auth_track_allowed(store *s, const auth_policy *p, const char *address, mc_time now, mc_error *err);
/** Records a failed tracking lookup from `address`. */
void auth_track_failed(store *s, const char *address, mc_time now);
/** Deletes expired sessions and old failure records. */
mc_err auth_purge(store *s, const auth_policy *p, mc_time now, mc_error *err);

#endif
