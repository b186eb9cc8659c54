/* portal.h - the national portal's (Cổng DVCQG) transport and catalog fetch over HTTPS (libcurl, jansson):
 * the exchange as docs/PORTAL.md describes it. The messages come from domain/portal_sync.c. */
#ifndef MC_NET_PORTAL_H
#define MC_NET_PORTAL_H
#include <stddef.h>

#include <jansson.h>

#include "err.h"
#include "outbox.h"

/** What the transport needs: the exchange's base address, its access key, a timeout per request. */
typedef struct {
    char url[512];
    char key[512]; /**< "" when no key file was given */
    int timeout_s;
} portal_conf;

/** Fills c from the base url and the key file (its first line; NULL: no key). MC_ERR_INVALID when the
 *  address is not http(s) or the file cannot be read (err in Vietnamese). */
mc_err portal_conf_init(portal_conf *c, const char *url, const char *key_file, int timeout_s, mc_error *err);

/** The outbox transport of channel "portal" (ordered; ctx: a portal_conf that outlives it). */
outbox_transport portal_transport(portal_conf *c);

/** Asks the portal for the procedures changed since `since` ("" for all): GET <url>/thutuc?since=…. On
 *  success *catalog gets the motcua-catalog/1 document (json_decref it) and next (size n) the cursor for
 *  the next pull. */
mc_err portal_fetch_catalog(const portal_conf *c, const char *since, json_t **catalog, char *next, size_t n,
                            mc_error *err);
#endif
