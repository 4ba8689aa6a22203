#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# setup.sh - install what wqkit needs on a Debian machine (Debian 12 is
# what CI verifies; Ubuntu is accepted, untested).
# Idempotent: installs only what is missing and says what it did.
#   bazel-bootstrap      Bazel 4.2.3 (builds offline with third_party/ shims)
#   clang-19             compiler with libFuzzer and the sanitizers
#   libclang-rt-19-dev   sanitizer and libFuzzer runtimes
#   afl++                AFL++ (afl-clang-fast, afl-fuzz)
#   lld                  the linker .bazelrc picks (ld.gold warns on ASan)
#   ShellCheck           (package shellcheck) //tools:shellcheck_all_test lints every shell script
#   python3-yaml         //stress:workflow_test, //fuzz/scale:workflows_test parse the workflows
#   python3-matplotlib   //stress:plot draws the soak's plots; bench/zoo_report.py the zoo's
#   python3-scipy        bench/zoo_report.py: Mann-Whitney U / A12 of the zoo
#   llvm-19              llvm-cov-19, llvm-profdata-19 (bazel run //fuzz:coverage)
#   zip unzip            seed corpus zips of .clusterfuzzlite/build.sh and its test
#   patch                the zoo builds (core/bugs/*.patch); triage and //reports:test
#                        patch copies of the core to build repro.c
set -euo pipefail

PKGS=(bazel-bootstrap clang-19 libclang-rt-19-dev afl++ lld shellcheck python3-yaml python3-matplotlib python3-scipy llvm-19 zip unzip patch)

say() { printf 'setup.sh: %s\n' "$*"; }
die() { printf 'setup.sh: error: %s\n' "$*" >&2; exit 1; }

[ -r /etc/os-release ] || die "cannot read /etc/os-release: unknown distribution; install by hand: ${PKGS[*]}"
# shellcheck disable=SC1091
. /etc/os-release
case " ${ID:-} ${ID_LIKE:-} " in
*" debian "* | *" ubuntu "*) ;;
*) die "unsupported distribution '${ID:-?}': wqkit needs Debian or Ubuntu packages: ${PKGS[*]}" ;;
esac

missing=()
for p in "${PKGS[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	say "all packages present: ${PKGS[*]}"
else
	SUDO=
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
			SUDO=sudo
		else
			die "not root and no password-less sudo; run as root or install: ${missing[*]}"
		fi
	fi
	say "installing: ${missing[*]}"
	$SUDO apt-get update -qq || die "apt-get update failed"
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null ||
		die "apt-get install failed for: ${missing[*]} (Debian 12 has them)"
	say "installed: ${missing[*]}"
fi

for t in bazel clang-19 afl-clang-fast afl-fuzz ld.lld shellcheck llvm-cov-19 llvm-profdata-19 zip unzip patch; do
	command -v "$t" >/dev/null 2>&1 || die "$t not on PATH after install"
done
say "ready: $(bazel --version 2>/dev/null | head -1 || true), $(clang-19 --version | head -1)"
