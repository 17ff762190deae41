/* xsplay's script lines (format in xsplay.h). */
#include "xsplay.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "xs_wire.h"

/* Copies the next space-separated word of *p into out (max chars). */
static int word(const char **p, char *out, size_t max)
{
	size_t n = 0;

	while (**p == ' ' || **p == '\t')
		(*p)++;
	while (**p && **p != ' ' && **p != '\t') {
		if (n + 1 >= max)
			return -1;
		out[n++] = *(*p)++;
	}
	out[n] = '\0';
	return n ? 0 : -1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Unescapes s into st->payload. */
static int unescape(const char *s, struct xsp_step *st, const char **err)
{
	size_t n = 0;

	for (; *s; s++) {
		char c = *s;

		if (n == sizeof(st->payload)) {
			*err = "payload too long";
			return -1;
		}
		if (c == '\\') {
			switch (*++s) {
			case '0': c = '\0'; break;
			case '\\': c = '\\'; break;
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'x':
				if (hexval(s[1]) < 0 || hexval(s[2]) < 0) {
					*err = "\\x wants two hex digits";
					return -1;
				}
				c = (char)(hexval(s[1]) << 4 | hexval(s[2]));
				s += 2;
				break;
			default:
				*err = "unknown escape";
				return -1;
			}
		}
		st->payload[n++] = c;
	}
	st->len = n;
	return 0;
}

static int parse_type(const char *w)
{
	char *end;
	long v;

	if (!strcmp(w, "RAW"))
		return XSP_RAW;
	for (int t = 0; t < XS_TYPE_COUNT; t++)
		if (!strcmp(w, xs_wire_type_name(t)))
			return t;
	v = strtol(w, &end, 10);
	return *end || v < 0 || v > 0xffff ? -2 : (int)v;
}

int xsp_parse_line(const char *line, struct xsp_step *st, const char **err)
{
	const char *p = line;
	char w[XSP_NAME_MAX + 8];

	memset(st, 0, sizeof(*st));
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p || *p == '#')
		return 0;
	if (word(&p, st->conn, sizeof(st->conn))) {
		*err = "connection name too long";
		return -1;
	}
	if (word(&p, w, sizeof(w)) || (st->type = parse_type(w)) == -2) {
		*err = "unknown message type";
		return -1;
	}
	/* Options, then the payload after exactly one space. */
	for (;;) {
		const char *q = p + (*p == ' ');
		char *dst;

		if (*q == '@' && st->type != XSP_RAW)
			dst = st->tx;
		else if (*q == '>' && st->type == XS_TRANSACTION_START)
			dst = st->bind;
		else
			break;
		q++;
		if (*q == ' ' || word(&q, dst, XSP_NAME_MAX)) {
			*err = "bad @transaction or >name";
			return -1;
		}
		p = q;
	}
	if (*p == ' ')
		p++;
	else if (*p) {
		*err = "payload must follow one space";
		return -1;
	}
	return unescape(p, st, err) ? -1 : 1;
}
