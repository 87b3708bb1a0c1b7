// core/unpack: stats, the policy's links and copies (modes, mtimes,
// writability), globs, merging into an existing tree, the same tree for any
// --jobs, refusals that name DIR (never the hidden staging dir), and the
// staging dirs' lock: a sweep removes a dead unpack's, never a live one's.
#include "core/pack.hpp"
#include "core/unpack.hpp"
#include "core/unpack/passes.hpp"
#include "helpers.hpp"
#include "util/archive.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <functional>

using namespace heirloom;
using testing::message_of;
using testing::read;
using testing::Scratch;
using testing::write;
namespace fs = std::filesystem;

namespace {

void make_tree(const std::string& t) {
  write(t + "/CACHEDIR.TAG", "tag");
  write(t + "/release/deps/liba-1.rlib", "rlib");
  write(t + "/release/deps/a-1.d", "dep");
  write(t + "/release/.fingerprint/a-1/lib-a", "fp");
  write(t + "/release/app", "elf", 0755);
  fs::create_symlink("deps/liba-1.rlib", t + "/release/liba.rlib");
  fs::create_directories(t + "/release/examples");
}

std::string packed(Scratch& s, const std::string& store, PackMode mode, const std::string& name = "out") {
  make_tree(s / ("src-" + name));
  PackOptions po;
  po.target = s / ("src-" + name);
  po.out = testing::store_path(store, name);
  po.store_dir = store;
  po.mode = mode;
  pack(po);
  return po.out;
}

UnpackOptions opts(const std::string& from, const std::string& target, const std::string& store, unsigned jobs = 1) {
  UnpackOptions uo;
  uo.from = from;
  uo.target = target;
  uo.store_dir = store;
  uo.jobs = jobs;
  return uo;
}

bool is_link(const std::string& p) { return fs::is_symlink(fs::symlink_status(p)); }

mode_t mode_of(const std::string& p) {
  struct stat st;
  REQUIRE(::lstat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// path -> type and link text or contents: the tree as cargo would see it.
std::string listing(const std::string& dir) {
  std::string s;
  for (const auto& e : walk_tree(dir)) {
    s += e.rel + " ";
    if (e.type == FileType::symlink)
      s += "-> " + fs::read_symlink(dir + "/" + e.rel).string();
    else if (e.type == FileType::regular)
      s += std::to_string(e.mode & 07777) + " " + read(dir + "/" + e.rel);
    else
      s += "dir";
    s += "\n";
  }
  return s;
}

} // namespace

TEST_CASE("unpack symlinks: stats, links for products, writable copies with the source's mtime") {
  Scratch s;
  std::string store = s / "store";
  std::string out = packed(s, store, PackMode::symlinks);
  struct timespec t[2] = {{1000, 0}, {1000, 0}};
  ::utimensat(AT_FDCWD, (out + "/target/release/deps/a-1.d").c_str(), t, 0);
  UnpackStats st = unpack(opts(out, s / "t", store));
  CHECK(st.format == "symlinks");
  CHECK(st.dirs == 5);
  CHECK(st.links == 3);   // liba, app, and the relative liba.rlib
  CHECK(st.copies == 3);  // CACHEDIR.TAG, a-1.d, lib-a
  CHECK(st.copied_bytes == 3 + 3 + 2);
  CHECK(st.layers == 0);
  CHECK(fs::read_symlink(s / "t/release/app") == out + "/target/release/app");
  CHECK(fs::read_symlink(s / "t/release/liba.rlib") == "deps/liba-1.rlib");
  CHECK_FALSE(is_link(s / "t/release/deps/a-1.d"));
  CHECK(mode_of(s / "t/release/deps/a-1.d") == 0644);
  CHECK(::access((s / "t/release/deps/a-1.d").c_str(), W_OK) == 0);
  CHECK(fs::last_write_time(s / "t/release/deps/a-1.d") == fs::last_write_time(out + "/target/release/deps/a-1.d"));
  CHECK(mode_of(s / "t") == 0755);
  CHECK(fs::is_directory(s / "t/release/examples"));
}

TEST_CASE("unpack: globs override the built-in rule, first --materialize then --link") {
  Scratch s;
  std::string store = s / "store";
  std::string out = packed(s, store, PackMode::symlinks);
  UnpackOptions uo = opts(out, s / "m", store);
  uo.policy = Policy({{"*.d", "*/.fingerprint/*"}, {"*.rlib"}});
  UnpackStats st = unpack(uo);
  CHECK_FALSE(is_link(s / "m/release/deps/liba-1.rlib"));  // --materialize wins over --link
  CHECK(mode_of(s / "m/release/deps/liba-1.rlib") == 0644);
  CHECK(is_link(s / "m/release/deps/a-1.d"));
  CHECK(is_link(s / "m/release/.fingerprint/a-1/lib-a"));
  CHECK(is_link(s / "m/release/app"));
  CHECK(st.copies == 2);  // CACHEDIR.TAG and liba
  UnpackOptions all = opts(out, s / "all", store);
  all.policy = Policy({{}, {"*"}});
  unpack(all);
  CHECK_FALSE(is_link(s / "all/release/app"));
  CHECK(mode_of(s / "all/release/app") == 0755);
  CHECK(read(s / "all/release/app") == "elf");
  CHECK(is_link(s / "all/release/liba.rlib"));  // a relative link stays one
}

TEST_CASE("unpack: the same tree for any --jobs, from either mode") {
  Scratch s;
  std::string store = s / "store";
  for (PackMode mode : {PackMode::symlinks, PackMode::zstd}) {
    std::string name = mode == PackMode::symlinks ? "s" : "z";
    std::string out = packed(s, store, mode, name);
    unpack(opts(out, s / (name + "1"), store, 1));
    unpack(opts(out, s / (name + "4"), store, 4));
    CHECK(listing(s / (name + "1")) == listing(s / (name + "4")));
  }
  // the zstd tree holds files only, the symlinks tree links; contents agree
  CHECK(read(s / "z1/release/deps/liba-1.rlib") == read(s / "s1/release/deps/liba-1.rlib"));
  CHECK_FALSE(is_link(s / "z1/release/deps/liba-1.rlib"));
  CHECK(mode_of(s / "z1/release/app") == 0755);
  CHECK(fs::read_symlink(s / "z1/release/liba.rlib") == "deps/liba-1.rlib");
}

TEST_CASE("unpack into an existing tree: replaces files in place, keeps the others") {
  Scratch s;
  std::string store = s / "store";
  std::string out = packed(s, store, PackMode::symlinks);
  write(s / "t/release/deps/a-1.d", "old contents");
  write(s / "t/release/mine", "kept");
  UnpackStats st = unpack(opts(out, s / "t", store));
  CHECK(read(s / "t/release/deps/a-1.d") == "dep");
  CHECK(read(s / "t/release/mine") == "kept");
  CHECK(st.copies == 3);
  for (auto& e : fs::directory_iterator(s.path()))
    CHECK(e.path().filename().string().find(".heirloom-") == std::string::npos);
}

TEST_CASE("unpack: refusals name DIR, never write through a link, and leave no staging dir") {
  Scratch s;
  std::string store = s / "store";
  std::string out = packed(s, store, PackMode::symlinks);

  SECTION("DIR is a file") {
    write(s / "file", "x");
    CHECK(message_of([&] { unpack(opts(out, s / "file", store)); }) == "'" + (s / "file") + "': exists and is not a directory");
    CHECK(read(s / "file") == "x");
  }
  SECTION("a directory of the tree is a symlink in an existing DIR") {
    fs::create_directories(s / "elsewhere");
    fs::create_directories(s / "t");
    fs::create_directory_symlink(s / "elsewhere", s / "t/release");
    CHECK(message_of([&] { unpack(opts(out, s / "t", store)); }) ==
          "'" + (s / "t/release") + "': exists and is not a directory (refusing to write through it)");
    CHECK(fs::is_empty(s / "elsewhere"));
  }
  SECTION("a layer entry through a symlink of the same layer, into a fresh DIR") {
    std::string bad = testing::store_path(store, "bad", 'b');
    fs::create_directories(bad);
    {
      TarWriter tar(bad + "/target.tar.zst", Zstd{}, 1);
      tar.add_directory("./");
      tar.add_symlink("./d", ".");
      tar.add_directory("./d/x/");
      tar.finish();
    }
    std::string msg = message_of([&] { unpack(opts(bad, s / "fresh/t", store)); });
    CHECK(msg == "'" + (s / "fresh/t/d") + "': exists and is not a directory (refusing to write through it)");
    CHECK(msg.find(".heirloom-") == std::string::npos);
    CHECK_FALSE(fs::exists(s / "fresh"));
  }
  SECTION("a missing input") {
    CHECK(message_of([&] { unpack(opts(s / "nope", s / "t2", store)); }) ==
          "reading artifacts '" + (s / "nope") + "': No such file or directory");
    CHECK_FALSE(fs::exists(s / "t2"));
  }
  SECTION("a store path that is gone (garbage-collected)") {
    std::string gone = testing::store_path(store, "gone-deps", 'g');
    CHECK(message_of([&] { unpack(opts(gone, s / "t3", store)); }) ==
          "'" + gone + "': not in the Nix store (garbage-collected, or never built here): give the "
          "derivation itself, which Nix keeps alive and rebuilds, not its output path");
    CHECK_FALSE(fs::exists(s / "t3"));
  }
  for (auto& e : fs::directory_iterator(s.path()))
    CHECK(e.path().filename().string().find(".heirloom-") == std::string::npos);
}

TEST_CASE("unpack: a zstd layer replaces what an older one left, and drops deleted files") {
  Scratch s;
  std::string store = s / "store";
  std::string l1 = packed(s, store, PackMode::zstd, "l1");
  unpack(opts(l1, s / "t", store));
  fs::remove(s / "t/release/deps/a-1.d");
  fs::remove(s / "t/release/liba.rlib");
  write(s / "t/release/liba.rlib", "now a file");
  PackOptions po;
  po.target = s / "t";
  po.out = testing::store_path(store, "l2", '2');
  po.store_dir = store;
  po.mode = PackMode::zstd;
  po.prev = l1;
  pack(po);
  UnpackStats st = unpack(opts(po.out, s / "u", store));
  CHECK(st.format == "zstd");
  CHECK(st.layers == 2);
  CHECK(st.removed == 1);  // a-1.d, which the first layer brought and the second no longer lists
  CHECK_FALSE(fs::exists(s / "u/release/deps/a-1.d"));
  CHECK_FALSE(is_link(s / "u/release/liba.rlib"));
  CHECK(read(s / "u/release/liba.rlib") == "now a file");
  CHECK(read(s / "u/release/deps/liba-1.rlib") == "rlib");
}

namespace {

// A directory named as a staging dir of `target`, with a read-only subtree
// as unpack leaves it when killed (copies of store files keep their modes).
std::string fake_staging(const std::string& parent, const std::string& target, const std::string& random) {
  std::string d = parent + "/." + target + ".heirloom-" + random;
  write(d + "/release/deps/liba-1.rlib", "rlib", 0444);
  ::chmod((d + "/release/deps").c_str(), 0555);
  return d;
}

// Holds the staging dir's lock as a live unpack does (its own open file
// description, so it conflicts even within this process).
UniqueFd hold_lock(const std::string& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  REQUIRE(fd);
  REQUIRE(::flock(fd.get(), LOCK_EX | LOCK_NB) == 0);
  return fd;
}

} // namespace

TEST_CASE("sweep_staging: removes dead unpacks' staging dirs of DIR, never a locked one, nothing else") {
  Scratch s;
  std::string dead = fake_staging(s.path(), "t", "Ab12Cd");
  std::string live = fake_staging(s.path(), "t", "Live00");
  UniqueFd lock = hold_lock(live);
  write(s / "outside/keep", "kept");
  // Names that are not a staging dir of t, and a link and a file that are
  // named like one: all left alone, and the link not followed.
  std::vector<std::string> others = {".t.heirloom-abc", ".t.heirloom-abcdefg", "t.heirloom-abcdef",
                                     ".t.heirloom-abcdef.old", ".u.heirloom-abcdef", ".t.heirloom-ab_def",
                                     ".tt.heirloom-abcdef", "..t.heirloom-abcdef"};
  for (const auto& o : others)
    write(s / (o + "/f"), "x");
  fs::create_directory_symlink(s / "outside", s / ".t.heirloom-Link12");
  write(s / ".t.heirloom-File12", "x");

  StagingSweep sw = sweep_staging(s / "t");
  CHECK(sw.removed == 1);
  CHECK(sw.in_use == 1);
  CHECK(sw.errors.empty());
  CHECK_FALSE(fs::exists(dead));
  CHECK(read(live + "/release/deps/liba-1.rlib") == "rlib");
  for (const auto& o : others)
    CHECK(read(s / (o + "/f")) == "x");
  CHECK(is_link(s / ".t.heirloom-Link12"));
  CHECK(read(s / "outside/keep") == "kept");
  CHECK(read(s / ".t.heirloom-File12") == "x");

  lock.reset();  // its owner died
  sw = sweep_staging(s / "t/");
  CHECK(sw.removed == 1);
  CHECK(sw.in_use == 0);
  CHECK_FALSE(fs::exists(live));

  CHECK(message_of([&] { sweep_staging(s / "no/t"); }) ==
        "opening directory '" + (s / "no") + "': No such file or directory");
}

TEST_CASE("unpack: holds its staging dir's lock from creation to commit, and first removes dead ones of DIR") {
  Scratch s;
  std::string store = s / "store";
  std::string out = packed(s, store, PackMode::symlinks);
  {
    unpack_passes::Staging staging(s / "t");
    REQUIRE(staging.work() != s / "t");
    CHECK(fs::path(staging.work()).filename().string().rfind(".t.heirloom-", 0) == 0);
    UniqueFd fd(::open(staging.work().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    CHECK(::flock(fd.get(), LOCK_EX | LOCK_NB) != 0);  // held by the staging's owner
    StagingSweep sw = sweep_staging(s / "t");
    CHECK(sw.in_use == 1);
    CHECK(sw.removed == 0);
    CHECK(fs::is_directory(staging.work()));
  }  // an unpack that failed: its staging dir is gone
  for (auto& e : fs::directory_iterator(s.path()))
    CHECK(e.path().filename().string().find(".heirloom-") == std::string::npos);

  std::string dead = fake_staging(s.path(), "t", "Dead01");
  std::string live = fake_staging(s.path(), "t", "Live01");
  std::string other = fake_staging(s.path(), "u", "Dead02");
  UniqueFd lock = hold_lock(live);
  UnpackStats st = unpack(opts(out, s / "t", store));
  CHECK(st.stale_staging == 1);
  CHECK_FALSE(fs::exists(dead));
  CHECK(fs::is_directory(live));
  CHECK(fs::is_directory(other));  // another target's: not this unpack's business
  CHECK(read(s / "t/release/deps/a-1.d") == "dep");

  // Into an existing DIR (updated in place) too.
  fake_staging(s.path(), "t", "Dead03");
  st = unpack(opts(out, s / "t", store));
  CHECK(st.stale_staging == 1);
  CHECK(fs::is_directory(live));
}
