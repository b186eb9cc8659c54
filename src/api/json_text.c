/* json_text.c - see json_text.h. */
#include "json_text.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static void put_string(buf *b, const char *s, size_t n) {
    buf_putc(b, '"');
    size_t run = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = u[i];
        if (__builtin_expect(c >= 0x20 && c != '"' && c != '\\', 1)) continue; /* needs no escape */
        buf_append(b, s + run, i - run);
        run = i + 1;
        char esc[8];
        switch (c) {
        case '"': buf_append(b, "\\\"", 2); break;
        case '\\': buf_append(b, "\\\\", 2); break;
        case '\n': buf_append(b, "\\n", 2); break;
        case '\r': buf_append(b, "\\r", 2); break;
        case '\t': buf_append(b, "\\t", 2); break;
        case '\b': buf_append(b, "\\b", 2); break;
        case '\f': buf_append(b, "\\f", 2); break;
        default: snprintf(esc, sizeof esc, "\\u%04X", c); buf_append(b, esc, 6);
        }
    }
    buf_append(b, s + run, n - run);
    buf_putc(b, '"');
}

static void put_real(buf *b, double v) {
    char t[40];
    int n = snprintf(t, sizeof t, "%.17g", v);
    if (n <= 0 || (size_t)n >= sizeof t) {
        buf_puts(b, "null");
        return;
    }
    buf_append(b, t, (size_t)n);
    /* A real stays a real when read back: 1 -> 1.0, as jansson writes it. */
    if (!strpbrk(t, ".eEn")) buf_append(b, ".0", 2);
}

void json_text_append(buf *b, const json_t *j) {
    char t[24];
    switch (json_typeof(j)) {
    case JSON_OBJECT: {
        buf_putc(b, '{');
        const char *k;
        size_t kn;
        json_t *v;
        bool first = true;
        json_object_keylen_foreach((json_t *)j, k, kn, v) {
            if (!first) buf_putc(b, ',');
            first = false;
            put_string(b, k, kn);
            buf_putc(b, ':');
            json_text_append(b, v);
        }
        buf_putc(b, '}');
        break;
    }
    case JSON_ARRAY: {
        buf_putc(b, '[');
        for (size_t i = 0, n = json_array_size(j); i < n; i++) {
            if (i) buf_putc(b, ',');
            json_text_append(b, json_array_get(j, i));
        }
        buf_putc(b, ']');
        break;
    }
    case JSON_STRING: put_string(b, json_string_value(j), json_string_length(j)); break;
    case JSON_INTEGER:
        buf_append(b, t, (size_t)snprintf(t, sizeof t, "%" JSON_INTEGER_FORMAT, json_integer_value(j)));
        break;
    case JSON_REAL: put_real(b, json_real_value(j)); break;
    case JSON_TRUE: buf_append(b, "true", 4); break;
    case JSON_FALSE: buf_append(b, "false", 5); break;
    case JSON_NULL: buf_append(b, "null", 4); break;
    }
}

char *json_text_line(const json_t *j, size_t *len) {
    buf b = {0};
    json_text_append(&b, j);
    buf_putc(&b, '\n');
    *len = b.len;
    return buf_steal(&b);
}

/* ---- the writer ------------------------------------------------------------------ */

static void sep(json_w *w) {
    if (w->more) buf_putc(w->b, ',');
    w->more = true;
}

/* Tree mode: places value v (reference stolen) where the text would have it. */
static void add(json_w *w, json_t *v) {
    assert(v);
    if (!w->depth) {
        assert(!w->root);
        w->root = v;
        return;
    }
    json_t *in = w->open[w->depth - 1];
    if (json_is_object(in)) {
        assert(w->key);
        json_object_set_new_nocheck(in, w->key, v);
        w->key = NULL;
    } else {
        json_array_append_new(in, v);
    }
}

json_t *jw_take(json_w *w) {
    assert(!w->b && !w->depth);
    json_t *v = w->root;
    w->root = NULL;
    return v;
}

void jw_open(json_w *w, char bracket) {
    if (!w->b) {
        json_t *v = bracket == '{' ? json_object() : json_array();
        add(w, v);
        assert(w->depth < (int)(sizeof w->open / sizeof w->open[0]));
        w->open[w->depth++] = v;
        return;
    }
    sep(w);
    buf_putc(w->b, bracket);
    w->more = false;
}

void jw_close(json_w *w, char bracket) {
    if (!w->b) {
        assert(w->depth > 0 && (bracket == '}') == json_is_object(w->open[w->depth - 1]));
        w->depth--;
        return;
    }
    buf_putc(w->b, bracket);
    w->more = true;
}

void jw_key(json_w *w, const char *key) {
    if (!w->b) {
        w->key = key;
        return;
    }
    sep(w);
    put_string(w->b, key, strlen(key));
    buf_putc(w->b, ':');
    w->more = false;
}

void jw_str(json_w *w, const char *s) {
    if (!w->b) {
        add(w, s ? json_string_nocheck(s) : json_null());
        return;
    }
    sep(w);
    if (s)
        put_string(w->b, s, strlen(s));
    else
        buf_append(w->b, "null", 4);
}

void jw_int(json_w *w, int64_t v) {
    if (!w->b) {
        add(w, json_integer(v));
        return;
    }
    char t[24];
    sep(w);
    buf_append(w->b, t, (size_t)snprintf(t, sizeof t, "%" PRId64, v));
}

void jw_bool(json_w *w, bool v) {
    if (!w->b) {
        add(w, json_boolean(v));
        return;
    }
    sep(w);
    if (v)
        buf_append(w->b, "true", 4);
    else
        buf_append(w->b, "false", 5);
}

void jw_null(json_w *w) {
    if (!w->b) {
        add(w, json_null());
        return;
    }
    sep(w);
    buf_append(w->b, "null", 4);
}

void jw_tree(json_w *w, const json_t *j) {
    if (!w->b) {
        add(w, json_deep_copy(j));
        return;
    }
    sep(w);
    json_text_append(w->b, j);
}

void jw_kstr(json_w *w, const char *key, const char *s) {
    jw_key(w, key);
    jw_str(w, s);
}

void jw_kint(json_w *w, const char *key, int64_t v) {
    jw_key(w, key);
    jw_int(w, v);
}

void jw_kbool(json_w *w, const char *key, bool v) {
    jw_key(w, key);
    jw_bool(w, v);
}

void jw_kopen(json_w *w, const char *key, char bracket) {
    jw_key(w, key);
    jw_open(w, bracket);
}
