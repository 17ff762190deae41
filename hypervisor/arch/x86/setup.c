/* __start_xen: the boot sequence, one phase after another, each announced
 * on the console and as a "boot" trace record. */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/serial.h>
#include <xen/multiboot.h>
#include <xen/mm.h>
#include <xen/acpi.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/trace.h>
#include <xen/sched.h>
#include <xen/keyhandler.h>
#include <xen/version.h>
#include <xen/param.h>
#include <xen/dom0less.h>
#include <asm/io.h>
#include <asm/apic.h>
#include <asm/regs.h>
#include <asm/smp.h>
#include <asm/processor.h>
#include <asm/hvm/hvm.h>

int cmdline_parse(const char *cmdline);
extern struct dom0_mem opt_dom0_mem;
extern unsigned int opt_dom0_max_vcpus_min, opt_dom0_max_vcpus_max;
void domain_keyhandler_init(void);
void crash_keyhandler_init(void);
void init_8259A(void);

static struct boot_info boot_info;
typedef void (*ctor_t)(void);
extern ctor_t __ctors_start[], __ctors_end[];

static const void *map_identity(paddr_t pa, size_t len)
{
    return pa + len <= DIRECTMAP_LIMIT ? maddr_to_virt(pa) : NULL;
}

/* Loaders put the image path first (QEMU: "<file> <-append>"); Xen skips it. */
static const char *skip_image_name(const char *c)
{
    const char *end = c;

    while (*end && *end != ' ')
        end++;
    for (const char *p = c; p < end; p++)
        if (*p == '/' || (*p == '.' && end - p >= 3 && !strncmp(p, ".elf", 4)))
            return *end ? end + 1 : end;
    return c;
}

/* Each string or list from the loader that did not fit: which, how long,
 * how much is kept. */
static void print_boot_info_cuts(void)
{
    for (unsigned int i = 0; i < boot_info.nr_cuts; i++) {
        const struct bi_cut *c = &boot_info.cuts[i];
        bool list = !strcmp(c->what, BI_CUT_MMAP) || !strcmp(c->what, BI_CUT_MODS);
        char mod[16] = "";

        if (c->index >= 0)
            snprintf(mod, sizeof(mod), "module %d ", c->index);
        printk(XENLOG_WARNING "boot: %s%s cut: %llu %s given, first %llu kept\n",
               mod, c->what, (unsigned long long)c->given,
               list ? "entries" : "characters", (unsigned long long)c->kept);
        trace(TRC_BOOT, "cut", "what=%s index=%d given=%llu kept=%llu", c->what,
              c->index, (unsigned long long)c->given, (unsigned long long)c->kept);
    }
    if (boot_info.cuts_unrecorded)
        printk(XENLOG_WARNING "boot: %u more loader strings or lists cut\n",
               boot_info.cuts_unrecorded);
}

/* Command lines can be longer than one printk: printed in pieces, on one
 * console line. */
static void print_long_string(const char *s)
{
    for (size_t n = strlen(s); n; ) {
        int piece = (int)MIN(n, (size_t)64);

        printk("%.*s", piece, s);
        s += piece;
        n -= (size_t)piece;
    }
}

static void print_modules(void)
{
    printk("Boot modules: %u\n", boot_info.nr_mods);
    for (unsigned int i = 0; i < boot_info.nr_mods; i++) {
        printk(" Module %u: %#llx-%#llx (%llukB) '", i,
               (unsigned long long)boot_info.mods[i].start,
               (unsigned long long)boot_info.mods[i].end,
               (unsigned long long)(boot_info.mods[i].end - boot_info.mods[i].start) >> 10);
        print_long_string(boot_info.mods[i].cmdline);
        printk("'\n");
        trace(TRC_BOOT, "module", "index=%u start=%#llx end=%#llx", i,
              (unsigned long long)boot_info.mods[i].start,
              (unsigned long long)boot_info.mods[i].end);
    }
}

/* Parsed now so mistakes show at boot; the dom0 builder (next rung) uses them. */
static void print_dom0_settings(void)
{
    printk("Dom0 settings: dom0_mem=%lluMB (min %lluMB, max %lluMB), vCPUs %u-%u\n",
           (unsigned long long)(opt_dom0_mem.amount >> 20),
           (unsigned long long)(opt_dom0_mem.min >> 20),
           (unsigned long long)(opt_dom0_mem.max >> 20),
           opt_dom0_max_vcpus_min, opt_dom0_max_vcpus_max);
}

static void init_keyhandlers(void)
{
    initialize_keytable();
    domain_keyhandler_init();
    sched_keyhandler_init();
    time_keyhandler_init();
    mm_keyhandler_init();
    crash_keyhandler_init();
}

void __start_xen(uint32_t magic, uint32_t mbi)
{
    const char *err, *cmdline;
    int bad_opts;

    cpu_info_init(0, 0);                    /* GS first: printk needs the CPU id */
    cpu_info[0].stack_base = cpu0_stack;
    for (ctor_t *c = __ctors_start; c < __ctors_end; c++)
        (*c)();                             /* gcov registration */
    trap_init();
    percpu_traps_init(0);
    init_8259A();
    if (multiboot_parse(magic, mbi, map_identity, &boot_info, &err))
        panic("boot: %s (magic %#x)", err, magic);
    printk("xenlab hypervisor %s (%s)\n", XENLAB_VERSION, XENLAB_BUILD);
    printk("Latest build: %s, compiler: %s\n", XENLAB_BUILD_DATE, XENLAB_COMPILER);
    printk("Bootloader: %s (multiboot %u)\n", boot_info.loader[0] ? boot_info.loader : "unknown",
           boot_info.mb_version);
    cmdline = skip_image_name(boot_info.cmdline);
    printk("Command line: ");
    print_long_string(cmdline);
    printk("\n");
    bad_opts = cmdline_parse(cmdline);      /* reports each problem */
    bad_opts += console_setup();
    if (bad_opts)
        printk(XENLOG_WARNING "Command line: %d option(s) not understood (see above)\n", bad_opts);
    printk("Console: %s\n", ns16550_describe());
    trace(TRC_BOOT, "start", "version=%s mb=%u bad_opts=%d", XENLAB_VERSION,
          boot_info.mb_version, bad_opts);
    print_boot_info_cuts();

    init_memory(&boot_info);
    if (memguard_guard_stack(cpu0_stack))
        printk(XENLOG_WARNING "CPU0: no guard page below its stack\n");

    acpi_boot_init(boot_info.has_rsdp ? boot_info.rsdp : NULL);
    printk("ACPI: %u CPUs in the MADT, power off via %s\n", acpi_info.nr_lapics,
           acpi_info.pm1a_cnt ? "PM1a_CNT" : "fallback ports");
    trace(TRC_BOOT, "acpi", "found=%d cpus=%u pm1a_cnt=%#x s5=%d", acpi_info.found,
          acpi_info.nr_lapics, acpi_info.pm1a_cnt, acpi_info.s5_found);

    setup_local_APIC(true);
    smp_prepare_cpus();
    printk("Local APIC: %s mode, BSP APIC ID %u\n", x2apic_enabled ? "x2APIC" : "xAPIC",
           cpu_info[0].apic_id);
    init_tsc_calibration();
    trace(TRC_BOOT, "time", "tsc_khz=%llu apic_khz=%u x2apic=%d",
          (unsigned long long)cpu_khz, apic_timer_khz, x2apic_enabled);

    start_svm();
    timer_init();
    scheduler_init();
    idle_domain_init();
    sched_init_cpu(0);
    init_keyhandlers();
    local_irq_enable();
    trace_init_postirq();                   /* records buffered from here */

    smp_boot_cpus();
    printk("Brought up %u CPUs\n", num_online_cpus);
    printk("%u CPUs online\n", num_online_cpus);
    trace(TRC_BOOT, "smp", "cpus_online=%u cpus_listed=%u", num_online_cpus,
          acpi_info.nr_lapics);

    print_modules();
    print_dom0_settings();
    dom0less_start(&boot_info);
    console_init_postirq();
    console_input_endboot();
    printk("Boot done. Debug keys on this console: 'h' lists them\n");
    trace(TRC_BOOT, "done", "uptime_ns=%lld", (long long)NOW());
    startup_cpu_idle_loop();
}
