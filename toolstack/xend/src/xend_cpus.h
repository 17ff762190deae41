/* vCPU affinity: the record's cpus= (config/xm_sxp.c writes (cpus "0-3,^1")
 * for one map for every vCPU, (cpus ("2" "8")) for one map per vCPU,
 * guide 6.4) and xm vcpu-pin's CPUS, turned into the byte maps libxenctrl
 * takes (bit i of byte i/8 is CPU i, xc_cpumap_t), and back into the
 * list of CPUs that xm vcpu-list formats. Pure code. */
#ifndef XEND_CPUS_H
#define XEND_CPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sxp.h"
#include "xmconfig.h"

/* vCPU vcpu's map from the record: 1 with *out set, 0 when the record
 * does not pin it (no cpus, an empty entry, or none for this vCPU, as
 * config/'s xm_config_vcpu_affinity), -EINVAL with *why malloc'd for an
 * entry that is no CPU list. */
int xend_cpus_of_vcpu(const struct sxp *vm, unsigned vcpu, struct xm_cpumap *out,
                      char **why);

/* xm vcpu-pin's CPUS: a CPU list ("0-3,^1", config/cpumap.c) or "all"
 * (every one of nr_cpus). 0, or -EINVAL with *why malloc'd. */
int xend_cpus_parse_pin(const char *spec, unsigned nr_cpus, struct xm_cpumap *out,
                        char **why);
/* xm vcpu-pin's VCPU: a number below max_vcpus, or "all" (*all set).
 * 0, or -EINVAL with *why malloc'd. */
int xend_cpus_parse_vcpu(const char *spec, unsigned max_vcpus, unsigned *vcpu, bool *all,
                         char **why);

/* m's CPUs below nbytes * 8 into the byte map out (zeroed first). True
 * when at least one CPU of the map lies below nr_cpus (else Xen would be
 * asked for an affinity with no CPU it has). */
bool xend_cpus_to_bytes(const struct xm_cpumap *m, uint8_t *out, size_t nbytes,
                        unsigned nr_cpus);
/* The byte map back: (cpumap N ...) pushed onto list, each CPU below
 * nr_cpus whose bit is set, ascending. False on no memory. */
bool xend_cpus_push_list(struct sxp *list, const uint8_t *map, size_t nbytes,
                         unsigned nr_cpus);

#endif
