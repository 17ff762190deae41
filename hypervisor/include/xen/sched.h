/* The two central nouns, struct domain and struct vcpu, and the scheduler
 * interface. For now only the idle domain exists (one idle vCPU per pCPU). */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H
#include <xen/types.h>
#include <asm/config.h>
#include <public/xen.h>

struct domain;

struct vcpu {
    int vcpu_id;
    unsigned int processor;                 /* pCPU it runs on / is queued on */
    struct domain *domain;
    bool is_running;
    struct vcpu *next_in_list;              /* the domain's vCPUs */
    struct vcpu *runq_next;                 /* the pCPU's run queue */
    uint64_t nr_scheduled;
    s_time_t last_scheduled;
};

struct domain {
    domid_t domain_id;
    unsigned int max_vcpus;
    struct vcpu **vcpu;
    unsigned long tot_pages, max_pages;
    bool is_privileged;
    struct domain *next_in_list;
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

#endif
