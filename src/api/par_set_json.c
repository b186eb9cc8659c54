/* par_set_json.c - a PAR INDEX criteria set from its data file (par_set_json.h). */
#include "par_set_json.h"

#include <math.h>
#include <string.h>

static mc_err bad(mc_error *err, const char *field, const char *what) {
    return mc_failf(err, MC_ERR_INVALID, field, "Bộ chỉ số CCHC không hợp lệ: %s (%s).", "Invalid PAR set: %s (%s).",
                    what, field, what, field);
}

/* A required non-empty string member, copied into the arena. */
static mc_err text(arena *a, json_t *o, const char *key, const char *path, bool required, const char **out,
                   mc_error *err) {
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v && !required) return MC_OK;
    const char *s = json_string_value(v);
    if (!s || (required && !*s))
        return bad(err, arena_printf(a, "%s%s%s", path, *path ? "." : "", key), "thiếu nội dung");
    *out = arena_strdup(a, s);
    return MC_OK;
}

/* A number with at most two decimals, in hundredths. */
static mc_err hundredths(arena *a, json_t *o, const char *key, const char *path, int64_t *out, mc_error *err) {
    json_t *v = json_object_get(o, key);
    const char *f = arena_printf(a, "%s%s%s", path, *path ? "." : "", key);
    if (!json_is_number(v)) return bad(err, f, "phải là một số");
    double x = json_number_value(v) * 100.0;
    if (!isfinite(x) || fabs(x) > 1e12 || fabs(x - round(x)) > 1e-6) return bad(err, f, "tối đa hai chữ số thập phân");
    *out = llround(x);
    return MC_OK;
}

static mc_err rule(arena *a, json_t *o, const char *path, par_node *n, mc_error *err) {
    json_t *r = json_object_get(o, "rule");
    const char *p = arena_printf(a, "%s.rule", path);
    if (!json_is_object(r)) return bad(err, p, "thiếu cách tính điểm");
    const char *kind = json_string_value(json_object_get(r, "kind"));
    if (kind && !strcmp(kind, "proportional")) {
        n->rule = PAR_RULE_PROPORTIONAL;
        n->full_at = 10000;
        return json_object_get(r, "full_at") ? hundredths(a, r, "full_at", p, &n->full_at, err) : MC_OK;
    }
    if (!kind || strcmp(kind, "steps") != 0) return bad(err, p, "kind là \"proportional\" hoặc \"steps\"");
    n->rule = PAR_RULE_STEPS;
    json_t *steps = json_object_get(r, "steps");
    if (!json_is_array(steps) || !json_array_size(steps) || json_array_size(steps) > PAR_MAX_STEPS)
        return bad(err, arena_printf(a, "%s.steps", p), "cần từ 1 đến 10 bậc");
    size_t i;
    json_t *x;
    json_array_foreach(steps, i, x) {
        const char *sp = arena_printf(a, "%s.steps[%zu]", p, i);
        mc_err e = hundredths(a, x, "from", sp, &n->steps[i].from, err);
        if (!e) e = hundredths(a, x, "points", sp, &n->steps[i].points, err);
        if (e) return e;
    }
    n->nsteps = json_array_size(steps);
    return MC_OK;
}

typedef struct {
    arena *a;
    par_set *s;
    size_t cap;
} builder;

static par_node *add(builder *b) {
    if (b->s->nnodes == b->cap) b->s->nodes = arena_grow(b->a, b->s->nodes, &b->cap, sizeof *b->s->nodes);
    par_node *n = &b->s->nodes[b->s->nnodes++];
    memset(n, 0, sizeof *n);
    return n;
}

/* A criterion or sub-criterion at `path`, under parent (its code), depth 1 or 2. */
static mc_err node(builder *b, json_t *o, const char *path, const char *parent, int depth, mc_error *err) {
    arena *a = b->a;
    if (!json_is_object(o)) return bad(err, path, "phải là một đối tượng");
    if (b->s->nnodes >= PAR_MAX_NODES) return bad(err, path, "quá nhiều tiêu chí");
    par_node *n = add(b);
    n->parent = parent;
    n->depth = depth;
    mc_err e = text(a, o, "code", path, true, &n->code, err);
    if (!e) e = text(a, o, "name", path, true, &n->name, err);
    if (e) return e;
    json_t *sub = json_object_get(o, "sub");
    if (sub) {
        if (depth >= 2)
            return bad(err, arena_printf(a, "%s.sub", path), "tối đa ba cấp: lĩnh vực, tiêu chí, tiêu chí thành phần");
        if (!json_is_array(sub) || !json_array_size(sub))
            return bad(err, arena_printf(a, "%s.sub", path), "phải là mảng không rỗng");
        if (json_object_get(o, "max") || json_object_get(o, "method"))
            return bad(err, path, "tiêu chí có tiêu chí thành phần không có điểm, cách chấm riêng");
        const char *code = n->code; /* n may move as nodes grow */
        size_t i;
        json_t *x;
        json_array_foreach(sub, i, x) {
            if ((e = node(b, x, arena_printf(a, "%s.sub[%zu]", path, i), code, depth + 1, err))) return e;
        }
        return MC_OK;
    }
    n->leaf = true;
    if ((e = hundredths(a, o, "max", path, &n->max, err))) return e;
    const char *m;
    if ((e = text(a, o, "method", path, true, &m, err))) return e;
    int mi = par_method_parse(m);
    if (mi < 0) return bad(err, arena_printf(a, "%s.method", path), "là \"self\", \"computed\" hoặc \"survey\"");
    n->method = (par_method)mi;
    if ((e = text(a, o, "scoring", path, true, &n->scoring, err))) return e;
    if (n->method == PAR_SELF) {
        if ((e = text(a, o, "evidence", path, false, &n->evidence, err))) return e;
        json_t *req = json_object_get(o, "evidence_required");
        if (req && !json_is_boolean(req))
            return bad(err, arena_printf(a, "%s.evidence_required", path), "là true hoặc false");
        n->evidence_required = json_is_true(req);
        return MC_OK;
    }
    if ((e = text(a, o, "metric", path, true, &n->metric, err))) return e;
    return rule(a, o, path, n, err);
}

mc_err par_set_from_json(arena *a, json_t *doc, par_set *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    if (!json_is_object(doc)) return bad(err, "", "phải là một đối tượng JSON");
    mc_err e = text(a, doc, "version", "", true, &out->version, err);
    if (!e) e = text(a, doc, "title", "", true, &out->title, err);
    if (!e) e = text(a, doc, "source", "", true, &out->source, err);
    const char *level = NULL;
    if (!e) e = text(a, doc, "level", "", true, &level, err);
    if (e) return e;
    int lv = par_level_parse(level);
    if (lv < 0) return bad(err, "level", "là \"department\" hoặc \"commune\"");
    out->level = (par_level)lv;
    json_t *y = json_object_get(doc, "year");
    if (!json_is_integer(y)) return bad(err, "year", "phải là năm, ví dụ 2026");
    out->year = (int)json_integer_value(y);
    json_t *ill = json_object_get(doc, "illustrative");
    if (ill && !json_is_boolean(ill)) return bad(err, "illustrative", "là true hoặc false");
    out->illustrative = json_is_true(ill);
    if ((e = hundredths(a, doc, "max_points", "", &out->max_points, err))) return e;
    json_t *bands = json_object_get(doc, "bands");
    if (!json_is_array(bands) || !json_array_size(bands) || json_array_size(bands) > PAR_MAX_BANDS)
        return bad(err, "bands", "cần từ 1 đến 10 mức xếp loại");
    out->bands = arena_alloc(a, json_array_size(bands) * sizeof *out->bands);
    size_t i;
    json_t *x;
    json_array_foreach(bands, i, x) {
        const char *p = arena_printf(a, "bands[%zu]", i);
        par_band *b = &out->bands[i];
        if ((e = text(a, x, "code", p, true, &b->code, err)) || (e = text(a, x, "label", p, true, &b->label, err)) ||
            (e = hundredths(a, x, "from", p, &b->from, err)))
            return e;
    }
    out->nbands = json_array_size(bands);
    json_t *domains = json_object_get(doc, "domains");
    if (!json_is_array(domains) || !json_array_size(domains)) return bad(err, "domains", "phải là mảng không rỗng");
    builder b = {.a = a, .s = out, .cap = 64};
    out->nodes = arena_alloc(a, b.cap * sizeof *out->nodes);
    json_array_foreach(domains, i, x) {
        const char *p = arena_printf(a, "domains[%zu]", i);
        if (!json_is_object(x)) return bad(err, p, "phải là một đối tượng");
        if (out->nnodes >= PAR_MAX_NODES) return bad(err, p, "quá nhiều tiêu chí");
        par_node *d = add(&b);
        if ((e = text(a, x, "code", p, true, &d->code, err)) || (e = text(a, x, "name", p, true, &d->name, err)))
            return e;
        const char *code = d->code;
        json_t *crit = json_object_get(x, "criteria");
        if (!json_is_array(crit) || !json_array_size(crit))
            return bad(err, arena_printf(a, "%s.criteria", p), "phải là mảng không rỗng");
        size_t k;
        json_t *c;
        json_array_foreach(crit, k, c) {
            if ((e = node(&b, c, arena_printf(a, "%s.criteria[%zu]", p, k), code, 1, err))) return e;
        }
    }
    /* parents' max: the sum of their leaves */
    for (size_t n = out->nnodes; n-- > 0;) {
        const par_node *l = &out->nodes[n];
        if (!l->leaf) continue;
        for (const char *p = l->parent; p;) {
            int pi = par_node_index(out, p);
            if (pi < 0) break;
            out->nodes[pi].max += l->max;
            p = out->nodes[pi].parent;
        }
    }
    return par_set_check(out, err);
}
