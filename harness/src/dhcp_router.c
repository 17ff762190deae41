#include "dhcp_router.h"

#include <string.h>

enum {
    ETH_HLEN = 14,
    UDP_HLEN = 8,
    BOOTP_FIXED = 236,         /* op .. file: RFC 2131 figure 1 */
    OPT_PAD = 0,
    OPT_ROUTER = 3,
    OPT_END = 255,
};

static const uint8_t dhcp_cookie[4] = { 99, 130, 83, 99 };

/* The DHCP options of a reply, or NULL when frame is not one. */
static uint8_t *dhcp_options(uint8_t *f, size_t len, size_t *optlen, uint8_t **udp)
{
    if (len < ETH_HLEN + 20 || f[12] != 0x08 || f[13] != 0x00)
        return NULL;                          /* not IPv4 */
    uint8_t *ip = f + ETH_HLEN;
    size_t ihl = (size_t)(ip[0] & 0x0f) * 4;
    if ((ip[0] >> 4) != 4 || ihl < 20 || ip[9] != 17)
        return NULL;                          /* not UDP */
    if ((ip[6] & 0x3f) || ip[7])
        return NULL;                          /* a fragment */
    size_t iplen = (size_t)ip[2] << 8 | ip[3];
    if (iplen > len - ETH_HLEN || iplen < ihl + UDP_HLEN + BOOTP_FIXED + 4)
        return NULL;
    uint8_t *u = ip + ihl;
    if (u[0] != 0 || u[1] != 67)
        return NULL;                          /* not from a DHCP server */
    uint8_t *b = u + UDP_HLEN;
    if (b[0] != 2 || memcmp(b + BOOTP_FIXED, dhcp_cookie, 4))
        return NULL;                          /* not a BOOTREPLY with DHCP options */
    *udp = u;
    *optlen = iplen - ihl - UDP_HLEN - BOOTP_FIXED - 4;
    return b + BOOTP_FIXED + 4;
}

int dhcp_add_router(uint8_t *frame, size_t len, uint32_t gw)
{
    size_t n, i = 0;
    uint8_t *udp;
    uint8_t *o = dhcp_options(frame, len, &n, &udp);
    if (!o)
        return 0;
    while (i < n && o[i] != OPT_END) {
        if (o[i] == OPT_PAD) {
            i++;
            continue;
        }
        if (o[i] == OPT_ROUTER || i + 1 >= n)
            return 0;
        i += 2 + (size_t)o[i + 1];
    }
    if (i + 7 > n)
        return 0;                             /* no END, or no room after it */
    o[i] = OPT_ROUTER;
    o[i + 1] = 4;
    memcpy(o + i + 2, &gw, 4);
    o[i + 6] = OPT_END;
    udp[6] = udp[7] = 0;                      /* checksum: none */
    return 1;
}
