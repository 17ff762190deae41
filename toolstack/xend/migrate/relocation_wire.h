/* The relocation handshake (docs/save-stream.md, "Relocation"): the few
 * text lines a migration's source and its destination's relocation
 * server exchange around the save stream on one TCP connection:
 *   destination  "xend-relocation 1 ok" | "xend-relocation 1 refused WHY"
 *   source       the save stream
 *   destination  "ready" (built, paused) | "error WHY"
 *   source       "go"
 *   destination  "resumed DOMID"
 * Each line ends in '\n' and is at most RELOC_LINE_MAX bytes with it.
 * Pure code: formatting and parsing only. */
#ifndef RELOCATION_WIRE_H
#define RELOCATION_WIRE_H

#include <stddef.h>

#define RELOC_VERSION  1
#define RELOC_LINE_MAX 512

enum reloc_line {
    RELOC_BAD,          /* not a line of this handshake */
    RELOC_OK,           /* the greeting: go ahead */
    RELOC_REFUSED,      /* the greeting: this peer may not migrate here */
    RELOC_READY,
    RELOC_ERROR,
    RELOC_GO,
    RELOC_RESUMED,
};

/* A line into buf (with its '\n'); why (may be NULL for lines without
 * one) loses control characters and is cut to fit. Returns its length. */
size_t reloc_format(char *buf, size_t size, enum reloc_line kind, const char *why,
                    unsigned long domid);
/* One line as read (with or without its '\n', NUL-terminated; its line
 * end is cut off in place): its kind; for REFUSED and ERROR *rest points
 * at the reason within line, for RESUMED *domid holds the ID. */
enum reloc_line reloc_parse(char *line, const char **rest, unsigned long *domid);

#endif
