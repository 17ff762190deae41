# Our hypervisor alone with the Xen-ABI test guests of guests/ (scenario
# abi-micro) as boot modules; the host's append=dom0less=<i>[,<j>] picks
# which start as dom0-less PVH domains (hypervisor/README.md, dom0less=).
# Module lines: the domain's xl-style settings, "--", the guest's command line.
kernel  ${HV_IMAGE:-${BUILD}/hypervisor/hypervisor.elf}
# conswitch=ax: serial input stays with the hypervisor's debug keys, which
# the scenarios press, instead of moving to the first domain at boot.
append  console=com1 com1=115200,8n1 loglvl=all noreboot trace=vmexit,hcall,dom conswitch=ax
# 0, 1: memory-op (d1), and the domain it must not touch (d2, kept after
# its poweroff so that it exists for the whole test)
module  ${BUILD}/guests/memory-op name=memop memory=16 -- mem=16 foreign=2
module  ${BUILD}/guests/shutdown name=other memory=16 on_poweroff=preserve -- reason=poweroff
# 2, 3: event channels, upcalls through the callback vector / the per-vCPU vector
module  ${BUILD}/guests/event-channel name=evtchn memory=16
module  ${BUILD}/guests/event-channel name=evtchn-vec memory=16 -- upcall=vector
# 4: the console ring, served by the hypervisor
module  ${BUILD}/guests/console-ring name=cons memory=16
# 5: timers (pvclock, wallclock, VIRQ_TIMER)
module  ${BUILD}/guests/timers name=timers memory=16 -- late_ms=100
# 6: grant tables (a grant to itself, copies, the denials)
module  ${BUILD}/guests/grant-table name=gnttab memory=16
# 7: the hostile guest (random hypercalls; the seed is the scenario's),
# kept after its poweroff so that 'q' shows its counters
module  ${BUILD}/guests/hostile name=hostile memory=16 on_poweroff=preserve -- seed=${HOSTILE_SEED:-20261201}
# 8: SCHEDOP_watchdog (the last one runs out: reason watchdog)
module  ${BUILD}/guests/watchdog name=wdog memory=16
# 9, 10: two domains talking to each other (d1 = A, d2 = B with
# dom0less=9,10: domains start in module order); PEER_CPUS pins both
# (make bench: pCPU 1, as on Xen), PEER_ROUNDS sets the ping-pong
module  ${BUILD}/guests/peer name=peer-a memory=16 cpus=${PEER_CPUS:-0-1} -- role=a peer=2 rounds=${PEER_ROUNDS:-1000}
module  ${BUILD}/guests/peer name=peer-b memory=16 cpus=${PEER_CPUS:-0-1} -- role=b peer=1
# 11: SMP by hypercall (VCPUOP_initialise/up/down), IPIs between vCPUs
module  ${BUILD}/guests/smp name=smp memory=16 vcpus=2
# 12: serial input read with CONSOLEIO_read (VIRQ_CONSOLE bound)
module  ${BUILD}/guests/console-read name=conrd memory=16 -- line=xenlab-console-42
machine pc
cpu     qemu64,+svm,+npt
memory  512
cpus    2
trace   0xe9
symbols ${HV_IMAGE:-${BUILD}/hypervisor/hypervisor.elf}
ready   60 /Boot done/
