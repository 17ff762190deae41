# make run / make debug STACK=ours: our hypervisor with the dom0 kernel and
# initramfs as boot modules. It reserves and lists them; starting dom0 is
# the next rung (there is no ours-dom0.profile yet, on purpose).
kernel  ${BUILD}/hypervisor/hypervisor.elf
append  console=com1 com1=115200,8n1 dom0_mem=1024M dom0_max_vcpus=2 loglvl=info noreboot
module  ${FIXTURES}/linux/vmlinuz console=hvc0
module  ${FIXTURES}/dom0/dom0.cpio
machine pc
cpu     qemu64,+svm,+npt
memory  2048
cpus    2
trace   0xe9
symbols ${BUILD}/hypervisor/hypervisor.elf
ready   60 /Boot done/
