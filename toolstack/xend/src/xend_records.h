/* What xend answers to list and info, built from what libxenctrl
 * reported: pure code (no hypercalls), so it is unit-tested on the host.
 * The keys and their order are Xen 4.1 xend's, which xm prints as is. */
#ifndef XEND_RECORDS_H
#define XEND_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/utsname.h>

#include <xenctrl.h>

#include "sxp.h"

/* Xen 4.1 xend's state letters r b p s c d: running, blocked, paused,
 * shut down (for any reason but a crash), crashed, dying. */
void xend_domain_state(uint32_t flags, char out[7]);

/* (domain (domid N) (uuid U) (name N) (memory MiB) (maxmem MiB) (vcpus N)
 *  (online_vcpus N) (state S) [(shutdown_reason R)] (cpu_time SECONDS)
 *  (ssidref N) (cpupool N)); page_size from XENVER_pagesize. */
bool xend_domain_record(const xc_domaininfo_t *info, const char *name,
                        unsigned long page_size, struct sxp *out);

/* Everything `xm info` shows, gathered by xend_xen.c. */
struct xend_node_facts {
    struct utsname uts;                 /* dom0's uname */
    xc_physinfo_t phys;
    const xc_cputopo_t *topo;           /* per CPU, xc_cputopoinfo */
    unsigned n_topo;
    const xc_meminfo_t *mem;            /* per node, xc_numainfo */
    const uint64_t *dma32_free;         /* per node: free bytes below 4 GiB */
    unsigned n_nodes;
    unsigned free_cpus;                 /* in no cpupool */
    int major, minor;
    const char *extra, *caps, *changeset, *cmdline;
    unsigned long virt_start, page_size;
    int sched_id;                       /* XEN_SCHEDULER_* */
    xen_compile_info_t cc;
    int xend_config_format;
};

/* (node (host H) (release R) ... (xend_config_format 4)) */
bool xend_node_record(const struct xend_node_facts *f, struct sxp *out);

/* "0-3,5" for the CPUs whose bit is set, "no cpus" for none; malloc'd. */
char *xend_cpu_ranges(const bool *set, size_t n);

#endif
