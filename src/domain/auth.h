/* auth.h - logins, sessions and login throttling, all kept in the store so
 * that several server processes share them.
 *
 * A session token is 32 random bytes (64 hex characters) given once to the
 * client; the store keeps only its BLAKE2b hash. Failed logins slow down
 * (throttle.h) the account at that address, the address, and the account
 * from addresses it has never logged in from: a stranger failing on an
 * officer's account never delays the officer at the office's own address, and
 * a correct login never counts as a failure. While a key must wait, a login is
 * refused with MC_ERR_TOO_MANY before the password is checked. */
#ifndef MC_AUTH_H
#define MC_AUTH_H

#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "store.h"
#include "throttle.h"
#include "timeutil.h"
#include "users.h"

/** Policy knobs (auth_policy_default gives the production values, listed in
 * docs/SECURITY.md). */
typedef struct {
    int session_ttl;       /**< seconds a session lives (default 8 h) */
    throttle_rule pair;    /**< failed logins of one account from one address (from the 5th: 2 s doubling to 15 min) */
    throttle_rule address; /**< failed logins from one address, any account (from the 30th: 2 s doubling to 15 min) */
    throttle_rule account; /**< failed logins of one account from addresses it never logged in from
                                (from the 10th: 2 s doubling to 15 min; forgotten after a day) */
    int known_for;         /**< an address stays known to an account this long after a login (90 days) */
    throttle_rule track_addr; /**< wrong tracking keys from one address (from the 30th: 2 s doubling to 15 min) */
    int track_code_max; /**< wrong keys on one dossier code after which its short key (phone digits) stops opening it
                           (30) */
    throttle_rule registration; /**< accounts registered from one address (from the 20th: 1 min doubling to 1 h) */
    throttle_rule feedback;     /**< feedback sent by citizens and anonymous senders from one address (from the 20th:
                                   1 min doubling to 1 h) */
} auth_policy;

/** Production defaults. */
auth_policy auth_policy_default(void);

/** Token length in hex characters (without NUL). */
#define AUTH_TOKEN_HEX 64

/** Checks username/password from `address` at `now`; on success creates a
 * session, writes its token (AUTH_TOKEN_HEX + 1 bytes) and the user.
 * MC_ERR_UNAUTHORIZED on bad credentials, MC_ERR_TOO_MANY when throttled. */
mc_err auth_login(store *s, arena *a, const auth_policy *p, const char *username, const char *password,
                  const char *address, mc_time now, char token[AUTH_TOKEN_HEX + 1], user *out, mc_time *expires,
                  mc_error *err);
/** The cheap part of auth_login, to refuse a throttled login before any slow
 * work is queued for it: MC_ERR_TOO_MANY while the login must wait. Reads only. */
mc_err auth_login_allowed(store *s, arena *a, const auth_policy *p, const char *username, const char *address,
                          mc_time now, mc_error *err);
/** Resolves a token to its user. MC_ERR_UNAUTHORIZED when unknown or expired. */
mc_err auth_session(store_conn *c, arena *a, const char *token, mc_time now, user *out, mc_error *err);
/** Ends a session (idempotent). */
mc_err auth_logout(store *s, const char *token, mc_error *err);
/** Public tracking: MC_ERR_TOO_MANY while `address` must wait after wrong keys. */
mc_err auth_track_allowed(store *s, const auth_policy *p, const char *address, mc_time now, mc_error *err);
/** Records a wrong key from `address`, and against the dossier `code` when it
 * exists (NULL when it does not). */
void auth_track_failed(store *s, const auth_policy *p, const char *address, const char *code, mc_time now);
/** False once `code` has had p->track_code_max wrong keys: from then on only
 * the receipt's tracking key opens it, never the last digits of a phone. */
bool auth_track_short_key_ok(store *s, const auth_policy *p, const char *code, mc_time now);
/** Counts an account registration from `address`; MC_ERR_TOO_MANY (nothing
 * counted) while the address must wait. Call before hashing the password. */
mc_err auth_register_allowed(store *s, const auth_policy *p, const char *address, mc_time now, mc_error *err);
/** Counts a feedback item sent from `address` by someone who is not an officer; MC_ERR_TOO_MANY (nothing
 * counted) while the address must wait. */
mc_err auth_feedback_allowed(store *s, const auth_policy *p, const char *address, mc_time now, mc_error *err);
/** Deletes expired sessions, forgotten throttle keys and addresses no longer known. */
mc_err auth_purge(store *s, const auth_policy *p, mc_time now, mc_error *err);

#endif
