#include "matcher.h"

#include <string.h>

enum { ESC_NONE, ESC_START, ESC_CSI, ESC_STRING, ESC_STRING_END, ESC_INTER };

static int filter_byte(struct esc_filter *f, unsigned char c)
{
    switch (f->state) {
    case ESC_START:
        if (c == '[')
            f->state = ESC_CSI;
        else if (c == ']' || c == 'P' || c == '_' || c == '^' || c == 'X')
            f->state = ESC_STRING;
        else if (c >= 0x20 && c <= 0x2f)
            f->state = ESC_INTER;
        else
            f->state = ESC_NONE;
        return 0;
    case ESC_CSI:
        if (c >= 0x40 && c <= 0x7e)
            f->state = ESC_NONE;
        return 0;
    case ESC_STRING:
        if (c == 0x07)
            f->state = ESC_NONE;
        else if (c == 0x1b)
            f->state = ESC_STRING_END;
        return 0;
    case ESC_STRING_END:
        f->state = c == '\\' ? ESC_NONE : ESC_STRING;
        return 0;
    case ESC_INTER:
        if (!(c >= 0x20 && c <= 0x2f))
            f->state = ESC_NONE;
        return 0;
    default:
        if (c == 0x1b) {
            f->state = ESC_START;
            return 0;
        }
        /* Keep text, tabs and newlines; drop \r and other controls. */
        return c >= 0x20 || c == '\n' || c == '\t';
    }
}

void esc_filter_feed(struct esc_filter *f, const char *in, size_t n, struct strbuf *out)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (filter_byte(f, (unsigned char)in[i])) {
            run++;
            continue;
        }
        sb_addn(out, in + i - run, run);
        run = 0;
    }
    sb_addn(out, in + n - run, run);
}

void matcher_init(struct matcher *m)
{
    memset(m, 0, sizeof *m);
    sb_init(&m->text);
}

void matcher_free(struct matcher *m)
{
    sb_free(&m->text);
}

void matcher_feed(struct matcher *m, const char *data, size_t n)
{
    esc_filter_feed(&m->f, data, n, &m->text);
}

void matcher_begin(struct matcher *m)
{
    m->scan = m->cursor;
}

void matcher_rewind_line(struct matcher *m)
{
    if (memchr(m->text.buf + m->cursor, '\n', m->text.len - m->cursor))
        return;
    while (m->cursor > 0 && m->text.buf[m->cursor - 1] != '\n')
        m->cursor--;
    m->scan = m->cursor;
}

int matcher_search(struct matcher *m, const regex_t *re, size_t *start, size_t *end)
{
    size_t from = m->scan > m->cursor ? m->scan : m->cursor;
    const char *s = m->text.buf + from;
    regmatch_t rm;
    int flags = (from > 0 && m->text.buf[from - 1] != '\n') ? REG_NOTBOL : 0;
    if (regexec(re, s, 1, &rm, flags) == 0) {
        if (start)
            *start = from + (size_t)rm.rm_so;
        if (end)
            *end = from + (size_t)rm.rm_eo;
        m->cursor = from + (size_t)rm.rm_eo;
        m->scan = m->cursor;
        return 1;
    }
    /* The last, incomplete line may still grow into a match. */
    const char *nl = strrchr(s, '\n');
    if (nl)
        m->scan = (size_t)(nl + 1 - m->text.buf);
    return 0;
}

char *text_tail(const char *text, size_t len, int n)
{
    size_t i = len;
    if (i > 0 && text[i - 1] == '\n')
        i--;
    while (i > 0) {
        if (text[i - 1] == '\n' && --n == 0)
            break;
        i--;
    }
    return xstrndup(text + i, len - i);
}

char *matcher_tail(const struct matcher *m, int n)
{
    return text_tail(m->text.buf, m->text.len, n);
}
