/* net_notify.h - the notification transports of the outbox (notify.h): e-mail over SMTP (libcurl: STARTTLS
 * when the server offers it on smtp://, implicit TLS on smtps://), SMS through a province's HTTP gateway
 * (docs/NOTIFY.md: POST {"to","text","ref"} with a bearer token), and the in-app list of an account. Each
 * renders its message with the template version named on the outbox row (notify_tmpl.h) and checks the
 * recipient's opt-out again before sending. */
#ifndef MC_NET_NOTIFY_H
#define MC_NET_NOTIFY_H
#include <stddef.h>

#include "channels.h"
#include "err.h"
#include "outbox.h"

typedef struct net_notify net_notify;

/** Loads the templates of cfg->templates_dir and appends, to t[*n] (room for max), the in-app transport and
 *  the e-mail and SMS ones cfg configures. With no templates_dir the notification channels are left out (their
 *  messages wait) and *out is NULL. MC_ERR_INVALID (Vietnamese) for bad templates or settings. Free *out with
 *  net_notify_free after the transports are no longer used. */
mc_err net_notify_add(const net_config *cfg, outbox_transport *t, size_t *n, size_t max, net_notify **out,
                      mc_error *err);
/** The highest template version loaded (0: none). */
int net_notify_template_version(const net_notify *nn);
/** Frees nn; NULL is a no-op. */
void net_notify_free(net_notify *nn);

/** The SMS text of UTF-8 s without Vietnamese marks (đ → d), as Vietnamese gateways send it: one GSM 7-bit
 *  part holds 160 such characters, against 70 with marks. malloc'd; NULL for invalid UTF-8. */
char *net_sms_unaccent(const char *s);
#endif
