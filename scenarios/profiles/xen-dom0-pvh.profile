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
# tcg thread=single: both vCPUs on one host thread. Under multi-threaded TCG,
# Xen 4.17's SVM guests (PVH domUs, a PVH dom0) now and then triple-faulted
# with Xen's own RIP/RSP/CR3 in the VMCB's guest state: most likely a race in
# QEMU 7.2's nested SVM (3 in ~43 PVH domU creations with two threads, none
# in 34 with one). On this 2-core machine one thread is also faster, since
# two hosts run at once. --accel kvm ignores it.
tcg     thread=single
memory  2048
cpus    2
ready   300 /dom0 ready: /
prompt  /root@dom0\$ $/
