/* calendar.c - working-time arithmetic over schedules and exceptions. */
#include "calendar.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "holiday_rules.h"
#include "xalloc.h"

enum { YEAR_MIN = 1900, YEAR_MAX = 2199, YEARS = YEAR_MAX - YEAR_MIN + 1 };

typedef struct {
    char *name;
    bool absolute;
    mc_day from_day, to_day; /* absolute */
    int from_md, to_md;      /* recurring: month * 100 + day */
    cal_week week;
} schedule;

typedef struct {
    cal_exception *v;
    size_t n;
} exc_list;

struct calendar {
    schedule def;
    schedule *seasons;
    size_t nseasons;
    exc_list decided; /* sorted by day, unique */
    bool proposals;
    unsigned char decided_year[YEARS];
    pthread_mutex_t lock;      /* guards the proposal cache below */
    exc_list *proposed[YEARS]; /* lazily computed per year */
};

static const cal_week default_week = {
    .day = {
        [1] = {.span = {{7 * 3600 + 1800, 11 * 3600 + 1800}, {13 * 3600 + 1800, 17 * 3600}}, .n = 2},
        [2] = {.span = {{7 * 3600 + 1800, 11 * 3600 + 1800}, {13 * 3600 + 1800, 17 * 3600}}, .n = 2},
        [3] = {.span = {{7 * 3600 + 1800, 11 * 3600 + 1800}, {13 * 3600 + 1800, 17 * 3600}}, .n = 2},
        [4] = {.span = {{7 * 3600 + 1800, 11 * 3600 + 1800}, {13 * 3600 + 1800, 17 * 3600}}, .n = 2},
        [5] = {.span = {{7 * 3600 + 1800, 11 * 3600 + 1800}, {13 * 3600 + 1800, 17 * 3600}}, .n = 2},
    }};

calendar *calendar_create(void) {
    calendar *c = xcalloc(1, sizeof *c);
    c->def.name = xstrdup("Giờ làm việc mặc định");
    c->def.week = default_week;
    c->proposals = true;
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

static void exc_list_free(exc_list *l) {
    for (size_t i = 0; i < l->n; i++) {
        free((char *)l->v[i].name);
        free((char *)l->v[i].source);
    }
    free(l->v);
}

void calendar_free(calendar *c) {
    if (!c) return;
    free(c->def.name);
    for (size_t i = 0; i < c->nseasons; i++) free(c->seasons[i].name);
    free(c->seasons);
    exc_list_free(&c->decided);
    for (int y = 0; y < YEARS; y++) {
        if (c->proposed[y]) {
            exc_list_free(c->proposed[y]);
            free(c->proposed[y]);
        }
    }
    pthread_mutex_destroy(&c->lock);
    free(c);
}

int cal_hours_length(const cal_hours *h) {
    int len = 0;
    for (int i = 0; i < h->n; i++) len += h->span[i].end - h->span[i].start;
    return len;
}

/* ---- hours spec ------------------------------------------------------------ */

/* Parses "HH:MM" at *p (advancing it) into seconds; 24:00 allowed. */
static bool parse_hhmm(const char **p, int *sec) {
    const char *s = *p;
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[2] != ':' || s[3] < '0' || s[3] > '9' || s[4] < '0' ||
        s[4] > '9')
        return false;
    int h = (s[0] - '0') * 10 + s[1] - '0', m = (s[3] - '0') * 10 + s[4] - '0';
    if (m > 59 || h > 24 || (h == 24 && m)) return false;
    *sec = h * 3600 + m * 60;
    *p = s + 5;
    return true;
}

mc_err calendar_parse_hours(const char *spec, cal_week *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    const char *p = spec;
    bool seen[7] = {false};
    if (!p || !*p) return mc_fail(err, MC_ERR_INVALID, "hours", "Chưa nhập giờ làm việc.", "Empty hours spec.");
    while (*p) {
        /* weekday list: 1-5 or 6 or 1,3 */
        bool days[8] = {false};
        for (;;) {
            if (*p < '1' || *p > '7') goto bad;
            int a = *p++ - '0', b = a;
            if (*p == '-') {
                p++;
                if (*p < '1' || *p > '7') goto bad;
                b = *p++ - '0';
                if (b < a) goto bad;
            }
            for (int d = a; d <= b; d++) days[d] = true;
            if (*p == ',') {
                p++;
                continue;
            }
            break;
        }
        if (*p++ != '=') goto bad;
        cal_hours h = {.n = 0};
        for (;;) {
            cal_span s;
            if (!parse_hhmm(&p, &s.start) || *p++ != '-' || !parse_hhmm(&p, &s.end)) goto bad;
            if (s.end <= s.start || (h.n && s.start < h.span[h.n - 1].end) || h.n == CAL_MAX_SPANS) goto bad;
            h.span[h.n++] = s;
            if (*p == ',') {
                p++;
                continue;
            }
            break;
        }
        for (int d = 1; d <= 7; d++) {
            if (!days[d]) continue;
            int idx = d % 7; /* 7 = Sunday = index 0 */
            if (seen[idx]) goto bad;
            seen[idx] = true;
            out->day[idx] = h;
        }
        if (*p == ';') {
            p++;
            continue;
        }
        if (*p) goto bad;
    }
    return MC_OK;
bad:
    return mc_failf(err, MC_ERR_INVALID, "hours",
                    "Giờ làm việc không hợp lệ: \"%s\" (ví dụ đúng: 1-5=07:30-11:30,13:30-17:00).",
                    "Invalid hours spec: \"%s\".", spec);
}

bool calendar_format_hours(const cal_week *w, char *buf, size_t cap) {
    size_t o = 0;
    bool fits = true;
    buf[0] = 0;
    int d = 1;
    while (d <= 7) {
        const cal_hours *h = &w->day[d % 7];
        int e = d;
        while (e + 1 <= 7 && memcmp(&w->day[(e + 1) % 7], h, sizeof *h) == 0) e++;
        if (h->n) {
            char part[128];
            size_t k = (size_t)snprintf(part, sizeof part, "%s%d", o ? ";" : "", d);
            if (e > d) k += (size_t)snprintf(part + k, sizeof part - k, "-%d", e);
            for (int i = 0; i < h->n; i++)
                k += (size_t)snprintf(part + k, sizeof part - k, "%c%02d:%02d-%02d:%02d", i ? ',' : '=',
                                      h->span[i].start / 3600, h->span[i].start / 60 % 60, h->span[i].end / 3600,
                                      h->span[i].end / 60 % 60);
            if (o + k < cap) {
                memcpy(buf + o, part, k + 1);
                o += k;
            } else {
                fits = false;
            }
        }
        d = e + 1;
    }
    return fits;
}

/* ---- building -------------------------------------------------------------- */

void calendar_set_default(calendar *c, const char *name, const cal_week *w) {
    free(c->def.name);
    c->def.name = xstrdup(name ? name : "");
    c->def.week = *w;
}

/* "MM-DD" → month*100+day, validated against a leap year. */
static bool parse_md(const char *s, int *md) {
    if (!s || strlen(s) != 5 || s[2] != '-') return false;
    char tmp[11];
    snprintf(tmp, sizeof tmp, "2000-%s", s);
    mc_day d;
    if (!day_parse(tmp, &d)) return false;
    *md = ((s[0] - '0') * 10 + s[1] - '0') * 100 + (s[3] - '0') * 10 + s[4] - '0';
    return true;
}

mc_err calendar_add_schedule(calendar *c, const char *name, const char *from, const char *to, const cal_week *w,
                             mc_error *err) {
    schedule s = {.week = *w};
    if (from && to && strlen(from) == 10 && strlen(to) == 10) {
        if (!day_parse(from, &s.from_day) || !day_parse(to, &s.to_day) || s.to_day < s.from_day) goto bad;
        s.absolute = true;
    } else if (!parse_md(from, &s.from_md) || !parse_md(to, &s.to_md)) {
        goto bad;
    }
    s.name = xstrdup(name ? name : "");
    c->seasons = xrealloc(c->seasons, (c->nseasons + 1) * sizeof *c->seasons);
    c->seasons[c->nseasons++] = s;
    return MC_OK;
bad:
    return mc_fail(err, MC_ERR_INVALID, "valid_from",
                   "Khoảng thời gian áp dụng không hợp lệ (dạng MM-DD hoặc YYYY-MM-DD, từ ≤ đến).",
                   "Invalid validity range (MM-DD or YYYY-MM-DD, from <= to).");
}

static int year_index(int y) {
    return y < YEAR_MIN ? -1 : y > YEAR_MAX ? -1 : y - YEAR_MIN;
}

static int day_year(mc_day d) {
    int y, m, dd;
    day_to_ymd(d, &y, &m, &dd);
    return y;
}

void calendar_add_exception(calendar *c, mc_day day, cal_kind kind, const char *name, const char *source) {
    exc_list *l = &c->decided;
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (l->v[mid].day < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < l->n && l->v[lo].day == day) {
        free((char *)l->v[lo].name);
        free((char *)l->v[lo].source);
    } else {
        l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
        memmove(l->v + lo + 1, l->v + lo, (l->n - lo) * sizeof *l->v);
        l->n++;
    }
    l->v[lo] = (cal_exception){day, kind, CAL_DECIDED, xstrdup(name ? name : ""), xstrdup(source)};
    int yi = year_index(day_year(day));
    if (yi >= 0) c->decided_year[yi] = 1;
}

void calendar_set_proposals(calendar *c, bool on) {
    c->proposals = on;
}

bool calendar_year_decided(const calendar *c, int year) {
    int yi = year_index(year);
    return yi >= 0 && c->decided_year[yi];
}

/* ---- lookups --------------------------------------------------------------- */

static const cal_exception *exc_find(const exc_list *l, mc_day day) {
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (l->v[mid].day < day)
            lo = mid + 1;
        else if (l->v[mid].day > day)
            hi = mid;
        else
            return &l->v[mid];
    }
    return NULL;
}

/* The proposals of a year, computed once. NULL outside the supported range. */
static const exc_list *proposals_of(const calendar *cc, int year) {
    calendar *c = (calendar *)cc; /* the cache is logically const */
    int yi = year_index(year);
    if (yi < 0) return NULL;
    pthread_mutex_lock(&c->lock);
    if (!c->proposed[yi]) {
        holiday_proposal hp[48];
        size_t n = holiday_propose(year, hp, 48);
        assert(n <= 48);
        exc_list *l = xcalloc(1, sizeof *l);
        l->v = xcalloc(n ? n : 1, sizeof *l->v);
        for (size_t i = 0; i < n; i++)
            l->v[i] = (cal_exception){hp[i].day, CAL_OFF, CAL_PROPOSED, xstrdup(hp[i].name), xstrdup(hp[i].rule)};
        l->n = n;
        c->proposed[yi] = l;
    }
    pthread_mutex_unlock(&c->lock);
    return c->proposed[yi];
}

static const cal_exception *exception_for(const calendar *c, mc_day day) {
    const cal_exception *e = exc_find(&c->decided, day);
    if (e || !c->proposals) return e;
    int y = day_year(day);
    if (calendar_year_decided(c, y)) return NULL;
    const exc_list *p = proposals_of(c, y);
    return p ? exc_find(p, day) : NULL;
}

static const schedule *schedule_for(const calendar *c, mc_day day) {
    int y, m, d;
    day_to_ymd(day, &y, &m, &d);
    int md = m * 100 + d;
    for (size_t i = c->nseasons; i-- > 0;) {
        const schedule *s = &c->seasons[i];
        bool in = s->absolute              ? (day >= s->from_day && day <= s->to_day)
                  : s->from_md <= s->to_md ? (md >= s->from_md && md <= s->to_md)
                                           : (md >= s->from_md || md <= s->to_md);
        if (in) return s;
    }
    return &c->def;
}

/* Hours of a standard working day of a schedule: the first of Mon..Fri that has any. */
static const cal_hours *standard_day(const schedule *s) {
    for (int d = 1; d <= 6; d++)
        if (s->week.day[d].n) return &s->week.day[d];
    return &s->week.day[1];
}

void calendar_day_hours(const calendar *c, mc_day day, cal_hours *out, const cal_exception **exc) {
    const cal_exception *e = exception_for(c, day);
    const schedule *s = schedule_for(c, day);
    if (exc) *exc = e;
    if (e && e->kind == CAL_OFF) {
        out->n = 0;
    } else if (e && e->kind == CAL_WORKDAY) {
        *out = s->week.day[day_weekday(day)].n ? s->week.day[day_weekday(day)] : *standard_day(s);
    } else {
        *out = s->week.day[day_weekday(day)];
    }
}

bool calendar_is_working_day(const calendar *c, mc_day day) {
    cal_hours h;
    calendar_day_hours(c, day, &h, NULL);
    return h.n > 0;
}

int calendar_nominal_day(const calendar *c) {
    return cal_hours_length(standard_day(&c->def));
}

/* ---- arithmetic ------------------------------------------------------------ */

mc_time calendar_next_open(const calendar *c, mc_time t) {
    mc_day day = time_local_day(t);
    int sec = time_local_sec(t);
    for (int i = 0; i < CAL_MAX_CLOSED_RUN; i++, day++, sec = 0) {
        cal_hours h;
        calendar_day_hours(c, day, &h, NULL);
        for (int k = 0; k < h.n; k++) {
            if (sec < h.span[k].start) return time_from_local(day, h.span[k].start);
            if (sec < h.span[k].end) return time_from_local(day, sec);
        }
    }
    return CAL_NO_TIME;
}

enum { NO_DAY = INT32_MIN };

/* The working day after `day` (skipping closed days), with its hours; NO_DAY if none. */
static mc_day next_working(const calendar *c, mc_day day, cal_hours *h) {
    for (int i = 0; i < CAL_MAX_CLOSED_RUN; i++) {
        day++;
        calendar_day_hours(c, day, h, NULL);
        if (h->n) return day;
    }
    return NO_DAY;
}

/* The earliest instant at working offset `off` (0 < off ≤ length) into a
 * day's hours: an offset that ends a span is that span's end, not the next start. */
static mc_time at_offset(mc_day day, const cal_hours *h, int off) {
    for (int k = 0; k < h->n; k++) {
        int len = h->span[k].end - h->span[k].start;
        if (off <= len) return time_from_local(day, h->span[k].start + off);
        off -= len;
    }
    return time_from_local(day, h->span[h->n - 1].end);
}

mc_time calendar_add(const calendar *c, mc_time from, int amount, cal_unit unit, int cutoff_sec) {
    assert(amount >= 0);
    mc_time t = from;
    if (cutoff_sec >= 0) {
        mc_day d = time_local_day(t);
        if (calendar_is_working_day(c, d) && time_local_sec(t) > cutoff_sec) {
            cal_hours h;
            mc_day n = next_working(c, d, &h);
            if (n == NO_DAY) return CAL_NO_TIME;
            t = time_from_local(n, h.span[0].start);
        }
    }
    t = calendar_next_open(c, t);
    if (t == CAL_NO_TIME) return t;
    if (amount == 0) {
        if (unit == CAL_UNIT_HOUR) return t;
        /* Zero days: within the working day the clock starts on, due at its close. */
        cal_hours h0;
        mc_day d0 = time_local_day(t);
        calendar_day_hours(c, d0, &h0, NULL);
        return time_from_local(d0, h0.span[h0.n - 1].end);
    }

    if (unit == CAL_UNIT_HOUR) return calendar_add_seconds(c, t, (int64_t)amount * 3600);

    mc_day day = time_local_day(t);
    cal_hours h;
    calendar_day_hours(c, day, &h, NULL);

    /* Days: keep the fraction of the working day already past. */
    int len0 = cal_hours_length(&h);
    int off = (int)calendar_elapsed(c, time_from_local(day, h.span[0].start), t);
    assert(off >= 0 && off < len0);
    if (off == 0) {
        /* Due at the close of the amount-th working day counting this one. */
        for (int i = 1; i < amount && day != NO_DAY; i++) day = next_working(c, day, &h);
        return day == NO_DAY ? CAL_NO_TIME : time_from_local(day, h.span[h.n - 1].end);
    }
    for (int i = 0; i < amount && day != NO_DAY; i++) day = next_working(c, day, &h);
    if (day == NO_DAY) return CAL_NO_TIME;
    int lenN = cal_hours_length(&h);
    /* Rounded up: the due instant is never before the time is used up. */
    int offN = lenN == len0 ? off : (int)(((int64_t)off * lenN + len0 - 1) / len0);
    return at_offset(day, &h, offN);
}

mc_time calendar_add_seconds(const calendar *c, mc_time from, int64_t seconds) {
    assert(seconds >= 0);
    mc_time t = calendar_next_open(c, from);
    if (t == CAL_NO_TIME || seconds == 0) return t;
    mc_day day = time_local_day(t);
    int sec = time_local_sec(t);
    cal_hours h;
    calendar_day_hours(c, day, &h, NULL);
    int64_t left = seconds;
    for (;;) {
        for (int k = 0; k < h.n; k++) {
            if (sec >= h.span[k].end) continue;
            int start = sec > h.span[k].start ? sec : h.span[k].start;
            int avail = h.span[k].end - start;
            if (left <= avail) return time_from_local(day, start + (int)left);
            left -= avail;
        }
        day = next_working(c, day, &h);
        if (day == NO_DAY) return CAL_NO_TIME;
        sec = 0;
    }
}

int64_t calendar_elapsed(const calendar *c, mc_time a, mc_time b) {
    if (b < a) return -calendar_elapsed(c, b, a);
    int64_t total = 0;
    mc_day d0 = time_local_day(a), d1 = time_local_day(b);
    for (mc_day d = d0; d <= d1; d++) {
        cal_hours h;
        calendar_day_hours(c, d, &h, NULL);
        int lo = d == d0 ? time_local_sec(a) : 0;
        int hi = d == d1 ? time_local_sec(b) : 86400;
        for (int k = 0; k < h.n; k++) {
            int s = h.span[k].start > lo ? h.span[k].start : lo;
            int e = h.span[k].end < hi ? h.span[k].end : hi;
            if (e > s) total += e - s;
        }
    }
    return total;
}

size_t calendar_year_exceptions(const calendar *c, int year, cal_exception *out, size_t cap) {
    const exc_list *l = NULL;
    exc_list view = {0};
    if (calendar_year_decided(c, year) || !c->proposals) {
        mc_day lo = day_from_ymd(year, 1, 1), hi = day_from_ymd(year, 12, 31);
        for (size_t i = 0; i < c->decided.n; i++) {
            if (c->decided.v[i].day < lo) continue;
            if (c->decided.v[i].day > hi) break;
            if (!view.v) view.v = &c->decided.v[i];
            view.n++;
        }
        l = &view;
    } else {
        l = proposals_of(c, year);
    }
    if (!l) return 0;
    for (size_t i = 0; i < l->n && i < cap; i++) out[i] = l->v[i];
    return l->n;
}
