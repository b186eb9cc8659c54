/* journal_anchor.c - Ed25519-signed checkpoints of the journal's chain heads (journal_anchor.h). */
#include "journal_anchor.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fdio.h"
#include "xalloc.h"

static const char line_tag[] = "motcua-anchor/1";

const keyfile_kind journal_anchor_keys = {
    .secret_tag = "motcua-anchor-secret/1",
    .public_tag = "motcua-anchor-public/1",
    .secret_name = "khóa bí mật ký mốc nhật ký",
    .public_name = "khóa công khai kiểm tra mốc nhật ký",
    .name_en = "journal anchor",
    .keygen = "motcua journal keygen",
    .public_use = "Dùng với: motcua journal verify --anchors THƯ_MỤC_MỐC --public TỆP_NÀY",
};

mc_err journal_keygen(const char *secret_path, const char *public_path, char id[17], mc_error *err) {
    return keyfile_generate(&journal_anchor_keys, secret_path, public_path, id, err);
}

mc_err journal_key_load(const char *path, journal_key **out, mc_error *err) {
    return keyfile_load_secret(&journal_anchor_keys, path, out, err);
}

void journal_key_free(journal_key *k) {
    keyfile_secret_free(k);
}

const char *journal_key_id(const journal_key *k) {
    return k->id;
}

mc_err journal_pubkey_load(const char *path, journal_pubkey *out, mc_error *err) {
    return keyfile_load_public(&journal_anchor_keys, path, out, err);
}

/* ---- lines ---- */

static bool hex_upper(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

static bool unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '~' || c == '-';
}

/* The chain field: @legacy, or the tenant percent-encoded. */
static void encode_chain(const journal_anchor *a, char *out, size_t n) {
    if (a->legacy) {
        snprintf(out, n, "@legacy");
        return;
    }
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)(a->chain ? a->chain : ""); *p && o + 4 < n; p++) {
        if (unreserved(*p))
            out[o++] = (char)*p;
        else
            o += (size_t)snprintf(out + o, n - o, "%%%02X", *p);
    }
    out[o] = 0;
}

static void format_time(time_t t, char out[21]) {
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool journal_anchor_format(const journal_key *k, time_t at, const journal_anchor *a, char *out, size_t n) {
    char when[21], chain[3 * JOURNAL_ANCHOR_CHAIN_MAX + 8];
    if (!a->legacy && a->chain && strlen(a->chain) > JOURNAL_ANCHOR_CHAIN_MAX) return false;
    format_time(at, when);
    encode_chain(a, chain, sizeof chain);
    int len = snprintf(out, n, "%s time=%s chain=%s last=%lld count=%lld head=%s key=%s", line_tag, when, chain,
                       (long long)a->last, (long long)a->count, a->head, k->id);
    if (len < 0 || (size_t)len + 5 + 128 + 1 > n) return false;
    unsigned char sig[crypto_sign_BYTES];
    keyfile_sign(k, out, (size_t)len, sig);
    memcpy(out + len, " sig=", 5);
    sodium_bin2hex(out + len + 5, 129, sig, sizeof sig);
    return true;
}

/* A positive decimal without sign or leading zero, at most 18 digits. */
static bool parse_count(const char *s, size_t len, int64_t *out) {
    if (len == 0 || len > 18 || s[0] == '0') return false;
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* Exactly "YYYY-MM-DDTHH:MM:SSZ", as format_time writes it. */
static bool parse_time(const char *s, size_t len, time_t *out) {
    if (len != 20) return false;
    struct tm tm = {0};
    char z = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
               &tm.tm_sec, &z) != 7 ||
        z != 'Z')
        return false;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    char again[21];
    format_time(t, again);
    if (memcmp(again, s, 20) != 0) return false;
    *out = t;
    return true;
}

/* The tenant of a chain field, which must be in the one form encode_chain writes. */
static bool parse_chain(const char *s, size_t len, journal_anchor *a, char *chain) {
    if (len == 7 && memcmp(s, "@legacy", 7) == 0) {
        a->legacy = true;
        chain[0] = 0;
        a->chain = chain;
        return true;
    }
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (o == JOURNAL_ANCHOR_CHAIN_MAX) return false;
        if (unreserved(c)) {
            chain[o++] = (char)c;
            continue;
        }
        unsigned char b;
        if (c != '%' || i + 2 >= len || !hex_upper(s[i + 1]) || !hex_upper(s[i + 2])) return false;
        sscanf(s + i + 1, "%2hhX", &b);
        if (b == 0 || unreserved(b)) return false;
        chain[o++] = (char)b;
        i += 2;
    }
    chain[o] = 0;
    a->legacy = false;
    a->chain = chain;
    return true;
}

journal_line_status journal_anchor_parse(const char *line, const journal_pubkey *keys, size_t nkeys,
                                         journal_anchor *out, char *chain, time_t *at, char key_id[17]) {
    static const char *const names[] = {"time=", "chain=", "last=", "count=", "head=", "key=", "sig="};
    if (key_id) key_id[0] = 0;
    size_t total = strlen(line);
    if (total > JOURNAL_ANCHOR_LINE_MAX) return JOURNAL_LINE_MALFORMED;
    size_t tl = strlen(line_tag);
    if (strncmp(line, line_tag, tl) != 0 || line[tl] != ' ') return JOURNAL_LINE_MALFORMED;
    const char *val[7];
    size_t vlen[7];
    const char *p = line + tl + 1, *sig_at = NULL;
    for (int i = 0; i < 7; i++) {
        size_t nl = strlen(names[i]);
        if (strncmp(p, names[i], nl) != 0) return JOURNAL_LINE_MALFORMED;
        if (i == 6) sig_at = p - 1;
        val[i] = p + nl;
        vlen[i] = strcspn(val[i], " ");
        p = val[i] + vlen[i];
        if (i < 6 && *p++ != ' ') return JOURNAL_LINE_MALFORMED;
    }
    if (*p) return JOURNAL_LINE_MALFORMED;
    memset(out, 0, sizeof *out);
    unsigned char head[32], kid[8], sig[crypto_sign_BYTES];
    if (!parse_time(val[0], vlen[0], at) || !parse_chain(val[1], vlen[1], out, chain) ||
        !parse_count(val[2], vlen[2], &out->last) || !parse_count(val[3], vlen[3], &out->count) ||
        !keyfile_hex_exact(val[4], vlen[4], head, 32) || !keyfile_hex_exact(val[5], vlen[5], kid, 8) ||
        !keyfile_hex_exact(val[6], vlen[6], sig, sizeof sig))
        return JOURNAL_LINE_MALFORMED;
    memcpy(out->head, val[4], 64);
    out->head[64] = 0;
    char id[17];
    memcpy(id, val[5], 16);
    id[16] = 0;
    if (key_id) memcpy(key_id, id, 17);
    const journal_pubkey *k = NULL;
    for (size_t i = 0; i < nkeys && !k; i++)
        if (strcmp(keys[i].id, id) == 0) k = &keys[i];
    if (!k) return JOURNAL_LINE_UNKNOWN_KEY;
    if (!keyfile_verify(k, line, (size_t)(sig_at - line), sig))
        return JOURNAL_LINE_BAD_SIGNATURE;
    return JOURNAL_LINE_OK;
}

/* ---- reading files ---- */

static void add_problem(journal_anchor_set *set, const char *file, int line, journal_line_status st, const char *kid) {
    if (set->nbad == set->badcap) {
        set->badcap = set->badcap ? 2 * set->badcap : 16;
        set->bad = xrealloc(set->bad, set->badcap * sizeof *set->bad);
    }
    journal_anchor_problem *p = &set->bad[set->nbad++];
    p->file = file;
    p->line = line;
    p->status = st;
    snprintf(p->key_id, sizeof p->key_id, "%s", kid ? kid : "");
}

static mc_err read_one(const char *path, const journal_pubkey *keys, size_t nkeys, journal_anchor_set *set,
                       mc_error *err) {
    FILE *f = fopen(path, "re");
    if (!f)
        return mc_failf(err, MC_ERR_NOT_FOUND, "anchors", "Không đọc được tệp mốc %s: %s.",
                        "Cannot read anchor file %s: %s.", path, strerror(errno));
    set->files = xrealloc(set->files, (set->nfiles + 1) * sizeof *set->files);
    const char *file = set->files[set->nfiles++] = xstrdup(path);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int no = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        no++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
        if (len == 0 || line[0] == '#') continue;
        journal_anchor a;
        char chain[JOURNAL_ANCHOR_CHAIN_MAX + 1], kid[17];
        time_t at = 0;
        journal_line_status st = (size_t)len != strlen(line)
                                     ? JOURNAL_LINE_MALFORMED /* a NUL inside */
                                     : journal_anchor_parse(line, keys, nkeys, &a, chain, &at, kid);
        if (st != JOURNAL_LINE_OK) {
            add_problem(set, file, no, st, st == JOURNAL_LINE_MALFORMED ? NULL : kid);
            continue;
        }
        if (set->n == set->cap) {
            set->cap = set->cap ? 2 * set->cap : 64;
            set->anchors = xrealloc(set->anchors, set->cap * sizeof *set->anchors);
            set->origin = xrealloc(set->origin, set->cap * sizeof *set->origin);
        }
        a.chain = xstrdup(chain);
        set->anchors[set->n] = a;
        set->origin[set->n] = (journal_anchor_origin){.file = file, .line = no, .at = at};
        memcpy(set->origin[set->n].key_id, kid, 17);
        set->n++;
    }
    free(line);
    bool bad = ferror(f);
    fclose(f);
    if (bad)
        return mc_failf(err, MC_ERR_INTERNAL, "anchors", "Lỗi khi đọc tệp mốc %s.", "Error reading anchor file %s.",
                        path);
    return MC_OK;
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

mc_err journal_anchors_read(const char *path, const journal_pubkey *keys, size_t nkeys, journal_anchor_set *set,
                            mc_error *err) {
    struct stat st;
    if (stat(path, &st) != 0)
        return mc_failf(err, MC_ERR_NOT_FOUND, "anchors", "Không có thư mục hoặc tệp mốc %s.",
                        "No anchor folder or file %s.", path);
    if (!S_ISDIR(st.st_mode)) return read_one(path, keys, nkeys, set, err);
    DIR *d = opendir(path);
    if (!d)
        return mc_failf(err, MC_ERR_NOT_FOUND, "anchors", "Không mở được thư mục mốc %s: %s.",
                        "Cannot open anchor folder %s: %s.", path, strerror(errno));
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 12 || strncmp(de->d_name, "anchors-", 8) != 0 || strcmp(de->d_name + l - 4, ".txt") != 0) continue;
        names = xrealloc(names, (n + 1) * sizeof *names);
        size_t pl = strlen(path) + l + 2;
        names[n] = xmalloc(pl);
        snprintf(names[n], pl, "%s/%s", path, de->d_name);
        n++;
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, cmp_names);
    mc_err e = MC_OK;
    for (size_t i = 0; i < n; i++) {
        if (!e) e = read_one(names[i], keys, nkeys, set, err);
        free(names[i]);
    }
    free(names);
    return e;
}

void journal_anchor_set_free(journal_anchor_set *set) {
    if (!set) return;
    for (size_t i = 0; i < set->n; i++) free((char *)set->anchors[i].chain);
    for (size_t i = 0; i < set->nfiles; i++) free(set->files[i]);
    free(set->anchors);
    free(set->origin);
    free(set->bad);
    free(set->files);
    memset(set, 0, sizeof *set);
}

/* ---- writing ---- */

typedef struct {
    journal_anchor *v;
    size_t n;
} heads;

static int head_cmp(const void *x, const void *y) {
    const journal_anchor *a = x, *b = y;
    if (a->legacy != b->legacy) return a->legacy ? -1 : 1;
    return strcmp(a->chain, b->chain);
}

static void heads_free(heads *h) {
    for (size_t i = 0; i < h->n; i++) free((char *)h->v[i].chain);
    free(h->v);
}

static void heads_add(heads *h, bool legacy, const char *chain, int64_t last, int64_t count, const char *hash) {
    h->v = xrealloc(h->v, (h->n + 1) * sizeof *h->v);
    journal_anchor *a = &h->v[h->n++];
    memset(a, 0, sizeof *a);
    a->legacy = legacy;
    a->chain = xstrdup(chain ? chain : "");
    a->last = last;
    a->count = count;
    snprintf(a->head, sizeof a->head, "%s", hash ? hash : "");
}

/* Every chain's head as the reader sees it now (one statement: one snapshot of the tenant chains;
 * the legacy chain never changes). */
static mc_err read_heads(store_conn *c, heads *h, mc_error *err) {
    int64_t until = 0;
    store_rows *r = store_query(c, Q_META_GET, SV_ARGS(SV_T("journal_chains_from")), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1 && store_text(r, 0)) until = strtoll(store_text(r, 0), NULL, 10);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (until > 0) {
        if (!(r = store_query(c, Q_JOURNAL_LEGACY_HEAD, SV_ARGS(SV_I(until)), err))) return MC_ERR_STORE;
        if ((k = store_next(r, err)) == 1) heads_add(h, true, "", store_int(r, 0), store_int(r, 2), store_text(r, 1));
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
    }
    if (!(r = store_query(c, Q_JOURNAL_HEADS, SV_NONE, err))) return MC_ERR_STORE;
    while ((k = store_next(r, err)) == 1)
        heads_add(h, false, store_text(r, 0), store_int(r, 1), store_int(r, 3), store_text(r, 2));
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (h->n) qsort(h->v, h->n, sizeof *h->v, head_cmp);
    return MC_OK;
}


mc_err journal_anchor_write(store *s, const journal_key *k, const char *dir, time_t now, unsigned char last_digest[32],
                            int *written, char *path, size_t path_n, mc_error *err) {
    *written = 0;
    heads h = {0};
    mc_err e = read_heads(store_reader(s), &h, err);
    if (e) {
        heads_free(&h);
        return e;
    }
    /* The heads without the time: the same as last time means nothing new to sign. */
    unsigned char digest[32];
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, sizeof digest);
    char line[JOURNAL_ANCHOR_LINE_MAX + 1];
    for (size_t i = 0; i < h.n; i++) {
        int len = snprintf(line, sizeof line, "%d %s %lld %lld %s", h.v[i].legacy, h.v[i].chain, (long long)h.v[i].last,
                           (long long)h.v[i].count, h.v[i].head);
        crypto_generichash_update(&st, (const unsigned char *)line, (size_t)len + 1);
    }
    crypto_generichash_final(&st, digest, sizeof digest);
    bool same = last_digest && memcmp(last_digest, digest, sizeof digest) == 0;
    if (last_digest) memcpy(last_digest, digest, sizeof digest);
    char file[4096];
    struct tm tm;
    gmtime_r(&now, &tm);
    snprintf(file, sizeof file, "%s/anchors-%04d-%02d-%02d.txt", dir, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    if (path) snprintf(path, path_n, "%s", file);
    if (same || h.n == 0) {
        heads_free(&h);
        return MC_OK;
    }
    /* Every line signed first, then one append. */
    size_t cap = h.n * (JOURNAL_ANCHOR_LINE_MAX + 1) + 512, used = 0;
    char *text = xmalloc(cap);
    for (size_t i = 0; i < h.n && !e; i++) {
        if (strlen(h.v[i].chain) > JOURNAL_ANCHOR_CHAIN_MAX ||
            !journal_anchor_format(k, now, &h.v[i], line, sizeof line))
            e = mc_failf(err, MC_ERR_INTERNAL, "anchors", "Mã chuỗi nhật ký quá dài: %s.", "Chain code too long: %s.",
                         h.v[i].chain);
        else
            used += (size_t)snprintf(text + used, cap - used, "%s\n", line);
    }
    if (!e && mkdir(dir, 0750) != 0 && errno != EEXIST)
        e = mc_failf(err, MC_ERR_INTERNAL, "anchors", "Không tạo được thư mục mốc %s: %s.",
                     "Cannot create anchor folder %s: %s.", dir, strerror(errno));
    int fd = -1;
    bool created = false;
    if (!e) {
        fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0640);
        created = fd >= 0;
        if (fd < 0 && errno == EEXIST) fd = open(file, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
            e = mc_failf(err, MC_ERR_INTERNAL, "anchors", "Không mở được tệp mốc %s: %s.",
                         "Cannot open anchor file %s: %s.", file, strerror(errno));
    }
    if (!e && created) {
        static const char intro[] =
            "# Mốc nhật ký xử lý hồ sơ motcua: mỗi dòng là đầu một chuỗi băm, ký bằng Ed25519.\n"
            "# Hãy lưu bản sao ở nơi khác (máy khác, thư, bản in). Kiểm tra:\n"
            "#   motcua journal verify --anchors THƯ_MỤC_MỐC --public KHÓA_CÔNG_KHAI\n";
        if (!fd_write_all(fd, intro, sizeof intro - 1)) e = MC_ERR_INTERNAL;
    }
    if (!e && (!fd_write_all(fd, text, used) || fsync(fd) != 0)) e = MC_ERR_INTERNAL;
    if (e == MC_ERR_INTERNAL && fd >= 0)
        mc_failf(err, MC_ERR_INTERNAL, "anchors", "Không ghi được tệp mốc %s: %s.", "Cannot write anchor file %s: %s.",
                 file, strerror(errno));
    if (fd >= 0 && close(fd) != 0 && !e)
        e = mc_failf(err, MC_ERR_INTERNAL, "anchors", "Không ghi được tệp mốc %s.", "Cannot write anchor file %s.",
                     file);
    if (!e && created) {
        /* The new file's name reaches the disk too. */
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
    }
    if (e && last_digest) memset(last_digest, 0, 32); /* try again next time */
    if (!e) *written = (int)h.n;
    free(text);
    heads_free(&h);
    return e;
}
