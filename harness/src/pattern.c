#include "pattern.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pattern_compile(struct pattern *pt, const char *src, int icase, char *err, int errlen)
{
    int flags = REG_EXTENDED | REG_NEWLINE | (icase ? REG_ICASE : 0);
    memset(pt, 0, sizeof *pt);
    int rc = regcomp(&pt->re, src, flags);
    if (rc != 0) {
        char msg[200];
        regerror(rc, &pt->re, msg, sizeof msg);
        snprintf(err, (size_t)errlen, "bad regex /%s/: %s", src, msg);
        return -1;
    }
    pt->src = xstrdup(src);
    pt->icase = icase;
    pt->compiled = 1;
    return 0;
}

void pattern_free(struct pattern *pt)
{
    if (pt->compiled)
        regfree(&pt->re);
    free(pt->src);
    memset(pt, 0, sizeof *pt);
}

char *pattern_show(const struct pattern *pt)
{
    return xasprintf("/%s/%s", pt->src ? pt->src : "", pt->icase ? "i" : "");
}
