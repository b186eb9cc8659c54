/* log.h - one-line logs to stderr: time, level, message. */
#ifndef MC_LOG_H
#define MC_LOG_H

#include <stddef.h>

typedef enum { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR } log_level;

/** The longest formatted message, in bytes before escaping; a longer one is
 *  cut and ends in " [...]". */
#define LOG_MESSAGE_MAX 1023

/** Messages below this level are dropped (default LOG_INFO). */
void log_set_level(log_level l);
/** Writes one line. Thread-safe (one fprintf). The formatted message is
 *  escaped with log_escape, so text from users (names, URLs, file names)
 *  can never start a line of its own or hide what it is. */
void log_msg(log_level l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** Writes in[0..n) into out (cap bytes, NUL-terminated, cut at a whole
 *  escape when full) with every byte that could forge or hide log text made
 *  visible: backslash as \\, CR LF TAB as \r \n \t, other C0 controls, DEL
 *  and each byte of invalid UTF-8 as \xNN, and the C1 controls, the line
 *  and paragraph separators U+2028/U+2029 and the bidirectional controls
 *  (U+202A–U+202E, U+2066–U+2069) as \uXXXX. Valid UTF-8 text (Vietnamese)
 *  is copied as is. Returns the length written. 4·n + 1 bytes always suffice. */
size_t log_escape(const char *in, size_t n, char *out, size_t cap);

#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
