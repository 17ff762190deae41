/* A compiled /regex/ of a scenario or profile: POSIX extended, REG_NEWLINE,
 * optionally case-insensitive. */
#ifndef HARNESS_PATTERN_H
#define HARNESS_PATTERN_H
#include <regex.h>

struct pattern {
    char *src;
    int icase;
    int compiled;
    regex_t re;
};

/* Returns 0, or -1 with regcomp's message in err. */
int pattern_compile(struct pattern *pt, const char *src, int icase, char *err, int errlen);
void pattern_free(struct pattern *pt);
/* "/src/" or "/src/i" for messages (new string). */
char *pattern_show(const struct pattern *pt);

#endif
