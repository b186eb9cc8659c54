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

const keyfile_kind exchange_key_kind = {
    .secret_tag = "motcua-exchange-secret/1",
    .public_tag = "motcua-exchange-public/1",
    .secret_name = "khóa bí mật ký trả lời máy trạm của tỉnh",
    .public_name = "khóa công khai kiểm tra trả lời của tỉnh",
    .name_en = "province exchange",
    .keygen = "motcua node exchange-keygen",
    .public_use = "Chép tệp này vào mỗi máy trạm khi cài đặt (motcua node init --province-key).",
};
