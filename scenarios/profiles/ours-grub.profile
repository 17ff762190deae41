# Our hypervisor loaded by GRUB by multiboot 2 (the menu's default entry)
# from the rescue image `make -C hypervisor grub-iso` builds; no -kernel:
# the firmware boots the image from the disk.
drive   ${BUILD}/hypervisor/hypervisor-grub.iso
machine pc
cpu     qemu64,+svm,+npt
memory  512
cpus    2
trace   0xe9
symbols ${BUILD}/hypervisor/hypervisor.elf
