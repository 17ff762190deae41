# `make run STACK=linux`: the bare Linux host, interactively.
kernel  ${FIXTURES}/linux/vmlinuz-cloud
append  console=ttyS0
initrd  ${FIXTURES}/initramfs/bare.cpio
cpu     qemu64
memory  512
cpus    2
ready   60 /bare ready: /
prompt  /root@linux# $/
