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

# vif_main online|offline: the vif scripts' entry, once they have defined
# online and offline. $vif (netback's vif<domid>.<n>) must be set; $vif_ip
# is the guest's addresses (the vif's ip=, a space-separated list, each
# maybe with /len).
vif_main() {
    : "${vif:?vif is not set: run by xend for a vif}"
    vif_ip=$(xs_read ip)
    case "$1" in
    online|add) online ;;
    offline|remove) offline ;;
    *) echo "usage: $0 online|offline" >&2; exit 1 ;;
    esac
}

# vif_rename: $vif takes the vif's vifname=, if one is given.
vif_rename() {
    name=$(xs_read vifname)
    [ -n "$name" ] && [ "$name" != "$vif" ] || return 0
    if [ -e "/sys/class/net/$vif" ]; then
        ip link set "$vif" name "$name" || fatal "$0: cannot rename $vif to $name"
    fi
    vif=$name
}

# vif_host_routes SRC: a host route through $vif, from dom0's SRC, to each
# of the guest's addresses (vif-nat, vif-route).
vif_host_routes() {
    for a in $vif_ip; do
        ip route replace "${a%/*}" dev "$vif" src "$1" ||
            fatal "${0##*/}: ip route add ${a%/*} dev $vif src $1 failed"
    done
}

# vif_link_down: the routed vif's offline (vif-nat, vif-route): its
# FORWARD rules away, the link down and its address gone (its routes go
# with them).
vif_link_down() {
    vif_rename
    vif_iptables -D
    [ -e "/sys/class/net/$vif" ] || return 0
    ip link set "$vif" down 2>/dev/null || true
    ip addr flush dev "$vif" 2>/dev/null || true
}

# dom0_ip [DEV]: dom0's first IPv4 address on DEV (eth0), without its length.
dom0_ip() {
    ip -4 -o addr show dev "${1:-eth0}" 2>/dev/null | awk '{ sub("/.*", "", $4); print $4; exit }'
}

# vif_iptables -I|-D: as Xen 4.1's handle_iptable, FORWARD accepts what
# the guest sends from its own addresses (and its DHCP requests), or
# everything from it when it has none given; -D takes the rules away.
# With dom0's FORWARD policy ACCEPT they change nothing; under a DROP
# policy they are the guest's way out, with its source address checked.
vif_iptables() {
    iptables -L FORWARD -n > /dev/null 2>&1 || return 0
    if [ -n "$vif_ip" ]; then
        for a in $vif_ip; do
            vif_rule "$1" -s "${a%/*}"
        done
        vif_rule "$1" -p udp --sport 68 --dport 67
    else
        vif_rule "$1"
    fi
}

vif_rule() {
    op=$1; shift
    if [ "$op" = -D ]; then
        while iptables -D FORWARD -i "$vif" "$@" -j ACCEPT 2>/dev/null; do :; done
    else
        iptables -C FORWARD -i "$vif" "$@" -j ACCEPT 2>/dev/null ||
            iptables -I FORWARD -i "$vif" "$@" -j ACCEPT ||
            fatal "$0: iptables -I FORWARD -i $vif $* -j ACCEPT failed"
    fi
}
