/* cli.h - the `motcua` command line: one entry per subcommand, shared option
 * parsing and messages. Every subcommand takes --db PATH (default
 * var/motcua.db, or $MOTCUA_DB) and --help. */
#ifndef MC_CLI_H
#define MC_CLI_H

#include <jansson.h>
#include <stdbool.h>

#include "err.h"
#include "arena.h"
#include "store.h"
#include "channels.h"
#include "outbox.h"

/** A subcommand: argv[0] is its own name. Returns the process exit code. */
typedef int (*cli_fn)(int argc, char **argv);

/** Options every subcommand shares. */
typedef struct {
    const char *db;
} cli_common;

/** Finds "--name VALUE" or "--name=VALUE" in argv, removing it; NULL if absent. */
const char *cli_opt(int *argc, char **argv, const char *name);
/** Finds a bare "--flag", removing it. */
bool cli_flag(int *argc, char **argv, const char *name);
/** True when argv holds --help or -h (and prints `usage`). */
bool cli_help(int argc, char **argv, const char *usage);
/** For `motcua NAME VERB …` with a single verb: handles --help (*rc = 0),
 * refuses another verb (usage on stderr, *rc = 2) and shifts argv so that
 * argv[0] is the verb. Returns false when the caller should return *rc. */
bool cli_verb(int *argc, char ***argv, const char *verb, const char *usage, int *rc);
/** Reads --db (and --pwhash) and opens the store, migrating; prints errors. */
store *cli_open(int *argc, char **argv, bool create);
/** cli_open of an existing database for a command that takes at most max_positional words besides its
 *  options: NULL after printing, with *rc the exit code (1: the store did not open, 2: a word too many). */
store *cli_open_exact(int *argc, char **argv, int max_positional, int *rc);
/** The database named by --db (removed from argv), $MOTCUA_DB or var/motcua.db. */
const char *cli_db_arg(int *argc, char **argv);
/** True for a postgresql:// (or postgres://) URI: a database server, no file. */
bool cli_is_server(const char *db);
/** Reads --pwhash (removed from argv) or $MOTCUA_PWHASH and applies it; false after
 *  printing when it names no profile. */
bool cli_pwhash(int *argc, char **argv);
/** Opens the store at db (opt NULL: defaults, migrating); a SQLite file must exist unless
 *  create (then its parent folder is made). Prints errors; NULL on failure. */
store *cli_open_at(const char *db, bool create, const store_options *opt);
/** Prints an error in Vietnamese (and English) to stderr; returns exit code 1 (2 for usage). */
int cli_fail(const mc_error *e);
struct keyfile_kind_s;
/** `... keygen --secret FILE --public FILE`: makes a key pair of `kind` (keyfile.h) and prints `done` (a format
 *  taking the key id, the secret file and the public file); usage on stderr and 2 when an option is missing. */
int cli_keygen(int argc, char **argv, const char *usage, const struct keyfile_kind_s *kind, const char *done);
/** Rejects leftover options; returns false (after printing) if any. */
bool cli_no_extra(int argc, char **argv, int max_positional);
/** Reads a whole file; NULL and err on failure (MC_ERR_NOT_FOUND: "không tìm thấy tệp"
 *  for a missing file, else the system's reason). *len gets its size. Caller frees. */
char *cli_read_file(const char *path, size_t *len, mc_error *err);
/** Reads a JSON file (duplicate keys refused): a missing or unreadable file as
 *  cli_read_file says, bad JSON as MC_ERR_INVALID with its line and column. Caller decrefs. */
json_t *cli_load_json(const char *path, mc_error *err);
/** The .json files of a folder in name order (malloc'd array of malloc'd paths, *n of them), or the path
 *  itself when it is a file; NULL when it cannot be read. The caller frees each and the array. */
char **cli_json_files(const char *path, size_t *n);
/** Loads one file of an import inside the import's write transaction w: its path, its text (len bytes). */
typedef mc_err (*cli_file_loader)(store_conn *w, arena *a, const char *path, const char *text, size_t len, void *ctx,
                                  mc_error *err);
/** Hands every .json file of path (or the file itself) in name order to fn, in one write transaction: all or
 *  nothing; a file over max_bytes is refused (413); a refusal names the file before its reason. */
mc_err cli_import_files(store *s, const char *path, size_t max_bytes, cli_file_loader fn, void *ctx, mc_error *err);

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_units(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_journal(int argc, char **argv);
/** `motcua node keygen`: a commune node's key pair (docs/NODE.md). */
int cmd_node(int argc, char **argv);
int cmd_jobs(int argc, char **argv);
int cmd_payments(int argc, char **argv);
int cmd_migrate_store(int argc, char **argv);
/** `motcua ratings import FILE|DIR`: rating question sets (cli_ratings.c). */
int cmd_ratings(int argc, char **argv);
/** `motcua parindex import FILE|DIR`: PAR INDEX criteria sets (cli_parindex.c). */
int cmd_parindex(int argc, char **argv);

/** Loads units JSON (motcua-units/1) in one transaction. */
mc_err cli_import_units(store *s, const char *path, int *count, mc_error *err);
/** Loads steering documents and their tasks (format motcua-tasks/1, cli_tasks.c) as motcua itself;
 *  *ndocs and *ntasks get the counts (tasks as listed, occurrences not counted). */
mc_err cli_import_tasks(store *s, const char *path, int *ndocs, int *ntasks, mc_error *err);
/** Loads a catalog JSON file; prints problems to stderr. */
mc_err cli_import_catalog(store *s, const char *path, bool quiet, mc_error *err);
/** Loads a holidays CSV in one transaction. */
mc_err cli_import_calendar(store *s, const char *path, int *count, mc_error *err);
/** Loads the rating question sets of a file or of the .json files of a folder, all or nothing; *count gets how many. */
mc_err cli_import_ratings(store *s, const char *path, int *count, mc_error *err);
/** Loads the PAR INDEX criteria sets of a file or folder in one transaction (all or none); *count
 *  gets those newly loaded. */
mc_err cli_import_parindex(store *s, const char *path, int *count, mc_error *err);

/** Loads a register of legal normative documents (motcua-legal-docs/1: keepers, docs, changes, reviews)
 *  in one transaction, unjournaled as init loads are (cli_legal_docs.c); *count gets the documents. */
mc_err cli_import_legal_docs(store *s, const char *path, int *count, mc_error *err);

/** `motcua parindex national-import FILE|DIR [--replace]`: the provinces' national PAR INDEX and SIPAS
 *  results (cli_par_national.c); reached through `motcua parindex`. */
int cmd_parindex_national(int argc, char **argv);
/** Loads the national results of a file or folder in one transaction (all or none); counts[PARN_SAME,
 *  PARN_ADDED, PARN_REPLACED] get how many years were already there, added, replaced (replace: other
 *  content for a year and index loaded replaces it; else it is refused). */
mc_err cli_import_par_national(store *s, const char *path, bool replace, int counts[3], mc_error *err);

/** Where attachments live by default: beside the database (db NULL: $MOTCUA_DB
 *  or var/motcua.db), in "files". Written into buf. */
const char *cli_files_dir(const char *db, char *buf, size_t n);

/** The options of the outbox's channels and worker, shared by `motcua serve` and `motcua outbox run`. */
#define CLI_CHANNEL_USAGE                                                                                                             \
    "  --smtp URL           máy chủ thư: smtp://máy:cổng (tự dùng STARTTLS khi máy chủ hỗ trợ) hoặc smtps://…\n" \
    "  --smtp-user TÊN      tên đăng nhập máy chủ thư (không có: không đăng nhập)\n"                                 \
    "  --smtp-password-file TỆP  tệp chứa mật khẩu máy chủ thư\n"                                                       \
    "  --mail-from ĐỊA_CHỈ  địa chỉ người gửi thư\n"                                                                  \
    "  --sms-gateway URL    cổng gửi tin nhắn SMS (HTTP)\n"                                                                     \
    "  --sms-token-file TỆP tệp chứa mã truy cập cổng SMS\n"                                                               \
    "  --portal URL         địa chỉ trao đổi dữ liệu với Cổng Dịch vụ công quốc gia\n"                         \
    "  --portal-key-file TỆP tệp chứa khóa truy cập Cổng DVCQG\n"                                                          \
    "  --send-timeout SEC   thời gian chờ tối đa một lần gửi (mặc định 20)\n"                                       \
    "  --outbox-lease SEC   một tin đang gửi được giữ chừng ấy giây (mặc định 60)\n"                             \
    "  --outbox-retry SEC   gửi lại sau chừng ấy giây, gấp đôi mỗi lần (mặc định 30)\n"                         \
    "  --outbox-retry-max SEC  khoảng chờ dài nhất giữa hai lần gửi (mặc định 3600)\n"                              \
    "  --outbox-poll-ms MS  chu kỳ tìm tin đến hạn gửi (mặc định 1000)\n"                                              \
    "  --notify-templates THƯ_MỤC  mẫu thông báo templates-v*.json (mặc định $MOTCUA_DATA/notify hoặc data/notify)\n"
/** Reads the channels' and the outbox worker's options from argv (removing them) into *c and *oc (defaults
 *  for what is absent). False after printing when one is malformed. */
bool cli_channel_opts(int *argc, char **argv, net_config *c, outbox_config *oc);
/** `motcua outbox run|list`. */
int cmd_outbox(int argc, char **argv);
/** cli_import_catalog of a parsed motcua-catalog/1 document (borrowed), as from a file. */
mc_err cli_import_catalog_doc(store *s, json_t *doc, bool quiet, mc_error *err);
/** `motcua portal pull-catalog`: the procedures the national portal changed since the last pull. */
int cmd_portal(int argc, char **argv);
/* Operations (issue 18). */
/** `motcua backup --to FILE`: a checked online copy of the database (cli_backup.c). */
int cmd_backup(int argc, char **argv);
/** `motcua restore --from FILE --db PATH [--force]`: refuses a copy whose journal does not verify (cli_backup.c). */
int cmd_restore(int argc, char **argv);
/** `motcua doctor`: checks configuration, disk, store, journal, fonts, clock (cli_doctor.c). */
int cmd_doctor(int argc, char **argv);

/** The settings file read when neither --config nor $MOTCUA_CONFIG names one (if it exists). */
#define CLI_CONFIG_DEFAULT "/etc/motcua/motcua.conf"
/** `motcua serve --help`: its lines "  --name WORD" are the settings a config file may hold (cli_serve.c). */
extern const char cli_serve_usage[];
/** Reads the settings file (--config FILE, removed from argv; else $MOTCUA_CONFIG; else CLI_CONFIG_DEFAULT if it
 *  exists) and, for serve, inserts every setting not on the command line as words before the command line's
 *  own, from MOTCUA_<NAME> or else the file (cli_config.c). *argvp may be replaced by an array that lives as long
 *  as the process. A malformed file is printed with its line (Vietnamese) and false returned, except for
 *  `doctor`, which reports it itself (cli_config_error). */
bool cli_config_apply(int *argc, char ***argvp);
/** A setting's value from MOTCUA_<NAME> or else the settings file (name as in the file: "db"); NULL if neither. */
const char *cli_setting(const char *name);
/** The settings file read, or NULL when none. */
const char *cli_config_file(void);
/** Why the settings file was refused (Vietnamese, with file and line), or NULL. */
const char *cli_config_error(void);

#endif
