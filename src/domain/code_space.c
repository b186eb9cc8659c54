/* code_space.c - see code_space.h. */
#include "code_space.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

int64_t code_space_seq(int node, int64_t n) {
    if (n < 1) return 0;
    if (node == 0) return n <= CODE_PROVINCE_MAX ? n : 0;
    if (node < CODE_NODE_FIRST || node > CODE_NODE_LAST || n > CODE_NODE_DAILY_MAX) return 0;
    return (int64_t)node * (CODE_NODE_DAILY_MAX + 1) + n;
}

int code_space_issuer(int64_t seq) {
    if (seq >= 1 && seq <= CODE_PROVINCE_MAX) return 0;
    int64_t node = seq / (CODE_NODE_DAILY_MAX + 1), n = seq % (CODE_NODE_DAILY_MAX + 1);
    if (node >= CODE_NODE_FIRST && node <= CODE_NODE_LAST && n >= 1) return (int)node;
    return -1;
}

int code_space_issuer_of(const char *code) {
    const char *dash = code ? strrchr(code, '-') : NULL;
    if (!dash || !dash[1] || strlen(dash + 1) > 9) return -1;
    int64_t seq = 0;
    for (const char *p = dash + 1; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        seq = seq * 10 + (*p - '0');
    }
    return code_space_issuer(seq);
}

static pthread_mutex_t here_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t here_store; /* the store whose number is kept (store_serial_of), 0: none */
static int here_node;

int code_space_issuer_here(store_conn *c, mc_error *err) {
    uint64_t serial = store_serial_of(c);
    pthread_mutex_lock(&here_lock);
    bool kept = here_store == serial;
    int node = here_node;
    pthread_mutex_unlock(&here_lock);
    if (kept) return node;
    store_rows *r = store_query(c, Q_META_GET, SV_ARGS(SV_T("node_number")), err);
    if (!r) return -1;
    int k = store_next(r, err);
    node = k == 1 && store_text(r, 0) ? atoi(store_text(r, 0)) : 0;
    store_rows_free(r);
    if (k < 0) return -1;
    pthread_mutex_lock(&here_lock);
    here_store = serial;
    here_node = node;
    pthread_mutex_unlock(&here_lock);
    return node;
}
