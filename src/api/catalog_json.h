/* catalog_json.h - the catalog import format (docs/catalog-format.md) and the
 * JSON of procedures, mapped to and from the domain structures. */
#ifndef MC_CATALOG_JSON_H
#define MC_CATALOG_JSON_H

#include <jansson.h>

#include "catalog.h"

/** Reads an import document into *b (strings in p->a). Type and shape errors
 * are appended to *p as (section, index, field, reason); records with errors
 * are still returned so that the domain validation can report more. Returns
 * MC_ERR_INVALID only when the document itself is unusable (not an object,
 * wrong "format"), with err filled. */
mc_err catalog_json_parse(json_t *doc, catalog_batch *b, catalog_problems *p, mc_error *err);
/** The full JSON of a procedure version. */
json_t *catalog_json_procedure(const procedure *pr, const proc_template *t, size_t nt);
/** The JSON of a search hit. */
json_t *catalog_json_hit(const catalog_hit *h);
/** JSON array of problems [{section,index,field,reason}]. */
json_t *catalog_json_problems(const catalog_problems *p);

#endif
