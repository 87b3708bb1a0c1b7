// core/link_plan, through read_output: what a symlinks archive and a crane
// use-symlink dir become (owned files, store links, relative links, dirs),
// and the archive-level refusals the hostile table does not cover.
#include "core/manifest.hpp"
#include "core/output.hpp"
#include "core/pack.hpp"
#include "helpers.hpp"
#include "util/archive.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <functional>

using namespace heirloom;
using testing::message_of;
using testing::read;
using testing::Scratch;
using testing::write;
namespace fs = std::filesystem;

namespace {

struct Sym {
  std::string name, target;  // target empty: a directory
};

// A symlinks output in `out` whose archive (at `tar_name`, zstd-compressed
// when it ends in .zst) holds `entries`, with a heirloom.json and references
// that agree with it.
void write_symlinks_output(const std::string& out, const std::string& store, const std::vector<Sym>& entries,
                           const std::string& tar_name = "symlinks.tar") {
  fs::create_directories(out);
  std::optional<Zstd> z;
  if (tar_name.ends_with(".zst"))
    z = Zstd{};
  Manifest m;
  m.format = 2;
  m.mode = "symlinks";
  std::vector<std::string> refs;
  {
    TarWriter tar(out + "/" + tar_name, z, 1);
    for (const auto& e : entries) {
      if (e.target.empty()) {
        tar.add_directory(e.name);
        if (e.name != "target/")
          ++m.dirs;
      } else {
        tar.add_symlink(e.name, e.target);
        if (e.target.front() == '/' || e.target == e.name)
          ++m.files;
        else
          ++m.symlinks;
        if (e.target.starts_with(store + "/"))
          refs.push_back(e.target.substr(0, e.target.find('/', store.size() + 1)));
      }
    }
    tar.finish();
  }
  write(out + "/heirloom.json", manifest_to_json(m));
  write(out + "/references", references_to_text(refs));
}

} // namespace

TEST_CASE("link plan of a symlinks archive: owned files, store links, relative links, dirs in order") {
  Scratch s;
  std::string store = s / "store";
  std::string parent = testing::store_path(store, "parent", 'p');
  write(parent + "/target/release/deps/libp-1.rlib", "p");
  std::string out = testing::store_path(store, "out", 'o');
  write_symlinks_output(out, store,
                        {{"target/", ""},
                         {"target/release/", ""},
                         {"target/release/deps/", ""},
                         {"target/release/deps/libo-1.rlib", "target/release/deps/libo-1.rlib"},
                         {"target/release/deps/libp-1.rlib", parent + "/target/release/deps/libp-1.rlib"},
                         {"target/release/libo.rlib", "deps/libo-1.rlib"}});
  Output o = read_output(out, store);
  CHECK(o.format == Format::symlinks);
  REQUIRE(o.base);
  CHECK(o.base->dirs == std::vector<std::string>{"release", "release/deps"});
  REQUIRE(o.base->files.size() == 2);
  CHECK(o.base->files[0].rel == "release/deps/libo-1.rlib");
  CHECK(o.base->files[0].target == out + "/target/release/deps/libo-1.rlib");  // the output's own file
  CHECK(o.base->files[1].rel == "release/deps/libp-1.rlib");
  CHECK(o.base->files[1].target == parent + "/target/release/deps/libp-1.rlib");
  REQUIRE(o.base->symlinks.size() == 1);
  CHECK(o.base->symlinks[0].rel == "release/libo.rlib");
  CHECK(o.base->symlinks[0].target == "deps/libo-1.rlib");
  CHECK(o.references == std::vector<std::string>{parent});
  CHECK(o.layers.empty());
}

TEST_CASE("link plan: a compressed symlinks.tar.* reads as the plain one") {
  Scratch s;
  std::string store = s / "store";
  std::string out = testing::store_path(store, "out");
  write_symlinks_output(out, store, {{"target/", ""}, {"target/x", "target/x"}}, "symlinks.tar.zst");
  Output o = read_output(out, store);
  CHECK(o.format == Format::symlinks);
  REQUIRE(o.base);
  REQUIRE(o.base->files.size() == 1);
  CHECK(o.base->files[0].target == out + "/target/x");
}

TEST_CASE("link plan: an archive without entries, or whose root is not a directory, is refused") {
  Scratch s;
  std::string store = s / "store";
  std::string empty = testing::store_path(store, "empty", 'e');
  write_symlinks_output(empty, store, {});
  CHECK(message_of([&] { read_output(empty, store); }) == "bad archive '" + empty + "/symlinks.tar': no entries");
  std::string root = testing::store_path(store, "root", 'r');
  write_symlinks_output(root, store, {{"target", "target"}});
  CHECK(message_of([&] { read_output(root, store); }) ==
        "bad archive '" + root + "/symlinks.tar': entry 'target': the root entry is not a directory");
  // only a root: an output of an empty target dir
  std::string bare = testing::store_path(store, "bare", 'b');
  write_symlinks_output(bare, store, {{"target/", ""}});
  Output o = read_output(bare, store);
  CHECK(o.base->files.empty());
  CHECK(o.base->dirs.empty());
}

TEST_CASE("link plan of a crane use-symlink dir: chains resolved to their final file") {
  Scratch s;
  std::string store = s / "store";
  std::string d1 = testing::store_path(store, "d1", '1');
  std::string d2 = testing::store_path(store, "d2", '2');
  std::string d3 = testing::store_path(store, "d3", '3');
  write(d1 + "/target/release/deps/liba-1.rlib", "a");
  fs::create_directories(d2 + "/target/release/deps");
  fs::create_symlink(d1 + "/target/release/deps/liba-1.rlib", d2 + "/target/release/deps/liba-1.rlib");
  fs::create_directories(d3 + "/target/release/deps");
  fs::create_directories(d3 + "/target/release/empty");
  fs::create_symlink(d2 + "/target/release/deps/liba-1.rlib", d3 + "/target/release/deps/liba-1.rlib");
  write(d3 + "/target/release/deps/libb-1.rlib", "b");
  Output o = read_output(d3, store);
  CHECK(o.format == Format::crane_dir);
  CHECK_FALSE(o.manifest);
  REQUIRE(o.base);
  CHECK(o.base->dirs == std::vector<std::string>{"release", "release/deps", "release/empty"});
  REQUIRE(o.base->files.size() == 2);
  CHECK(o.base->files[0].rel == "release/deps/liba-1.rlib");
  CHECK(o.base->files[0].target == d1 + "/target/release/deps/liba-1.rlib");
  CHECK(o.base->files[1].target == d3 + "/target/release/deps/libb-1.rlib");

  SECTION("a link to a directory") {
    fs::create_directory_symlink(d1 + "/target/release", d3 + "/target/release/dirlink");
    CHECK(message_of([&] { read_output(d3, store); }) ==
          "'" + d3 + "/target/release/dirlink': link does not resolve to a regular file");
  }
  SECTION("a FIFO") {
    ::mkfifo((d3 + "/target/release/fifo").c_str(), 0644);
    CHECK(message_of([&] { read_output(d3, store); }) ==
          "'" + d3 + "/target/release/fifo': unsupported file type in artifacts (not a file, directory or link)");
  }
  SECTION("a link outside the store") {
    write(s / "outside", "o");
    fs::create_symlink(s / "outside", d3 + "/target/release/out");
    CHECK_THAT(message_of([&] { read_output(d3, store); }),
               Catch::StartsWith("'" + d3 + "/target/release/out': link target '" + (s / "outside") + "' lies outside"));
  }
}

TEST_CASE("link plan: pack's own output reads back as what was packed") {
  Scratch s;
  std::string store = s / "store";
  write(s / "t/release/deps/liba-1.rlib", "a");
  write(s / "t/release/deps/a-1.d", "d");
  fs::create_symlink("deps/liba-1.rlib", s / "t/release/liba.rlib");
  fs::create_directories(s / "t/release/examples");
  std::string out = testing::store_path(store, "out");
  PackOptions po;
  po.target = s / "t";
  po.out = out;
  po.store_dir = store;
  pack(po);
  Output o = read_output(out, store);
  REQUIRE(o.base);
  CHECK(o.base->dirs == std::vector<std::string>{"release", "release/deps", "release/examples"});
  REQUIRE(o.base->files.size() == 2);
  CHECK(o.base->files[0].rel == "release/deps/a-1.d");
  CHECK(o.base->files[1].target == out + "/target/release/deps/liba-1.rlib");
  REQUIRE(o.base->symlinks.size() == 1);
  CHECK(o.base->symlinks[0].target == "deps/liba-1.rlib");
  CHECK(o.manifest->files == 2);
  CHECK(o.manifest->symlinks == 1);
}
