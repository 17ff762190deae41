/* The learning Ethernet switch of labnet: which port a MAC address was
 * last seen on, and where a frame must go. Ports are small integers. */
#ifndef HARNESS_MACSWITCH_H
#define HARNESS_MACSWITCH_H
#include <stddef.h>
#include <stdint.h>

#define MACSW_ENTRIES 256
#define MACSW_FLOOD (-1)

struct macsw_entry {
    uint8_t mac[6];
    int port;
    double seen;
};

struct macswitch {
    struct macsw_entry e[MACSW_ENTRIES];
    int n;
    double max_age; /* seconds an entry is trusted without traffic */
};

void macsw_init(struct macswitch *sw, double max_age);
/* Learns the frame's source on in_port (multicast sources are ignored) and
 * returns the port to send it to: a port, MACSW_FLOOD (all ports except
 * in_port) or -2 to drop it (too short, or destined to in_port). */
int macsw_route(struct macswitch *sw, const uint8_t *frame, size_t len, int in_port, double now);

#endif
