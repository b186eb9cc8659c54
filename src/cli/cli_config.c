/* cli_config.c - the settings file and the environment (docs/OPERATIONS.md#configuration).
 *
 * One file of `name = value` lines (`#` starts a comment line); the names are the long options of
 * `motcua serve` without their dashes, read from serve's own usage text, so an option added to serve
 * (and to its --help) is a setting at once. For serve every setting becomes command-line words
 * inserted before the command line's own; for the other commands `db` and `pwhash` apply (through
 * cli_db_arg and cli_pwhash). Order of precedence: the command line, then MOTCUA_<NAME> (upper case,
 * '-' as '_'), then the file, then the built-in default. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "xalloc.h"

/* A known option of serve: its name without dashes and whether it takes a value. */
typedef struct {
    char name[40];
    bool value;
} known_opt;

#define MAX_OPTS 96
static known_opt known[MAX_OPTS];
static int nknown;
/* serve's command line with the settings inserted, and the words "--name" it holds. */
static char **config_argv;
static char flags[MAX_OPTS][sizeof known[0].name + 2];

/* The file's settings. */
typedef struct {
    char *name, *value;
    int line;
} setting;
static setting *settings;
static int nsettings;
static char config_file[4096];
static char config_error[4800];

/* Reads serve's options from its usage text: a line "  --name WORD" (WORD in capitals) takes a value,
 * "  --name   text" is a flag. */
static void load_known(void) {
    if (nknown) return;
    for (const char *p = cli_serve_usage; (p = strstr(p, "\n  --")) != NULL && nknown < MAX_OPTS;) {
        p += 5;
        size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-");
        if (n == 0 || n >= sizeof known[0].name) continue;
        memcpy(known[nknown].name, p, n);
        known[nknown].name[n] = 0;
        known[nknown].value = p[n] == ' ' && isupper((unsigned char)p[n + 1]);
        nknown++;
    }
}

static const known_opt *find_known(const char *name) {
    for (int i = 0; i < nknown; i++)
        if (strcmp(known[i].name, name) == 0) return &known[i];
    return NULL;
}

static char *trim(char *s) {
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = 0;
    return s;
}

/* Records the first problem of the file (Vietnamese, with the file and line). */
static bool config_fail(int line, const char *fmt, const char *a, const char *b) {
    char what[512];
    snprintf(what, sizeof what, fmt, a, b);
    if (line)
        snprintf(config_error, sizeof config_error, "tệp cấu hình %.4000s, dòng %d: %s", config_file, line, what);
    else
        snprintf(config_error, sizeof config_error, "tệp cấu hình %.4000s: %s", config_file, what);
    return false;
}

static bool parse_bool(const char *v, bool *out) {
    static const char *const yes[] = {"true", "yes", "on", "1"}, *const no[] = {"false", "no", "off", "0"};
    for (int i = 0; i < 4; i++) {
        if (strcmp(v, yes[i]) == 0) return *out = true, true;
        if (strcmp(v, no[i]) == 0) return *out = false, true;
    }
    return false;
}

static bool parse_file(const char *path) {
    snprintf(config_file, sizeof config_file, "%s", path);
    FILE *f = fopen(path, "r");
    if (!f) return config_fail(0, "không đọc được (%s)", strerror(errno), "");
    char line[8192];
    int no = 0;
    bool ok = true;
    while (ok && fgets(line, sizeof line, f)) {
        no++;
        if (!strchr(line, '\n') && !feof(f)) {
            ok = config_fail(no, "dòng dài quá %s byte", "8191", "");
            break;
        }
        char *s = trim(line);
        if (*s == 0 || *s == '#') continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            ok = config_fail(no, "thiếu dấu \"=\" (dạng đúng: tên = giá trị): \"%.200s\"", s, "");
            break;
        }
        *eq = 0;
        char *name = trim(s), *value = trim(eq + 1);
        size_t vn = strlen(value);
        if (vn >= 2 && value[0] == '"' && value[vn - 1] == '"') value[vn - 1] = 0, value++;
        if (*name == 0 || *name == '-' || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(name)) {
            ok =
                config_fail(no, "tên thiết lập \"%.100s\" không hợp lệ (chữ thường, số, dấu -, không có --)", name, "");
            break;
        }
        const known_opt *k = find_known(name);
        if (!k) {
            ok = config_fail(no,
                             "không có thiết lập \"%.100s\" (tên là các tùy chọn dài của motcua serve, bỏ --; xem "
                             "motcua serve --help)",
                             name, "");
            break;
        }
        bool b;
        if (!k->value && !parse_bool(value, &b)) {
            ok = config_fail(no, "\"%.100s\" nhận true hoặc false, không phải \"%.100s\"", name, value);
            break;
        }
        for (int i = 0; i < nsettings; i++)
            if (strcmp(settings[i].name, name) == 0) {
                char first[16];
                snprintf(first, sizeof first, "%d", settings[i].line);
                ok = config_fail(no, "\"%.100s\" đã đặt ở dòng %s", name, first);
            }
        if (!ok) break;
        settings = xrealloc(settings, (size_t)(nsettings + 1) * sizeof *settings);
        settings[nsettings++] = (setting){xstrdup(name), xstrdup(value), no};
    }
    fclose(f);
    return ok;
}

/* MOTCUA_<NAME> of an option. */
static const char *env_of(const char *name) {
    char var[64] = "MOTCUA_";
    size_t n = 7;
    for (const char *p = name; *p && n + 1 < sizeof var; p++) var[n++] = *p == '-' ? '_' : (char)toupper(*p);
    var[n] = 0;
    return getenv(var);
}

static const char *file_value(const char *name) {
    for (int i = 0; i < nsettings; i++)
        if (strcmp(settings[i].name, name) == 0) return settings[i].value;
    return NULL;
}

const char *cli_setting(const char *name) {
    const char *e = env_of(name);
    return e ? e : file_value(name);
}

const char *cli_config_file(void) {
    return *config_file ? config_file : NULL;
}

const char *cli_config_error(void) {
    return *config_error ? config_error : NULL;
}

/* Whether the command line names --name (as "--name", "--name VALUE" or "--name=VALUE"). */
static bool on_command_line(int argc, char **argv, const char *name) {
    size_t n = strlen(name);
    for (int i = 1; i < argc; i++)
        if (argv[i][0] == '-' && argv[i][1] == '-' && strncmp(argv[i] + 2, name, n) == 0 &&
            (argv[i][2 + n] == 0 || argv[i][2 + n] == '='))
            return true;
    return false;
}

bool cli_config_apply(int *argc, char ***argvp) {
    char **argv = *argvp;
    load_known();
    /* --config FILE, wherever it is on the line, is the file's own option: taken out. */
    const char *path = NULL;
    int n = *argc;
    for (int i = 1; i < n; i++) {
        if (strcmp(argv[i], "--config") == 0 && i + 1 < n) {
            path = argv[i + 1];
            memmove(&argv[i], &argv[i + 2], (size_t)(n - i - 2 + 1) * sizeof *argv);
            n -= 2;
            break;
        }
        if (strncmp(argv[i], "--config=", 9) == 0) {
            path = argv[i] + 9;
            memmove(&argv[i], &argv[i + 1], (size_t)(n - i - 1 + 1) * sizeof *argv);
            n -= 1;
            break;
        }
    }
    *argc = n;
    if (!path && getenv("MOTCUA_CONFIG") && *getenv("MOTCUA_CONFIG")) path = getenv("MOTCUA_CONFIG");
    if (!path && access(CLI_CONFIG_DEFAULT, F_OK) == 0) path = CLI_CONFIG_DEFAULT;
    bool doctor = n >= 2 && strcmp(argv[1], "doctor") == 0; /* reports a bad file itself */
    if (path && !parse_file(path) && !doctor) {
        fprintf(stderr, "Lỗi: %s.\n", config_error);
        return false;
    }
    if (n < 2 || strcmp(argv[1], "serve") != 0) return true;
    /* serve: the settings (environment over file) as words before the command line's own. */
    char **out = xcalloc((size_t)n + 2 * (size_t)nknown + 1, sizeof *out);
    int m = 0;
    out[m++] = argv[0];
    out[m++] = argv[1];
    for (int i = 0; i < nknown; i++) {
        const known_opt *k = &known[i];
        if (on_command_line(n - 1, argv + 1, k->name)) continue;
        const char *v = env_of(k->name);
        if (!v) v = file_value(k->name);
        if (!v) continue;
        char *flag = flags[i]; /* static: the options' parsers drop words from argv */
        snprintf(flag, sizeof flags[i], "--%s", k->name);
        if (k->value) {
            out[m++] = flag;
            out[m++] = (char *)v;
            continue;
        }
        bool b;
        if (!parse_bool(v, &b)) {
            fprintf(stderr, "Lỗi: biến môi trường của \"%s\" nhận true hoặc false, không phải \"%s\".\n", k->name, v);
            free(out);
            return false;
        }
        if (b) out[m++] = flag;
    }
    for (int i = 2; i < n; i++) out[m++] = argv[i];
    out[m] = NULL;
    *argc = m;
    *argvp = config_argv = out; /* lives as long as the process */
    return true;
}
