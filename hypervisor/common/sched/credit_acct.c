/* Credit scheduler, accounting half: credit burnt by running vCPUs, credit
 * earned every time slice by weight and cap, priorities derived from it,
 * parking of capped vCPUs. Pure (host-tested); rules as Xen's credit.c. */
#include "credit_acct.h"

/* One accounting pass: what is left to share, and per pCPU the credit and
 * weight of the vCPUs queued there. */
struct acct_pass {
    uint32_t credit_total, weight_left;
    uint32_t incr[CPUMASK_BITS], weight[CPUMASK_BITS];
};

void csched_init(struct csched_private *prv, const struct csched_hooks *hooks,
                 unsigned int tslice_ms)
{
    *prv = (struct csched_private){ .hooks = hooks, .master = CPUMASK_BITS };
    prv->tslice = MILLISECS(tslice_ms);
    prv->ticks_per_tslice = tslice_ms < CSCHED_TICKS_PER_TSLICE ? 1 : CSCHED_TICKS_PER_TSLICE;
    prv->tick_period = prv->tslice / prv->ticks_per_tslice;
    prv->credits_per_tslice = CSCHED_CREDITS_PER_MSEC * tslice_ms;
}

void csched_dom_init(struct csched_dom *sdom)
{
    *sdom = (struct csched_dom){ .weight = CSCHED_DEFAULT_WEIGHT };
}

void csched_vcpu_init(struct csched_vcpu *svc, struct csched_dom *sdom, void *vcpu,
                      unsigned int *processor, const cpumask_t *hard_affinity)
{
    *svc = (struct csched_vcpu){ .sdom = sdom, .vcpu = vcpu, .processor = processor,
                                 .hard_affinity = hard_affinity,
                                 .pri = sdom ? CSCHED_PRI_TS_UNDER : CSCHED_PRI_IDLE };
}

void csched_pcpu_init(struct csched_private *prv, unsigned int cpu,
                      struct csched_pcpu *spc, struct csched_vcpu *idle)
{
    *spc = (struct csched_pcpu){ .idle = idle, .curr = idle,
                                 .runq_sort_last = prv->runq_sort };
    prv->pcpu[cpu] = spc;
    prv->credit += prv->credits_per_tslice;
    prv->ncpus++;
    cpumask_set_cpu(cpu, &prv->cpus);
    cpumask_set_cpu(cpu, &prv->idlers);
    if (prv->master == CPUMASK_BITS)
        prv->master = cpu;
}

/* Credit is time: CREDITS_PER_MSEC per millisecond run. start_time moves by
 * the time of the credits taken only, so the remainder is charged later and
 * no nanosecond is lost (or charged twice) over many short runs. */
void csched_burn_credits(struct csched_vcpu *svc, s_time_t now)
{
    s_time_t delta = now - svc->start_time;
    uint64_t val;
    int credits;

    if (delta <= 0)
        return;
    val = (uint64_t)delta * CSCHED_CREDITS_PER_MSEC;
    credits = (int)(val / MILLISECS(1));
    __atomic_fetch_sub(&svc->credit, credits, __ATOMIC_RELAXED);
    svc->start_time += (s_time_t)credits * MILLISECS(1) / CSCHED_CREDITS_PER_MSEC;
}

static void acct_start(struct csched_private *prv, struct csched_vcpu *svc)
{
    struct csched_dom *sdom = svc->sdom;

    if (svc->active)
        return;
    svc->active = true;
    svc->active_next = sdom->active_vcpu;
    sdom->active_vcpu = svc;
    sdom->active_vcpu_count++;
    prv->weight += sdom->weight;
    if (!sdom->active) {
        sdom->active = true;
        sdom->active_next = prv->active_sdom;
        prv->active_sdom = sdom;
    }
}

static void acct_stop(struct csched_private *prv, struct csched_vcpu *svc)
{
    struct csched_dom *sdom = svc->sdom;

    for (struct csched_vcpu **pp = &sdom->active_vcpu; *pp; pp = &(*pp)->active_next)
        if (*pp == svc) {
            *pp = svc->active_next;
            break;
        }
    svc->active = false;
    sdom->active_vcpu_count--;
    prv->weight -= sdom->weight;
    if (!sdom->active_vcpu) {
        for (struct csched_dom **pp = &prv->active_sdom; *pp; pp = &(*pp)->active_next)
            if (*pp == sdom) {
                *pp = sdom->active_next;
                break;
            }
        sdom->active = false;
    }
}

void csched_vcpu_remove(struct csched_private *prv, struct csched_vcpu *svc)
{
    if (svc->active)
        acct_stop(prv, svc);
}

void csched_dom_cntl(struct csched_private *prv, struct csched_dom *sdom,
                     unsigned int weight, unsigned int cap)
{
    if (weight) {
        if (sdom->active)
            prv->weight = prv->weight - sdom->weight * sdom->active_vcpu_count +
                          weight * sdom->active_vcpu_count;
        sdom->weight = (uint16_t)weight;
    }
    sdom->cap = (uint16_t)cap;
}

/* Every tick, on the running vCPU: a boost ends once the vCPU is seen
 * consuming CPU; credit is burnt; a vCPU that runs earns again. */
static void vcpu_acct(struct csched_private *prv, struct csched_vcpu *svc, s_time_t now)
{
    if (svc->pri == CSCHED_PRI_TS_BOOST)
        svc->pri = CSCHED_PRI_TS_UNDER;
    csched_burn_credits(svc, now);
    acct_start(prv, svc);
}

/* After an accounting pass, UNDER vCPUs move ahead of OVER ones; the order
 * within each class is kept. */
static void runq_sort(struct csched_private *prv, struct csched_pcpu *spc)
{
    struct csched_vcpu *under = NULL, **ut = &under, *rest = NULL, **rt = &rest;

    if (spc->runq_sort_last == prv->runq_sort)
        return;
    spc->runq_sort_last = prv->runq_sort;
    for (struct csched_vcpu *svc = spc->runq, *next; svc; svc = next) {
        next = svc->runq_next;
        svc->runq_next = NULL;
        if (svc->pri >= CSCHED_PRI_TS_UNDER) {
            *ut = svc;
            ut = &svc->runq_next;
        } else {
            *rt = svc;
            rt = &svc->runq_next;
        }
    }
    *ut = rest;
    spc->runq = under;
}

void csched_tick(struct csched_private *prv, unsigned int cpu, s_time_t now)
{
    struct csched_pcpu *spc = prv->pcpu[cpu];

    spc->tick++;
    if (!csched_is_idle(spc->curr))
        vcpu_acct(prv, spc->curr, now);
    runq_sort(prv, spc);
}

/* One domain's share of this slice's credit (Xen's csched_acct): by weight
 * among the active vCPUs, at most one slice per vCPU (more only while the
 * system's balance is negative), at most cap% of a slice. What a domain
 * cannot take is offered to the domains after it. Noted per vCPU in
 * credit_incr, and summed per pCPU for pcpu_share(). */
static void share_domain(struct csched_private *prv, struct csched_dom *sdom,
                         struct acct_pass *ap)
{
    uint32_t count = sdom->active_vcpu_count, weight_total = prv->weight;
    uint32_t credit_peak = count * prv->credits_per_tslice, credit_cap, credit_fair;

    ap->weight_left -= sdom->weight * count;
    if (prv->credit_balance < 0)
        credit_peak += (uint32_t)(((uint64_t)-prv->credit_balance * sdom->weight * count +
                                    weight_total - 1) / weight_total);
    if (sdom->cap) {
        credit_cap = (sdom->cap * prv->credits_per_tslice + 99) / 100;
        if (credit_cap < credit_peak)
            credit_peak = credit_cap;
    }
    credit_fair = (uint32_t)(((uint64_t)ap->credit_total * sdom->weight * count +
                              weight_total - 1) / weight_total);
    if (credit_fair >= credit_peak) {
        if (ap->weight_left)
            ap->credit_total += (uint32_t)(((uint64_t)(credit_fair - credit_peak) *
                                            weight_total + ap->weight_left - 1) /
                                           ap->weight_left);
        credit_fair = credit_peak;
    }
    credit_fair = (credit_fair + count - 1) / count;
    for (struct csched_vcpu *svc = sdom->active_vcpu; svc; svc = svc->active_next) {
        unsigned int cpu = __atomic_load_n(svc->processor, __ATOMIC_RELAXED);

        svc->credit_incr = credit_fair;
        ap->incr[cpu] += credit_fair;
        ap->weight[cpu] += sdom->weight;
    }
}

/* Not in Xen: a pCPU cannot give more time than a slice. When the shares
 * of the vCPUs queued on one pCPU add up to more (they are pinned there,
 * while other pCPUs idle and raise everyone's share), that slice is split
 * among them by weight, so weights hold between vCPUs pinned together. */
static uint32_t pcpu_share(const struct csched_private *prv, const struct acct_pass *ap,
                           const struct csched_vcpu *svc)
{
    unsigned int cpu = __atomic_load_n(svc->processor, __ATOMIC_RELAXED);
    uint32_t share;

    if (ap->incr[cpu] <= prv->credits_per_tslice)
        return svc->credit_incr;
    share = (prv->credits_per_tslice * svc->sdom->weight + ap->weight[cpu] - 1) /
            ap->weight[cpu];
    return MIN(share, svc->credit_incr);
}

/* Credit in, then the priority follows: OVER below zero (parked when over
 * its cap), UNDER above it (unparked), inactive when it does not use it. */
static int credit_vcpu(struct csched_private *prv, struct csched_vcpu *svc, uint32_t incr)
{
    const struct csched_dom *sdom = svc->sdom;
    int credit = __atomic_add_fetch(&svc->credit, (int)incr, __ATOMIC_RELAXED);
    int credit_cap = (int)(((sdom->cap * prv->credits_per_tslice + 99) / 100 +
                            sdom->active_vcpu_count - 1) / sdom->active_vcpu_count);

    if (credit < 0) {
        svc->pri = CSCHED_PRI_TS_OVER;
        if (sdom->cap && credit < -credit_cap &&
            !(__atomic_fetch_or(&svc->flags, CSCHED_FLAG_VCPU_PARKED, __ATOMIC_SEQ_CST) &
              CSCHED_FLAG_VCPU_PARKED))
            prv->hooks->park(svc);
        if (credit < -(int)prv->credits_per_tslice) {
            credit = -(int)prv->credits_per_tslice;
            __atomic_store_n(&svc->credit, credit, __ATOMIC_RELAXED);
        }
    } else {
        svc->pri = CSCHED_PRI_TS_UNDER;
        /* Unpause first, clear after: the wake-up must not boost it. */
        if (__atomic_load_n(&svc->flags, __ATOMIC_SEQ_CST) & CSCHED_FLAG_VCPU_PARKED) {
            prv->hooks->unpark(svc);
            __atomic_fetch_and(&svc->flags, ~CSCHED_FLAG_VCPU_PARKED, __ATOMIC_SEQ_CST);
        }
        /* It does not use its credit: it stops earning, and starts again a
         * little ahead when it next runs. */
        if (credit > (int)prv->credits_per_tslice) {
            acct_stop(prv, svc);
            credit /= 2;
            __atomic_store_n(&svc->credit, credit, __ATOMIC_RELAXED);
        }
    }
    return credit;
}

void csched_acct(struct csched_private *prv)
{
    struct acct_pass ap = { .credit_total = prv->credit, .weight_left = prv->weight };
    int credit_balance = 0;

    prv->nr_acct++;
    if (prv->credit_balance < 0)        /* converge the balance back to 0 */
        ap.credit_total += (uint32_t)-prv->credit_balance;
    if (!prv->weight) {
        prv->credit_balance = 0;
        return;
    }
    for (struct csched_dom *sdom = prv->active_sdom; sdom; sdom = sdom->active_next)
        share_domain(prv, sdom, &ap);
    for (struct csched_dom *sdom = prv->active_sdom, *nd; sdom; sdom = nd) {
        nd = sdom->active_next;         /* credit_vcpu() may unlink sdom */
        for (struct csched_vcpu *svc = sdom->active_vcpu, *nv; svc; svc = nv) {
            nv = svc->active_next;
            credit_balance += credit_vcpu(prv, svc, pcpu_share(prv, &ap, svc));
        }
    }
    prv->credit_balance = credit_balance;
    prv->runq_sort++;
}
