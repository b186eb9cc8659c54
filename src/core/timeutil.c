/* timeutil.c - civil-day arithmetic (days-from-civil) and ISO 8601 in UTC+7. */
#include "timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

mc_day day_from_ymd(int y, int m, int d) {
    /* Shift the year to start in March so the leap day is last. */
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (mc_day)(era * 146097 + doe - 719468);
}

void day_to_ymd(mc_day day, int *y, int *m, int *d) {
    int64_t z = (int64_t)day + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    const int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = mm;
    *d = dd;
}

int day_weekday(mc_day day) {
    /* 1970-01-01 was a Thursday (4). */
    int w = (int)(((int64_t)day + 4) % 7);
    return w < 0 ? w + 7 : w;
}

int ymd_month_days(int y, int m) {
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return days[m - 1];
}

bool ymd_valid(int y, int m, int d) {
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= ymd_month_days(y, m);
}

mc_time time_from_local(mc_day day, int sec) {
    return (mc_time)day * 86400 + sec - MC_TZ_OFFSET;
}

mc_day time_local_day(mc_time t) {
    int64_t l = t + MC_TZ_OFFSET;
    return (mc_day)(l >= 0 ? l / 86400 : (l - 86399) / 86400);
}

int time_local_sec(mc_time t) {
    int64_t l = t + MC_TZ_OFFSET;
    int64_t r = l % 86400;
    return (int)(r < 0 ? r + 86400 : r);
}

/* Reads exactly n decimal digits at s into *out. */
static bool read_digits(const char *s, int n, int *out) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool day_parse(const char *s, mc_day *out) {
    int y, m, d;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    if (!read_digits(s, 4, &y) || !read_digits(s + 5, 2, &m) || !read_digits(s + 8, 2, &d)) return false;
    if (!ymd_valid(y, m, d)) return false;
    *out = day_from_ymd(y, m, d);
    return true;
}

/* Writes v as exactly `width` decimal digits (v is reduced to fit). */
static void put_digits(char *p, unsigned v, int width) {
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

void day_format(mc_day day, char buf[11]) {
    int y, m, d;
    day_to_ymd(day, &y, &m, &d);
    put_digits(buf, (unsigned)y, 4);
    buf[4] = '-';
    put_digits(buf + 5, (unsigned)m, 2);
    buf[7] = '-';
    put_digits(buf + 8, (unsigned)d, 2);
    buf[10] = 0;
}

bool time_parse_iso8601(const char *s, mc_time *out) {
    mc_day day;
    char date[11];
    int hh, mi, ss = 0, off = MC_TZ_OFFSET;
    if (!s || strlen(s) < 16) return false;
    memcpy(date, s, 10);
    date[10] = 0;
    if (!day_parse(date, &day)) return false;
    if (s[10] != 'T' && s[10] != ' ') return false;
    if (!read_digits(s + 11, 2, &hh) || s[13] != ':' || !read_digits(s + 14, 2, &mi)) return false;
    const char *p = s + 16;
    if (*p == ':') {
        if (!read_digits(p + 1, 2, &ss)) return false;
        p += 3;
        if (*p == '.') { /* fractional seconds are accepted and dropped */
            p++;
            if (*p < '0' || *p > '9') return false;
            while (*p >= '0' && *p <= '9') p++;
        }
    }
    if (hh > 23 || mi > 59 || ss > 59) return false;
    if (*p == 'Z' && p[1] == 0) {
        off = 0;
    } else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
        int oh, om;
        if (!read_digits(p + 1, 2, &oh) || !read_digits(p + 4, 2, &om) || oh > 14 || om > 59) return false;
        off = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
    } else if (*p != 0) {
        return false;
    }
    *out = (mc_time)day * 86400 + hh * 3600 + mi * 60 + ss - off;
    return true;
}

void time_format_iso8601(mc_time t, char buf[26]) {
    unsigned s = (unsigned)time_local_sec(t);
    day_format(time_local_day(t), buf);
    buf[10] = 'T';
    put_digits(buf + 11, s / 3600, 2);
    buf[13] = ':';
    put_digits(buf + 14, s / 60 % 60, 2);
    buf[16] = ':';
    put_digits(buf + 17, s % 60, 2);
    memcpy(buf + 19, "+07:00", 7);
}

void time_format_vn(mc_time t, char buf[17]) {
    int y, m, d;
    unsigned s = (unsigned)time_local_sec(t);
    day_to_ymd(time_local_day(t), &y, &m, &d);
    put_digits(buf, s / 3600, 2);
    buf[2] = ':';
    put_digits(buf + 3, s / 60 % 60, 2);
    buf[5] = ' ';
    put_digits(buf + 6, (unsigned)d, 2);
    buf[8] = '/';
    put_digits(buf + 9, (unsigned)m, 2);
    buf[11] = '/';
    put_digits(buf + 12, (unsigned)y, 4);
    buf[16] = 0;
}

static char *clock_file; /* set once at start-up, before any thread */

void time_use_clock_file(const char *path) {
    free(clock_file);
    clock_file = path ? strdup(path) : NULL;
}

mc_time time_now(void) {
    if (clock_file) {
        FILE *f = fopen(clock_file, "r");
        char line[64] = "";
        if (f) {
            if (!fgets(line, sizeof line, f)) line[0] = 0;
            fclose(f);
        }
        line[strcspn(line, "\r\n")] = 0;
        mc_time t;
        if (time_parse_iso8601(line, &t)) return t;
    }
    return (mc_time)time(NULL);
}
