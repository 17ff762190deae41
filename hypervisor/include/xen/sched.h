/* The two central nouns, struct domain and struct vcpu, and the scheduler
 * interface. */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H
#include <xen/types.h>
#include <asm/config.h>
#include <xen/cpumask.h>
#include <xen/timer.h>
#include <xen/domheap.h>
#include <asm/domain.h>
#include <public/xen.h>
#include <public/vcpu.h>
#include <public/sched.h>

struct domain;

/* The scheduler self-test's dummy domains (debug key 'S'): their vCPUs have
 * no guest state; the arch runs the idle loop for them. */
#define DOMID_SCHED_SELFTEST (DOMID_FIRST_RESERVED - 1)

/* vcpu.pause_flags bits, as Xen numbers them: any set bit keeps the vCPU
 * off every pCPU. */
#define _VPF_blocked   0        /* waits for an event (vcpu_block) */
#define VPF_blocked    (1UL << _VPF_blocked)
#define _VPF_down      1        /* offline (not yet brought up, or down) */
#define VPF_down       (1UL << _VPF_down)
#define _VPF_migrating 3        /* moving to a pCPU of its new affinity */
#define VPF_migrating  (1UL << _VPF_migrating)

struct vcpu {
    int vcpu_id;
    unsigned int processor;                 /* pCPU it runs on / is queued on */
    struct domain *domain;
    bool is_running;
    struct vcpu *next_in_list;              /* the domain's vCPUs */
    uint64_t nr_scheduled;
    s_time_t last_scheduled;
    /* Scheduler state (common/sched/): the rest lives behind sched_priv. */
    void *sched_priv;                       /* the scheduler's per-vCPU data */
    cpumask_t cpu_hard_affinity;            /* pCPUs it may run on */
    struct vcpu_runstate_info runstate;     /* RUNSTATE_*, public/vcpu.h */
    uint64_t runstate_guest;                /* its copy's guest address, 0: none */
    uint64_t time_info_guest;               /* VCPUOP_register_vcpu_time_memory_area */
    unsigned long pause_flags;              /* VPF_* (atomic bit ops) */
    /* Has a start state: vCPU 0 from the builder, the others from a SIPI or
     * VCPUOP_initialise; INIT takes it away. VCPUOP_up needs it. */
    bool is_initialised;
    int pause_count;                        /* nested pauses (atomic) */
    cpumask_t cpus_ran_on;                  /* every pCPU it was switched to */
    vcpu_info_t *vcpu_info;                 /* in shared_info (or where registered) */
    bool vcpu_info_registered;              /* VCPUOP_register_vcpu_info: a page held */
    unsigned long vcpu_info_mfn;
    /* The guest's timers (common/vcpu_timer.c, xen/vcpu_timer.h). */
    struct timer singleshot_timer, periodic_timer, poll_timer;
    spinlock_t periodic_timer_lock;
    s_time_t periodic_period, periodic_last_event;
    /* SCHEDOP_poll (common/sched_op.c), as Xen: 0 not polling, -1 polling
     * several ports, else the one port polled. */
    int poll_evtchn;
    /* A preempted hypercall (hypercall_create_continuation): the guest
     * issues it again with hcall_args[0 .. hcall_nr_args) for arguments. */
    bool hcall_preempted;
    unsigned int hcall_nr_args;
    uint64_t hcall_args[5];
    struct arch_vcpu arch;
};

#define NR_DOMAIN_WATCHDOG_TIMERS 2          /* as Xen's */

/* What the hypervisor does when a dom0-less domain shuts down (xl's
 * on_poweroff/on_reboot/on_crash). */
enum domain_action { ACTION_DESTROY, ACTION_RESTART, ACTION_PRESERVE };

/* Per-domain counters of VM exits (by exit code) and hypercalls. */
#define NR_EXIT_COUNTERS 0x100              /* exit codes 0-0xff; then: */
#define EXIT_COUNTER_NPF     (NR_EXIT_COUNTERS)
#define EXIT_COUNTER_INVALID (NR_EXIT_COUNTERS + 1)
#define EXIT_COUNTER_OTHER   (NR_EXIT_COUNTERS + 2)
#define NR_HYPERCALL_COUNTERS 64

struct domain {
    domid_t domain_id;
    char name[32];
    xen_domain_handle_t handle;             /* the domain's UUID */
    unsigned int max_vcpus;
    struct vcpu **vcpu;
    struct domheap mem;                     /* pages, tot_pages, max_pages */
    shared_info_t *shared_info;             /* xenheap page the domain owns */
    struct evtchn_domain *evtchn;           /* its event channels (xen/event.h) */
    struct evtchn_domain *evtchn_xen;       /* the hypervisor's end of its channels to Xen */
    struct console_ring *console_ring;      /* served by the hypervisor (xen/console_ring.h) */
    struct grant_table *grant_table;        /* HVM domains (common/grant_table.c) */
    unsigned long shared_info_gfn;          /* where it is mapped, INVALID_GFN: nowhere */
    bool is_privileged;
    uint64_t poll_mask;                     /* vCPUs in SCHEDOP_poll, by ID (<= 64) */
    unsigned long vm_assist;                /* VMASST_TYPE_* bits (HYPERVISOR_vm_assist) */
    bool is_hvm;
    struct domain *next_in_list;
    void *sched_priv;                       /* the scheduler's per-domain data */
    int pause_count;                        /* nested pauses (atomic) */
    /* Shutdown (Xen's semantics): requested, then complete once every
     * vCPU is paused; the code is a SHUTDOWN_* reason. */
    bool is_shutting_down, is_shut_down, is_dying;
    bool is_relinquished;                   /* destroyed but for pages others hold */
    unsigned int shutdown_code;
    enum domain_action on_poweroff, on_reboot, on_crash;
    /* SCHEDOP_watchdog (xen/watchdog.h). */
    spinlock_t watchdog_lock;
    unsigned int watchdog_inuse_map;
    struct timer watchdog_timer[NR_DOMAIN_WATCHDOG_TIMERS];
    uint64_t exit_count[NR_EXIT_COUNTERS + 3];
    uint64_t hypercall_count[NR_HYPERCALL_COUNTERS];
    /* Set by whoever built the domain (dom0-less boot, later the
     * toolstack's VIRQ_DOM_EXC path): called once shutdown is complete. */
    void (*shutdown_hook)(struct domain *d);
    void *builder_priv;
    struct arch_domain arch;
};

extern struct domain *idle_domain;
extern struct domain *domain_list;
extern char opt_sched[16];

static inline bool is_idle_vcpu(const struct vcpu *v)
{
    return v->domain == idle_domain;
}
#define for_each_vcpu(d, v) for ((v) = (d)->vcpu[0]; (v); (v) = (v)->next_in_list)

/* common/vcpu_info.c: VCPUOP_register_vcpu_info (0 or -XEN_E*), and the
 * page reference dropped when the vCPU goes. */
int map_vcpu_info(struct vcpu *v, unsigned long gfn, unsigned int offset);
void unmap_vcpu_info(struct vcpu *v);

/* common/runstate_area.c: VCPUOP_register_runstate_memory_area (0 or
 * -XEN_E*), and the guest's copy refreshed at each context switch. */
int register_runstate_area(struct vcpu *v, uint64_t arg);
void update_runstate_area(struct vcpu *v);

/* common/domain.c */
struct domain *domain_create(domid_t id, unsigned int max_vcpus, bool is_hvm);
struct vcpu *vcpu_create(struct domain *d, unsigned int id, unsigned int cpu);
/* A guest domain by ID; never a system one (DOMID_IDLE, DOMID_XEN, ...). */
struct domain *get_domain_by_id(domid_t id);
void idle_domain_init(void);
void domain_keyhandler_init(void);
void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);
void vcpu_pause(struct vcpu *v);
void vcpu_pause_nosync(struct vcpu *v);
void vcpu_unpause(struct vcpu *v);
void domain_shutdown(struct domain *d, unsigned int reason);
void __domain_crash(struct domain *d, const char *file, int line);
#define domain_crash(d) __domain_crash(d, __FILE__, __LINE__)
/* Frees everything once no vCPU runs: 0 when done, -XEN_EAGAIN to retry. */
int domain_kill(struct domain *d);
const char *shutdown_reason_name(unsigned int reason);

void scheduler_init(void);
void sched_init_cpu(unsigned int cpu);
void startup_cpu_idle_loop(void) __attribute__((noreturn));
void sched_keyhandler_init(void);

/* A vCPU may run when nothing pauses it (Xen's vcpu_runnable()). */
static inline bool vcpu_runnable(const struct vcpu *v)
{
    return !(__atomic_load_n(&v->pause_flags, __ATOMIC_ACQUIRE) |
             (unsigned int)__atomic_load_n(&v->pause_count, __ATOMIC_ACQUIRE) |
             (unsigned int)__atomic_load_n(&v->domain->pause_count, __ATOMIC_ACQUIRE));
}

/* common/sched/core.c: the scheduler-independent interface. Return values
 * are 0 or -XEN_E* (public/errno.h). */
int sched_init_domain(struct domain *d);
void sched_destroy_domain(struct domain *d);
int sched_init_vcpu(struct vcpu *v);    /* v->processor: set by the caller */
void sched_destroy_vcpu(struct vcpu *v);
void vcpu_wake(struct vcpu *v);
void vcpu_sleep_nosync(struct vcpu *v);
void vcpu_sleep_sync(struct vcpu *v);   /* returns once v runs nowhere */
void vcpu_block(void);                  /* current; the caller returns to its loop */
/* Xen's vcpu_unblock: clears VPF_blocked, ends a poll, wakes v; false if
 * v was not blocked. */
bool vcpu_unblock(struct vcpu *v);
void vcpu_yield(void);
int vcpu_set_hard_affinity(struct vcpu *v, const cpumask_t *mask);
int sched_adjust_credit(struct domain *d, unsigned int weight, unsigned int cap);
int sched_get_credit(const struct domain *d, unsigned int *weight, unsigned int *cap);
void vcpu_runstate_get(const struct vcpu *v, struct vcpu_runstate_info *runstate);
/* Called by the arch once prev's state is saved: prev may run elsewhere. */
void sched_context_switched(struct vcpu *prev, struct vcpu *next);

/* arch/x86/domain.c: leave prev for next (does not return to schedule() when
 * next != prev, once guests run), or go on with prev. */
void context_switch(struct vcpu *prev, struct vcpu *next);
void continue_running(struct vcpu *same);

#endif
