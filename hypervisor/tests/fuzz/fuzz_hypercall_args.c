/* libFuzzer target: hypercall argument decoding from a guest's registers
 * (arch/x86/hvm/hypercall_args.c). Any register contents, either mode:
 * the number and arguments are exactly the registers of the calling
 * convention (64-bit: whole; 32-bit: zero-extended low halves), and a
 * continuation's write back reads back as what was written, touching no
 * other register. */
#include <stdlib.h>
#include <string.h>
#include <asm/hvm/hypercall_args.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cpu_user_regs r, before;
    struct hcall_args h;
    uint64_t again[HCALL_NR_ARGS];
    bool mode64;
    unsigned int n;

    if (size < 2 + sizeof(r) + sizeof(again))
        return 0;
    mode64 = data[0] & 1;
    n = data[1] % (HCALL_NR_ARGS + 2);          /* beyond 5: clamped */
    memcpy(&r, data + 2, sizeof(r));
    memcpy(again, data + 2 + sizeof(r), sizeof(again));
    before = r;

    hvm_hypercall_args(&r, mode64, &h);
    const uint64_t src[HCALL_NR_ARGS] = {
        mode64 ? r.rdi : r.rbx, mode64 ? r.rsi : r.rcx, r.rdx,
        mode64 ? r.r10 : r.rsi, mode64 ? r.r8 : r.rdi,
    };
    if (h.nr != (mode64 ? r.rax : (uint32_t)r.rax))
        abort();
    for (unsigned int i = 0; i < HCALL_NR_ARGS; i++)
        if (h.a[i] != (mode64 ? src[i] : (uint32_t)src[i]))
            abort();
    if (memcmp(&r, &before, sizeof(r)))         /* decoding reads only */
        abort();

    hvm_hypercall_set_args(&r, mode64, again, n);
    hvm_hypercall_args(&r, mode64, &h);
    for (unsigned int i = 0; i < HCALL_NR_ARGS; i++) {
        uint64_t want = i < n ? again[i] : src[i];

        if (h.a[i] != (mode64 ? want : (uint32_t)want))
            abort();
    }
    if (r.rax != before.rax || r.rip != before.rip || r.rsp != before.rsp ||
        r.rbp != before.rbp || r.r9 != before.r9 || r.r11 != before.r11 ||
        (mode64 && (r.rbx != before.rbx || r.rcx != before.rcx)) ||
        (!mode64 && (r.r10 != before.r10 || r.r8 != before.r8)))
        abort();
    return 0;
}
