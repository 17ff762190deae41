# Our hypervisor alone (no dom0): what scenario hv-boot boots.
# HV_IMAGE selects another build of it (make -C hypervisor coverage uses the
# coverage image); the module is any file, to show that boot modules and
# their command lines arrive and are kept.
kernel  ${HV_IMAGE:-${BUILD}/hypervisor/hypervisor.elf}
append  console=com1 com1=115200,8n1 loglvl=info trace=all noreboot
module  ${BUILD}/hypervisor/hypervisor.map dom0-placeholder console=hvc0
machine pc
cpu     qemu64,+svm,+npt
memory  512
cpus    4
trace   0xe9
symbols ${HV_IMAGE:-${BUILD}/hypervisor/hypervisor.elf}
