/* Credit scheduler, run queue half: one queue per pCPU ordered by priority
 * (BOOST > UNDER > OVER > IDLE), wake-ups with boost and tickling of the
 * pCPU that should run them, the choice of the next vCPU, and stealing from
 * peers' queues within hard affinity. Pure (host-tested); rules as Xen's. */
#include "credit_acct.h"

static struct csched_pcpu *pcpu_of(const struct csched_private *prv,
                                   const struct csched_vcpu *svc)
{
    return prv->pcpu[*svc->processor];
}

/* Behind every vCPU of the same or higher priority; a yielding vCPU goes
 * one further, behind a lower-priority one, unless that is the idle vCPU. */
static void runq_insert(struct csched_pcpu *spc, struct csched_vcpu *svc)
{
    struct csched_vcpu **pp = &spc->runq;

    while (*pp && (*pp)->pri >= svc->pri)
        pp = &(*pp)->runq_next;
    if ((__atomic_load_n(&svc->flags, __ATOMIC_RELAXED) & CSCHED_FLAG_VCPU_YIELD) &&
        *pp && (*pp)->pri > CSCHED_PRI_IDLE)
        pp = &(*pp)->runq_next;
    svc->runq_next = *pp;
    *pp = svc;
    svc->on_runq = true;
}

static void runq_remove(struct csched_pcpu *spc, struct csched_vcpu *svc)
{
    for (struct csched_vcpu **pp = &spc->runq; *pp; pp = &(*pp)->runq_next)
        if (*pp == svc) {
            *pp = svc->runq_next;
            break;
        }
    svc->runq_next = NULL;
    svc->on_runq = false;
}

void csched_vcpu_insert(struct csched_private *prv, struct csched_vcpu *svc)
{
    struct csched_pcpu *spc = pcpu_of(prv, svc);

    if (!svc->on_runq && spc->curr != svc && prv->hooks->runnable(svc) &&
        !prv->hooks->is_running(svc)) {
        runq_insert(spc, svc);
        spc->nr_runnable++;
    }
}

bool csched_vcpu_sleep(struct csched_private *prv, struct csched_vcpu *svc)
{
    struct csched_pcpu *spc = pcpu_of(prv, svc);

    if (spc->curr == svc)
        return true;
    if (svc->on_runq) {
        runq_remove(spc, svc);
        spc->nr_runnable--;
    }
    return false;
}

void csched_vcpu_yield(struct csched_vcpu *svc)
{
    __atomic_fetch_or(&svc->flags, CSCHED_FLAG_VCPU_YIELD, __ATOMIC_RELAXED);
}

/* Which pCPUs should look at their queue now that svc waits on its own:
 * that pCPU if it idles or svc beats what it runs (and nobody idles); else
 * an idle pCPU svc may run on (it will steal svc); else nobody. */
static cpumask_t runq_tickle(struct csched_private *prv, const struct csched_vcpu *svc)
{
    unsigned int cpu = *svc->processor;
    const struct csched_vcpu *cur = prv->pcpu[cpu]->curr;
    cpumask_t idle_mask, suitable, mask = CPU_MASK_NONE;

    cpumask_and(&idle_mask, &prv->idlers, &prv->cpus);
    if (cur->pri == CSCHED_PRI_IDLE || (cpumask_empty(&idle_mask) && svc->pri > cur->pri)) {
        __cpumask_set_cpu(cpu, &mask);
    } else if (!cpumask_empty(&idle_mask)) {
        cpumask_and(&suitable, svc->hard_affinity, &idle_mask);
        if (!cpumask_empty(&suitable)) {
            prv->last_tickle_cpu = cpumask_cycle(prv->last_tickle_cpu, &suitable);
            __cpumask_set_cpu(prv->last_tickle_cpu, &mask);
        } else if (svc->pri > cur->pri) {
            __cpumask_set_cpu(cpu, &mask);
        }
    }
    for_each_cpu(cpu, &mask)
        cpumask_clear_cpu(cpu, &prv->idlers);   /* busy from now on */
    return mask;
}

/* svc waits on a busy pCPU's queue: wake an idle pCPU that may run it (it
 * will steal svc). */
static bool tickle_idler_for(struct csched_private *prv, const struct csched_vcpu *svc,
                             cpumask_t *mask)
{
    cpumask_t suitable;

    cpumask_and(&suitable, svc->hard_affinity, &prv->idlers);
    cpumask_and(&suitable, &suitable, &prv->cpus);
    if (cpumask_empty(&suitable))
        return false;
    prv->last_tickle_cpu = cpumask_cycle(prv->last_tickle_cpu, &suitable);
    cpumask_clear_cpu(prv->last_tickle_cpu, &prv->idlers);
    __cpumask_set_cpu(prv->last_tickle_cpu, mask);
    return true;
}

cpumask_t csched_context_saved(struct csched_private *prv, struct csched_vcpu *svc)
{
    cpumask_t mask = CPU_MASK_NONE;

    if (!csched_is_idle(svc) && svc->on_runq)
        tickle_idler_for(prv, svc, &mask);
    return mask;
}

cpumask_t csched_vcpu_wake(struct csched_private *prv, struct csched_vcpu *svc)
{
    struct csched_pcpu *spc = pcpu_of(prv, svc);
    unsigned int flags;

    if (spc->curr == svc || svc->on_runq)
        return CPU_MASK_NONE;
    /* Boost a vCPU that wakes from blocking, so that I/O-bound vCPUs get to
     * run at once; not one that migrates, nor a capped one being unparked. */
    flags = __atomic_fetch_and(&svc->flags, ~CSCHED_FLAG_VCPU_MIGRATING, __ATOMIC_SEQ_CST);
    if (!(flags & (CSCHED_FLAG_VCPU_MIGRATING | CSCHED_FLAG_VCPU_PARKED)) &&
        svc->pri == CSCHED_PRI_TS_UNDER)
        svc->pri = CSCHED_PRI_TS_BOOST;
    runq_insert(spc, svc);
    spc->nr_runnable++;
    return runq_tickle(prv, svc);
}

unsigned int csched_pick_cpu(const struct csched_private *prv,
                             const struct csched_vcpu *svc)
{
    unsigned int cpu = *svc->processor;
    cpumask_t cpus, idlers;

    cpumask_and(&cpus, svc->hard_affinity, &prv->cpus);
    if (cpumask_empty(&cpus))
        return CPUMASK_BITS;
    if (!cpumask_test_cpu(cpu, &cpus))
        cpu = cpumask_cycle(cpu, &cpus);
    cpumask_and(&idlers, &cpus, &prv->idlers);
    if (!cpumask_test_cpu(cpu, &idlers) && !cpumask_empty(&idlers))
        cpu = cpumask_cycle(cpu, &idlers);
    return cpu;
}

/* The first vCPU of peer's queue that beats pri, is not still running
 * there, and may run on cpu. Both queues are locked. */
static struct csched_vcpu *runq_steal(struct csched_private *prv, unsigned int peer,
                                      unsigned int cpu, int pri)
{
    struct csched_pcpu *pspc = prv->pcpu[peer];

    if (csched_is_idle(pspc->curr))     /* it is about to take its own work */
        return NULL;
    for (struct csched_vcpu *speer = pspc->runq; speer; speer = speer->runq_next) {
        if (speer->pri <= pri)
            break;
        if (prv->hooks->is_running(speer) || !cpumask_test_cpu(cpu, speer->hard_affinity))
            continue;
        runq_remove(pspc, speer);
        pspc->nr_runnable--;
        *speer->processor = cpu;
        prv->pcpu[cpu]->nr_runnable++;
        return speer;
    }
    return NULL;
}

/* snext (our queue's head) is OVER or idle: look for better work on the
 * busy peers, starting after the one stolen from last time. Peers' locks
 * are only tried: two pCPUs balancing at once must not deadlock. */
static struct csched_vcpu *load_balance(struct csched_private *prv, unsigned int cpu,
                                        struct csched_vcpu *snext,
                                        struct csched_decision *d)
{
    cpumask_t workers;
    unsigned int first, peer;

    cpumask_andnot(&workers, &prv->cpus, &prv->idlers);
    __cpumask_clear_cpu(cpu, &workers);
    first = cpumask_cycle(prv->balance_bias, &workers);
    if (first < CPUMASK_BITS) {
        peer = first;
        do {
            struct csched_vcpu *speer = NULL;

            if (prv->pcpu[peer]->nr_runnable > 1 && prv->hooks->trylock(peer)) {
                speer = runq_steal(prv, peer, cpu, snext->pri);
                prv->hooks->unlock(peer);
            }
            if (speer) {
                prv->balance_bias = peer;
                prv->nr_stolen++;
                d->migrated = true;
                d->stolen_from = peer;
                return speer;
            }
            peer = cpumask_cycle(peer, &workers);
        } while (peer != first);
    }
    runq_remove(prv->pcpu[cpu], snext);
    return snext;
}

struct csched_decision csched_schedule(struct csched_private *prv, unsigned int cpu,
                                       s_time_t now)
{
    struct csched_pcpu *spc = prv->pcpu[cpu];
    struct csched_vcpu *scurr = spc->curr, *snext;
    struct csched_decision d = { .tslice = prv->tslice };

    if (!csched_is_idle(scurr)) {
        csched_burn_credits(scurr, now);
        scurr->start_time -= now;       /* keep the unburnt remainder */
        scurr->last_sched_time = now;
    } else {
        scurr->pri = CSCHED_PRI_IDLE;
    }
    if (csched_is_idle(scurr) || prv->hooks->runnable(scurr))
        runq_insert(spc, scurr);
    else
        spc->nr_runnable--;             /* it blocked or was paused */
    __atomic_fetch_and(&scurr->flags, ~CSCHED_FLAG_VCPU_YIELD, __ATOMIC_RELAXED);

    for (;;) {
        snext = spc->runq;              /* never empty: idle is queued */
        if (snext->pri > CSCHED_PRI_TS_OVER)
            runq_remove(spc, snext);
        else
            snext = load_balance(prv, cpu, snext, &d);
        if (csched_is_idle(snext) || prv->hooks->runnable(snext))
            break;
        spc->nr_runnable--;             /* paused while queued: drop it */
    }

    if (snext->pri == CSCHED_PRI_IDLE)
        cpumask_set_cpu(cpu, &prv->idlers);
    else
        cpumask_clear_cpu(cpu, &prv->idlers);
    if (!csched_is_idle(snext)) {
        snext->start_time += now;
        /* Whoever still waits here is offered to the idle pCPUs; one still
         * running (prev) is offered by csched_context_saved(). */
        for (struct csched_vcpu *w = spc->runq; w && !csched_is_idle(w); w = w->runq_next)
            if (!prv->hooks->is_running(w))
                tickle_idler_for(prv, w, &d.tickle);
    } else {
        d.tslice = -1;
    }
    spc->curr = snext;
    d.next = snext;
    return d;
}
