#include "cescape.h"
#include "util.h"

#include <stdlib.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

const char *cescape_decode(const char *src, char **out, size_t *outlen)
{
    struct strbuf sb;
    sb_init(&sb);
    for (const char *p = src; *p; p++) {
        if (*p != '\\') {
            sb_addc(&sb, *p);
            continue;
        }
        p++;
        switch (*p) {
        case 'n': sb_addc(&sb, '\n'); break;
        case 'r': sb_addc(&sb, '\r'); break;
        case 't': sb_addc(&sb, '\t'); break;
        case '\\': sb_addc(&sb, '\\'); break;
        case '"': sb_addc(&sb, '"'); break;
        case 'x': {
            int hi = hexval(p[1]), lo = hi >= 0 ? hexval(p[2]) : -1;
            if (hi < 0 || lo < 0) {
                sb_free(&sb);
                return "\\x needs two hex digits";
            }
            sb_addc(&sb, (char)(hi * 16 + lo));
            p += 2;
            break;
        }
        case '\0':
            sb_free(&sb);
            return "text ends in a lone backslash";
        default:
            sb_free(&sb);
            return "unknown escape (use \\n \\r \\t \\\\ \\\" \\xNN)";
        }
    }
    *outlen = sb.len;
    *out = sb_steal(&sb);
    return NULL;
}
