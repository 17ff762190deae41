/* The two central nouns, struct domain and struct vcpu, and the scheduler
 * interface. For now only the idle domain exists (one idle vCPU per pCPU). */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H
#include <xen/types.h>
#include <asm/config.h>
#include <xen/cpumask.h>
#include <public/xen.h>
#include <public/vcpu.h>

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
    unsigned long pause_flags;              /* VPF_* (atomic bit ops) */
    int pause_count;                        /* nested pauses (atomic) */
};

struct domain {
    domid_t domain_id;
    unsigned int max_vcpus;
    struct vcpu **vcpu;
    unsigned long tot_pages, max_pages;
    bool is_privileged;
    struct domain *next_in_list;
    void *sched_priv;                       /* the scheduler's per-domain data */
    int pause_count;                        /* nested pauses (atomic) */
};

extern struct domain *idle_domain;
extern struct domain *domain_list;
extern char opt_sched[16];

struct domain *domain_create(domid_t id, unsigned int max_vcpus);
struct vcpu *vcpu_create(struct domain *d, unsigned int id, unsigned int cpu);
void idle_domain_init(void);

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
void vcpu_yield(void);
int vcpu_set_hard_affinity(struct vcpu *v, const cpumask_t *mask);
/* Credit's weight (1-65535, 0 keeps it) and cap (% of one pCPU for the whole
 * domain, 0 none, 0xffff keeps it), as XEN_DOMCTL_SCHEDOP_putinfo;
 * -XEN_EINVAL under another scheduler. */
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
