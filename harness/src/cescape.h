/* C escape decoding for `send` text: \n \r \t \\ \" \xNN. */
#ifndef HARNESS_CESCAPE_H
#define HARNESS_CESCAPE_H
#include <stddef.h>

/* Decodes src into a new buffer (*out, *outlen; NUL-terminated too).
 * Returns NULL on success, or a static message naming the bad escape. */
const char *cescape_decode(const char *src, char **out, size_t *outlen);

#endif
