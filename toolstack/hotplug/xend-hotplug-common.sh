# Sourced by the device scripts (block, vif-bridge): their backend's
# xenstore nodes, and how they report to xend. The calling environment is
# udev's under Xen 4.1 (and libxl's under 4.17): XENBUS_PATH is the
# backend folder, absolute or relative to /local/domain/0.
# shellcheck shell=sh

: "${XENBUS_PATH:?XENBUS_PATH is not set: run by xend for a device}"

# xs_read KEY: the backend's node, or nothing.
xs_read() {
    xenstore-read "$XENBUS_PATH/$1" 2>/dev/null
}

xs_write() {
    xenstore-write "$XENBUS_PATH/$1" "$2"
}

# The device is set up: xend (and netback) wait for this.
success() {
    xs_write hotplug-status connected
}

# fatal MESSAGE: xend reports the message (hotplug-error) and fails the
# device, as Xen 4.1's scripts did.
fatal() {
    xenstore-write "$XENBUS_PATH/hotplug-error" "$*" \
        "$XENBUS_PATH/hotplug-status" error 2>/dev/null
    echo "$*" >&2
    exit 1
}
