/* routes.h - the route table: every endpoint of the API, declared once. The
 * router, the OpenAPI document and `motcua routes` are all built from it. */
#ifndef MC_ROUTES_H
#define MC_ROUTES_H

#include <stdbool.h>
#include <stddef.h>

#include "api.h"

/** One endpoint. pattern segments in braces are path parameters. */
typedef struct {
    const char *method;
    const char *pattern;
    api_handler fn;
    const char *tag;     /**< OpenAPI tag */
    const char *summary; /**< Vietnamese summary */
    bool auth;           /**< needs a logged-in user */
    const char *query;   /**< comma-separated query parameters, or NULL */
    const char *body;    /**< request media type, or NULL for none */
    int ok;              /**< success status */
    bool upload;         /**< also takes multipart/form-data, streamed to disk */
    bool page;           /**< an HTML page of the portal, not part of the API (nor of OpenAPI) */
    unsigned flags;      /**< ROUTE_* below */
} route;

/** The handler does slow work (password hashing, PDF or spreadsheet
 * rendering): it runs on the server's few slow-work threads, never on the
 * threads that serve everything else. */
#define ROUTE_SLOW 1u
/** Takes a large body (an import): up to serve --max-body from a logged-in
 * user, instead of the JSON limit. */
#define ROUTE_BIG_BODY 2u
/** Called by a commune node, not a person: no session; the request is signed (node_auth.h), checked on its head
 *  and again with its body before the handler runs, and the answer is signed by the province's exchange key.
 *  Its body may be up to serve --max-body-json (ROUTE_BIG_BODY: --max-body). */
#define ROUTE_NODE 4u
/** Its body is a file's bytes, not text: not checked as UTF-8, and up to serve --max-file (a commune node's
 *  upload of a dossier's file, node_files.h). */
#define ROUTE_FILE_BODY 8u

/** The admission check of a route's handler, or NULL: run on the serving
 * thread before the handler (before it is queued, for ROUTE_SLOW). It answers
 * (an error, or a page in r) to refuse; MC_OK with no answer set admits. */
api_handler routes_admission(const route *rt);

/** True when the route changes something: every method but GET and HEAD, except logging in and out. A
 *  read-only user (perm_read_only: the observer) is refused such a route with 403 before its handler runs. */
bool routes_writes(const route *rt);

/** True when a commune node serves the path (docs/NODE.md §1): the counter's work on dossiers (the officers'
 *  console, intake, cases, forms) and what it needs (login, the catalog, units, the calendar, static files). The
 *  rest is the province's alone (online services, feedback, ratings, reports, administration): a node answers 409
 *  with a link to the province. */
bool routes_on_node(const char *path);

/** The table and its length. */
const route *routes_table(size_t *n);

/** Result of matching a request. */
typedef enum { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD } route_match;

/** Finds the route for method+path; fills params (arena copies, decoded).
 * ROUTE_NO_METHOD when the path exists under another method; *allow then
 * lists the methods ("GET, POST"). */
route_match routes_find(arena *a, const char *method, const char *path, const route **out, const char **params,
                        int *nparams, const char **allow);

/** The OpenAPI 3 document built from the table (caller owns the reference). */
json_t *routes_openapi(void);

#endif
