/* parindex.c - the PAR INDEX's pure rules: levels, methods, the checks of a criteria set, the
 * scoring rules, bands, indices and ranks (parindex.h). No store here. */
#include "parindex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- levels and methods, as tables ------------------------------------------------------------------- */

/* The kinds of unit each level assesses: the provincial departments (sở, ban, ngành: Ban Quản lý Khu
 * kinh tế is a department-kind unit in the unit tree) and the units of the commune level. */
static const struct {
    const char *name, *label;
    const char *kinds[4];
} levels[PAR__LEVELS] = {
    [PAR_DEPARTMENT] = {"department", "sở, ban, ngành", {"department"}},
    [PAR_COMMUNE] = {"commune", "xã, phường, đặc khu", {"commune", "ward", "special_zone"}},
};

const char *par_level_name(par_level l) {
    return levels[l].name;
}
const char *par_level_label(par_level l) {
    return levels[l].label;
}
int par_level_parse(const char *s) {
    for (int i = 0; s && i < PAR__LEVELS; i++)
        if (!strcmp(levels[i].name, s)) return i;
    return -1;
}
bool par_level_has_kind(par_level l, const char *kind) {
    for (size_t i = 0; kind && i < 4 && levels[l].kinds[i]; i++)
        if (!strcmp(levels[l].kinds[i], kind)) return true;
    return false;
}

static const struct {
    const char *name, *label;
} methods[] = {
    [PAR_SELF] = {"self", "Đơn vị tự chấm, có tài liệu kiểm chứng; Hội đồng thẩm định"},
    [PAR_COMPUTED] = {"computed", "Tính từ số liệu của hệ thống"},
    [PAR_SURVEY] = {"survey", "Từ kết quả điều tra xã hội học (SIPAS)"},
};

const char *par_method_name(par_method m) {
    return methods[m].name;
}
const char *par_method_label(par_method m) {
    return methods[m].label;
}
int par_method_parse(const char *s) {
    for (int i = 0; s && i < (int)(sizeof methods / sizeof methods[0]); i++)
        if (!strcmp(methods[i].name, s)) return i;
    return -1;
}

static const struct {
    const char *name, *label;
} astates[] = {
    [PAR_A_DRAFT] = {"draft", "Đang tự chấm"},
    [PAR_A_SUBMITTED] = {"submitted", "Đã nộp tự chấm, chờ thẩm định"},
    [PAR_A_APPRAISED] = {"appraised", "Đã có kết quả thẩm định"},
    [PAR_A_EXPLAINED] = {"explained", "Đã giải trình"},
    [PAR_A_FINAL] = {"final", "Đã công bố kết quả"},
};

const char *par_astate_name(par_astate s) {
    return astates[s].name;
}
const char *par_astate_label(par_astate s) {
    return astates[s].label;
}

/* ---- the metrics a leaf may name, as a table ------------------------------------------------------------ */

/* A key ending in ':' takes a parameter: the 766 indicator ("i766:3.3") or the SIPAS element ("sipas:2"). */
static const par_metric_def metrics[] = {
    {"dossiers_on_time", "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn", true, PAR_COMPUTED, "stats_ii06a",
     "/api/v1/stats/processing"},
    {"i766", "Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766)", true, PAR_COMPUTED, "index766_compute",
     "/api/v1/index766"},
    {"i766:", "Chỉ tiêu của chỉ số 766", true, PAR_COMPUTED, "index766_compute", "/api/v1/index766"},
    {"i766_group:", "Nhóm chỉ tiêu của chỉ số 766 (tỷ lệ điểm đạt)", true, PAR_COMPUTED, "index766_compute",
     "/api/v1/index766"},
    {"ratings_satisfied", "Tỷ lệ người nhận kết quả đánh giá hài lòng", true, PAR_COMPUTED, "index766_compute",
     "/api/v1/index766"},
    {"feedback_on_time", "Tỷ lệ phản ánh, kiến nghị trả lời đúng hạn", true, PAR_COMPUTED, "feedback_stats_of",
     "/api/v1/feedback-stats"},
    {"tasks_on_time", "Tỷ lệ nhiệm vụ CCHC hoàn thành đúng hạn", true, PAR_COMPUTED, "tasks_stats_of",
     "/api/v1/task-stats"},
    {"findings_remedied", "Tỷ lệ phát hiện qua kiểm tra CCHC khắc phục đúng hạn", true, PAR_COMPUTED,
     "inspections_stats", "/api/v1/inspections/stats"},
    {"legal_reviewed", "Số văn bản QPPL đã rà soát, tự kiểm tra", false, PAR_COMPUTED, "legal_docs_stats",
     "/api/v1/legal-docs/stats"},
    {"reports_on_time", "Tỷ lệ báo cáo CCHC định kỳ gửi đúng hạn", true, PAR_COMPUTED, "reports_on_time_of",
     "/api/v1/cchc-reports"},
    {"sipas", "Chỉ số hài lòng SIPAS (chung)", false, PAR_SURVEY, "surveys_result", "/api/v1/surveys/{id}/results"},
    {"sipas:", "Chỉ số hài lòng SIPAS của một yếu tố", false, PAR_SURVEY, "surveys_result",
     "/api/v1/surveys/{id}/results"},
};

/* The 766 indicators a leaf may name: those that give a share (index766_sets.c). */
static const char *const i766_ids[] = {"1.1", "1.2", "1.3", "1.4", "2.1", "3.1", "3.2", "3.3",
                                       "3.5", "3.6", "4.1", "4.2", "4.3", "5.2", "5.3", "5.4"};

/* The 766 groups a leaf may name (index766_sets.c). */
static const char *const i766_groups[] = {"publicity", "progress", "digitisation", "online", "satisfaction"};

const par_metric_def *par_metric_find(const char *key) {
    if (!key) return NULL;
    for (size_t i = 0; i < sizeof metrics / sizeof metrics[0]; i++) {
        const char *k = metrics[i].key;
        size_t n = strlen(k);
        if (k[n - 1] != ':') {
            if (!strcmp(k, key)) return &metrics[i];
            continue;
        }
        if (strncmp(k, key, n) != 0) continue;
        const char *p = key + n;
        if (!strcmp(k, "i766:")) {
            for (size_t j = 0; j < sizeof i766_ids / sizeof i766_ids[0]; j++)
                if (!strcmp(i766_ids[j], p)) return &metrics[i];
            return NULL;
        }
        if (!strcmp(k, "i766_group:")) {
            for (size_t j = 0; j < sizeof i766_groups / sizeof i766_groups[0]; j++)
                if (!strcmp(i766_groups[j], p)) return &metrics[i];
            return NULL;
        }
        /* sipas:1 .. sipas:9 (the questionnaire says how many elements; the value is N/A beyond) */
        return p[0] >= '1' && p[0] <= '9' && !p[1] ? &metrics[i] : NULL;
    }
    return NULL;
}

/* ---- checks ------------------------------------------------------------------------------------------------ */

const par_node *par_node_find(const par_set *s, const char *code) {
    int i = par_node_index(s, code);
    return i < 0 ? NULL : &s->nodes[i];
}

int par_node_index(const par_set *s, const char *code) {
    for (size_t i = 0; code && i < s->nnodes; i++)
        if (!strcmp(s->nodes[i].code, code)) return (int)i;
    return -1;
}

/* Whether code is parent's code, a dot, and a number (or a number alone for a domain). */
static bool code_under(const char *code, const char *parent) {
    const char *p = code;
    if (parent) {
        size_t n = strlen(parent);
        if (strncmp(code, parent, n) != 0 || code[n] != '.') return false;
        p = code + n + 1;
    }
    if (!*p) return false;
    for (; *p; p++)
        if (*p < '0' || *p > '9') return false;
    return true;
}

#define BAD(...) mc_failf(err, MC_ERR_INVALID, "set", __VA_ARGS__)

mc_err par_set_check(const par_set *s, mc_error *err) {
    if (!s->version || !*s->version || strlen(s->version) > 64)
        return mc_fail(err, MC_ERR_INVALID, "version", "Bộ chỉ số phải có mã phiên bản (tối đa 64 ký tự).",
                       "version is required.");
    if (s->year < 2000 || s->year > 2100)
        return mc_fail(err, MC_ERR_INVALID, "year", "Năm của bộ chỉ số không hợp lệ.", "Bad year.");
    if (!s->title || !*s->title || !s->source || !*s->source)
        return mc_fail(err, MC_ERR_INVALID, "title", "Bộ chỉ số phải có tên và nguồn (văn bản ban hành).",
                       "title and source are required.");
    if (!s->nnodes || s->nnodes > PAR_MAX_NODES)
        return BAD("Bộ chỉ số phải có từ 1 đến %d lĩnh vực, tiêu chí.", "1 to %d nodes.", PAR_MAX_NODES, PAR_MAX_NODES);
    int64_t sum = 0;
    for (size_t i = 0; i < s->nnodes; i++) {
        const par_node *n = &s->nodes[i];
        if (!n->code || !n->name || !*n->name)
            return BAD("Tiêu chí thứ %zu thiếu mã hoặc tên.", "Node %zu.", i + 1, i + 1);
        for (size_t k = 0; k < i; k++)
            if (!strcmp(s->nodes[k].code, n->code))
                return BAD("Mã tiêu chí %s bị trùng.", "Code %s twice.", n->code, n->code);
        const par_node *p = n->parent ? par_node_find(s, n->parent) : NULL;
        if (n->parent && (!p || p >= n || p->leaf))
            return BAD("Tiêu chí %s: tiêu chí cha %s không có (hoặc đứng sau, hoặc là tiêu chí lá).",
                       "%s: bad parent %s.", n->code, n->parent, n->code, n->parent);
        if (n->depth != (p ? p->depth + 1 : 0) || n->depth > 2)
            return BAD("Tiêu chí %s: sai cấp (lĩnh vực → tiêu chí → tiêu chí thành phần).", "%s: bad depth.", n->code,
                       n->code);
        if (!code_under(n->code, n->parent))
            return BAD("Mã %s phải là mã của tiêu chí cha, dấu chấm và số thứ tự.", "%s: bad code.", n->code, n->code);
        if (n->depth == 0 && n->leaf)
            return BAD("Lĩnh vực %s phải có tiêu chí.", "Domain %s has no criteria.", n->code, n->code);
        if (!n->leaf) {
            bool kids = false;
            for (size_t k = i + 1; k < s->nnodes && !kids; k++)
                kids = s->nodes[k].parent && !strcmp(s->nodes[k].parent, n->code);
            if (!kids)
                return BAD("Tiêu chí %s không có tiêu chí thành phần cũng không có điểm tối đa.", "%s is empty.",
                           n->code, n->code);
            continue;
        }
        if (n->max <= 0 || n->max > 10000)
            return BAD("Tiêu chí %s: điểm tối đa phải lớn hơn 0 và không quá 100.", "%s: bad max.", n->code, n->code);
        if (!n->scoring || !*n->scoring)
            return BAD("Tiêu chí %s: thiếu cách chấm điểm.", "%s: scoring is required.", n->code, n->code);
        sum += n->max;
        if (n->method == PAR_SELF) continue;
        const par_metric_def *m = par_metric_find(n->metric);
        if (!m || m->method != n->method)
            return BAD("Tiêu chí %s: chỉ số \"%s\" không có (hoặc không thuộc cách chấm \"%s\").",
                       "%s: unknown metric %s for %s.", n->code, n->metric ? n->metric : "", par_method_name(n->method),
                       n->code, n->metric ? n->metric : "", par_method_name(n->method));
        if (n->rule == PAR_RULE_PROPORTIONAL) {
            if (n->full_at <= 0 || (m->percent && n->full_at > 10000))
                return BAD("Tiêu chí %s: mức đạt điểm tối đa phải lớn hơn 0 (và không quá 100%%).", "%s: bad full_at.",
                           n->code, n->code);
            continue;
        }
        if (!n->nsteps || n->nsteps > PAR_MAX_STEPS)
            return BAD("Tiêu chí %s: cần từ 1 đến %d bậc điểm.", "%s: 1 to %d steps.", n->code, PAR_MAX_STEPS, n->code,
                       PAR_MAX_STEPS);
        for (size_t k = 0; k < n->nsteps; k++) {
            if (n->steps[k].points < 0 || n->steps[k].points > n->max || n->steps[k].from < 0)
                return BAD("Tiêu chí %s: điểm của một bậc phải từ 0 đến điểm tối đa.", "%s: bad step.", n->code,
                           n->code);
            if (k && n->steps[k].from >= n->steps[k - 1].from)
                return BAD("Tiêu chí %s: các bậc phải xếp theo mức giảm dần.", "%s: steps not descending.", n->code,
                           n->code);
        }
    }
    if (sum != s->max_points)
        return mc_failf(err, MC_ERR_INVALID, "max_points",
                        "Tổng điểm tối đa của các tiêu chí (%lld,%02lld) khác tổng điểm của bộ chỉ số (%lld,%02lld).",
                        "Leaves sum to %lld, not %lld.", (long long)(sum / 100), (long long)(sum % 100),
                        (long long)(s->max_points / 100), (long long)(s->max_points % 100), (long long)sum,
                        (long long)s->max_points);
    if (!s->nbands || s->nbands > PAR_MAX_BANDS)
        return mc_failf(err, MC_ERR_INVALID, "bands", "Bộ chỉ số cần từ 1 đến %d mức xếp loại.", "1 to %d bands.",
                        PAR_MAX_BANDS, PAR_MAX_BANDS);
    for (size_t k = 0; k < s->nbands; k++) {
        const par_band *b = &s->bands[k];
        if (!b->code || !*b->code || !b->label || !*b->label || b->from < 0 || b->from > 10000 ||
            (k && b->from >= s->bands[k - 1].from))
            return mc_fail(err, MC_ERR_INVALID, "bands",
                           "Các mức xếp loại phải có mã, tên và ngưỡng giảm dần từ 100 xuống 0.", "Bad bands.");
    }
    if (s->bands[s->nbands - 1].from != 0)
        return mc_fail(err, MC_ERR_INVALID, "bands", "Mức xếp loại cuối cùng phải bắt đầu từ 0.",
                       "The last band starts at 0.");
    return MC_OK;
}

/* ---- scoring ---------------------------------------------------------------------------------------------------- */

int64_t par_rule_points(const par_node *n, int64_t value) {
    if (value < 0) value = 0;
    if (n->rule == PAR_RULE_STEPS) {
        for (size_t k = 0; k < n->nsteps; k++)
            if (value >= n->steps[k].from) return n->steps[k].points;
        return 0;
    }
    if (value >= n->full_at) return n->max;
    /* max × value / full_at, rounded half up, in integers */
    return (n->max * value * 2 + n->full_at) / (2 * n->full_at);
}

const par_band *par_band_of(const par_set *s, int64_t index) {
    for (size_t k = 0; k < s->nbands; k++)
        if (index >= s->bands[k].from) return &s->bands[k];
    return NULL;
}

int64_t par_index_of(int64_t points, int64_t max) {
    if (max <= 0) return 0;
    return (points * 10000 * 2 + max) / (2 * max);
}

void par_rank(const int64_t *idx, size_t n, int *rank) {
    for (size_t i = 0; i < n; i++) {
        int better = 0;
        for (size_t k = 0; k < n; k++)
            if (idx[k] > idx[i]) better++;
        rank[i] = better + 1;
    }
}
