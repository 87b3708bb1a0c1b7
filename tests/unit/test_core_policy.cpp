#include "core/policy.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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

TEST_CASE("Policy::decide_by_path: only where the execute bit cannot change the decision") {
  Policy p;
  auto fp = p.decide_by_path("release/.fingerprint/x-0123456789abcdef/lib-x.json");
  REQUIRE(fp);
  CHECK(fp->action == Action::materialize);
  auto rlib = p.decide_by_path("release/deps/libx-0123456789abcdef.rlib");
  REQUIRE(rlib);
  CHECK(rlib->action == Action::link);
  // A file without a rustc product's name: linked if executable (a binary),
  // else copied; unpack must stat it before deciding.
  CHECK_FALSE(p.decide_by_path("release/deps/x-0123456789abcdef"));
  CHECK_FALSE(p.decide_by_path("release/examples/demo-0123456789abcdef"));
  // A user glob decides by path alone.
  Policy g(Policy::Globs{{}, {"release/deps/*"}});
  auto globbed = g.decide_by_path("release/deps/x-0123456789abcdef");
  REQUIRE(globbed);
  CHECK(globbed->action == Action::materialize);
}

TEST_CASE("Policy::decide: user globs come first, but never bring back lock files") {
  Policy p(Policy::Globs{{"*/deps/*.d"}, {"*.rlib"}});
  CHECK(p.decide("release/deps/libx.rlib", false).action == Action::materialize);
  CHECK(p.decide("release/deps/x.d", false).action == Action::link);
  CHECK(p.decide("release/.cargo-lock", false).action == Action::skip);
  CHECK(p.decide("release/deps/libx.rmeta", false).action == Action::link);
}

TEST_CASE("Policy::builtin: new-layout units (build/<pkg>/<hash>/)") {
  const std::string u = "release/build/serde/9adb1856c304d36a/";
  CHECK(act(u + "out/libserde-9adb1856c304d36a.rlib") == Action::link);
  CHECK(act(u + "out/libserde-9adb1856c304d36a.rmeta") == Action::link);
  CHECK(act(u + "out/libserde_derive-9adb1856c304d36a.so", true) == Action::link);
  CHECK(act(u + "out/build_script_build-9adb1856c304d36a", true) == Action::link);
  CHECK(act(u + "out/build-script-build", true) == Action::link);
  CHECK(act(u + "out/serde-9adb1856c304d36a.d") == Action::materialize);
  CHECK(act(u + "fingerprint/lib-serde") == Action::materialize);
  CHECK(act(u + "run/stdout") == Action::materialize);
  CHECK(act(u + "run/invoked.timestamp") == Action::materialize);
  CHECK(act(u + ".lock") == Action::skip);
  CHECK(is_never_packed(u + ".lock"));
  // A build script run's OUT_DIR has the same shape: only names carrying the
  // unit hash are rustc's. Archives, objects, executables and generated
  // sources there are the script's, rewritten in place.
  CHECK(act(u + "out/libring_core.a") == Action::materialize);
  CHECK(act(u + "out/0123456789abcdef-aes.o") == Action::materialize);
  CHECK(act(u + "out/helper-tool", true) == Action::materialize);
  CHECK(act(u + "out/table.rs") == Action::materialize);
  CHECK(act(u + "out/sub/libx-9adb1856c304d36a.rlib") == Action::materialize);
  CHECK(act(u + "out/libother-0000000000000000.rlib") == Action::materialize);
  // The old layout's OUT_DIR (build/<pkg>-<hash>/out/) is not a unit dir.
  CHECK(act("release/build/serde-9adb1856c304d36a/out/libserde-9adb1856c304d36a.rlib") == Action::materialize);
  CHECK_FALSE(is_never_packed("release/build/serde-9adb1856c304d36a/out/.lock"));
}

// tests/data/cargo-layouts/*.txt: every file real cargo builds wrote
// (regen.sh), with the action its class calls for (classify.py decides from
// cargo's own messages). The policy must agree on every line.
TEST_CASE("Policy: golden listings of real target dirs, both layouts") {
  const std::vector<std::string> listings{"cargo-1.95-old", "cargo-1.95-new", "cargo-1.95-new-locking",
                                          "cargo-1.97-nightly", "cargo-1.65-debian"};
  for (const auto& name : listings) {
    std::ifstream in(std::string(HEIRLOOM_TEST_DATA) + "/cargo-layouts/" + name + ".txt");
    REQUIRE(in.good());
    std::size_t lines = 0;
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string expected, cls, x, rel;
      fields >> expected >> cls >> x >> rel;
      Action got = is_never_packed(rel) ? Action::skip : Policy::builtin(rel, x == "x").action;
      INFO(name << ": " << line);
      CHECK(action_name(got) == expected);
      ++lines;
    }
    INFO(name);
    CHECK(lines > 100);
  }
}
