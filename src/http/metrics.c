/* metrics.c - see metrics.h. */
#include "metrics.h"

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "code_space.h"
#include "hist.h"
#include "log.h"
#include "node_outq.h"
#include "nodes.h"
#include "outbox.h"
#include "xalloc.h"

/* Methods counted by name; any other is "other". */
static const char *const methods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "other"};
#define NMETHODS ((int)(sizeof methods / sizeof methods[0]))

/* (method, status) pairs of one route: CODE_SLOTS claimed as they come, then one overflow slot
 * counted as method="other", code="other" (a route answers few distinct statuses). */
#define CODE_SLOTS 8
typedef struct {
    _Atomic uint32_t key[CODE_SLOTS]; /* (method index + 1) << 10 | status; 0 = free */
    _Atomic uint64_t n[CODE_SLOTS + 1];
    hist h;
} route_stats;

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static route_stats *stats; /* one per route of the table, then one for unmatched requests */
static const route *table;
static size_t ntable;
static time_t started;

static _Atomic uint64_t job_runs, job_last_at, job_last_ns;

/* The store's figures, cached: text and when it was made. */
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static char *cache_text;
static time_t cache_at;

static void init(void) {
    table = routes_table(&ntable);
    stats = xcalloc(ntable + 1, sizeof *stats);
    started = time(NULL);
}

void metrics_init(void) {
    pthread_once(&init_once, init);
}

static int method_index(const char *m) {
    for (int i = 0; m && i < NMETHODS - 1; i++)
        if (strcmp(m, methods[i]) == 0) return i;
    return NMETHODS - 1;
}

void metrics_request(const route *rt, const char *method, unsigned status, uint64_t ns) {
    metrics_init();
    size_t i = rt && rt >= table && rt < table + ntable ? (size_t)(rt - table) : ntable;
    route_stats *st = &stats[i];
    uint32_t key = (uint32_t)(method_index(method) + 1) << 10 | (status & 0x3ff);
    int slot = CODE_SLOTS; /* overflow */
    for (int k = 0; k < CODE_SLOTS; k++) {
        uint32_t have = atomic_load_explicit(&st->key[k], memory_order_acquire);
        if (have == 0) {
            uint32_t zero = 0;
            if (atomic_compare_exchange_strong(&st->key[k], &zero, key) || zero == key) {
                slot = k;
                break;
            }
            have = zero;
        }
        if (have == key) {
            slot = k;
            break;
        }
    }
    atomic_fetch_add_explicit(&st->n[slot], 1, memory_order_relaxed);
    hist_observe(&st->h, ns);
}

void metrics_job_run(mc_time at, uint64_t ns) {
    atomic_fetch_add_explicit(&job_runs, 1, memory_order_relaxed);
    atomic_store_explicit(&job_last_at, (uint64_t)at, memory_order_relaxed);
    atomic_store_explicit(&job_last_ns, ns, memory_order_relaxed);
}

static const char *route_label(size_t i) {
    return i < ntable ? table[i].pattern : METRICS_UNMATCHED;
}

static void write_requests(buf *out) {
    buf_puts(out, "# HELP motcua_http_requests_total HTTP requests answered, by route pattern, method and status.\n"
                  "# TYPE motcua_http_requests_total counter\n");
    for (size_t i = 0; i <= ntable; i++) {
        route_stats *st = &stats[i];
        for (int k = 0; k <= CODE_SLOTS; k++) {
            uint64_t n = atomic_load_explicit(&st->n[k], memory_order_relaxed);
            if (!n) continue;
            uint32_t key = k < CODE_SLOTS ? atomic_load_explicit(&st->key[k], memory_order_acquire) : 0;
            buf_puts(out, "motcua_http_requests_total{route=\"");
            hist_label_escape(out, route_label(i));
            if (key)
                buf_printf(out, "\",method=\"%s\",code=\"%u\"} %llu\n", methods[(key >> 10) - 1], key & 0x3ff,
                           (unsigned long long)n);
            else
                buf_printf(out, "\",method=\"other\",code=\"other\"} %llu\n", (unsigned long long)n);
        }
    }
    buf_puts(out, "# HELP motcua_http_request_duration_seconds Time from a request's head to the end of its "
                  "answer, by route pattern.\n# TYPE motcua_http_request_duration_seconds histogram\n");
    buf labels = {0};
    for (size_t i = 0; i <= ntable; i++) {
        route_stats *st = &stats[i];
        uint64_t any = 0;
        for (int b = 0; b <= HIST_BUCKETS && !any; b++)
            any = atomic_load_explicit(&st->h.bucket[b], memory_order_relaxed);
        if (!any) continue;
        buf_reset(&labels);
        buf_puts(&labels, "route=\"");
        hist_label_escape(&labels, route_label(i));
        buf_putc(&labels, '"');
        hist_write(out, "motcua_http_request_duration_seconds", labels.data, &st->h);
    }
    buf_free(&labels);
}

/* Figures read from the store: dossiers by state, the age of each journal chain's newest entry. */
static void write_store(store *st, buf *out) {
    mc_error err;
    store_conn *c = store_reader(st);
    buf_puts(out, "# HELP motcua_dossiers Dossiers by state (read from the store, at most "
                  "5 seconds old).\n# TYPE motcua_dossiers gauge\n");
    store_rows *r = store_query(c, Q_OPS_DOSSIERS_BY_STATE, SV_NONE, &err);
    int k = -1;
    if (r) {
        while ((k = store_next(r, &err)) == 1) {
            buf_puts(out, "motcua_dossiers{state=\"");
            hist_label_escape(out, store_text(r, 0));
            buf_printf(out, "\"} %lld\n", (long long)store_int(r, 1));
        }
        store_rows_free(r);
    }
    if (k < 0) log_warn("metrics: dossiers by state: %s", err.message_en);
    buf_puts(out, "# HELP motcua_journal_head_age_seconds Seconds since the newest journal entry of each tenant's "
                  "chain.\n# TYPE motcua_journal_head_age_seconds gauge\n");
    mc_time now = time_now();
    r = store_query(c, Q_OPS_JOURNAL_NEWEST, SV_NONE, &err);
    k = -1;
    if (r) {
        while ((k = store_next(r, &err)) == 1) {
            buf_puts(out, "motcua_journal_head_age_seconds{tenant=\"");
            hist_label_escape(out, store_text(r, 0));
            int64_t age = now - store_int(r, 1);
            buf_printf(out, "\"} %lld\n", (long long)(age > 0 ? age : 0));
        }
        store_rows_free(r);
    }
    if (k < 0) log_warn("metrics: journal heads: %s", err.message_en);
}

static void write_jobs(buf *out) {
    buf_printf(out,
               "# HELP motcua_deadline_job_runs_total Runs of the deadline job (overdue and due-soon marks).\n"
               "# TYPE motcua_deadline_job_runs_total counter\nmotcua_deadline_job_runs_total %llu\n"
               "# HELP motcua_deadline_job_last_run_timestamp_seconds When the deadline job last ran (0: not yet).\n"
               "# TYPE motcua_deadline_job_last_run_timestamp_seconds gauge\n"
               "motcua_deadline_job_last_run_timestamp_seconds %llu\n"
               "# HELP motcua_deadline_job_last_duration_seconds How long the deadline job's last run took.\n"
               "# TYPE motcua_deadline_job_last_duration_seconds gauge\n"
               "motcua_deadline_job_last_duration_seconds %.6f\n",
               (unsigned long long)atomic_load_explicit(&job_runs, memory_order_relaxed),
               (unsigned long long)atomic_load_explicit(&job_last_at, memory_order_relaxed),
               (double)atomic_load_explicit(&job_last_ns, memory_order_relaxed) / 1e9);
}

static void write_process(buf *out) {
    long page = sysconf(_SC_PAGESIZE);
    unsigned long long vsz = 0, rss = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%llu %llu", &vsz, &rss) != 2) vsz = rss = 0;
        fclose(f);
    }
    int fds = 0;
    DIR *d = opendir("/proc/self/fd");
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)))
            if (e->d_name[0] != '.') fds++;
        closedir(d);
        fds--; /* the descriptor of the listing itself */
    }
    struct rlimit rl = {0, 0};
    getrlimit(RLIMIT_NOFILE, &rl);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
                 ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e6;
    buf_printf(out,
               "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
               "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes %llu\n"
               "# HELP process_virtual_memory_bytes Virtual memory size in bytes.\n"
               "# TYPE process_virtual_memory_bytes gauge\nprocess_virtual_memory_bytes %llu\n"
               "# HELP process_open_fds Open file descriptors.\n"
               "# TYPE process_open_fds gauge\nprocess_open_fds %d\n"
               "# HELP process_max_fds Most file descriptors the process may open.\n"
               "# TYPE process_max_fds gauge\nprocess_max_fds %llu\n"
               "# HELP process_cpu_seconds_total User and system CPU time spent, in seconds.\n"
               "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total %.3f\n"
               "# HELP process_start_time_seconds When the server started, in seconds since the Unix epoch.\n"
               "# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds %lld\n",
               rss * (unsigned long long)page, vsz * (unsigned long long)page, fds, (unsigned long long)rl.rlim_cur,
               cpu, (long long)started);
}

/* Commune nodes (docs/NODE.md §8). At the province: each node's last contact, what it reported and the province has
 * not applied, and its conflicts open. At a node: what waits to be sent, and how long since the last exchange. */
static void write_nodes(store *st, buf *out, mc_time now) {
    store_conn *c = store_reader(st);
    mc_error err;
    if (code_space_issuer_here(c, &err) > 0) {
        node_here_status h;
        if (node_outq_status(c, now, &h, &err) != MC_OK) return;
        buf_printf(out,
                   "# HELP motcua_node_waiting Entries of this commune node the province has not acknowledged.\n"
                   "# TYPE motcua_node_waiting gauge\nmotcua_node_waiting %lld\n"
                   "# HELP motcua_node_last_exchange_age_seconds Seconds since this node's last complete exchange "
                   "with its province (-1: none yet).\n"
                   "# TYPE motcua_node_last_exchange_age_seconds gauge\nmotcua_node_last_exchange_age_seconds %lld\n",
                   (long long)h.waiting, (long long)(h.last_exchange ? now - h.last_exchange : -1));
        return;
    }
    node_gauge g[100];
    size_t n = 0;
    if (nodes_gauges(c, g, sizeof g / sizeof g[0], &n, &err) != MC_OK) {
        log_warn("metrics: nodes: %s", err.message_en);
        return;
    }
    if (!n) return;
    buf_puts(out, "# HELP motcua_node_last_seen_seconds Seconds since a commune node's last signed request (-1: never).\n"
                  "# TYPE motcua_node_last_seen_seconds gauge\n");
    for (size_t i = 0; i < n; i++)
        buf_printf(out, "motcua_node_last_seen_seconds{province=\"%s\",node=\"%d\"} %lld\n", g[i].tenant, g[i].number,
                   (long long)(g[i].last_seen_at ? now - g[i].last_seen_at : -1));
    buf_puts(out, "# HELP motcua_node_pending Entries a commune node reported that the province has not applied.\n"
                  "# TYPE motcua_node_pending gauge\n");
    for (size_t i = 0; i < n; i++)
        buf_printf(out, "motcua_node_pending{province=\"%s\",node=\"%d\"} %lld\n", g[i].tenant, g[i].number,
                   (long long)g[i].pending);
    buf_puts(out, "# HELP motcua_node_conflicts_open Conflicts of a commune node's exchange not yet closed by an "
                  "officer.\n# TYPE motcua_node_conflicts_open gauge\n");
    for (size_t i = 0; i < n; i++)
        buf_printf(out, "motcua_node_conflicts_open{province=\"%s\",node=\"%d\"} %lld\n", g[i].tenant, g[i].number,
                   (long long)g[i].conflicts_open);
}

void metrics_append_more(store *st, buf *out) {
    /* The outbox: messages waiting and dead per channel, and how long the oldest waiting one has waited. */
    outbox_depth d[16];
    size_t n = 0;
    mc_error err;
    if (outbox_depths(store_reader(st), d, sizeof d / sizeof d[0], &n, &err) != MC_OK) {
        log_warn("metrics: outbox: %s", err.message_en);
        return;
    }
    mc_time now = time_now();
    buf_puts(out, "# HELP motcua_outbox_depth Messages not yet sent, by channel and state (pending: waiting or being "
                  "retried; dead: given up, for an administrator to send again).\n"
                  "# TYPE motcua_outbox_depth gauge\n");
    for (size_t i = 0; i < n; i++)
        buf_printf(out,
                   "motcua_outbox_depth{channel=\"%s\",state=\"pending\"} %lld\n"
                   "motcua_outbox_depth{channel=\"%s\",state=\"dead\"} %lld\n",
                   d[i].channel, (long long)d[i].pending, d[i].channel, (long long)d[i].dead);
    buf_puts(out, "# HELP motcua_outbox_oldest_age_seconds Age of the oldest message waiting, by channel (0: none).\n"
                  "# TYPE motcua_outbox_oldest_age_seconds gauge\n");
    for (size_t i = 0; i < n; i++)
        buf_printf(out, "motcua_outbox_oldest_age_seconds{channel=\"%s\"} %lld\n", d[i].channel,
                   (long long)(d[i].oldest && now > d[i].oldest ? now - d[i].oldest : 0));
    write_nodes(st, out, now);
}

void metrics_write(store *st, buf *out) {
    metrics_init();
    write_requests(out);
    write_jobs(out);
    /* The store's figures at most METRICS_STORE_TTL seconds old: a scrape stays cheap. */
    pthread_mutex_lock(&cache_lock);
    time_t now = time(NULL);
    if (!cache_text || now - cache_at >= METRICS_STORE_TTL || now < cache_at) {
        buf b = {0};
        write_store(st, &b);
        metrics_append_more(st, &b);
        free(cache_text);
        cache_text = b.data ? buf_steal(&b) : xstrdup("");
        cache_at = now;
    }
    buf_puts(out, cache_text);
    pthread_mutex_unlock(&cache_lock);
    char *s = store_metrics_text();
    buf_puts(out, s);
    free(s);
    write_process(out);
}

mc_err metrics_handler(api_req *r, mc_error *err) {
    (void)err;
    buf b = {0};
    metrics_write(r->app->st, &b);
    mc_err e = api_reply_raw(r, 200, "text/plain; version=0.0.4; charset=utf-8", b.data, b.len);
    buf_free(&b);
    return e;
}
