/* buf.h - a growable byte buffer, always NUL-terminated. */
#ifndef MC_BUF_H
#define MC_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
    char *data; /**< owned; NUL-terminated; NULL until the first append */
    size_t len, cap;
} buf;

/** Appends n bytes. */
void buf_append(buf *b, const void *p, size_t n);
/** Appends a C string. */
void buf_puts(buf *b, const char *s);
/** Appends one byte. */
void buf_putc(buf *b, char c);
/** printf-appends. */
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Empties the buffer, keeping its memory. */
void buf_reset(buf *b);
/** Frees the memory; the buffer is empty and reusable after. */
void buf_free(buf *b);
/** Hands the data to the caller (who frees it) and empties the buffer. Never NULL. */
char *buf_steal(buf *b);

#endif
