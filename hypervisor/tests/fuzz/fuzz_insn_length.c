/* libFuzzer target: the instruction-length decoder on arbitrary bytes in
 * every mode never crashes, never reads at or past avail (the input is an
 * exact-size heap copy, so ASan sees it), never answers more than 15 or
 * more than avail, and agrees with itself when given fewer or more bytes. */
#include <stdlib.h>
#include <string.h>
#include <asm/x86_emulate.h>

static int decode(const uint8_t *b, unsigned int n, enum x86_insn_mode mode,
                  struct x86_insn_info *info)
{
    uint8_t *copy = malloc(n ? n : 1);
    int rc;

    if (!copy)
        abort();
    memcpy(copy, b, n);
    rc = x86_insn_length(copy, n, mode, info);
    free(copy);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    struct x86_insn_info info;
    enum x86_insn_mode mode;
    uint8_t full[X86_INSN_MAX_LEN];
    unsigned int avail;
    int rc, again;

    if (len < 1)
        return 0;
    mode = (enum x86_insn_mode)(data[0] & 3);
    data++, len--;
    avail = len > 20 ? 20 : (unsigned int)len;
    rc = decode(data, avail, mode, &info);
    if (rc > 0) {
        if (rc > X86_INSN_MAX_LEN || (unsigned int)rc > avail || info.len != rc)
            abort();
        if (info.disp_len && info.disp_off + info.disp_len > rc)
            abort();
        if (info.imm_len && info.imm_off + info.imm_len != rc)
            abort();
        if (info.has_modrm && info.opc_off >= rc)
            abort();
        /* The instruction's own bytes are enough; fewer are not. */
        if (decode(data, rc, mode, NULL) != rc || decode(data, rc - 1, mode, NULL) != -X86_INSN_TRUNC)
            abort();
    } else if (rc == -X86_INSN_TRUNC) {
        /* More bytes must give a longer instruction, or an invalid one. */
        if (avail >= X86_INSN_MAX_LEN)
            abort();
        memset(full, 0, sizeof(full));
        memcpy(full, data, avail);
        again = decode(full, sizeof(full), mode, NULL);
        if (again == -X86_INSN_TRUNC || (again > 0 && (unsigned int)again <= avail))
            abort();
    } else if (rc != -X86_INSN_INVALID) {
        abort();
    }
    return 0;
}
