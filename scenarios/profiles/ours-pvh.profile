# Our hypervisor alone with Debian's Linux (the standard kernel, as Debian
# ships it: a bzImage with an xz payload; module 5 the cloud kernel, lz4)
# and the shell-only bare.cpio as dom0-less PVH domains; the host's
# append=dom0less=<i>[,<j>] picks which (hypervisor/README.md, dom0less=).
# The same kernel, initramfs and command line as the reference stack's domU
# in scenario linux-pvh-domu.
kernel  ${HV_IMAGE:-${BUILD}/hypervisor/hypervisor.elf}
# Hypercalls and domain events are traced; --define PVH_TRACE=vmexit,hcall,dom
# adds every VM exit (docs/linux-pvh-boot.md was written from that; the
# boot then takes twice as long under TCG).
append  console=com1 com1=115200,8n1 loglvl=all noreboot trace=${PVH_TRACE:-hcall,dom}
# 0: one vCPU; 1: its initramfs; 2: two vCPUs; 3, 4: one vCPU pinned to
# pCPU 0, one to pCPU 1; 5: Debian's cloud kernel, whose bzImage payload
# is lz4 (legacy format). Each restarts on reboot, as xl's default.
module  ${FIXTURES}/linux/vmlinuz name=pvh1 memory=256 vcpus=1 on_reboot=restart ramdisk=1 -- console=hvc0
module  ${FIXTURES}/initramfs/bare.cpio
module  ${FIXTURES}/linux/vmlinuz name=pvh2 memory=256 vcpus=2 on_reboot=restart ramdisk=1 -- console=hvc0
module  ${FIXTURES}/linux/vmlinuz name=pin0 memory=192 vcpus=1 cpus=0 ramdisk=1 -- console=hvc0
module  ${FIXTURES}/linux/vmlinuz name=pin1 memory=192 vcpus=1 cpus=1 ramdisk=1 -- console=hvc0
module  ${FIXTURES}/linux/vmlinuz-cloud name=cloud memory=256 vcpus=1 ramdisk=1 -- console=hvc0
machine pc
cpu     qemu64,+svm,+npt
memory  1024
cpus    2
trace   0xe9
symbols ${HV_IMAGE:-${BUILD}/hypervisor/hypervisor.elf}
# Ready at the command line: the domains are built before "Boot done".
ready   60 /^\(XEN\) Command line: /
