/* cli_node.c - `motcua node keygen`: the key pair a commune node signs its exchange with the province by
 * (docs/NODE.md; the exchange itself is not built yet). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "node_key.h"

static const char usage[] =
    "Cách dùng:\n"
    "  motcua node keygen --secret TỆP --public TỆP\n\n"
    "Tạo cặp khóa Ed25519 của máy trạm một cửa xã: tệp bí mật quyền 600, không ghi đè tệp đã có. Khóa bí mật ở\n"
    "lại máy trạm; tệp khóa công khai gửi quản trị viên của tỉnh để đăng ký máy trạm (docs/NODE.md).\n";

int cmd_node(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "keygen") == 0)
        return cli_help(argc, argv, usage) ? 0
                                           : cli_keygen(argc - 1, argv + 1, usage, &node_key_kind,
                                                        "Đã tạo khóa của máy trạm, mã khóa %s: khóa bí mật %s (chỉ chủ "
                                                        "sở hữu đọc được), khóa công khai %s.\n");
    fprintf(stderr, "Lỗi: lệnh con không hợp lệ \"%s\".\n%s", argv[1], usage);
    return 2;
}
