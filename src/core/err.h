/* err.h - the one error vocabulary of motcua.
 *
 * Every layer reports failure as an mc_err plus an mc_error carrying the
 * Vietnamese message shown to users, an English message for logs and API
 * clients, and the input field at fault. One table (err.c) maps each code to
 * its HTTP status and its JSON code string. */
#ifndef MC_ERR_H
#define MC_ERR_H

#include <stdbool.h>

typedef enum {
    MC_OK = 0,
    MC_ERR_INVALID,      /**< bad input: 400 */
    MC_ERR_UNAUTHORIZED, /**< not logged in or bad credentials: 401 */
    MC_ERR_FORBIDDEN,    /**< logged in but not allowed: 403 */
    MC_ERR_NOT_FOUND,    /**< 404 */
    MC_ERR_METHOD,       /**< method not allowed: 405 */
    MC_ERR_CONFLICT,     /**< state or uniqueness conflict: 409 */
    MC_ERR_TOO_LARGE,    /**< 413 */
    MC_ERR_MEDIA_TYPE,   /**< 415 */
    MC_ERR_TOO_MANY,     /**< throttled: 429 */
    MC_ERR_TIMEOUT,      /**< 408 */
    MC_ERR_STORE,        /**< database failure: 500 */
    MC_ERR_BUSY,         /**< database busy beyond the timeout: 503 */
    MC_ERR_INTERNAL,     /**< 500 */
    MC_ERR__COUNT
} mc_err;

/** Details of a failure. Fixed-size: no allocation, safe to copy. */
typedef struct {
    mc_err code;
    char field[64];       /**< offending input field, "" if none */
    char message[320];    /**< Vietnamese, for users */
    char message_en[320]; /**< English */
} mc_error;

/** Fills *e (may be NULL) and returns code. vi/en may be NULL for the default text. */
mc_err mc_fail(mc_error *e, mc_err code, const char *field, const char *vi, const char *en);
/** Like mc_fail with printf-style formats for both messages (same arguments). */
mc_err mc_failf(mc_error *e, mc_err code, const char *field, const char *vi_fmt, const char *en_fmt, ...);
/** Resets *e to MC_OK with empty texts. */
void mc_error_clear(mc_error *e);
/** HTTP status for a code. */
int mc_err_http_status(mc_err code);
/** Stable machine-readable string for a code, e.g. "invalid_input". */
const char *mc_err_name(mc_err code);
/** Default Vietnamese message for a code. */
const char *mc_err_default_vi(mc_err code);

#endif
