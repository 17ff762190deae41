#include "macswitch.h"

#include <string.h>

void macsw_init(struct macswitch *sw, double max_age)
{
    memset(sw, 0, sizeof *sw);
    sw->max_age = max_age;
}

static struct macsw_entry *lookup(struct macswitch *sw, const uint8_t *mac)
{
    for (int i = 0; i < sw->n; i++)
        if (memcmp(sw->e[i].mac, mac, 6) == 0)
            return &sw->e[i];
    return NULL;
}

static void learn(struct macswitch *sw, const uint8_t *mac, int port, double now)
{
    struct macsw_entry *e = lookup(sw, mac);
    if (!e) {
        if (sw->n < MACSW_ENTRIES) {
            e = &sw->e[sw->n++];
        } else {
            /* Full: replace the entry that was quiet the longest. */
            e = &sw->e[0];
            for (int i = 1; i < sw->n; i++)
                if (sw->e[i].seen < e->seen)
                    e = &sw->e[i];
        }
        memcpy(e->mac, mac, 6);
    }
    e->port = port;
    e->seen = now;
}

int macsw_route(struct macswitch *sw, const uint8_t *frame, size_t len, int in_port, double now)
{
    if (len < 14)
        return -2;
    const uint8_t *dst = frame, *src = frame + 6;
    if (!(src[0] & 1))
        learn(sw, src, in_port, now);
    if (dst[0] & 1)
        return MACSW_FLOOD;
    struct macsw_entry *e = lookup(sw, dst);
    if (!e || now - e->seen > sw->max_age)
        return MACSW_FLOOD;
    return e->port == in_port ? -2 : e->port;
}
