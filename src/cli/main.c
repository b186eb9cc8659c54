/* main.c - `motcua`: the one binary. Dispatches to a subcommand. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "node_outq.h"

static const struct {
    const char *name;
    cli_fn fn;
    const char *help;
} commands[] = {
    {"serve", cmd_serve, "chạy máy chủ API"},
    {"init", cmd_init, "tạo cơ sở dữ liệu (--demo: kèm dữ liệu mẫu Cao Bằng)"},
    {"migrate", cmd_migrate, "áp dụng các bước nâng cấp lược đồ"},
    {"user", cmd_user, "quản lý tài khoản: add | passwd | disable | enable | list"},
    {"units", cmd_units, "cây đơn vị: import | list"},
    {"catalog", cmd_catalog, "nhập danh mục thủ tục: import FILE"},
    {"calendar", cmd_calendar, "lịch làm việc: import | export | deadline | holidays"},
    {"journal", cmd_journal, "nhật ký xử lý hồ sơ: verify"},
    {"node", cmd_node, "máy trạm một cửa xã: keygen (cặp khóa), add, list, revoke, rotate (đăng ký tại tỉnh)"},
    {"jobs", cmd_jobs, "việc định kỳ: deadlines (đánh dấu hồ sơ quá hạn, sắp đến hạn), files (xóa tệp không còn dùng)"},
    {"payments", cmd_payments, "đối soát sao kê ngân hàng với phí, lệ phí của hồ sơ: import FILE"},
    {"migrate-store", cmd_migrate_store, "chép cơ sở dữ liệu SQLite sang PostgreSQL: --from TỆP --to postgresql://…"},
    {"ratings", cmd_ratings, "bộ câu hỏi đánh giá mức độ hài lòng: import TỆP|THƯ_MỤC"},
    {"parindex", cmd_parindex,
     "bộ chỉ số CCHC của sở, ngành và xã, phường: import TỆP|THƯ_MỤC; kết quả PAR INDEX, SIPAS của các tỉnh: "
     "national-import TỆP|THƯ_MỤC"},
    {"outbox", cmd_outbox, "tin nhắn gửi người dân, cán bộ và Cổng DVCQG: run (gửi), list (xem)"},
    {"portal", cmd_portal, "Cổng DVCQG: pull-catalog (nhận thủ tục cập nhật)"},
    {"routes", cmd_routes, "liệt kê các địa chỉ API"},
    /* Operations (issue 18). */
    {"backup", cmd_backup, "sao lưu cơ sở dữ liệu đang chạy: --to TỆP (PostgreSQL: pg_dump)"},
    {"restore", cmd_restore, "khôi phục từ bản sao đã kiểm tra: --from TỆP --db PATH [--force]"},
    {"doctor", cmd_doctor, "kiểm tra cấu hình, đĩa, cơ sở dữ liệu, nhật ký, phông chữ, đồng hồ"},
};

static void usage(FILE *f) {
    fprintf(f, "motcua — hệ thống một cửa điện tử\n\nCách dùng: motcua LỆNH [tùy chọn] (mọi lệnh nhận --db PATH và "
               "--help, --config TỆP)\n\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv) {
    if (sodium_init() < 0) {
        fprintf(stderr, "Lỗi: không khởi tạo được libsodium.\n");
        return 1;
    }
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    /* Any command may open a commune node's database: its changes go to the node's queue, never to the outbox. */
    node_outq_install();
    /* The settings file and MOTCUA_* variables (cli_config.c): serve gets them as options. */
    if (!cli_config_apply(&argc, &argv)) return 2;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0) return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "Lỗi: không có lệnh \"%s\".\n\n", argv[1]);
    usage(stderr);
    return 2;
}
