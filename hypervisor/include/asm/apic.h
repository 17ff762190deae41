/* Local APIC in xAPIC (MMIO) or x2APIC (MSR) mode: Intel SDM vol. 3 ch. 10. */
#ifndef ASM_APIC_H
#define ASM_APIC_H
#include <xen/types.h>

#define APIC_ID     0x20
#define APIC_VER    0x30
#define APIC_TPR    0x80
#define APIC_EOI    0xb0
#define APIC_SVR    0xf0
#define APIC_ICR    0x300
#define APIC_ICR2   0x310
#define APIC_LVTT   0x320
#define APIC_TMICT  0x380
#define APIC_TMCCT  0x390
#define APIC_TDCR   0x3e0

#define APIC_DM_FIXED  0x000
#define APIC_DM_NMI    0x400
#define APIC_DM_INIT   0x500
#define APIC_DM_STARTUP 0x600
#define APIC_ICR_BUSY  0x1000
#define APIC_INT_ASSERT 0x4000
#define APIC_INT_LEVELTRIG 0x8000
#define APIC_DEST_ALLBUT 0xc0000
#define APIC_LVT_MASKED (1u << 16)

extern bool x2apic_enabled;
extern uint32_t apic_timer_khz;         /* APIC timer ticks per ms */

uint32_t apic_read(unsigned int reg);
void apic_write(unsigned int reg, uint32_t v);
uint32_t get_apic_id(void);
void setup_local_APIC(bool bsp);
void ack_APIC_irq(void);
void send_IPI(uint32_t apic_id, uint32_t icr_low);  /* icr_low: mode|vector */
void send_IPI_allbutself(uint32_t icr_low);
void apic_timer_calibrated(uint64_t apic_ticks, uint64_t window_us);
void apic_timer_interrupt(void);
/* One-shot interrupt at the given NOW() time; 0 stops the timer. */
void reprogram_timer(s_time_t deadline);
void smp_call_function_interrupt(void);

#endif
