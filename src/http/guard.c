/* guard.c - per-connection limits (see guard.h). */
#include "guard.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "text.h"
#include "xalloc.h"

enum { ADDR_BUCKETS = 4096 };

typedef enum { PHASE_HEAD, PHASE_BODY, PHASE_BUSY, PHASE_DEAD } phase;

/* Connections of one client address. */
typedef struct addr_count {
    struct addr_count *next;
    unsigned n;
    char key[NETADDR_TEXT];
} addr_count;

struct guard_conn {
    guard_conn *prev, *next;
    addr_count *addr; /* NULL when exempt */
    int fd;
    phase ph;
    int64_t since_ms; /* start of the head wait, or of the rate window */
    uint64_t window_bytes;
    size_t held; /* body budget bytes held */
};

struct guard {
    pthread_mutex_t lock;
    guard_config cfg;
    guard_conn *conns;
    addr_count *buckets[ADDR_BUCKETS];
    guard_stats st;
    char refuse[512]; /* the whole 503 response */
    size_t refuse_len;
};

/* The answer to a connection over its address's cap, written straight to the
 * socket: no request has been read, none will be. */
static const char over_cap_body[] =
    "{\"error\":{\"code\":\"busy\",\"message\":\"Quá nhiều kết nối từ cùng một địa chỉ. Vui lòng "
    "thử lại sau ít phút.\",\"message_en\":\"Too many connections from one address; try again "
    "later.\",\"field\":\"\"}}\n";

guard_config guard_config_default(void) {
    return (guard_config){
        .per_addr = 64, .head_timeout = 30, .body_min_rate = 1024, .body_window = 20, .body_budget = (size_t)64 << 20};
}

int64_t guard_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

guard *guard_create(const guard_config *cfg) {
    guard *g = xcalloc(1, sizeof *g);
    g->cfg = *cfg;
    pthread_mutex_init(&g->lock, NULL);
    int n = snprintf(g->refuse, sizeof g->refuse,
                     "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
                     "Retry-After: 10\r\nConnection: close\r\nContent-Length: %zu\r\n\r\n%s",
                     sizeof over_cap_body - 1, over_cap_body);
    assert(n > 0 && (size_t)n < sizeof g->refuse);
    g->refuse_len = (size_t)n;
    return g;
}

void guard_free(guard *g) {
    if (!g) return;
    assert(!g->conns); /* the transport closes every connection first */
    for (int i = 0; i < ADDR_BUCKETS; i++)
        for (addr_count *a = g->buckets[i], *n; a; a = n) {
            n = a->next;
            free(a);
        }
    pthread_mutex_destroy(&g->lock);
    free(g);
}

static unsigned bucket_of(const char *key) {
    return text_hash(key) % ADDR_BUCKETS;
}

/* Shuts the socket down: the transport then reads end-of-file and closes it. */
static void cut(guard_conn *c) {
    if (c->ph == PHASE_DEAD) return;
    shutdown(c->fd, SHUT_RDWR);
    c->ph = PHASE_DEAD;
}

guard_conn *guard_open(guard *g, int fd, const struct sockaddr *sa, int64_t now_ms) {
    guard_conn *c = xcalloc(1, sizeof *c);
    c->fd = fd;
    c->ph = PHASE_HEAD;
    c->since_ms = now_ms;
    char ip[NETADDR_TEXT], key[NETADDR_TEXT];
    bool exempt = g->cfg.per_addr == 0 || netaddr_set_has(&g->cfg.exempt, netaddr_text(sa, ip));
    netaddr_key(sa, key);
    pthread_mutex_lock(&g->lock);
    c->next = g->conns;
    if (g->conns) g->conns->prev = c;
    g->conns = c;
    g->st.conns++;
    if (!exempt) {
        unsigned b = bucket_of(key);
        addr_count *a = g->buckets[b];
        while (a && strcmp(a->key, key) != 0) a = a->next;
        if (!a) {
            a = xcalloc(1, sizeof *a);
            snprintf(a->key, sizeof a->key, "%s", key);
            a->next = g->buckets[b];
            g->buckets[b] = a;
        }
        a->n++;
        c->addr = a;
        if (a->n > g->cfg.per_addr) {
            g->st.refused_addr++;
            /* Best effort: a full socket buffer just loses the explanation. */
            ssize_t w = send(fd, g->refuse, g->refuse_len, MSG_DONTWAIT | MSG_NOSIGNAL);
            (void)w;
            cut(c);
        }
    }
    pthread_mutex_unlock(&g->lock);
    return c;
}

void guard_close(guard *g, guard_conn *c) {
    if (!c) return;
    pthread_mutex_lock(&g->lock);
    if (c->prev)
        c->prev->next = c->next;
    else
        g->conns = c->next;
    if (c->next) c->next->prev = c->prev;
    g->st.conns--;
    g->st.body_bytes -= c->held;
    if (c->addr && --c->addr->n == 0) {
        unsigned b = bucket_of(c->addr->key);
        addr_count **pp = &g->buckets[b];
        while (*pp != c->addr) pp = &(*pp)->next;
        *pp = c->addr->next;
        free(c->addr);
    }
    pthread_mutex_unlock(&g->lock);
    free(c);
}

void guard_head_done(guard *g, guard_conn *c, int64_t now_ms) {
    if (!c) return;
    pthread_mutex_lock(&g->lock);
    if (c->ph != PHASE_DEAD) {
        c->ph = PHASE_BODY;
        c->since_ms = now_ms;
        c->window_bytes = 0;
    }
    pthread_mutex_unlock(&g->lock);
}

void guard_body_bytes(guard *g, guard_conn *c, size_t n) {
    if (!c) return;
    pthread_mutex_lock(&g->lock);
    c->window_bytes += n;
    pthread_mutex_unlock(&g->lock);
}

void guard_busy(guard *g, guard_conn *c) {
    if (!c) return;
    pthread_mutex_lock(&g->lock);
    if (c->ph != PHASE_DEAD) c->ph = PHASE_BUSY;
    pthread_mutex_unlock(&g->lock);
}

void guard_idle(guard *g, guard_conn *c, int64_t now_ms) {
    if (!c) return;
    pthread_mutex_lock(&g->lock);
    if (c->ph != PHASE_DEAD) {
        c->ph = PHASE_HEAD;
        c->since_ms = now_ms;
    }
    g->st.body_bytes -= c->held;
    c->held = 0;
    pthread_mutex_unlock(&g->lock);
}

bool guard_budget_take(guard *g, guard_conn *c, size_t n) {
    bool ok;
    pthread_mutex_lock(&g->lock);
    ok = g->st.body_bytes + n <= g->cfg.body_budget && g->st.body_bytes + n >= g->st.body_bytes;
    if (ok) {
        g->st.body_bytes += n;
        if (c) c->held += n;
    } else {
        g->st.refused_budget++;
    }
    pthread_mutex_unlock(&g->lock);
    return ok;
}

unsigned guard_sweep(guard *g, int64_t now_ms) {
    unsigned cut_n = 0;
    int64_t head_ms = (int64_t)g->cfg.head_timeout * 1000, win_ms = (int64_t)g->cfg.body_window * 1000;
    uint64_t need = (uint64_t)g->cfg.body_min_rate * g->cfg.body_window;
    pthread_mutex_lock(&g->lock);
    for (guard_conn *c = g->conns; c; c = c->next) {
        if (c->ph == PHASE_HEAD && head_ms > 0 && now_ms - c->since_ms >= head_ms) {
            cut(c);
            g->st.closed_head++;
            cut_n++;
        } else if (c->ph == PHASE_BODY && win_ms > 0 && now_ms - c->since_ms >= win_ms) {
            if (c->window_bytes < need) {
                cut(c);
                g->st.closed_body++;
                cut_n++;
            } else {
                c->since_ms = now_ms;
                c->window_bytes = 0;
            }
        }
    }
    pthread_mutex_unlock(&g->lock);
    return cut_n;
}

guard_stats guard_stats_get(guard *g) {
    pthread_mutex_lock(&g->lock);
    guard_stats s = g->st;
    pthread_mutex_unlock(&g->lock);
    return s;
}
