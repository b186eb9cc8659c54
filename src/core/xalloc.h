/* xalloc.h - allocation that never returns NULL: out of memory aborts. */
#ifndef MC_XALLOC_H
#define MC_XALLOC_H

#include <stddef.h>

/** malloc that aborts on failure. Caller frees with free(). */
void *xmalloc(size_t n);
/** calloc that aborts on failure (and on overflow of n*size). */
void *xcalloc(size_t n, size_t size);
/** realloc that aborts on failure. */
void *xrealloc(void *p, size_t n);
/** strdup that aborts on failure; xstrdup(NULL) is NULL. */
char *xstrdup(const char *s);
/** Copies at most n bytes of s and terminates. */
char *xstrndup(const char *s, size_t n);

/** Copies src into dst of size cap, always terminated; returns strlen(src). */
size_t mc_strlcpy(char *dst, const char *src, size_t cap);

#endif
