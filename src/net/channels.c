/* channels.c - which transports a process runs (channels.h). */
#include "channels.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>

#include "portal.h"
#include "log.h"
#include "net_notify.h"
#include "notify.h"
#include "xalloc.h"

struct net_channels {
    net_config cfg;
    outbox_transport t[8];
    size_t n;
    portal_conf portal;
    net_notify *notify;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init(void) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

mc_err net_channels_create(const net_config *cfg, net_channels **out, mc_error *err) {
    /* libcurl (and the TLS library it starts, about 3 MB of it resident) only when something is sent
     * over the network: in-app notices alone need none of it. */
    if (cfg->portal_url || cfg->smtp_url || cfg->sms_url) pthread_once(&curl_once, curl_init);
    net_channels *c = xcalloc(1, sizeof *c);
    c->cfg = *cfg;
    if (!c->cfg.timeout_s) c->cfg.timeout_s = 20;
    /* The national portal (Cổng DVCQG): its messages are ordered per dossier (docs/PORTAL.md). */
    if (c->cfg.portal_url) {
        mc_err e = portal_conf_init(&c->portal, c->cfg.portal_url, c->cfg.portal_key_file, c->cfg.timeout_s, err);
        if (e) {
            free(c);
            return e;
        }
        c->t[c->n++] = portal_transport(&c->portal);
    }
    /* Notifications: in-app always, e-mail and SMS when configured (net_notify.h). */
    mc_err e = net_notify_add(&c->cfg, c->t, &c->n, sizeof c->t / sizeof c->t[0], &c->notify, err);
    if (!e && c->notify && cfg->st)
        e = notify_template_version_publish(cfg->st, net_notify_template_version(c->notify), err);
    if (e) {
        net_channels_free(c);
        return e;
    }
    *out = c;
    return MC_OK;
}

const outbox_transport *net_channels_transports(const net_channels *c, size_t *n) {
    *n = c->n;
    return c->t;
}

void net_channels_free(net_channels *c) {
    if (!c) return;
    net_notify_free(c->notify);
    free(c);
}
