/* The hypervisor as the console backend of a domain without a dom0
 * (xen/console_ring.h; the ring protocol is public/io/console.h: the guest
 * produces into out[], the backend consumes and advances out_cons, each
 * side notifying the other over the event channel). Output is taken off
 * the ring by a timer on CPU 0, outside the event lock the notification
 * arrives under, and printed as "(dN) ..." lines like console_io's.
 * Serial input given to the domain goes into in[] (console_ring_input). */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/mm.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/event.h>
#include <xen/xmalloc.h>
#include <xen/console_ring.h>
#include <asm/io.h>
#include <asm/hvm/hvm.h>
#include <public/io/console.h>
#include <public/hvm/params.h>
#include <public/errno.h>

struct console_ring {
    struct domain *d;
    struct console_ring *next;          /* rings taking serial input */
    struct xencons_interface *intf;
    struct timer timer;
    char line[160];
    unsigned int len;
};

/* The rings serial input may go to. The lock also keeps a ring (and its
 * domain) alive while a character is put in: destruction unlinks first. */
static DEFINE_SPINLOCK(input_lock);
static struct console_ring *input_rings;

static void put(struct console_ring *cr, char c)
{
    if (c != '\n' && c != '\r' && cr->len < sizeof(cr->line) - 1)
        cr->line[cr->len++] = (c >= 0x20 && c < 0x7f) || c == '\t' ? c : '.';
    if (c == '\n' || cr->len == sizeof(cr->line) - 1) {
        cr->line[cr->len] = '\0';
        printk("(d%u) %s\n", cr->d->domain_id, cr->line);
        cr->len = 0;
    }
}

/* Everything the guest produced, at most one ring's worth: indexes it
 * makes up beyond that are its own problem, not a reason to loop. */
static void consume(void *data)
{
    struct console_ring *cr = data;
    struct xencons_interface *intf = cr->intf;
    XENCONS_RING_IDX cons = __atomic_load_n(&intf->out_cons, __ATOMIC_ACQUIRE);
    XENCONS_RING_IDX prod = __atomic_load_n(&intf->out_prod, __ATOMIC_ACQUIRE);

    if (prod == cons)
        return;
    if (prod - cons > sizeof(intf->out))
        cons = prod - (XENCONS_RING_IDX)sizeof(intf->out);
    while (cons != prod)
        put(cr, intf->out[MASK_XENCONS_IDX(cons++, intf->out)]);
    __atomic_store_n(&intf->out_cons, cons, __ATOMIC_RELEASE);
    evtchn_notify_from_xen(cr->d);      /* room again */
}

static void notified(struct domain *d)
{
    if (d->console_ring)
        set_timer(&d->console_ring->timer, NOW());
}

int console_ring_init(struct domain *d, unsigned long gfn)
{
    struct console_ring *cr = xzalloc(struct console_ring);
    struct page_info *pg = alloc_domheap_pages(d, 0);
    evtchn_port_t port;
    unsigned long flags;
    int rc;

    if (!cr || !pg) {
        xfree(cr);
        return -XEN_ENOMEM;             /* the page goes with the domain */
    }
    cr->d = d;
    cr->intf = maddr_to_virt((paddr_t)page_to_mfn(pg) << PAGE_SHIFT);
    memset(cr->intf, 0, PAGE_SIZE);
    init_timer(&cr->timer, consume, cr, 0);
    rc = p2m_set_entry_flush(d, gfn, page_to_mfn(pg), 0, p2m_ram_rw);
    if (!rc)
        rc = evtchn_bind_to_xen(d, notified, &port);
    if (rc) {
        kill_timer(&cr->timer);
        xfree(cr);
        return rc;
    }
    d->console_ring = cr;
    flags = spin_lock_irqsave(&input_lock);
    cr->next = input_rings;
    input_rings = cr;
    spin_unlock_irqrestore(&input_lock, flags);
    d->arch.hvm_params[HVM_PARAM_CONSOLE_PFN] = gfn;
    d->arch.hvm_params[HVM_PARAM_CONSOLE_EVTCHN] = port;
    return 0;
}

void console_ring_destroy(struct domain *d)
{
    struct console_ring *cr = d->console_ring, **pp;
    unsigned long flags;

    if (!cr)
        return;
    flags = spin_lock_irqsave(&input_lock);
    for (pp = &input_rings; *pp; pp = &(*pp)->next)
        if (*pp == cr) {
            *pp = cr->next;
            break;
        }
    spin_unlock_irqrestore(&input_lock, flags);
    d->console_ring = NULL;
    kill_timer(&cr->timer);
    if (cr->len)
        put(cr, '\n');
    xfree(cr);
}

/* A character typed for the domain: into in[] unless the guest has not
 * made room (then it is dropped, as Xen's serial input is when full), and
 * the guest is told either way so that a stuck reader wakes up. */
int console_ring_input(domid_t domid, char c)
{
    unsigned long flags = spin_lock_irqsave(&input_lock);
    struct console_ring *cr;
    int rc = -XEN_ENOENT;

    for (cr = input_rings; cr && cr->d->domain_id != domid; cr = cr->next)
        ;
    if (cr) {
        struct xencons_interface *intf = cr->intf;
        XENCONS_RING_IDX prod = intf->in_prod;

        if (prod - __atomic_load_n(&intf->in_cons, __ATOMIC_ACQUIRE) < sizeof(intf->in)) {
            intf->in[MASK_XENCONS_IDX(prod, intf->in)] = c;
            __atomic_store_n(&intf->in_prod, prod + 1, __ATOMIC_RELEASE);
        }
        evtchn_notify_from_xen(cr->d);
        rc = 0;
    }
    spin_unlock_irqrestore(&input_lock, flags);
    return rc;
}
