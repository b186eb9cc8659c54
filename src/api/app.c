/* app.c - shared state of a running motcua. */
#include "app.h"

#include <stdlib.h>

#include "calendar_store.h"
#include "keyfile.h"
#include "node_auth.h"
#include "xalloc.h"

void app_init(app *a, store *st) {
    a->st = st;
    a->policy = auth_policy_default();
    a->secure_cookies = false;
    a->files_dir = NULL;
    a->max_file = 10u << 20;
    a->max_upload = 50u << 20;
    a->max_dossier = 100LL << 20;
    a->max_account = 300LL << 20;
    a->node_exchange = NULL;
    a->node_skew = NODE_AUTH_SKEW_DEFAULT;
    a->node_number = 0;
    pthread_mutex_init(&a->cal_lock, NULL);
    a->cal = NULL;
}

static void entry_unref(app_calendar *e) {
    if (e && --e->refs == 0) {
        calendar_free(e->cal);
        free(e);
    }
}

void app_destroy(app *a) {
    pthread_mutex_lock(&a->cal_lock);
    entry_unref(a->cal);
    a->cal = NULL;
    pthread_mutex_unlock(&a->cal_lock);
    pthread_mutex_destroy(&a->cal_lock);
    keyfile_secret_free(a->node_exchange);
    a->node_exchange = NULL;
}

app_calendar *app_calendar_acquire(app *a, mc_error *err) {
    store_conn *c = store_reader(a->st);
    int64_t gen;
    if (calendar_generation(c, &gen, err)) return NULL;
    pthread_mutex_lock(&a->cal_lock);
    if (!a->cal || a->cal->gen != gen) {
        calendar *fresh;
        if (calendar_load(c, &fresh, err)) {
            pthread_mutex_unlock(&a->cal_lock);
            return NULL;
        }
        app_calendar *e = xcalloc(1, sizeof *e);
        e->cal = fresh;
        e->gen = gen;
        e->refs = 1;
        entry_unref(a->cal);
        a->cal = e;
    }
    a->cal->refs++;
    app_calendar *out = a->cal;
    pthread_mutex_unlock(&a->cal_lock);
    return out;
}

void app_calendar_release(app *a, app_calendar *h) {
    if (!h) return;
    pthread_mutex_lock(&a->cal_lock);
    entry_unref(h);
    pthread_mutex_unlock(&a->cal_lock);
}
