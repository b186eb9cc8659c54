/* netaddr.c - trusted proxies and client addresses. */
#include "netaddr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses one address into family and 16 bytes (IPv4 in the first 4). */
static bool parse_ip(const char *s, size_t n, int *family, unsigned char out[16]) {
    char tmp[NETADDR_TEXT];
    if (n == 0 || n >= sizeof tmp) return false;
    memcpy(tmp, s, n);
    tmp[n] = 0;
    memset(out, 0, 16);
    if (inet_pton(AF_INET, tmp, out) == 1) {
        *family = AF_INET;
        return true;
    }
    if (inet_pton(AF_INET6, tmp, out) == 1) {
        /* An IPv4-mapped IPv6 address is that IPv4 address. */
        static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (memcmp(out, mapped, 12) == 0) {
            memmove(out, out + 12, 4);
            memset(out + 4, 0, 12);
            *family = AF_INET;
        } else {
            *family = AF_INET6;
        }
        return true;
    }
    return false;
}

bool netaddr_set_parse(const char *list, netaddr_set *out, char *why, size_t why_len) {
    memset(out, 0, sizeof *out);
    for (const char *p = list ? list : ""; *p;) {
        while (*p == ' ' || *p == ',') p++;
        if (!*p) break;
        size_t n = strcspn(p, ", ");
        const char *slash = memchr(p, '/', n);
        size_t an = slash ? (size_t)(slash - p) : n;
        int fam, bits;
        unsigned char addr[16];
        if (!parse_ip(p, an, &fam, addr)) {
            snprintf(why, why_len, "«%.*s» không phải địa chỉ IP hay mạng (ví dụ 127.0.0.1, 10.0.0.0/8)", (int)n, p);
            return false;
        }
        int max = fam == AF_INET ? 32 : 128;
        bits = max;
        if (slash) {
            char *end;
            long b = strtol(slash + 1, &end, 10);
            if (end != p + n || slash + 1 == end || b < 0 || b > max) {
                snprintf(why, why_len, "độ dài tiền tố mạng không hợp lệ trong «%.*s»", (int)n, p);
                return false;
            }
            bits = (int)b;
        }
        if (out->n == NETADDR_MAX_NETS) {
            snprintf(why, why_len, "tối đa %d địa chỉ hay mạng", NETADDR_MAX_NETS);
            return false;
        }
        out->net[out->n].family = fam;
        memcpy(out->net[out->n].addr, addr, 16);
        out->net[out->n].bits = bits;
        out->n++;
        p += n;
    }
    return true;
}

/* True when the first `bits` bits of a and b are equal. */
static bool prefix_eq(const unsigned char *a, const unsigned char *b, int bits) {
    int whole = bits / 8, rest = bits % 8;
    if (memcmp(a, b, (size_t)whole) != 0) return false;
    if (!rest) return true;
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return (a[whole] & mask) == (b[whole] & mask);
}

static bool has_bin(const netaddr_set *s, int fam, const unsigned char addr[16]) {
    for (int i = 0; s && i < s->n; i++)
        if (s->net[i].family == fam && prefix_eq(s->net[i].addr, addr, s->net[i].bits)) return true;
    return false;
}

bool netaddr_set_has(const netaddr_set *s, const char *ip) {
    int fam;
    unsigned char a[16];
    return ip && parse_ip(ip, strlen(ip), &fam, a) && has_bin(s, fam, a);
}

const char *netaddr_text(const struct sockaddr *sa, char out[NETADDR_TEXT]) {
    strcpy(out, "?");
    if (!sa) return out;
    if (sa->sa_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, NETADDR_TEXT);
    } else if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a6 = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
        if (IN6_IS_ADDR_V4MAPPED(a6))
            inet_ntop(AF_INET, a6->s6_addr + 12, out, NETADDR_TEXT);
        else
            inet_ntop(AF_INET6, a6, out, NETADDR_TEXT);
    }
    return out;
}

const char *netaddr_key(const struct sockaddr *sa, char out[NETADDR_TEXT]) {
    if (sa && sa->sa_family == AF_INET6) {
        const struct in6_addr *a6 = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
        if (!IN6_IS_ADDR_V4MAPPED(a6)) {
            struct in6_addr net = *a6;
            memset(net.s6_addr + 8, 0, 8);
            inet_ntop(AF_INET6, &net, out, NETADDR_TEXT);
            size_t n = strlen(out);
            snprintf(out + n, NETADDR_TEXT - n, "/64");
            return out;
        }
    }
    return netaddr_text(sa, out);
}

const char *netaddr_client(const netaddr_set *trusted, const char *peer, const char *xff, char out[NETADDR_TEXT]) {
    snprintf(out, NETADDR_TEXT, "%s", peer ? peer : "?");
    if (!xff || !*xff || !netaddr_set_has(trusted, peer)) return out;
    /* From the right: each entry was appended by the hop before it. */
    const char *end = xff + strlen(xff);
    while (end > xff) {
        const char *start = end;
        while (start > xff && start[-1] != ',') start--;
        const char *s = start, *e = end;
        while (s < e && (*s == ' ' || *s == '\t')) s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t')) e--;
        int fam;
        unsigned char a[16];
        if (!parse_ip(s, (size_t)(e - s), &fam, a)) return out; /* garbage: trust nothing further */
        snprintf(out, NETADDR_TEXT, "%.*s", (int)(e - s), s);
        if (!has_bin(trusted, fam, a)) return out;
        end = start > xff ? start - 1 : xff;
    }
    return out;
}
