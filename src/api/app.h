/* app.h - what a running motcua shares between requests: the store, the
 * policies, and a cached calendar refreshed when its generation changes. */
#ifndef MC_APP_H
#define MC_APP_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth.h"
#include "calendar.h"
#include "store.h"

/** A loaded calendar shared by requests; reference-counted under app.cal_lock. */
typedef struct {
    calendar *cal;
    int64_t gen;
    int refs; /**< the app's own reference counts as one */
} app_calendar;

struct web_assets; /* web.h: templates and static files of the portal */

typedef struct {
    store *st;
    struct web_assets *web; /**< loaded by web_load(), or NULL (API only) */
    auth_policy policy;
    bool secure_cookies;    /**< add "Secure" to cookies (behind TLS) */
    const char *public_url; /**< the portal's address for links printed on paper (QR codes), or NULL: from Host */
    const char *files_dir;  /**< where attachments live (content-addressed); "tmp/" inside for uploads */
    size_t max_file;        /**< one attachment (default 10 MiB) */
    size_t max_upload;      /**< one upload request (default 50 MiB) */
    int64_t max_dossier;    /**< all attachments of one dossier (default 100 MiB) */
    int64_t max_account;    /**< all attachments a citizen account keeps (default 300 MiB; attachments.h) */
    /** The province's exchange key (serve --node-exchange-key; node_key.h), which signs every answer to a
     *  commune node; NULL: the node routes answer 503. */
    struct keyfile_secret *node_exchange;
    int node_skew; /**< seconds a node's request time may differ from ours (default NODE_AUTH_SKEW_DEFAULT) */
    int node_number; /**< this database is commune node KK's (code_space.h): it serves routes_on_node() only; 0 */
    pthread_mutex_t cal_lock;
    app_calendar *cal; /**< newest loaded calendar, reference-counted */
} app;

/** Initialises an app over an open store (not owned). */
void app_init(app *a, store *st);
/** Releases the app's caches (not the store). */
void app_destroy(app *a);

/** The current calendar (h->cal), loaded or refreshed from the store if its
 * generation changed. Pair with app_calendar_release(); NULL on failure. */
app_calendar *app_calendar_acquire(app *a, mc_error *err);
/** Releases a handle from app_calendar_acquire (NULL is a no-op). */
void app_calendar_release(app *a, app_calendar *h);

#endif
