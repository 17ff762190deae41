/* The relocation handshake's lines (see relocation_wire.h). */
#include "relocation_wire.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GREETING "xend-relocation"

size_t reloc_format(char *buf, size_t size, enum reloc_line kind, const char *why,
                    unsigned long domid)
{
    char clean[RELOC_LINE_MAX];
    size_t n = 0;
    int len;

    for (const char *p = why ? why : ""; *p && n < sizeof(clean) - 64; p++)
        clean[n++] = iscntrl((unsigned char)*p) ? ' ' : *p;
    clean[n] = '\0';
    switch (kind) {
    case RELOC_OK: len = snprintf(buf, size, GREETING " %d ok\n", RELOC_VERSION); break;
    case RELOC_REFUSED:
        len = snprintf(buf, size, GREETING " %d refused %s\n", RELOC_VERSION, clean);
        break;
    case RELOC_READY: len = snprintf(buf, size, "ready\n"); break;
    case RELOC_ERROR: len = snprintf(buf, size, "error %s\n", clean); break;
    case RELOC_GO: len = snprintf(buf, size, "go\n"); break;
    case RELOC_RESUMED: len = snprintf(buf, size, "resumed %lu\n", domid); break;
    default: len = snprintf(buf, size, "?\n"); break;
    }
    return len < 0 ? 0 : (size_t)len < size ? (size_t)len : size - 1;
}

/* line is word, alone or followed by one space and the rest. */
static const char *word(const char *line, const char *w)
{
    size_t n = strlen(w);

    if (strncmp(line, w, n))
        return NULL;
    if (line[n] == '\0')
        return line + n;
    return line[n] == ' ' ? line + n + 1 : NULL;
}

enum reloc_line reloc_parse(char *line, const char **rest, unsigned long *domid)
{
    const char *r;
    size_t n = strlen(line);

    *rest = "";
    if (n >= RELOC_LINE_MAX)
        return RELOC_BAD;
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    for (const char *p = line; *p; p++)     /* format never writes them */
        if (iscntrl((unsigned char)*p))
            return RELOC_BAD;
    if ((r = word(line, GREETING))) {
        char *end;
        unsigned long v = strtoul(r, &end, 10);

        if (end == r || v != RELOC_VERSION || *end != ' ')
            return RELOC_BAD;
        if (!strcmp(end + 1, "ok"))
            return RELOC_OK;
        if ((r = word(end + 1, "refused")) && *r) {
            *rest = r;
            return RELOC_REFUSED;
        }
        return RELOC_BAD;
    }
    if (!strcmp(line, "ready"))
        return RELOC_READY;
    if (!strcmp(line, "go"))
        return RELOC_GO;
    if ((r = word(line, "error")) && *r) {
        *rest = r;
        return RELOC_ERROR;
    }
    if ((r = word(line, "resumed")) && isdigit((unsigned char)*r)) {
        char *end;

        errno = 0;
        *domid = strtoul(r, &end, 10);
        return *end || errno || *domid > 0x7fef ? RELOC_BAD : RELOC_RESUMED;
    }
    return RELOC_BAD;
}
