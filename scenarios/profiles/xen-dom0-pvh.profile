# Xen 4.17 with a PVH dom0: Xen insists on an IOMMU for it (q35 + amd-iommu).
# dom0's guest-physical addresses are not machine addresses, so its devices'
# DMA must go through the IOMMU: QEMU's virtio devices bypass it unless they
# are told otherwise (without this, the first disk read never completes).
kernel  ${FIXTURES}/xen/xen.elf
append  console=com1 com1=115200,8n1 dom0_mem=1024M noreboot dom0=pvh
module  ${FIXTURES}/linux/vmlinuz console=hvc0 ${DOM0_ARGS:-}
module  ${FIXTURES}/dom0/dom0.cpio
drive   ${FIXTURES}/dom0/data.img
machine q35
device  amd-iommu
global  virtio-blk-pci.iommu_platform=on
global  virtio-blk-pci.disable-legacy=on
global  virtio-net-pci.iommu_platform=on
global  virtio-net-pci.disable-legacy=on
cpu     qemu64,+svm,+npt
memory  2048
cpus    2
# One TCG thread runs both vCPUs, which is faster on a 2-core machine; it
# needs qemu/ (patched QEMU): Debian's QEMU kills Xen's SVM guests then.
tcg     thread=single
ready   300 /dom0 ready: /
prompt  /root@dom0\$ $/
