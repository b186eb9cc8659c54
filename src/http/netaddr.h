/* netaddr.h - client addresses: the trusted reverse proxies (a list of
 * networks) and the address a request really comes from.
 *
 * Behind nginx every connection comes from the proxy, which appends the
 * address it saw to X-Forwarded-For. That header is believed only when the
 * connection itself comes from a configured proxy, and only its entries
 * appended by trusted proxies: walking from the right, the first address
 * that is not a trusted proxy is the client. Anything a client wrote into
 * the header itself lies to the left of that and is ignored. */
#ifndef MC_NETADDR_H
#define MC_NETADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

/** Longest text form of an address, with its NUL (INET6_ADDRSTRLEN). */
#define NETADDR_TEXT 46

/** At most this many proxy networks. */
#define NETADDR_MAX_NETS 16

/** A set of networks (IPv4 or IPv6, each with a prefix length). */
typedef struct {
    int n;
    struct {
        int family; /**< AF_INET or AF_INET6 */
        unsigned char addr[16];
        int bits; /**< prefix length */
    } net[NETADDR_MAX_NETS];
} netaddr_set;

/** Parses a comma-separated list of addresses or networks ("127.0.0.1",
 * "10.0.0.0/8", "::1", "fd00::/8") into *out. On failure writes a
 * Vietnamese reason into why and returns false. An empty list is valid. */
bool netaddr_set_parse(const char *list, netaddr_set *out, char *why, size_t why_len);
/** True when the text address ip belongs to one of the networks. */
bool netaddr_set_has(const netaddr_set *s, const char *ip);
/** Text form of a socket address (IPv4-mapped IPv6 shown as IPv4); "?" when
 * unknown. Returns out. */
const char *netaddr_text(const struct sockaddr *sa, char out[NETADDR_TEXT]);
/** The key under which connections of sa are counted: its text form, for
 * IPv6 its /64 network (one host is given a whole /64). Returns out. */
const char *netaddr_key(const struct sockaddr *sa, char out[NETADDR_TEXT]);
/** The client's address: `peer` unless the peer is a trusted proxy and the
 * request carries X-Forwarded-For (`xff`, may be NULL): then the rightmost
 * entry that is not itself a trusted proxy (or the leftmost when all are).
 * A malformed entry ends the walk: the peer is answered. Returns out. */
const char *netaddr_client(const netaddr_set *trusted, const char *peer, const char *xff, char out[NETADDR_TEXT]);

#endif
