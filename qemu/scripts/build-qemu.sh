#!/bin/sh
# build-qemu.sh OUT: builds qemu-system-x86_64 from the Debian source of the
# installed qemu-system-x86 with patches/*.patch applied, into
# OUT/<source version>-<patch hash>/, and points OUT/qemu-system-x86_64 (a
# wrapper that adds Debian's firmware folders) at it. Does nothing when that
# build exists. The source comes from deb.debian.org through a private apt
# configuration under OUT/apt; the machine's apt settings are not touched.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=$1
mkdir -p "$out"
out=$(cd "$out" && pwd)

ver=$(dpkg-query -W -f='${source:Version}' qemu-system-x86)
hash=$(cat "$here"/patches/*.patch | sha256sum | cut -c1-12)
key=$(echo "$ver" | tr ':~' '__')-$hash
dest=$out/$key

if [ ! -x "$dest/qemu-system-x86_64" ]; then
    apt=$out/apt
    mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/src"
    cat > "$apt/sources.list" <<LIST
deb-src http://deb.debian.org/debian bookworm main
deb-src http://deb.debian.org/debian bookworm-updates main
deb-src http://deb.debian.org/debian-security bookworm-security main
LIST
    set -- -o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null \
           -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" \
           -o Acquire::Languages=none -o APT::Sandbox::User=root -q
    if ! ls "$apt/src"/qemu_*.dsc >/dev/null 2>&1 || \
       ! grep -qx "Version: $ver" "$apt"/src/qemu_*.dsc; then
        rm -rf "$apt/src" && mkdir -p "$apt/src"
        apt-get "$@" update
        # A machine that has not upgraded may run a version the archive no
        # longer has: then the archive's current source, said aloud.
        (cd "$apt/src" && apt-get "$@" source --download-only "qemu=$ver") || {
            echo "build-qemu: no source for qemu $ver in the archive; building its current version" >&2
            (cd "$apt/src" && rm -f qemu_* && apt-get "$@" source --download-only qemu)
        }
    fi
    work=$out/work-$key
    rm -rf "$work" && mkdir -p "$work"
    dpkg-source --no-check -x "$apt"/src/qemu_*.dsc "$work/src" >/dev/null
    for p in "$here"/patches/*.patch; do
        echo "build-qemu: applying $(basename "$p")"
        patch -d "$work/src" -p1 --no-backup-if-mismatch < "$p"
    done
    mkdir -p "$work/src/build"
    (cd "$work/src/build" && ../configure --target-list=x86_64-softmmu --disable-docs --disable-werror \
        --enable-tcg --enable-slirp --disable-kvm --disable-xen --disable-gtk --disable-sdl \
        --disable-vnc --disable-opengl --disable-spice --disable-curses --disable-tools \
        --disable-guest-agent >"$work/configure.log" 2>&1) || { tail -20 "$work/configure.log" >&2; exit 1; }
    ninja -C "$work/src/build" qemu-system-x86_64 >"$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; exit 1; }
    rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
    cp "$work/src/build/qemu-system-x86_64" "$dest.tmp/"
    rm -rf "$dest" "$work" && mv "$dest.tmp" "$dest"
fi

# A build from source (whose pc-bios blobs Debian strips) is told with -L
# where Debian's own binary finds its firmware (seabios, ipxe-qemu, ...).
fw=$(/usr/bin/qemu-system-x86_64 -L help | while read -r d; do printf ' -L %s' "$(readlink -f "$d")"; done)
cat > "$out/qemu-system-x86_64.tmp" <<WRAP
#!/bin/sh
# Debian's QEMU $ver with $(cd "$here/patches" && ls *.patch | tr '\n' ' ')(qemu/README.md)
exec "$dest/qemu-system-x86_64"$fw "\$@"
WRAP
chmod +x "$out/qemu-system-x86_64.tmp"
mv "$out/qemu-system-x86_64.tmp" "$out/qemu-system-x86_64"
