/* The hypervisor's XZ decoder: .xz streams (tukaani.org "The .xz File
 * Format" 1.1.0) with the LZMA2 filter and the BCJ x86 filter, as Linux
 * compresses a bzImage payload (`xz --check=crc32 --x86 --lzma2=,dict=32MiB`).
 *
 * Single-call: the whole input is in memory and the output is one flat
 * buffer, which is also the LZMA2 dictionary, so nothing is allocated. The
 * caller lends a work area of UNXZ_WORK_SIZE bytes (probabilities and CRC
 * tables), 8-byte aligned; it may be reused, one call at a time. Pure code:
 * built in the hypervisor and unit-tested on the host. Hostile input never
 * makes it read or write outside the three buffers; it ends in an error. */
#ifndef XEN_UNXZ_H
#define XEN_UNXZ_H
#include <xen/types.h>

#define UNXZ_WORK_SIZE 36864

/* Decode only the first stream and ignore what follows it: Linux appends
 * the uncompressed size (4 bytes) after the stream of a bzImage payload. */
#define UNXZ_SINGLE_STREAM (1u << 0)

/* Returned negated; 0 is success. */
enum unxz_error {
    UNXZ_EINVAL = 1,    /* NULL or misaligned buffer, unknown flag */
    UNXZ_ENOTXZ,        /* input does not start with the stream header magic */
    UNXZ_ETRUNCATED,    /* input ends inside a stream */
    UNXZ_EHEADER,       /* stream or block header corrupt or with reserved bits set */
    UNXZ_EDATA,         /* LZMA2 data corrupt, or sizes unlike the block header's */
    UNXZ_ECHECK,        /* a block's CRC32/CRC64/SHA-256 does not match its data */
    UNXZ_EINDEX,        /* index corrupt or not describing the blocks decoded */
    UNXZ_EFOOTER,       /* stream footer corrupt or unlike its header/index */
    UNXZ_ENOSPC,        /* output does not fit in out_max bytes */
    UNXZ_EFILTER,       /* filter chain other than LZMA2 or x86 + LZMA2 */
    UNXZ_ECHECKTYPE,    /* check ID reserved by the format (none, CRC32, CRC64, SHA-256 work) */
    UNXZ_ETRAILING,     /* bytes after a stream that are neither padding nor a stream */
    UNXZ_NR_ERRORS
};

struct unxz_result {
    size_t in_used;     /* input bytes decoded (streams and their padding) */
    size_t out_len;     /* bytes written to out */
};

/* Decodes in[0, in_len) into out[0, out_max). Without UNXZ_SINGLE_STREAM the
 * input must be one or more streams with stream padding (a multiple of 4
 * zero bytes) between and after them, nothing else, as `xz -d` requires.
 * Returns 0 or -UNXZ_E*; res (may be NULL) is filled either way, telling how
 * far decoding got. */
int unxz(const void *in, size_t in_len, void *out, size_t out_max, void *work,
         unsigned int flags, struct unxz_result *res);

/* One line for any value unxz() returns ("success", "input ends inside a
 * stream", ...); unknown values get "unknown error". */
const char *unxz_strerror(int err);

/* The Xen error code (negative XEN_E*) closest to an unxz() result. */
int unxz_errno(int err);

#endif
