/* vcpu-list, vcpu-pin and the affinity from cpus= at create (see
 * xend_vcpu.h): xc_vcpu_getinfo, xc_vcpu_getaffinity and
 * xc_vcpu_setaffinity (XEN_DOMCTL_getvcpuinfo, XEN_DOMCTL_getvcpuaffinity,
 * XEN_DOMCTL_setvcpuaffinity with XEN_VCPUAFFINITY_HARD), as Xen 4.1's
 * xend (XendDomainInfo.getVCPUInfo, setVCpuAffinity) asked them. */
#include "xend_vcpu.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon_log.h"
#include "xend_cpus.h"

/* The host's CPUs (xc_physinfo) and a byte map big enough for them. */
static int host_cpus(struct xend_xen *x, unsigned *nr, uint8_t **map, int *bytes, char **why)
{
    xc_physinfo_t p = { 0 };

    if (xc_physinfo(x->xch, &p) < 0)
        return xend_say(why, errno, "xc_physinfo: %s", strerror(errno));
    *nr = p.nr_cpus;
    *bytes = xc_get_cpumap_size(x->xch);
    *map = *bytes > 0 ? xc_cpumap_alloc(x->xch) : NULL;
    if (!*map)
        return xend_say(why, ENOMEM, "xc_cpumap_alloc: %s", strerror(errno));
    return 0;
}

/* (vcpu (number I) (online) (blocked) (running) (cpu_time S) (cpu C)
 *  (cpumap N ...)) for each vCPU, pushed onto dom. */
static int push_vcpus(struct xend_xen *x, uint32_t domid, unsigned count, unsigned nr,
                      uint8_t *map, int bytes, struct sxp *dom, char **why)
{
    for (unsigned v = 0; v < count; v++) {
        xc_vcpuinfo_t vi;
        struct sxp rec;
        char secs[32];
        bool ok;

        if (xc_vcpu_getinfo(x->xch, domid, v, &vi) < 0 ||
            xc_vcpu_getaffinity(x->xch, domid, (int)v, map, NULL, XEN_VCPUAFFINITY_HARD) < 0)
            return xend_say(why, errno, "domain %" PRIu32 " vCPU %u: %s", domid, v,
                            strerror(errno));
        snprintf(secs, sizeof(secs), "%.3f", (double)vi.cpu_time / 1e9);
        ok = sxp_list_new(&rec, "vcpu") && sxp_push_int(&rec, "number", v) &&
             sxp_push_int(&rec, "online", vi.online) &&
             sxp_push_int(&rec, "blocked", vi.blocked) &&
             sxp_push_int(&rec, "running", vi.running) &&
             sxp_push_pair(&rec, "cpu_time", secs) &&
             sxp_push_int(&rec, "cpu", vi.cpu) &&
             xend_cpus_push_list(&rec, map, (size_t)bytes, nr);
        if (!ok || !sxp_push_list(dom, &rec)) {
            sxp_free(&rec);
            return -ENOMEM;
        }
    }
    return 0;
}

int xend_xen_vcpu_list(struct xend_xen *x, const struct xend_request *req, struct sxp *out,
                       char **why, const char **subject)
{
    struct xend_request lreq = *req;
    struct sxp doms = { 0 };
    uint8_t *map = NULL;
    unsigned nr;
    int bytes, rc;

    lreq.op = XEND_OP_LIST;
    if ((rc = xend_xen_list(x, &lreq, &doms, why, subject)) < 0)
        return rc;
    if ((rc = host_cpus(x, &nr, &map, &bytes, why)) < 0)
        goto out;
    if (!sxp_list_new(out, "vcpus") || !sxp_push_int(out, "nr_cpus", nr)) {
        rc = -ENOMEM;
        goto out;
    }
    for (size_t i = 1; !rc && i < doms.n; i++) {
        const struct sxp *d = &doms.items[i];
        struct sxp dom;
        uint32_t domid = (uint32_t)strtoul(sxp_child_value(d, "domid", "0"), NULL, 10);
        unsigned count = (unsigned)strtoul(sxp_child_value(d, "vcpus", "0"), NULL, 10);

        if (!sxp_list_new(&dom, "domain") ||
            !sxp_push_pair(&dom, "domid", sxp_child_value(d, "domid", "")) ||
            !sxp_push_pair(&dom, "name", sxp_child_value(d, "name", "")) ||
            !sxp_push_int(&dom, "vcpu_count", count))
            rc = -ENOMEM;
        else
            rc = push_vcpus(x, domid, count, nr, map, bytes, &dom, why);
        if (rc || !sxp_push_list(out, &dom)) {
            sxp_free(&dom);
            rc = rc ? rc : -ENOMEM;
        }
    }
    if (rc)
        sxp_free(out);
out:
    free(map);
    sxp_free(&doms);
    return rc;
}

/* Pins vCPU v of domid to m. */
static int pin(struct xend_xen *x, uint32_t domid, unsigned v, const struct xm_cpumap *m,
               unsigned nr, uint8_t *map, int bytes, char **why)
{
    char text[512];

    if (!xend_cpus_to_bytes(m, map, (size_t)bytes, nr)) {
        xm_cpumap_format(m, text, sizeof(text));
        return xend_say(why, EINVAL, "Invalid CPU list '%s': the host has CPUs 0 to %u", text,
                        nr - 1);
    }
    if (xc_vcpu_setaffinity(x->xch, domid, (int)v, map, NULL, XEN_VCPUAFFINITY_HARD) < 0)
        return xend_say(why, errno, "xc_vcpu_setaffinity: vCPU %u: %s", v, strerror(errno));
    return 0;
}

int xend_xen_vcpu_pin(struct xend_xen *x, const struct xend_request *req, struct sxp *out,
                      char **why, const char **subject)
{
    const char *want = req->domains[0];
    xc_domaininfo_t info;
    struct xm_cpumap m;
    uint8_t *map = NULL;
    unsigned nr, vcpu, max;
    uint32_t domid;
    bool all;
    int bytes, rc = xend_xen_find_domain(x, want, &domid, why, subject);

    if (rc)
        return rc;
    if (xc_domain_getinfolist(x->xch, domid, 1, &info) != 1 || info.domain != domid)
        return xend_say(why, errno ? errno : ESRCH, "xc_domain_getinfolist: %s", strerror(errno));
    max = info.max_vcpu_id + 1;
    if ((rc = host_cpus(x, &nr, &map, &bytes, why)) < 0)
        return rc;
    if ((rc = xend_cpus_parse_vcpu(req->args[0], max, &vcpu, &all, why)) < 0 ||
        (rc = xend_cpus_parse_pin(req->args[1], nr, &m, why)) < 0)
        goto out;
    for (unsigned v = all ? 0 : vcpu; !rc && v < (all ? max : vcpu + 1); v++)
        rc = pin(x, domid, v, &m, nr, map, bytes, why);
    if (!rc) {
        daemon_log(DLOG_INFO, (int)domid, "pinned domain %" PRIu32 " vCPU %s to CPUs %s",
                   domid, req->args[0], req->args[1]);
        rc = sxp_list_new(out, "domain") && sxp_push_int(out, "domid", domid) ? 0 : -ENOMEM;
    }
out:
    free(map);
    return rc;
}

int xend_vcpu_apply_cpus(struct xend_xen *x, uint32_t domid, const struct sxp *vm,
                         unsigned vcpus, char **why)
{
    uint8_t *map = NULL;
    unsigned nr;
    int bytes, rc;

    if (!vm || !sxp_child(vm, "cpus"))
        return 0;       /* no cpus=: Xen places the vCPUs */
    rc = host_cpus(x, &nr, &map, &bytes, why);
    for (unsigned v = 0; !rc && v < vcpus; v++) {
        struct xm_cpumap m;

        rc = xend_cpus_of_vcpu(vm, v, &m, why);
        rc = rc > 0 ? pin(x, domid, v, &m, nr, map, bytes, why) : rc;
    }
    free(map);
    return rc;
}
