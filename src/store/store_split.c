/* store_split.c - a PostgreSQL script cut into its statements (store_split.h). */
#include "store_split.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Length of the dollar-quote tag at p ("$$" or "$name$"), 0 if p does not start one. */
static size_t dollar_tag(const char *p) {
    if (*p != '$') return 0;
    size_t i = 1;
    if (isalpha((unsigned char)p[i]) || p[i] == '_')
        while (isalnum((unsigned char)p[i]) || p[i] == '_') i++;
    return p[i] == '$' ? i + 1 : 0;
}

/* Where the construct that opens at p ends (just past it); p itself when nothing opens there. */
static const char *skip_quoted(const char *p) {
    if (*p == '\'' || *p == '"') {
        char q = *p++;
        while (*p) {
            if (*p == q && p[1] == q) {
                p += 2; /* a doubled quote stands for itself */
            } else if (*p == q) {
                return p + 1;
            } else {
                p++;
            }
        }
        return p;
    }
    if (p[0] == '-' && p[1] == '-') {
        while (*p && *p != '\n') p++;
        return p;
    }
    if (p[0] == '/' && p[1] == '*') {
        const char *e = strstr(p + 2, "*/");
        return e ? e + 2 : p + strlen(p);
    }
    size_t t = dollar_tag(p);
    if (t) {
        const char *q = p + t;
        while ((q = strchr(q, '$'))) {
            if (!strncmp(q, p, t)) return q + t;
            q++;
        }
        return p + strlen(p);
    }
    return p;
}

/* Appends the statement [a, b) trimmed, unless it is empty. */
static void add(char ***out, size_t *n, size_t *cap, const char *a, const char *b) {
    while (a < b && isspace((unsigned char)*a)) a++;
    while (b > a && isspace((unsigned char)b[-1])) b--;
    if (a == b) return;
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *out = xrealloc(*out, *cap * sizeof **out);
    }
    (*out)[(*n)++] = xstrndup(a, (size_t)(b - a));
}

size_t store_split(const char *sql, char ***out) {
    size_t n = 0, cap = 0;
    *out = NULL;
    const char *start = sql, *p = sql;
    while (*p) {
        const char *e = skip_quoted(p);
        if (e != p) {
            p = e;
        } else if (*p == ';') {
            add(out, &n, &cap, start, p);
            start = ++p;
        } else {
            p++;
        }
    }
    add(out, &n, &cap, start, p);
    return n;
}

void store_split_free(char **stmts, size_t n) {
    for (size_t i = 0; i < n; i++) free(stmts[i]);
    free(stmts);
}
