# Our hypervisor alone with Debian's Linux kernel, as Debian ships it (a
# bzImage with an xz payload), as a dom0-less PVH domain; the host's
# append=dom0less=<i> starts it (hypervisor/README.md, dom0less=).
kernel  ${HV_IMAGE:-${BUILD}/hypervisor/hypervisor.elf}
append  console=com1 com1=115200,8n1 loglvl=all noreboot trace=hcall,dom
module  ${FIXTURES}/linux/vmlinuz name=linux memory=256 on_crash=preserve ramdisk=1 -- earlyprintk=xen console=hvc0 loglevel=8
module  ${FIXTURES}/initramfs/bare.cpio
machine pc
cpu     qemu64,+svm,+npt
memory  1024
cpus    2
trace   0xe9
symbols ${HV_IMAGE:-${BUILD}/hypervisor/hypervisor.elf}
# Ready at the command line: the domain is built before "Boot done".
ready   60 /^\(XEN\) Command line: /
