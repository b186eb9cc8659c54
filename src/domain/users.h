/* users.h - accounts: officers (with unit and roles) and self-registered citizens.
 *
 * Passwords are stored as argon2id hashes (libsodium). The cost comes from a
 * profile: "interactive" (default), "moderate", or "test" (cheap; only for the
 * test suite, set by MOTCUA_PWHASH=test). */
#ifndef MC_USERS_H
#define MC_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "store.h"
#include "timeutil.h"

/** A user as read from the store (strings in the arena of the call). */
typedef struct {
    int64_t id;
    const char *username, *name;
    int64_t unit_id; /**< 0 = none (citizens) */
    const char *unit_code, *unit_path;
    const char *phone, *email, *id_number;
    bool active;
    unsigned roles; /**< ROLE_* bits (perm.h) */
} user;

/** Input for users_add. */
typedef struct {
    const char *username, *name;
    const char *password_hash; /**< from users_prepare_password(), never hashed inside a transaction */
    const char *unit_code;     /**< required for officers, NULL for citizens */
    unsigned roles;
    const char *phone, *email, *id_number;
} user_new;

typedef enum { PWHASH_INTERACTIVE, PWHASH_MODERATE, PWHASH_TEST } pwhash_profile;

/** Sets the process-wide password cost profile. */
void users_set_pwhash(pwhash_profile p);
/** Parses "interactive" | "moderate" | "test". False if unknown. */
bool users_parse_pwhash(const char *s, pwhash_profile *out);
/** Minimum password rules; fills err (field "password") when weak. */
mc_err users_check_password(const char *pw, mc_error *err);
/** Hashes pw into out (crypto_pwhash_STRBYTES = 128 bytes). */
mc_err users_hash_password(const char *pw, char out[128], mc_error *err);
/** Checks pw against the password rules and hashes it into hash: the slow
 * part of creating an account or changing a password, to be done before the
 * write transaction, never inside it. */
mc_err users_prepare_password(const char *pw, char hash[128], mc_error *err);
/** Verifies pw against a stored hash (constant-time inside libsodium). */
bool users_verify_password(const char *hash, const char *pw);

/** Validates and creates a user inside write transaction c. Citizens must give
 * an ID number (12 digits) and a phone or an email; officers a unit. The
 * password comes hashed (u->password_hash, users_prepare_password). */
mc_err users_add(store_conn *c, const user_new *u, int64_t *id_out, mc_error *err);
/** Reads a user by username; if hash_out is not NULL it gets the password hash. */
mc_err users_get(store_conn *c, arena *a, const char *username, user *out, const char **hash_out, mc_error *err);
/** Reads the user who logs in as `login`: a username, or the phone or email
 * of an account (a username match wins). */
mc_err users_get_login(store_conn *c, arena *a, const char *login, user *out, const char **hash_out, mc_error *err);
/** Reads a user by id. */
mc_err users_get_id(store_conn *c, arena *a, int64_t id, user *out, mc_error *err);
/** Every user, by username. Array in the arena. */
mc_err users_list(store_conn *c, arena *a, user **out, size_t *n, mc_error *err);
/** Sets a user's password to `hash` (users_prepare_password) and ends their
 * sessions, inside write transaction c. */
mc_err users_set_password(store_conn *c, int64_t id, const char *hash, mc_error *err);
/** The journal's subject for changes to an account (journal_entry.subject; the id is the user's). */
#define USER_SUBJECT "user"

/** Disables (active false: no login, every session ended) or enables again the account `username`, for `by`
 * (who holds user.manage over the account's unit; never their own account), in one transaction that also
 * journals the change (subject "user", action user.disable or user.enable, from/to "active"/"disabled", the
 * reason as note) in the chain of the account's province: its unit's, or by's for a citizen. A reason is
 * required to disable. MC_ERR_CONFLICT when the account is already so. *out gets the account as it now is. */
mc_err users_set_active(store *s, arena *a, const char *username, bool active, const char *reason, const user *by,
                        mc_time now, user *out, mc_error *err);
/** Comma-joined role names of a role set, in the arena. */
const char *users_roles_string(arena *a, unsigned roles);
/** Parses "receiver,leader" into bits; 0 and err set on an unknown name. */
unsigned users_parse_roles(const char *s, mc_error *err);

#endif
