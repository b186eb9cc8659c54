/* fault.c - see fault.h. */
#include "fault.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char armed[64];
static long at = 0;
static atomic_long seen;

int fault_arm(const char *spec) {
    const char *colon = strchr(spec, ':');
    size_t n = colon ? (size_t)(colon - spec) : strlen(spec);
    if (n == 0 || n >= sizeof armed) return 0;
    memcpy(armed, spec, n);
    armed[n] = 0;
    at = colon ? strtol(colon + 1, NULL, 10) : 1;
    return at >= 1;
}

void fault_point(const char *name) {
    if (!armed[0] || strcmp(name, armed) != 0) return;
    if (atomic_fetch_add(&seen, 1) + 1 == at) {
        fprintf(stderr, "fault point %s reached: exiting as killed\n", name);
        _exit(137);
    }
}
