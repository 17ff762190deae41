# A separate NFS server on the lab LAN (guide 6.2: the root "can also be
# stored on a remote machine"): dom0's root, which has nfs-kernel-server,
# on Debian's standard kernel without Xen and without Xen's daemons, its
# data disk holding the guide's images; host name nfs.
kernel  ${FIXTURES}/linux/vmlinuz
append  console=ttyS0 xenstored=none xenconsoled=none xen_init_dom0=none dom0_net=none hostname=nfs
initrd  ${FIXTURES}/dom0/dom0.cpio
drive   ${FIXTURES}/dom0/data.img
machine pc
cpu     qemu64
memory  768
cpus    1
ready   120 /dom0 ready: /
prompt  /root@nfs\$ $/
