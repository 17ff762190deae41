/* The receiving side of a save stream (docs/save-stream.md), shared by
 * xm restore (from a file) and the relocation server (from a socket): a
 * domain made again from the stream with the saved UUID and maximum
 * reservation, its memory, vCPU and platform state, HVM params and its
 * own xenstore nodes put back, then its devices, and it runs on where it
 * suspended. Pages may come more than once (a live migration's rounds):
 * the last copy wins. */
#ifndef STREAM_RECEIVE_H
#define STREAM_RECEIVE_H

#include <stdint.h>

#include "save_stream.h"
#include "xend_xen.h"

struct stream_receive {
    const char *source;     /* names the stream in messages: the file, the peer */
    /* With the domain built and still paused: 0 lets it run; else it is
     * destroyed (NULL: it runs). The relocation server's last handshake. */
    int (*ready)(void *ctx, uint32_t domid, char **why);
    void *ctx;
    /* out */
    uint32_t domid;
    char name[256];
    uint64_t pages;
};

/* Reads the whole stream from r and builds the domain: 0 once it runs
 * (and xend manages it); else a negative errno with *why naming what was
 * wrong, and nothing of the new domain is left. */
int stream_receive(struct xend_xen *x, struct ss_reader *r, struct stream_receive *sr,
                   char **why);

#endif
