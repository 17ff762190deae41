/* What a #VMEXIT's code and an intercepted instruction say, decoded
 * without touching a vCPU (arch/x86/hvm/svm/exitcode.c; pure, host-tested). */
#ifndef ASM_HVM_SVM_EXITCODE_H
#define ASM_HVM_SVM_EXITCODE_H
#include <xen/types.h>
#include <asm/x86_emulate.h>

/* A refused VMRUN, in the APM's form (-1) or QEMU 7.2's (0xffffffff). */
bool svm_exitcode_is_invalid(uint64_t exitcode);
/* The code to act on: either form of VMEXIT_INVALID becomes the APM's. */
uint64_t svm_exitcode(uint64_t exitcode);

/* MOV to CR8 at bytes[0..avail) (0F 22 with ModRM.reg + REX.R = 8, or
 * AMD's LOCK 0F 22 with reg 0): the source GPR in ModRM numbering (0 RAX
 * .. 15 R15) and the instruction's length in *len; -1 if it is not one. */
int svm_decode_mov_to_cr8(const uint8_t *bytes, unsigned int avail, enum x86_insn_mode mode,
                          unsigned int *len);

#endif
