/* lunar.c - Vietnamese lunar calendar from new moons and solar terms at UTC+7.
 *
 * Astronomy: Meeus, Astronomical Algorithms, 2nd ed. (1998): true new moon
 * (ch. 49, eq. 49.1 and table 49.A with the planetary arguments), apparent
 * solar longitude (ch. 25, low accuracy, about 0.01 degree), and Delta T =
 * TT - UT from the Espenak-Meeus polynomials (NASA, Five Millennium Canon of
 * Solar Eclipses). The calendar rules are described in lunar.h. */
#include "lunar.h"

#include <assert.h>
#include <math.h>

#define TZ_DAYS    (7.0 / 24.0)  /* UTC+7 as a fraction of a day */
#define JD_UNIX    2440587.5     /* Julian date of 1970-01-01 00:00 UT */
#define JD_J2000   2451545.0     /* Julian date of 2000-01-01 12:00 TT */
#define SYNODIC    29.530588861  /* mean synodic month, days */
#define NEW_MOON_0 2451550.09766 /* JDE of mean new moon k = 0 (2000-01-06) */
#define DEG        (3.14159265358979323846 / 180.0)

/* --- Delta T --------------------------------------------------------------- */

/* One polynomial piece: for from <= y < next piece, dt = sum c[i] * (y - t0)^i. */
typedef struct {
    double from, t0, c[6];
} dt_piece;

static const dt_piece DELTA_T[] = {
    {1860, 1860, {7.62, 0.5737, -0.251754, 0.01680668, -0.0004473624, 1.0 / 233174}},
    {1900, 1900, {-2.79, 1.494119, -0.0598939, 0.0061966, -0.000197, 0}},
    {1920, 1920, {21.20, 0.84493, -0.076100, 0.0020936, 0, 0}},
    {1941, 1950, {29.07, 0.407, -1.0 / 233, 1.0 / 2547, 0, 0}},
    {1961, 1975, {45.45, 1.067, -1.0 / 260, -1.0 / 718, 0, 0}},
    {1986, 2000, {63.86, 0.3345, -0.060374, 0.0017275, 0.000651814, 0.00002373599}},
    {2005, 2000, {62.92, 0.32217, 0.005589, 0, 0, 0}},
};

/* TT - UT in days at Julian date jd. */
static double delta_t_days(double jd) {
    const double y = 2000.0 + (jd - 2451544.5) / 365.2425;
    double dt;
    if (y >= 2050) {
        const double u = (y - 1820) / 100;
        dt = -20 + 32 * u * u - (y < 2150 ? 0.5628 * (2150 - y) : 0);
    } else {
        size_t i = sizeof DELTA_T / sizeof DELTA_T[0] - 1;
        while (i > 0 && y < DELTA_T[i].from) i--;
        const double t = y - DELTA_T[i].t0;
        dt = 0;
        for (int p = 5; p >= 0; p--) dt = dt * t + DELTA_T[i].c[p];
    }
    return dt / 86400.0;
}

/* --- Civil days and Julian dates ----------------------------------------- */

/* Julian date (UT) of the local midnight that starts civil day d. */
static double jd_of_day(mc_day d) {
    return JD_UNIX + d - TZ_DAYS;
}

/* Local civil day containing the instant jd (UT). */
static mc_day day_of_jd(double jd) {
    return (mc_day)floor(jd - JD_UNIX + TZ_DAYS);
}

static double sin_deg(double deg) {
    return sin(fmod(deg, 360.0) * DEG);
}

/* --- New moon (Meeus ch. 49) -------------------------------------------- */

/* coef * E^e * sin(m*M + mp*M' + f*F + om*Omega), table 49.A, new moon. */
typedef struct {
    double coef;
    int e, m, mp, f, om;
} moon_term;

static const moon_term NEW_MOON_TERMS[] = {
    {-0.40720, 0, 0, 1, 0, 0}, {0.17241, 1, 1, 0, 0, 0},   {0.01608, 0, 0, 2, 0, 0},    {0.01039, 0, 0, 0, 2, 0},
    {0.00739, 1, -1, 1, 0, 0}, {-0.00514, 1, 1, 1, 0, 0},  {0.00208, 2, 2, 0, 0, 0},    {-0.00111, 0, 0, 1, -2, 0},
    {-0.00057, 0, 0, 1, 2, 0}, {0.00056, 1, 1, 2, 0, 0},   {-0.00042, 0, 0, 3, 0, 0},   {0.00042, 1, 1, 0, 2, 0},
    {0.00038, 1, 1, 0, -2, 0}, {-0.00024, 1, -1, 2, 0, 0}, {-0.00017, 0, 0, 0, 0, 1},   {-0.00007, 0, 2, 1, 0, 0},
    {0.00004, 0, 0, 2, -2, 0}, {0.00004, 0, 3, 0, 0, 0},   {0.00003, 0, 1, 1, -2, 0},   {0.00003, 0, 0, 2, 2, 0},
    {-0.00003, 0, 1, 1, 2, 0}, {0.00003, 0, -1, 1, 2, 0},  {-0.00002, 0, -1, 1, -2, 0}, {-0.00002, 0, 1, 3, 0, 0},
    {0.00002, 0, 0, 4, 0, 0},
};

/* coef * sin(a0 + a1 * k): the planetary arguments A1..A14 (A1 has a T^2 term). */
static const double PLANET_TERMS[][3] = {
    {0.000325, 299.77, 0.107408},  {0.000165, 251.88, 0.016321}, {0.000164, 251.83, 26.651886},
    {0.000126, 349.42, 36.412478}, {0.000110, 84.66, 18.206239}, {0.000062, 141.74, 53.303771},
    {0.000060, 207.14, 2.453732},  {0.000056, 154.84, 7.306860}, {0.000047, 34.52, 27.261239},
    {0.000042, 207.19, 0.121824},  {0.000040, 291.34, 1.844379}, {0.000037, 161.72, 24.198154},
    {0.000035, 239.56, 25.513099}, {0.000023, 331.55, 3.592518},
};

/* JDE (TT) of true new moon number k (k = 0: 2000-01-06). */
static double new_moon_jde(int k) {
    const double t = k / 1236.85, t2 = t * t, t3 = t2 * t, t4 = t3 * t;
    double jde = NEW_MOON_0 + SYNODIC * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4;
    const double e = 1 - 0.002516 * t - 0.0000074 * t2;
    const double m = 2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3;
    const double mp = 201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4;
    const double f = 160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4;
    const double om = 124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3;
    for (size_t i = 0; i < sizeof NEW_MOON_TERMS / sizeof NEW_MOON_TERMS[0]; i++) {
        const moon_term *w = &NEW_MOON_TERMS[i];
        const double ef = w->e == 0 ? 1 : w->e == 1 ? e : e * e;
        jde += w->coef * ef * sin_deg(w->m * m + w->mp * mp + w->f * f + w->om * om);
    }
    for (size_t i = 0; i < sizeof PLANET_TERMS / sizeof PLANET_TERMS[0]; i++) {
        const double a = PLANET_TERMS[i][1] + PLANET_TERMS[i][2] * k - (i == 0 ? 0.009173 * t2 : 0);
        jde += PLANET_TERMS[i][0] * sin_deg(a);
    }
    return jde;
}

/* Local civil day of new moon number k. */
static mc_day new_moon_day(int k) {
    const double jde = new_moon_jde(k);
    return day_of_jd(jde - delta_t_days(jde));
}

/* --- Sun (Meeus ch. 25) -------------------------------------------------- */

/* Apparent geocentric longitude of the sun, degrees in [0, 360), at jd (UT). */
static double sun_longitude(double jd) {
    const double t = (jd + delta_t_days(jd) - JD_J2000) / 36525, t2 = t * t;
    const double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t2;
    const double m = 357.52911 + 35999.05029 * t - 0.0001537 * t2;
    const double c = (1.914602 - 0.004817 * t - 0.000014 * t2) * sin_deg(m) +
                     (0.019993 - 0.000101 * t) * sin_deg(2 * m) + 0.000289 * sin_deg(3 * m);
    const double omega = 125.04 - 1934.136 * t;
    const double lambda = fmod(l0 + c - 0.00569 - 0.00478 * sin_deg(omega), 360.0);
    return lambda < 0 ? lambda + 360.0 : lambda;
}

/* 30-degree sector (0..11) of the sun at the local midnight starting day d.
 * A month contains a major solar term iff the sector changes during it. */
static int sun_sector(mc_day d) {
    return (int)(sun_longitude(jd_of_day(d)) / 30.0) % 12;
}

/* --- Months --------------------------------------------------------------- */

/* Number k of the lunar month containing civil day d. */
static int lunation_of_day(mc_day d) {
    int k = (int)floor((jd_of_day(d) - NEW_MOON_0) / SYNODIC);
    while (new_moon_day(k) > d) k--;
    while (new_moon_day(k + 1) <= d) k++;
    return k;
}

/* Number k of month 11 of Gregorian year y: the month with the winter solstice
 * (sun at 270 degrees, sector 9) of that year. */
static int month11_of_year(int y) {
    const int k = lunation_of_day(day_from_ymd(y, 12, 31));
    /* Solstice already passed when this month began: it lies in the month before. */
    return sun_sector(new_moon_day(k)) >= 9 ? k - 1 : k;
}

/* The months from month 11 before Tết of Gregorian year `year` up to, not
 * including, the next month 11. */
typedef struct {
    int year;         /* Gregorian year of the Tết inside the span; 0 = empty */
    int count;        /* 12 or 13 months */
    int leap;         /* index of the leap month, 0 when none */
    mc_day start[14]; /* start[i]: first day of month i; start[count]: next month 11 */
} lunar_span;

static void span_build(int year, lunar_span *s) {
    const int k0 = month11_of_year(year - 1);
    s->year = year;
    s->count = month11_of_year(year) - k0;
    s->leap = 0;
    assert(s->count == 12 || s->count == 13);
    for (int i = 0; i <= s->count; i++) s->start[i] = new_moon_day(k0 + i);
    if (s->count == 13) {
        /* The first month after month 11 without a major term is the leap month. */
        for (int i = 1; i < 13 && s->leap == 0; i++)
            if (sun_sector(s->start[i]) == sun_sector(s->start[i + 1])) s->leap = i;
        assert(s->leap > 0);
    }
}

/* Copies the span of `year` into *out, from a small per-thread cache. */
static void span_get(int year, lunar_span *out) {
    static _Thread_local lunar_span cache[4];
    static _Thread_local unsigned next;
    for (int i = 0; i < 4; i++) {
        if (cache[i].year == year) {
            *out = cache[i];
            return;
        }
    }
    lunar_span *slot = &cache[next++ % 4];
    span_build(year, slot);
    *out = *slot;
}

/* Position of span month i counted without the leap month: 0 = month 11. */
static int span_ordinal(const lunar_span *s, int i) {
    return i - (s->leap != 0 && i >= s->leap);
}

static int span_month(const lunar_span *s, int i) {
    return (span_ordinal(s, i) + 10) % 12 + 1;
}

static bool span_is_leap(const lunar_span *s, int i) {
    return s->leap != 0 && i == s->leap;
}

/* Months 11 and 12 at the head of a span belong to the previous lunar year. */
static int span_lunar_year(const lunar_span *s, int i) {
    return span_ordinal(s, i) < 2 ? s->year - 1 : s->year;
}

/* --- Public API ---------------------------------------------------------- */

lunar_date lunar_from_day(mc_day day) {
    const lunar_date none = {0, 0, 0, false};
    int y, m, d;
    day_to_ymd(day, &y, &m, &d);
    if (y < LUNAR_YEAR_MIN || y > LUNAR_YEAR_MAX + 1) return none;
    lunar_span s;
    span_get(y + 1, &s); /* starts at month 11 of Gregorian year y */
    if (day < s.start[0]) span_get(y, &s);
    int i = s.count - 1;
    while (i > 0 && day < s.start[i]) i--;
    assert(s.start[i] <= day && day < s.start[i + 1]);
    const lunar_date r = {span_lunar_year(&s, i), span_month(&s, i), day - s.start[i] + 1, span_is_leap(&s, i)};
    return r.year < LUNAR_YEAR_MIN || r.year > LUNAR_YEAR_MAX ? none : r;
}

bool lunar_to_day(int year, int month, int day, bool leap, mc_day *out) {
    if (year < LUNAR_YEAR_MIN || year > LUNAR_YEAR_MAX || month < 1 || month > 12 || day < 1 || day > 30) return false;
    lunar_span s;
    span_get(month >= 11 ? year + 1 : year, &s);
    for (int i = 0; i < s.count; i++) {
        if (span_month(&s, i) != month || span_is_leap(&s, i) != leap || span_lunar_year(&s, i) != year) continue;
        if (day > s.start[i + 1] - s.start[i]) return false;
        *out = s.start[i] + day - 1;
        return true;
    }
    return false;
}

mc_day lunar_tet(int lunar_year) {
    if (lunar_year < LUNAR_YEAR_MIN || lunar_year > LUNAR_YEAR_MAX) return LUNAR_NO_DAY;
    lunar_span s;
    span_get(lunar_year, &s);
    return s.start[2 + (s.leap == 1 || s.leap == 2)];
}
