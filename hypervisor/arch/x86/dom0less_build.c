/* Dom0-less boot on x86: each chosen boot module becomes a PVH domain
 * (xen/dom0less.h for the settings). The builder gives it RAM (2 MiB
 * pages where they fit, in the p2m as RAM), loads the ELF at its physical
 * addresses, lays out hvm_start_info, the command line and the memory map
 * as Xen's PVH builder does, and starts vCPU 0 at the PVH entry point. On
 * shutdown it acts as xl would: destroy, restart or preserve. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/mm.h>
#include <xen/timer.h>
#include <xen/time.h>
#include <xen/trace.h>
#include <xen/xmalloc.h>
#include <xen/multiboot.h>
#include <xen/dom0less.h>
#include <xen/libelf.h>
#include <xen/pvh_layout.h>
#include <asm/io.h>
#include <asm/smp.h>
#include <asm/processor.h>
#include <asm/p2m.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/pvh_acpi.h>
#include <asm/kernel_image.h>
#include <xen/console_ring.h>
#include <xen/console.h>
#include <public/errno.h>

char opt_dom0less[64];

/* One per module started: what to build again on restart. */
struct dom0less_domain {
    struct dom0less_config cfg;
    const void *image;
    size_t size;
    const void *ramdisk;                /* the ramdisk= module, or NULL */
    size_t ramdisk_size;
    unsigned int module;
    struct domain *d;
    struct timer reaper;                /* destroys/restarts off the guest's path */
};

static domid_t next_domid = 1;

/* A random (version 4, RFC 4122) UUID for the domain handle, as xl gives
 * every domain; the TSC is the only entropy at hand, mixed by xorshift. */
static void make_uuid(uint8_t h[16], domid_t id)
{
    uint64_t x = rdtsc() ^ ((uint64_t)id << 48) ^ 0x9e3779b97f4a7c15ULL;

    for (unsigned int i = 0; i < 16; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        h[i] = (uint8_t)(x >> 24);
    }
    h[6] = (h[6] & 0x0f) | 0x40;
    h[8] = (h[8] & 0x3f) | 0x80;
}

static int write_guest(void *ctx, uint64_t gpa, const void *src, size_t len)
{
    static const uint8_t zeroes[256];
    struct domain *d = ctx;

    while (len) {
        size_t n = src ? len : MIN(len, sizeof(zeroes));

        if (hvm_copy_to_guest_phys(d, gpa, src ? src : zeroes, n) != HVMTRANS_okay)
            return -1;
        gpa += n;
        len -= n;
        if (src)
            src = (const uint8_t *)src + n;
    }
    return 0;
}

/* RAM for [start, end): 2 MiB pages where aligned, 4 KiB ones elsewhere. */
static int populate_ram(struct domain *d, uint64_t start, uint64_t end)
{
    for (unsigned long gfn = start >> PAGE_SHIFT; gfn < end >> PAGE_SHIFT;) {
        unsigned int order = !(gfn & 511) && gfn + 512 <= end >> PAGE_SHIFT ? 9 : 0;
        struct page_info *pg = alloc_domheap_pages(d, order);
        int rc;

        if (!pg && order)
            pg = alloc_domheap_pages(d, order = 0);
        if (!pg)
            return -XEN_ENOMEM;
        rc = p2m_set_entry_flush(d, gfn, page_to_mfn(pg), order, p2m_ram_rw);
        if (rc)
            return rc;
        gfn += 1UL << order;
    }
    return 0;
}

/* The memory map of start_info is also what XENMEM_memory_map answers,
 * as libxl sets both from one e820 (XENMEM_set_memory_map). */
static int set_memory_map(struct domain *d, const struct pvh_layout_out *out)
{
    struct e820entry map[PVH_MAX_MEMMAP];

    for (unsigned int i = 0; i < out->nr_memmap; i++)
        map[i] = (struct e820entry){ .addr = out->memmap[i].addr, .size = out->memmap[i].size,
                                     .type = out->memmap[i].type };
    return arch_set_memory_map(d, map, out->nr_memmap);
}

/* The ACPI tables go where libxl puts a PVH domU's: in the MMIO hole, the
 * page after 0xFC000000 (ACPI_INFO_PHYSICAL_ADDRESS), RSDP after them. */
#define ACPI_TABLES_GPA (PVH_MMIO_HOLE_START + PAGE_SIZE)
/* The console ring is the special page libxl gives it to a PVH domU
 * (xg_dom_x86.c: special_pfn(SPECIALPAGE_CONSOLE), index 7 of 8). */
#define CONSOLE_RING_GFN ((PVH_SPECIAL_REGION_END >> PAGE_SHIFT) - PVH_NR_SPECIAL_PAGES + 7)

static void shutdown_hook(struct domain *d);

static int build(struct dom0less_domain *dd, const char **why)
{
    const struct dom0less_config *c = &dd->cfg;
    struct elf_binary_info elf;
    struct pvh_layout_in in = { 0 };
    struct pvh_layout_out out;
    struct hvm_start_info si;
    struct pvh_module ramdisk = { dd->ramdisk_size, NULL };
    struct hvm_modlist_entry mods[1];
    struct domain *d;
    struct vcpu *v;
    uint32_t entry;
    cpumask_t affinity = { .bits = c->cpus };
    unsigned int cpu;
    size_t acpi_len = pvh_acpi_size(c->vcpus), acpi_used;
    void *acpi = NULL;
    struct kernel_image ki;

    if (kernel_image_get(dd->image, dd->size, &ki, why))
        return -1;
    if (elf_parse(ki.elf, ki.len, &elf, why) || elf_pvh_entry(&elf, &entry, why)) {
        kernel_image_put(&ki);
        return -1;
    }
    acpi = xzalloc_bytes(acpi_len);
    if (!acpi) {
        *why = "out of memory for its ACPI tables";
        goto fail_acpi;
    }
    if (pvh_acpi_build(c->vcpus, ACPI_TABLES_GPA, acpi, acpi_len, &in.rsdp_gpa, &acpi_used, why))
        goto fail_acpi;
    in.acpi_gpa = ACPI_TABLES_GPA;
    in.acpi_size = acpi_used;
    in.ram_bytes = c->memory_mb << 20;
    in.kernel_start = elf.pstart;
    in.kernel_end = elf.pend;
    in.cmdline = c->cmdline;
    if (dd->ramdisk) {
        in.nr_modules = 1;
        in.modules = &ramdisk;
    }
    if (pvh_layout(&in, &out, why))
        goto fail_acpi;
    cpumask_and(&affinity, &affinity, &(cpumask_t){ .bits = cpu_online_map[0] |
                                                    (uint64_t)cpu_online_map[1] << 32 });
    if (cpumask_empty(&affinity)) {
        *why = "cpus= names no online CPU";
        goto fail_acpi;
    }
    d = domain_create(next_domid, c->vcpus, true);
    if (!d) {
        *why = "cannot create the domain (out of memory, or no SVM)";
        goto fail_acpi;
    }
    next_domid++;
    dd->d = d;
    make_uuid(d->handle, d->domain_id);
    strlcpy(d->name, c->name[0] ? c->name : d->name, sizeof(d->name));
    /* Its RAM plus the pages of its ACPI tables and its console ring, as
     * libxl counts them. */
    d->mem.max_pages = (unsigned long)(c->memory_mb << 20 >> PAGE_SHIFT) +
                       (ROUNDUP(acpi_used, PAGE_SIZE) >> PAGE_SHIFT) + 1;
    d->builder_priv = dd;
    d->shutdown_hook = shutdown_hook;      /* on every build: restarts too */
    for (unsigned int i = 0; i < out.nr_memmap; i++)
        if (out.memmap[i].type == XEN_HVM_MEMMAP_TYPE_RAM &&
            populate_ram(d, out.memmap[i].addr, out.memmap[i].addr + out.memmap[i].size)) {
            *why = "not enough free memory for the domain's RAM";
            goto fail;
        }
    if (set_memory_map(d, &out)) {
        *why = "out of memory for the domain's memory map";
        goto fail;
    }
    if (populate_ram(d, ACPI_TABLES_GPA, ROUNDUP(ACPI_TABLES_GPA + acpi_used, PAGE_SIZE)) ||
        write_guest(d, ACPI_TABLES_GPA, acpi, acpi_used)) {
        *why = "not enough free memory for the domain's ACPI tables";
        goto fail;
    }
    xfree(acpi);
    acpi = NULL;
    if (console_ring_init(d, CONSOLE_RING_GFN)) {
        *why = "cannot set up its console ring";
        goto fail;
    }
    if (elf_load(ki.elf, &elf, write_guest, d)) {
        *why = "the kernel does not fit the domain's RAM";
        goto fail;
    }
    printk("Dom0less: d%u: kernel from module %u: %s\n", d->domain_id, dd->module, ki.how);
    kernel_image_put(&ki);
    pvh_fill_start_info(&in, &out, &si, mods);
    if ((dd->ramdisk && (write_guest(d, out.module_gpa[0], dd->ramdisk, dd->ramdisk_size) ||
                         write_guest(d, out.modlist_gpa, mods, sizeof(mods)))) ||
        write_guest(d, out.cmdline_gpa, c->cmdline, strlen(c->cmdline) + 1) ||
        write_guest(d, out.memmap_gpa, out.memmap, out.nr_memmap * sizeof(out.memmap[0])) ||
        write_guest(d, out.start_info_gpa, &si, sizeof(si))) {
        *why = "start info does not fit the domain's RAM";
        goto fail;
    }
    if (dd->ramdisk)
        printk("Dom0less: d%u: ramdisk from module %d: %lu bytes at %#llx\n", d->domain_id,
               c->ramdisk, (unsigned long)dd->ramdisk_size, (unsigned long long)out.module_gpa[0]);
    sched_adjust_credit(d, c->weight, c->cap);
    cpu = cpumask_first(&affinity);
    for (unsigned int i = 0; i < c->vcpus; i++) {
        v = vcpu_create(d, i, cpu);
        if (!v || vcpu_set_hard_affinity(v, &affinity)) {
            *why = "cannot create its vCPUs";
            goto fail;
        }
        cpu = cpumask_cycle(cpu, &affinity);
    }
    /* vCPU 0 starts at the PVH entry; the others wait to be brought up. */
    v = d->vcpu[0];
    hvm_funcs.set_pvh_start(v, entry, (uint32_t)out.start_info_gpa);
    v->is_initialised = true;
    printk("Dom0less: d%u '%s' from module %u: %lluMB, %u vCPU(s), entry %#x, cmdline '%s'\n",
           d->domain_id, d->name, dd->module, (unsigned long long)c->memory_mb, c->vcpus,
           entry, c->cmdline);
    trace(TRC_DOM, "start", "d=%u name=%s module=%u mb=%llu vcpus=%u", d->domain_id, d->name,
          dd->module, (unsigned long long)c->memory_mb, c->vcpus);
    __atomic_fetch_and(&v->pause_flags, ~VPF_down, __ATOMIC_SEQ_CST);
    vcpu_wake(v);
    return 0;
fail:
    domain_shutdown(d, SHUTDOWN_crash);
fail_acpi:
    xfree(acpi);
    kernel_image_put(&ki);
    return -1;
}

static enum dom0less_action action_for(const struct dom0less_domain *dd, unsigned int reason)
{
    switch (reason) {
    case SHUTDOWN_poweroff: return dd->cfg.on_poweroff;
    case SHUTDOWN_reboot:   return dd->cfg.on_reboot;
    case SHUTDOWN_suspend:  return DOM0LESS_PRESERVE;   /* nobody to save it */
    default:                return dd->cfg.on_crash;
    }
}

/* CPU0's timer: the domain's vCPUs may still be on their way out. */
static void reap(void *data)
{
    struct dom0less_domain *dd = data;
    struct domain *d = dd->d;
    enum dom0less_action a = action_for(dd, d->shutdown_code);
    domid_t old = d->domain_id;
    const char *why;

    if (domain_kill(d) == -XEN_EAGAIN) {
        set_timer(&dd->reaper, NOW() + MILLISECS(1));
        return;
    }
    dd->d = NULL;
    printk("Dom0less: domain destroyed; free memory %lu pages\n", total_free_pages());
    if (a != DOM0LESS_RESTART)
        return;
    if (build(dd, &why))
        printk(XENLOG_ERR "Dom0less: module %u: cannot restart: %s\n", dd->module, why);
    else
        console_input_domain_replaced(old, dd->d->domain_id);
}

static void shutdown_hook(struct domain *d)
{
    struct dom0less_domain *dd = d->builder_priv;
    static const char *const names[] = { "destroy", "restart", "preserve" };
    enum dom0less_action a = action_for(dd, d->shutdown_code);

    printk("Dom0less: d%u %s: on_%s action '%s'\n", d->domain_id, d->name,
           d->shutdown_code == SHUTDOWN_poweroff || d->shutdown_code == SHUTDOWN_reboot ?
           shutdown_reason_name(d->shutdown_code) : "crash", names[a]);
    if (a != DOM0LESS_PRESERVE)
        set_timer(&dd->reaper, NOW() + MILLISECS(1));
}

void dom0less_start(const struct boot_info *bi)
{
    uint64_t mask;

    if (!opt_dom0less[0])
        return;
    if (dom0less_parse_modules(opt_dom0less, &mask)) {
        printk(XENLOG_ERR "Dom0less: bad module list dom0less=%s\n", opt_dom0less);
        return;
    }
    for (unsigned int i = 0; i < bi->nr_mods; i++) {
        struct dom0less_domain *dd;
        char err[128];
        const char *why;

        if (!(mask >> i & 1))
            continue;
        dd = xzalloc(struct dom0less_domain);
        if (!dd)
            panic("Dom0less: out of memory");
        dd->module = i;
        dd->image = maddr_to_virt(bi->mods[i].start);
        dd->size = bi->mods[i].end - bi->mods[i].start;
        init_timer(&dd->reaper, reap, dd, 0);
        if (dom0less_parse_config(bi->mods[i].cmdline, &dd->cfg, err, sizeof(err))) {
            printk(XENLOG_ERR "Dom0less: module %u: %s; not started\n", i, err);
            xfree(dd);
            continue;
        }
        if (dd->cfg.ramdisk >= 0) {
            unsigned int r = (unsigned int)dd->cfg.ramdisk;

            if (r >= bi->nr_mods || r == i) {
                printk(XENLOG_ERR "Dom0less: module %u: ramdisk=%u is not another boot "
                       "module; not started\n", i, r);
                xfree(dd);
                continue;
            }
            dd->ramdisk = maddr_to_virt(bi->mods[r].start);
            dd->ramdisk_size = bi->mods[r].end - bi->mods[r].start;
        }
        if (build(dd, &why)) {
            printk(XENLOG_ERR "Dom0less: module %u: %s; not started\n", i, why);
            continue;
        }
    }
}
