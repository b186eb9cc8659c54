/* web_internal.h - what the page files of src/web share: rendering a page,
 * words for people, HTML forms with their CSRF token, redirects, and calling
 * the JSON API's handlers from a page so that every rule (permissions,
 * validation, the Vietnamese error messages) is the API's own. */
#ifndef MC_WEB_INTERNAL_H
#define MC_WEB_INTERNAL_H

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "api.h"
#include "tmpl.h"

/** The loaded templates and static files (web_assets.c). */
struct web_assets {
    tmpl_set *pages;
    struct static_file *files;
    size_t nfiles;
    pthread_mutex_t site_lock; /**< guards site and site_at */
    json_t *site;              /**< the portal's and service center's names, read at most once a minute */
    int64_t site_at;
};

/* ---- pages ------------------------------------------------------------------------------ */

/** Renders template `name` with ctx (reference stolen) as the response, adding
 *  `site` (portal and service center names), `title`, and `me` (the logged-in
 *  user with `csrf`, or nothing). Always MC_OK once a response is set. */
mc_err web_page(api_req *r, int status, const char *name, const char *title, json_t *ctx);
/** An error page with its status and a Vietnamese message. */
mc_err web_error(api_req *r, int status, const char *message);
/** 303 See Other to `location` (a path of this site). */
mc_err web_redirect(api_req *r, const char *location);
/** 303 See Other to `path`/<id>, the "id" of `out`, what an API handler answered on creating something;
 *  out is released. */
mc_err web_redirect_created(api_req *r, const char *path, json_t *out);
/** The portal is not installed (API only): MC_ERR_NOT_FOUND with a message. */
mc_err web_absent(mc_error *err);
/** True when the user is logged in (*out set); otherwise a redirect to the
 *  login page, which comes back to this page, has been set as the response. */
bool web_logged_in(api_req *r, user **out);
/** An officer's page: true when the user is an officer; else false with the response set
 *  (the login page, or 403 for a citizen). */
bool web_officer_only(api_req *r, user **out);
/** The period form of a report page (tu, den: dd/mm/yyyy, as people write dates): when either
 *  is given, answers with a redirect to `path`?unit=&from=&to= (ISO days, what the API reads), or
 *  for a date that does not read, with template `tpl` (status 400) and a Vietnamese error.
 *  Returns true when it answered; *ret is then the handler's result. */
bool web_period_form(api_req *r, const char *path, const char *tpl, const char *title, mc_err *ret);
/** Adds to ctx what the period form shows back: from_text, to_text (dd/mm/yyyy of the report's
 *  "from" and "to") and unit (the report's unit code). */
void web_period_context(json_t *ctx, json_t *report);
/** The active units an officer may pick in a form (their own and below; an admin: all), in tree order, as
 *  [{code, name, selected}] with `chosen` selected (new reference). */
json_t *web_unit_choices(api_req *r, const user *u, const char *chosen);
/** Whether u is an officer of any kind (not only a citizen). */
bool web_is_officer(const user *u);

/** Whether a unit whose activity ends on active_to ("YYYY-MM-DD", NULL = open) is active today. */
bool web_unit_active(const char *active_to);

/* ---- words for people ------------------------------------------------------------------- */

/** 50000 → "50.000 đồng". */
json_t *web_vnd(int64_t amount);
/** s percent-encoded for a URL query (unreserved characters kept). */
json_t *web_url_part(const char *s);
/** "early"/"on_time"/"late" → "trước hạn"/"đúng hạn"/"trễ hạn" (others as they are). */
const char *web_timing_text(const char *t);
/** s percent-encoded for a URL query (as web_url_part; NULL as ""), in the arena. */
const char *web_url_enc(api_req *r, const char *s);
/** "2026-11-01" → "01/11/2026" as a JSON string (new reference); iso as it is when it is not a day, ""
 *  for NULL. */
json_t *web_dmy(const char *iso);
/** Adds key_text beside each of `keys` (NULL-terminated) that is a string member of o: "dd/mm/yyyy hh:mm"
 *  for an ISO instant, "dd/mm/yyyy" for a day, otherwise the value as it is when keep_other (nothing when
 *  not). o may be NULL or not an object (nothing is added). */
void web_date_words(json_t *o, const char *const *keys, bool keep_other);

/* ---- forms ------------------------------------------------------------------------------ */

/** The fields of a submitted form: application/x-www-form-urlencoded or the
 *  text fields of multipart/form-data, in order, decoded. */
typedef struct {
    const char **names, **values;
    size_t n;
} web_form;

/** Parses an application/x-www-form-urlencoded body (len bytes, no NUL
 *  needed) into f, in the arena: "+" is a space, %XX a byte. false when a
 *  "%" is not followed by two hex digits, a byte is NUL, or a name or value
 *  is not UTF-8 once decoded (web_form.c). */
bool web_form_parse(arena *a, const char *body, size_t len, web_form *f);
/** Reads the request's form. MC_ERR_INVALID on bad percent-encoding or UTF-8. */
mc_err web_form_read(api_req *r, web_form *f, mc_error *err);
/** The first value of a field, or NULL. */
const char *web_form_get(const web_form *f, const char *name);
/** The value trimmed of spaces; NULL when absent or empty. */
const char *web_form_text(api_req *r, const web_form *f, const char *name);
/** The value without any space (phone and ID numbers, codes, as typed or
 *  pasted "0987 654 321"); NULL when absent or empty. */
const char *web_form_compact(api_req *r, const web_form *f, const char *name);
/** s without spaces, in the arena (NULL stays NULL). */
const char *web_compact(api_req *r, const char *s);
/** Every value of a field (checkboxes) as a JSON array of strings (new reference). */
json_t *web_form_all(const web_form *f, const char *name);
/** The fields `names` (NULL-terminated) of the form that have a value (web_form_text), as a JSON object of
 *  strings (new reference): for the API, and to show back. */
json_t *web_form_fields(api_req *r, const web_form *f, const char *const *names);

/** The CSRF token of this browser: derived from the session token when logged
 *  in, else from a random "motcua_pre" cookie (set on this response if the
 *  browser has none). Put it in every form as the field "csrf". */
const char *web_csrf(api_req *r);
/** Reads the request's form and checks its CSRF token: false with the
 *  response set (400/415 for a malformed form, 403 for a wrong token). */
bool web_posted(api_req *r, web_form *f);
/** Adds what a page with a form shows: `f` (what was typed; stolen, NULL for
 *  none), `csrf`, `error` and `done` (messages, NULL for none). */
void web_form_context(api_req *r, json_t *ctx, json_t *form, const char *error, const char *done);
/** Whether the form's "csrf" field is this browser's token. When not, the
 *  response is set to a 403 page and false is returned. */
/** True when the form carries this browser's CSRF token (no page written). */
bool web_csrf_valid(api_req *r, const web_form *f);
bool web_csrf_check(api_req *r, const web_form *f);

/* ---- the API, from a page ---------------------------------------------------------------- */

/** Calls an API handler as if the request came with path parameters `params`
 *  (np of them) and the JSON `body` (stolen; NULL for none), keeping the
 *  user, query and upload. On success *out is the response as JSON (owned)
 *  and *status its status; otherwise err is filled and *out is NULL. */
mc_err web_api(api_req *r, api_handler fn, const char *const *params, int np, json_t *body, json_t **out, int *status,
               mc_error *err);
/** HTTP status for an error code. */
int web_status(mc_err e);

/* ---- ratings (web_ratings.c) ------------------------------------------------------------------ */

/** Adds `rate` to a dossier page's ctx: the rating view of `code` (as its owner when key is NULL, else with
 *  the tracking key of the page's query), with its form posting to `action` (extra fields `hidden`, stolen,
 *  may be NULL) while it may be rated, "thanks" after (?da_danh_gia), and the facts. Nothing when the view
 *  cannot be read. */
void web_rating_attach(api_req *r, json_t *ctx, const char *code, const char *key, const char *action, json_t *hidden);
/** Adds to the case page's dossier d (JSON) the rating when the officer handled the dossier ("rating"), that
 *  it was rated ("rated_unseen") otherwise, or the link to the counter tablet page ("rate_link") for a
 *  receiver of its receiving unit while it is returned and unrated. */
void web_rating_case(api_req *r, json_t *d, const char *code);

/** Characters (code points) of a UTF-8 string. */
size_t web_utf8_chars(const char *s);
/** The first n characters of s and "…", in a static buffer of the calling thread. */
const char *web_utf8_head(const char *s, size_t n);
/** Horizontal bars of a chart, one row per item of `items`, the bar's length value/max of the width:
 *  {rows: [{label, text, y, ty, w, tx, lx, none}], left, height} for a box 360 wide (labels cut at 26
 *  characters: the table beside has them whole). max from max_key of each item, or fixed_max. */
json_t *web_hbar_chart(json_t *items, const char *label_key, const char *value_key, const char *text_key,
                       const char *max_key, double fixed_max);

#endif
