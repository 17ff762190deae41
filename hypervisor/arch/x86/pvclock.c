/* Guest time, as Xen 4.17 gives it (arch/x86/time.c there): each vCPU's
 * vcpu_info.time (pvclock) is rewritten when the vCPU is scheduled in and
 * each second on the pCPU running it (Xen's update_vcpu_system_time from
 * context_switch and the calibration softirq), and each domain's
 * shared_info holds the wallclock at system time 0, so that
 *     guest time = wallclock + system_time (+ the TSC delta, scaled).
 * Our NOW() is the TSC itself on one scale for every CPU, so a record
 * stays exact between updates; the updates refresh the stamp.
 *
 * XEN_PVCLOCK_TSC_STABLE_BIT: Xen 4.17 sets it only when the TSC is its
 * clock source, which needs clocksource=tsc on its command line and a
 * TSC it calls reliable (X86_FEATURE_TSC_RELIABLE: the invariant TSC of
 * CPUID 0x80000007 EDX bit 8, AMD family 0x11 excepted; no warp between
 * CPUs). Ours asks the same: clocksource=tsc and an invariant TSC (QEMU's
 * qemu64 CPU offers none unless given +invtsc: the bit stays clear there,
 * as on Xen by default). */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/guest_access.h>
#include <asm/smp.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/pvclock.h>
#include <asm/rtc.h>

char opt_clocksource[10];
static uint64_t wc_boot_ns;             /* Unix time at NOW() = 0 */
static int tsc_stable = -1;             /* decided on first use */

static bool tsc_is_stable(void)
{
    uint32_t a, b, c, d, max_ext, family;

    if (tsc_stable >= 0)
        return tsc_stable;
    cpuid(1, &a, &b, &c, &d);
    family = ((a >> 8) & 0xf) + (((a >> 8) & 0xf) == 0xf ? (a >> 20) & 0xff : 0);
    cpuid(0x80000000, &max_ext, &b, &c, &d);
    d = 0;
    if (max_ext >= 0x80000007)
        cpuid(0x80000007, &a, &b, &c, &d);
    tsc_stable = pvclock_tsc_stable(opt_clocksource, max_ext, d, family);
    return tsc_stable;
}

static void vcpu_time_record(struct vcpu *v, struct vcpu_time_info *rec)
{
    uint64_t tsc = rdtsc();
    uint64_t offset = v->domain->is_hvm ? v->arch.hvm.cache_tsc_offset : 0;

    pvclock_fill(rec, tsc, tsc_to_stime(tsc), offset, tsc_scale(), tsc_is_stable());
}

/* Xen's update_secondary_system_time: version odd, the record, version
 * even, each a copy to the guest's memory that may fail (then nothing
 * more is written). Through v's page tables, or the caller's when it
 * registers another vCPU's area. */
static void update_secondary_system_time(struct vcpu *v, struct vcpu_time_info *rec)
{
    uint32_t even = rec->version;
    struct vcpu *via = current->domain == v->domain ? current : v;

    if (!v->time_info_guest)
        return;
    rec->version = even - 1;
    if (copy_to_vcpu_guest(via, v->time_info_guest + offsetof(struct vcpu_time_info, version),
             &rec->version, sizeof(rec->version)))
        return;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    (void)copy_to_vcpu_guest(via, v->time_info_guest, rec, sizeof(*rec));
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    rec->version = even;
    (void)copy_to_vcpu_guest(via, v->time_info_guest + offsetof(struct vcpu_time_info, version),
               &rec->version, sizeof(rec->version));
}

void update_vcpu_system_time(struct vcpu *v)
{
    struct vcpu_time_info rec;

    /* Xen skips the write when only the stamp would change; the stamp
     * is the point of a refresh here, so it always writes. */
    if (!v->vcpu_info)
        return;
    vcpu_time_record(v, &rec);
    pvclock_publish(&v->vcpu_info->time, &rec);
    rec.version = v->vcpu_info->time.version;
    update_secondary_system_time(v, &rec);
}

/* Each second, the vCPU running on this pCPU gets a fresh stamp. */
static DEFINE_PER_CPU(struct timer, pvclock_timer);
static DEFINE_PER_CPU(bool, pvclock_timer_ready);

static void pvclock_timer_fn(void *unused)
{
    struct vcpu *v = current;

    (void)unused;
    if (!is_idle_vcpu(v) && v->domain->is_hvm)
        update_vcpu_system_time(v);
    set_timer(&this_cpu(pvclock_timer), NOW() + SECONDS(1));
}

void update_domain_wallclock_time(struct domain *d)
{
    struct shared_info *s = d->shared_info;
    uint64_t sec = wc_boot_ns / 1000000000;

    if (!s)
        return;
    /* version odd while the fields change (public/xen.h, wc_version). */
    __atomic_store_n(&s->wc_version, (s->wc_version | 1), __ATOMIC_RELEASE);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    s->wc_sec = (uint32_t)sec;
    s->wc_sec_hi = (uint32_t)(sec >> 32);
    s->wc_nsec = (uint32_t)(wc_boot_ns % 1000000000);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    __atomic_store_n(&s->wc_version, s->wc_version + 1, __ATOMIC_RELEASE);
}

uint64_t wallclock_at_boot_ns(void)
{
    return wc_boot_ns;
}

void init_wallclock(void)
{
    struct rtc_time t;
    s_time_t now;

    if (!rtc_read(&t)) {
        printk(XENLOG_WARNING "CMOS RTC: no valid date; the wallclock starts at the epoch\n");
        return;
    }
    now = NOW();
    wc_boot_ns = rtc_mktime(&t) * 1000000000ULL - (uint64_t)now;
    printk(XENLOG_INFO "CMOS RTC: %04u-%02u-%02u %02u:%02u:%02u UTC\n", t.year, t.mon,
           t.mday, t.hour, t.min, t.sec);
}

/* Called on each pCPU when it switches to a guest vCPU (context_switch):
 * the record is redone there, and the per-second refresh armed once. */
void pvclock_schedule_in(struct vcpu *v)
{
    unsigned int cpu = smp_processor_id();

    if (!this_cpu(pvclock_timer_ready)) {
        init_timer(&this_cpu(pvclock_timer), pvclock_timer_fn, NULL, cpu);
        set_timer(&this_cpu(pvclock_timer), NOW() + SECONDS(1));
        this_cpu(pvclock_timer_ready) = true;
    }
    update_vcpu_system_time(v);
}
