/* zip.h - writes a ZIP archive in memory (PKWARE APPNOTE 6.3: local headers, data, central
 * directory; no ZIP64, no encryption), each entry deflated with zlib or stored, with its
 * CRC-32. Enough for office packages (DOCX): the entries are small and few. Names are
 * written as given (UTF-8, flag bit 11); times are a fixed date, so the same entries give the
 * same bytes. */
#ifndef MC_ZIP_H
#define MC_ZIP_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"

/** An archive being written. */
typedef struct zip_writer zip_writer;

/** A new, empty archive. Free with zip_free(). */
zip_writer *zip_create(void);
/** Adds an entry called name (at most 255 bytes, unique: not checked) with len bytes of data,
 *  deflated unless `store`. MC_ERR_INVALID for a bad name; MC_ERR_TOO_LARGE past 64 MiB or
 *  65,535 entries; MC_ERR_INTERNAL if zlib fails. The data is copied. */
mc_err zip_add(zip_writer *z, const char *name, const void *data, size_t len, bool store, mc_error *err);
/** Writes the central directory and moves the whole archive into out (appended). The writer
 *  may only be freed afterwards. */
mc_err zip_finish(zip_writer *z, buf *out, mc_error *err);
/** Frees the writer. NULL is allowed. */
void zip_free(zip_writer *z);

#endif
