/* holiday_rules.c - Labour Code 2019 Art. 112(1) and 111(3) as a table. */
#include "holiday_rules.h"

#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lunar.h"

typedef enum {
    ANCHOR_SOLAR,       /* month/day of the Gregorian year */
    ANCHOR_LUNAR,       /* month/day (not leap) of the lunar year whose Tết is in the year */
    ANCHOR_NATIONAL_ADJ /* the day beside 2/9, chosen by national_day_adjacent() */
} anchor_kind;

/* A holiday: the days anchor+from .. anchor+to that fall in the year. */
typedef struct {
    anchor_kind kind;
    int month, day;
    int from, to;
    const char *name;
    const char *rule;
} holiday_rule;

/* BLLĐ 2019 Art. 112(1), points a to e. */
static const holiday_rule HOLIDAY_RULES[] = {
    {ANCHOR_SOLAR, 1, 1, 0, 0, "Tết Dương lịch", "BLLĐ 2019 Điều 112(1)(a)"},
    /* 5 days: the last day of the old lunar year and mùng 1 to mùng 4. */
    {ANCHOR_LUNAR, 1, 1, -1, 3, "Tết Nguyên đán", "BLLĐ 2019 Điều 112(1)(b)"},
    {ANCHOR_SOLAR, 4, 30, 0, 0, "Ngày Chiến thắng", "BLLĐ 2019 Điều 112(1)(c)"},
    {ANCHOR_SOLAR, 5, 1, 0, 0, "Ngày Quốc tế Lao động", "BLLĐ 2019 Điều 112(1)(d)"},
    {ANCHOR_SOLAR, 9, 2, 0, 0, "Quốc khánh", "BLLĐ 2019 Điều 112(1)(đ)"},
    {ANCHOR_NATIONAL_ADJ, 9, 2, 0, 0, "Quốc khánh (ngày liền kề)", "BLLĐ 2019 Điều 112(1)(đ)"},
    {ANCHOR_LUNAR, 3, 10, 0, 0, "Giỗ Tổ Hùng Vương", "BLLĐ 2019 Điều 112(1)(e)"},
};

#define COMPENSATION_PREFIX "Nghỉ bù "
#define COMPENSATION_RULE   "BLLĐ 2019 Điều 111(3)"

static bool is_weekend(mc_day d) {
    const int w = day_weekday(d);
    return w == 0 || w == 6;
}

/* Monday or Friday: a day off there joins the weekend. */
static bool joins_weekend(mc_day d) {
    const int w = day_weekday(d);
    return w == 1 || w == 5;
}

/* The day added to 2/9: of 1/9 and 3/9 the working one; when both are working
 * days, the one that joins a weekend, else 1/9. This reproduces the days
 * announced for 2021-2026. */
static mc_day national_day_adjacent(int year) {
    const mc_day before = day_from_ymd(year, 9, 1), after = before + 2;
    if (is_weekend(before)) return after;
    if (is_weekend(after)) return before;
    return joins_weekend(after) && !joins_weekend(before) ? after : before;
}

/* Anchor day of a rule in `year`; false if it does not exist that year. */
static bool rule_anchor(const holiday_rule *r, int year, mc_day *out) {
    switch (r->kind) {
    case ANCHOR_SOLAR: *out = day_from_ymd(year, r->month, r->day); return true;
    case ANCHOR_LUNAR: return lunar_to_day(year, r->month, r->day, false, out);
    case ANCHOR_NATIONAL_ADJ: *out = national_day_adjacent(year); return true;
    }
    return false;
}

static int year_of(mc_day d) {
    int y, m, dd;
    day_to_ymd(d, &y, &m, &dd);
    return y;
}

static holiday_proposal *find_day(holiday_proposal *list, size_t n, mc_day d) {
    for (size_t i = 0; i < n; i++)
        if (list[i].day == d) return &list[i];
    return NULL;
}

/* Adds a proposal; two holidays on one day share it (names joined). */
static void add_proposal(holiday_proposal *list, size_t *n, mc_day d, const char *prefix, const char *name,
                         const char *rule) {
    holiday_proposal *p = find_day(list, *n, d);
    if (p) {
        const size_t nl = strlen(p->name), rl = strlen(p->rule);
        snprintf(p->name + nl, sizeof p->name - nl, ", %s%s", prefix, name);
        snprintf(p->rule + rl, sizeof p->rule - rl, "; %s", rule);
        return;
    }
    assert(*n < HOLIDAY_PROPOSALS_MAX);
    p = &list[(*n)++];
    memset(p, 0, sizeof *p); /* no stack bytes after the strings reach the caller */
    p->day = d;
    snprintf(p->name, sizeof p->name, "%s%s", prefix, name);
    snprintf(p->rule, sizeof p->rule, "%s", rule);
}

static void sort_by_day(holiday_proposal *list, size_t n) {
    for (size_t i = 1; i < n; i++) {
        const holiday_proposal x = list[i];
        size_t j = i;
        for (; j > 0 && list[j - 1].day > x.day; j--) list[j] = list[j - 1];
        list[j] = x;
    }
}

size_t holiday_propose(int year, holiday_proposal *out, size_t cap) {
    if (year < LUNAR_YEAR_MIN || year > LUNAR_YEAR_MAX) return 0;
    holiday_proposal list[HOLIDAY_PROPOSALS_MAX];
    size_t n = 0;
    for (size_t r = 0; r < sizeof HOLIDAY_RULES / sizeof HOLIDAY_RULES[0]; r++) {
        const holiday_rule *rule = &HOLIDAY_RULES[r];
        mc_day anchor;
        if (!rule_anchor(rule, year, &anchor)) continue;
        for (int off = rule->from; off <= rule->to; off++)
            if (year_of(anchor + off) == year) add_proposal(list, &n, anchor + off, "", rule->name, rule->rule);
    }
    sort_by_day(list, n);

    /* Art. 111(3): in date order, each holiday on a Saturday or Sunday gets the
     * next Monday-Friday that is not already a day off. */
    const size_t holidays = n;
    for (size_t i = 0; i < holidays; i++) {
        if (!is_weekend(list[i].day)) continue;
        mc_day d = list[i].day + 1;
        while (is_weekend(d) || find_day(list, n, d)) d++;
        char name[sizeof list[i].name];
        memcpy(name, list[i].name, sizeof name);
        add_proposal(list, &n, d, COMPENSATION_PREFIX, name, COMPENSATION_RULE);
    }
    sort_by_day(list, n);

    if (out && cap > 0) memcpy(out, list, (cap < n ? cap : n) * sizeof *out);
    return n;
}
