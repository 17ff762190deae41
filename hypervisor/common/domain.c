/* Domains and vCPUs: creation, the idle domain, and the 'q' dump. */
#include <xen/sched.h>
#include <xen/lib.h>
#include <xen/xmalloc.h>
#include <xen/keyhandler.h>
#include <xen/time.h>
#include <asm/smp.h>

struct domain *idle_domain;
struct domain *domain_list;

struct domain *domain_create(domid_t id, unsigned int max_vcpus)
{
    struct domain *d = xzalloc(struct domain);

    if (!d)
        return NULL;
    d->vcpu = xzalloc_array(struct vcpu *, max_vcpus);
    if (!d->vcpu) {
        xfree(d);
        return NULL;
    }
    d->domain_id = id;
    d->max_vcpus = max_vcpus;
    /* Keep the list sorted by id, as 'q' and later xm list show it. */
    struct domain **pp = &domain_list;

    while (*pp && (*pp)->domain_id < id)
        pp = &(*pp)->next_in_list;
    d->next_in_list = *pp;
    *pp = d;
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
    d->vcpu[id] = v;
    if (id > 0 && d->vcpu[id - 1])
        d->vcpu[id - 1]->next_in_list = v;
    return v;
}

void idle_domain_init(void)
{
    idle_domain = domain_create(DOMID_IDLE, NR_CPUS);
    if (!idle_domain)
        panic("cannot create the idle domain");
}

static void dump_domains(unsigned char key)
{
    printk("'%c' pressed -> dumping domain info (now = %lld ns)\n", key, (long long)NOW());
    for (struct domain *d = domain_list; d; d = d->next_in_list) {
        printk("General information for domain %u:\n", d->domain_id);
        printk("    %s max_vcpus=%u tot_pages=%lu max_pages=%lu privileged=%d\n",
               d == idle_domain ? "idle domain" : "domain", d->max_vcpus, d->tot_pages,
               d->max_pages, d->is_privileged);
        printk("VCPU information and callbacks for domain %u:\n", d->domain_id);
        for (unsigned int i = 0; i < d->max_vcpus; i++) {
            struct vcpu *v = d->vcpu[i];

            if (v)
                printk("    VCPU%d: CPU%u [has=%c] scheduled=%llu\n", v->vcpu_id,
                       v->processor, v->is_running ? 'T' : 'F',
                       (unsigned long long)v->nr_scheduled);
        }
    }
}

void domain_keyhandler_init(void)
{
    register_keyhandler('q', dump_domains, "dump domain (and guest debug) info");
}
