/* perm.c - the permission table. Edit the table, not the code. */
#include "perm.h"

#include <string.h>

static const struct {
    role r;
    const char *name;
    const char *label;
    bool read_only; /**< changes nothing (perm_read_only) */
} roles[ROLE_COUNT] = {
    {ROLE_ADMIN, "admin", "Quản trị hệ thống", false},
    {ROLE_RECEIVER, "receiver", "Cán bộ một cửa", false},
    {ROLE_SPECIALIST, "specialist", "Chuyên viên", false},
    {ROLE_LEADER, "leader", "Lãnh đạo", false},
    {ROLE_SUPERVISOR, "supervisor", "Giám sát", false},
    {ROLE_CITIZEN, "citizen", "Công dân, tổ chức", false},
    {ROLE_OBSERVER, "observer", "Giám sát HĐND, MTTQ (chỉ xem)", true},
};

static const char *const action_names[ACT__COUNT] = {
    [ACT_UNIT_READ] = "unit.read",
    [ACT_UNIT_MANAGE] = "unit.manage",
    [ACT_USER_READ] = "user.read",
    [ACT_USER_MANAGE] = "user.manage",
    [ACT_CATALOG_IMPORT] = "catalog.import",
    [ACT_CALENDAR_MANAGE] = "calendar.manage",
    [ACT_REPORT_READ] = "report.read",
    [ACT_DOSSIER_READ] = "dossier.read",
    [ACT_DOSSIER_RECEIVE] = "dossier.receive",
    [ACT_DOSSIER_PROCESS] = "dossier.process",
    [ACT_DOSSIER_APPROVE] = "dossier.approve",
    [ACT_DOSSIER_SUBMIT] = "dossier.submit",
    [ACT_PAYMENT_IMPORT] = "payment.import",
    [ACT_SURVEY_MANAGE] = "survey.manage",
    [ACT_SURVEY_READ] = "survey.read",
    [ACT_FEEDBACK_RECEIVE] = "feedback.receive",
    [ACT_FEEDBACK_HANDLE] = "feedback.handle",
    [ACT_FEEDBACK_READ] = "feedback.read",
    [ACT_INSPECTION_MANAGE] = "inspection.manage",
    [ACT_INSPECTION_READ] = "inspection.read",
    [ACT_INSPECTION_REMEDY] = "inspection.remedy",
    [ACT_CCHC_REPORT_WRITE] = "cchc_report.write",
    [ACT_CCHC_REPORT_SUBMIT] = "cchc_report.submit",
    [ACT_LEGAL_DOC_READ] = "legal_doc.read",
    [ACT_LEGAL_DOC_MANAGE] = "legal_doc.manage",
    [ACT_LEGAL_FLAG_CLEAR] = "legal_flag.clear",
    [ACT_TASK_READ] = "task.read",
    [ACT_TASK_REPORT] = "task.report",
    [ACT_TASK_ASSIGN] = "task.assign",
    [ACT_NEWS_PUBLISH] = "news.publish",
    [ACT_PAR_SELF] = "par.self",
    [ACT_PAR_SUBMIT] = "par.submit",
    [ACT_PAR_APPRAISE] = "par.appraise",
    [ACT_PAR_MANAGE] = "par.manage",
    [ACT_OUTBOX_MANAGE] = "outbox.manage",
    [ACT_NODE_MANAGE] = "node.manage",
};

/* role × action → scope. Anything not listed is SCOPE_NONE. */
static const struct {
    role r;
    perm_action a;
    perm_scope s;
} grants[] = {
    /* Administrator: the whole province. */
    {ROLE_ADMIN, ACT_UNIT_READ, SCOPE_ALL},
    {ROLE_ADMIN, ACT_UNIT_MANAGE, SCOPE_ALL},
    {ROLE_ADMIN, ACT_USER_READ, SCOPE_ALL},
    {ROLE_ADMIN, ACT_USER_MANAGE, SCOPE_ALL},
    {ROLE_ADMIN, ACT_CATALOG_IMPORT, SCOPE_ALL},
    {ROLE_ADMIN, ACT_CALENDAR_MANAGE, SCOPE_ALL},
    {ROLE_ADMIN, ACT_REPORT_READ, SCOPE_ALL},
    {ROLE_ADMIN, ACT_PAYMENT_IMPORT, SCOPE_ALL},
    {ROLE_ADMIN, ACT_SURVEY_MANAGE, SCOPE_ALL},
    {ROLE_ADMIN, ACT_SURVEY_READ, SCOPE_ALL},
    {ROLE_ADMIN, ACT_INSPECTION_MANAGE, SCOPE_ALL},
    {ROLE_ADMIN, ACT_INSPECTION_READ, SCOPE_ALL},
    /* Counter officer: intake and return at their own service center. */
    {ROLE_RECEIVER, ACT_UNIT_READ, SCOPE_ALL},
    {ROLE_RECEIVER, ACT_USER_READ, SCOPE_UNIT},
    {ROLE_RECEIVER, ACT_REPORT_READ, SCOPE_UNIT},
    {ROLE_RECEIVER, ACT_DOSSIER_READ, SCOPE_UNIT},
    {ROLE_RECEIVER, ACT_DOSSIER_RECEIVE, SCOPE_UNIT},
    {ROLE_RECEIVER, ACT_PAYMENT_IMPORT, SCOPE_UNIT}, /* fees are paid to the receiving unit */
    {ROLE_RECEIVER, ACT_FEEDBACK_RECEIVE, SCOPE_UNIT},
    {ROLE_RECEIVER, ACT_FEEDBACK_HANDLE, SCOPE_UNIT}, /* accepts, classifies, transfers what the counter received */
    {ROLE_RECEIVER, ACT_FEEDBACK_READ, SCOPE_UNIT},
    /* Specialist: processes the dossiers of their unit. */
    {ROLE_SPECIALIST, ACT_UNIT_READ, SCOPE_ALL},
    {ROLE_SPECIALIST, ACT_USER_READ, SCOPE_UNIT},
    {ROLE_SPECIALIST, ACT_REPORT_READ, SCOPE_UNIT},
    {ROLE_SPECIALIST, ACT_DOSSIER_READ, SCOPE_UNIT},
    {ROLE_SPECIALIST, ACT_DOSSIER_PROCESS, SCOPE_UNIT},
    {ROLE_SPECIALIST, ACT_FEEDBACK_HANDLE, SCOPE_UNIT},
    {ROLE_SPECIALIST, ACT_FEEDBACK_READ, SCOPE_UNIT},
    {ROLE_SPECIALIST, ACT_INSPECTION_REMEDY, SCOPE_UNIT}, /* drafts the remedy report of their unit */
    /* Leader: approves for their unit and sees its subtree. */
    {ROLE_LEADER, ACT_UNIT_READ, SCOPE_ALL},
    {ROLE_LEADER, ACT_USER_READ, SCOPE_SUBTREE},
    {ROLE_LEADER, ACT_REPORT_READ, SCOPE_SUBTREE},
    {ROLE_LEADER, ACT_DOSSIER_READ, SCOPE_SUBTREE},
    {ROLE_LEADER, ACT_DOSSIER_PROCESS, SCOPE_UNIT},
    {ROLE_LEADER, ACT_DOSSIER_APPROVE, SCOPE_UNIT},
    {ROLE_LEADER, ACT_SURVEY_READ, SCOPE_SUBTREE}, /* the satisfaction of their own units */
    {ROLE_LEADER, ACT_FEEDBACK_RECEIVE, SCOPE_SUBTREE},
    {ROLE_LEADER, ACT_FEEDBACK_HANDLE, SCOPE_SUBTREE},
    {ROLE_LEADER, ACT_FEEDBACK_READ, SCOPE_SUBTREE},
    {ROLE_LEADER, ACT_INSPECTION_READ, SCOPE_SUBTREE},   /* the inspections of their own units */
    {ROLE_LEADER, ACT_INSPECTION_REMEDY, SCOPE_SUBTREE}, /* answers for the remedies of their units */
    /* Supervisor: reads reports and dossiers of a subtree, changes no dossier; runs SIPAS campaigns there. */
    {ROLE_SUPERVISOR, ACT_UNIT_READ, SCOPE_ALL},
    {ROLE_SUPERVISOR, ACT_USER_READ, SCOPE_SUBTREE},
    {ROLE_SUPERVISOR, ACT_REPORT_READ, SCOPE_SUBTREE},
    {ROLE_SUPERVISOR, ACT_DOSSIER_READ, SCOPE_SUBTREE},
    {ROLE_SUPERVISOR, ACT_SURVEY_MANAGE, SCOPE_SUBTREE}, /* SIPAS campaigns: measuring, not processing */
    {ROLE_SUPERVISOR, ACT_SURVEY_READ, SCOPE_SUBTREE},
    {ROLE_SUPERVISOR, ACT_FEEDBACK_READ, SCOPE_SUBTREE},     /* reads, answers nothing */
    {ROLE_SUPERVISOR, ACT_INSPECTION_MANAGE, SCOPE_SUBTREE}, /* kiểm tra CCHC: inspecting, not processing */
    {ROLE_SUPERVISOR, ACT_INSPECTION_READ, SCOPE_SUBTREE},
    /* Periodic CCHC reports: a unit's specialists draft it, its leaders sign and submit it; the supervisors
     * of a province write the province's report (their own unit). */
    {ROLE_SPECIALIST, ACT_CCHC_REPORT_WRITE, SCOPE_UNIT},
    {ROLE_LEADER, ACT_CCHC_REPORT_WRITE, SCOPE_UNIT},
    {ROLE_LEADER, ACT_CCHC_REPORT_SUBMIT, SCOPE_UNIT},
    {ROLE_SUPERVISOR, ACT_CCHC_REPORT_WRITE, SCOPE_UNIT},
    {ROLE_SUPERVISOR, ACT_CCHC_REPORT_SUBMIT, SCOPE_UNIT},
    /* Citizen: their own dossiers only. */
    {ROLE_CITIZEN, ACT_DOSSIER_READ, SCOPE_OWN},
    {ROLE_CITIZEN, ACT_DOSSIER_SUBMIT, SCOPE_OWN},
    /* The register of legal normative documents (legal_docs.h): every officer reads it (the documents are
     * public); the issuing unit's leaders (subtree) and specialists (unit) keep their own documents, and
     * those of a unit that keeps the province's register (Sở Tư pháp: legal_doc_keepers) keep all of them;
     * the same people confirm that a flagged procedure was updated. */
    {ROLE_ADMIN, ACT_LEGAL_DOC_READ, SCOPE_ALL},
    {ROLE_ADMIN, ACT_LEGAL_DOC_MANAGE, SCOPE_ALL},
    {ROLE_ADMIN, ACT_LEGAL_FLAG_CLEAR, SCOPE_ALL},
    {ROLE_RECEIVER, ACT_LEGAL_DOC_READ, SCOPE_ALL},
    {ROLE_SPECIALIST, ACT_LEGAL_DOC_READ, SCOPE_ALL},
    {ROLE_SPECIALIST, ACT_LEGAL_DOC_MANAGE, SCOPE_UNIT},
    {ROLE_SPECIALIST, ACT_LEGAL_FLAG_CLEAR, SCOPE_UNIT},
    {ROLE_LEADER, ACT_LEGAL_DOC_READ, SCOPE_ALL},
    {ROLE_LEADER, ACT_LEGAL_DOC_MANAGE, SCOPE_SUBTREE},
    {ROLE_LEADER, ACT_LEGAL_FLAG_CLEAR, SCOPE_SUBTREE},
    {ROLE_SUPERVISOR, ACT_LEGAL_DOC_READ, SCOPE_ALL},
    /* Directives, plans and tasks (tasks.h); reform news (news.h). A body reads the tasks it leads or
     * cooperates in and those it assigned (and their sub-plans); leaders issue documents for their units. */
    {ROLE_ADMIN, ACT_TASK_READ, SCOPE_ALL},
    {ROLE_ADMIN, ACT_TASK_ASSIGN, SCOPE_ALL},
    {ROLE_ADMIN, ACT_NEWS_PUBLISH, SCOPE_ALL},
    {ROLE_LEADER, ACT_TASK_READ, SCOPE_SUBTREE},
    {ROLE_LEADER, ACT_TASK_REPORT, SCOPE_SUBTREE},
    {ROLE_LEADER, ACT_TASK_ASSIGN, SCOPE_SUBTREE},
    {ROLE_LEADER, ACT_NEWS_PUBLISH, SCOPE_SUBTREE},
    {ROLE_SPECIALIST, ACT_TASK_READ, SCOPE_UNIT},
    {ROLE_SPECIALIST, ACT_TASK_REPORT, SCOPE_UNIT}, /* drafts and sends their unit's progress reports */
    {ROLE_SPECIALIST, ACT_NEWS_PUBLISH, SCOPE_UNIT},
    {ROLE_SUPERVISOR, ACT_TASK_READ, SCOPE_SUBTREE},
    /* Observer (People's Council, Fatherland Front supervision): reads the whole province, writes nothing. */
    {ROLE_OBSERVER, ACT_UNIT_READ, SCOPE_ALL},
    {ROLE_OBSERVER, ACT_REPORT_READ, SCOPE_ALL},
    {ROLE_OBSERVER, ACT_SURVEY_READ, SCOPE_ALL},
    {ROLE_OBSERVER, ACT_INSPECTION_READ, SCOPE_ALL},
    {ROLE_OBSERVER, ACT_TASK_READ, SCOPE_ALL},
    /* The PAR INDEX (parindex.h): a unit's specialists and leader self-score it, the leader submits it and
     * explains; the council is the officers of the round's council unit (Sở Nội vụ): its specialists and
     * leaders appraise, its leaders open rounds, send appraisals and finalise; administrators open and
     * finalise rounds for any council. Results, once final, are read with report.read. */
    {ROLE_SPECIALIST, ACT_PAR_SELF, SCOPE_UNIT},
    {ROLE_LEADER, ACT_PAR_SELF, SCOPE_UNIT},
    {ROLE_LEADER, ACT_PAR_SUBMIT, SCOPE_UNIT},
    {ROLE_SPECIALIST, ACT_PAR_APPRAISE, SCOPE_UNIT},
    {ROLE_LEADER, ACT_PAR_APPRAISE, SCOPE_UNIT},
    {ROLE_LEADER, ACT_PAR_MANAGE, SCOPE_UNIT},
    {ROLE_ADMIN, ACT_PAR_MANAGE, SCOPE_ALL},
    {ROLE_ADMIN, ACT_OUTBOX_MANAGE, SCOPE_ALL},
    {ROLE_ADMIN, ACT_NODE_MANAGE, SCOPE_ALL},
};

perm_scope perm_scope_of(unsigned rs, perm_action action) {
    perm_scope best = SCOPE_NONE;
    for (size_t i = 0; i < sizeof grants / sizeof grants[0]; i++)
        if ((rs & grants[i].r) && grants[i].a == action && grants[i].s > best) best = grants[i].s;
    return best;
}

bool perm_allows(unsigned rs, const char *user_path, perm_action action, const char *target_path) {
    switch (perm_scope_of(rs, action)) {
    case SCOPE_ALL: return true;
    case SCOPE_SUBTREE:
        return user_path && target_path && *user_path && strncmp(target_path, user_path, strlen(user_path)) == 0;
    case SCOPE_UNIT: return user_path && target_path && *user_path && strcmp(target_path, user_path) == 0;
    default: return false;
    }
}

bool perm_read_only(unsigned rs) {
    if (!rs) return false;
    for (int i = 0; i < ROLE_COUNT; i++)
        if ((rs & roles[i].r) && !roles[i].read_only) return false;
    return true;
}

const char *role_name(role r) {
    for (int i = 0; i < ROLE_COUNT; i++)
        if (roles[i].r == r) return roles[i].name;
    return NULL;
}

const char *role_label(role r) {
    for (int i = 0; i < ROLE_COUNT; i++)
        if (roles[i].r == r) return roles[i].label;
    return NULL;
}

role role_parse(const char *name) {
    for (int i = 0; i < ROLE_COUNT; i++)
        if (name && strcmp(roles[i].name, name) == 0) return roles[i].r;
    return 0;
}

const char *perm_action_name(perm_action a) {
    return a >= 0 && a < ACT__COUNT ? action_names[a] : "?";
}
