# A flake in crane's vocabulary only (tests/nix/crane-flake/flake.nix:
# fileset.commonCargoSources, path, buildDepsOnly with commonArgs,
# buildPackage, cargoClippy, cargoDoc, cargoFmt, taploFmt, cargoTest,
# cargoDocTest, devShell) with `craneLib = heirloom.lib.mkLib pkgs`, against
# the stand-in nixpkgs and this checkout: `nix flake check` passes, no check
# compiles the vendored dependency again (cargo's JSON messages in each
# log), the binary runs, and `nix develop` gives a shell with cargo and the
# hooks' functions. The same for a workspace (./workspace): one deps
# build, `-p wsapp` and `-p wscore` checks, workspace inheritance and a
# feature enabled by a member.
source "$(dirname "$0")/lib.sh"
[ -x /usr/bin/rustfmt ] && [ -x /usr/bin/cargo-fmt ] || fail "cargoFmt uses Debian's rustfmt: apt-get install rustfmt (tools/setup.sh)"
[ -x /usr/bin/taplo ] || fail "taploFmt uses taplo: npm install -g @taplo/cli (tools/setup.sh)"
cd "$SOURCE_ROOT"
git ls-files --error-unmatch tests/nix/crane-flake/flake.nix >/dev/null 2>&1 \
  || fail "tests/nix/crane-flake is not tracked by git: a flake in a git checkout sees tracked files only"
flake=$SOURCE_ROOT/tests/nix/crane-flake
override=(--no-write-lock-file --override-input nixpkgs "path:$SOURCE_ROOT/tests/nix/pkgs"
  --override-input heirloom "git+file://$SOURCE_ROOT")
system=x86_64-linux
[ "$(nix-instantiate --eval -E builtins.currentSystem | tr -d '"')" = $system ] || fail "the crane-flake test flake is written for $system"

nix flake check -L "$flake" "${override[@]}" > "$SCRATCH/check.log" 2>&1 \
  || { tail -n 40 "$SCRATCH/check.log" >&2; fail "nix flake check of the crane-vocabulary flake failed"; }

nix build --out-link "$ROOTS/deps" "$flake#cargoArtifacts" "${override[@]}" 2> "$SCRATCH/root.err" \
  || fail "nix build of cargoArtifacts failed: $(tail -3 "$SCRATCH/root.err")"
nix build --out-link "$ROOTS/wordcount" "$flake#wordcount" "${override[@]}" 2> "$SCRATCH/root.err" \
  || fail "nix build of wordcount failed: $(tail -3 "$SCRATCH/root.err")"
deps=$(readlink "$ROOTS/deps")
expect_links_resolve "$deps"
out=$("$ROOTS/wordcount/bin/wordcount" one two three) || fail "the wordcount binary does not run"
expect_eq "$out" "3 words" "wordcount's output"

# Each compiling check inherited the deps output, and cargo found the
# vendored crate fresh while it compiled the crate's own units.
for check in wordcount wordcount-clippy wordcount-doc wordcount-test wordcount-doctest; do
  log=$SCRATCH/$check.log
  nix log "$flake#checks.$system.$check" "${override[@]}" > "$log" 2>/dev/null || fail "no build log for checks.$system.$check"
  expect_contains "$log" "inheritCargoArtifacts: $deps -> target" "the $check build's log"
  grep '^{' "$log" > "$SCRATCH/$check.json" || true
  report=$(python3 "$SOURCE_ROOT/tests/cargo/cargo_report.py" "$SCRATCH/$check.json")
  grep -q '^fresh tally lib$' <<<"$report" || fail "$check: cargo did not report the vendored tally as fresh: $report"
  ! grep -q '^rebuilt tally ' <<<"$report" || fail "$check recompiled the vendored dependency tally: $report"
  grep -q '^rebuilt wordcount ' <<<"$report" || fail "$check compiled none of the crate's own units: $report"
done
# The workspace: one deps build (named from [workspace.metadata.crane] and
# [workspace.package]), the app alone with `-p wsapp` (its bin only, the
# library's feature on), the library's tests alone with `-p wscore`.
nix build --out-link "$ROOTS/wsdeps" "$flake#wsArtifacts" "${override[@]}" 2> "$SCRATCH/root.err" \
  || fail "nix build of wsArtifacts failed: $(tail -3 "$SCRATCH/root.err")"
nix build --out-link "$ROOTS/tallyws" "$flake#tallyws" "${override[@]}" 2> "$SCRATCH/root.err" \
  || fail "nix build of tallyws failed: $(tail -3 "$SCRATCH/root.err")"
wsdeps=$(readlink "$ROOTS/wsdeps")
expect_eq "${wsdeps#*-}" "tallyws-deps-1.4.0" "the workspace deps build's name"
expect_eq "$(ls "$ROOTS/tallyws/bin")" "wsapp" "the workspace package's installed bins"
expect_eq "$("$ROOTS/tallyws/bin/wsapp" a b c)" "3 WORDS" "wsapp's output (wscore's shout feature on)"
for check in tallyws:wsapp tallyws-test:wscore tallyws-clippy:wscore; do
  member=${check#*:} check=${check%%:*}
  log=$SCRATCH/$check.log
  nix log "$flake#checks.$system.$check" "${override[@]}" > "$log" 2>/dev/null || fail "no build log for checks.$system.$check"
  expect_contains "$log" "inheritCargoArtifacts: $wsdeps -> target" "the $check build's log"
  grep '^{' "$log" > "$SCRATCH/$check.json" || true
  report=$(python3 "$SOURCE_ROOT/tests/cargo/cargo_report.py" "$SCRATCH/$check.json")
  grep -q '^fresh tally lib$' <<<"$report" || fail "$check: cargo did not report the vendored tally as fresh: $report"
  ! grep -q '^rebuilt tally ' <<<"$report" || fail "$check recompiled the vendored dependency tally: $report"
  grep -q "^rebuilt $member " <<<"$report" || fail "$check did not compile $member: $report"
done
grep -Eq 'test tests::counts_two_words \.\.\. .*ok' "$SCRATCH/tallyws-test.log" || fail "the workspace cargoTest log does not show wscore's test passing"
! grep -q 'rebuilt wsapp' <<<"$(python3 "$SOURCE_ROOT/tests/cargo/cargo_report.py" "$SCRATCH/tallyws-test.json")" \
  || fail "cargoTest -p wscore compiled wsapp"

# (libtest colours its verdicts even without a terminal: match around them)
grep -Eq 'test empty_line_has_no_words \.\.\. .*ok' "$SCRATCH/wordcount-test.log" || fail "the cargoTest log does not show the integration test passing"
grep -Eq 'src/lib.rs - describe \(line 5\) \.\.\. .*ok' "$SCRATCH/wordcount-doctest.log" || fail "the cargoDocTest log does not show the doc test passing"
for check in wordcount-fmt wordcount-toml-fmt; do
  nix log "$flake#checks.$system.$check" "${override[@]}" > "$SCRATCH/$check.log" 2>/dev/null || fail "no build log for checks.$system.$check"
done
expect_contains "$SCRATCH/wordcount-fmt.log" "cargo fmt -- --check" "the cargoFmt log"
expect_contains "$SCRATCH/wordcount-toml-fmt.log" "found files" "the taploFmt log (taplo ran over the TOML files)"

# The dev shell: `nix develop -c` finds cargo from the stand-in and sees the
# shell's own variable; the environment `nix develop` sets up (nix
# print-dev-env, the same script) defines crane's helpers and heirloom's
# hooks' functions from the checks' inputs (functions do not reach a -c
# child process).
nix develop "$flake" "${override[@]}" -c bash -c 'type -P cargo; echo "WORDCOUNT_SHELL=$WORDCOUNT_SHELL"' \
  > "$SCRATCH/develop.out" 2> "$SCRATCH/develop.err" || fail "nix develop failed: $(tail -3 "$SCRATCH/develop.err")"
expect_contains "$SCRATCH/develop.out" "/bin/cargo" "nix develop's PATH"
expect_contains "$SCRATCH/develop.out" "WORDCOUNT_SHELL=1" "nix develop's environment"
nix print-dev-env "$flake" "${override[@]}" > "$SCRATCH/dev-env.sh" 2> "$SCRATCH/dev-env.err" \
  || fail "nix print-dev-env failed: $(tail -3 "$SCRATCH/dev-env.err")"
fns=$(bash -c 'source "$1" >/dev/null 2>&1; for f in cargoWithProfile inheritCargoArtifacts prepareAndInstallCargoArtifactsDir; do echo "$f $(type -t $f)"; done' _ "$SCRATCH/dev-env.sh")
for f in cargoWithProfile inheritCargoArtifacts prepareAndInstallCargoArtifactsDir; do
  grep -qx "$f function" <<<"$fns" || fail "the dev shell does not define $f: $fns"
done
note "crane-vocabulary flake: every check passed on $deps and $wsdeps (workspace), tally stayed fresh, nix develop has cargo and the hooks"
