#!/bin/sh
# Turns `nm -n <elf>` (text symbols) into the assembly of the symbol table
# that common/symbols.c searches. With no argument: an empty table (first pass).
set -e
echo '        .section .xensyms, "a"'
echo '        .align 8'
if [ -n "$1" ]; then
    nm -n "$1" | awk '$2 ~ /^[tTW]$/ && $3 !~ /^\./ { print $1, $3 }' > "$1.syms"
else
    : > "${TMPDIR:-/tmp}/empty.syms.$$"
fi
SYMS=${1:+$1.syms}
SYMS=${SYMS:-${TMPDIR:-/tmp}/empty.syms.$$}
awk '
{ addr[NR] = $1; name[NR] = $2 }
END {
    print "        .globl symbols_num\nsymbols_num:\n        .long " NR
    print "        .align 8\n        .globl symbols_addresses\nsymbols_addresses:"
    for (i = 1; i <= NR; i++) print "        .quad 0x" addr[i]
    print "        .globl symbols_name_offsets\nsymbols_name_offsets:"
    off = 0
    for (i = 1; i <= NR; i++) { print "        .long " off; off += length(name[i]) + 1 }
    print "        .globl symbols_names\nsymbols_names:"
    for (i = 1; i <= NR; i++) print "        .asciz \"" name[i] "\""
}' "$SYMS"
[ -n "$1" ] || rm -f "$SYMS"
