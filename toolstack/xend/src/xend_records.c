/* list and info records (see xend_records.h). */
#include "xend_records.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void xend_domain_state(uint32_t flags, char out[7])
{
    unsigned reason = (flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
    bool shutdown = flags & XEN_DOMINF_shutdown;

    out[0] = flags & XEN_DOMINF_running ? 'r' : '-';
    out[1] = flags & XEN_DOMINF_blocked ? 'b' : '-';
    out[2] = flags & XEN_DOMINF_paused ? 'p' : '-';
    out[3] = shutdown && reason != SHUTDOWN_crash ? 's' : '-';
    out[4] = shutdown && reason == SHUTDOWN_crash ? 'c' : '-';
    out[5] = flags & XEN_DOMINF_dying ? 'd' : '-';
    out[6] = '\0';
}

/* Names of SHUTDOWN_* (xen/sched.h), as xend wrote shutdown_reason. */
static const char *shutdown_name(unsigned reason)
{
    switch (reason) {
    case SHUTDOWN_poweroff: return "poweroff";
    case SHUTDOWN_reboot: return "reboot";
    case SHUTDOWN_suspend: return "suspend";
    case SHUTDOWN_crash: return "crash";
    case SHUTDOWN_watchdog: return "watchdog";
    case SHUTDOWN_soft_reset: return "soft_reset";
    default: return "unknown";
    }
}

static bool push_u64(struct sxp *l, const char *key, uint64_t v)
{
    char num[24];
    snprintf(num, sizeof(num), "%" PRIu64, v);
    return sxp_push_pair(l, key, num);
}

static uint64_t pages_mib(uint64_t pages, unsigned long page_size)
{
    /* max_pages may be "unlimited" (~0): saturate rather than wrap. */
    if (page_size && pages > UINT64_MAX / page_size)
        return UINT64_MAX >> 20;
    return pages * page_size >> 20;
}

bool xend_domain_record(const xc_domaininfo_t *info, const char *name,
                        unsigned long page_size, struct sxp *out)
{
    const uint8_t *h = info->handle;
    char uuid[40], state[7], secs[32];
    unsigned vcpus = info->max_vcpu_id == XEN_INVALID_MAX_VCPU_ID
                         ? 0 : info->max_vcpu_id + 1;
    bool ok;

    snprintf(uuid, sizeof(uuid),
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9],
             h[10], h[11], h[12], h[13], h[14], h[15]);
    xend_domain_state(info->flags, state);
    snprintf(secs, sizeof(secs), "%" PRIu64 ".%09" PRIu64,
             info->cpu_time / 1000000000u, info->cpu_time % 1000000000u);

    ok = sxp_list_new(out, "domain") &&
         push_u64(out, "domid", info->domain) &&
         sxp_push_pair(out, "uuid", uuid) &&
         sxp_push_pair(out, "name", name) &&
         push_u64(out, "memory", pages_mib(info->tot_pages, page_size)) &&
         push_u64(out, "maxmem", pages_mib(info->max_pages, page_size)) &&
         push_u64(out, "vcpus", vcpus) &&
         push_u64(out, "online_vcpus", info->nr_online_vcpus) &&
         sxp_push_pair(out, "state", state) &&
         (!(info->flags & XEN_DOMINF_shutdown) ||
          sxp_push_pair(out, "shutdown_reason",
                        shutdown_name((info->flags >> XEN_DOMINF_shutdownshift) &
                                      XEN_DOMINF_shutdownmask))) &&
         sxp_push_pair(out, "cpu_time", secs) &&
         push_u64(out, "ssidref", info->ssidref) &&
         push_u64(out, "cpupool", info->cpupool);
    if (!ok)
        sxp_free(out);
    return ok;
}

char *xend_cpu_ranges(const bool *set, size_t n)
{
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);
    bool first = true;

    if (!f)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        if (!set[i])
            continue;
        while (j + 1 < n && set[j + 1])
            j++;
        fprintf(f, j > i ? "%s%zu-%zu" : "%s%zu", first ? "" : ",", i, j);
        first = false;
        i = j;
    }
    if (first)
        fputs("no cpus", f);
    if (fclose(f)) {
        free(s);
        return NULL;
    }
    return s;
}

/* Xen 4.1 put one line per node in node_to_*, the later ones indented
 * to the value column of `xm info` (25). */
static const char node_indent[] = "\n                         ";

static char *node_to_cpu(const struct xend_node_facts *f)
{
    char *s = NULL, *r;
    size_t len = 0;
    FILE *out = open_memstream(&s, &len);
    bool *set = calloc(f->n_topo ? f->n_topo : 1, sizeof(*set));

    if (!out || !set) {
        if (out)
            fclose(out);
        free(s);
        free(set);
        return NULL;
    }
    for (unsigned node = 0; node < f->n_nodes; node++) {
        for (unsigned c = 0; c < f->n_topo; c++)
            set[c] = f->topo[c].node == node;
        r = xend_cpu_ranges(set, f->n_topo);
        fprintf(out, "%snode%u:%s", node ? node_indent : "", node, r ? r : "?");
        free(r);
    }
    free(set);
    if (fclose(out)) {
        free(s);
        return NULL;
    }
    return s;
}

static char *node_to_bytes(const struct xend_node_facts *f, bool dma32)
{
    char *s = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&s, &len);

    if (!out)
        return NULL;
    for (unsigned node = 0; node < f->n_nodes; node++)
        fprintf(out, "%snode%u:%" PRIu64, node ? node_indent : "", node,
                (dma32 ? f->dma32_free[node] : f->mem[node].memfree) >> 20);
    if (fclose(out)) {
        free(s);
        return NULL;
    }
    return s;
}

static const char *sched_name(int id)
{
    switch (id) {
    case XEN_SCHEDULER_CREDIT: return "credit";
    case XEN_SCHEDULER_CREDIT2: return "credit2";
    case XEN_SCHEDULER_ARINC653: return "arinc653";
    case XEN_SCHEDULER_RTDS: return "rtds";
    case XEN_SCHEDULER_NULL: return "null";
    default: return "unknown";
    }
}

static bool push_str(struct sxp *l, const char *key, const char *v)
{
    return sxp_push_pair(l, key, v ? v : "");
}

/* A value built in a malloc'd string, freed here. */
static bool push_owned(struct sxp *l, const char *key, char *v)
{
    bool ok = v && sxp_push_pair(l, key, v);
    free(v);
    return ok;
}

static char *hw_caps(const uint32_t cap[8])
{
    char *s = malloc(8 * 9);
    if (s)
        for (int i = 0; i < 8; i++)
            snprintf(s + 9 * i, 10, "%08x%s", cap[i], i < 7 ? ":" : "");
    return s;
}

bool xend_node_record(const struct xend_node_facts *f, struct sxp *out)
{
    const xc_physinfo_t *p = &f->phys;
    uint32_t caps = p->capabilities;
    char params[40];
    bool ok;

    /* Xen 4.1 knew two virtualization capabilities. */
    const char *virt = !(caps & XEN_SYSCTL_PHYSCAP_hvm) ? ""
                       : caps & XEN_SYSCTL_PHYSCAP_directio ? "hvm hvm_directio"
                                                            : "hvm";
    snprintf(params, sizeof(params), "virt_start=0x%lx", f->virt_start);

    ok = sxp_list_new(out, "node") &&
         push_str(out, "host", f->uts.nodename) &&
         push_str(out, "release", f->uts.release) &&
         push_str(out, "version", f->uts.version) &&
         push_str(out, "machine", f->uts.machine) &&
         push_u64(out, "nr_cpus", p->nr_cpus) &&
         push_u64(out, "nr_nodes", p->nr_nodes) &&
         push_u64(out, "cores_per_socket", p->cores_per_socket) &&
         push_u64(out, "threads_per_core", p->threads_per_core) &&
         push_u64(out, "cpu_mhz", p->cpu_khz / 1000) &&
         push_owned(out, "hw_caps", hw_caps(p->hw_cap)) &&
         push_str(out, "virt_caps", virt) &&
         push_u64(out, "total_memory", pages_mib(p->total_pages, f->page_size)) &&
         push_u64(out, "free_memory", pages_mib(p->free_pages, f->page_size)) &&
         push_u64(out, "free_cpus", f->free_cpus) &&
         push_owned(out, "node_to_cpu", node_to_cpu(f)) &&
         push_owned(out, "node_to_memory", node_to_bytes(f, false)) &&
         push_owned(out, "node_to_dma32_mem", node_to_bytes(f, true)) &&
         /* Xen 4.17 reports the largest possible node here; 4.1 showed
          * the largest online one, which is the last numainfo gave. */
         push_u64(out, "max_node_id", f->n_nodes ? f->n_nodes - 1 : 0) &&
         push_u64(out, "xen_major", (uint64_t)f->major) &&
         push_u64(out, "xen_minor", (uint64_t)f->minor) &&
         push_str(out, "xen_extra", f->extra) &&
         push_str(out, "xen_caps", f->caps) &&
         push_str(out, "xen_scheduler", sched_name(f->sched_id)) &&
         push_u64(out, "xen_pagesize", f->page_size) &&
         push_str(out, "platform_params", params) &&
         push_str(out, "xen_changeset", f->changeset) &&
         push_str(out, "xen_commandline", f->cmdline) &&
         push_str(out, "cc_compiler", f->cc.compiler) &&
         push_str(out, "cc_compile_by", f->cc.compile_by) &&
         push_str(out, "cc_compile_domain", f->cc.compile_domain) &&
         push_str(out, "cc_compile_date", f->cc.compile_date) &&
         push_u64(out, "xend_config_format", (uint64_t)f->xend_config_format);
    if (!ok)
        sxp_free(out);
    return ok;
}
