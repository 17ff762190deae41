/* Power off (ACPI S5: SLP_TYPa|SLP_EN into PM1a_CNT, ACPI 6.4 §4.8.3.2.1)
 * and reboot (FADT reset register, 0xCF9, keyboard controller, triple
 * fault), each with fallbacks for QEMU's PIIX4 and Q35 machines. */
#include <xen/shutdown.h>
#include <xen/lib.h>
#include <xen/acpi.h>
#include <xen/trace.h>
#include <xen/gcov.h>
#include <xen/time.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/apic.h>
#include <asm/regs.h>
#include <asm/smp.h>
#include <xen/console.h>

#define SLP_EN (1u << 13)

bool opt_noreboot;

/* Counted by the NMI handler of each CPU it stops, so that what stopped is
 * reported rather than assumed. */
volatile unsigned int cpus_stopped;

static volatile int stopping_cpu = -1;

/* Stops every other CPU with an NMI (they may have interrupts off) and
 * returns how many acknowledged within 100 ms. The first CPU to get here
 * wins; one that comes later (two panics at once, a panic during power
 * off) waits here for the winner's NMI, so there is one report and nobody
 * stops the CPU that is stopping the others. The winner may call it again:
 * it returns at once. Afterwards the caller runs alone and printk/trace
 * take no locks (console_force_unlock). */
unsigned int smp_send_stop(void)
{
    int me = (int)smp_processor_id(), owner = -1;

    local_irq_disable();
    if (!__atomic_compare_exchange_n(&stopping_cpu, &owner, me, false,
                                     __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        if (owner == me)
            return cpus_stopped;
        halt_forever();                     /* NMI handler counts us */
    }
    panic_in_progress = true;               /* NMI handler: halt */
    if (num_online_cpus > 1) {
        send_IPI_allbutself(APIC_DM_NMI);
        for (int i = 0; i < 1000 && cpus_stopped + 1 < num_online_cpus; i++)
            udelay(100);
    }
    console_force_unlock();
    return cpus_stopped;
}

static void prepare_to_go(const char *what)
{
    smp_send_stop();
    trace(TRC_POWER, what, "uptime_ns=%lld", (long long)NOW());
    gcov_dump();
}

void machine_power_off(void)
{
    uint16_t typ = acpi_info.s5_found ? acpi_info.slp_typa : 0;

    prepare_to_go("poweroff");
    printk("Powering off (ACPI S5 via PM1a_CNT %#x, SLP_TYP %u%s)\n",
           acpi_info.pm1a_cnt, typ, acpi_info.s5_found ? "" : ", \\_S5 not found");
    if (acpi_info.pm1a_cnt)
        outw((uint16_t)(typ << 10) | SLP_EN, (uint16_t)acpi_info.pm1a_cnt);
    if (acpi_info.pm1b_cnt)
        outw((uint16_t)(acpi_info.slp_typb << 10) | SLP_EN, (uint16_t)acpi_info.pm1b_cnt);
    udelay(100000);
    /* Fallbacks: QEMU PIIX4/Q35 PM base 0x600, Bochs, older QEMU. */
    outw(SLP_EN, 0x604);
    outw(SLP_EN, 0xb004);
    outw(0x3400, 0x4004);
    udelay(100000);
    printk("Power off failed: halting\n");
    halt_forever();
}

void machine_restart(void)
{
    prepare_to_go("reboot");
    printk("Rebooting\n");
    if (acpi_info.reset_supported && acpi_info.reset_port)
        outb(acpi_info.reset_value, (uint16_t)acpi_info.reset_port);
    udelay(50000);
    outb(0x02, 0xcf9);                      /* PCI reset control: hard reset */
    outb(0x06, 0xcf9);
    udelay(50000);
    outb(0xfe, 0x64);                       /* 8042: pulse the reset line */
    udelay(50000);
    /* Last resort: an empty IDT turns the next exception into a triple fault. */
    static const struct { uint16_t l; uint64_t b; } __attribute__((packed)) none = { 0, 0 };
    asm volatile("lidt %0; int3" :: "m"(none));
    halt_forever();
}

void machine_halt_or_reboot(void)
{
    if (opt_noreboot) {
        unsigned int n = smp_send_stop();
        printk("noreboot: %u of %u other CPUs stopped; halting CPU%u\n",
               n, num_online_cpus - 1, smp_processor_id());
        trace(TRC_POWER, "halt", "cpu=%u others_stopped=%u cpus_online=%u",
              smp_processor_id(), n, num_online_cpus);
        halt_forever();
    }
    printk("Reboot in five seconds...\n");
    udelay(5000000);
    machine_restart();
}
