#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# wqc end to end: encode/decode round trip, error exit codes, atomic output.
set -u
WQC="$1"
T="${TEST_TMPDIR:-$(mktemp -d)}"
fail=0
die() { echo "FAILED: $*" >&2; fail=1; }

cat > "$T/a.wq" <<'PROG'
cpus 2
actors 2
wq q0 multi
work w0 plain q0 requeue 2
work w1 delayed keventd nop
step 0
  t0: queue_work q0 w0
  t1: schedule_delayed_work w1 3
step 1
  t0: advance_jiffies 4
PROG

"$WQC" encode "$T/a.wq" "$T/a.bin" || die "encode"
"$WQC" decode "$T/a.bin" > "$T/b.wq" || die "decode"
"$WQC" encode "$T/b.wq" "$T/b.bin" || die "encode printed text"
cmp -s "$T/a.bin" "$T/b.bin" || die "bytes differ after text round trip"
"$WQC" decode "$T/b.bin" "$T/c.wq" || die "decode to file"
cmp -s "$T/b.wq" "$T/c.wq" || die "text is not a fixpoint"
"$WQC" fmt "$T/a.wq" | cmp -s - "$T/b.wq" || die "fmt"
[ -z "$(ls "$T" | grep '\.tmp\.')" ] || die "temporary file left behind"

printf 'cpus 2\nwork w0 plain q3 nop\n' > "$T/bad.wq"
"$WQC" encode "$T/bad.wq" "$T/bad.bin" 2> "$T/err"
[ $? -eq 2 ] || die "bad input must exit 2"
grep -q "bad.wq:2:15: expected home" "$T/err" || die "error text: $(cat "$T/err")"
[ ! -e "$T/bad.bin" ] || die "output written on error"

"$WQC" frob 2> /dev/null; [ $? -eq 2 ] || die "unknown command must exit 2"
"$WQC" encode 2> /dev/null; [ $? -eq 2 ] || die "usage must exit 2"
"$WQC" decode "$T/missing.bin" 2> /dev/null; [ $? -eq 1 ] || die "I/O error must exit 1"

head -c 700 /dev/urandom > "$T/rand.bin"
"$WQC" decode "$T/rand.bin" > "$T/rand.wq" 2> /dev/null || die "random bytes decode"
"$WQC" check "$T/rand.wq" || die "decoded random bytes must parse"

[ $fail -eq 0 ] && echo "wqc_test: ok"
exit $fail
