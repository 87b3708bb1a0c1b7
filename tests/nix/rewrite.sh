# 3. Inside real nix-builds, with the store read-only to the build user:
# a build script that reruns makes rustc rewrite inherited outputs (flaky),
# and an environment change reruns another (envdep). Both pass with the
# rustc hook and fail without it.
source "$(dirname "$0")/lib.sh"

# rewrite_case ATTR UNIT OUTPUT: ATTR rebuilds UNIT and its app prints
# OUTPUT; ATTR"NoShim" (doNotUseHeirloomRustc) fails as rustc cannot write.
rewrite_case() {
  local attr=$1 unit=$2 want=$3 out r
  out=$(nb "$attr") || fail "$attr with the shim failed"
  r=$(rebuilt "$out")
  [[ "$r" == *"$unit"* ]] || fail "$attr: $unit was not rebuilt: $r"
  expect_contains "$out/app-output.json" "$want" "$attr app output"
  nb_fails "${attr}NoShim"
  expect_contains "$SCRATCH/${attr}NoShim.log" "not writeable" "$attr without the shim"
}

rewrite_case flakyRerun flaky '"flaky":"flaky"'
rewrite_case envChange envdep '"env":"changed"'
note "flaky and envdep rebuilt over read-only inherited outputs with the shim; both fail without it"
