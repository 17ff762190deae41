# Our hypervisor alone, with every test guest of guests/ as a boot module;
# the host's append=dom0less=<i>[,<j>] picks which ones start as dom0-less
# PVH domains (hypervisor/README.md, dom0less=). Each module line carries
# the domain's xl-style settings, then "--" and the guest's command line.
kernel  ${HV_IMAGE:-${BUILD}/hypervisor/hypervisor.elf}
# conswitch=ax: serial input stays with the hypervisor's debug keys, which
# the scenarios press, instead of moving to the first domain at boot.
append  console=com1 com1=115200,8n1 loglvl=all noreboot trace=vmexit,hcall,dom conswitch=ax
module  ${BUILD}/guests/hypercall-paths name=hcall memory=16
module  ${BUILD}/guests/xen-version name=xenver memory=16
module  ${BUILD}/guests/cpuid name=cpuid memory=16
module  ${BUILD}/guests/msr name=msr memory=16
module  ${BUILD}/guests/io-port name=ioport memory=16
module  ${BUILD}/guests/hlt name=hlt memory=16
module  ${BUILD}/guests/exceptions name=exc memory=16
module  ${BUILD}/guests/npt name=npt memory=16
module  ${BUILD}/guests/shutdown name=sd-poweroff memory=16 -- reason=poweroff
module  ${BUILD}/guests/shutdown name=sd-reboot memory=16 on_reboot=destroy -- reason=reboot
module  ${BUILD}/guests/shutdown name=sd-suspend memory=16 -- reason=suspend
module  ${BUILD}/guests/shutdown name=sd-crash memory=16 -- reason=crash
module  ${BUILD}/guests/triple-fault name=crash memory=16 on_reboot=destroy
module  ${BUILD}/guests/sched-share name=w256 memory=16 cpus=1 weight=256 -- expect=333 settle=2000 ms=3700 by=runstate
module  ${BUILD}/guests/sched-share name=w512 memory=16 cpus=1 weight=512 -- expect=667 settle=2000 ms=4000 by=runstate
module  ${BUILD}/guests/sched-share name=cap25 memory=16 cpus=1 cap=25 -- max=250 ms=4000
module  ${BUILD}/guests/sched-share name=pin0 memory=16 cpus=0 on_poweroff=preserve -- ms=3000
module  ${BUILD}/guests/bench-cpuid name=bench memory=16 cpus=1 -- n=${BENCH_N:-200000}
module  ${BUILD}/guests/acpi name=acpi memory=16 vcpus=2 -- vcpus=2
module  ${BUILD}/guests/nmi name=nmi memory=16
module  ${BUILD}/guests/nmi name=nmi-xapic memory=16 -- apic=xapic
module  ${BUILD}/guests/tpr name=tpr memory=16
module  ${BUILD}/guests/tpr name=tpr-xapic memory=16 -- apic=xapic
module  ${BUILD}/guests/tpr name=tpr-cr8 memory=16 -- release=cr8
machine pc
cpu     qemu64,+svm,+npt
memory  512
cpus    2
trace   0xe9
symbols ${HV_IMAGE:-${BUILD}/hypervisor/hypervisor.elf}
ready   60 /Boot done/
