/* report_doc.h - an administrative report laid out as Nghị định 30/2020/NĐ-CP asks (the issuing body
 * and the number on the left, the national title and motto on the right with place and date, the
 * document's kind and summary, the body, then "Nơi nhận" and the signer), with a numeric annex
 * table; written as PDF (pdf.h) and as an editable DOCX (WordprocessingML in a ZIP,
 * zip.h; no office suite). The caller fills the texts; nothing here knows reports. */
#ifndef MC_REPORT_DOC_H
#define MC_REPORT_DOC_H

#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "pdf.h"

/** A row of the annex: a group heading (label only, value NULL) or a figure. */
typedef struct {
    const char *label, *value;
    const char *no; /**< "1.2" and so on; NULL for a heading */
} rdoc_row;

/** The document. Every text is UTF-8; NULL reads as empty. Lines of `recipients` and of section
 *  texts are separated by '\n'. */
typedef struct {
    const char *upper_body, *body; /**< the managing body (may be NULL) and the issuing body */
    const char *number;            /**< "Số: 25/BC-UBND" */
    const char *place_date;        /**< "Cao Bằng, ngày 14 tháng 3 năm 2026" */
    const char *kind;              /**< "BÁO CÁO" */
    const char *summary;           /**< "Kết quả công tác cải cách hành chính quý I năm 2026" */
    const char *intro;             /**< a paragraph before the sections, or NULL */
    const char *const *heads;      /**< section headings */
    const char *const *texts;      /**< section texts */
    size_t nsections;
    const char *annex_title; /**< "PHỤ LỤC: SỐ LIỆU ..." */
    const char *annex_note;  /**< under the annex title (the period, when computed) */
    const rdoc_row *rows;
    size_t nrows;
    const char *recipients; /**< "Như trên;\nLưu: VT." */
    const char *signer_title, *signer_name;
    const char *footer; /**< a last note, small (e.g. "Số liệu tính đến ..."), or NULL */
} rdoc;

/** Writes the document as PDF into out (slow work: call it off the writer, on a slow route). */
mc_err rdoc_pdf(const rdoc *d, buf *out, mc_error *err);
/** Draws the letterhead of rdoc_pdf at the top of p's page (the bodies in capitals on the left with
 *  `number` under them, the national title and motto on the right with `place_date`; NULL number or
 *  place_date: left out) and moves the cursor below it. For other documents of the same body, such
 *  as the annex of a decision. */
void rdoc_pdf_letterhead(pdf_doc *p, const char *upper_body, const char *body, const char *number,
                         const char *place_date);
/** Writes the document as DOCX (Office Open XML) into out. */
mc_err rdoc_docx(const rdoc *d, buf *out, mc_error *err);

#endif
