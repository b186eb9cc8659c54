/* server.h - the HTTP transport: libmicrohttpd, limits, and dispatch through
 * the route table to the API handlers. */
#ifndef MC_SERVER_H
#define MC_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "err.h"

/** Server limits and binding. http_config_default() gives safe values. */
typedef struct {
    const char *listen;     /**< "host:port", IPv4 */
    unsigned threads;       /**< worker threads (default 4) */
    size_t max_body;        /**< request body limit in bytes (default 8 MiB) */
    size_t max_header;      /**< per-connection header memory (default 32 KiB) */
    unsigned max_conns;     /**< concurrent connections (default 512) */
    unsigned timeout_s;     /**< idle connection timeout (default 30 s) */
    bool trust_proxy;       /**< take the client address from X-Forwarded-For */
} http_config;

/** Defaults. */
http_config http_config_default(void);

typedef struct http_server http_server;

/** Starts serving `a` (not owned) in background threads. Free with http_stop(). */
mc_err http_start(const http_config *cfg, app *a, http_server **out, mc_error *err);
/** Stops and frees the server. http_stop(NULL) is a no-op. */
void http_stop(http_server *s);
/** The bound port (useful with port 0). */
unsigned http_port(const http_server *s);

#endif
