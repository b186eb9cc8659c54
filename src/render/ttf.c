/* ttf.c - TrueType faces for the PDFs over harfbuzz (ttf.h). */
#include "ttf.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Code points below this are looked up in a table; the rest through harfbuzz.
 * Latin, Latin-1, Latin Extended and Vietnamese (U+1EA0-U+1EF9) are below it. */
#define FAST_CP 0x2000

struct ttf_face {
    char *path;
    hb_blob_t *blob;
    hb_face_t *face;
    hb_face_t *prepared; /* the face made ready for repeated subsetting (hb_subset_preprocess) */
    hb_font_t *font;
    ttf_info info;
    char ps_name[64];
    uint16_t *glyph_of; /* [FAST_CP] */
    uint16_t *advance;  /* [info.nglyphs], thousandths of the em */
};

/* Loaded faces, kept for the life of the process (a document set uses three). */
#define MAX_FACES 8
static ttf_face *faces[MAX_FACES];
static size_t nfaces;
static pthread_mutex_t faces_lock = PTHREAD_MUTEX_INITIALIZER;

static int to_milli(int v, unsigned upem) {
    long x = (long)v * 1000;
    return (int)(x >= 0 ? (x + upem / 2) / upem : -((-x + upem / 2) / upem));
}

static int16_t be16(const char *p) {
    return (int16_t)(((unsigned char)p[0] << 8) | (unsigned char)p[1]);
}

/* The PostScript name, kept to the characters a PDF name and a subset tag allow. */
static void read_name(ttf_face *f) {
    char raw[64];
    unsigned len = sizeof raw;
    unsigned got = hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len, raw);
    size_t k = 0;
    for (unsigned i = 0; got && i < len && raw[i] && k + 1 < sizeof f->ps_name; i++) {
        char c = raw[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') f->ps_name[k++] = c;
    }
    if (!k) memcpy(f->ps_name, "Font", (k = 4));
    f->ps_name[k] = 0;
    f->info.ps_name = f->ps_name;
}

static ttf_face *load(const char *path, mc_error *err) {
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    hb_face_t *face = blob ? hb_face_create(blob, 0) : NULL;
    unsigned n = face ? hb_face_get_glyph_count(face) : 0, upem = face ? hb_face_get_upem(face) : 0;
    if (!n || !upem || n > 65535) {
        if (face) hb_face_destroy(face);
        if (blob) hb_blob_destroy(blob);
        mc_failf(err, MC_ERR_INTERNAL, NULL, "Thiếu phông chữ %s (gói fonts-liberation2).",
                 "Font %s missing or not a TrueType font.", path, path);
        return NULL;
    }
    ttf_face *f = xcalloc(1, sizeof *f);
    f->path = xstrdup(path);
    f->blob = blob;
    f->face = face;
    f->font = hb_font_create(face); /* scale = units per em */
    f->info.nglyphs = n;
    f->glyph_of = xcalloc(FAST_CP, sizeof *f->glyph_of);
    for (uint32_t cp = 0; cp < FAST_CP; cp++) {
        hb_codepoint_t g = 0;
        if (hb_font_get_nominal_glyph(f->font, cp, &g) && g < n) f->glyph_of[cp] = (uint16_t)g;
    }
    f->advance = xcalloc(n, sizeof *f->advance);
    /* Truncated, not rounded, as libharu (the PDF writer before this one) did: lines break where they did. */
    for (unsigned g = 0; g < n; g++)
        f->advance[g] = (uint16_t)((unsigned long)hb_font_get_glyph_h_advance(f->font, g) * 1000 / upem);
    hb_position_t v = 0;
    if (hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &v))
        f->info.ascent = to_milli(v, upem);
    if (hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &v))
        f->info.descent = to_milli(v, upem);
    f->info.cap_height = hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &v)
                             ? to_milli(v, upem)
                             : f->info.ascent * 7 / 10;
    hb_blob_t *head = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
    unsigned hl;
    const char *h = hb_blob_get_data(head, &hl);
    if (hl >= 44)
        for (int i = 0; i < 4; i++) f->info.bbox[i] = to_milli(be16(h + 36 + 2 * i), upem);
    hb_blob_destroy(head);
    hb_blob_t *post = hb_face_reference_table(face, HB_TAG('p', 'o', 's', 't'));
    const char *p = hb_blob_get_data(post, &hl);
    if (hl >= 8) f->info.italic_angle = be16(p + 4); /* the integer part of a 16.16 fixed number */
    hb_blob_destroy(post);
    read_name(f);
    f->prepared = hb_subset_preprocess(face);
    return f;
}

const ttf_face *ttf_get(const char *path, mc_error *err) {
    pthread_mutex_lock(&faces_lock);
    ttf_face *f = NULL;
    for (size_t i = 0; i < nfaces && !f; i++)
        if (!strcmp(faces[i]->path, path)) f = faces[i];
    if (!f) {
        f = load(path, err);
        if (f && nfaces < MAX_FACES) faces[nfaces++] = f;
        /* More distinct paths than MAX_FACES only happens with a changing font folder; the face is then
         * leaked by design (it may be in use by another thread), which a process does at most a few times. */
    }
    pthread_mutex_unlock(&faces_lock);
    return f;
}

const ttf_info *ttf_info_of(const ttf_face *f) {
    return &f->info;
}

unsigned ttf_glyph(const ttf_face *f, uint32_t cp) {
    if (cp < FAST_CP) return f->glyph_of[cp];
    hb_codepoint_t g = 0;
    return hb_font_get_nominal_glyph(f->font, cp, &g) && g < f->info.nglyphs ? g : 0;
}

unsigned ttf_advance(const ttf_face *f, unsigned g) {
    return g < f->info.nglyphs ? f->advance[g] : 0;
}

/* Tables a PDF's embedded TrueType does not use: layout, names, character maps, hinting's helpers. */
static const char *const dropped[] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern", "name",
                                      "post", "OS/2", "cmap", "gasp", "hdmx", "VDMX", "LTSH", "DSIG",
                                      "PCLT", "meta", "fpgm", "prep", "cvt ", "FFTM"};

mc_err ttf_subset(const ttf_face *f, const unsigned *glyphs, size_t n, buf *out, unsigned *renumbered, mc_error *err) {
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in) return mc_fail(err, MC_ERR_INTERNAL, NULL, "Không đủ bộ nhớ để tạo tệp PDF.", "hb_subset_input failed.");
    hb_set_t *gs = hb_subset_input_glyph_set(in);
    for (size_t i = 0; i < n; i++)
        if (glyphs[i] < f->info.nglyphs) hb_set_add(gs, glyphs[i]);
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof dropped / sizeof *dropped; i++)
        hb_set_add(drop, HB_TAG(dropped[i][0], dropped[i][1], dropped[i][2], dropped[i][3]));
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(f->prepared, in);
    hb_subset_input_destroy(in);
    hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
    if (!sub) {
        hb_subset_plan_destroy(plan);
        return mc_failf(err, MC_ERR_INTERNAL, NULL, "Không tạo được phông chữ cho tệp PDF.", "hb_subset of %s failed.",
                        f->info.ps_name);
    }
    /* The subset numbers its glyphs anew (the glyphs of composite glyphs join them). */
    const hb_map_t *map = hb_subset_plan_old_to_new_glyph_mapping(plan);
    for (size_t i = 0; i < n; i++) {
        hb_codepoint_t g = hb_map_get(map, glyphs[i]);
        renumbered[i] = g == HB_MAP_VALUE_INVALID ? 0 : g;
    }
    hb_blob_t *b = hb_face_reference_blob(sub);
    unsigned len;
    const char *data = hb_blob_get_data(b, &len);
    mc_err e = MC_OK;
    if (len)
        buf_append(out, data, len);
    else
        e = mc_fail(err, MC_ERR_INTERNAL, NULL, "Không tạo được phông chữ cho tệp PDF.", "hb_subset gave no bytes.");
    hb_blob_destroy(b);
    hb_face_destroy(sub);
    hb_subset_plan_destroy(plan);
    return e;
}
