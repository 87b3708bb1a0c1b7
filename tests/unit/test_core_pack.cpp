// core/pack: determinism, the manifest's counts, what is never packed, the
// zstd layer's entry names and types, and the refusals (exact messages, no
// output left, DIR as it was).
#include "core/manifest.hpp"
#include "core/pack.hpp"
#include "helpers.hpp"
#include "util/archive.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

#include <catch2/catch.hpp>

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
  write(t + "/.rustc_info.json", "{}");
  write(t + "/CACHEDIR.TAG", "tag");
  write(t + "/release/.cargo-lock", "");
  write(t + "/release/.cargo-build-lock", "");
  write(t + "/release/deps/liba-1.rlib", std::string(4000, 'a'));
  write(t + "/release/deps/app-1", "elf", 0755);
  ::link((t + "/release/deps/app-1").c_str(), (t + "/release/app").c_str());
  write(t + "/release/deps/app-1.d", "dep");
  fs::create_symlink("deps/liba-1.rlib", t + "/release/liba.rlib");
  fs::create_directories(t + "/release/examples");
}

PackOptions opts(const std::string& target, const std::string& out, const std::string& store, PackMode mode,
                 unsigned jobs = 1) {
  PackOptions po;
  po.target = target;
  po.out = out;
  po.store_dir = store;
  po.mode = mode;
  po.jobs = jobs;
  return po;
}

std::vector<TarEntry> entries_of(const std::string& path) {
  TarReader r(path);
  std::vector<TarEntry> out;
  while (auto e = r.next())
    out.push_back(*e);
  return out;
}

} // namespace

TEST_CASE("pack: the same tree gives the same bytes, whatever --jobs (both modes)") {
  Scratch s;
  std::string store = s / "store";
  ::unsetenv("SOURCE_DATE_EPOCH");
  for (PackMode mode : {PackMode::symlinks, PackMode::zstd}) {
    std::string files[] = {mode == PackMode::symlinks ? "symlinks.tar" : "target.tar.zst", "references",
                           "heirloom.json", mode == PackMode::symlinks ? "heirloom.json" : "target.index"};
    std::string m = mode == PackMode::symlinks ? "s" : "z";
    make_tree(s / (m + "t1"));
    make_tree(s / (m + "t2"));
    pack(opts(s / (m + "t1"), s / (m + "o1"), store, mode, 1));
    pack(opts(s / (m + "t2"), s / (m + "o2"), store, mode, 2));
    for (const auto& f : files) {
      INFO(m << " " << f);
      CHECK(read(s / (m + "o1/" + f)) == read(s / (m + "o2/" + f)));
    }
  }
}

TEST_CASE("pack symlinks: stats and heirloom.json count what the tree held") {
  Scratch s;
  std::string store = s / "store";
  make_tree(s / "t");
  std::string out = testing::store_path(store, "out");
  PackStats st = pack(opts(s / "t", out, store, PackMode::symlinks, 2));
  CHECK(st.files == 5);  // CACHEDIR.TAG, liba, app-1, app, app-1.d
  CHECK(st.owned == 5);
  CHECK(st.owned_bytes == 3 + 4000 + 3 + 3 + 3);
  CHECK(st.linked == 0);
  CHECK(st.dirs == 3);  // release, release/deps, release/examples
  CHECK(st.skipped == 3);  // .rustc_info.json and the two locks
  Manifest m = manifest_from_json(read(out + "/heirloom.json"), "m");
  CHECK(m.format == 2);
  CHECK(m.mode == "symlinks");
  CHECK(m.files == 5);
  CHECK(m.dirs == 3);
  CHECK(m.symlinks == 1);
  CHECK(m.owned_bytes == st.owned_bytes);
  CHECK(m.parents.empty());
  // DIR gave its files up (moved, not copied); what was never packed stays
  CHECK_FALSE(fs::exists(s / "t/release/deps/liba-1.rlib"));
  CHECK(fs::exists(s / "t/.rustc_info.json"));
  CHECK_FALSE(fs::exists(out + "/target/.rustc_info.json"));
  CHECK_FALSE(fs::exists(out + "/target/release/.cargo-lock"));
  struct stat a, b;
  REQUIRE(::stat((out + "/target/release/app").c_str(), &a) == 0);
  REQUIRE(::stat((out + "/target/release/deps/app-1").c_str(), &b) == 0);
  CHECK(a.st_ino == b.st_ino);
  CHECK((a.st_mode & 0111) != 0);
  // archive: first entry target/, then sorted names, owned files linking to their own names
  auto es = entries_of(out + "/symlinks.tar");
  REQUIRE(es.size() == 1 + 3 + 5 + 1);
  CHECK(es[0].name == "target/");
  for (std::size_t i = 2; i < es.size(); ++i)
    CHECK(es[i - 1].name < es[i].name);
  for (const auto& e : es) {
    CHECK(e.type != TarEntry::Type::regular);
    if (e.name == "target/release/liba.rlib")
      CHECK(e.link == "deps/liba-1.rlib");
    else if (e.type == TarEntry::Type::symlink)
      CHECK(e.link == e.name);
  }
  CHECK(read(out + "/references").empty());
}

TEST_CASE("pack zstd: crane's entry names, hard links for later names, modes from the execute bits") {
  Scratch s;
  std::string store = s / "store";
  make_tree(s / "t");
  ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  PackStats st = pack(opts(s / "t", s / "o", store, PackMode::zstd, 2));
  ::unsetenv("SOURCE_DATE_EPOCH");
  CHECK(st.owned == 4);  // app is a hard link of deps/app-1
  CHECK(st.files == 5);
  auto es = entries_of(s / "o/target.tar.zst");
  std::vector<std::string> names;
  for (const auto& e : es) {
    names.push_back(e.name);
    CHECK(e.mtime == 1700000000);
  }
  CHECK(names == std::vector<std::string>{"./", "./CACHEDIR.TAG", "./release/", "./release/app", "./release/deps/",
                                          "./release/deps/app-1", "./release/deps/app-1.d",
                                          "./release/deps/liba-1.rlib", "./release/examples/",
                                          "./release/liba.rlib"});
  CHECK(es[3].type == TarEntry::Type::regular);
  CHECK(es[3].mode == 0755);
  CHECK(es[5].type == TarEntry::Type::hardlink);
  CHECK(es[5].link == "./release/app");
  CHECK(es[6].mode == 0644);
  CHECK(es[9].type == TarEntry::Type::symlink);
  Index idx = index_from_text(read(s / "o/target.index"), "i");
  CHECK(idx.size() == 9);
  CHECK(idx.at("release/liba.rlib").type == 'l');
  CHECK(idx.at("release/deps/liba-1.rlib").size == 4000);
  CHECK(idx.at("release/deps/liba-1.rlib").mtime == 1700000000);
  // zstd pack reads DIR, it does not move it
  CHECK(fs::exists(s / "t/release/deps/liba-1.rlib"));
  CHECK_FALSE(fs::exists(s / "o/target.tar.zst.prev"));
}

TEST_CASE("pack: refusals name the path and leave no output") {
  Scratch s;
  std::string store = s / "store";
  make_tree(s / "t");
  CHECK(message_of([&] { pack(opts(s / "missing", s / "o", store, PackMode::symlinks)); }) ==
        "reading target dir '" + (s / "missing") + "': No such file or directory");
  write(s / "file", "x");
  CHECK(message_of([&] { pack(opts(s / "file", s / "o", store, PackMode::zstd)); }) ==
        "'" + (s / "file") + "': target dir is not a directory");
  CHECK(message_of([&] { pack(opts(s / "t", s / "t/out", store, PackMode::symlinks)); }) ==
        "'" + (s / "t/out") + "': output lies inside the target dir");
  CHECK(message_of([&] { pack(opts(s / "t", s / "t", store, PackMode::zstd)); }) ==
        "'" + (s / "t") + "': output lies inside the target dir");
  CHECK(message_of([&] { pack(opts(s / "t", s / "file", store, PackMode::symlinks)); }) ==
        "'" + (s / "file") + "': output exists and is not a directory");
  CHECK_FALSE(fs::exists(s / "o"));
  CHECK_FALSE(fs::exists(s / "t/out"));

  SECTION("a dangling link into the store") {
    std::string gone = testing::store_path(store, "gone") + "/target/x";
    fs::create_symlink(gone, s / "t/release/x");
    for (PackMode mode : {PackMode::symlinks, PackMode::zstd}) {
      CHECK(message_of([&] { pack(opts(s / "t", s / "o", store, mode)); }) ==
            "dangling link: '" + (s / "t/release/x") + "' -> '" + gone + "': No such file or directory");
      CHECK_FALSE(fs::exists(s / "o"));
      CHECK(fs::exists(s / "t/release/deps/liba-1.rlib"));
    }
  }
  SECTION("a link into the store that is a directory") {
    std::string dir = testing::store_path(store, "dir") + "/target";
    fs::create_directories(dir);
    fs::create_symlink(dir, s / "t/release/d");
    CHECK(message_of([&] { pack(opts(s / "t", s / "o", store, PackMode::symlinks)); }) ==
          "'" + (s / "t/release/d") + "': link into the store does not resolve to a regular file");
    CHECK_FALSE(fs::exists(s / "o"));
  }
  SECTION("a name too long for unpack") {
    std::string deep = s / "t";
    for (int i = 0; i < 130; ++i)
      deep += "/d";
    write(deep + "/f", "x");
    CHECK_THAT(message_of([&] { pack(opts(s / "t", s / "o", store, PackMode::zstd)); }),
               Catch::EndsWith("name is deeper than 128 components once archived; unpack would refuse it"));
    CHECK_FALSE(fs::exists(s / "o"));
  }
  SECTION("an output that already holds what pack writes") {
    write(s / "o2/target.index", "x");
    CHECK(message_of([&] { pack(opts(s / "t", s / "o2", store, PackMode::zstd)); }) ==
          "'" + (s / "o2/target.index") + "': already exists (pack writes into a fresh output)");
    CHECK_FALSE(fs::exists(s / "o2/target.tar.zst"));
    CHECK(read(s / "o2/target.index") == "x");
  }
}

TEST_CASE("pack: FIFOs are skipped, a link outside the store is stored by contents") {
  Scratch s;
  std::string store = s / "store";
  make_tree(s / "t");
  ::mkfifo((s / "t/release/fifo").c_str(), 0644);
  write(s / "elsewhere/libx.rlib", "outside");
  fs::create_symlink(s / "elsewhere/libx.rlib", s / "t/release/deps/libx.rlib");
  std::string out = testing::store_path(store, "out");
  PackStats st = pack(opts(s / "t", out, store, PackMode::symlinks));
  CHECK(st.skipped == 4);
  CHECK(st.owned == 6);
  CHECK(read(out + "/target/release/deps/libx.rlib") == "outside");
  CHECK(read(s / "elsewhere/libx.rlib") == "outside");  // copied, not moved
  CHECK_FALSE(fs::exists(out + "/target/release/fifo"));
}
