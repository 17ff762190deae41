/* The sending side of a save stream (docs/save-stream.md), shared by
 * xm save (to a file) and xm migrate (to a relocation server): the guest
 * suspended by its own kernel, its memory, vCPU and platform state and
 * its own xenstore nodes written through an ss_writer. A live send copies
 * memory first while the guest runs, in rounds of the pages it dirtied
 * (log-dirty), and suspends it only for the last of them. */
#ifndef STREAM_SEND_H
#define STREAM_SEND_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "save_stream.h"
#include "xend_xen.h"

/* Pre-copy bounds (libxenguest's defaults: 5 rounds, stop under 50 dirty
 * pages), and a round that dirtied no fewer pages than the one before
 * ends pre-copy too: the guest dirties memory as fast as it is sent. */
#define STREAM_SEND_ROUNDS     5
#define STREAM_SEND_FEW_DIRTY  50
/* The largest guest sent (1 TiB of GFNs, as the receiver's limit): its
 * dirty bitmap is then 32 MiB. */
#define STREAM_SEND_MAX_PFN    (1ull << 28)

struct stream_send_stats {
    uint64_t pages;            /* page entries written, every round */
    unsigned rounds;           /* pre-copy rounds after the first full pass */
    uint64_t last_pages;       /* pages written after the guest stopped */
    long stop_ms;              /* the guest's suspend request to the end record */
    struct timespec stop_at;   /* when the guest was asked to suspend */
    bool suspended;            /* the guest suspended: resume it if the move fails */
};

/* The domain into w: 0 once the end record is written (the guest stays
 * suspended: the caller destroys it, or resumes it if the stream's reader
 * fails); else a negative errno with *why, the guest running or, with
 * st->suspended, suspended. */
int stream_send(struct xend_xen *x, uint32_t domid, const char *name, const char *record,
                bool live, struct ss_writer *w, struct stream_send_stats *st, char **why);

/* A guest whose stream was not used goes on where it suspended, its
 * suspend hypercall returning 1 ("cancelled"). */
void stream_send_resume(struct xend_xen *x, uint32_t domid);

#endif
