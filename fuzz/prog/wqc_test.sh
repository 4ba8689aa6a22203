#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# wqc end to end: encode/decode round trip, exit codes (0 ok, 2 usage or
# bad input, 3 output failed), atomic output, comments never dropped by
# an overwrite, relative paths under bazel run, --help.
set -u
WQC="$1"
case $WQC in /*) ;; *) WQC="$PWD/$WQC" ;; esac
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
[ -z "$(find "$T" -name '*.tmp.*')" ] || die "temporary file left behind"

printf 'cpus 2\nwork w0 plain q3 nop\n' > "$T/bad.wq"
"$WQC" encode "$T/bad.wq" "$T/bad.bin" 2> "$T/err"
[ $? -eq 2 ] || die "bad input must exit 2"
grep -q "bad.wq:2:15: expected home" "$T/err" || die "error text: $(cat "$T/err")"
[ ! -e "$T/bad.bin" ] || die "output written on error"

"$WQC" frob 2> /dev/null; [ $? -eq 2 ] || die "unknown command must exit 2"
"$WQC" encode 2> /dev/null; [ $? -eq 2 ] || die "usage must exit 2"
"$WQC" decode "$T/missing.bin" 2> /dev/null; [ $? -eq 2 ] || die "unreadable input must exit 2"
"$WQC" decode "$T/a.bin" /dev/full 2> "$T/err"; [ $? -eq 3 ] || die "a failed write must exit 3"
[ -c /dev/full ] || die "/dev/full was replaced"
"$WQC" decode "$T/a.bin" > /dev/full 2> /dev/null; [ $? -eq 3 ] || die "a failed write to stdout must exit 3"
"$WQC" decode "$T/a.bin" "$T" 2> "$T/err"; [ $? -eq 2 ] || die "a directory as output must exit 2"
grep -q "is a directory" "$T/err" || die "directory error text: $(cat "$T/err")"

"$WQC" --help > "$T/out" || die "--help must exit 0"
grep -q "wqc fmt" "$T/out" || die "--help prints the usage on stdout"
grep -q "exit status: 0 ok, 2 usage or bad input, 3 writing the output failed" "$T/out" ||
	die "--help documents the exit codes"

# fmt over its own input: the leading comment block is kept ...
printf '# SPDX-License-Identifier: GPL-2.0-only\n# what it does\ncpus 2\nactors 2\n' > "$T/c.wq"
"$WQC" fmt "$T/c.wq" "$T/c.wq" || die "fmt IN IN with leading comments"
head -2 "$T/c.wq" | grep -q "^# SPDX" || die "fmt dropped the SPDX line: $(cat "$T/c.wq")"
grep -q "^# what it does" "$T/c.wq" || die "fmt dropped a leading comment"
[ "$(grep -c '^# wqkit program' "$T/c.wq")" -eq 1 ] || die "one marker line"
# ... and a comment it would drop stops it, the file untouched.
printf 'cpus 2\n# keep me\nactors 2\n' > "$T/d.wq"
cp "$T/d.wq" "$T/d.orig"
"$WQC" fmt "$T/d.wq" "$T/d.wq" 2> "$T/err"; [ $? -eq 2 ] || die "fmt over inner comments must exit 2"
grep -q "would drop 1 comment(s), the first at line 2: # keep me" "$T/err" || die "comment error: $(cat "$T/err")"
cmp -s "$T/d.wq" "$T/d.orig" || die "the file was changed"
"$WQC" decode "$T/a.bin" "$T/d.wq" 2> /dev/null; [ $? -eq 2 ] || die "decode over a commented file must exit 2"

# Relative paths are the user's (bazel run: BUILD_WORKING_DIRECTORY).
(cd / && BUILD_WORKING_DIRECTORY="$T" "$WQC" encode a.wq rel.bin) || die "relative paths"
cmp -s "$T/a.bin" "$T/rel.bin" || die "relative output"

# Not canonical: the note says why, never "N bytes, N used ... N bytes".
cp "$T/a.bin" "$T/odd.bin"
printf '\377' | dd of="$T/odd.bin" bs=1 seek=0 conv=notrunc 2> /dev/null
"$WQC" decode "$T/odd.bin" > /dev/null 2> "$T/err" || die "decode of odd bytes"
grep -q "hold values the decoder maps to others (the first at offset 0)" "$T/err" ||
	die "not-canonical note: $(cat "$T/err")"
"$WQC" decode "$T/a.bin" > /dev/null 2> "$T/err" || die "decode"
[ ! -s "$T/err" ] || die "canonical bytes get a note: $(cat "$T/err")"

# Older byte formats: v2 steps are 16 bytes, the text is the same program.
{ printf '\001\001'; head -c 39 /dev/zero; printf '\023\000\001\000'; head -c 12 /dev/zero
  printf '\024\000\001\000'; head -c 12 /dev/zero; } > "$T/v2.bin"
"$WQC" decode --format=2 "$T/v2.bin" > "$T/v2.wq" 2> "$T/err" || die "decode --format=2: $(cat "$T/err")"
if ! grep -q "step 1" "$T/v2.wq" || ! grep -q "t0: cpu_down 1" "$T/v2.wq"; then
	die "v2 steps: $(cat "$T/v2.wq")"
fi
"$WQC" decode --format=9 "$T/v2.bin" 2> "$T/err"; [ $? -eq 2 ] || die "an unknown format must exit 2"
grep -q "reads byte formats 1..4" "$T/err" || die "format error: $(cat "$T/err")"

head -c 700 /dev/urandom > "$T/rand.bin"
"$WQC" decode "$T/rand.bin" > "$T/rand.wq" 2> /dev/null || die "random bytes decode"
"$WQC" check "$T/rand.wq" || die "decoded random bytes must parse"

[ $fail -eq 0 ] && echo "wqc_test: ok"
exit $fail
