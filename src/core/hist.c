/* hist.c - see hist.h. */
#include "hist.h"

#include <time.h>

/* The bounds in nanoseconds and as printed. */
static const uint64_t bound_ns[HIST_BUCKETS] = {
    500000ull,    1000000ull,   2500000ull,   5000000ull,    10000000ull,   25000000ull,   50000000ull,
    100000000ull, 250000000ull, 500000000ull, 1000000000ull, 2500000000ull, 5000000000ull, 10000000000ull};
static const char *const bound_text[HIST_BUCKETS] = {"0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
                                                     "0.1",    "0.25",  "0.5",    "1",     "2.5",  "5",     "10"};

uint64_t hist_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void hist_observe(hist *h, uint64_t ns) {
    int i = 0;
    while (i < HIST_BUCKETS && ns > bound_ns[i]) i++;
    atomic_fetch_add_explicit(&h->bucket[i], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&h->sum_ns, ns, memory_order_relaxed);
}

void hist_label_escape(buf *out, const char *s) {
    for (; *s; s++) {
        if (*s == '\\' || *s == '"')
            buf_putc(out, '\\'), buf_putc(out, *s);
        else if (*s == '\n')
            buf_puts(out, "\\n");
        else
            buf_putc(out, *s);
    }
}

void hist_write(buf *out, const char *name, const char *labels, const hist *h) {
    const char *sep = labels && *labels ? "," : "";
    if (!labels) labels = "";
    uint64_t cum = 0;
    for (int i = 0; i <= HIST_BUCKETS; i++) {
        cum += atomic_load_explicit(&h->bucket[i], memory_order_relaxed);
        buf_printf(out, "%s_bucket{%s%sle=\"%s\"} %llu\n", name, labels, sep, i < HIST_BUCKETS ? bound_text[i] : "+Inf",
                   (unsigned long long)cum);
    }
    uint64_t sum = atomic_load_explicit(&h->sum_ns, memory_order_relaxed);
    const char *brace = *labels ? "{" : "", *end = *labels ? "}" : "";
    buf_printf(out, "%s_sum%s%s%s %.9f\n", name, brace, labels, end, (double)sum / 1e9);
    buf_printf(out, "%s_count%s%s%s %llu\n", name, brace, labels, end, (unsigned long long)cum);
}
