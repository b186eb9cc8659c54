/* node_conflicts.h - what a commune node did that the province did not apply, for an officer to read and close
 * (docs/NODE.md §6; written by node_apply.c). Each row names the dossier, the node, the rule that decided, what the
 * province kept, the node's acts not applied and what to do. Closing one ("đã xử lý", with a note) is journaled
 * (subject "node_conflict"). */
#ifndef MC_NODE_CONFLICTS_H
#define MC_NODE_CONFLICTS_H

#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "store.h"
#include "timeutil.h"
#include "users.h"

#define NODE_CONFLICT_SUBJECT "node_conflict"

/** One conflict. Strings in the caller's arena. */
typedef struct {
    int64_t id, dossier_id;
    int node;
    const char *code, *rule, *rule_label, *severity, *severity_label, *summary, *kept, *todo, *state;
    const char *not_applied; /**< JSON array of {seq, at, actor, action, to, note} */
    const char *unit_path, *unit_name; /**< the dossier's receiving unit (NULL when the province has no copy) */
    mc_time found_at, resolved_at;
    const char *resolved_note;
} node_conflict;

/** The conflicts of a province that `by` may read (report.read over the dossier's receiving unit; those without a
 *  dossier here, to whoever reads the whole province), newest first; state "open", "resolved" or NULL for both. */
mc_err node_conflicts_list(store_conn *c, arena *a, const char *tenant, const char *state, const user *by,
                           node_conflict **out, size_t *n, mc_error *err);
/** Closes an open conflict with a note (required), journaled. */
mc_err node_conflicts_resolve(store *s, arena *a, const char *tenant, int64_t id, const char *note, const user *by,
                              mc_time now, mc_error *err);
/** The Vietnamese name of a rule ("K5" → "Hồ sơ đã được xử lý trên hệ thống tỉnh"), or the rule itself. */
const char *node_conflict_rule_label(const char *rule);

#endif
