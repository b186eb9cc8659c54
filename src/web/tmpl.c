/* tmpl.c - see tmpl.h. A template is parsed into a tree of nodes whose text
 * points into the template's own copy of its source; rendering walks the tree
 * with a stack of contexts and appends to the output buffer. */
#include "tmpl.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Limits that keep any template finite: nesting when parsed; partials deep
 * and in all, and contexts, when rendered. */
enum { MAX_NEST = 32, MAX_PARTIAL_DEPTH = 16, MAX_PARTIALS = 10000, MAX_CONTEXTS = 64 };

typedef enum { N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL } node_kind;

typedef struct node {
    node_kind kind;
    const char *text; /**< N_TEXT: the text; N_PARTIAL: the partial's name */
    size_t len;
    char **parts; /**< a variable's or section's dotted name, split; none for "." */
    int nparts;
    struct node *kids; /**< a section's body */
    size_t nkids;
} node;

typedef struct {
    char *name, *src;
    node root; /**< kids = the template's nodes */
} tmpl;

struct tmpl_set {
    tmpl *v;
    size_t n, cap;
};

/* ---- parsing ------------------------------------------------------------------------ */

typedef struct {
    const char *src, *p, *end;
    char *err;
    size_t errlen;
    bool failed;
} parser;

static int line_of(const parser *ps, const char *at) {
    int line = 1;
    for (const char *q = ps->src; q < at; q++) line += *q == '\n';
    return line;
}

static void fail_at(parser *ps, const char *at, const char *fmt, ...) {
    if (ps->failed) return;
    ps->failed = true;
    int k = snprintf(ps->err, ps->errlen, "line %d: ", line_of(ps, at));
    if (k < 0 || (size_t)k >= ps->errlen) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->err + k, ps->errlen - (size_t)k, fmt, ap);
    va_end(ap);
}

static void add_node(node **v, size_t *n, size_t *cap, node x) {
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *v = xrealloc(*v, *cap * sizeof **v);
    }
    (*v)[(*n)++] = x;
}

static bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Splits a dotted name into parts; "." gives none. false if malformed. */
static bool split_name(const char *s, size_t n, char ***parts, int *nparts) {
    *parts = NULL;
    *nparts = 0;
    if (n == 1 && s[0] == '.') return true;
    if (n == 0 || n > 200) return false;
    int cnt = 1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.') {
            if (i == 0 || i + 1 == n || s[i + 1] == '.') return false;
            cnt++;
        } else if (!name_char(s[i])) {
            return false;
        }
    }
    char **v = xmalloc((size_t)cnt * sizeof *v);
    int k = 0;
    size_t from = 0;
    for (size_t i = 0; i <= n; i++)
        if (i == n || s[i] == '.') {
            v[k++] = xstrndup(s + from, i - from);
            from = i + 1;
        }
    *parts = v;
    *nparts = cnt;
    return true;
}

static void trim(const char **s, const char **e) {
    while (*s < *e && (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r')) (*s)++;
    while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\n' || (*e)[-1] == '\r')) (*e)--;
}

static void free_nodes(node *v, size_t n);

/* Parses nodes until the end, or until {{/close}} when close is given. */
static void parse_nodes(parser *ps, node **out, size_t *nout, const char *close, size_t close_len, int depth,
                        const char *opened_at) {
    size_t cap = 0;
    *out = NULL;
    *nout = 0;
    while (!ps->failed && ps->p < ps->end) {
        const char *tag = memmem(ps->p, (size_t)(ps->end - ps->p), "{{", 2);
        const char *text_end = tag ? tag : ps->end;
        if (text_end > ps->p)
            add_node(out, nout, &cap, (node){.kind = N_TEXT, .text = ps->p, .len = (size_t)(text_end - ps->p)});
        if (!tag) {
            ps->p = ps->end;
            break;
        }
        bool triple = tag + 2 < ps->end && tag[2] == '{';
        const char *body = tag + (triple ? 3 : 2);
        const char *shut = memmem(body, (size_t)(ps->end - body), triple ? "}}}" : "}}", triple ? 3 : 2);
        if (!shut) {
            fail_at(ps, tag, "unclosed tag");
            break;
        }
        ps->p = shut + (triple ? 3 : 2);
        const char *s = body, *e = shut;
        trim(&s, &e);
        char sigil = triple ? '&' : (s < e ? *s : 0);
        if (!triple && (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '>' || sigil == '!' || sigil == '&')) {
            s++;
            trim(&s, &e);
        } else if (!triple) {
            sigil = 0;
        }
        if (sigil == '!') continue;
        if (sigil == '>') {
            if (s == e) {
                fail_at(ps, tag, "partial without a name");
                break;
            }
            for (const char *q = s; q < e; q++)
                if (!name_char(*q)) {
                    fail_at(ps, tag, "bad partial name");
                    return;
                }
            add_node(out, nout, &cap, (node){.kind = N_PARTIAL, .text = s, .len = (size_t)(e - s)});
            continue;
        }
        if (sigil == '/') {
            if (!close || (size_t)(e - s) != close_len || memcmp(s, close, close_len) != 0) {
                fail_at(ps, tag, "{{/%.*s}} closes nothing open", (int)(e - s > 60 ? 60 : e - s), s);
                return;
            }
            return; /* the caller's section ends here */
        }
        node x = {.kind = sigil == '#' ? N_SECTION : sigil == '^' ? N_INVERTED : sigil == '&' ? N_RAW : N_VAR};
        if (!split_name(s, (size_t)(e - s), &x.parts, &x.nparts)) {
            fail_at(ps, tag, "bad name \"%.*s\"", (int)(e - s > 60 ? 60 : e - s), s);
            break;
        }
        if (x.kind == N_SECTION || x.kind == N_INVERTED) {
            if (x.nparts == 0) {
                fail_at(ps, tag, "a section needs a name");
                free_nodes(&x, 1);
                break;
            }
            if (depth >= MAX_NEST) {
                fail_at(ps, tag, "sections nested more than %d deep", MAX_NEST);
                free_nodes(&x, 1);
                break;
            }
            parse_nodes(ps, &x.kids, &x.nkids, s, (size_t)(e - s), depth + 1, tag);
        }
        add_node(out, nout, &cap, x);
    }
    if (close && !ps->failed)
        fail_at(ps, opened_at, "{{#%.*s}} is never closed", (int)(close_len > 60 ? 60 : close_len), close);
}

static void free_nodes(node *v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < v[i].nparts; k++) free(v[i].parts[k]);
        free(v[i].parts);
        free_nodes(v[i].kids, v[i].nkids);
        free(v[i].kids);
    }
}

tmpl_set *tmpl_set_create(void) {
    return xcalloc(1, sizeof(tmpl_set));
}

static void tmpl_clear(tmpl *t) {
    free_nodes(t->root.kids, t->root.nkids);
    free(t->root.kids);
    free(t->name);
    free(t->src);
}

void tmpl_set_free(tmpl_set *s) {
    if (!s) return;
    for (size_t i = 0; i < s->n; i++) tmpl_clear(&s->v[i]);
    free(s->v);
    free(s);
}

static tmpl *find(const tmpl_set *s, const char *name, size_t len) {
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->v[i].name) == len && memcmp(s->v[i].name, name, len) == 0) return &s->v[i];
    return NULL;
}

bool tmpl_add(tmpl_set *s, const char *name, const char *text, size_t len, char *err, size_t errlen) {
    tmpl t = {.name = xstrdup(name), .src = xstrndup(text, len)};
    parser ps = {.src = t.src, .p = t.src, .end = t.src + len, .err = err, .errlen = errlen};
    parse_nodes(&ps, &t.root.kids, &t.root.nkids, NULL, 0, 0, t.src);
    if (ps.failed) {
        tmpl_clear(&t);
        return false;
    }
    tmpl *old = find(s, name, strlen(name));
    if (old) {
        tmpl_clear(old);
        *old = t;
        return true;
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->v = xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = t;
    return true;
}

bool tmpl_load_dir(tmpl_set *s, const char *dir, char *err, size_t errlen) {
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "cannot read the folder %s", dir);
        return false;
    }
    bool ok = true;
    struct dirent *de;
    while (ok && (de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (n <= 5 || strcmp(de->d_name + n - 5, ".html") != 0) continue;
        char path[4400];
        snprintf(path, sizeof path, "%.4000s/%.255s", dir, de->d_name);
        FILE *f = fopen(path, "rb");
        if (!f) {
            snprintf(err, errlen, "cannot read %s", path);
            ok = false;
            break;
        }
        buf b = {0};
        char chunk[8192];
        size_t k;
        while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, k);
        fclose(f);
        char name[256], why[256];
        snprintf(name, sizeof name, "%.*s", (int)(n - 5), de->d_name);
        if (!tmpl_add(s, name, b.data ? b.data : "", b.len, why, sizeof why)) {
            snprintf(err, errlen, "%s: %s", path, why);
            ok = false;
        }
        buf_free(&b);
    }
    closedir(d);
    return ok;
}

bool tmpl_has(const tmpl_set *s, const char *name) {
    return find(s, name, strlen(name)) != NULL;
}

/* ---- rendering ---------------------------------------------------------------------- */

void tmpl_escape(buf *out, const char *s, size_t n) {
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *ent;
        switch (s[i]) {
        case '&': ent = "&amp;"; break;
        case '<': ent = "&lt;"; break;
        case '>': ent = "&gt;"; break;
        case '"': ent = "&quot;"; break;
        case '\'': ent = "&#39;"; break;
        default: continue;
        }
        buf_append(out, s + run, i - run);
        buf_puts(out, ent);
        run = i + 1;
    }
    buf_append(out, s + run, n - run);
}

typedef struct {
    const tmpl_set *set;
    const json_t *stack[MAX_CONTEXTS];
    int depth;
    int partials; /**< partials open now */
    int expanded; /**< partials rendered in all */
    buf *out;
} renderer;

static const json_t *lookup(const renderer *r, const node *n) {
    if (n->nparts == 0) return r->stack[r->depth - 1];
    const json_t *v = NULL;
    for (int i = r->depth - 1; i >= 0 && !v; i--)
        if (json_is_object(r->stack[i])) v = json_object_get(r->stack[i], n->parts[0]);
    for (int k = 1; v && k < n->nparts; k++) {
        const char *part = n->parts[k];
        if (json_is_object(v)) {
            v = json_object_get(v, part);
        } else if (json_is_array(v) && part[0] >= '0' && part[0] <= '9' && strlen(part) < 10 &&
                   strspn(part, "0123456789") == strlen(part)) {
            v = json_array_get(v, (size_t)strtoul(part, NULL, 10)); /* items.0: the first element */
        } else {
            v = NULL;
        }
    }
    return v;
}

static bool truthy(const json_t *v) {
    if (!v) return false;
    switch (json_typeof(v)) {
    case JSON_NULL:
    case JSON_FALSE: return false;
    case JSON_STRING: return json_string_length(v) > 0;
    case JSON_INTEGER: return json_integer_value(v) != 0;
    case JSON_REAL: return json_real_value(v) != 0;
    case JSON_ARRAY: return json_array_size(v) > 0;
    default: return true;
    }
}

static void put_value(renderer *r, const json_t *v, bool escape) {
    char t[40];
    if (!v) return;
    switch (json_typeof(v)) {
    case JSON_STRING:
        if (escape)
            tmpl_escape(r->out, json_string_value(v), json_string_length(v));
        else
            buf_append(r->out, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        buf_append(r->out, t, (size_t)snprintf(t, sizeof t, "%" JSON_INTEGER_FORMAT, json_integer_value(v)));
        break;
    case JSON_REAL: buf_append(r->out, t, (size_t)snprintf(t, sizeof t, "%.15g", json_real_value(v))); break;
    case JSON_TRUE: buf_puts(r->out, "true"); break;
    default: break; /* null, false, objects and arrays print nothing */
    }
}

static void render_nodes(renderer *r, const node *v, size_t n);

static void with_context(renderer *r, const json_t *ctx, const node *body) {
    if (r->depth >= MAX_CONTEXTS) return;
    r->stack[r->depth++] = ctx;
    render_nodes(r, body->kids, body->nkids);
    r->depth--;
}

static void render_nodes(renderer *r, const node *v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const node *x = &v[i];
        switch (x->kind) {
        case N_TEXT: buf_append(r->out, x->text, x->len); break;
        case N_VAR:
        case N_RAW: put_value(r, lookup(r, x), x->kind == N_VAR); break;
        case N_SECTION: {
            const json_t *val = lookup(r, x);
            if (!truthy(val)) break;
            if (json_is_array(val)) {
                for (size_t k = 0; k < json_array_size(val); k++) with_context(r, json_array_get(val, k), x);
            } else if (json_is_object(val)) {
                with_context(r, val, x);
            } else {
                render_nodes(r, x->kids, x->nkids);
            }
            break;
        }
        case N_INVERTED:
            if (!truthy(lookup(r, x))) render_nodes(r, x->kids, x->nkids);
            break;
        case N_PARTIAL: {
            const tmpl *t = find(r->set, x->text, x->len);
            if (!t || r->partials >= MAX_PARTIAL_DEPTH || r->expanded >= MAX_PARTIALS) break;
            r->partials++;
            r->expanded++;
            render_nodes(r, t->root.kids, t->root.nkids);
            r->partials--;
            break;
        }
        }
    }
}

bool tmpl_render(const tmpl_set *s, const char *name, const json_t *ctx, buf *out) {
    const tmpl *t = find(s, name, strlen(name));
    if (!t) return false;
    renderer r = {.set = s, .depth = 1, .out = out};
    r.stack[0] = ctx ? ctx : json_null(); /* json_null() is a static singleton */
    render_nodes(&r, t->root.kids, t->root.nkids);
    return true;
}
