/* The QEMU command line of one host, from its profile and the scenario's
 * host line. Socket and log names are relative: QEMU runs in the
 * scenario's artifact folder, which keeps them far below the 108-byte
 * sun_path limit however deep that folder is. */
#ifndef HARNESS_QEMU_ARGS_H
#define HARNESS_QEMU_ARGS_H

#include "profile.h"
#include "scenario.h"

enum serial_mode { SERIAL_SOCKET, SERIAL_STDIO, SERIAL_SERVER, SERIAL_FILE };

struct qemu_opts {
    const char *qemu;       /* binary */
    const char *accel;      /* "tcg" or "kvm" */
    enum serial_mode serial;
    const char *gdb;        /* e.g. "tcp:127.0.0.1:1234", or NULL */
    int stopped;            /* -S */
};

struct argv {
    char **v;
    int n, cap;
};

void argv_add(struct argv *a, const char *s);
void argv_addf(struct argv *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void argv_free(struct argv *a);
/* The command line as one shell-quoted string (new string). */
char *argv_join(const struct argv *a);

/* The MAC a host gets without mac=: 52:54:00:12:34:<index+1>. */
void default_mac(int host_index, char out[18]);
/* Doubles commas, as QEMU's option parser wants (new string). */
char *qemu_escape_commas(const char *s);

void qemu_build_argv(const struct profile *p, const struct scn_host *h, int host_index,
                     const struct qemu_opts *o, struct argv *out);

#endif
