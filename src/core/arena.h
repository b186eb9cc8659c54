/* arena.h - a memory pool freed in one call (one per request or per command).
 *
 * Allocations are 16-byte aligned and live until arena_free(). Nothing
 * allocated from an arena is freed on its own. */
#ifndef MC_ARENA_H
#define MC_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena;

/** Creates an empty arena. Free it with arena_free(). */
arena *arena_create(void);
/** Frees the arena and everything allocated from it. arena_free(NULL) is a no-op. */
void arena_free(arena *a);
/** Allocates n zeroed bytes owned by the arena. Aborts on out of memory. */
void *arena_alloc(arena *a, size_t n);
/** Copies s (may be NULL → NULL) into the arena. */
char *arena_strdup(arena *a, const char *s);
/** Copies n bytes of s and terminates. */
char *arena_strndup(arena *a, const char *s, size_t n);
/** printf into arena memory. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Doubles an arena array: returns a new array of 2 × *cap elements of size
 * `elem` holding the *cap elements of `old`, and doubles *cap. `old` stays
 * valid (arena memory is never freed on its own). */
void *arena_grow(arena *a, const void *old, size_t *cap, size_t elem);
/** Bytes handed out so far (for tests and benchmarks). */
size_t arena_used(const arena *a);

#endif
