/* log.h - one-line logs to stderr: time, level, message. */
#ifndef MC_LOG_H
#define MC_LOG_H

typedef enum { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR } log_level;

/** Messages below this level are dropped (default LOG_INFO). */
void log_set_level(log_level l);
/** Writes one line. Thread-safe (one fprintf). */
void log_msg(log_level l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
