# 3. Inside real nix-builds, with the store read-only to the build user:
# a build script that reruns makes rustc rewrite inherited outputs (flaky),
# and an environment change reruns another (envdep). Both pass with the
# rustc hook and fail without it.
source "$(dirname "$0")/lib.sh"

out=$(nb flakyRerun) || fail "flaky rerun with the shim failed"
r=$(rebuilt "$out")
[[ "$r" == *flaky* ]] || fail "flaky was not rebuilt: $r"
expect_contains "$out/app-output.json" '"flaky":"flaky"' "flaky app output"

nb_fails flakyRerunNoShim
expect_contains "$SCRATCH/flakyRerunNoShim.log" "not writeable" "the build without the shim"

out=$(nb envChange) || fail "env change with the shim failed"
r=$(rebuilt "$out")
[[ "$r" == *envdep* ]] || fail "envdep was not rebuilt: $r"
expect_contains "$out/app-output.json" '"env":"changed"' "env app output"

nb_fails envChangeNoShim
expect_contains "$SCRATCH/envChangeNoShim.log" "not writeable" "the env build without the shim"
note "flaky and envdep rebuilt over read-only inherited outputs with the shim; both fail without it"
