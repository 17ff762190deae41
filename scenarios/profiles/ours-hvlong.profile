# Our hypervisor with the long command lines real hosts give it: its own
# line is over 1,100 characters (Xen keeps 1,023 of it), the first module's
# line is a 490-character dom0 line with NFS-root options (kept whole),
# and a second module follows it.
kernel  ${HV_IMAGE:-${BUILD}/hypervisor/hypervisor.elf}
append  console=com1 com1=115200,8n1 loglvl=info trace=all noreboot \
        dom0_mem=min:256M,max:1024M,512M dom0_max_vcpus=1-2 sched=rr maxcpus=4 \
        loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info \
        loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info \
        loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info \
        loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info \
        loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info \
        loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info \
        loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info \
        loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info \
        loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info \
        loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info \
        loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info \
        loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info \
        loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info loglvl=info \
        loglvl=info loglvl=info
module  ${BUILD}/hypervisor/hypervisor.map dom0-placeholder console=hvc0 earlyprintk=xen root=/dev/nfs \
        nfsroot=10.0.2.2:/srv/nfs/debian-dom0,vers=3,proto=tcp,rsize=32768,wsize=32768,hard,timeo=600,retrans=2,nolock \
        ip=10.0.2.15:10.0.2.2:10.0.2.2:255.255.255.0:dom0:eth0:off \
        extra="xencons=hvc0 clocksource=xen" panic=30 loglevel=7 \
        ignore_loglevel init=/sbin/init systemd.unit=multi-user.target \
        systemd.show_status=1 net.ifnames=0 biosdevname=0 rootwait rw \
        apparmor=0 selinux=0 nfsrootdebug no_timer_check tsc=reliable \
        end-of-dom0-line
module  ${BUILD}/hypervisor/hypervisor.map initrd-placeholder
machine pc
cpu     qemu64,+svm,+npt
memory  512
cpus    4
trace   0xe9
symbols ${HV_IMAGE:-${BUILD}/hypervisor/hypervisor.elf}
