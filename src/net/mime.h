/* mime.h - an e-mail message as RFC 5322 text with MIME (RFC 2045-2047): a UTF-8 plain-text body in base64,
 * the Subject and the From display name as RFC 2047 encoded words, Date, Message-ID, and List-Unsubscribe
 * (RFC 2369, one-click POST of RFC 8058). Pure: no I/O. */
#ifndef MC_MIME_H
#define MC_MIME_H
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "timeutil.h"

/** What a message holds. Strings are borrowed. */
typedef struct {
    const char *from_name;   /**< display name (any UTF-8), or NULL */
    const char *from_addr;   /**< addr-spec */
    const char *to_addr;     /**< addr-spec */
    const char *subject;     /**< UTF-8 */
    const char *body;        /**< UTF-8 plain text, lines separated by \n */
    const char *message_id;  /**< without the angle brackets */
    const char *unsubscribe; /**< an https/http address for List-Unsubscribe, or NULL */
    mc_time date;
} mime_msg;

/** True when s is an address motcua writes into a header: local@domain, printable ASCII without spaces,
 *  quotes, angle brackets, commas or semicolons, at most 254 bytes. */
bool mime_addr_ok(const char *s);
/** Appends text as a header value: as is when it is printable ASCII, else as RFC 2047 "B" encoded words of
 *  at most 75 characters (never splitting a UTF-8 character), folded with CRLF SP. `used`: the characters
 *  already on the header's first line ("Subject: " is 9). */
void mime_header_text(buf *out, const char *text, size_t used);
/** Appends data in base64, lines of 76 characters ending in CRLF. */
void mime_base64_lines(buf *out, const void *data, size_t len);
/** Writes "Tue, 03 Mar 2026 09:05:00 +0700" (Vietnam time) into out (40 bytes). */
void mime_date(mc_time t, char out[40]);
/** Appends the whole message (headers and body, CRLF line ends). False, writing nothing, when an address or
 *  the Message-ID is unfit for a header. */
bool mime_build(buf *out, const mime_msg *m);
#endif
