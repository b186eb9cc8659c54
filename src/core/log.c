/* log.c - see log.h. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

#include "timeutil.h"

static log_level min_level = LOG_INFO;

void log_set_level(log_level l) {
    min_level = l;
}

void log_msg(log_level l, const char *fmt, ...) {
    static const char *names[] = {"debug", "info", "warn", "error"};
    if (l < min_level) return;
    char ts[26], line[1024];
    time_format_iso8601(time_now(), ts);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s %s %s\n", ts, names[l], line);
}
