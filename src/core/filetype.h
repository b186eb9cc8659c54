/* filetype.h - what a file really is, judged from its first bytes.
 *
 * The type of an uploaded document is never taken from its name or from the
 * Content-Type the client declared: only from its content. PDF, JPEG and PNG
 * have magic numbers at offset 0. DOCX, XLSX and ODT are ZIP archives; they
 * are told apart by walking the ZIP local file headers found in the head
 * (entry names are stored uncompressed, so no inflating is needed). */
#ifndef MC_FILETYPE_H
#define MC_FILETYPE_H

#include <stddef.h>

/** Bytes of a file's head that filetype_sniff() looks at, at most (64 KiB).
 * Pass min(file size, FILETYPE_SNIFF_MAX) bytes; more is allowed and ignored. */
#define FILETYPE_SNIFF_MAX ((size_t)64 * 1024)

/** The document types motcua accepts, FT_UNKNOWN for anything else. */
typedef enum {
    FT_UNKNOWN = 0,
    FT_PDF,  /**< "%PDF-" at offset 0 */
    FT_JPEG, /**< FF D8 FF */
    FT_PNG,  /**< 89 50 4E 47 0D 0A 1A 0A */
    FT_DOCX, /**< ZIP with an entry whose name starts "word/" */
    FT_XLSX, /**< ZIP with an entry whose name starts "xl/" */
    FT_ODT,  /**< ZIP whose first entry is "mimetype", stored, holding
                  "application/vnd.oasis.opendocument.text" */
    FT__COUNT
} filetype;

/** Detects the type of a file from head[0..n), its first n bytes (head is
 * only read, not kept; head may be NULL when n is 0).
 *
 * How much is needed: PDF needs 5 bytes, JPEG 3, PNG 8; fewer gives
 * FT_UNKNOWN (a truncated header is not guessed at). A ZIP must start with a
 * local file header at offset 0; its local headers are walked within the
 * first min(n, FILETYPE_SNIFF_MAX) bytes (entries written with a data
 * descriptor are skipped by searching for the next header signature). So a
 * DOCX/XLSX is recognised when a "word/" or "xl/" entry header starts within
 * the head given (Office, LibreOffice and Google Docs put them in the first
 * few KiB); an ODT needs its first entry complete (about 100 bytes). Pure
 * function, thread-safe. */
filetype filetype_sniff(const unsigned char *head, size_t n);

/** The MIME type of t, e.g. "application/pdf"; "application/octet-stream"
 * for FT_UNKNOWN. Static string, never NULL. */
const char *filetype_mime(filetype t);

/** The usual file extension of t without the dot, e.g. "pdf", "jpg"; "bin"
 * for FT_UNKNOWN. Static string, never NULL. */
const char *filetype_ext(filetype t);

/** A Vietnamese label for users, e.g. "Tài liệu PDF"; "Định dạng không xác
 * định" for FT_UNKNOWN. Static UTF-8 string, never NULL. */
const char *filetype_label_vi(filetype t);

#endif
