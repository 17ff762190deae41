# Another machine on the lab LAN beside a Xen host (the guide's home
# network, 5.1.1): plain Linux (cloud kernel) on busybox, as the linux
# stack's bare host; it takes a static address or a DHCP lease itself.
kernel  ${FIXTURES}/linux/vmlinuz-cloud
append  console=ttyS0 quiet
initrd  ${FIXTURES}/initramfs/bare.cpio
cpu     qemu64
memory  256
cpus    1
ready   60 /bare ready: /
prompt  /root@linux# $/
