/* Switching a pCPU between vCPUs (Xen's arch/x86/domain.c). Only idle vCPUs
 * exist so far, and they share the one idle loop: nothing to save or load,
 * so the switch is done at once and schedule() returns to the idle loop. */
#include <xen/sched.h>

void context_switch(struct vcpu *prev, struct vcpu *next)
{
    sched_context_switched(prev, next);
}

void continue_running(struct vcpu *same)
{
    (void)same;
}
