/* node_key.c - see node_key.h. */
#include "node_key.h"

const keyfile_kind node_key_kind = {
    .secret_tag = "motcua-node-secret/1",
    .public_tag = "motcua-node-public/1",
    .secret_name = "khóa bí mật của máy trạm một cửa xã",
    .public_name = "khóa công khai của máy trạm một cửa xã",
    .name_en = "commune node",
    .keygen = "motcua node keygen",
    .public_use = "Gửi tệp này (không gửi khóa bí mật) cho quản trị viên của tỉnh để đăng ký máy trạm.",
};
