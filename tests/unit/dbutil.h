/* dbutil.h - a throwaway SQLite store for unit tests. */
#ifndef MC_DBUTIL_H
#define MC_DBUTIL_H

#include <unistd.h>

#include "store.h"

/* Opens a fresh store in a temporary file with options (NULL = defaults). */
static inline store *test_store_opts(char path[64], const store_options *opt) {
    snprintf(path, 64, "/tmp/motcua-unit-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    store *s = NULL;
    mc_error err;
    if (store_open(path, opt, &s, &err) != MC_OK) fail_msg("store_open: %s", err.message_en);
    return s;
}

/* Opens a fresh store in a temporary file; the path is written to path[64]. */
static inline store *test_store(char path[64]) {
    return test_store_opts(path, NULL);
}

static inline void test_store_close(store *s, const char *path) {
    store_close(s);
    char p[96];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

#endif
