/* cli_node.c - `motcua node keygen|add|list|revoke|rotate`: a commune node's key pair, made at the commune, and
 * the province's registry of its nodes (domain/nodes.h; docs/NODE.md). Registry changes made here are motcua's
 * own (journal actor "motcua"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "node_key.h"
#include "nodes.h"
#include "units.h"

static const char usage[] =
    "Cách dùng:\n"
    "  motcua node keygen --secret TỆP --public TỆP\n"
    "  motcua node add --number KK --name \"Tên\" --units MÃ[,MÃ...] --public TỆP [--db PATH]\n"
    "  motcua node list [--province MÃ] [--db PATH]\n"
    "  motcua node revoke KK --reason \"Lý do\" [--province MÃ] [--db PATH]\n"
    "  motcua node rotate KK --public TỆP [--province MÃ] [--db PATH]\n\n"
    "keygen (tại xã): tạo cặp khóa Ed25519 của máy trạm một cửa xã: tệp bí mật quyền 600, không ghi đè tệp đã có.\n"
    "Khóa bí mật ở lại máy trạm; tệp khóa công khai gửi quản trị viên của tỉnh.\n"
    "add (tại tỉnh): đăng ký máy trạm số KK (10–99; số đã cấp không cấp lại) phục vụ các đơn vị đã kê.\n"
    "revoke: từ chối ngay mọi yêu cầu máy trạm ký; đơn vị của nó được giải phóng.\n"
    "rotate: thêm khóa mới; các khóa cũ còn hiệu lực 7 ngày.\n"
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

static int node_list(int argc, char **argv) {
    const char *prov = cli_opt(&argc, argv, "--province");
    int open_rc;
    store *s = cli_open_exact(&argc, argv, 0, &open_rc);
    if (!s) return open_rc;
    mc_error err;
    int rc = 0;
    arena *a = arena_create();
    char tenant[64];
    node_info *v;
    size_t n;
    if (!province_of(s, prov, tenant, &err) || nodes_list(store_reader(s), a, tenant, &v, &n, &err))
        rc = cli_fail(&err);
    else
        for (size_t i = 0; i < n; i++) print_node(&v[i]);
    arena_free(a);
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
    if (strcmp(argv[1], "add") == 0) return node_add(argc - 1, argv + 1);
    if (strcmp(argv[1], "list") == 0) return node_list(argc - 1, argv + 1);
    if (strcmp(argv[1], "revoke") == 0) return node_change(argc - 1, argv + 1, true);
    if (strcmp(argv[1], "rotate") == 0) return node_change(argc - 1, argv + 1, false);
    fprintf(stderr, "Lỗi: lệnh con không hợp lệ \"%s\".\n%s", argv[1], usage);
    return 2;
}
