/* libslirp leaves the router option (RFC 2132, option 3) out of its DHCP
 * replies in restricted mode, so leased hosts would have no default route.
 * The LAN of the guide has its gateway at .1: labnet adds the option to the
 * gateway's DHCP replies on their way to the hosts. */
#ifndef HARNESS_DHCP_ROUTER_H
#define HARNESS_DHCP_ROUTER_H
#include <stddef.h>
#include <stdint.h>

/* If frame[0..len) is an Ethernet/IPv4/UDP DHCP reply (source port 67)
 * without a router option, writes option 3 = gw (network byte order) where
 * its END option was, moving END after it, and clears the UDP checksum
 * (optional over IPv4). The frame's length does not change: the option is
 * written into the padding after END. Returns 1 if the frame was changed,
 * 0 if it is not such a reply, already has a router, or has no room. */
int dhcp_add_router(uint8_t *frame, size_t len, uint32_t gw);

#endif
