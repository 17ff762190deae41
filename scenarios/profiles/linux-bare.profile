# Plain Linux (cloud kernel) on busybox: fixtures/initramfs/bare.cpio.
kernel  ${FIXTURES}/linux/vmlinuz-cloud
append  console=ttyS0 quiet
initrd  ${FIXTURES}/initramfs/bare.cpio
cpu     qemu64
memory  256
cpus    1
ready   60 /bare ready: /
prompt  /root@linux# $/
