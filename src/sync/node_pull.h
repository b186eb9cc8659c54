/* node_pull.h - a commune node learns what changed at the province (docs/NODE.md §5): the dossiers of its units
 * with journal entries after a cursor (a province journal id), oldest change first, each as an image
 * (node_image.h) with the province's last entry on it (the base of the node's next acts on it) and its tracking key.
 * The node writes each over its copy unless it has acts on it the province has not acknowledged (they would be
 * lost; the dossier comes back at a later pull, since applying them appends newer entries). */
#ifndef MC_NODE_PULL_H
#define MC_NODE_PULL_H

#include <jansson.h>
#include <stdint.h>

#include "err.h"
#include "store.h"
#include "timeutil.h"

/** Dossiers a pull answers at most. */
#define NODE_PULL_MAX 500

/** The province's answer to node `number` of `tenant` for cursor `since`: {"dossiers": [{"image", "head",
 *  "tracking_key", "history"}], "next", "more"} (history: the dossier's entries the node did not make, oldest first,
 *  as {at, actor, role, unit, action, from, to, step, step_name, step_due_at, timing, to_unit, note}) (new reference), at most `limit` dossiers (1..NODE_PULL_MAX). */
mc_err node_pull_answer(store *s, const char *tenant, int number, int64_t since, int limit, json_t **out,
                        mc_error *err);
/** The node writes an answer: each dossier in a transaction of its own (one that cannot be written, say for a
 *  procedure version the node does not know yet, is left and counted), then the cursor. */
mc_err node_pull_apply(store *s, json_t *answer, mc_time now, int *written, int *skipped, mc_error *err);
/** The node's pull cursor (meta node_pull_cursor; 0 before the first pull). */
mc_err node_pull_cursor(store_conn *c, int64_t *out, mc_error *err);
/** Makes journal_of give a pulled dossier's province entries too (journal_set_history): a node serving calls it. */
void node_pull_install_history(void);
/** On a node: the base of dossier `code` (the province's last entry when it was pulled; 0 for one the node made). */
mc_err node_pull_base(store_conn *c, const char *tenant, const char *code, int64_t *base, mc_error *err);

#endif
