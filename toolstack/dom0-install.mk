# Shared by the toolstack parts: where dom0's overlay root is assembled.
# The fixtures append $(DOM0_ROOT) to dom0's initramfs as an overlay.
DOM0_ROOT := $(BUILD)/toolstack/dom0-root

# $(call dom0-install,<built file>,<path inside dom0>,<mode>)
dom0-install = install -D -m $(3) $(1) $(DOM0_ROOT)$(2)
