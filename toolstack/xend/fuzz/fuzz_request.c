/* The xend API request parser on arbitrary bytes: it must refuse or
 * accept without a crash, a leak or undefined behaviour, and what it
 * accepts must format to a request that parses back to the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xend_api.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xend_request req, again;
    char *why = NULL, *line;

    if (xend_request_parse((const char *)data, size, &req, &why) < 0) {
        if (!why)
            abort();   /* every refusal says why */
        free(why);
        return 0;
    }
    line = xend_request_format(&req);
    if (line) {
        if (xend_request_parse(line, strlen(line), &again, &why) < 0 ||
            again.op != req.op || again.n_domains != req.n_domains ||
            again.clear != req.clear || again.vm.kind != req.vm.kind)
            abort();
        for (size_t i = 0; i < req.n_domains; i++)
            if (strcmp(again.domains[i], req.domains[i]))
                abort();
        xend_request_free(&again);
        free(line);
    }
    xend_request_free(&req);
    return 0;
}
