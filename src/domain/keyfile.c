/* keyfile.c - Ed25519 key files (keyfile.h). */
#include "keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fdio.h"

_Static_assert(crypto_sign_SECRETKEYBYTES == 64 && crypto_sign_PUBLICKEYBYTES == 32 && crypto_sign_BYTES == 64,
               "Ed25519 sizes");

void keyfile_id_of(const unsigned char pk[32], char id[17]) {
    unsigned char h[32];
    crypto_generichash(h, sizeof h, pk, 32, NULL, 0);
    sodium_bin2hex(id, 17, h, 8);
}

bool keyfile_hex_exact(const char *s, size_t len, unsigned char *out, size_t n) {
    if (len != 2 * n) return false;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    size_t got = 0;
    return sodium_hex2bin(out, n, s, len, NULL, &got, NULL) == 0 && got == n;
}

/* The value of the first line of a key file that starts with tag + ' ' (comments skipped). */
static bool key_line(char *text, const char *tag, unsigned char out[32]) {
    size_t tl = strlen(tag);
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        size_t len = strcspn(line, "\r");
        if (len == 0 || line[0] == '#') continue;
        if (len <= tl + 1 || strncmp(line, tag, tl) != 0 || line[tl] != ' ') return false;
        return keyfile_hex_exact(line + tl + 1, len - tl - 1, out, 32);
    }
    return false;
}

/* A key that is not of the kind asked for (mc_failf gives both messages the same arguments, and the English one
 * names the kind in English): path NULL for a key given as text; keygen, if not NULL, is how to make one. */
static mc_err wrong_kind(mc_error *err, const char *field, const char *path, const char *name, const char *name_en,
                         const char *which, const char *keygen) {
    char vi[600], en[600];
    if (path) {
        snprintf(vi, sizeof vi, "Tệp %s không phải %s%s%s%s.", path, name, keygen ? " (" : "", keygen ? keygen : "",
                 keygen ? ")" : "");
        snprintf(en, sizeof en, "%s is not a %s %s key%s%s%s.", path, name_en, which, keygen ? " (" : "",
                 keygen ? keygen : "", keygen ? ")" : "");
    } else {
        snprintf(vi, sizeof vi, "Đây không phải %s (64 chữ số hệ 16, hoặc nội dung tệp khóa).", name);
        snprintf(en, sizeof en, "Not a %s %s key.", name_en, which);
    }
    return mc_fail(err, MC_ERR_INVALID, field, vi, en);
}

/* Reads a small key file (at most 4 KiB) into buf; st gets its status. */
static mc_err read_small(const char *path, char buf[4097], struct stat *st, mc_error *err) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return mc_failf(err, MC_ERR_NOT_FOUND, "key", "Không mở được tệp khóa %s: %s.", "Cannot open key file %s: %s.",
                        path, strerror(errno));
    size_t n = 0;
    ssize_t k = 0;
    if (fstat(fd, st) == 0)
        while (n < 4096 && (k = read(fd, buf + n, 4096 - n)) > 0) n += (size_t)k;
    close(fd);
    buf[n] = 0;
    if (k < 0 || n == 4096)
        return mc_failf(err, MC_ERR_INVALID, "key", "Tệp khóa %s không đọc được hoặc quá lớn.",
                        "Key file %s is unreadable or too large.", path);
    return MC_OK;
}

/* Writes a whole new file (refusing an existing one) with mode, synced. */
static mc_err write_new(const char *path, const char *text, mode_t mode, mc_error *err) {
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0)
        return mc_failf(err, errno == EEXIST ? MC_ERR_CONFLICT : MC_ERR_INTERNAL, "key",
                        "Không tạo được tệp %s: %s (không ghi đè tệp đã có).",
                        "Cannot create %s: %s (an existing file is never overwritten).", path, strerror(errno));
    bool ok = fchmod(fd, mode) == 0 && fd_write_all(fd, text, strlen(text)) && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok) {
        unlink(path);
        return mc_failf(err, MC_ERR_INTERNAL, "key", "Không ghi được tệp %s.", "Cannot write %s.", path);
    }
    return MC_OK;
}

mc_err keyfile_generate(const keyfile_kind *k, const char *secret_path, const char *public_path, char id[17],
                        mc_error *err) {
    if (sodium_init() < 0) return mc_fail(err, MC_ERR_INTERNAL, NULL, NULL, "libsodium did not start.");
    struct stat st;
    const char *paths[2] = {secret_path, public_path};
    for (int i = 0; i < 2; i++)
        if (lstat(paths[i], &st) == 0)
            return mc_failf(err, MC_ERR_CONFLICT, "key", "Đã có tệp %s; không ghi đè khóa.",
                            "%s exists; a key is never overwritten.", paths[i], paths[i]);
    unsigned char *seed = sodium_malloc(32), pk[32], *sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
    char *text = sodium_malloc(1024);
    if (!seed || !sk || !text) abort();
    randombytes_buf(seed, 32);
    crypto_sign_seed_keypair(pk, sk, seed);
    char kid[17], hex[65];
    keyfile_id_of(pk, kid);
    sodium_bin2hex(hex, sizeof hex, seed, 32);
    snprintf(text, 1024,
             "# Tệp %s (motcua, Ed25519), mã khóa %s.\n"
             "# Giữ ngoài cơ sở dữ liệu, chỉ tài khoản chạy motcua được đọc (quyền 600); không gửi cho ai.\n"
             "%s %s\n",
             k->secret_name, kid, k->secret_tag, hex);
    sodium_memzero(hex, sizeof hex);
    mc_err e = write_new(secret_path, text, 0600, err);
    sodium_free(text);
    sodium_free(seed);
    sodium_free(sk);
    if (e) return e;
    char pub[1024];
    sodium_bin2hex(hex, sizeof hex, pk, 32);
    snprintf(pub, sizeof pub, "# Tệp %s (motcua, Ed25519), mã khóa %s.\n# %s\n%s %s\n", k->public_name, kid,
             k->public_use, k->public_tag, hex);
    if ((e = write_new(public_path, pub, 0644, err))) {
        unlink(secret_path);
        return e;
    }
    if (id) memcpy(id, kid, 17);
    return MC_OK;
}

mc_err keyfile_load_secret(const keyfile_kind *k, const char *path, keyfile_secret **out, mc_error *err) {
    *out = NULL;
    if (sodium_init() < 0) return mc_fail(err, MC_ERR_INTERNAL, NULL, NULL, "libsodium did not start.");
    char *buf = sodium_malloc(4097);
    if (!buf) abort();
    struct stat st;
    mc_err e = read_small(path, buf, &st, err);
    if (!e && (st.st_mode & 077))
        e = mc_failf(err, MC_ERR_FORBIDDEN, "key",
                     "Tệp khóa bí mật %s để người khác đọc được; hãy chỉ cho tài khoản chạy motcua đọc (chmod 600 %s).",
                     "Secret key file %s is accessible to others; chmod 600 %s.", path, path);
    unsigned char *seed = sodium_malloc(32);
    if (!seed) abort();
    if (!e && !key_line(buf, k->secret_tag, seed))
        e = wrong_kind(err, "key", path, k->secret_name, k->name_en, "secret", k->keygen);
    sodium_free(buf);
    if (e) {
        sodium_free(seed);
        return e;
    }
    keyfile_secret *s = sodium_malloc(sizeof *s);
    if (!s) abort();
    crypto_sign_seed_keypair(s->pk, s->sk, seed);
    sodium_free(seed);
    keyfile_id_of(s->pk, s->id);
    sodium_mprotect_readonly(s);
    *out = s;
    return MC_OK;
}

void keyfile_secret_free(keyfile_secret *s) {
    if (s) sodium_free(s); /* wipes */
}

mc_err keyfile_load_public(const keyfile_kind *k, const char *path, keyfile_public *out, mc_error *err) {
    if (sodium_init() < 0) return mc_fail(err, MC_ERR_INTERNAL, NULL, NULL, "libsodium did not start.");
    char buf[4097];
    struct stat st;
    mc_err e = read_small(path, buf, &st, err);
    if (e) return e;
    if (!key_line(buf, k->public_tag, out->pk))
        return wrong_kind(err, "public", path, k->public_name, k->name_en, "public", NULL);
    keyfile_id_of(out->pk, out->id);
    return MC_OK;
}

mc_err keyfile_parse_public(const keyfile_kind *k, const char *text, keyfile_public *out, mc_error *err) {
    if (sodium_init() < 0) return mc_fail(err, MC_ERR_INTERNAL, NULL, NULL, "libsodium did not start.");
    size_t len = text ? strlen(text) : 0;
    while (len && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' ')) len--;
    char buf[4097];
    bool ok = false;
    if (len == 64)
        ok = keyfile_hex_exact(text, len, out->pk, 32);
    else if (len > 0 && len < sizeof buf) {
        memcpy(buf, text, len);
        buf[len] = 0;
        ok = key_line(buf, k->public_tag, out->pk);
    }
    if (!ok)
        return wrong_kind(err, "public", NULL, k->public_name, k->name_en, "public", NULL);
    keyfile_id_of(out->pk, out->id);
    return MC_OK;
}

void keyfile_sign(const keyfile_secret *s, const void *msg, size_t n, unsigned char sig[64]) {
    crypto_sign_detached(sig, NULL, msg, n, s->sk);
}

bool keyfile_verify(const keyfile_public *p, const void *msg, size_t n, const unsigned char sig[64]) {
    return crypto_sign_verify_detached(sig, msg, n, p->pk) == 0;
}
