/* xsplay's transcript: requests and replies in one canonical form. */
#include "xsplay.h"

#include <stdlib.h>
#include <string.h>

#include "xs_wire.h"

int xsp_names_add(struct xsp_names *nm, uint32_t id, const char *var,
		  const char *conn)
{
	if (nm->n == XSP_MAX_NAMES)
		return -1;
	nm->id[nm->n] = id;
	snprintf(nm->var[nm->n], XSP_NAME_MAX, "%s", var);
	snprintf(nm->conn[nm->n], XSP_NAME_MAX, "%s", conn);
	return (int)nm->n++;
}

int xsp_names_lookup(const struct xsp_names *nm, const char *tx, uint32_t *id)
{
	char *end;
	unsigned long v;

	if (!*tx) {
		*id = 0;
		return 0;
	}
	/* The latest binding wins: a script may reuse a name. */
	for (unsigned i = nm->n; i-- > 0;)
		if (!strcmp(nm->var[i], tx)) {
			*id = nm->id[i];
			return 0;
		}
	v = strtoul(tx, &end, 10);
	if (*end || v > UINT32_MAX)
		return -1;
	*id = (uint32_t)v;
	return 0;
}

void xsp_escape(FILE *out, const void *buf, size_t len)
{
	const unsigned char *b = buf;

	for (size_t i = 0; i < len; i++) {
		if (b[i] == '\0')
			fputs("\\0", out);
		else if (b[i] == '\\')
			fputs("\\\\", out);
		else if (b[i] == '\n')
			fputs("\\n", out);
		else if (b[i] == '\t')
			fputs("\\t", out);
		else if (b[i] < 0x20 || b[i] >= 0x7f)
			fprintf(out, "\\x%02x", b[i]);
		else
			fputc(b[i], out);
	}
}

static void type_name(FILE *out, uint32_t type)
{
	if (type < XS_TYPE_COUNT && strcmp(xs_wire_type_name(type), "UNKNOWN"))
		fputs(xs_wire_type_name(type), out);
	else
		fprintf(out, "%u", type);
}

/* An id by its transcript name (t1, ...), or as a number if unnamed. */
static void tx_name(FILE *out, const struct xsp_names *nm, const char *conn,
		    uint32_t id)
{
	for (int any = 0; any < 2; any++)
		for (unsigned i = nm->n; i-- > 0;)
			if (nm->id[i] == id && (any || !strcmp(nm->conn[i], conn))) {
				fprintf(out, "t%u", i + 1);
				return;
			}
	fprintf(out, "%u", id);
}

void xsp_print_step(FILE *out, const struct xsp_step *st)
{
	fprintf(out, "> %s ", st->conn);
	if (st->type == XSP_RAW)
		fputs("RAW", out);
	else
		type_name(out, (uint32_t)st->type);
	if (*st->tx)
		fprintf(out, " @%s", st->tx);
	fputc(' ', out);
	xsp_escape(out, st->payload, st->len);
	fputc('\n', out);
}

/* The name of a DIRECTORY_PART reply's generation (its first string),
 * or 0 when it is not a number or the table is full. */
static unsigned gen_name(struct xsp_names *nm, const char *body, size_t len)
{
	char *end;
	unsigned long g;

	if (!len || !memchr(body, '\0', len) || body[0] < '0' || body[0] > '9')
		return 0;
	g = strtoul(body, &end, 10);
	if (*end)
		return 0;
	for (unsigned i = 0; i < nm->ngen; i++)
		if (nm->gen[i] == g)
			return i + 1;
	if (nm->ngen == XSP_MAX_NAMES)
		return 0;
	nm->gen[nm->ngen++] = g;
	return nm->ngen;
}

void xsp_print_msg(FILE *out, struct xsp_names *nm, const char *conn,
		   const struct xsd_sockmsg *hdr, const char *body,
		   uint32_t want_req, const char *var)
{
	int named = 0;
	unsigned gen = 0;

	if (hdr->type == XS_TRANSACTION_START && hdr->len && !body[hdr->len - 1]) {
		char *end;
		unsigned long id = strtoul(body, &end, 10);

		if (*body && !*end && id <= UINT32_MAX &&
		    xsp_names_add(nm, (uint32_t)id, var ? var : "", conn) >= 0)
			named = 1;
	}
	if (hdr->type == XS_DIRECTORY_PART)
		gen = gen_name(nm, body, hdr->len);
	fprintf(out, "< %s ", conn);
	type_name(out, hdr->type);
	if (hdr->req_id != want_req)
		fprintf(out, " req=%u", hdr->req_id);
	if (hdr->tx_id) {
		fputs(" tx=", out);
		tx_name(out, nm, conn, hdr->tx_id);
	}
	fputc(' ', out);
	if (named) {
		fprintf(out, "t%u", nm->n);
		fputs("\\0", out);
	} else if (gen) {
		size_t gl = strlen(body) + 1;

		fprintf(out, "g%u\\0", gen);
		xsp_escape(out, body + gl, hdr->len - gl);
	} else {
		xsp_escape(out, body, hdr->len);
	}
	fputc('\n', out);
}
