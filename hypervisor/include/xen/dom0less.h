/* Dom0-less boot: domains started by the hypervisor straight from boot
 * modules, as Xen's dom0less does on Arm. dom0less=<i>[,<j>...]|all picks
 * the modules; each one's own command line (after the loader's file name)
 * carries xl-style settings, then "--" and the guest's command line:
 *   guest.elf name=hcall memory=16 vcpus=1 cpus=0-1 weight=256 cap=0
 *             on_poweroff=destroy on_reboot=restart on_crash=preserve
 *             ramdisk=3 -- x=1
 * ramdisk= names another boot module, given to the guest as its initial
 * ramdisk (xl's key; the PVH start info's module 0).
 * The parser is pure (host-tested); arch/x86/dom0less_build.c builds. */
#ifndef XEN_DOM0LESS_H
#define XEN_DOM0LESS_H
#include <xen/types.h>

enum dom0less_action { DOM0LESS_DESTROY, DOM0LESS_RESTART, DOM0LESS_PRESERVE };

struct dom0less_config {
    char name[32];
    uint64_t memory_mb;                 /* default 32 */
    unsigned int vcpus;                 /* default 1 */
    uint64_t cpus;                      /* hard affinity bitmap; default all */
    unsigned int weight, cap;           /* credit: default 256, 0 (no cap) */
    enum dom0less_action on_poweroff, on_reboot, on_crash;  /* xl's defaults */
    int ramdisk;                        /* boot module index, -1: none */
    char cmdline[1024];                 /* the guest's, after "--" */
};

/* Parses one module command line; 0, or -1 with a message in err naming
 * the key and what is wrong with it. */
int dom0less_parse_config(const char *modline, struct dom0less_config *cfg,
                          char *err, size_t errlen);
/* dom0less=: a bitmap of module indexes (1 << i); "all" sets every bit.
 * 0 on success, -1 for a malformed list. */
int dom0less_parse_modules(const char *s, uint64_t *mask);
/* "0-3,6" / "all" into a CPU bitmap; -1 if malformed or beyond 63. */
int dom0less_parse_cpus(const char *s, uint64_t *mask);

#ifndef HOST_TEST
struct boot_info;
extern char opt_dom0less[64];
void dom0less_start(const struct boot_info *bi);
#endif

#endif
