/* tracking.c - the tracking keys printed on receipts (dossier.h): an 8-character keyed hash of the code under the
 * installation's secret, made on first use and kept in meta. A commune node holds, as its secret, the subkey of its
 * own codes (tracking.h), never the province's. */
#include "dossier.h"
#include "tracking.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "code_space.h"
#include "units.h"

/* The tracking secret never changes once made: it is read from a store once
 * and kept, tagged with the store it came from. */
static pthread_mutex_t secret_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char secret_cache[32];
static uint64_t secret_store; /* 0 = nothing cached */

mc_err dossier_tracking_secret_ensure(store_conn *w, mc_error *err) {
    pthread_mutex_lock(&secret_lock);
    bool known = secret_store == store_serial_of(w);
    pthread_mutex_unlock(&secret_lock);
    if (known) return MC_OK;
    unsigned char key[32];
    char hex[65];
    randombytes_buf(key, sizeof key);
    sodium_bin2hex(hex, sizeof hex, key, sizeof key);
    return store_exec(w, Q_META_INIT, SV_ARGS(SV_T("tracking_secret"), SV_T(hex)), NULL, err);
}

/* The installation's secret for tracking keys (created on first use). */
static mc_err tracking_secret(store_conn *c, unsigned char key[32], mc_error *err) {
    pthread_mutex_lock(&secret_lock);
    bool have_cached = secret_store == store_serial_of(c);
    if (have_cached) memcpy(key, secret_cache, 32);
    pthread_mutex_unlock(&secret_lock);
    if (have_cached) return MC_OK;
    store_rows *r = store_query(c, Q_META_GET, SV_ARGS(SV_T("tracking_secret")), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    bool have = k == 1 && store_text(r, 0) &&
                sodium_hex2bin(key, 32, store_text(r, 0), strlen(store_text(r, 0)), NULL, NULL, NULL) == 0;
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (!have) return mc_fail(err, MC_ERR_INTERNAL, NULL, NULL, "tracking secret missing");
    pthread_mutex_lock(&secret_lock);
    memcpy(secret_cache, key, 32);
    secret_store = store_serial_of(c);
    pthread_mutex_unlock(&secret_lock);
    return MC_OK;
}

void tracking_node_subkey(const unsigned char secret[32], const char *tenant, int node, unsigned char out[32]) {
    char msg[128];
    int n = snprintf(msg, sizeof msg, "motcua-node-tracking/1\n%s\n%d", tenant, node);
    crypto_generichash(out, 32, (const unsigned char *)msg, (size_t)n, secret, 32);
}

mc_err dossier_tracking_key(store_conn *c, const char *code, char out[9], mc_error *err) {
    unsigned char key[32];
    mc_err e = tracking_secret(c, key, err);
    if (e) return e;
    /* At the province, a code a commune node issued is keyed with that node's subkey, which the node holds as its
     * own secret (docs/NODE.md §2): the node prints keys the province accepts without holding the province's. */
    int issuer = code_space_issuer_of(code), here = code_space_issuer_here(c, err);
    if (here < 0) return MC_ERR_STORE;
    if (here > 0 && issuer != here) {
        /* A node holds only its own codes' subkey: a dossier it pulled carries the key the province computed. */
        char unit[64], tenant[UNITS_TENANT_MAX];
        size_t ul = strcspn(code, "-");
        snprintf(unit, sizeof unit, "%.*s", (int)(ul < sizeof unit ? ul : sizeof unit - 1), code);
        int k = units_tenant_of_code(c, unit, tenant, err);
        if (k < 0) return MC_ERR_STORE;
        store_rows *r = k ? store_query(c, Q_NODE_PULLED_GET, SV_ARGS(SV_T(tenant), SV_T(code)), err) : NULL;
        if (k && !r) return MC_ERR_STORE;
        int got = r ? store_next(r, err) : 0;
        bool ok = got == 1 && store_text(r, 1) && strlen(store_text(r, 1)) == 8;
        if (ok) memcpy(out, store_text(r, 1), 9);
        if (r) store_rows_free(r);
        if (got < 0) return MC_ERR_STORE;
        if (!ok) return mc_fail(err, MC_ERR_NOT_FOUND, NULL, NULL, "tracking key unknown on this node");
        return MC_OK;
    }
    if (issuer > 0 && here == 0) {
        char unit[64], tenant[UNITS_TENANT_MAX];
        size_t ul = strcspn(code, "-");
        snprintf(unit, sizeof unit, "%.*s", (int)(ul < sizeof unit ? ul : sizeof unit - 1), code);
        int k = units_tenant_of_code(c, unit, tenant, err);
        if (k < 0) return MC_ERR_STORE;
        if (k == 0) tenant[0] = 0;
        unsigned char sub[32];
        tracking_node_subkey(key, tenant, issuer, sub);
        memcpy(key, sub, sizeof key);
    }
    unsigned char h[16];
    crypto_generichash(h, sizeof h, (const unsigned char *)code, strlen(code), key, sizeof key);
    /* 8 characters from an alphabet without look-alikes (0/O, 1/I/L). */
    static const char alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    for (int i = 0; i < 8; i++) out[i] = alphabet[h[i] % (sizeof alphabet - 1)];
    out[8] = 0;
    return MC_OK;
}

bool dossier_key_ok(store_conn *c, const dossier *d, const char *key) {
    if (!key || !*key) return false;
    char k[9], given[9];
    if (strlen(key) == 8) {
        /* Keys are printed in capitals; a citizen may type them in small letters. */
        for (int i = 0; i < 8; i++) given[i] = (char)(key[i] >= 'a' && key[i] <= 'z' ? key[i] - 32 : key[i]);
        given[8] = 0;
        if (dossier_tracking_key(c, d->code, k, NULL) == MC_OK && sodium_memcmp(k, given, 8) == 0) return true;
    }
    const char *ph = d->applicant.phone;
    size_t n = ph ? strlen(ph) : 0;
    return n >= 4 && strlen(key) == 4 && sodium_memcmp(ph + n - 4, key, 4) == 0;
}

mc_err tracking_node_secret(store *s, const char *tenant, int node, char out[65], mc_error *err) {
    store_conn *w = store_begin(s, err);
    if (!w) return err->code;
    mc_err e = store_finish(w, dossier_tracking_secret_ensure(w, err), err);
    unsigned char key[32], sub[32];
    if (!e) e = tracking_secret(store_reader(s), key, err);
    if (e) return e;
    tracking_node_subkey(key, tenant, node, sub);
    sodium_bin2hex(out, 65, sub, sizeof sub);
    sodium_memzero(key, sizeof key);
    sodium_memzero(sub, sizeof sub);
    return MC_OK;
}
