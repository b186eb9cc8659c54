/* dossier_rules.c - the transition table. Edit the table, not the code. */
#include "dossier_rules.h"

#include <string.h>

#include "perm.h"

#define R_RECV ROLE_RECEIVER
#define R_SPEC ROLE_SPECIALIST
#define R_LEAD ROLE_LEADER
#define R_CIT  ROLE_CITIZEN

static const struct {
    const char *name, *label;
    int portal;
} states[DS__COUNT] = {
    [DS_SUBMITTED] = {"submitted", "Đã nộp, chờ cán bộ một cửa kiểm tra, tiếp nhận", 1},
    [DS_INTAKE_SUPPLEMENT] = {"intake_supplement", "Cần bổ sung, hoàn thiện hồ sơ trước khi tiếp nhận", 5},
    [DS_REFUSED] = {"refused", "Không được tiếp nhận", 3},
    [DS_RECEIVED] = {"received", "Đã tiếp nhận, chờ cơ quan có thẩm quyền xử lý", 2},
    [DS_PROCESSING] = {"processing", "Đang xử lý", 4},
    [DS_SUPPLEMENT] = {"supplement", "Chờ công dân bổ sung hồ sơ (tạm dừng tính thời gian)", 5},
    [DS_PAYMENT] = {"payment", "Chờ nộp phí, lệ phí (tạm dừng tính thời gian)", 6},
    [DS_PARTNER] = {"partner", "Đang xử lý liên thông tại cơ quan phối hợp", 4},
    [DS_DECIDED] = {"decided", "Đã có kết quả giải quyết, đang chuyển về bộ phận một cửa", 9},
    [DS_RESULT_READY] = {"result_ready", "Đã có kết quả, mời nhận kết quả", 9},
    [DS_RETURNED] = {"returned", "Đã trả kết quả", 10},
    [DS_STOPPED] = {"stopped", "Đã dừng giải quyết theo đề nghị của người nộp", 7},
};

static const struct {
    const char *name, *label;
} actions[DA__COUNT] = {
    [DA_SUBMIT] = {"submit", "Nộp hồ sơ"},
    [DA_ACCEPT] = {"accept", "Tiếp nhận hồ sơ"},
    [DA_REQUEST_SUPPLEMENT] = {"request_supplement", "Yêu cầu bổ sung hồ sơ"},
    [DA_REFUSE] = {"refuse", "Từ chối tiếp nhận"},
    [DA_CLAIM] = {"claim", "Nhận xử lý"},
    [DA_FORWARD] = {"forward", "Chuyển bước tiếp theo"},
    [DA_SEND_BACK] = {"send_back", "Trả lại bước trước"},
    [DA_TRANSFER] = {"transfer", "Chuyển liên thông"},
    [DA_PARTNER_DONE] = {"partner_done", "Cơ quan phối hợp đã xử lý xong"},
    [DA_RESUBMIT] = {"resubmit", "Nộp bổ sung"},
    [DA_REQUEST_PAYMENT] = {"request_payment", "Yêu cầu nộp phí, lệ phí"},
    [DA_MARK_PAID] = {"mark_paid", "Xác nhận đã nộp phí"},
    [DA_APPROVE] = {"approve", "Phê duyệt"},
    [DA_REJECT] = {"reject", "Từ chối giải quyết"},
    [DA_EXTEND] = {"extend", "Xin lỗi và gia hạn"},
    [DA_RESULT_READY] = {"result_ready", "Kết quả đã sẵn sàng"},
    [DA_RETURN] = {"return", "Trả kết quả"},
    [DA_STOP] = {"stop", "Dừng giải quyết theo đề nghị"},
};

/* state × action → state. Anything not listed is forbidden (409). */
static const ds_rule rules[] = {
    /* Intake of an online submission (Art. 17(2)). */
    {DS_SUBMITTED, DA_ACCEPT, DS_RECEIVED, R_RECV, CLOCK_START},
    {DS_SUBMITTED, DA_REQUEST_SUPPLEMENT, DS_INTAKE_SUPPLEMENT, R_RECV, CLOCK_NONE},
    {DS_SUBMITTED, DA_REFUSE, DS_REFUSED, R_RECV, CLOCK_NONE},
    {DS_INTAKE_SUPPLEMENT, DA_RESUBMIT, DS_SUBMITTED, R_CIT | R_RECV, CLOCK_NONE},
    /* Processing through the template's steps. */
    {DS_RECEIVED, DA_CLAIM, DS_PROCESSING, R_RECV | R_SPEC | R_LEAD, CLOCK_NONE},
    {DS_PROCESSING, DA_CLAIM, DS_PROCESSING, R_RECV | R_SPEC | R_LEAD, CLOCK_NONE},
    {DS_PROCESSING, DA_FORWARD, DS_PROCESSING, R_RECV | R_SPEC | R_LEAD, CLOCK_NONE},
    {DS_PROCESSING, DA_SEND_BACK, DS_PROCESSING, R_SPEC | R_LEAD, CLOCK_NONE},
    {DS_PROCESSING, DA_TRANSFER, DS_PARTNER, R_SPEC | R_LEAD, CLOCK_NONE},
    {DS_PARTNER, DA_PARTNER_DONE, DS_PROCESSING, ROLE_SYSTEM, CLOCK_NONE},
    /* Supplement and fees pause the clock. */
    {DS_RECEIVED, DA_REQUEST_SUPPLEMENT, DS_SUPPLEMENT, R_RECV | R_SPEC, CLOCK_PAUSE},
    {DS_PROCESSING, DA_REQUEST_SUPPLEMENT, DS_SUPPLEMENT, R_SPEC | R_LEAD, CLOCK_PAUSE},
    {DS_SUPPLEMENT, DA_RESUBMIT, DS_PROCESSING, R_CIT | R_RECV, CLOCK_RESUME},
    {DS_RECEIVED, DA_REQUEST_PAYMENT, DS_PAYMENT, R_RECV | R_SPEC, CLOCK_PAUSE},
    {DS_PROCESSING, DA_REQUEST_PAYMENT, DS_PAYMENT, R_RECV | R_SPEC, CLOCK_PAUSE},
    /* Paid: confirmed at the counter, or by motcua matching a bank statement (payments.h). */
    {DS_PAYMENT, DA_MARK_PAID, DS_PROCESSING, R_RECV | ROLE_SYSTEM, CLOCK_RESUME},
    /* Decision (the leader signs), extension with an apology (once). */
    {DS_PROCESSING, DA_APPROVE, DS_DECIDED, R_LEAD, CLOCK_STOP},
    {DS_PROCESSING, DA_REJECT, DS_DECIDED, R_LEAD, CLOCK_STOP},
    {DS_RECEIVED, DA_EXTEND, DS_RECEIVED, R_LEAD, CLOCK_NONE},
    {DS_PROCESSING, DA_EXTEND, DS_PROCESSING, R_LEAD, CLOCK_NONE},
    {DS_PARTNER, DA_EXTEND, DS_PARTNER, R_LEAD, CLOCK_NONE},
    /* Return of the result. */
    {DS_DECIDED, DA_RESULT_READY, DS_RESULT_READY, R_RECV | R_SPEC, CLOCK_NONE},
    {DS_RESULT_READY, DA_RETURN, DS_RETURNED, R_RECV, CLOCK_NONE},
    /* Stop at the applicant's request, in any state before a decision or a
     * result (Art. 21(1)): asked at the counter or by post, the receiver records
     * it; asked online by the applicant who submitted the dossier, the system
     * itself stops it and issues the notice (Art. 21(2)): no trip to the counter.
     * A citizen acts only on their own online dossiers (dossier.c). */
    {DS_SUBMITTED, DA_STOP, DS_STOPPED, R_RECV | R_CIT, CLOCK_NONE},
    {DS_INTAKE_SUPPLEMENT, DA_STOP, DS_STOPPED, R_RECV | R_CIT, CLOCK_NONE},
    {DS_RECEIVED, DA_STOP, DS_STOPPED, R_RECV | R_CIT, CLOCK_STOP},
    {DS_PROCESSING, DA_STOP, DS_STOPPED, R_RECV | R_CIT, CLOCK_STOP},
    {DS_SUPPLEMENT, DA_STOP, DS_STOPPED, R_RECV | R_CIT, CLOCK_STOP},
    {DS_PAYMENT, DA_STOP, DS_STOPPED, R_RECV | R_CIT, CLOCK_STOP},
    {DS_PARTNER, DA_STOP, DS_STOPPED, R_RECV | R_CIT, CLOCK_STOP},
};

const ds_rule *ds_rule_find(ds_state from, ds_action action) {
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (rules[i].from == from && rules[i].action == action) return &rules[i];
    return NULL;
}

const ds_rule *ds_rules(int *n) {
    *n = (int)(sizeof rules / sizeof rules[0]);
    return rules;
}

const char *ds_state_name(ds_state s) {
    return s >= 0 && s < DS__COUNT ? states[s].name : "?";
}

const char *ds_action_name(ds_action a) {
    return a >= 0 && a < DA__COUNT ? actions[a].name : "?";
}

int ds_state_parse(const char *s) {
    for (int i = 0; s && i < DS__COUNT; i++)
        if (strcmp(states[i].name, s) == 0) return i;
    return -1;
}

int ds_action_parse(const char *s) {
    for (int i = 0; s && i < DA__COUNT; i++)
        if (strcmp(actions[i].name, s) == 0) return i;
    return -1;
}

const char *ds_state_label(ds_state s) {
    return s >= 0 && s < DS__COUNT ? states[s].label : "?";
}

const char *ds_action_label(ds_action a) {
    return a >= 0 && a < DA__COUNT ? actions[a].label : "?";
}

int ds_state_portal(ds_state s) {
    return s >= 0 && s < DS__COUNT ? states[s].portal : 0;
}

bool ds_state_final(ds_state s) {
    return s == DS_REFUSED || s == DS_RETURNED || s == DS_STOPPED;
}

bool ds_state_paused(ds_state s) {
    return s == DS_SUPPLEMENT || s == DS_PAYMENT;
}

bool ds_state_undecided(ds_state s) {
    return ds_rule_find(s, DA_STOP) != NULL;
}

/* Rule sets by effective date (Vietnam local midnight), newest last. */
static const struct {
    long long from; /* UTC epoch seconds */
    const char *version;
} rule_versions[] = {
    {1529514000LL, "ND61/2018"},  /* 2018-06-21: Nghị định 61/2018/NĐ-CP in force (date unverified) */
    {1751302800LL, "ND118/2025"}, /* 2025-07-01, Nghị định 118/2025/NĐ-CP in force */
};

const char *ds_rules_version_at(long long t) {
    const char *v = rule_versions[0].version;
    for (size_t i = 0; i < sizeof rule_versions / sizeof rule_versions[0]; i++)
        if (t >= rule_versions[i].from) v = rule_versions[i].version;
    return v;
}
