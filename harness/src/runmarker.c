#include "runmarker.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

char *runmarker_command(const char *cmd, const char *nonce)
{
    size_t n = strlen(cmd);
    while (n > 0 && (cmd[n - 1] == ' ' || cmd[n - 1] == '\t' || cmd[n - 1] == ';'))
        n--;
    /* "cmd &; printf" is a syntax error; "cmd & printf" is what was meant. */
    const char *sep = (n > 0 && cmd[n - 1] == '&') ? " " : "; ";
    return xasprintf("%.*s%sprintf '\\n@@LR%%s:%%d@@\\n' %s $?\n", (int)n, cmd, sep, nonce);
}

static const char *find_mem(const char *hay, size_t len, const char *needle)
{
    size_t nl = strlen(needle);
    for (size_t i = 0; i + nl <= len; i++)
        if (memcmp(hay + i, needle, nl) == 0)
            return hay + i;
    return NULL;
}

/* What a console may put inside an echoed line as it redraws it: the
 * wrap's newline, the carriage return and blanks of a redraw, and the '<'
 * that marks a line scrolled sideways (readline on a narrow terminal). */
static int redraw_char(char c)
{
    return c == '\n' || c == '\r' || c == ' ' || c == '<';
}

/* Finds needle in hay[0..len) where the console's redraw characters may
 * interrupt it; sets *end just after it. */
static int find_wrapped(const char *hay, size_t len, const char *needle, size_t *end)
{
    for (size_t i = 0; i < len; i++) {
        size_t h = i;
        const char *n = needle;
        while (*n && h < len) {
            if (hay[h] == *n) {
                n++;
                h++;
            } else if (redraw_char(hay[h]) && n != needle) {
                h++;
            } else {
                break;
            }
        }
        if (!*n) {
            *end = h;
            return 1;
        }
    }
    return 0;
}

int runmarker_find(const char *text, size_t len, const char *nonce, struct run_result *r)
{
    char head[96];
    size_t hl = (size_t)snprintf(head, sizeof head, "@@LR%s:", nonce);
    const char *p = text, *end = text + len, *mark = NULL;
    int status = 0;
    while ((p = find_mem(p, (size_t)(end - p), head))) {
        const char *q = p + hl;
        int digits = 0;
        status = 0;
        while (q < end && *q >= '0' && *q <= '9' && digits < 4) {
            status = status * 10 + (*q++ - '0');
            digits++;
        }
        if (digits && q + 2 <= end && q[0] == '@' && q[1] == '@') {
            mark = p;
            r->end = (size_t)(q + 2 - text);
            break;
        }
        p++;
    }
    if (!mark)
        return 0;
    if (r->end < len && text[r->end] == '\n')
        r->end++;
    r->status = status;
    /* The echoed command line ends in "<nonce> $?"; a shell that wraps or
     * scrolls long lines may have put newlines, blanks or '<' anywhere in
     * it. Without echo, the output starts at the beginning. */
    char tail[96];
    snprintf(tail, sizeof tail, "%s $?", nonce);
    size_t start = 0, echo_end;
    if (find_wrapped(text, (size_t)(mark - text), tail, &echo_end)) {
        const char *nl = memchr(text + echo_end, '\n', (size_t)(mark - text) - echo_end);
        start = nl ? (size_t)(nl + 1 - text) : (size_t)(mark - text);
    }
    size_t stop = (size_t)(mark - text);
    if (stop > start && text[stop - 1] == '\n')
        stop--;
    r->out_start = start;
    r->out_end = stop;
    return 1;
}
