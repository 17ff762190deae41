/* libFuzzer on the relocation handshake's line parser
 * (migrate/relocation_wire.c), which reads what a peer on the LAN sends:
 * any bytes give a kind, never a crash, and a line it accepts, formatted
 * again, parses back to the same kind, reason and ID. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "relocation_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char line[RELOC_LINE_MAX + 8], again[RELOC_LINE_MAX], reason[RELOC_LINE_MAX];
    const char *rest, *rest2;
    unsigned long id = 0, id2 = 0;
    enum reloc_line k;

    if (size >= sizeof(line))
        return 0;
    memcpy(line, data, size);
    line[size] = '\0';
    k = reloc_parse(line, &rest, &id);
    if (k == RELOC_BAD)
        return 0;
    strcpy(reason, rest);
    reloc_format(again, sizeof(again), k, reason, id);
    if (reloc_parse(again, &rest2, &id2) != k)
        abort();
    if ((k == RELOC_REFUSED || k == RELOC_ERROR) && strcmp(rest2, reason) &&
        strlen(reason) < RELOC_LINE_MAX - 64)
        abort();
    if (k == RELOC_RESUMED && id2 != id)
        abort();
    return 0;
}
