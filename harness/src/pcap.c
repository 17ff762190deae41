#include "pcap.h"

#include <stdint.h>
#include <sys/time.h>

#define PCAP_MAGIC 0xa1b2c3d4u  /* microsecond timestamps, native byte order */
#define LINKTYPE_ETHERNET 1
#define SNAPLEN 65535

FILE *pcap_open(const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return NULL;
    struct {
        uint32_t magic;
        uint16_t major, minor;
        int32_t thiszone;
        uint32_t sigfigs, snaplen, linktype;
    } hdr = { PCAP_MAGIC, 2, 4, 0, 0, SNAPLEN, LINKTYPE_ETHERNET };
    fwrite(&hdr, sizeof hdr, 1, f);
    fflush(f);
    return f;
}

void pcap_write(FILE *f, const void *frame, size_t len)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    uint32_t caplen = len > SNAPLEN ? SNAPLEN : (uint32_t)len;
    uint32_t rec[4] = { (uint32_t)tv.tv_sec, (uint32_t)tv.tv_usec, caplen, (uint32_t)len };
    fwrite(rec, sizeof rec, 1, f);
    fwrite(frame, 1, caplen, f);
    fflush(f);
}
