/* err.c - the error table: code → HTTP status, name, default messages. */
#include "err.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "xalloc.h"

static const struct {
    int status;
    const char *name;
    const char *vi;
    const char *en;
} err_table[MC_ERR__COUNT] = {
    [MC_OK] = {200, "ok", "Thành công.", "OK."},
    [MC_ERR_INVALID] = {400, "invalid_input", "Dữ liệu gửi lên không hợp lệ.", "Invalid input."},
    [MC_ERR_UNAUTHORIZED] = {401, "unauthorized", "Vui lòng đăng nhập.", "Login required."},
    [MC_ERR_FORBIDDEN] = {403, "forbidden", "Bạn không có quyền thực hiện thao tác này.", "Not allowed."},
    [MC_ERR_NOT_FOUND] = {404, "not_found", "Không tìm thấy.", "Not found."},
    [MC_ERR_METHOD] = {405, "method_not_allowed", "Phương thức không được hỗ trợ.", "Method not allowed."},
    [MC_ERR_CONFLICT] = {409, "conflict", "Thao tác xung đột với dữ liệu hiện có.", "Conflict."},
    [MC_ERR_TOO_LARGE] = {413, "too_large", "Dữ liệu gửi lên quá lớn.", "Payload too large."},
    [MC_ERR_MEDIA_TYPE] = {415, "unsupported_media_type", "Định dạng dữ liệu không được hỗ trợ.",
                           "Unsupported media type."},
    [MC_ERR_TOO_MANY] = {429, "too_many_requests", "Quá nhiều yêu cầu, vui lòng thử lại sau.", "Too many requests."},
    [MC_ERR_TIMEOUT] = {408, "timeout", "Hết thời gian chờ yêu cầu.", "Request timeout."},
    [MC_ERR_STORE] = {500, "store_error", "Lỗi cơ sở dữ liệu, thao tác chưa được thực hiện.",
                      "Database error; nothing was changed."},
    [MC_ERR_BUSY] = {503, "busy", "Hệ thống đang bận, vui lòng thử lại.", "Busy, retry."},
    [MC_ERR_INTERNAL] = {500, "internal_error", "Lỗi hệ thống.", "Internal error."},
};

/* A message cut to fit its buffer may end inside a UTF-8 sequence: drop
 * the incomplete character so that the text stays valid UTF-8. */
static void utf8_cut(char *s) {
    size_t n = strlen(s), p = n;
    while (p > 0 && n - p < 4 && ((unsigned char)s[p - 1] & 0xC0) == 0x80) p--;
    if (p == 0) return;
    unsigned char lead = (unsigned char)s[p - 1];
    size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if ((p - 1) + want > n) s[p - 1] = 0;
}

mc_err mc_fail(mc_error *e, mc_err code, const char *field, const char *vi, const char *en) {
    assert(code >= 0 && code < MC_ERR__COUNT);
    if (!e) return code;
    e->code = code;
    mc_strlcpy(e->field, field ? field : "", sizeof e->field);
    mc_strlcpy(e->message, vi ? vi : err_table[code].vi, sizeof e->message);
    mc_strlcpy(e->message_en, en ? en : err_table[code].en, sizeof e->message_en);
    utf8_cut(e->field);
    utf8_cut(e->message);
    utf8_cut(e->message_en);
    return code;
}

mc_err mc_failf(mc_error *e, mc_err code, const char *field, const char *vi_fmt, const char *en_fmt, ...) {
    if (!e) return code;
    mc_fail(e, code, field, NULL, NULL);
    va_list ap;
    va_start(ap, en_fmt);
    va_list ap2;
    va_copy(ap2, ap);
    vsnprintf(e->message, sizeof e->message, vi_fmt, ap);
    vsnprintf(e->message_en, sizeof e->message_en, en_fmt, ap2);
    utf8_cut(e->message);
    utf8_cut(e->message_en);
    va_end(ap2);
    va_end(ap);
    return code;
}

void mc_error_clear(mc_error *e) {
    memset(e, 0, sizeof *e);
}

int mc_err_http_status(mc_err code) {
    return code >= 0 && code < MC_ERR__COUNT ? err_table[code].status : 500;
}

const char *mc_err_name(mc_err code) {
    return code >= 0 && code < MC_ERR__COUNT ? err_table[code].name : "internal_error";
}

const char *mc_err_default_vi(mc_err code) {
    return code >= 0 && code < MC_ERR__COUNT ? err_table[code].vi : err_table[MC_ERR_INTERNAL].vi;
}
