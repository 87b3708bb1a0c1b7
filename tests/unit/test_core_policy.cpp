#include "core/policy.hpp"

#include <catch2/catch.hpp>

using namespace heirloom;

namespace {
Action act(std::string_view rel, bool exec = false) { return Policy::builtin(rel, exec).action; }
} // namespace

TEST_CASE("Policy::builtin: cargo lock files are never inherited") {
  CHECK(act("release/.cargo-lock") == Action::skip);
  CHECK(act(".cargo-build-lock") == Action::skip);
  CHECK(act("debug/.cargo-artifact-lock") == Action::skip);
  CHECK(is_cargo_lock_name(".cargo-lock"));
  CHECK_FALSE(is_cargo_lock_name(".cargo-locks.txt"));
}

TEST_CASE("is_never_packed: lock files anywhere, rustc's answer cache at the root only") {
  CHECK(is_never_packed("release/.cargo-lock"));
  CHECK(is_never_packed(".rustc_info.json"));
  CHECK_FALSE(is_never_packed("release/.rustc_info.json"));
  CHECK_FALSE(is_never_packed("release/deps/libserde-1.rlib"));
}

TEST_CASE("Policy::builtin: files cargo rewrites in place are materialized") {
  CHECK(act("release/.fingerprint/serde-abc/lib-serde") == Action::materialize);
  CHECK(act("release/.fingerprint/serde-abc/dep-lib-serde") == Action::materialize);
  CHECK(act("release/.fingerprint/serde-abc/invoked.timestamp") == Action::materialize);
  CHECK(act("release/build/serde-abc/output") == Action::materialize);
  CHECK(act("release/build/serde-abc/stderr") == Action::materialize);
  CHECK(act("release/build/serde-abc/root-output") == Action::materialize);
  CHECK(act("release/build/serde-abc/invoked.timestamp") == Action::materialize);
  CHECK(act("release/build/ring-abc/out/libring.a") == Action::materialize);
  CHECK(act("release/build/x-abc/out/gen/deep.rs") == Action::materialize);
  CHECK(act("release/foo.d") == Action::materialize);
  CHECK(act("release/deps/foo-123.d") == Action::materialize);
  CHECK(act("release/incremental/foo-1/s-x/query-cache.bin") == Action::materialize);
  CHECK(act("doc/foo/index.html") == Action::materialize);
  CHECK(act(".rustc_info.json") == Action::materialize);
  CHECK(act("CACHEDIR.TAG") == Action::materialize);
  CHECK(act("release/some-unknown-file") == Action::materialize);
}

TEST_CASE("Policy::builtin: rustc's immutable products are linked") {
  CHECK(act("release/deps/libserde-abc.rlib") == Action::link);
  CHECK(act("release/deps/libserde-abc.rmeta") == Action::link);
  CHECK(act("release/deps/libserde_derive-abc.so") == Action::link);
  CHECK(act("release/build/serde-abc/build-script-build", true) == Action::link);
  CHECK(act("release/build/serde-abc/build_script_build-abc", true) == Action::link);
  CHECK(act("release/deps/app-abc", true) == Action::link);
  CHECK(act("x86_64-unknown-linux-gnu/release/deps/libfoo-1.rlib") == Action::link);
  // The build-script executable next to OUT_DIR is linked; OUT_DIR itself is not.
  CHECK(act("release/build/ring-abc/out/x.o") == Action::materialize);
}

TEST_CASE("Policy::decide: user globs come first, but never bring back lock files") {
  Policy p(Policy::Globs{{"*/deps/*.d"}, {"*.rlib"}});
  CHECK(p.decide("release/deps/libx.rlib", false).action == Action::materialize);
  CHECK(p.decide("release/deps/x.d", false).action == Action::link);
  CHECK(p.decide("release/.cargo-lock", false).action == Action::skip);
  CHECK(p.decide("release/deps/libx.rmeta", false).action == Action::link);
}
