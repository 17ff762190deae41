/* System time from a vcpu_time_info record (pvclock.h). */
#include "test.h"
#include "pvclock.h"

uint64_t pvclock_read(const volatile struct vcpu_time_info *t, uint32_t *version,
                      uint64_t *tsc_out)
{
    uint32_t ver, mul;
    uint64_t stamp, sys, tsc;
    int8_t shift;

    do {
        ver = t->version;
        asm volatile ( "lfence" ::: "memory" );
        stamp = t->tsc_timestamp;
        sys = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
        tsc = rdtsc();
        asm volatile ( "lfence" ::: "memory" );
    } while ( (ver & 1) || ver != t->version );
    if ( version )
        *version = ver;
    if ( tsc_out )
        *tsc_out = tsc;
    if ( !ver )
        return 0;
    tsc -= stamp;
    tsc = shift < 0 ? tsc >> -shift : tsc << shift;
    return sys + (uint64_t)(((unsigned __int128)tsc * mul) >> 32);
}
