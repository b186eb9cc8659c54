/* server.c - libmicrohttpd adapter: request limits, body collection, UTF-8
 * checks, session token extraction, routing, and the one error shape. */
#include "server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <pthread.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "buf.h"
#include "json_text.h"
#include "hist.h"
#include "log.h"
#include "metrics.h"
#include "node_auth.h"
#include "perm.h"
#include "routes.h"
#include "text.h"
#include "web.h"
#include "workpool.h"
#include "xalloc.h"

struct http_server {
    struct MHD_Daemon *d;
    http_config cfg;
    app *app;
    unsigned port;
    guard *guard;
    workpool *slow;   /* ROUTE_SLOW: hashing, PDF, XLSX, at nice 10 */
    workpool *writes; /* every other request that is not GET, HEAD or OPTIONS: it waits for the disk */
    pthread_t sweeper;
    pthread_mutex_t stop_lock;
    pthread_cond_t stop_cond;
    bool stopping;
};

/* Body bytes read and dropped past a limit before the connection is closed
 * without an answer (a chunked body has no length to refuse it by early). */
#define DROP_MAX ((size_t)1 << 20)

/* What a request's slow work has reached. */
enum { JOB_NONE, JOB_QUEUED, JOB_DONE };

typedef struct {
    arena *a;
    http_server *s;
    struct MHD_Connection *c;
    guard_conn *gc;
    buf body;
    size_t limit;  /* this request's body limit */
    bool reserved; /* the budget was taken for the whole Content-Length */
    bool too_large;
    bool over_budget;
    size_t dropped; /* body bytes read past the limit */
    /* the route and the user, found from the head before any body is read */
    route_match m;
    const route *rt;
    const char *params[API_MAX_PARAMS], *allow;
    int nparams;
    user *u;
    multipart *mp;   /* a multipart upload being spooled to disk */
    mc_error mp_err; /* its first failure, answered at the end */
    bool mp_failed;
    /* the handler's outcome, kept while a slow request waits for its answer */
    int job;
    api_req r;
    mc_err e;
    mc_error err;
    const char *url, *method;
    /* a commune node's request (ROUTE_NODE): who signed it, as the head said (node_auth.h) */
    node_principal node;
    bool node_ok; /* its body checked too: the answer is signed */
    /* for /metrics: when the head arrived, and the method as sent */
    uint64_t t0;
    const char *req_method;
} conn_ctx;

unsigned http_default_threads(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 2 ? (unsigned)n : 2;
}

http_config http_config_default(void) {
    netaddr_set allow;
    char why[128];
    if (!netaddr_set_parse(HTTP_METRICS_ALLOW_DEFAULT, &allow, why, sizeof why)) abort();
    return (http_config){.metrics_allow = allow,
                         .listen = "127.0.0.1:8080",
                         .threads = http_default_threads(),
                         .slow_threads = workpool_default_threads(),
                         .slow_queue = 256,
                         .write_threads = 32,
                         .write_queue = 1024,
                         .thread_idle_s = 60,
                         .max_body = 8u << 20,
                         .max_body_json = 1u << 20,
                         .max_body_anon = 64u << 10,
                         .max_header = 32u << 10,
                         .max_conns = 512,
                         .timeout_s = 30,
                         .guard = guard_config_default()};
}

/* Sends a JSON response built from `j` (reference stolen). */
static enum MHD_Result send_json(struct MHD_Connection *c, int status, json_t *j, const char *cookie,
                                 const char *allow) {
    size_t n = 0;
    char *text = j ? json_text_line(j, &n) : NULL;
    if (j) json_decref(j);
    if (!text) {
        /* A handler that produced no body: never send nothing. */
        status = 500;
        text = xstrdup("{\"error\":{\"code\":\"internal_error\",\"message\":\"L\u1ed7i h\u1ec7 th\u1ed1ng.\","
                       "\"message_en\":\"Internal error.\",\"field\":\"\"}}\n");
        n = strlen(text);
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(n, text, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (cookie) MHD_add_response_header(r, "Set-Cookie", cookie);
    if (allow) MHD_add_response_header(r, "Allow", allow);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return ret;
}

/* A JSON answer to a commune node, signed by the province's exchange key over its counter, status and body
 * (node_auth.h). Reference stolen. */
static enum MHD_Result send_json_signed(struct MHD_Connection *c, int status, json_t *j, const keyfile_secret *k,
                                        int64_t counter) {
    size_t n = 0;
    char *text = json_text_line(j, &n);
    json_decref(j);
    if (!text) {
        status = 500;
        text = xstrdup("{}\n");
        n = 3;
    }
    char sig[129];
    node_answer_sign(k, counter, status, text, n, sig);
    struct MHD_Response *r = MHD_create_response_from_buffer(n, text, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Motcua-Answer-Signature", sig);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return ret;
}

static json_t *error_json(const mc_error *e) {
    return json_pack("{s:{s:s, s:s, s:s, s:s}}", "error", "code", mc_err_name(e->code), "message", e->message,
                     "message_en", e->message_en, "field", e->field);
}

static enum MHD_Result send_error(struct MHD_Connection *c, const mc_error *e, const char *allow) {
    return send_json(c, mc_err_http_status(e->code), error_json(e), NULL, allow);
}

typedef struct {
    bool bad;
    const char *name;
} utf8_check;

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
    (void)kind;
    utf8_check *u = cls;
    bool key_ok = key && text_valid_utf8(key, strlen(key));
    if (!key_ok || (value && !text_valid_utf8(value, strlen(value)))) {
        u->bad = true;
        u->name = key_ok ? key : NULL; /* never echo bytes that are not UTF-8 */
        return MHD_NO;
    }
    return MHD_YES;
}

static const char *query_fn(api_req *r, const char *name) {
    return MHD_lookup_connection_value(r->transport, MHD_GET_ARGUMENT_KIND, name);
}

static const char *header_fn(api_req *r, const char *name) {
    return MHD_lookup_connection_value(r->transport, MHD_HEADER_KIND, name);
}

static const char *cookie_fn(api_req *r, const char *name) {
    return MHD_lookup_connection_value(r->transport, MHD_COOKIE_KIND, name);
}

/* The client's address: the peer, or behind a configured proxy the address
 * it put in X-Forwarded-For (netaddr_client). */
static const char *client_address(struct MHD_Connection *c, arena *a, const netaddr_set *proxies) {
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char peer[NETADDR_TEXT], out[NETADDR_TEXT];
    netaddr_text(ci ? ci->client_addr : NULL, peer);
    if (proxies->n == 0) return arena_strdup(a, peer);
    const char *xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
    return arena_strdup(a, netaddr_client(proxies, peer, xff, out));
}

static const char *session_token(struct MHD_Connection *c) {
    const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (auth && strncasecmp(auth, "Bearer ", 7) == 0) return auth + 7;
    return MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "motcua_session");
}

/* Content-Disposition (RFC 6266 / 5987): an ASCII fallback and the UTF-8 name, percent-encoded. */
static void add_disposition(struct MHD_Response *resp, const char *name, bool show) {
    buf cd = {0};
    buf_puts(&cd, show ? "inline" : "attachment");
    buf_puts(&cd, "; filename=\"tep-dinh-kem\"; filename*=UTF-8''");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
            buf_putc(&cd, (char)*p);
        else
            buf_printf(&cd, "%%%02X", *p);
    }
    MHD_add_response_header(resp, "Content-Disposition", cd.data);
    buf_free(&cd);
}

/* Sends a stored file (its descriptor handed to libmicrohttpd). */
static enum MHD_Result send_file(struct MHD_Connection *c, const char *path, const char *type, const char *name,
                                 bool show) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        if (fd >= 0) close(fd);
        mc_error err;
        log_error("attachment missing on disk: %s", path);
        mc_fail(&err, MC_ERR_INTERNAL, NULL, "Không đọc được tệp đã lưu; vui lòng báo quản trị viên.",
                "Stored file unreadable.");
        return send_error(c, &err, NULL);
    }
    struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
    MHD_add_response_header(resp, "Content-Type", type ? type : "application/octet-stream");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Cache-Control", "private, no-store");
    /* An uploaded file is never a page of this site: no scripts, no plugins, its own origin. */
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
    add_disposition(resp, name ? name : "tep", show);
    enum MHD_Result ret = MHD_queue_response(c, 200, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Sends a handler's raw body (a page, a stylesheet, a redirect) with its headers. */
static enum MHD_Result send_raw(struct MHD_Connection *c, const api_req *r) {
    const char *inm = r->etag ? MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match") : NULL;
    bool fresh = inm && strcmp(inm, r->etag) == 0;
    struct MHD_Response *resp =
        fresh ? MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT)
              : MHD_create_response_from_buffer(r->raw_len, (void *)r->raw, MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(resp, "Content-Type", r->raw_type);
    MHD_add_response_header(resp, "Cache-Control", r->cache_control ? r->cache_control : "no-store");
    if (r->etag) MHD_add_response_header(resp, "ETag", r->etag);
    if (r->location) MHD_add_response_header(resp, "Location", r->location);
    if (r->file_name) add_disposition(resp, r->file_name, false); /* an export to save */
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (strncmp(r->raw_type, "text/html", 9) == 0) {
        /* Pages: our own styles and scripts only, never in a frame, no referrer leaving the site. */
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    }
    if (r->set_cookie) MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
    enum MHD_Result ret = MHD_queue_response(c, fresh ? 304 : (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

typedef struct {
    buf b;
} query_acc;

static enum MHD_Result add_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
    (void)kind;
    query_acc *q = cls;
    for (int part = 0; part < 2; part++) {
        const char *v = part ? value : key;
        if (part)
            buf_putc(&q->b, '=');
        else if (q->b.len)
            buf_putc(&q->b, '&');
        for (const unsigned char *p = (const unsigned char *)(v ? v : ""); *p; p++) {
            if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
                buf_putc(&q->b, (char)*p);
            else
                buf_printf(&q->b, "%%%02X", *p);
        }
    }
    return MHD_YES;
}

/* The request as a handler sees it, before its route is known: enough for a page to answer. */
static void fill_req(http_server *s, struct MHD_Connection *c, conn_ctx *ctx, const char *url, const char *method,
                     api_req *r) {
    r->a = ctx->a;
    r->app = s->app;
    r->method = method;
    r->path = url;
    r->client = client_address(c, ctx->a, &s->cfg.proxies);
    r->token = session_token(c);
    r->query_fn = query_fn;
    r->cookie_fn = cookie_fn;
    r->header_fn = header_fn;
    r->transport = c;
    /* The session was resolved from the head already (head_check). */
    r->user_loaded = true;
    r->user = ctx->u;
    /* Pages need the query as sent (to come back after a login); the API does not. */
    query_acc q = {{0}};
    if (strncmp(url, "/api/", 5) != 0) MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_query, &q);
    r->query_string = q.b.data ? arena_strdup(ctx->a, q.b.data) : "";
    buf_free(&q.b);
}

/* An error met before a page's handler ran (an upload too large, a broken
 * multipart body): a page for a person, the JSON error for a program. */
static enum MHD_Result send_route_error(http_server *s, struct MHD_Connection *c, conn_ctx *ctx, const char *url,
                                        const char *method, const mc_error *err) {
    if (s->app->web && ctx->m == ROUTE_FOUND && ctx->rt->page) {
        api_req r = {0};
        fill_req(s, c, ctx, url, method, &r);
        web_error_page(&r, mc_err_http_status(err->code), err->message);
        return send_raw(c, &r);
    }
    return send_error(c, err, NULL);
}

/* Deletes the request's spooled upload files not kept by the handler, before
 * the answer goes out: a client that has read the answer finds nothing left. */
static void spool_release(conn_ctx *ctx) {
    multipart_free(ctx->mp);
    ctx->mp = NULL;
    ctx->r.upload = NULL;
}

/* The path and query a node signed: the query re-encoded as add_query does, in the order sent (node_auth.h). */
static char *node_path_query(conn_ctx *ctx, api_req *r) {
    query_acc q = {{0}};
    MHD_get_connection_values(r->transport, MHD_GET_ARGUMENT_KIND, add_query, &q);
    char *out = q.b.len ? arena_printf(ctx->a, "%s?%s", r->path, q.b.data) : arena_strdup(ctx->a, r->path);
    buf_free(&q.b);
    return out;
}

/* Runs the request's handler (or answers the error that stops it first),
 * leaving the outcome in ctx->r, ctx->e and ctx->err. Touches the connection
 * only to read its head, so a slow-work thread may run it while the
 * connection is suspended. */
static void run_handler(conn_ctx *ctx) {
    api_req *r = &ctx->r;
    mc_error_clear(&ctx->err);
    user *u = routes_writes(ctx->rt) ? api_user(r) : NULL;
    if (u && perm_read_only(u->roles)) {
        /* Supervision accounts (People's Council, Fatherland Front) read and change nothing. */
        static const char vi[] = "Tài khoản giám sát chỉ được xem, không được thay đổi dữ liệu.";
        if (ctx->rt->page) {
            ctx->e = web_error_page(r, 403, vi);
        } else {
            ctx->e = mc_fail(&ctx->err, MC_ERR_FORBIDDEN, NULL, vi, "A supervision account reads only.");
        }
    } else if (ctx->rt->flags & ROUTE_NODE) {
        /* The signature over the whole request, then its counter taken once (node_auth.h). */
        char *pq = node_path_query(ctx, r);
        ctx->e = node_auth_finish(r->app->st, &ctx->node, r->method, pq, r->body, r->body_len, time_now(), &ctx->err);
        if (!ctx->e) {
            ctx->node_ok = true;
            r->node = &ctx->node;
            ctx->e = ctx->rt->fn(r, &ctx->err);
        }
    } else {
        ctx->e = ctx->rt->fn(r, &ctx->err);
    }
    if (ctx->e) {
        if (r->json) json_decref(r->json);
        r->json = NULL;
        if (mc_err_http_status(ctx->e) >= 500) log_error("%s %s: %s", ctx->method, ctx->url, ctx->err.message_en);
        if (ctx->err.code != ctx->e) mc_fail(&ctx->err, ctx->e, NULL, NULL, NULL);
    }
    spool_release(ctx);
}

/* Sends what run_handler left. */
static enum MHD_Result respond(struct MHD_Connection *c, conn_ctx *ctx) {
    api_req *r = &ctx->r;
    json_t *j = r->json; /* the response body is ours from here on */
    r->json = NULL;
    if (ctx->node_ok && r->app->node_exchange) {
        /* Every answer to a checked node request is signed, errors too: a node believes no unsigned answer. */
        if (ctx->e) {
            if (j) json_decref(j);
            return send_json_signed(c, mc_err_http_status(ctx->err.code), error_json(&ctx->err), r->app->node_exchange,
                                    ctx->node.counter);
        }
        return send_json_signed(c, r->status ? r->status : 200, j ? j : json_object(), r->app->node_exchange,
                                ctx->node.counter);
    }
    if (ctx->e) {
        if (j) json_decref(j);
        return send_error(c, &ctx->err, NULL);
    }
    if (r->file_path) {
        if (j) json_decref(j);
        return send_file(c, r->file_path, r->raw_type, r->file_name, r->file_inline);
    }
    if (r->raw) {
        if (j) json_decref(j);
        return send_raw(c, r);
    }
    return send_json(c, r->status ? r->status : 200, j ? j : json_object(), r->set_cookie, NULL);
}

static void slow_job(void *arg) {
    conn_ctx *ctx = arg;
    run_handler(ctx);
    ctx->job = JOB_DONE;
    MHD_resume_connection(ctx->c); /* libmicrohttpd calls on_request again, which answers */
}

static enum MHD_Result dispatch(http_server *s, struct MHD_Connection *c, conn_ctx *ctx, const char *url,
                                const char *method) {
    mc_error err;
    mc_error_clear(&err);
    utf8_check u = {false, NULL};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, check_arg, &u);
    if (u.bad || !text_valid_utf8(url, strlen(url)) || !text_valid_utf8(method, strlen(method))) {
        mc_failf(&err, MC_ERR_INVALID, u.name ? u.name : "", "Tham số %s chứa ký tự không hợp lệ (không phải UTF-8).",
                 "Parameter %s is not valid UTF-8.", u.name ? u.name : "(URL)");
        return send_error(c, &err, NULL);
    }
    bool bytes = ctx->m == ROUTE_FOUND && (ctx->rt->flags & ROUTE_FILE_BODY);
    if (!ctx->mp && !bytes && ctx->body.len && !text_valid_utf8(ctx->body.data, ctx->body.len)) {
        mc_fail(&err, MC_ERR_INVALID, NULL, "Dữ liệu gửi lên chứa ký tự không hợp lệ (không phải UTF-8).",
                "Body is not valid UTF-8.");
        return send_error(c, &err, NULL);
    }
    /* Outside the API, a person is reading: "not found" is a page. */
    static const route not_found_page = {"GET", "", web_not_found, "web", "", false, NULL, NULL, 404, false, true, 0};
    if (ctx->m == ROUTE_NO_PATH && s->app->web && strncmp(url, "/api/", 5) != 0 &&
        (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)) {
        ctx->rt = &not_found_page;
        ctx->m = ROUTE_FOUND;
    }
    if (ctx->m == ROUTE_NO_PATH) {
        mc_failf(&err, MC_ERR_NOT_FOUND, NULL, "Không có địa chỉ %s.", "No route %s.", url);
        return send_error(c, &err, NULL);
    }
    if (ctx->m == ROUTE_NO_METHOD) {
        mc_failf(&err, MC_ERR_METHOD, NULL, "Địa chỉ %s không hỗ trợ phương thức %s (chỉ %s).",
                 "%s does not support %s (only %s).", url, method, ctx->allow);
        return send_error(c, &err, ctx->allow);
    }
    api_req *r = &ctx->r;
    fill_req(s, c, ctx, url, method, r);
    memcpy(r->params, ctx->params, sizeof r->params);
    r->nparams = ctx->nparams;
    r->body = ctx->body.data;
    r->body_len = ctx->body.len;
    r->content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    r->upload = ctx->mp;
    ctx->url = url;
    ctx->method = method;
    api_handler admit = routes_admission(ctx->rt);
    if (admit) {
        mc_error_clear(&ctx->err);
        ctx->e = admit(r, &ctx->err);
        if (ctx->e && ctx->err.code != ctx->e) mc_fail(&ctx->err, ctx->e, NULL, NULL, NULL);
        if (ctx->e || r->raw || r->json) return respond(c, ctx);
    }
    /* Slow work, and writes (they wait for the disk: group commit), off the serving threads, which are
     * as few as the cores: the connection waits, suspended, for its answer. */
    bool reads = !strcmp(method, "GET") || !strcmp(method, "HEAD") || !strcmp(method, "OPTIONS");
    workpool *pool = (ctx->rt->flags & ROUTE_SLOW) ? s->slow : reads ? NULL : s->writes;
    if (pool) {
        ctx->c = c;
        ctx->job = JOB_QUEUED;
        MHD_suspend_connection(c);
        if (!workpool_submit(pool, slow_job, ctx)) {
            ctx->e = mc_fail(&ctx->err, MC_ERR_BUSY, NULL,
                             "Hệ thống đang bận xử lý nhiều yêu cầu cùng lúc. Vui lòng thử lại sau ít giây.",
                             "Too many requests waiting; try again in a few seconds.");
            ctx->job = JOB_DONE;
            MHD_resume_connection(c);
        }
        return MHD_YES;
    }
    run_handler(ctx);
    return respond(c, ctx);
}

static void too_large_error(size_t limit, mc_error *err) {
    char lim[32];
    if (limit >= (1u << 20))
        snprintf(lim, sizeof lim, "%zu MB", limit >> 20);
    else
        snprintf(lim, sizeof lim, "%zu KB", limit >> 10);
    mc_failf(err, MC_ERR_TOO_LARGE, NULL, "Dữ liệu gửi lên vượt quá giới hạn %s.", "Body larger than %s.", lim);
}

static void busy_error(mc_error *err) {
    mc_fail(err, MC_ERR_BUSY, NULL, "Máy chủ đang nhận quá nhiều dữ liệu cùng lúc. Vui lòng thử lại sau ít giây.",
            "Too many request bodies in flight; try again in a few seconds.");
}

/* At the first call of a multipart request: only upload routes take one, only
 * from a logged-in user, within the upload limit. Returns true when a response
 * was queued (in *ret). */
static bool start_upload(http_server *s, struct MHD_Connection *c, conn_ctx *ctx, const char *url, const char *method,
                         const char *ct, const char *cl, enum MHD_Result *ret) {
    mc_error err;
    if (ctx->m != ROUTE_FOUND || !ctx->rt->upload) {
        mc_fail(&err, MC_ERR_MEDIA_TYPE, NULL, "Địa chỉ này không nhận tệp tải lên (multipart/form-data).",
                "This route takes no multipart upload.");
        *ret = send_error(c, &err, NULL);
        return true;
    }
    if (!ctx->u) {
        if (ctx->rt->page && s->app->web) { /* a person at a page: to the login page, then back to the form */
            api_req r = {0};
            fill_req(s, c, ctx, url, method, &r);
            web_to_login(&r);
            *ret = send_raw(c, &r);
            return true;
        }
        mc_fail(&err, MC_ERR_UNAUTHORIZED, NULL, "Vui lòng đăng nhập trước khi tải tệp lên.",
                "Login required to upload.");
        *ret = send_error(c, &err, NULL);
        return true;
    }
    multipart_limits lim = multipart_limits_default();
    lim.max_file = s->app->max_file;
    lim.max_total = s->app->max_upload;
    if (cl && strtoull(cl, NULL, 10) > lim.max_total) {
        mc_failf(&err, MC_ERR_TOO_LARGE, NULL, "Dữ liệu tải lên vượt quá giới hạn %zu MB.",
                 "Upload larger than %zu MiB.", lim.max_total >> 20, lim.max_total >> 20);
        *ret = send_route_error(s, c, ctx, url, method, &err);
        return true;
    }
    char *tmp = arena_printf(ctx->a, "%s/tmp", s->app->files_dir ? s->app->files_dir : "var/files");
    if (multipart_begin(ct, &lim, tmp, &ctx->mp, &err) != MC_OK) {
        *ret = send_route_error(s, c, ctx, url, method, &err);
        return true;
    }
    return false;
}

typedef struct {
    int content_length, transfer_encoding;
    bool chunked;
} framing;

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
    (void)kind;
    framing *f = cls;
    if (strcasecmp(key, "Content-Length") == 0) f->content_length++;
    if (strcasecmp(key, "Transfer-Encoding") == 0) {
        f->transfer_encoding++;
        f->chunked = value && strcasecmp(value, "chunked") == 0;
    }
    return MHD_YES;
}

/* A body whose length two parties could read differently (request smuggling):
 * Content-Length twice, Content-Length with Transfer-Encoding, or a transfer
 * coding other than a single "chunked". */
static bool ambiguous_framing(struct MHD_Connection *c) {
    framing f = {0, 0, false};
    MHD_get_connection_values(c, MHD_HEADER_KIND, count_framing, &f);
    if (f.content_length > 1 || f.transfer_encoding > 1) return true;
    if (f.content_length && f.transfer_encoding) return true;
    return f.transfer_encoding && !f.chunked;
}

/* A commune node's request, on its head: the province can answer nodes (its exchange key), and the head's
 * signature headers name an active node and key, a time within the skew and a new counter (node_auth_head).
 * Returns true when a refusal was queued (in *ret). */
static bool node_head(http_server *s, struct MHD_Connection *c, conn_ctx *ctx, enum MHD_Result *ret) {
    mc_error err;
    if (ctx->u) {
        /* A person's session: these routes are a commune node's, signed by its key, never anyone's login. */
        mc_fail(&err, MC_ERR_FORBIDDEN, NULL,
                "Địa chỉ này dành cho máy trạm một cửa xã (yêu cầu có chữ ký của máy trạm), không dành cho người dùng.",
                "These routes are for commune nodes (signed requests), not for logged-in users.");
        *ret = send_error(c, &err, NULL);
        return true;
    }
    if (!s->app->node_exchange) {
        /* Without the key the province offers no exchange: a state of the province, not of the request. */
        mc_fail(&err, MC_ERR_CONFLICT, NULL,
                "Hệ thống của tỉnh chưa bật trao đổi với máy trạm xã (chưa cấu hình khóa trao đổi).",
                "No exchange key (serve --node-exchange-key).");
        *ret = send_error(c, &err, NULL);
        return true;
    }
    node_auth_headers h = {
        .node = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Motcua-Node"),
        .key = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Motcua-Key"),
        .time = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Motcua-Time"),
        .counter = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Motcua-Counter"),
        .signature = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Motcua-Signature"),
    };
    if (node_auth_head(store_reader(s->app->st), &h, time_now(), s->app->node_skew, &ctx->node, &err)) {
        *ret = send_error(c, &err, NULL);
        return true;
    }
    return false;
}

/* The first call for a request, with its head and none of its body: finds the
 * route and the user and refuses, before reading a byte of body, what they do
 * not allow. Returns true when a response was queued (in *ret). */
static bool head_check(http_server *s, struct MHD_Connection *c, conn_ctx *ctx, const char *url, const char *method,
                       enum MHD_Result *ret) {
    mc_error err;
    if (strcmp(url, "/metrics") == 0) {
        /* Before anything else: who asks. Never the internet (docs/SECURITY.md, --metrics-allow). */
        const char *client = client_address(c, ctx->a, &s->cfg.proxies);
        if (!netaddr_set_has(&s->cfg.metrics_allow, client)) {
            mc_failf(&err, MC_ERR_FORBIDDEN, NULL,
                     "Địa chỉ %s không được đọc số đo vận hành (/metrics): chỉ các địa chỉ trong --metrics-allow.",
                     "%s may not read /metrics (serve --metrics-allow).", client, client);
            *ret = send_error(c, &err, NULL);
            return true;
        }
    }
    if (ambiguous_framing(c)) {
        mc_fail(&err, MC_ERR_INVALID, NULL,
                "Yêu cầu không hợp lệ: độ dài dữ liệu gửi lên không rõ ràng (Content-Length, Transfer-Encoding).",
                "Ambiguous message framing (Content-Length / Transfer-Encoding).");
        *ret = send_error(c, &err, NULL);
        return true;
    }
    ctx->m = routes_find(ctx->a, method, url, &ctx->rt, ctx->params, &ctx->nparams, &ctx->allow);
    if (s->app->node_number > 0 && !routes_on_node(url)) {
        /* A commune node does the counter's work; the rest is at the province (docs/NODE.md §1). */
        mc_fail(&err, MC_ERR_CONFLICT, NULL,
                "Chức năng này chỉ có trên hệ thống một cửa điện tử của tỉnh; máy trạm xã chỉ tiếp nhận và xử lý hồ sơ "
                "tại quầy.",
                "Only the province's system offers this; a commune node does the counter's work.");
        *ret = send_route_error(s, c, ctx, url, method, &err);
        return true;
    }
    const char *token = session_token(c);
    if (token) {
        user *u = arena_alloc(ctx->a, sizeof *u);
        if (auth_session(store_reader(s->app->st), ctx->a, token, time_now(), u, NULL) == MC_OK) ctx->u = u;
    }
    if (ctx->m == ROUTE_FOUND && ctx->rt->auth && !ctx->u) {
        if (token)
            mc_fail(&err, MC_ERR_UNAUTHORIZED, NULL,
                    "Phiên đăng nhập đã hết hạn hoặc không hợp lệ, vui lòng đăng nhập lại.",
                    "Session expired or invalid.");
        else
            mc_fail(&err, MC_ERR_UNAUTHORIZED, NULL, "Vui lòng đăng nhập để thực hiện thao tác này.",
                    "Login required.");
        *ret = send_error(c, &err, NULL);
        return true;
    }
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (ct && strncasecmp(ct, "multipart/form-data", 19) == 0) return start_upload(s, c, ctx, url, method, ct, cl, ret);
    bool node = ctx->m == ROUTE_FOUND && (ctx->rt->flags & ROUTE_NODE);
    if (node && node_head(s, c, ctx, ret)) return true;
    ctx->limit = !ctx->u && !node                                             ? s->cfg.max_body_anon
                 : node && (ctx->rt->flags & ROUTE_FILE_BODY)                 ? s->app->max_file
                 : ctx->m == ROUTE_FOUND && (ctx->rt->flags & ROUTE_BIG_BODY) ? s->cfg.max_body
                                                                              : s->cfg.max_body_json;
    unsigned long long n = cl ? strtoull(cl, NULL, 10) : 0;
    if (n > ctx->limit) {
        /* Answered before the body is read: no 100 Continue, the upload is not read. */
        too_large_error(ctx->limit, &err);
        *ret = send_route_error(s, c, ctx, url, method, &err);
        return true;
    }
    if (n > 0) {
        if (!guard_budget_take(s->guard, ctx->gc, (size_t)n)) {
            busy_error(&err);
            *ret = send_error(c, &err, NULL);
            return true;
        }
        ctx->reserved = true;
    }
    return false;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls) {
    (void)version;
    http_server *s = cls;
    conn_ctx *ctx = *con_cls;
    if (!ctx) {
        ctx = xcalloc(1, sizeof *ctx);
        ctx->a = arena_create();
        ctx->s = s;
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        ctx->gc = ci ? ci->socket_context : NULL;
        ctx->t0 = hist_now_ns();
        ctx->req_method = arena_strdup(ctx->a, method);
        *con_cls = ctx;
        guard_head_done(s->guard, ctx->gc, guard_now_ms());
        enum MHD_Result ret;
        if (head_check(s, c, ctx, url, method, &ret)) return ret;
        return MHD_YES;
    }
    if (ctx->job == JOB_DONE) return respond(c, ctx); /* back from the slow-work threads */
    if (*upload_size) {
        guard_body_bytes(s->guard, ctx->gc, *upload_size);
        if (ctx->mp) {
            /* Spooled to disk as it arrives; after a failure the rest is read and dropped. */
            if (!ctx->mp_failed && multipart_feed(ctx->mp, upload, *upload_size, &ctx->mp_err)) ctx->mp_failed = true;
        } else if (ctx->too_large || ctx->over_budget) {
            /* Read and dropped, to answer at the end; a body going on and on is cut off instead. */
            ctx->dropped += *upload_size;
            if (ctx->dropped > DROP_MAX) return MHD_NO;
        } else if (ctx->body.len + *upload_size > ctx->limit) {
            ctx->too_large = true;
        } else if (!ctx->reserved && !guard_budget_take(s->guard, ctx->gc, *upload_size)) {
            ctx->over_budget = true; /* a chunked body: counted as it comes */
        } else {
            buf_append(&ctx->body, upload, *upload_size);
        }
        *upload_size = 0;
        return MHD_YES;
    }
    guard_busy(s->guard, ctx->gc);
    if (ctx->mp && !ctx->mp_failed && multipart_finish(ctx->mp, &ctx->mp_err)) ctx->mp_failed = true;
    if (ctx->mp_failed) {
        spool_release(ctx);
        return send_route_error(s, c, ctx, url, method, &ctx->mp_err);
    }
    if (ctx->too_large || ctx->over_budget) {
        mc_error err;
        if (ctx->too_large)
            too_large_error(ctx->limit, &err);
        else
            busy_error(&err);
        return send_route_error(s, c, ctx, url, method, &err);
    }
    return dispatch(s, c, ctx, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe) {
    (void)toe;
    http_server *s = cls;
    conn_ctx *ctx = *con_cls;
    if (!ctx) return;
    const union MHD_ConnectionInfo *st = MHD_get_connection_info(c, MHD_CONNECTION_INFO_HTTP_STATUS);
    if (st && st->http_status)
        metrics_request(ctx->m == ROUTE_FOUND ? ctx->rt : NULL, ctx->req_method, st->http_status,
                        hist_now_ns() - ctx->t0);
    guard_idle(s->guard, ctx->gc, guard_now_ms());
    if (ctx->r.json) json_decref(ctx->r.json);
    multipart_free(ctx->mp); /* deletes every spooled file not kept */
    buf_free(&ctx->body);
    arena_free(ctx->a);
    free(ctx);
    *con_cls = NULL;
}

/* Every accepted socket gets a guard record; it goes when the socket does. */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe) {
    http_server *s = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        const union MHD_ConnectionInfo *ad = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        *socket_context = guard_open(s->guard, fd ? fd->connect_fd : -1, ad ? ad->client_addr : NULL, guard_now_ms());
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
        guard_close(s->guard, *socket_context);
        *socket_context = NULL;
    }
}

/* Once a second: shut slow clients out, and say so in the log (one line a second at most). */
static void *sweeper(void *arg) {
    http_server *s = arg;
    guard_stats last = guard_stats_get(s->guard);
    pthread_mutex_lock(&s->stop_lock);
    while (!s->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&s->stop_cond, &s->stop_lock, &until);
        if (s->stopping) break;
        pthread_mutex_unlock(&s->stop_lock);
        guard_sweep(s->guard, guard_now_ms());
        guard_stats now = guard_stats_get(s->guard);
        if (now.closed_head != last.closed_head || now.closed_body != last.closed_body ||
            now.refused_addr != last.refused_addr || now.refused_budget != last.refused_budget)
            log_warn("connections: %llu closed (request head too slow), %llu closed (body too slow), %llu refused "
                     "(over the per-address cap), %llu bodies refused (memory budget); %u open",
                     (unsigned long long)(now.closed_head - last.closed_head),
                     (unsigned long long)(now.closed_body - last.closed_body),
                     (unsigned long long)(now.refused_addr - last.refused_addr),
                     (unsigned long long)(now.refused_budget - last.refused_budget), now.conns);
        last = now;
        pthread_mutex_lock(&s->stop_lock);
    }
    pthread_mutex_unlock(&s->stop_lock);
    return NULL;
}

static bool parse_listen(const char *s, struct sockaddr_in *out) {
    const char *colon = strrchr(s, ':');
    if (!colon) return false;
    char host[64];
    size_t hl = (size_t)(colon - s);
    if (hl == 0 || hl >= sizeof host) return false;
    memcpy(host, s, hl);
    host[hl] = 0;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535) return false;
    memset(out, 0, sizeof *out);
    out->sin_family = AF_INET;
    out->sin_port = htons((uint16_t)port);
    return inet_pton(AF_INET, host, &out->sin_addr) == 1;
}

/* libmicrohttpd's own messages go through log_msg, escaped like every line. */
static void mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void mhd_log(void *cls, const char *fmt, va_list ap) {
    (void)cls;
    char m[LOG_MESSAGE_MAX + 1];
    vsnprintf(m, sizeof m, fmt, ap);
    size_t n = strlen(m);
    while (n && (m[n - 1] == '\n' || m[n - 1] == '\r')) m[--n] = 0;
    log_warn("microhttpd: %s", m);
}

static void pool_thread_stops(void *ctx) {
    http_server *s = ctx;
    store_reader_done(s->app->st);
}

mc_err http_start(const http_config *cfg, app *a, http_server **out, mc_error *err) {
    struct sockaddr_in addr;
    if (!parse_listen(cfg->listen, &addr))
        return mc_failf(err, MC_ERR_INVALID, "listen", "Địa chỉ lắng nghe không hợp lệ: %s (ví dụ 127.0.0.1:8080).",
                        "Invalid listen address %s.", cfg->listen);
    http_server *s = xcalloc(1, sizeof *s);
    metrics_init();
    s->cfg = *cfg;
    s->cfg.guard.exempt = cfg->proxies; /* a proxy carries many clients: no per-address cap on it */
    s->app = a;
    s->guard = guard_create(&s->cfg.guard);
    s->slow = workpool_create(cfg->slow_threads, cfg->slow_queue, 10);
    s->writes = workpool_create(cfg->write_threads, cfg->write_queue, 0);
    /* After a burst, the threads it needed (and their database readers) go after a minute idle. */
    workpool_idle_stop(s->slow, cfg->thread_idle_s, pool_thread_stops, s);
    workpool_idle_stop(s->writes, cfg->thread_idle_s, pool_thread_stops, s);
    pthread_mutex_init(&s->stop_lock, NULL);
    pthread_cond_init(&s->stop_cond, NULL);
    s->d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL,
        on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE, cfg->threads,
        MHD_OPTION_CONNECTION_LIMIT, cfg->max_conns, MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->max_header, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_END); /* no SO_REUSEPORT: a second server on a busy port must fail */
    if (!s->d) {
        workpool_free(s->slow);
        workpool_free(s->writes);
        guard_free(s->guard);
        free(s);
        return mc_failf(err, MC_ERR_INTERNAL, "listen", "Không mở được cổng %s (đang được dùng?).",
                        "Cannot listen on %s.", cfg->listen);
    }
    if (pthread_create(&s->sweeper, NULL, sweeper, s) != 0) abort();
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : ntohs(addr.sin_port);
    *out = s;
    return MC_OK;
}

void http_stop(http_server *s) {
    if (!s) return;
    pthread_mutex_lock(&s->stop_lock);
    s->stopping = true;
    pthread_cond_signal(&s->stop_cond);
    pthread_mutex_unlock(&s->stop_lock);
    pthread_join(s->sweeper, NULL);
    /* Slow requests and writes first: each one's answer resumes its connection. */
    workpool_free(s->slow);
    workpool_free(s->writes);
    MHD_stop_daemon(s->d);
    guard_free(s->guard);
    pthread_cond_destroy(&s->stop_cond);
    pthread_mutex_destroy(&s->stop_lock);
    free(s);
}

unsigned http_port(const http_server *s) {
    return s->port;
}
