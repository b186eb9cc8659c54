/* survey_form.c - a questionnaire's structure, checked, and its line format (survey_form.h). */
#include "survey_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Text fit for a field of the line format: not NULL, not empty, no TAB or line end. */
static bool plain(const char *s) {
    return s && *s && !strpbrk(s, "\t\r\n");
}

static bool code_ok(const char *s) {
    if (!s || !*s || strlen(s) > 32) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
              *p == '_' || *p == '-'))
            return false;
    return true;
}

static mc_err bad(mc_error *err, const char *what) {
    return mc_failf(err, MC_ERR_INVALID, "questionnaire", "Bảng hỏi không hợp lệ: %s.", "Invalid questionnaire: %s.",
                    what, what);
}

mc_err survey_form_check(const survey_form *f, mc_error *err) {
    if (!plain(f->version) || !code_ok(f->version)) return bad(err, "phiên bản (version)");
    if (!plain(f->title)) return bad(err, "tiêu đề (title)");
    if (f->min_answers < 1 || f->min_answers > 100000) return bad(err, "số phiếu tối thiểu (min_answers)");
    for (int k = 0; k < SURVEY_SCALE; k++)
        if (!plain(f->scale[k])) return bad(err, "nhãn thang điểm (scale)");
    if (f->nel < 1 || f->nel > SURVEY_MAX_ELEMENTS) return bad(err, "số yếu tố (elements)");
    for (size_t i = 0; i < f->nel; i++) {
        const survey_element *e = &f->elements[i];
        if (!code_ok(e->code) || !plain(e->name) || !(e->weight > 0) || e->weight > 1e6)
            return bad(err, "yếu tố (elements: code, name, weight > 0)");
        for (size_t j = 0; j < i; j++)
            if (!strcmp(f->elements[j].code, e->code)) return bad(err, "mã yếu tố trùng");
    }
    if (f->nitems < 1 || f->nitems > SURVEY_MAX_ITEMS) return bad(err, "số tiêu chí (items)");
    for (size_t i = 0; i < f->nitems; i++) {
        const survey_item *it = &f->items[i];
        if (!code_ok(it->code) || !plain(it->text) || it->element < 0 || (size_t)it->element >= f->nel)
            return bad(err, "tiêu chí (items: code, element, text)");
        if (!strcmp(it->code, "don_vi")) return bad(err, "mã tiêu chí don_vi");
        for (size_t j = 0; j < i; j++)
            if (!strcmp(f->items[j].code, it->code)) return bad(err, "mã tiêu chí trùng");
    }
    for (size_t e = 0; e < f->nel; e++) {
        bool has = false;
        for (size_t i = 0; i < f->nitems && !has; i++) has = f->items[i].element == (int)e;
        if (!has) return bad(err, "yếu tố không có tiêu chí nào");
    }
    if (f->nprofile > SURVEY_MAX_QUESTIONS) return bad(err, "số câu hỏi thông tin người trả lời (profile)");
    for (size_t q = 0; q < f->nprofile; q++) {
        const survey_question *p = &f->profile[q];
        if (!code_ok(p->code) || !plain(p->label) || p->nopt < 1 || p->nopt > SURVEY_MAX_OPTIONS)
            return bad(err, "câu hỏi thông tin người trả lời (profile)");
        if (!strcmp(p->code, "don_vi") || survey_form_item(f, p->code) >= 0) return bad(err, "mã câu hỏi trùng");
        for (size_t j = 0; j < q; j++)
            if (!strcmp(f->profile[j].code, p->code)) return bad(err, "mã câu hỏi trùng");
        for (size_t o = 0; o < p->nopt; o++) {
            if (!plain(p->options[o].label) || p->options[o].value < 0 || p->options[o].value > 999)
                return bad(err, "lựa chọn của câu hỏi (options)");
            for (size_t j = 0; j < o; j++)
                if (p->options[j].value == p->options[o].value) return bad(err, "giá trị lựa chọn trùng");
        }
    }
    return MC_OK;
}

const char *survey_form_encode(arena *a, const survey_form *f) {
    buf b = {0};
    buf_printf(&b, "V\t%s\nT\t%s\nM\t%d\n", f->version, f->title, f->min_answers);
    for (int k = 0; k < SURVEY_SCALE; k++) buf_printf(&b, "S\t%d\t%s\n", k + 1, f->scale[k]);
    for (size_t i = 0; i < f->nel; i++)
        buf_printf(&b, "E\t%s\t%.17g\t%s\n", f->elements[i].code, f->elements[i].weight, f->elements[i].name);
    for (size_t i = 0; i < f->nitems; i++)
        buf_printf(&b, "I\t%s\t%s\t%s\n", f->items[i].code, f->elements[f->items[i].element].code, f->items[i].text);
    for (size_t q = 0; q < f->nprofile; q++) {
        buf_printf(&b, "P\t%s\t%s\n", f->profile[q].code, f->profile[q].label);
        for (size_t o = 0; o < f->profile[q].nopt; o++)
            buf_printf(&b, "O\t%d\t%s\n", f->profile[q].options[o].value, f->profile[q].options[o].label);
    }
    const char *out = arena_strndup(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return out;
}

/* Splits line (modified) at TABs into at most max fields; returns how many. */
static int fields(char *line, char **f, int max) {
    int n = 0;
    for (char *p = line; n < max;) {
        f[n++] = p;
        char *t = strchr(p, '\t');
        if (!t) break;
        *t = 0;
        p = t + 1;
    }
    return n;
}

static int int_of(const char *s, bool *ok) {
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < -1000000 || v > 1000000) *ok = false;
    return (int)v;
}

mc_err survey_form_decode(arena *a, const char *text, survey_form *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    size_t ne = 0, ni = 0, nq = 0, no = 0;
    for (const char *p = text; *p; p++) {
        if (p[0] != '\n' && (p == text || p[-1] == '\n')) {
            ne += *p == 'E';
            ni += *p == 'I';
            nq += *p == 'P';
            no += *p == 'O';
        }
    }
    out->elements = arena_alloc(a, (ne ? ne : 1) * sizeof *out->elements);
    out->items = arena_alloc(a, (ni ? ni : 1) * sizeof *out->items);
    out->profile = arena_alloc(a, (nq ? nq : 1) * sizeof *out->profile);
    survey_option *opts = arena_alloc(a, (no ? no : 1) * sizeof *opts);
    size_t used_opts = 0;
    char *copy = arena_strdup(a, text);
    bool ok = true;
    for (char *save = NULL, *line = strtok_r(copy, "\n", &save); line && ok; line = strtok_r(NULL, "\n", &save)) {
        char *f[4];
        int n = fields(line, f, 4);
        switch (f[0][0]) {
        case 'V':
            ok = n == 2;
            if (ok) out->version = f[1];
            break;
        case 'T':
            ok = n == 2;
            if (ok) out->title = f[1];
            break;
        case 'M':
            ok = n == 2;
            if (ok) out->min_answers = int_of(f[1], &ok);
            break;
        case 'S': {
            ok = n == 3;
            int v = ok ? int_of(f[1], &ok) : 0;
            ok = ok && v >= 1 && v <= SURVEY_SCALE;
            if (ok) out->scale[v - 1] = f[2];
            break;
        }
        case 'E': {
            ok = n == 4;
            if (!ok) break;
            char *end;
            double w = strtod(f[2], &end);
            ok = *f[2] && !*end;
            out->elements[out->nel++] = (survey_element){f[1], f[3], w};
            break;
        }
        case 'I': {
            ok = n == 4;
            int el = -1;
            for (size_t e = 0; ok && e < out->nel; e++)
                if (!strcmp(out->elements[e].code, f[2])) el = (int)e;
            ok = ok && el >= 0;
            if (ok) out->items[out->nitems++] = (survey_item){f[1], f[3], el};
            break;
        }
        case 'P':
            ok = n == 3;
            if (ok) out->profile[out->nprofile++] = (survey_question){f[1], f[2], opts + used_opts, 0};
            break;
        case 'O': {
            ok = n == 3 && out->nprofile > 0;
            int v = ok ? int_of(f[1], &ok) : 0;
            if (ok) {
                opts[used_opts++] = (survey_option){v, f[2]};
                out->profile[out->nprofile - 1].nopt++;
            }
            break;
        }
        default: ok = false;
        }
    }
    if (!ok) return bad(err, "dữ liệu cấu trúc hỏng");
    return survey_form_check(out, err);
}

int survey_form_item(const survey_form *f, const char *code) {
    for (size_t i = 0; code && i < f->nitems; i++)
        if (!strcmp(f->items[i].code, code)) return (int)i;
    return -1;
}

int survey_form_question(const survey_form *f, const char *code) {
    for (size_t i = 0; code && i < f->nprofile; i++)
        if (!strcmp(f->profile[i].code, code)) return (int)i;
    return -1;
}

bool survey_form_option_ok(const survey_form *f, int q, int value) {
    if (q < 0 || (size_t)q >= f->nprofile) return false;
    for (size_t o = 0; o < f->profile[q].nopt; o++)
        if (f->profile[q].options[o].value == value) return true;
    return false;
}
