# Sourced by network-nat and network-route: their arguments, as Xen 4.1's
# network scripts took them (name=value after the command), and the dom0
# settings they change, kept in /run/xen-network so that stop restores
# what start found (and a second start does not overwrite it).
# shellcheck shell=sh

NET_STATE=/run/xen-network

# net_args SCRIPT COMMAND [name=value ...]: sets $command, $netdev and
# $dhcp. antispoof=yes is refused: Xen 4.1's NAT and routed scripts had
# no anti-spoofing of their own (the vif scripts' FORWARD rules check each
# guest's source address).
# shellcheck disable=SC2034  # command and dhcp are the caller's
net_args() {
    nscript=$1
    command=${2:-}
    [ $# -lt 2 ] || shift 2
    netdev='' vifnum=0 dhcp=no
    for arg in "$@"; do
        case "$arg" in
        netdev=*) netdev=${arg#netdev=} ;;
        vifnum=*) vifnum=${arg#vifnum=} ;;
        antispoof=no) ;;
        antispoof=*) net_fail "$nscript: ${arg}: not offered in this mode (Xen 4.1's $nscript had none either)" ;;
        dhcp=*) dhcp=${arg#dhcp=} ;;
        *) net_fail "$nscript: unknown argument $arg" ;;
        esac
    done
    netdev=${netdev:-eth$vifnum}
}

net_exists() { [ -e "/sys/class/net/$1" ]; }

net_fail() {
    echo "$*" >&2
    exit 1
}

# net_save NAME FILE: FILE's value kept as NAME, unless kept already.
net_save() {
    mkdir -p "$NET_STATE"
    [ -e "$NET_STATE/$1" ] || cat "$2" > "$NET_STATE/$1"
}

# net_restore NAME FILE: the kept value back in FILE, and forgotten.
net_restore() {
    [ -e "$NET_STATE/$1" ] || return 0
    cat "$NET_STATE/$1" > "$2" 2>/dev/null
    rm -f "$NET_STATE/$1"
    rmdir "$NET_STATE" 2>/dev/null || true
}
