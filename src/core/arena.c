/* arena.c - chunked bump allocator. */
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

typedef struct chunk {
    struct chunk *next;
    size_t cap, used;
    _Alignas(16) unsigned char data[];
} chunk;

struct arena {
    chunk *head;
    size_t total;
};

enum { ARENA_CHUNK = 16 * 1024 };

arena *arena_create(void) {
    return xcalloc(1, sizeof(arena));
}

void arena_free(arena *a) {
    if (!a) return;
    for (chunk *c = a->head, *n; c; c = n) {
        n = c->next;
        free(c);
    }
    free(a);
}

void *arena_alloc(arena *a, size_t n) {
    size_t need = (n + 15) & ~(size_t)15;
    chunk *c = a->head;
    if (!c || c->cap - c->used < need) {
        size_t cap = need > ARENA_CHUNK ? need : ARENA_CHUNK;
        chunk *nc = xmalloc(sizeof(chunk) + cap);
        nc->cap = cap;
        nc->used = 0;
        /* A big one-off allocation goes behind the current chunk so the
         * current chunk's free space stays usable. */
        if (c && need > ARENA_CHUNK) {
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            a->head = nc;
        }
        c = nc;
    }
    void *p = c->data + c->used;
    c->used += need;
    a->total += need;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n) {
    char *d = arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *arena_strdup(arena *a, const char *s) {
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(arena *a, const char *fmt, ...) {
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *d = arena_alloc(a, (size_t)n + 1);
    vsnprintf(d, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return d;
}

void *arena_grow(arena *a, const void *old, size_t *cap, size_t elem) {
    void *nv = arena_alloc(a, *cap * 2 * elem);
    if (*cap) memcpy(nv, old, *cap * elem);
    *cap *= 2;
    return nv;
}

size_t arena_used(const arena *a) {
    return a->total;
}
