# One bare-metal SVM conformance test (guests/svm-conformance/README.md):
# QEMU's multiboot loader starts the image named like the host, which is
# its own minimal hypervisor; no hypervisor of ours, no Xen. Single-threaded
# TCG with a second (idle) CPU, as the Xen scenarios run, so that the round-
# robin kick comes into the guest's windows (test evtinj-intr).
kernel  ${BUILD}/guests/svm-conformance/${HOST}
machine pc
cpu     qemu64,+svm,+npt
tcg     thread=single
memory  128
cpus    2
