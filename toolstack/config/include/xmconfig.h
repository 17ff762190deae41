/* The xm domain configuration file (guide sections 4.1.4, 4.2, 6.2, 6.4):
 * a small subset of Python (assignments of strings, integers and lists)
 * turned into a typed, validated struct xm_domain_config.
 *
 * What each key means is written down in toolstack/config/KEYS.md. */
#ifndef XMCONFIG_H
#define XMCONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfg_diag.h"
#include "sxp.h"

/* Physical CPU numbers a cpus= entry may name. */
#define XM_MAX_PCPUS 4096
#define XM_CPUMAP_WORDS (XM_MAX_PCPUS / 64)

struct xm_cpumap {
    uint64_t bits[XM_CPUMAP_WORDS];
};

enum xm_builder { XM_BUILDER_LINUX, XM_BUILDER_HVM };

/* What xend does when the domain powers off, reboots or crashes. */
enum xm_action {
    XM_ACTION_DESTROY,
    XM_ACTION_RESTART,
    XM_ACTION_PRESERVE,
    XM_ACTION_RENAME_RESTART,
    XM_ACTION_COREDUMP_DESTROY,   /* on_crash only */
    XM_ACTION_COREDUMP_RESTART,   /* on_crash only */
};

/* How the cpus= key was written (section 6.4). */
enum xm_cpus_form {
    XM_CPUS_UNSET,       /* no cpus= key, or cpus = "": Xen chooses */
    XM_CPUS_COMMON,      /* cpus = "0-3,5,^1": one map for every vCPU */
    XM_CPUS_PER_VCPU,    /* cpus = ["2", "8"]: vCPU i gets entry i */
};

enum xm_disk_backend {
    XM_DISK_EMPTY,   /* ",hdc:cdrom,r": a drive with no medium */
    XM_DISK_PHY,     /* phy:/dev/sda1 (a dom0 block device) */
    XM_DISK_FILE,    /* file:/path.img (loopback in dom0) */
    XM_DISK_TAP,     /* tap:<driver>:/path (blktap: aio, qcow, vhd, ...) */
};

enum xm_disk_mode { XM_DISK_RO, XM_DISK_RW, XM_DISK_RW_SHARED /* "w!" */ };

/* 'uname,dev[:type],mode[,backend[,protocol]]' */
struct xm_disk {
    enum xm_disk_backend backend;
    char *uname;        /* as written: "tap:aio:/home/giorgos/xen/domu1.img" */
    char *tap_driver;   /* "aio", "qcow", ... (XM_DISK_TAP only) */
    char *target;       /* path or device; "" for XM_DISK_EMPTY */
    char *vdev;         /* "xvda1", "hda", "hdc" (without ioemu:/:cdrom) */
    bool ioemu;         /* "ioemu:hda": emulated by the device model */
    bool is_cdrom;      /* "hdc:cdrom" */
    enum xm_disk_mode mode;
    char *backend_domain;  /* optional 4th field, or NULL */
    char *protocol;        /* optional 5th field, or NULL */
};

/* 'key=value, key=value' with keys mac, bridge, type, script, ip, vifname,
 * model, backend, rate, accel; '' means every default. */
struct xm_vif {
    bool has_mac;
    uint8_t mac[6];        /* valid when has_mac; else xend picks 00:16:3e:.. */
    char *bridge;          /* NULL: the first bridge found */
    bool type_ioemu;       /* type=ioemu: emulated NIC for an HVM guest */
    char *script;          /* NULL: vif-script of xend-config.sxp */
    char *ip;              /* NULL, or space separated addresses */
    char *vifname;         /* NULL: vif<domid>.<n> */
    char *model;           /* emulated NIC model (HVM), e.g. "e1000" */
    char *backend;         /* backend domain, NULL: dom0 */
    char *rate;            /* e.g. "10Mb/s", NULL: unlimited */
    char *accel;
};

struct xm_hvm {
    char *device_model;    /* "qemu-dm" */
    char *boot;            /* letters of a, c, d, n; default "c" */
    bool acpi, apic, pae;  /* default 1 each */
    bool sdl;              /* default 0 */
    bool vnc;              /* default 1 */
    char *vnclisten;       /* NULL: vnc-listen of xend-config.sxp */
    int vncdisplay;        /* -1: the domain id */
    bool vncunused;        /* default 1 */
    char *vncpasswd;       /* NULL: vncpasswd of xend-config.sxp */
    bool nographic;
    char *serial;          /* "pty", "file:...", ... or NULL */
    bool usb;
    char *usbdevice;       /* "mouse", "tablet", "host:id1:id2" or NULL */
    bool localtime;        /* RTC in local time instead of UTC */
    char *keymap;          /* e.g. "en-us" or NULL */
    char *soundhw;         /* "sb16", "es1370", "all" or NULL */
    bool stdvga;           /* 0: Cirrus Logic */
    bool monitor;          /* expose the device model's monitor */
    int xen_platform_pci;  /* default 1 */
};

struct xm_domain_config {
    char *file;            /* label used in messages */
    unsigned last_line;    /* where the file ends (0: empty), for keys
                              that are missing */
    char *name;
    enum xm_builder builder;
    char *kernel;          /* "hvmloader" for HVM guests */
    char *ramdisk;         /* NULL if none */
    unsigned long memory_mib;   /* default 128 */
    unsigned long maxmem_mib;   /* 0: same as memory */
    unsigned vcpus;             /* default 1 */

    enum xm_cpus_form cpus_form;
    struct xm_cpumap cpus_common;        /* XM_CPUS_COMMON */
    struct xm_cpumap *cpus_per_vcpu;     /* XM_CPUS_PER_VCPU: vcpus maps */
    unsigned n_cpus_per_vcpu;

    struct xm_disk *disks;
    size_t n_disks;
    struct xm_vif *vifs;
    size_t n_vifs;

    /* Kernel command line pieces (PV guests). */
    char *root;            /* without "root=" */
    char *extra;
    char *dhcp;            /* "off" (default) or "dhcp" */
    char *ip, *netmask, *gateway, *hostname;
    char *interface;       /* default "eth0" */
    char *nfs_server, *nfs_root;

    enum xm_action on_poweroff, on_reboot, on_crash;
    int tsc_mode;          /* 0 default, 1 always emulate, 2 native, 3 pvrdtscp */
    struct xm_hvm hvm;

    /* Keys the file (or an override) set, with their lines. */
    struct xm_given {
        char *key;
        unsigned line;
        bool override;   /* line counts xm command-line variables */
    } *given;
    size_t n_given;
};

/* Parses a config file. overrides are "key=value" strings from the xm
 * command line (section 6.1.2); they win over the file, values are taken
 * as plain strings, and a list key given several times collects them.
 * Returns 0 when there is no error (warnings allowed), -1 otherwise; cfg is
 * then still safe to free. Messages go to diags. */
int xm_config_parse_file(const char *path, const char *const *overrides,
                         size_t n_overrides, struct xm_domain_config *cfg,
                         struct cfg_diags *diags);
int xm_config_parse_string(const char *text, size_t len, const char *label,
                           const char *const *overrides, size_t n_overrides,
                           struct xm_domain_config *cfg,
                           struct cfg_diags *diags);
void xm_config_free(struct xm_domain_config *cfg);

/* The file "xm create <name>" reads: name itself if it exists, else the
 * first <dir>/<name> for dir in search_path (colon separated; NULL means
 * xm's ".:/etc/xen"). Returns 0 with the path in out, or -1 with errno
 * ENOENT or ENAMETOOLONG. */
int xm_config_locate(const char *name, const char *search_path, char *out,
                     size_t len);

/* Did the config set this key (file or override)? Line or 0. */
unsigned xm_config_given(const struct xm_domain_config *cfg, const char *key);

/* The guest kernel command line as xm/xend built it: "root=<root> ip=<..>
 * <nfsroot=server:path> <extra>". malloc'd; NULL only on out of memory. */
char *xm_config_kernel_cmdline(const struct xm_domain_config *cfg);

/* The pCPUs vCPU vcpu may run on; false means "no pinning" (any pCPU). */
bool xm_config_vcpu_affinity(const struct xm_domain_config *cfg,
                             unsigned vcpu, struct xm_cpumap *out);

/* The domain in the S-expression shape Xen 4.1's "xm create" sent to xend
 * and "xm create -n" printed: (vm (name ..) (memory ..) (vcpus ..)
 * (image (linux (kernel ..) (root ..) (args ..))) (device (vbd ..)) ...).
 * Returns 0, or -1 on out of memory; free out with sxp_free. */
int xm_config_to_sxp(const struct xm_domain_config *cfg, struct sxp *out);

const char *xm_action_name(enum xm_action a);

/* The mini-languages, usable on their own (xm block-attach, vcpu-pin).
 * On error they return -1 and write a sentence to err. */
int xm_cpumap_parse(const char *spec, struct xm_cpumap *out,
                    char *err, size_t errlen);
bool xm_cpumap_test(const struct xm_cpumap *m, unsigned cpu);
void xm_cpumap_set(struct xm_cpumap *m, unsigned cpu);
unsigned xm_cpumap_count(const struct xm_cpumap *m);
/* "0,2-3,5"; "" for an empty map. Returns the length it needed. */
size_t xm_cpumap_format(const struct xm_cpumap *m, char *buf, size_t len);

int xm_disk_parse(const char *spec, struct xm_disk *out,
                  char *err, size_t errlen);
void xm_disk_free(struct xm_disk *d);
int xm_vif_parse(const char *spec, struct xm_vif *out,
                 char *err, size_t errlen);
void xm_vif_free(struct xm_vif *v);

#endif
