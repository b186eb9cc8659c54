/* keep.c - texts kept under a stamp (keep.h). */
#include "keep.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

struct keep_slot {
    keep_stamp st;
    mc_time at;
    char *key; /* key, NUL, then the text: one block */
    size_t key_len, len;
};

static struct keep_slot *slot_of(keep *k, const char *key) {
    return &k->slots[text_hash(key) % k->nslots];
}

static bool same_stamp(keep_stamp x, keep_stamp y) {
    return x.a == y.a && x.b == y.b && x.c == y.c;
}

char *keep_get(keep *k, const char *key, keep_stamp st, mc_time now, arena *a, size_t *len) {
    char *out = NULL;
    size_t key_len = strlen(key);
    pthread_mutex_lock(&k->lock);
    if (k->slots) {
        struct keep_slot *s = slot_of(k, key);
        if (s->key && s->key_len == key_len && memcmp(s->key, key, key_len) == 0 && same_stamp(s->st, st) &&
            (k->ttl == 0 || (now >= s->at && now - s->at < k->ttl))) {
            out = arena_strndup(a, s->key + key_len + 1, s->len);
            *len = s->len;
        }
    }
    pthread_mutex_unlock(&k->lock);
    return out;
}

void keep_put(keep *k, const char *key, keep_stamp st, mc_time at, const char *text, size_t len) {
    size_t key_len = strlen(key);
    char *block = malloc(key_len + 1 + len); /* copied before the lock is taken */
    if (!block) return;
    memcpy(block, key, key_len + 1);
    memcpy(block + key_len + 1, text, len);
    pthread_mutex_lock(&k->lock);
    if (!k->slots) k->slots = calloc(k->nslots, sizeof *k->slots);
    if (!k->slots) {
        pthread_mutex_unlock(&k->lock);
        free(block);
        return;
    }
    struct keep_slot *s = slot_of(k, key);
    char *old = s->key;
    *s = (struct keep_slot){st, at, block, key_len, len};
    pthread_mutex_unlock(&k->lock);
    free(old);
}

void keep_clear(keep *k) {
    pthread_mutex_lock(&k->lock);
    struct keep_slot *v = k->slots;
    unsigned n = k->nslots;
    k->slots = NULL;
    pthread_mutex_unlock(&k->lock);
    if (!v) return;
    for (unsigned i = 0; i < n; i++) free(v[i].key);
    free(v);
}
