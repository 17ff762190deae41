/* xsplay bench: what TRANSACTION_START costs as the store grows. Xen's
 * C xenstored records the nodes a transaction touches (with their
 * generation counts), so a start must cost the same on any store; ours
 * too (README, Transactions). The fill is pipelined: batches of writes
 * are sent before their replies are read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xsplay.h"

#define BATCH 100
#define TIMEOUT_MS 30000

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sends one request; its reply's payload lands in body. */
static int call(int fd, uint32_t type, uint32_t tx, const char *payload,
		size_t len, char *body)
{
	char msg[sizeof(struct xsd_sockmsg) + 256];
	struct xsd_sockmsg hdr = { .type = type, .tx_id = tx, .len = (uint32_t)len };

	memcpy(msg, &hdr, sizeof(hdr));
	memcpy(msg + sizeof(hdr), payload, len);
	if (xsp_send(fd, msg, sizeof(hdr) + len) ||
	    xsp_recv(fd, &hdr, body, TIMEOUT_MS) || hdr.type != type) {
		fprintf(stderr, "xsplay bench: %s failed: %s\n",
			type == XS_WRITE ? "WRITE" : "TRANSACTION", body);
		return -1;
	}
	return 0;
}

/* Nodes /xsbench/<k / 1000>/<k % 1000> for k < nodes (those there from
 * an earlier run are written again), at most 1000 per directory: a
 * directory's children are one record in Xen's data base. */
static int fill(int fd, int nodes, char *body)
{
	for (int i = 0; i < nodes; i += BATCH) {
		int n = nodes - i < BATCH ? nodes - i : BATCH;
		struct xsd_sockmsg hdr;

		for (int k = i; k < i + n; k++) {
			char msg[128];
			struct xsd_sockmsg *h = (struct xsd_sockmsg *)msg;
			int len = snprintf(msg + sizeof(*h), sizeof(msg) - sizeof(*h),
					   "/xsbench/%d/%d%cx", k / 1000, k % 1000, '\0');

			*h = (struct xsd_sockmsg){ .type = XS_WRITE, .len = (uint32_t)len };
			if (xsp_send(fd, msg, sizeof(*h) + (size_t)len))
				return -1;
		}
		for (int k = 0; k < n; k++)
			if (xsp_recv(fd, &hdr, body, TIMEOUT_MS) || hdr.type != XS_WRITE) {
				fprintf(stderr, "xsplay bench: fill: %s\n", body);
				return -1;
			}
	}
	return 0;
}

int xsp_bench(const char *path, int nodes, int rounds)
{
	static char body[XENSTORE_PAYLOAD_MAX + 1];
	int fd = xsp_dial(path);
	double t0 = now(), t_fill, t_start = 0, t_end = 0, t_min = 1e9, t_max = 0;

	if (nodes < 0 || rounds <= 0 || fill(fd, nodes, body))
		return 1;
	t_fill = now() - t0;
	for (int i = -rounds / 10; i < rounds; i++) { /* a tenth to warm up */
		double a = now(), b;
		uint32_t id;

		if (call(fd, XS_TRANSACTION_START, 0, "", 1, body))
			return 1;
		b = now();
		id = (uint32_t)strtoul(body, NULL, 10);
		if (call(fd, XS_TRANSACTION_END, id, "F", 2, body))
			return 1;
		if (i >= 0) {
			t_start += b - a;
			t_end += now() - b;
			t_min = b - a < t_min ? b - a : t_min;
			t_max = b - a > t_max ? b - a : t_max;
		}
	}
	/* The form of Xen's test-xenstore, which bench/run reads too. */
	printf("TRANSACTION_START, %d nodes: avg: %.0f ns (%.0f ns .. %.0f ns; "
	       "TRANSACTION_END F avg: %.0f ns; %d rounds; store filled in %.1f s)\n",
	       nodes, t_start * 1e9 / rounds, t_min * 1e9, t_max * 1e9,
	       t_end * 1e9 / rounds, rounds, t_fill);
	close(fd);
	return 0;
}
