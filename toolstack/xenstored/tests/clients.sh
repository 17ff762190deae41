#!/bin/sh
# Wire compatibility with Debian's client side: starts our xenstored on a
# private socket, runs the libxenstore test program and the xenstore-*
# tools against it, writes TAP to $3 (and stdout). Exit status: failures.
# usage: clients.sh <xenstored> <libxs_client> <tap-file>
set -u
daemon=$1 client=$2 tap=$3
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
export XENSTORED_PATH="$dir/socket"
# Quota options as Xen's xenstored takes them (checked by the client).
"$daemon" --no-fork --no-domain-init -T "$dir/trace" -Q memory=123456 \
	-Q transaction-nodes=77 --quota-soft memory=100000 -M 4000 -K \
	2>"$dir/log" &
pid=$!
i=0
while [ ! -S "$XENSTORED_PATH" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done

fail=0 n=0
out=$( "$client" ) || fail=$((fail+1))
n=$(printf '%s\n' "$out" | grep -c '^ok\|^not ok')

check() { # description, command...
	desc=$1; shift
	n=$((n+1))
	if "$@" >/dev/null 2>&1; then out="$out
ok $n - tools: $desc"
	else out="$out
not ok $n - tools: $desc"; fail=$((fail+1)); fi
}
check "xenstore-write" xenstore-write /tools/a hello /tools/b world
check "xenstore-read" test "$(xenstore-read /tools/a)" = hello
check "xenstore-exists" xenstore-exists /tools/b
check "xenstore-list" test "$(xenstore-list /tools | tr '\n' ' ')" = "a b "
check "xenstore-ls" sh -c 'xenstore-ls /tools | grep -q "b = \"world\""'
check "xenstore-chmod" xenstore-chmod /tools/a n0 r4
check "xenstore-ls -p" sh -c 'xenstore-ls -p /tools | grep -q "(n0,r4)"'
check "xenstore-rm" xenstore-rm /tools/b
check "removed" sh -c '! xenstore-exists /tools/b'
xenstore-watch -n 2 /tools/w >"$dir/watch" 2>&1 &
wpid=$!
sleep 0.3
xenstore-write /tools/w/x 1
wait $wpid
check "xenstore-watch" grep -q '^/tools/w/x' "$dir/watch"
check "daemon alive" kill -0 "$pid"
kill -TERM "$pid"; wait "$pid"; st=$?
check "clean exit on SIGTERM" test "$st" = 0
check "socket removed" test ! -e "$XENSTORED_PATH"

printf '1..%d\n%s\n' "$n" "$(printf '%s\n' "$out" | grep -v '^1\.\.')" | tee "$tap"
[ $fail -eq 0 ] || { echo "daemon log:"; cat "$dir/log"; }
exit $fail
