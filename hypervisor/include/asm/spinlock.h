/* Test-and-test-and-set spinlocks. */
#ifndef ASM_SPINLOCK_H
#define ASM_SPINLOCK_H
#include <asm/processor.h>

typedef struct { volatile int locked; } spinlock_t;
#define SPIN_LOCK_UNLOCKED { 0 }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

static inline bool spin_trylock(spinlock_t *l)
{
    return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}
static inline void spin_lock(spinlock_t *l)
{
    while (!spin_trylock(l))
        while (l->locked)
            cpu_relax();
}
static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}
static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
    unsigned long f = local_irq_save();

    spin_lock(l);
    return f;
}
static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long f)
{
    spin_unlock(l);
    local_irq_restore(f);
}

#endif
