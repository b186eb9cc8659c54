/* api.h - the JSON API: a request as handlers see it, and helpers to read
 * input and write output. The transport (src/http) fills an api_req, calls
 * the handler named by the route table, and sends what the handler set.
 *
 * A handler returns MC_OK after api_reply(), or an error code with *err
 * filled; the transport turns the error into the one error shape:
 * {"error":{"code","message","message_en","field"}}. Everything a handler
 * allocates comes from r->a, freed after the response is sent. */
#ifndef MC_API_H
#define MC_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "arena.h"
#include "err.h"
#include "multipart.h"
#include "perm.h"
#include "timeutil.h"
#include "users.h"

#define API_MAX_PARAMS 4

typedef struct api_req api_req;

struct api_req {
    arena *a;
    app *app;
    const char *method, *path;
    const char *params[API_MAX_PARAMS]; /**< path parameters, in pattern order */
    int nparams;
    const char *body; /**< NUL-terminated; may be NULL */
    size_t body_len;
    const char *content_type;
    const char *client; /**< client address, for throttling and logs */
    const char *token;  /**< session token from cookie or bearer, or NULL */
    /** Looks up a query parameter (decoded; NULL if absent). */
    const char *(*query_fn)(api_req *r, const char *name);
    const char *query_string; /**< pages: the query as sent, re-encoded ("a=1&b=%C3%A2"); "" if none and for the API */
    /** Looks up a request header (NULL if absent). */
    const char *(*header_fn)(api_req *r, const char *name);
    /** Looks up a cookie of the request (NULL if absent). */
    const char *(*cookie_fn)(api_req *r, const char *name);
    void *transport;
    multipart *upload; /**< a multipart/form-data body, parsed and spooled to disk, or NULL */
    /** Called in process by a page (web_api): a handler that writes its answer with a json_w (json_text.h) gives
     *  the tree in `json` instead of text, so that the page does not parse what was just written. */
    bool want_tree;
    /** A route called by a commune node (ROUTE_NODE): who signed the request, checked already; else NULL. */
    const struct node_principal_s *node;
    /* resolved lazily by api_user() */
    bool user_loaded;
    user *user;
    /* response */
    int status;
    json_t *json;    /**< owned: freed by the transport */
    const char *raw; /**< or a raw body (arena memory) with raw_type */
    size_t raw_len;
    const char *raw_type;
    const char *set_cookie;    /**< Set-Cookie value, or NULL */
    const char *file_path;     /**< or a file to send (arena string), with raw_type */
    const char *file_name;     /**< suggested download name (UTF-8), or NULL */
    bool file_inline;          /**< show the file in the browser (PDF, JPEG, PNG) instead of downloading it */
    const char *cache_control; /**< raw body: Cache-Control instead of no-store, or NULL */
    const char *etag;          /**< raw body: its entity tag (a matching If-None-Match gets 304), or NULL */
    const char *location;      /**< raw body: a Location header (redirects), or NULL */
};

/** Handler signature. */
typedef mc_err (*api_handler)(api_req *r, mc_error *err);

/** Query parameter; NULL if absent. Invalid UTF-8 has been rejected already. */
const char *api_query(api_req *r, const char *name);
/** Reads an optional integer query parameter in [lo, hi] into *out (unchanged
 * when absent); 400 naming the parameter otherwise. */
mc_err api_query_int(api_req *r, const char *name, long lo, long hi, long *out, mc_error *err);
/** True when the request's media type (before any ";" parameters, compared
 * without case) is `type`. A request without Content-Type matches. */
bool api_media_type_is(api_req *r, const char *type);
/** Parses the body as a JSON object (400 on malformed JSON, 415 on a wrong
 * content type). The result is owned by the caller (json_decref). */
mc_err api_body_object(api_req *r, json_t **out, mc_error *err);

/** Reads an optional string member: absent or null → *out NULL; a non-string
 * or one longer than its limit (field_limits.h) → 400 naming the field. The
 * string is NFC-normalised and trimmed into the arena. */
mc_err api_json_str(api_req *r, json_t *obj, const char *key, bool required, const char **out, mc_error *err);
/** api_json_str for a member of a nested object: errors name `path` (e.g.
 *  "applicant.address"), the limit is that of `key`. */
mc_err api_json_str_at(api_req *r, json_t *obj, const char *key, const char *path, bool required, const char **out,
                       mc_error *err);

/** Sets the response: status and a JSON value (reference stolen). */
mc_err api_reply(api_req *r, int status, json_t *body);
/** Sets a raw response body (copied into the arena). */
mc_err api_reply_raw(api_req *r, int status, const char *type, const char *body, size_t len);
/** Sets a raw response body that already lives in the request's arena (not copied again). */
mc_err api_reply_arena(api_req *r, int status, const char *type, char *body, size_t len);

/** The logged-in user, or NULL. Resolved once per request from the token. */
user *api_user(api_req *r);
/** 401 unless logged in; then *out is the user. */
mc_err api_require_user(api_req *r, user **out, mc_error *err);
/** 401/403 unless the user may do `action` on data of the unit at target_path
 * (NULL = no particular unit, only SCOPE_ALL passes). */
mc_err api_require(api_req *r, perm_action action, const char *target_path, user **out, mc_error *err);

/** JSON of a user (no password hash). */
json_t *api_user_json(arena *a, const user *u);
/** json_string of NULL is JSON null. */
json_t *api_jstr(const char *s);
/** The journal entries about one record (journal_of_subject: subject, id), oldest first, into *out as a
 *  JSON array (new reference) of {id, actor, role, action, from, at, to, note, hash}. */
mc_err api_journal_json(api_req *r, const char *tenant, const char *subject, int64_t id, json_t **out, mc_error *err);
/** Answers with a stored file (content-addressed under the files folder: attachments.h): 200, its type and
 *  its download name. Returns MC_OK. */
mc_err api_reply_stored(api_req *r, const char *stored, const char *mime, const char *name);
/** An instant as ISO 8601 text, or JSON null when t is 0. */
json_t *api_time_json(mc_time t);
/** An instant as {"iso": ISO 8601, "text": "HH:MM dd/mm/yyyy"}, or JSON null when t is 0. */
json_t *api_when_json(mc_time t);

/** A positive id (at most 10^12) from path parameter i into *id; otherwise 404 with the Vietnamese
 *  message vi ("Not found." in English). */
mc_err api_path_id(api_req *r, int i, int64_t *id, const char *vi, mc_error *err);
/** The site's public address for links sent out: the configured public URL, else http:// and the
 *  request's Host (127.0.0.1:8080 without one). Arena string or the app's. */
const char *api_public_base(api_req *r);

#endif
