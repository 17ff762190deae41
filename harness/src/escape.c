#include "escape.h"

#include <string.h>

/* Length of the valid UTF-8 sequence at s (max n bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t len;
    unsigned min;
    unsigned cp;
    if (s[0] < 0x80)
        return 1;
    if ((s[0] & 0xe0) == 0xc0) { len = 2; cp = s[0] & 0x1f; min = 0x80; }
    else if ((s[0] & 0xf0) == 0xe0) { len = 3; cp = s[0] & 0x0f; min = 0x800; }
    else if ((s[0] & 0xf8) == 0xf0) { len = 4; cp = s[0] & 0x07; min = 0x10000; }
    else return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
        return 0;
    return len;
}

void xml_escape(struct strbuf *out, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char c = u[i];
        switch (c) {
        case '&': sb_adds(out, "&amp;"); i++; continue;
        case '<': sb_adds(out, "&lt;"); i++; continue;
        case '>': sb_adds(out, "&gt;"); i++; continue;
        case '"': sb_adds(out, "&quot;"); i++; continue;
        case '\'': sb_adds(out, "&#39;"); i++; continue;
        default: break;
        }
        if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            sb_addc(out, '?');
            i++;
            continue;
        }
        size_t len = utf8_len(u + i, n - i);
        if (len == 0) {
            sb_addc(out, '?');
            i++;
            continue;
        }
        sb_addn(out, s + i, len);
        i += len;
    }
}

char *tap_escape(const char *s)
{
    struct strbuf sb;
    sb_init(&sb);
    for (; *s; s++) {
        if (*s == '#' || *s == '\\')
            sb_addc(&sb, '\\');
        if (*s == '\n' || *s == '\r')
            sb_addc(&sb, ' ');
        else
            sb_addc(&sb, *s);
    }
    return sb_steal(&sb);
}
