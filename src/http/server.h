/* server.h - the HTTP transport: libmicrohttpd, limits, and dispatch through
 * the route table to the API handlers. */
#ifndef MC_SERVER_H
#define MC_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "err.h"
#include "guard.h"
#include "netaddr.h"

/** Server limits and binding. http_config_default() gives safe values; every
 * one of them is listed in docs/SECURITY.md. */
typedef struct {
    const char *listen;    /**< "host:port", IPv4 */
    unsigned threads;      /**< threads reading and answering requests (default: the processors, at least 2) */
    unsigned slow_threads; /**< threads for slow work: hashing, PDF, XLSX (default: half the processors) */
    unsigned slow_queue;   /**< slow requests waiting at most; more are answered 503 (default 256) */
    unsigned write_threads; /**< threads, started as needed, for requests that write (not GET, HEAD or
                                 OPTIONS): they wait for the disk together (default 32) */
    unsigned write_queue;   /**< writes waiting at most beyond those; more are answered 503 (default 1024) */
    unsigned thread_idle_s; /**< a write or slow-work thread idle this long stops, its reader closed (default 60) */
    size_t max_body;       /**< body of an import (ROUTE_BIG_BODY) by a logged-in user (default 8 MiB) */
    size_t max_body_json;  /**< any other body of a logged-in user (default 1 MiB) */
    size_t max_body_anon;  /**< any body without a valid session (default 64 KiB) */
    size_t max_header;     /**< per-connection header memory (default 32 KiB) */
    unsigned max_conns;    /**< concurrent connections (default 512) */
    unsigned timeout_s;    /**< idle connection timeout (default 30 s) */
    guard_config guard;    /**< per address, head deadline, body rate, body budget; guard.exempt = trusted proxies */
    netaddr_set proxies;   /**< reverse proxies whose X-Forwarded-For is believed (default none) */
    netaddr_set metrics_allow; /**< clients that may read /metrics (default 127.0.0.1 and ::1): the client
                                    address as resolved through `proxies`; others get 403 on the head */
} http_config;

/** The default of http_config.metrics_allow (serve --metrics-allow). */
#define HTTP_METRICS_ALLOW_DEFAULT "127.0.0.1,::1"

/** Defaults. */
http_config http_config_default(void);
/** The default number of serving threads: the processors, at least 2. */
unsigned http_default_threads(void);

typedef struct http_server http_server;

/** Starts serving `a` (not owned) in background threads. Free with http_stop(). */
mc_err http_start(const http_config *cfg, app *a, http_server **out, mc_error *err);
/** Stops and frees the server. http_stop(NULL) is a no-op. */
void http_stop(http_server *s);
/** The bound port (useful with port 0). */
unsigned http_port(const http_server *s);

#endif
