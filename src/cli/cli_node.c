/* cli_node.c - `motcua node keygen|add|list|revoke|rotate`: a commune node's key pair, made at the commune, and
 * the province's registry of its nodes (domain/nodes.h; docs/NODE.md). Registry changes made here are motcua's
 * own (journal actor "motcua"). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar_store.h"
#include "cli.h"
#include "fdio.h"
#include "node_auth.h"
#include "node_export.h"
#include "node_client.h"
#include "node_key.h"
#include "node_reference.h"
#include "node_verify.h"
#include "nodes.h"
#include "units.h"

static const char usage[] =
    "Cách dùng:\n"
    "  motcua node keygen --secret TỆP --public TỆP\n"
    "  motcua node exchange-keygen --secret TỆP --public TỆP\n"
    "  motcua node init --db PATH --province URL --node TỈNH/KK --key TỆP --province-key TỆP\n"
    "  motcua node call --province URL --node TỈNH/KK --key TỆP --province-key TỆP PHƯƠNG-THỨC ĐƯỜNG-DẪN\n"
    "                   [--body TỆP] [--db PATH]\n"
    "  motcua node sign --key TỆP --node TỈNH/KK --time GIÂY --counter N PHƯƠNG-THỨC ĐƯỜNG-DẪN [--body TỆP]\n"
    "  motcua node add --number KK --name \"Tên\" --units MÃ[,MÃ...] --public TỆP [--db PATH]\n"
    "  motcua node list [--province MÃ] [--db PATH]\n"
    "  motcua node revoke KK --reason \"Lý do\" [--province MÃ] [--db PATH]\n"
    "  motcua node rotate KK --public TỆP [--province MÃ] [--db PATH]\n"
    "  motcua node verify [KK] [--province MÃ] [--db PATH]\n"
    "  motcua node export --key TỆP --to TỆP [--files THƯ_MỤC] [--db PATH]\n"
    "  motcua node import TỆP [--files THƯ_MỤC] [--db PATH]\n\n"
    "keygen (tại xã): tạo cặp khóa Ed25519 của máy trạm một cửa xã: tệp bí mật quyền 600, không ghi đè tệp đã có.\n"
    "Khóa bí mật ở lại máy trạm; tệp khóa công khai gửi quản trị viên của tỉnh.\n"
    "add (tại tỉnh): đăng ký máy trạm số KK (10–99; số đã cấp không cấp lại) phục vụ các đơn vị đã kê.\n"
    "revoke: từ chối ngay mọi yêu cầu máy trạm ký; đơn vị của nó được giải phóng.\n"
    "rotate: thêm khóa mới; các khóa cũ còn hiệu lực 7 ngày.\n"
    "exchange-keygen (tại tỉnh): khóa ký trả lời máy trạm (serve --node-exchange-key); tệp công khai chép vào\n"
    "mỗi máy trạm khi cài đặt.\n"
    "init (tại xã, khi có mạng): tạo cơ sở dữ liệu của máy trạm và nhận từ tỉnh đơn vị, danh mục thủ tục, lịch,\n"
    "cán bộ của xã; ghi nhớ địa chỉ và khóa trao đổi của tỉnh.\n"
    "call: gửi một yêu cầu có chữ ký tới tỉnh, in mã trạng thái và trả lời; chỉ tin trả lời có chữ ký của tỉnh\n"
    "(số thứ tự yêu cầu giữ trong cơ sở dữ liệu --db của máy trạm).\n"
    "verify (tại tỉnh): kiểm tra chuỗi nhật ký tỉnh giữ của máy trạm (liên kết, mã băm, không thiếu thao tác) và\n"
    "đối chiếu với nhật ký của tỉnh: mỗi thao tác được ghi nhận có đúng một bản trong nhật ký tỉnh; mã thoát 3 khi\n"
    "có sai lệch (in thao tác đầu tiên sai).\n"
    "export (tại xã, khi mất kết nối lâu): ghi mọi thao tác tỉnh chưa nhận, kèm tệp đính kèm, vào một tệp có chữ\n"
    "ký của máy trạm (không ghi đè tệp đã có); mang tệp về tỉnh.\n"
    "import (tại tỉnh): kiểm tra chữ ký và ghi nhận các thao tác như khi máy trạm gửi qua mạng (đúng một lần;\n"
    "nhập lại tệp đã nhập không ghi thêm gì).\n"
    "sign: in các tiêu đề chữ ký của một yêu cầu máy trạm (để kiểm tra, chẩn đoán; docs/NODE.md).\n"
    "--province: mã tỉnh, khi cơ sở dữ liệu có nhiều tỉnh (mặc định: tỉnh duy nhất có máy trạm số đó).\n";

static void print_node(const node_info *n) {
    printf("%d\t%s\t%s\t", n->number, n->name, n->state);
    for (size_t i = 0; i < n->n_units; i++) printf("%s%s", i ? "," : "", n->units[i]);
    printf("\t");
    for (size_t i = 0; i < n->n_keys; i++) printf("%s%s", i ? "," : "", n->keys[i].key_id);
    printf("\t%s\n", n->tenant);
}

/* The province of --province, or the one unit-tree root of the database. */
static const char *province_of(store *s, const char *opt, char out[64], mc_error *err) {
    if (opt) {
        if (strlen(opt) >= 64) return NULL;
        snprintf(out, 64, "%s", opt);
        return out;
    }
    arena *a = arena_create();
    org_unit *v;
    size_t n;
    const char *t = NULL;
    if (units_list(store_reader(s), a, NULL, &v, &n, err) == MC_OK) {
        int roots = 0;
        for (size_t i = 0; i < n; i++)
            if (!v[i].parent_code && roots++ == 0) snprintf(out, 64, "%s", v[i].code);
        if (roots == 1)
            t = out;
        else
            mc_fail(err, MC_ERR_INVALID, "province", "Cơ sở dữ liệu có nhiều tỉnh (hoặc chưa có): hãy ghi --province MÃ.",
                    "Give --province.");
    }
    arena_free(a);
    return t;
}

static int node_add(int argc, char **argv) {
    const char *number = cli_opt(&argc, argv, "--number"), *name = cli_opt(&argc, argv, "--name");
    const char *units = cli_opt(&argc, argv, "--units"), *pub = cli_opt(&argc, argv, "--public");
    int open_rc;
    store *s = cli_open_exact(&argc, argv, 0, &open_rc);
    if (!s) return open_rc;
    mc_error err;
    int rc = 0;
    arena *a = arena_create();
    keyfile_public key;
    if (!number || !units || !pub) {
        fputs(usage, stderr);
        rc = 2;
        goto out;
    }
    if (keyfile_load_public(&node_key_kind, pub, &key, &err)) {
        rc = cli_fail(&err);
        goto out;
    }
    const char *codes[32];
    size_t nc = 0;
    char *list = arena_strdup(a, units);
    for (char *save = NULL, *t = strtok_r(list, ", ", &save); t; t = strtok_r(NULL, ", ", &save))
        if (nc < 32) codes[nc++] = t;
    node_new n = {.number = atoi(number), .name = name, .units = codes, .n_units = nc, .key = &key};
    node_info out;
    if (nodes_add(s, a, &n, NULL, time_now(), &out, &err)) {
        rc = cli_fail(&err);
        goto out;
    }
    printf("Đã đăng ký máy trạm số %d (%s), khóa %s.\n", out.number, out.name, key.id);
out:
    arena_free(a);
    store_close(s);
    return rc;
}

/* Opens the database of argv (at most max_positional words besides the options) and lists the nodes of its
 * province (--province) into *v, *n (arena a): 0, or the exit code after printing (*s NULL when not opened). */
static int open_nodes(int *argc, char **argv, int max_positional, store **s, arena *a, char tenant[64],
                      node_info **v, size_t *n) {
    const char *prov = cli_opt(argc, argv, "--province");
    int open_rc;
    *v = NULL;
    *n = 0;
    if (!(*s = cli_open_exact(argc, argv, max_positional, &open_rc))) return open_rc;
    mc_error err;
    if (!province_of(*s, prov, tenant, &err) || nodes_list(store_reader(*s), a, tenant, v, n, &err))
        return cli_fail(&err);
    return 0;
}

static int node_list(int argc, char **argv) {
    store *s;
    arena *a = arena_create();
    char tenant[64];
    node_info *v;
    size_t n;
    int rc = open_nodes(&argc, argv, 0, &s, a, tenant, &v, &n);
    for (size_t i = 0; !rc && i < n; i++) print_node(&v[i]);
    arena_free(a);
    if (s) store_close(s);
    return rc;
}

/* `node verify [KK]`: the province's copy of each node's chain (or of KK's) against its own chain (node_verify.h). */
static int node_verify_cmd(int argc, char **argv) {
    store *s;
    arena *a = arena_create();
    char tenant[64];
    node_info *v;
    size_t n;
    mc_error err;
    int rc = open_nodes(&argc, argv, 1, &s, a, tenant, &v, &n);
    bool bad = false; /* a node's chains disagree: exit 3 once all are told */
    int only = argc >= 2 ? atoi(argv[1]) : 0;
    if (!rc && argc == 2 && (only < NODE_NUMBER_MIN || only > NODE_NUMBER_MAX)) {
        fputs(usage, stderr);
        rc = 2;
    }
    for (size_t i = 0; !rc && i < n; i++) {
        if (only && v[i].number != only) continue;
        node_verify_report rep;
        if (node_verify(store_reader(s), tenant, v[i].number, &rep, &err)) {
            rc = cli_fail(&err);
            break;
        }
        if (rep.problem[0]) {
            printf("Máy trạm số %d: SAI LỆCH: %s\n", v[i].number, rep.problem);
            bad = true;
        } else {
            printf("Máy trạm số %d: %lld thao tác, chuỗi băm đúng; %lld được ghi nhận, mỗi thao tác đúng một lần trong "
                   "nhật ký của tỉnh; %lld xung đột; %lld thao tác khác.\n",
                   v[i].number, (long long)rep.entries, (long long)rep.applied, (long long)rep.conflicts,
                   (long long)rep.local);
        }
    }
    arena_free(a);
    if (s) store_close(s);
    return rc ? rc : bad ? 3 : 0;
}

/* The --db of argv (read again by cli_open), for the default files folder beside it. */
static const char *db_arg(int argc, char **argv) {
    for (int i = 1; i + 1 < argc; i++)
        if (!strcmp(argv[i], "--db")) return argv[i + 1];
    return NULL;
}

/* `node export --key FILE --to FILE`: the node's waiting entries, signed, for a hand carry (node_export.h). */
static int node_export_cmd(int argc, char **argv) {
    const char *keyf = cli_opt(&argc, argv, "--key"), *to = cli_opt(&argc, argv, "--to");
    const char *files = cli_opt(&argc, argv, "--files");
    char fbuf[4096];
    if (!files) files = cli_files_dir(db_arg(argc, argv), fbuf, sizeof fbuf);
    if (!keyf || !to) {
        fputs(usage, stderr);
        return 2;
    }
    int open_rc;
    store *s = cli_open_exact(&argc, argv, 0, &open_rc);
    if (!s) return open_rc;
    mc_error err;
    keyfile_secret *k = NULL;
    char *text = NULL;
    size_t n = 0;
    node_export_info info;
    int rc = 0;
    if (keyfile_load_secret(&node_key_kind, keyf, &k, &err) ||
        node_export_write(s, k, files, time_now(), &text, &n, &info, &err)) {
        rc = cli_fail(&err);
    } else {
        int fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        bool ok = fd >= 0 && fd_write_all(fd, text, n) && fsync(fd) == 0;
        if (fd >= 0) close(fd);
        if (!ok) {
            fprintf(stderr, "Lỗi: không ghi được tệp %s (tệp đã có hoặc không ghi được).\n", to);
            if (fd >= 0) unlink(to);
            rc = 1;
        } else {
            printf("Đã ghi %lld thao tác (từ thao tác số %lld) và %lld tệp đính kèm vào %s. Mang tệp về tỉnh và chạy "
                   "motcua node import %s.\n",
                   (long long)info.entries, (long long)info.from, (long long)info.files, to, to);
        }
    }
    free(text);
    keyfile_secret_free(k);
    store_close(s);
    return rc;
}

/* `node import FILE`: a node's hand-carried entries applied as a push (node_export.h). */
static int node_import_cmd(int argc, char **argv) {
    const char *files = cli_opt(&argc, argv, "--files");
    char fbuf[4096];
    if (!files) files = cli_files_dir(db_arg(argc, argv), fbuf, sizeof fbuf);
    int open_rc;
    store *s = cli_open_exact(&argc, argv, 1, &open_rc);
    if (!s) return open_rc;
    mc_error err;
    int rc = 0;
    size_t n = 0;
    char *text = NULL;
    calendar *cal = NULL;
    json_t *answer = NULL;
    int number = 0;
    node_export_info info;
    if (argc != 2) {
        fputs(usage, stderr);
        rc = 2;
    } else if (!(text = cli_read_file(argv[1], &n, &err)) || calendar_load(store_reader(s), &cal, &err) ||
               node_export_import(s, cal, files, text, n, time_now(), &answer, &number, &info, &err)) {
        rc = cli_fail(&err);
    } else {
        int applied = 0, conflicts = 0, dup = 0;
        size_t i;
        json_t *t;
        json_array_foreach(json_object_get(answer, "txns"), i, t) {
            const char *res = json_string_value(json_object_get(t, "result"));
            if (res && !strcmp(res, "conflict")) conflicts++;
            else if (res && !strcmp(res, "duplicate")) dup++;
            else applied++;
        }
        printf("Máy trạm số %d: tỉnh đã nhận đến thao tác số %lld; %d giao dịch được ghi nhận, %d xung đột (xem "
               "/can-bo/xung-dot-dong-bo), %lld tệp đính kèm.\n",
               number, (long long)json_integer_value(json_object_get(answer, "acked_seq")), applied + dup, conflicts,
               (long long)info.files);
    }
    json_decref(answer);
    if (cal) calendar_free(cal);
    free(text);
    store_close(s);
    return rc;
}

/* `node revoke KK --reason R` and `node rotate KK --public FILE`. */
static int node_change(int argc, char **argv, bool revoke) {
    const char *prov = cli_opt(&argc, argv, "--province");
    const char *reason = revoke ? cli_opt(&argc, argv, "--reason") : NULL;
    const char *pub = revoke ? NULL : cli_opt(&argc, argv, "--public");
    int open_rc;
    store *s = cli_open_exact(&argc, argv, 1, &open_rc);
    if (!s) return open_rc;
    mc_error err;
    int rc = 0;
    arena *a = arena_create();
    char tenant[64];
    node_info out;
    keyfile_public key;
    if (argc != 2 || (!revoke && !pub)) {
        fputs(usage, stderr);
        rc = 2;
    } else if (!province_of(s, prov, tenant, &err))
        rc = cli_fail(&err);
    else if (revoke ? nodes_revoke(s, a, tenant, atoi(argv[1]), reason, NULL, time_now(), &out, &err)
                    : (keyfile_load_public(&node_key_kind, pub, &key, &err) ||
                       nodes_rotate(s, a, tenant, atoi(argv[1]), &key, NULL, time_now(), &out, &err)))
        rc = cli_fail(&err);
    else if (revoke)
        printf("Đã thu hồi máy trạm số %d.\n", out.number);
    else
        printf("Đã thêm khóa %s cho máy trạm số %d; các khóa cũ còn hiệu lực 7 ngày.\n", key.id, out.number);
    arena_free(a);
    store_close(s);
    return rc;
}

/* `node sign`: the headers of a signed request, one "Name: value" per line. */
static int node_sign(int argc, char **argv) {
    const char *keyf = cli_opt(&argc, argv, "--key"), *node = cli_opt(&argc, argv, "--node");
    const char *t = cli_opt(&argc, argv, "--time"), *cnt = cli_opt(&argc, argv, "--counter");
    const char *bodyf = cli_opt(&argc, argv, "--body");
    const char *slash = node ? strchr(node, '/') : NULL;
    if (!keyf || !slash || !t || !cnt || argc != 3 || !cli_no_extra(argc, argv, 2)) {
        fputs(usage, stderr);
        return 2;
    }
    mc_error err;
    keyfile_secret *k;
    if (keyfile_load_secret(&node_key_kind, keyf, &k, &err)) return cli_fail(&err);
    size_t n = 0;
    char *body = bodyf ? cli_read_file(bodyf, &n, &err) : NULL;
    if (bodyf && !body) {
        keyfile_secret_free(k);
        return cli_fail(&err);
    }
    char bh[65], tenant[64];
    snprintf(tenant, sizeof tenant, "%.*s", (int)(slash - node), node);
    node_auth_body_hash(body ? body : "", n, bh);
    char *msg = node_auth_message(argv[1], argv[2], tenant, atoi(slash + 1), k->id, strtoll(t, NULL, 10),
                                  strtoll(cnt, NULL, 10), bh);
    unsigned char sig[64];
    keyfile_sign(k, msg, strlen(msg), sig);
    printf("X-Motcua-Node: %s\nX-Motcua-Key: %s\nX-Motcua-Time: %s\nX-Motcua-Counter: %s\nX-Motcua-Signature: ", node,
           k->id, t, cnt);
    for (int i = 0; i < 64; i++) printf("%02x", sig[i]);
    printf("\n");
    free(msg);
    free(body);
    keyfile_secret_free(k);
    return 0;
}

/* One signed GET whose answer must be 200 JSON; *out a new reference. */
static mc_err get_json(const node_client *c, const char *path, json_t **out, mc_error *err) {
    node_answer a;
    mc_err e = node_client_call(c, "GET", path, NULL, 0, NULL, &a, err);
    if (e) return e;
    json_error_t je;
    *out = a.status == 200 ? json_loadb(a.body, a.len, 0, &je) : NULL;
    if (!*out) {
        json_t *j = json_loadb(a.body, a.len, 0, &je);
        const char *m = j ? json_string_value(json_object_get(json_object_get(j, "error"), "message")) : NULL;
        e = mc_failf(err, a.status == 401 ? MC_ERR_UNAUTHORIZED : MC_ERR_INVALID, NULL, "Tỉnh trả lời %ld: %s",
                     "The province answered %ld: %s", a.status, m ? m : "không rõ lý do", a.status,
                     m ? m : "no reason");
        json_decref(j);
    }
    node_answer_free(&a);
    return e;
}

/* `node init`: a new node's database, its reference data from the province, where the province is. */
/* --province URL --node TỈNH/KK --key FILE --province-key FILE into c, the node's key loaded into *k (the
 * caller frees it); 0, or the exit code after printing. */
static int client_opts(int *argc, char **argv, node_client *c, keyfile_secret **k) {
    const char *url = cli_opt(argc, argv, "--province"), *node = cli_opt(argc, argv, "--node");
    const char *keyf = cli_opt(argc, argv, "--key"), *pkey = cli_opt(argc, argv, "--province-key");
    const char *slash = node ? strchr(node, '/') : NULL;
    *k = NULL;
    if (!url || !slash || !keyf || !pkey || slash - node >= 64) {
        fputs(usage, stderr);
        return 2;
    }
    memset(c, 0, sizeof *c);
    c->number = atoi(slash + 1);
    c->timeout_s = 60;
    snprintf(c->tenant, sizeof c->tenant, "%.*s", (int)(slash - node), node);
    mc_error err;
    if (node_client_set_url(c, url, &err) || keyfile_load_secret(&node_key_kind, keyf, k, &err) ||
        keyfile_load_public(&exchange_key_kind, pkey, &c->province, &err)) {
        keyfile_secret_free(*k);
        *k = NULL;
        return cli_fail(&err);
    }
    c->key = *k;
    return 0;
}

static int node_init(int argc, char **argv) {
    node_client c;
    keyfile_secret *k;
    int rc0 = client_opts(&argc, argv, &c, &k);
    if (rc0) return rc0;
    const char *db = cli_db_arg(&argc, argv);
    if (!cli_no_extra(argc, argv, 0) || cli_is_server(db)) {
        if (cli_is_server(db))
            fprintf(stderr, "Lỗi: máy trạm dùng cơ sở dữ liệu SQLite (một tệp), không dùng máy chủ PostgreSQL.\n");
        keyfile_secret_free(k);
        return 2;
    }
    mc_error err;
    store *s = cli_open_at(db, true, NULL);
    if (!s) {
        keyfile_secret_free(k);
        return 1;
    }
    c.st = s;
    json_t *state = NULL, *snap = NULL;
    int rc = 0;
    if (get_json(&c, "/api/v1/node/state", &state, &err) || get_json(&c, "/api/v1/node/reference", &snap, &err) ||
        node_reference_load(s, snap, &err) || node_client_save(&c, &err))
        rc = cli_fail(&err);
    else {
        size_t users = 0, procs = 0;
        json_t *t;
        size_t i;
        json_array_foreach(json_object_get(snap, "tables"), i, t) {
            const char *name = json_string_value(json_object_get(t, "name"));
            if (!strcmp(name, "users")) users = json_array_size(json_object_get(t, "rows"));
            if (!strcmp(name, "procedures")) procs = json_array_size(json_object_get(t, "rows"));
        }
        printf("Đã khởi tạo máy trạm số %d (%s) của tỉnh %s: đơn vị", c.number,
               json_string_value(json_object_get(state, "name")), c.tenant);
        json_array_foreach(json_object_get(snap, "units"), i, t) printf(" %s", json_string_value(t));
        printf("; %zu cán bộ, %zu thủ tục.\n", users, procs);
    }
    json_decref(state);
    json_decref(snap);
    keyfile_secret_free(k);
    store_close(s);
    return rc;
}

/* `node call`: one signed request to the province; prints the status, then the answer. */
static int node_call(int argc, char **argv) {
    const char *bodyf = cli_opt(&argc, argv, "--body");
    node_client c;
    keyfile_secret *k;
    int rc = client_opts(&argc, argv, &c, &k);
    if (rc) return rc;
    int open_rc;
    store *s = cli_open_exact(&argc, argv, 2, &open_rc);
    if (!s) {
        keyfile_secret_free(k);
        return open_rc;
    }
    mc_error err;
    char *body = NULL;
    size_t n = 0;
    c.st = s;
    node_answer a;
    if (argc != 3) {
        fputs(usage, stderr);
        rc = 2;
    } else if (bodyf && !(body = cli_read_file(bodyf, &n, &err)))
        rc = cli_fail(&err);
    else {
        if (node_client_call(&c, argv[1], argv[2], body, n, NULL, &a, &err))
            rc = cli_fail(&err);
        else {
            printf("%ld\n%s", a.status, a.body);
            rc = a.status < 400 ? 0 : 1;
            node_answer_free(&a);
        }
    }
    free(body);
    keyfile_secret_free(k);
    store_close(s);
    return rc;
}

int cmd_node(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (cli_help(argc, argv, usage)) return 0;
    if (strcmp(argv[1], "keygen") == 0)
        return cli_keygen(argc - 1, argv + 1, usage, &node_key_kind,
                          "Đã tạo khóa của máy trạm, mã khóa %s: khóa bí mật %s (chỉ chủ sở hữu đọc được), khóa công "
                          "khai %s.\n");
    if (strcmp(argv[1], "exchange-keygen") == 0)
        return cli_keygen(argc - 1, argv + 1, usage, &exchange_key_kind,
                          "Đã tạo khóa trao đổi của tỉnh, mã khóa %s: khóa bí mật %s (dùng với serve "
                          "--node-exchange-key), khóa công khai %s (chép vào các máy trạm).\n");
    if (strcmp(argv[1], "sign") == 0) return node_sign(argc - 1, argv + 1);
    if (strcmp(argv[1], "call") == 0) return node_call(argc - 1, argv + 1);
    if (strcmp(argv[1], "init") == 0) return node_init(argc - 1, argv + 1);
    if (strcmp(argv[1], "add") == 0) return node_add(argc - 1, argv + 1);
    if (strcmp(argv[1], "list") == 0) return node_list(argc - 1, argv + 1);
    if (strcmp(argv[1], "revoke") == 0) return node_change(argc - 1, argv + 1, true);
    if (strcmp(argv[1], "rotate") == 0) return node_change(argc - 1, argv + 1, false);
    if (strcmp(argv[1], "verify") == 0) return node_verify_cmd(argc - 1, argv + 1);
    if (strcmp(argv[1], "export") == 0) return node_export_cmd(argc - 1, argv + 1);
    if (strcmp(argv[1], "import") == 0) return node_import_cmd(argc - 1, argv + 1);
    fprintf(stderr, "Lỗi: lệnh con không hợp lệ \"%s\".\n%s", argv[1], usage);
    return 2;
}
