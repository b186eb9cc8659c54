/* rating_facts.c - the facts of a dossier computed from its record (rating_facts.h). */
#include "rating_facts.h"

#include <stdio.h>
#include <string.h>

/* States in which the file is with the applicant and the clock stands still. */
static bool pausing(const char *state) {
    return state && (!strcmp(state, "supplement") || !strcmp(state, "payment"));
}

/* The same rule as the journal's timings: a working day before the due day is early, after the due instant late. */
static const char *timing_of(mc_time done, mc_time due) {
    if (!done || !due) return NULL;
    if (done > due) return "late";
    return time_local_day(done) < time_local_day(due) ? "early" : "on_time";
}

static int64_t elapsed(const calendar *cal, mc_time a, mc_time b) {
    int64_t s = calendar_elapsed(cal, a, b);
    return s > 0 ? s : 0;
}

/* The row of unit code in out (added, in the order met, when new); NULL without a code. */
static rating_unit_time *unit_row(rating_facts *out, size_t cap, const char *code) {
    if (!code) return NULL;
    for (size_t i = 0; i < out->nunits; i++)
        if (!strcmp(out->units[i].unit_code, code)) return &out->units[i];
    if (out->nunits >= cap) return NULL;
    rating_unit_time *u = &out->units[out->nunits++];
    memset(u, 0, sizeof *u);
    u->unit_code = code;
    return u;
}

static void count_timing(rating_unit_time *u, const char *t) {
    if (!u || !t) return;
    if (!strcmp(t, "early"))
        u->early++;
    else if (!strcmp(t, "late"))
        u->late++;
    else
        u->on_time++;
}

/* 2, 1 or 0 points for a count that should be 0 (0 → 2, 1 → 1, more → 0). */
static int fewer_is_better(int n) {
    return n <= 0 ? 2 : n == 1 ? 1 : 0;
}

void rating_facts_of(const calendar *cal, const dossier *d, const journal_entry *v, size_t n, arena *a,
                     rating_facts *out) {
    memset(out, 0, sizeof *out);
    size_t cap = n + 1;
    out->units = arena_alloc(a, cap * sizeof *out->units);
    out->supplements = d->intake_supplements + d->supplements;
    out->contacts =
        d->channel && !strcmp(d->channel, "online") && (!d->return_method || strcmp(d->return_method, "counter")) ? 0
                                                                                                                  : 1;

    /* Walk the journal: who holds the file from when, and the applicant's pauses. */
    const char *holder = NULL;
    mc_time since = 0, pause_start = 0, started = 0, ended = 0;
    int64_t paused = 0, paused_before_extension = -1;
    for (size_t i = 0; i < n && !ended; i++) {
        const journal_entry *e = &v[i];
        bool entering =
            e->to_state && !strcmp(e->to_state, "received") && (!e->from_state || strcmp(e->from_state, "received"));
        if (!started) {
            if (!entering) continue;
            started = e->at;
            holder = e->to_unit_code ? e->to_unit_code : e->unit_code;
            since = e->at;
            count_timing(unit_row(out, cap, e->unit_code ? e->unit_code : holder), e->timing);
            unit_row(out, cap, holder);
            continue;
        }
        if (pause_start) {
            paused += elapsed(cal, pause_start, e->at);
        } else {
            rating_unit_time *u = unit_row(out, cap, holder);
            if (u) u->seconds += elapsed(cal, since, e->at);
        }
        if (e->action && !strcmp(e->action, "extend") && paused_before_extension < 0) paused_before_extension = paused;
        count_timing(unit_row(out, cap, holder ? holder : e->unit_code), e->timing);
        if (e->to_unit_code) {
            holder = e->to_unit_code;
            unit_row(out, cap, holder);
        }
        pause_start = pausing(e->to_state) ? e->at : 0;
        since = e->at;
        if (e->to_state && (!strcmp(e->to_state, "decided") || !strcmp(e->to_state, "returned"))) ended = e->at;
    }

    out->start = d->received_at ? d->received_at : started;
    out->end = d->decided_at ? d->decided_at : ended;
    out->statutory_due = d->extensions && d->original_due_at ? d->original_due_at : d->due_at;
    int64_t pauses_in_due = d->extensions && paused_before_extension >= 0 ? paused_before_extension : paused;
    if (out->start && out->end) {
        int64_t used = elapsed(cal, out->start, out->end) - paused;
        out->used_seconds = used > 0 ? used : 0;
        out->timing = timing_of(out->end, out->statutory_due);
    }
    if (out->start && out->statutory_due) {
        int64_t allowed = elapsed(cal, out->start, out->statutory_due) - pauses_in_due;
        out->allowed_seconds = allowed > 0 ? allowed : 0;
    }

    /* Each agency: late if any of its acts was, early if all were. */
    bool any_timed = false, all_early = true, any_late = false;
    for (size_t i = 0; i < out->nunits; i++) {
        rating_unit_time *u = &out->units[i];
        int timed = u->early + u->on_time + u->late;
        if (!timed) continue;
        u->timing = u->late ? "late" : u->early == timed ? "early" : "on_time";
        any_timed = true;
        any_late |= u->late > 0;
        all_early &= u->early == timed;
    }

    /* The legacy items 1-4. */
    out->legacy[0] = !out->timing ? -1 : !strcmp(out->timing, "early") ? 2 : !strcmp(out->timing, "on_time") ? 1 : 0;
    out->legacy[1] = !any_timed ? -1 : any_late ? 0 : all_early ? 2 : 1;
    out->legacy[2] = out->start ? fewer_is_better(out->supplements) : -1;
    out->legacy[3] = fewer_is_better(out->contacts);
}

const char *rating_facts_duration_text(const calendar *cal, int64_t seconds, char *buf, size_t n) {
    int64_t day = cal ? calendar_nominal_day(cal) : 0;
    if (day <= 0) day = 8 * 3600;
    if (seconds < 0) seconds = 0;
    int64_t days = seconds / day, rest = seconds % day, hours = rest / 3600, minutes = rest % 3600 / 60;
    if (days && hours)
        snprintf(buf, n, "%lld ngày %lld giờ làm việc", (long long)days, (long long)hours);
    else if (days)
        snprintf(buf, n, "%lld ngày làm việc", (long long)days);
    else if (hours && minutes)
        snprintf(buf, n, "%lld giờ %lld phút làm việc", (long long)hours, (long long)minutes);
    else if (hours)
        snprintf(buf, n, "%lld giờ làm việc", (long long)hours);
    else
        snprintf(buf, n, "%lld phút làm việc", (long long)minutes);
    return buf;
}
