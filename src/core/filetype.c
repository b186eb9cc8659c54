/* filetype.c - see filetype.h. Magic numbers, then a walk over ZIP local
 * file headers (APPNOTE.TXT 4.3.7) for the office formats. */
#include "filetype.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static const struct {
    const char *mime, *ext, *label_vi;
} ft_table[FT__COUNT] = {
    [FT_UNKNOWN] = {"application/octet-stream", "bin", "Định dạng không xác định"},
    [FT_PDF] = {"application/pdf", "pdf", "Tài liệu PDF"},
    [FT_JPEG] = {"image/jpeg", "jpg", "Ảnh JPEG"},
    [FT_PNG] = {"image/png", "png", "Ảnh PNG"},
    [FT_DOCX] = {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
                 "Văn bản Word (DOCX)"},
    [FT_XLSX] = {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Bảng tính Excel (XLSX)"},
    [FT_ODT] = {"application/vnd.oasis.opendocument.text", "odt", "Văn bản OpenDocument (ODT)"},
};

static filetype ft_valid(filetype t) {
    return (unsigned)t < FT__COUNT ? t : FT_UNKNOWN;
}

const char *filetype_mime(filetype t) {
    return ft_table[ft_valid(t)].mime;
}

const char *filetype_ext(filetype t) {
    return ft_table[ft_valid(t)].ext;
}

const char *filetype_label_vi(filetype t) {
    return ft_table[ft_valid(t)].label_vi;
}

static uint32_t le16(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static const unsigned char zip_local_sig[4] = {'P', 'K', 3, 4};
enum { ZIP_LOCAL_HEADER = 30 }; /* fixed part of a local file header */

/* Offset of the next local header signature in h[from..n), or n if none. */
static size_t zip_resync(const unsigned char *h, size_t n, size_t from) {
    for (size_t i = from; i + 4 <= n; i++)
        if (h[i] == 'P' && memcmp(h + i, zip_local_sig, 4) == 0) return i;
    return n;
}

static bool has_prefix(const unsigned char *name, size_t len, const char *prefix) {
    size_t pl = strlen(prefix);
    return len >= pl && memcmp(name, prefix, pl) == 0;
}

/* h[0..n) starts with a local file header. */
static filetype sniff_zip(const unsigned char *h, size_t n) {
    static const char odt_mime[] = "application/vnd.oasis.opendocument.text";
    size_t off = 0;
    bool first = true;
    while (off + ZIP_LOCAL_HEADER <= n && memcmp(h + off, zip_local_sig, 4) == 0) {
        const unsigned char *lh = h + off;
        uint32_t flags = le16(lh + 6), method = le16(lh + 8);
        uint32_t csize = le32(lh + 18), usize = le32(lh + 22);
        size_t name_len = le16(lh + 26), extra_len = le16(lh + 28);
        if (name_len > n - off - ZIP_LOCAL_HEADER) break; /* name cut off */
        const unsigned char *name = lh + ZIP_LOCAL_HEADER;
        size_t data = off + ZIP_LOCAL_HEADER + name_len + extra_len;
        if (first && name_len == 8 && memcmp(name, "mimetype", 8) == 0) {
            size_t ml = sizeof odt_mime - 1;
            if (method == 0 && csize == ml && usize == ml && data <= n && ml <= n - data &&
                memcmp(h + data, odt_mime, ml) == 0)
                return FT_ODT;
            return FT_UNKNOWN; /* another OpenDocument type, EPUB, ... */
        }
        if (has_prefix(name, name_len, "word/")) return FT_DOCX;
        if (has_prefix(name, name_len, "xl/")) return FT_XLSX;
        first = false;
        if (data >= n) break;
        if ((flags & 0x08) || csize == 0xFFFFFFFFu) {
            /* Size in a data descriptor after the data (or in a ZIP64 extra
             * field): find the next header by its signature. */
            off = zip_resync(h, n, data);
            continue;
        }
        if (csize > n - data) break; /* the next header is beyond the head */
        off = data + csize;
    }
    return FT_UNKNOWN;
}

filetype filetype_sniff(const unsigned char *head, size_t n) {
    static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (!head || n == 0) return FT_UNKNOWN;
    if (n > FILETYPE_SNIFF_MAX) n = FILETYPE_SNIFF_MAX;
    if (n >= 5 && memcmp(head, "%PDF-", 5) == 0) return FT_PDF;
    if (n >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return FT_JPEG;
    if (n >= 8 && memcmp(head, png_sig, 8) == 0) return FT_PNG;
    if (n >= ZIP_LOCAL_HEADER && memcmp(head, zip_local_sig, 4) == 0) return sniff_zip(head, n);
    return FT_UNKNOWN;
}
