/* fdio.h - writing to a file descriptor whole. */
#ifndef MC_FDIO_H
#define MC_FDIO_H

#include <stdbool.h>
#include <stddef.h>

/** Writes all n bytes of p to fd, again after an interrupted or short write; false on an error (errno says). */
bool fd_write_all(int fd, const void *p, size_t n);

#endif
