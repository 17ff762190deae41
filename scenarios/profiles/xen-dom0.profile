# Upstream Xen 4.17 (Debian) with Debian's standard kernel as PV dom0.
# Scenarios may `define DOM0_ARGS=...` (e.g. xenstored=PATH, dom0_net=none).
kernel  ${FIXTURES}/xen/xen.elf
append  console=com1 com1=115200,8n1 dom0_mem=1024M noreboot
module  ${FIXTURES}/linux/vmlinuz console=hvc0 ${DOM0_ARGS:-}
module  ${FIXTURES}/dom0/dom0.cpio
drive   ${FIXTURES}/dom0/data.img
machine pc
cpu     qemu64,+svm,+npt
memory  2048
cpus    2
# One TCG thread runs both vCPUs, which is faster on a 2-core machine; it
# needs qemu/ (patched QEMU): Debian's QEMU kills Xen's SVM guests then.
tcg     thread=single
ready   240 /dom0 ready: /
prompt  /root@dom0\$ $/
