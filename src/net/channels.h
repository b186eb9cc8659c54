/* channels.h - the outbox's transports of this process, built from its options (net/ holds motcua's
 * outbound adapters: e-mail over SMTP, the SMS gateway, the national portal; libcurl and jansson live
 * here, never in domain/). */
#ifndef MC_CHANNELS_H
#define MC_CHANNELS_H
#include <stddef.h>

#include "err.h"
#include "outbox.h"

/** What the channels need to know. Strings are borrowed and must outlive the channels. A channel whose
 *  address is NULL is not configured: its messages wait in the outbox (the in-app channel needs none). */
typedef struct {
    const char *public_url; /**< the portal's address, for the tracking links in messages */
    /* e-mail */
    const char *smtp_url;           /**< smtp://host:port (STARTTLS when offered) or smtps://host:port */
    const char *smtp_user;          /**< NULL: no authentication */
    const char *smtp_password_file; /**< a file holding the password (never on the command line) */
    const char *mail_from;          /**< the From address */
    /* SMS */
    const char *sms_url;        /**< the gateway's HTTP endpoint */
    const char *sms_token_file; /**< a file holding the gateway's bearer token */
    /* the national portal (Cổng DVCQG) */
    const char *portal_url;      /**< the exchange's base address */
    const char *portal_key_file; /**< a file holding the system's access key */
    int timeout_s;               /**< per delivery (default 20) */
    /* notifications (net_notify.h) */
    const char *templates_dir; /**< the folder of templates-v*.json (data/notify); NULL: no notifications sent */
    store *st;                 /**< where the highest template version loaded is recorded, or NULL */
} net_config;

typedef struct net_channels net_channels;

/** Builds the transports cfg configures. *out: net_channels_free it. MC_ERR_INVALID: a bad setting
 *  (err says which, in Vietnamese). */
mc_err net_channels_create(const net_config *cfg, net_channels **out, mc_error *err);
/** The transports, for outbox_run_once and outbox_worker_start; valid while c lives. */
const outbox_transport *net_channels_transports(const net_channels *c, size_t *n);
/** Frees c. NULL is a no-op. */
void net_channels_free(net_channels *c);
#endif
