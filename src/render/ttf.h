/* ttf.h - TrueType faces for the PDFs: loaded once per process, the glyph of
 * each character and its advance, the numbers a PDF font descriptor needs, and
 * a subset holding only the glyphs a document drew (harfbuzz's hb-subset,
 * hinting and layout tables dropped). Thread-safe: a loaded
 * face is only read. */
#ifndef MC_TTF_H
#define MC_TTF_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

/** A face loaded from a TrueType file. */
typedef struct ttf_face ttf_face;

/** What a PDF FontDescriptor says of a face, in thousandths of the em. */
typedef struct {
    const char *ps_name; /**< PostScript name, e.g. "LiberationSerif-Bold" */
    int ascent, descent, cap_height;
    int bbox[4];      /**< xMin yMin xMax yMax */
    int italic_angle; /**< degrees, negative leaning right */
    unsigned nglyphs; /**< glyphs in the face */
} ttf_info;

/** The face of the file at path, loaded at the first call for that path and
 *  kept until the process ends; NULL (err set, in Vietnamese) when the file is
 *  missing or not a TrueType font. Safe to call from several threads. */
const ttf_face *ttf_get(const char *path, mc_error *err);
/** The face's descriptor numbers. */
const ttf_info *ttf_info_of(const ttf_face *f);
/** Glyph id of code point cp; 0 (.notdef) when the face has none. */
unsigned ttf_glyph(const ttf_face *f, uint32_t cp);
/** Advance width of glyph g in thousandths of the em (0 for an id out of range). */
unsigned ttf_advance(const ttf_face *f, unsigned g);
/** Appends to out a TrueType file with the n glyphs of `glyphs`, .notdef and
 *  the parts of composite glyphs, without hinting or the layout, naming and
 *  character-map tables a PDF does not read; renumbered[i] gets the id that
 *  glyphs[i] has in it (the subset numbers its glyphs from 0). */
mc_err ttf_subset(const ttf_face *f, const unsigned *glyphs, size_t n, buf *out, unsigned *renumbered, mc_error *err);

#endif
