/* The (vm ...) record read for the builder (see xend_vm.h). */
#include "xend_vm.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xen/xen.h>
#include <xen/sched.h>

#include "xend_vdev.h"

static int refuse(char **why, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int refuse(char **why, int err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    if (vasprintf(why, fmt, ap) < 0)
        *why = NULL;
    va_end(ap);
    return -err;
}

/* A whole word "key=" in s (at its start or after a space). */
static bool has_word(const char *s, const char *key)
{
    for (const char *p = s; (p = strstr(p, key)); p++)
        if (p == s || p[-1] == ' ')
            return true;
    return false;
}

char *xend_vm_cmdline(const char *root, const char *ip, const char *args)
{
    char *line;

    if (!args)
        args = "";
    if (asprintf(&line, "%s%s%s%s%s%s", root && *root && !has_word(args, "root=") ? "root=" : "",
                 root && *root && !has_word(args, "root=") ? root : "",
                 root && *root && !has_word(args, "root=") ? " " : "",
                 ip && *ip && !has_word(args, "ip=") ? "ip=" : "",
                 ip && *ip && !has_word(args, "ip=") ? ip : "",
                 ip && *ip && !has_word(args, "ip=") ? " " : "") < 0)
        return NULL;
    char *all;
    if (asprintf(&all, "%s%s", line, args) < 0)
        all = NULL;
    free(line);
    return all;
}

static int number(const struct sxp *vm, const char *key, uint64_t dflt,
                  uint64_t max, uint64_t *out, char **why)
{
    const char *v = sxp_child_value(vm, key, NULL);
    char *end;

    *out = dflt;
    if (!v)
        return 0;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (errno || end == v || *end || *v == '-' || n == 0 || n > max)
        return refuse(why, EINVAL, "vm: (%s %s) is not a number from 1 to %llu",
                      key, v, (unsigned long long)max);
    *out = n;
    return 0;
}

int xend_vm_spec_parse(const struct sxp *vm, struct xend_vm_spec *s, char **why)
{
    const struct sxp *image, *linux_image;
    uint64_t vcpus;
    int rc;

    memset(s, 0, sizeof(*s));
    *why = NULL;
    s->vm = vm;
    s->name = sxp_child_value(vm, "name", NULL);
    if (!s->name || !*s->name)
        return refuse(why, EINVAL, "vm: no name");
    /* Limits: Xen 4.17's HVM vCPU limit (HVM_MAX_VCPUS, 128); memory in
     * MiB up to 1 TiB, far beyond what a lab host has. */
    if ((rc = number(vm, "memory", 128, 1u << 20, &s->memory_mib, why)) ||
        (rc = number(vm, "maxmem", 0, 1u << 20, &s->maxmem_mib, why)) ||
        (rc = number(vm, "vcpus", 1, 128, &vcpus, why)))
        return rc;
    s->vcpus = (unsigned)vcpus;
    if (s->maxmem_mib < s->memory_mib)
        s->maxmem_mib = s->memory_mib;
    if (s->maxmem_mib != s->memory_mib)
        return refuse(why, EOPNOTSUPP, "vm: maxmem above memory (ballooning) is not built yet");
    image = sxp_child(vm, "image");
    if (image && sxp_child(image, "hvm"))
        return refuse(why, EOPNOTSUPP, "vm: HVM guests (builder='hvm') are not built by xend yet");
    linux_image = image ? sxp_child(image, "linux") : NULL;
    s->kernel = linux_image ? sxp_child_value(linux_image, "kernel", NULL) : NULL;
    if (!s->kernel || !*s->kernel)
        return refuse(why, EINVAL, "vm: no kernel");
    s->ramdisk = sxp_child_value(linux_image, "ramdisk", NULL);
    if (s->ramdisk && !*s->ramdisk)
        s->ramdisk = NULL;
    if ((rc = xend_vdev_check(vm, why)))
        return rc;
    s->vm = vm;
    s->cmdline = xend_vm_cmdline(sxp_child_value(linux_image, "root", NULL),
                                 sxp_child_value(linux_image, "ip", NULL),
                                 sxp_child_value(linux_image, "args", NULL));
    if (!s->cmdline)
        return refuse(why, ENOMEM, "vm: out of memory");
    return 0;
}

void xend_vm_spec_free(struct xend_vm_spec *s)
{
    free(s->cmdline);
    s->cmdline = NULL;
}

enum xend_action xend_vm_action(const struct sxp *vm, unsigned reason)
{
    const char *key, *dflt, *a;

    switch (reason) {
    case SHUTDOWN_poweroff: key = "on_poweroff", dflt = "destroy"; break;
    case SHUTDOWN_reboot: key = "on_reboot", dflt = "restart"; break;
    case SHUTDOWN_crash:
    case SHUTDOWN_watchdog: key = "on_crash", dflt = "restart"; break;
    default: return XEND_ACT_NONE;
    }
    a = sxp_child_value(vm, key, dflt);
    if (!strcmp(a, "destroy"))
        return XEND_ACT_DESTROY;
    if (!strcmp(a, "restart"))
        return XEND_ACT_RESTART;
    if (!strcmp(a, "preserve"))
        return XEND_ACT_PRESERVE;
    if (!strcmp(a, "rename-restart"))
        return XEND_ACT_RENAME_RESTART;
    return XEND_ACT_DESTROY;     /* xm refuses anything else before it sends */
}

const char *xend_action_name(enum xend_action a)
{
    static const char *const names[] = { "none", "destroy", "restart", "preserve",
                                         "rename-restart" };

    return a < sizeof(names) / sizeof(names[0]) ? names[a] : "?";
}
