#!/bin/sh
# A small bzImage for fuzz_kernel's corpus: ELF's bytes compressed by xz
# (with the x86 BCJ filter, as Linux's build does) or by `lz4 -l -9`
# (Linux's legacy LZ4 format, as for Debian's cloud kernels) behind a setup header of
# boot protocol 2.15 (Documentation/x86/boot.rst: setup_sects 0x1f1, boot
# flag 0x1fe, "HdrS" 0x202, version 0x206, payload_offset 0x248,
# payload_length 0x24c), the vmlinux length (le32) after the stream.
#   make-bzimage-seed.sh ELF OUT [xz|lz4]
set -eu
elf=$1 out=$2 comp=${3:-xz}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

le32() {
    printf "\\$(printf %03o $(($1 & 255)))\\$(printf %03o $((($1 >> 8) & 255)))"
    printf "\\$(printf %03o $((($1 >> 16) & 255)))\\$(printf %03o $((($1 >> 24) & 255)))"
}
at() { dd of="$tmp/hdr" bs=1 seek=$(($1)) conv=notrunc status=none; }

case $comp in
xz)  xz --format=xz --check=crc32 --x86 --lzma2 -c "$elf" > "$tmp/xz" ;;
lz4) lz4 -q -l -9 -c "$elf" > "$tmp/xz" ;;
*)   echo "$0: $comp: xz or lz4" >&2; exit 2 ;;
esac
xzlen=$(wc -c < "$tmp/xz")
elflen=$(wc -c < "$elf")
head -c 1024 /dev/zero > "$tmp/hdr"
printf '\001' | at 0x1f1
printf '\125\252' | at 0x1fe
printf 'HdrS' | at 0x202
printf '\017\002' | at 0x206
le32 0 | at 0x248
le32 $((xzlen + 4)) | at 0x24c
{ cat "$tmp/hdr" "$tmp/xz"; le32 "$elflen"; } > "$out"
