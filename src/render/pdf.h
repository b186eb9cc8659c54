/* pdf.h - A4 documents with Vietnamese text, written without a PDF library: a cursor that
 * flows down the page, paragraphs wrapped to a width, tables whose rows move
 * to the next page whole, lines and filled squares (for QR codes). Text is
 * UTF-8 in Liberation Serif (metric-compatible with Times New Roman), each
 * font embedded with only the glyphs drawn (ttf.h). */
#ifndef MC_PDF_H
#define MC_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "timeutil.h"

/** A document being written. */
typedef struct pdf_doc pdf_doc;

typedef enum { PDF_REGULAR = 0, PDF_BOLD, PDF_ITALIC } pdf_style;
typedef enum { PDF_LEFT = 0, PDF_CENTER, PDF_RIGHT } pdf_align;

/** Where the fonts are (default /usr/share/fonts/truetype/liberation2 or
 *  $MOTCUA_FONTS). The files are read at each pdf_create. */
const char *pdf_font_dir(void);
/** How many font files the PDFs load. */
#define PDF_NFONTS 3
/** The font files loaded from pdf_font_dir(): regular, bold, italic (motcua doctor checks them). */
extern const char *const pdf_font_files[PDF_NFONTS];

/** A new document with one empty A4 page (portrait, or landscape for wide
 *  tables); NULL (err set) when a font is missing. */
pdf_doc *pdf_create(const char *title, bool landscape, mc_error *err);
/** Sets the document's creation date (metadata) to the instant t, in Vietnam
 *  time; without it the file has none, so that the same content gives the same bytes. */
void pdf_set_date(pdf_doc *d, mc_time t);
/** Frees the document. NULL is allowed. */
void pdf_free(pdf_doc *d);
/** Writes the finished document into out. */
mc_err pdf_finish(pdf_doc *d, buf *out, mc_error *err);

/** Width of the writing area (points) and the cursor's height above the bottom margin. */
float pdf_width(const pdf_doc *d);
float pdf_room(const pdf_doc *d);
/** Starts a new page; the cursor goes to its top. */
void pdf_new_page(pdf_doc *d);
/** Moves the cursor down (points). */
void pdf_space(pdf_doc *d, float pt);

/** Writes text wrapped to the box [x, x+w) from the cursor down; returns the
 *  height used. With dry = true nothing is drawn (to measure). */
float pdf_text_box(pdf_doc *d, float x, float w, const char *text, pdf_style style, float size, pdf_align align,
                   bool dry);
/** Draws a text box `off` points below the cursor without moving the cursor; returns its height
 *  (for blocks side by side, such as a letterhead's two columns). */
float pdf_text_at(pdf_doc *d, float off, float x, float w, const char *text, pdf_style style, float size,
                  pdf_align align);
/** A paragraph across the whole width, then the cursor below it; a new page first if it does not fit. */
void pdf_para(pdf_doc *d, const char *text, pdf_style style, float size, pdf_align align);
/** "label value" on one wrapped paragraph: the label regular, the value bold. */
void pdf_field(pdf_doc *d, const char *label, const char *value, float size);
/** A horizontal line across [x, x+w) at the cursor. */
void pdf_rule(pdf_doc *d, float x, float w);

/** A table: column widths (summing to at most pdf_width), a header row and
 *  rows of cell texts (ncols each), with borders; a row that does not fit
 *  goes to the next page, where the header is repeated. */
void pdf_table(pdf_doc *d, const float *widths, size_t ncols, const char *const *header, const char *const *cells,
               size_t nrows, float size);

/** Draws a square of modules (size × size, 1 = dark) with its top-left corner
 *  at (x, cursor), `side` points wide; the cursor does not move. */
void pdf_modules(pdf_doc *d, float x, float side, const unsigned char *dark, int size);

#endif
