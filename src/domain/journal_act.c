/* journal_act.c - the journal entry of an officer's change to a record (journal_act.h). */
#include "journal_act.h"

const char *journal_act_role(const user *by, perm_action act) {
    for (int i = 0; i < ROLE_COUNT; i++) {
        role r = (role)(1u << i);
        if ((by->roles & r) && perm_scope_of(r, act) != SCOPE_NONE) return role_name(r);
    }
    return "officer";
}

mc_err journal_act(store_conn *w, const char *tenant, const char *subject, int64_t id, const user *by, perm_action act,
                   const char *action, const char *from, const char *to, const char *note, mc_time now, mc_error *err) {
    journal_entry e = {.tenant = tenant,
                       .subject = subject,
                       .subject_id = id,
                       .at = now,
                       .user_id = by->id,
                       .actor = by->username,
                       .role = journal_act_role(by, act),
                       .unit_code = by->unit_code,
                       .action = action,
                       .from_state = from,
                       .to_state = to,
                       .note = note};
    return journal_append(w, &e, err);
}
