/* channels.c - which transports a process runs (channels.h). */
#include "channels.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>

#include "portal.h"
#include "xalloc.h"

struct net_channels {
    net_config cfg;
    outbox_transport t[8];
    size_t n;
    portal_conf portal;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init(void) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

mc_err net_channels_create(const net_config *cfg, net_channels **out, mc_error *err) {
    pthread_once(&curl_once, curl_init);
    net_channels *c = xcalloc(1, sizeof *c);
    c->cfg = *cfg;
    if (!c->cfg.timeout_s) c->cfg.timeout_s = 20;
    /* Each configured channel appends its transport here. */
    /* The national portal (Cổng DVCQG): its messages are ordered per dossier (docs/PORTAL.md). */
    if (c->cfg.portal_url) {
        mc_err e = portal_conf_init(&c->portal, c->cfg.portal_url, c->cfg.portal_key_file, c->cfg.timeout_s, err);
        if (e) {
            free(c);
            return e;
        }
        c->t[c->n++] = portal_transport(&c->portal);
    }
    *out = c;
    return MC_OK;
}

const outbox_transport *net_channels_transports(const net_channels *c, size_t *n) {
    *n = c->n;
    return c->t;
}

void net_channels_free(net_channels *c) {
    free(c);
}
