/* cli_common.c - option parsing and helpers shared by the subcommands. */
#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog.h"
#include "cli.h"

#include "keyfile.h"
#include "log.h"
#include "inbox.h"
#include "index766_months.h"
#include "stats_months.h"
#include "journal.h"
#include "users.h"
#include "xalloc.h"

static void drop(int *argc, char **argv, int i, int n) {
    for (int k = i; k + n <= *argc; k++) argv[k] = argv[k + n];
    *argc -= n;
}

const char *cli_opt(int *argc, char **argv, const char *name) {
    size_t n = strlen(name);
    for (int i = 1; i < *argc; i++) {
        if (strncmp(argv[i], name, n) != 0) continue;
        if (argv[i][n] == '=') {
            const char *v = argv[i] + n + 1;
            drop(argc, argv, i, 1);
            return v;
        }
        if (argv[i][n] == 0 && i + 1 < *argc) {
            const char *v = argv[i + 1];
            drop(argc, argv, i, 2);
            return v;
        }
    }
    return NULL;
}

bool cli_flag(int *argc, char **argv, const char *name) {
    for (int i = 1; i < *argc; i++)
        if (strcmp(argv[i], name) == 0) {
            drop(argc, argv, i, 1);
            return true;
        }
    return false;
}

bool cli_help(int argc, char **argv, const char *usage) {
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return true;
        }
    return false;
}

int cli_fail(const mc_error *e) {
    fprintf(stderr, "Lỗi: %s\n", e->message);
    if (strcmp(e->message, e->message_en) != 0) fprintf(stderr, "(%s)\n", e->message_en);
    return e->code == MC_ERR_INVALID ? 2 : 1;
}

bool cli_verb(int *argc, char ***argv, const char *verb, const char *usage, int *rc) {
    if (cli_help(*argc, *argv, usage)) {
        *rc = 0;
        return false;
    }
    if (*argc < 2 || strcmp((*argv)[1], verb) != 0) {
        fputs(usage, stderr);
        *rc = 2;
        return false;
    }
    (*argc)--;
    (*argv)++;
    return true;
}

bool cli_no_extra(int argc, char **argv, int max_positional) {
    int pos = 0;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1] == '-') {
            fprintf(stderr, "Lỗi: tùy chọn không hợp lệ %s (xem --help).\n", argv[i]);
            return false;
        }
        pos++;
    }
    if (pos > max_positional) {
        fprintf(stderr, "Lỗi: thừa tham số \"%s\" (xem --help).\n", argv[argc - 1]);
        return false;
    }
    return true;
}

/* Creates the parent folder of a database file if missing. */
static void make_parent(const char *path) {
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = 0;
        mkdir(dir, 0750);
    }
    free(dir);
}

const char *cli_db_arg(int *argc, char **argv) {
    const char *db = cli_opt(argc, argv, "--db");
    if (!db) db = cli_setting("db"); /* $MOTCUA_DB, else the settings file */
    if (!db) db = "var/motcua.db";
    return db;
}

bool cli_is_server(const char *db) {
    return !strncmp(db, "postgresql://", 13) || !strncmp(db, "postgres://", 11);
}

bool cli_pwhash(int *argc, char **argv) {
    const char *ph = cli_opt(argc, argv, "--pwhash");
    if (!ph) ph = cli_setting("pwhash"); /* $MOTCUA_PWHASH, else the settings file */
    if (ph) {
        pwhash_profile p;
        if (!users_parse_pwhash(ph, &p)) {
            fprintf(stderr, "Lỗi: --pwhash phải là interactive, moderate hoặc test.\n");
            return false;
        }
        users_set_pwhash(p);
    }
    return true;
}

store *cli_open_at(const char *db, bool create, const store_options *opt) {
    struct stat sb;
    bool server = cli_is_server(db); /* a database server */
    if (!server && !create && stat(db, &sb) != 0) {
        fprintf(stderr, "Lỗi: chưa có cơ sở dữ liệu %s. Hãy tạo bằng: motcua init --db %s [--demo]\n", db, db);
        return NULL;
    }
    if (!server && create) make_parent(db);
    store *s;
    mc_error err;
    if (store_open(db, opt, &s, &err) != MC_OK) {
        cli_fail(&err);
        return NULL;
    }
    /* New journal entries are hashed with the unambiguous encoding from here on (once per database); a
     * store opened only to look at it (no migrations, perhaps no schema yet) is left as it is. */
    bool whole = !opt || (opt->migrate && !opt->migrate_upto); /* the schema of this binary */
    if (whole && journal_prepare(s, &err) != MC_OK) {
        cli_fail(&err);
        store_close(s);
        return NULL;
    }
    /* The catalog's search columns follow this binary's text folding (text.h). */
    int64_t refolded = 0;
    if (whole && catalog_refold(s, &refolded, &err) != MC_OK) {
        cli_fail(&err);
        store_close(s);
        return NULL;
    }
    if (refolded) log_info("catalog: search columns of %lld procedure versions folded again", (long long)refolded);
    /* Report II.06a's monthly sums exist (built once from the dossiers of a database older than them). */
    if (whole && stats_months_rebuild(s, false, &refolded, &err) != MC_OK) {
        cli_fail(&err);
        store_close(s);
        return NULL;
    }
    if (refolded) log_info("statistics: monthly sums built from %lld dossiers", (long long)refolded);
    if (whole && index766_months_rebuild(s, false, &refolded, &err) != MC_OK) {
        cli_fail(&err);
        store_close(s);
        return NULL;
    }
    if (refolded) log_info("index 766: monthly sums built from %lld dossiers", (long long)refolded);
    if (whole && inbox_rebuild(s, false, &refolded, &err) != MC_OK) {
        cli_fail(&err);
        store_close(s);
        return NULL;
    }
    if (refolded) log_info("inbox: index built from %lld open dossiers", (long long)refolded);
    return s;
}

store *cli_open(int *argc, char **argv, bool create) {
    const char *db = cli_db_arg(argc, argv);
    if (!cli_pwhash(argc, argv)) return NULL;
    return cli_open_at(db, create, NULL);
}

store *cli_open_exact(int *argc, char **argv, int max_positional, int *rc) {
    store *s = cli_open(argc, argv, false);
    *rc = 1;
    if (s && !cli_no_extra(*argc, argv, max_positional)) {
        store_close(s);
        *rc = 2;
        return NULL;
    }
    return s;
}

char *cli_read_file(const char *path, size_t *len, mc_error *err) {
    FILE *f = fopen(path, "rb");
    struct stat sb;
    if (f && (fstat(fileno(f), &sb) != 0 || S_ISDIR(sb.st_mode))) {
        fclose(f);
        f = NULL;
        errno = EISDIR;
    }
    if (!f) {
        int e = errno;
        if (e == ENOENT)
            mc_failf(err, MC_ERR_NOT_FOUND, "file", "Không tìm thấy tệp %s.", "File %s not found.", path);
        else
            mc_failf(err, MC_ERR_NOT_FOUND, "file", "Không đọc được tệp %s (%s).", "Cannot read %s: %s.", path,
                     strerror(e));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *data = xmalloc(cap + 1);
    size_t k;
    while ((k = fread(data + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            cap *= 2;
            data = xrealloc(data, cap + 1);
        }
    }
    fclose(f);
    data[n] = 0;
    *len = n;
    return data;
}

const char *cli_files_dir(const char *db, char *buf, size_t n) {
    if (!db) db = cli_setting("db") ? cli_setting("db") : "var/motcua.db";
    if (!strncmp(db, "postgresql://", 13) || !strncmp(db, "postgres://", 11))
        db = "var/motcua.db"; /* no folder in a URI */
    const char *slash = strrchr(db, '/');
    snprintf(buf, n, "%.*s%sfiles", slash ? (int)(slash - db) : 0, db, slash ? "/" : "");
    return buf;
}

char **cli_json_files(const char *path, size_t *n) {
    struct stat sb;
    *n = 0;
    if (stat(path, &sb) != 0) return NULL;
    char **v = NULL;
    if (!S_ISDIR(sb.st_mode)) {
        v = malloc(sizeof *v);
        v[0] = strdup(path);
        *n = 1;
        return v;
    }
    struct dirent **list;
    int k = scandir(path, &list, NULL, alphasort);
    if (k < 0) return NULL;
    v = malloc((size_t)(k + 1) * sizeof *v);
    for (int i = 0; i < k; i++) {
        size_t l = strlen(list[i]->d_name);
        if (l > 5 && !strcmp(list[i]->d_name + l - 5, ".json")) {
            size_t m = strlen(path) + l + 2;
            v[*n] = malloc(m);
            snprintf(v[(*n)++], m, "%s/%s", path, list[i]->d_name);
        }
        free(list[i]);
    }
    free(list);
    return v;
}

mc_err cli_import_files(store *s, const char *path, size_t max_bytes, cli_file_loader fn, void *ctx, mc_error *err) {
    size_t n = 0;
    char **files = cli_json_files(path, &n);
    if (!files) return mc_failf(err, MC_ERR_INVALID, "file", "Không đọc được %s.", "Cannot read %s.", path, path);
    arena *a = arena_create();
    store_conn *w = store_begin(s, err);
    mc_err e = w ? MC_OK : MC_ERR_STORE;
    for (size_t i = 0; i < n; i++) {
        if (!e) {
            size_t len;
            char *text = cli_read_file(files[i], &len, err);
            if (!text)
                e = err->code;
            else if (len > max_bytes)
                e = mc_failf(err, MC_ERR_TOO_LARGE, "file", "%s: tệp quá %zu byte.", "%s: over %zu bytes.", files[i],
                             max_bytes, files[i], max_bytes);
            else if ((e = fn(w, a, files[i], text, len, ctx, err)) &&
                     strncmp(err->message, files[i], strlen(files[i]))) {
                mc_error why = *err; /* the file named before the reason */
                mc_failf(err, e, why.field, "%s: %s", "%s: %s", files[i], why.message, files[i], why.message_en);
            }
            free(text);
        }
        free(files[i]);
    }
    free(files);
    arena_free(a);
    if (!w) return e;
    return store_finish(w, e, err);
}

int cli_keygen(int argc, char **argv, const char *usage, const keyfile_kind *kind, const char *done) {
    const char *secret = cli_opt(&argc, argv, "--secret"), *pub = cli_opt(&argc, argv, "--public");
    if (!secret || !pub || !cli_no_extra(argc, argv, 0)) {
        fputs(usage, stderr);
        return 2;
    }
    char id[17];
    mc_error err;
    if (keyfile_generate(kind, secret, pub, id, &err)) return cli_fail(&err);
    printf(done, id, secret, pub);
    return 0;
}
