/* Hypervisor command line: a table of known options, parsed in one place. */
#ifndef XEN_PARAM_H
#define XEN_PARAM_H
#include <xen/types.h>

enum param_type { PARAM_BOOL, PARAM_STR, PARAM_SIZE, PARAM_UINT, PARAM_CUSTOM };

struct kernel_param {
    const char *name;
    enum param_type type;
    void *var;                  /* bool, char[len], uint64_t, unsigned int */
    size_t len;                 /* PARAM_STR: size of the buffer */
    int (*custom)(const char *val); /* PARAM_CUSTOM: 0 if val was accepted */
};

/* Called once per problem with a finished message (no newline). */
typedef void (*param_report_t)(const char *msg);

/* Parses "opt opt=val ..." against the table; returns how many options were
 * unknown or had bad values (each also reported). */
int parse_cmdline(const char *cmdline, const struct kernel_param *params,
                  size_t nr, param_report_t report);

/* "512M", "1G", "4096k", "123" (bytes): Xen's suffixes; 0 on success. */
int parse_size_and_unit(const char *s, const char **end, uint64_t *out);
int parse_bool(const char *s);  /* 1, 0, or -1 when it is not a boolean */

/* dom0_mem=[min:<sz>,][max:<sz>,][<sz>] as in Xen. */
struct dom0_mem { uint64_t amount, min, max; };
int parse_dom0_mem(const char *s, struct dom0_mem *out);
/* dom0_max_vcpus=<n> or <min>-<max>. */
int parse_dom0_max_vcpus(const char *s, unsigned int *min, unsigned int *max);

#endif
