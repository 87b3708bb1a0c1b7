#include "core/inspect.hpp"
#include "core/pack.hpp"
#include "core/unpack.hpp"
#include "helpers.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

using namespace heirloom;
using testing::read;
using testing::Scratch;
using testing::write;
namespace fs = std::filesystem;

namespace {

void make_target(const std::string& t) {
  write(t + "/.rustc_info.json", "{}");  // never packed
  write(t + "/CACHEDIR.TAG", "Signature");
  write(t + "/release/.cargo-lock", "");
  write(t + "/release/deps/libfoo-1.rlib", std::string(5000, 'r'));
  write(t + "/release/deps/libfoo-1.rmeta", "meta");
  write(t + "/release/deps/foo-1.d", "dep-info");
  write(t + "/release/.fingerprint/foo-1/lib-foo", "fp");
  write(t + "/release/build/bar-1/build-script-build", "ELF", 0755);
  write(t + "/release/build/bar-2/out/gen.rs", "generated");
  write(t + "/release/build/bar-2/output", "cargo:rerun-if-changed=x");
  fs::create_directories(t + "/release/examples");
  ::link((t + "/release/build/bar-1/build-script-build").c_str(),
         (t + "/release/build/bar-1/build_script_build-1").c_str());
}

bool is_link(const std::string& p) { return fs::is_symlink(fs::symlink_status(p)); }

} // namespace

TEST_CASE("pack symlinks then unpack: links for artifacts, writable copies for the rest") {
  Scratch s;
  std::string store = s / "store";
  std::string out = testing::store_path(store, "deps");
  make_target(s / "target");

  PackOptions po;
  po.target = s / "target";
  po.out = out;
  po.store_dir = store;
  po.jobs = 2;
  PackStats ps = pack(po);
  CHECK(ps.owned == 9);
  CHECK(ps.linked == 0);
  CHECK(fs::exists(out + "/symlinks.tar"));
  // An output never names itself: its own files are links to their own names.
  CHECK(read(out + "/references").empty());
  CHECK(read(out + "/symlinks.tar").find(out) == std::string::npos);
  CHECK_FALSE(fs::exists(out + "/target/release/.cargo-lock"));
  // Hard links survive the move.
  CHECK(fs::equivalent(out + "/target/release/build/bar-1/build-script-build",
                       out + "/target/release/build/bar-1/build_script_build-1"));

  UnpackOptions uo;
  uo.from = out;
  uo.target = s / "child";
  uo.store_dir = store;
  uo.jobs = 2;
  UnpackStats us = unpack(uo);
  CHECK(us.format == "symlinks");
  std::string c = s / "child";
  CHECK(is_link(c + "/release/deps/libfoo-1.rlib"));
  CHECK(fs::read_symlink(c + "/release/deps/libfoo-1.rlib") == out + "/target/release/deps/libfoo-1.rlib");
  CHECK(is_link(c + "/release/build/bar-1/build-script-build"));
  CHECK_FALSE(is_link(c + "/release/.fingerprint/foo-1/lib-foo"));
  CHECK(read(c + "/release/.fingerprint/foo-1/lib-foo") == "fp");
  CHECK_FALSE(is_link(c + "/release/build/bar-2/out/gen.rs"));
  CHECK_FALSE(is_link(c + "/release/deps/foo-1.d"));
  CHECK_FALSE(fs::exists(c + "/.rustc_info.json"));  // never packed
  CHECK(fs::is_directory(c + "/release/examples"));
  CHECK_FALSE(fs::exists(c + "/release/.cargo-lock"));
  CHECK(::access((c + "/release/build/bar-2/output").c_str(), W_OK) == 0);

  SECTION("a second generation links to the first, flattened and deduplicated") {
    write(c + "/release/deps/libnew-2.rlib", "new");
    std::string out2 = testing::store_path(store, "pkg", 'b');
    PackOptions po2 = po;
    po2.target = c;
    po2.out = out2;
    po2.prev = out;
    PackStats ps2 = pack(po2);
    CHECK(ps2.owned == 1);          // only libnew
    CHECK(ps2.deduplicated == 5);   // the unchanged materialized copies
    CHECK(ps2.linked == 9);
    CHECK(read(out2 + "/references") == out + "\n");

    UnpackOptions uo2 = uo;
    uo2.from = out2;
    uo2.target = s / "grandchild";
    unpack(uo2);
    // Grandparent files are linked directly, never through the middle output.
    CHECK(fs::read_symlink(s / "grandchild/release/deps/libfoo-1.rlib") ==
          out + "/target/release/deps/libfoo-1.rlib");
    CHECK(fs::read_symlink(s / "grandchild/release/deps/libnew-2.rlib") ==
          out2 + "/target/release/deps/libnew-2.rlib");

    auto report = inspect_json(inspect(out2, store));
    CHECK(report["format"] == "symlinks");
    CHECK(report["links"]["all_resolve"] == true);
    CHECK(report["totals"]["files"] == 10);
    CHECK(report["profiles"]["release"]["files"] == 9);
  }
}

TEST_CASE("pack zstd with a previous layer stores only changes and drops deleted files") {
  Scratch s;
  std::string store = s / "store";
  make_target(s / "target");
  std::string l1 = testing::store_path(store, "l1");
  PackOptions po;
  po.target = s / "target";
  po.out = l1;
  po.store_dir = store;
  po.mode = PackMode::zstd;
  po.jobs = 2;
  PackStats s1 = pack(po);
  CHECK(s1.owned == 8);  // 9 packed files, one a hard link
  CHECK(fs::exists(l1 + "/target.tar.zst"));
  CHECK_FALSE(fs::exists(l1 + "/target.tar.zst.prev"));

  UnpackOptions uo;
  uo.from = l1;
  uo.target = s / "gen2";
  uo.store_dir = store;
  unpack(uo);
  std::string g = s / "gen2";
  CHECK(read(g + "/release/deps/libfoo-1.rlib") == std::string(5000, 'r'));
  CHECK(fs::last_write_time(g + "/release/deps/libfoo-1.rlib").time_since_epoch().count() != 0);
  fs::remove(g + "/release/deps/libfoo-1.rmeta");
  write(g + "/release/deps/libnew-1.rlib", "new");

  std::string l2 = testing::store_path(store, "l2", 'b');
  po.target = g;
  po.out = l2;
  po.prev = l1;
  PackStats s2 = pack(po);
  CHECK(s2.owned == 1);
  CHECK(s2.unchanged == 8);
  CHECK(fs::read_symlink(l2 + "/target.tar.zst.prev") == l1 + "/target.tar.zst");
  CHECK(read(l2 + "/references") == l1 + "\n");

  uo.from = l2;
  uo.target = s / "gen3";
  UnpackStats us = unpack(uo);
  CHECK(us.layers == 2);
  CHECK(us.removed == 1);
  CHECK(read(s / "gen3/release/deps/libnew-1.rlib") == "new");
  CHECK_FALSE(fs::exists(s / "gen3/release/deps/libfoo-1.rmeta"));
  CHECK(read(s / "gen3/release/deps/libfoo-1.rlib") == std::string(5000, 'r'));

  auto report = inspect_json(inspect(l2, store));
  CHECK(report["layers"].size() == 2);
  CHECK(report["totals"]["files"] == 9);
}

TEST_CASE("a failed unpack leaves no target dir behind") {
  Scratch s;
  std::string store = s / "store";
  make_target(s / "target");
  std::string out = testing::store_path(store, "deps");
  PackOptions po;
  po.target = s / "target";
  po.out = out;
  po.store_dir = store;
  pack(po);
  fs::remove(out + "/target/release/deps/libfoo-1.rlib");  // now a dangling link
  UnpackOptions uo;
  uo.from = out;
  uo.target = s / "new/child";
  uo.store_dir = store;
  CHECK_THROWS_WITH(unpack(uo), Catch::Contains("dangling link") && Catch::Contains("libfoo-1.rlib"));
  CHECK_FALSE(fs::exists(s / "new"));
  for (auto& e : fs::directory_iterator(s.path()))
    CHECK(e.path().filename().string().find(".heirloom-") == std::string::npos);
}

TEST_CASE("pack refuses an output it would overwrite, and leaves DIR intact on failure") {
  Scratch s;
  make_target(s / "target");
  write(s / "out/symlinks.tar", "x");
  PackOptions po;
  po.target = s / "target";
  po.out = s / "out";
  po.store_dir = s / "store";
  CHECK_THROWS_WITH(pack(po), Catch::Contains("symlinks.tar") && Catch::Contains("already exists"));
  CHECK(fs::exists(s / "target/release/deps/libfoo-1.rlib"));
  CHECK_FALSE(fs::exists(s / "out/target"));
}

TEST_CASE("pack: a relative link whose text is its own archive name is stored as its file") {
  // "release/x" -> "target/release/x" stays inside the tree, but kept
  // verbatim it would read as a file the output owns (FORMAT.md).
  Scratch s;
  std::string store = s / "store";
  std::string t = s / "target";
  write(t + "/release/target/release/x", "content");
  fs::create_symlink("target/release/x", t + "/release/x");
  write(t + "/release/y", "other");
  fs::create_symlink("y", t + "/release/z");  // an ordinary relative link stays one
  std::string out = testing::store_path(store, "out");
  PackOptions po;
  po.target = t;
  po.out = out;
  po.store_dir = store;
  PackStats ps = pack(po);
  CHECK(ps.owned == 3);  // x's contents, the file it named, and y
  CHECK(read(out + "/target/release/x") == "content");

  UnpackOptions uo;
  uo.from = out;
  uo.target = s / "child";
  uo.store_dir = store;
  unpack(uo);
  CHECK(read(s / "child/release/x") == "content");
  CHECK(fs::read_symlink(s / "child/release/z") == "y");
}
