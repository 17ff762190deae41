/* Domains and vCPUs: creation, pause/unpause, shutdown with Xen's reasons,
 * crash, destruction, and the 'q' dump. */
#include <xen/sched.h>
#include <xen/lib.h>
#include <xen/xmalloc.h>
#include <xen/keyhandler.h>
#include <xen/time.h>
#include <xen/trace.h>
#include <xen/mm.h>
#include <xen/grant_table.h>
#include <asm/smp.h>
#include <asm/spinlock.h>
#include <xen/hypercall.h>
#include <xen/event.h>
#include <xen/console_ring.h>
#include <xen/watchdog.h>
#include <asm/hvm/hvm.h>
#include <public/errno.h>

struct domain *idle_domain;
struct domain *domain_list;
static DEFINE_SPINLOCK(domlist_lock);

struct domain *domain_create(domid_t id, unsigned int max_vcpus, bool is_hvm)
{
    struct domain *d = xzalloc(struct domain);
    unsigned long flags;

    if (!d)
        return NULL;
    d->vcpu = xzalloc_array(struct vcpu *, max_vcpus);
    if (!d->vcpu) {
        xfree(d);
        return NULL;
    }
    d->domain_id = id;
    d->max_vcpus = max_vcpus;
    watchdog_domain_init(d);
    d->is_hvm = is_hvm;
    snprintf(d->name, sizeof(d->name), "d%u", id);
    if (id != DOMID_IDLE && sched_init_domain(d)) {
        xfree(d->vcpu);
        xfree(d);
        return NULL;
    }
    if (is_hvm && arch_domain_create(d)) {
        sched_destroy_domain(d);
        xfree(d->vcpu);
        xfree(d);
        return NULL;
    }
    if (is_hvm && evtchn_domain_init(d)) {
        arch_domain_destroy(d);
        sched_destroy_domain(d);
        domain_relinquish_memory(d);
        xfree(d->vcpu);
        xfree(d);
        return NULL;
    }
    if (is_hvm && domain_grant_table_init(d)) {
        evtchn_domain_destroy(d);
        arch_domain_destroy(d);
        sched_destroy_domain(d);
        domain_relinquish_memory(d);    /* frames shared before it failed */
        xfree(d->vcpu);
        xfree(d);
        return NULL;
    }
    /* Keep the list sorted by id, as 'q' and later xm list show it. */
    flags = spin_lock_irqsave(&domlist_lock);
    struct domain **pp = &domain_list;

    while (*pp && (*pp)->domain_id < id)
        pp = &(*pp)->next_in_list;
    d->next_in_list = *pp;
    *pp = d;
    spin_unlock_irqrestore(&domlist_lock, flags);
    if (id != DOMID_IDLE)
        trace(TRC_DOM, "create", "d=%u vcpus=%u hvm=%d", id, max_vcpus, is_hvm);
    return d;
}

struct domain *get_domain_by_id(domid_t id)
{
    unsigned long flags;
    struct domain *d;

    /* Xen's rcu_lock_domain_by_id finds no system domain (the idle domain
     * included): domain_create never puts them in its table. */
    if (id >= DOMID_FIRST_RESERVED)
        return NULL;
    flags = spin_lock_irqsave(&domlist_lock);
    d = domain_list;

    while (d && d->domain_id != id)
        d = d->next_in_list;
    spin_unlock_irqrestore(&domlist_lock, flags);
    return d;
}

struct vcpu *vcpu_create(struct domain *d, unsigned int id, unsigned int cpu)
{
    struct vcpu *v;

    if (id >= d->max_vcpus || d->vcpu[id])
        return NULL;
    v = xzalloc(struct vcpu);
    if (!v)
        return NULL;
    v->vcpu_id = (int)id;
    v->processor = cpu;
    v->domain = d;
    /* Guest vCPUs start down; the builder brings them up. */
    if (d != idle_domain)
        v->pause_flags = VPF_down;
    if (d->is_hvm && arch_vcpu_create(v)) {
        xfree(v);
        return NULL;
    }
    if (d != idle_domain && sched_init_vcpu(v)) {
        arch_vcpu_destroy(v);
        xfree(v);
        return NULL;
    }
    d->vcpu[id] = v;
    if (id > 0 && d->vcpu[id - 1])
        d->vcpu[id - 1]->next_in_list = v;
    return v;
}

void idle_domain_init(void)
{
    idle_domain = domain_create(DOMID_IDLE, NR_CPUS, false);
    if (!idle_domain)
        panic("cannot create the idle domain");
    strlcpy(idle_domain->name, "idle", sizeof(idle_domain->name));
}

void vcpu_pause_nosync(struct vcpu *v)
{
    __atomic_fetch_add(&v->pause_count, 1, __ATOMIC_SEQ_CST);
    vcpu_sleep_nosync(v);
}

void vcpu_pause(struct vcpu *v)
{
    ASSERT(v != current);
    vcpu_pause_nosync(v);
    vcpu_sleep_sync(v);
}

void vcpu_unpause(struct vcpu *v)
{
    if (__atomic_sub_fetch(&v->pause_count, 1, __ATOMIC_SEQ_CST) == 0)
        vcpu_wake(v);
}

/* Nested: the domain runs again only when every pause is undone. */
void domain_pause(struct domain *d)
{
    struct vcpu *v;

    __atomic_fetch_add(&d->pause_count, 1, __ATOMIC_SEQ_CST);
    for_each_vcpu(d, v)
        vcpu_sleep_sync(v);
}

void domain_unpause(struct domain *d)
{
    struct vcpu *v;

    if (__atomic_sub_fetch(&d->pause_count, 1, __ATOMIC_SEQ_CST) == 0)
        for_each_vcpu(d, v)
            vcpu_wake(v);
}

const char *shutdown_reason_name(unsigned int reason)
{
    static const char *const names[] = {
        [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
        [SHUTDOWN_suspend] = "suspend", [SHUTDOWN_crash] = "crash",
        [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
    };

    return reason < ARRAY_SIZE(names) && names[reason] ? names[reason] : "unknown";
}

/* Xen's domain_shutdown: the first reason wins; every vCPU is paused, and
 * once none runs the shutdown is complete and the hook acts on it. */
void domain_shutdown(struct domain *d, unsigned int reason)
{
    struct vcpu *v;

    if (__atomic_exchange_n(&d->is_shutting_down, true, __ATOMIC_SEQ_CST))
        return;
    d->shutdown_code = reason;
    printk("Domain %u (%s) shutdown: reason %s\n", d->domain_id, d->name,
           shutdown_reason_name(reason));
    trace(TRC_DOM, "shutdown", "d=%u reason=%s", d->domain_id, shutdown_reason_name(reason));
    for_each_vcpu(d, v)
        vcpu_pause_nosync(v);
    d->is_shut_down = true;
    if (d->shutdown_hook)
        d->shutdown_hook(d);
}

void __domain_crash(struct domain *d, const char *file, int line)
{
    if (d->is_shutting_down)
        return;
    printk(XENLOG_ERR "domain_crash called from %s:%d\n", file, line);
    printk(XENLOG_ERR "Domain %u (%s) crashed on CPU%u\n", d->domain_id, d->name,
           smp_processor_id());
    domain_shutdown(d, SHUTDOWN_crash);
}

/* Destruction, in steps that never wait: it gives up (-XEN_EAGAIN) while a
 * vCPU of d still runs somewhere, and the caller tries again later. Then
 * d's grant mappings of others' pages go, its vCPUs, p2m and memory; while
 * another domain still maps one of its pages, d stays (findable, as Xen's
 * zombie domains, so that the unmap finds its grant table) and every call
 * answers -XEN_EAGAIN until the last page is back. */
int domain_kill(struct domain *d)
{
    struct vcpu *v;
    unsigned long flags, held;

    d->is_dying = true;
    for_each_vcpu(d, v)
        if (__atomic_load_n(&v->is_running, __ATOMIC_SEQ_CST))
            return -XEN_EAGAIN;
    if (!d->is_relinquished) {
        watchdog_domain_destroy(d);
        /* Its peers' channels become unbound before its memory goes. */
        evtchn_domain_destroy(d);
        console_ring_destroy(d);
        domain_grant_table_release(d);
        for (unsigned int i = 0; i < d->max_vcpus; i++)
            if ((v = d->vcpu[i])) {
                /* The arch part first: it kills the vCPU's timers (waiting
                 * for a handler running elsewhere), which could otherwise
                 * still wake a vCPU the scheduler has forgotten. */
                arch_vcpu_destroy(v);
                sched_destroy_vcpu(v);
                d->vcpu[i] = NULL;
                xfree(v);
            }
        if (d->is_hvm)
            arch_domain_destroy(d);
        sched_destroy_domain(d);
        held = domain_relinquish_memory(d);
        d->shared_info = NULL;          /* freed with the rest */
        d->is_relinquished = true;
        if (held)
            printk(XENLOG_WARNING "d%u: %lu pages still referenced at destruction\n",
                   d->domain_id, held);
        trace(TRC_DOM, "destroy", "d=%u held_pages=%lu", d->domain_id, held);
    }
    if (d->mem.tot_pages + d->mem.xenheap_pages)
        return -XEN_EAGAIN;
    flags = spin_lock_irqsave(&domlist_lock);
    for (struct domain **pp = &domain_list; *pp; pp = &(*pp)->next_in_list)
        if (*pp == d) {
            *pp = d->next_in_list;
            break;
        }
    spin_unlock_irqrestore(&domlist_lock, flags);
    domain_grant_table_destroy(d);
    xfree(d->vcpu);
    xfree(d);
    return 0;
}

/* Counters printed as "    <what>: name=count ..." lines of at most
 * about 100 characters, however many a guest made non-zero (a hostile
 * one calls every hypercall number). */
struct counter_line {
    const char *what;
    char buf[160];
    size_t n;
};

static void counter_flush(struct counter_line *l)
{
    if (l->n)
        printk("    %s:%s\n", l->what, l->buf);
    l->n = 0;
}

static void counter_add(struct counter_line *l, const char *name, unsigned int nr,
                        uint64_t count)
{
    int len;

    if (l->n > 100)
        counter_flush(l);
    len = strcmp(name, "unknown")
          ? snprintf(l->buf + l->n, sizeof(l->buf) - l->n, " %s=%llu", name,
                     (unsigned long long)count)
          : snprintf(l->buf + l->n, sizeof(l->buf) - l->n, " #%u=%llu", nr,
                     (unsigned long long)count);
    l->n = MIN(l->n + (size_t)len, sizeof(l->buf) - 1);
}

static void dump_counters(const struct domain *d)
{
    struct counter_line exits = { .what = "exits" }, hcalls = { .what = "hypercalls" };

    for (unsigned int i = 0; i < ARRAY_SIZE(d->exit_count); i++)
        if (d->exit_count[i])
            counter_add(&exits, hvm_exit_reason_name(i), i, d->exit_count[i]);
    counter_flush(&exits);
    for (unsigned int i = 0; i < ARRAY_SIZE(d->hypercall_count); i++)
        if (d->hypercall_count[i])
            counter_add(&hcalls, hypercall_name(i), i, d->hypercall_count[i]);
    counter_flush(&hcalls);
}

static void dump_domains(unsigned char key)
{
    printk("'%c' pressed -> dumping domain info (now = %lld ns)\n", key, (long long)NOW());
    for (struct domain *d = domain_list; d; d = d->next_in_list) {
        printk("General information for domain %u:\n", d->domain_id);
        printk("    %s name=%s max_vcpus=%u tot_pages=%lu max_pages=%lu privileged=%d\n",
               d == idle_domain ? "idle domain" : d->is_hvm ? "hvm domain" : "domain",
               d->name, d->max_vcpus, d->mem.tot_pages, d->mem.max_pages, d->is_privileged);
        if (d->is_shutting_down)
            printk("    shutdown: %s\n", shutdown_reason_name(d->shutdown_code));
        dump_counters(d);
        printk("VCPU information and callbacks for domain %u:\n", d->domain_id);
        for (unsigned int i = 0; i < d->max_vcpus; i++) {
            struct vcpu *v = d->vcpu[i];

            if (v)
                printk("    VCPU%d: CPU%u [has=%c] pause_flags=%lx pause_count=%d scheduled=%llu "
                       "affinity=%#llx ran_on=%#llx\n",
                       v->vcpu_id, v->processor, v->is_running ? 'T' : 'F', v->pause_flags,
                       v->pause_count, (unsigned long long)v->nr_scheduled,
                       (unsigned long long)v->cpu_hard_affinity.bits,
                       (unsigned long long)v->cpus_ran_on.bits);
        }
    }
}

void domain_keyhandler_init(void)
{
    register_keyhandler('q', dump_domains, "dump domain (and guest debug) info");
}
