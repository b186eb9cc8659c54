/* multipart.h - streaming multipart/form-data (RFC 7578) for uploads.
 *
 * The body is fed in chunks of any size, as they arrive from the network.
 * Each file part goes straight to a new temporary file (mode 0600) in a
 * directory the caller chooses, its size and SHA-256 computed on the way and
 * its type sniffed from its first 64 KiB (filetype.h): a file is never held
 * whole in memory. Text fields are kept in memory, capped. Every failure is
 * final, and multipart_free() removes every temporary file the caller did not
 * take with multipart_keep(): a broken or abandoned upload leaves nothing.
 *
 * Strict on framing: CRLF line ends only, boundary of 1-70 characters
 * (RFC 2046), no header folding, Content-Disposition: form-data with a name
 * required in every part; "filename*=" is ignored (RFC 7578 4.2). One parser
 * per request; not thread-safe. */
#ifndef MC_MULTIPART_H
#define MC_MULTIPART_H

#include <stddef.h>

#include "err.h"
#include "filetype.h"

/** Longest header line of a part, CRLF included (longer → 400). */
#define MULTIPART_MAX_HEADER_LINE 2048
/** Most header lines in one part (more → 400). */
#define MULTIPART_MAX_HEADER_LINES 16

/** Limits of one upload; exceeding any of them is MC_ERR_TOO_LARGE (413).
 * multipart_limits_default() gives the defaults named below. */
typedef struct {
    size_t max_file;         /**< bytes of one file (10 MiB) */
    size_t max_total;        /**< bytes of the whole body as fed, framing included (50 MiB) */
    size_t max_field;        /**< bytes of one text field's value (64 KiB) */
    size_t max_fields_total; /**< bytes of all text field values together (256 KiB) */
    int max_parts;           /**< parts, files and fields together (32) */
} multipart_limits;

/** The default limits. */
multipart_limits multipart_limits_default(void);

/** One file part, complete. Every string is owned by the parser and lives
 * until multipart_free(); all are NUL-terminated UTF-8. */
typedef struct {
    const char *name;          /**< the form field name */
    const char *filename;      /**< the client's file name, NFC, directories and control
                                    characters removed; untrusted, for display only, may be "" */
    const char *path;          /**< the temporary file holding exactly the part's bytes;
                                    deleted by multipart_free() unless kept */
    size_t size;               /**< bytes */
    unsigned char sha256[32];  /**< SHA-256 of the bytes */
    char sha256_hex[65];       /**< the same in lower-case hex */
    filetype type;             /**< sniffed from the content, never from the name */
    const char *declared_type; /**< the part's Content-Type as sent, "" if none; untrusted */
} multipart_file;

/** One text field (a part without a filename). Owned by the parser until
 * multipart_free(). value is valid UTF-8 without NUL bytes. */
typedef struct {
    const char *name;
    const char *value;
} multipart_field;

/** A parser for one request body. */
typedef struct multipart multipart;

/** Starts parsing a body whose Content-Type header is content_type (may be
 * NULL). limits NULL means multipart_limits_default(); they are copied.
 * tmpdir (copied) is the existing, writable directory for the temporary
 * files; put it on the file system of the permanent storage so that a kept
 * file can be rename(2)d there. On success *out is a new parser the caller
 * frees with multipart_free(). Fails, with *out NULL and nothing created, with
 * MC_ERR_MEDIA_TYPE (415) if the type is not multipart/form-data and
 * MC_ERR_INVALID (400) if the boundary parameter is missing or invalid. */
mc_err multipart_begin(const char *content_type, const multipart_limits *limits, const char *tmpdir, multipart **out,
                       mc_error *err);

/** Feeds the next len bytes of the body (data not kept; len 0 is a no-op).
 * Completed parts are available through the accessors as soon as their
 * closing boundary has been read. Fails with MC_ERR_TOO_LARGE (413) when a
 * limit is passed, MC_ERR_INVALID (400) on malformed input, MC_ERR_INTERNAL
 * (500) if a temporary file cannot be created or written; err->field names the
 * part when known. After a failure the parser is dead: every later feed or
 * finish returns the same error, and the file being written is already
 * deleted. Must not be called after a successful multipart_finish(). */
mc_err multipart_feed(multipart *m, const char *data, size_t len, mc_error *err);

/** Ends the body. MC_OK if the closing boundary was read (anything after it,
 * the epilogue, is ignored); MC_ERR_INVALID (400) if the body ended early, or
 * the error of a failed feed. Calling it again returns the same result. */
mc_err multipart_finish(multipart *m, mc_error *err);

/** Number of complete file parts so far. A file input left empty by the
 * browser (filename "" and no bytes) is not counted: it is dropped. */
size_t multipart_file_count(const multipart *m);
/** The i-th complete file part (i < multipart_file_count()), in body order.
 * Owned by the parser; valid until multipart_free(). */
const multipart_file *multipart_file_at(const multipart *m, size_t i);
/** Number of complete text fields so far. */
size_t multipart_field_count(const multipart *m);
/** The i-th text field (i < multipart_field_count()), in body order. Owned by
 * the parser; valid until multipart_free(). */
const multipart_field *multipart_field_at(const multipart *m, size_t i);
/** The value of the first text field called name, or NULL. Owned by the parser. */
const char *multipart_field_value(const multipart *m, const char *name);

/** Takes ownership of file i's temporary file: multipart_free() will not
 * delete it, and the caller must move it (rename into permanent storage) or
 * delete it. Its path string still belongs to the parser: copy it first if it
 * is needed after multipart_free(). */
void multipart_keep(multipart *m, size_t i);

/** Frees the parser and deletes every temporary file not kept, complete or
 * not. multipart_free(NULL) is a no-op. */
void multipart_free(multipart *m);

#endif
