// core/inspect: the report's fields for each form, dangling links reported
// (not thrown), nothing written, and the text rendering.
#include "core/inspect.hpp"
#include "core/pack.hpp"
#include "helpers.hpp"
#include "util/archive.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

using namespace heirloom;
using testing::read;
using testing::Scratch;
using testing::write;
namespace fs = std::filesystem;

namespace {

void make_tree(const std::string& t) {
  write(t + "/CACHEDIR.TAG", "tag");                                  // 3 bytes, copy
  write(t + "/release/deps/liba-1.rlib", std::string(1000, 'a'));     // link
  write(t + "/release/deps/a-1.d", "dep");                            // copy
  write(t + "/release/.fingerprint/a-1/lib-a", "fp");                 // copy
  write(t + "/debug/app", "elf", 0755);                               // link
  write(t + "/release/.cargo-lock", "");                              // never packed
}

std::string pack_to(const std::string& t, const std::string& out, const std::string& store, PackMode mode) {
  PackOptions po;
  po.target = t;
  po.out = out;
  po.store_dir = store;
  po.mode = mode;
  pack(po);
  return out;
}

// Every path below `dir` with its size and mtime: what "writes nothing" means.
std::string snapshot(const std::string& dir) {
  std::string s;
  for (const auto& e : walk_tree(dir))
    s += e.rel + " " + std::to_string(e.size) + " " + std::to_string(e.mtime.tv_sec) + "." +
         std::to_string(e.mtime.tv_nsec) + "\n";
  return s;
}

} // namespace

TEST_CASE("inspect: a symlinks output's report, and inspect writes nothing") {
  Scratch s;
  std::string store = s / "store";
  make_tree(s / "t");
  std::string out = pack_to(s / "t", testing::store_path(store, "out"), store, PackMode::symlinks);
  std::string before = snapshot(s.path());
  auto report = inspect(out, store);
  auto r = inspect_json(report);
  CHECK(snapshot(s.path()) == before);
  CHECK(r["path"] == out);
  CHECK(r["format"] == "symlinks");
  CHECK(r["manifest"]["format"] == 2);
  CHECK(r["manifest"]["mode"] == "symlinks");
  CHECK(r["references"].empty());
  CHECK(r["totals"]["files"] == 5);
  CHECK(r["totals"]["bytes"] == 1000 + 3 + 3 + 2 + 3);
  CHECK(r["totals"]["linked_files"] == 2);
  CHECK(r["totals"]["linked_bytes"] == 1003);
  CHECK(r["totals"]["copied_files"] == 3);
  CHECK(r["profiles"]["release"]["files"] == 3);
  CHECK(r["profiles"]["debug"]["linked_files"] == 1);
  CHECK(r["profiles"]["(root)"]["copied_bytes"] == 3);
  CHECK(r["dirs"] == 5);  // release, release/deps, release/.fingerprint, …/a-1, debug (not the root)
  CHECK(r["layers"].empty());
  CHECK(r["links"]["all_resolve"] == true);
  CHECK(r["links"]["store_paths_missing_from_references"].empty());
  std::uint64_t class_files = 0;
  for (const auto& [name, c] : r["policy_classes"].items()) {
    CHECK((name.starts_with("link: ") || name.starts_with("materialize: ")));
    class_files += c["files"].get<std::uint64_t>();
  }
  CHECK(class_files == 5);

  std::string text = render_inspect(report);
  CHECK_THAT(text, Catch::StartsWith("artifacts  " + out + "\nformat     symlinks (heirloom format 2, written by "));
  CHECK_THAT(text, Catch::Contains("files      5, 1.0 kB, in 5 dirs\n"));
  CHECK_THAT(text, Catch::Contains("references 0\n"));
  CHECK_THAT(text, Catch::EndsWith("links      all resolve\n"));
}

TEST_CASE("inspect: a dangling link is reported, not thrown") {
  Scratch s;
  std::string store = s / "store";
  make_tree(s / "t");
  std::string out = pack_to(s / "t", testing::store_path(store, "out"), store, PackMode::symlinks);
  fs::remove(out + "/target/release/deps/liba-1.rlib");
  auto report = inspect(out, store);
  auto r = inspect_json(report);
  CHECK_FALSE(report.all_resolve());  // what the command's exit code reads
  CHECK(report.dangling == std::vector<std::string>{"release/deps/liba-1.rlib"});
  CHECK(r["links"]["all_resolve"] == false);
  CHECK(r["links"]["dangling"] == nlohmann::ordered_json::array({"release/deps/liba-1.rlib"}));
  CHECK(r["totals"]["files"] == 4);
  CHECK_THAT(render_inspect(report), Catch::Contains("links      1 do not resolve, first: release/deps/liba-1.rlib\n"));
}

TEST_CASE("inspect: a zstd chain lists its layers, newest tree wins, deleted files are gone") {
  Scratch s;
  std::string store = s / "store";
  make_tree(s / "t");
  std::string l1 = pack_to(s / "t", testing::store_path(store, "l1", '1'), store, PackMode::zstd);
  fs::remove(s / "t/release/deps/a-1.d");
  write(s / "t/release/deps/libb-1.rlib", "bb");
  PackOptions po;
  po.target = s / "t";
  po.out = testing::store_path(store, "l2", '2');
  po.store_dir = store;
  po.mode = PackMode::zstd;
  po.prev = l1;
  pack(po);
  auto report = inspect(po.out, store);
  auto r = inspect_json(report);
  CHECK(r["format"] == "zstd");
  REQUIRE(r["layers"].size() == 2);
  CHECK(r["layers"][0]["path"] == l1 + "/target.tar.zst");
  CHECK(r["layers"][0]["indexed"] == true);
  CHECK(r["layers"][0]["bytes"] == fs::file_size(l1 + "/target.tar.zst"));
  CHECK(r["totals"]["files"] == 5);  // 5 - a-1.d + libb
  CHECK(r["references"] == nlohmann::ordered_json::array({l1}));
  CHECK(r["policy_classes"].contains("materialize: zstd layer file, written whole"));
  CHECK_THAT(render_inspect(report), Catch::Contains("layer      " + l1 + "/target.tar.zst  "));
}

TEST_CASE("inspect: a crane layer's lock files are not counted, as unpack skips them") {
  Scratch s;
  std::string store = s / "store";
  std::string out = testing::store_path(store, "crane");
  fs::create_directories(out);
  write(s / "lock", "");
  write(s / "rlib", "r");
  {
    TarWriter tar(out + "/target.tar.zst", Zstd{}, 1);
    tar.add_directory("./");
    tar.add_directory("./release/");
    UniqueFd lock(::open((s / "lock").c_str(), O_RDONLY | O_CLOEXEC));
    tar.add_file("./release/.cargo-lock", 0644, 0, lock.get(), s / "lock");
    UniqueFd rlib(::open((s / "rlib").c_str(), O_RDONLY | O_CLOEXEC));
    tar.add_file("./release/liba-1.rlib", 0644, 1, rlib.get(), s / "rlib");
    tar.finish();
  }
  auto report = inspect(out, store);
  auto r = inspect_json(report);
  CHECK(r["format"] == "crane-zstd");
  CHECK(r["manifest"].is_null());
  CHECK(r["layers"][0]["indexed"] == false);
  CHECK(r["layers"][0]["entries"] == 4);
  CHECK(r["totals"]["files"] == 1);
  CHECK_THAT(render_inspect(report), Catch::Contains("entries (no index)\nfiles      1, 1 B, in 1 dirs\n"));
}

TEST_CASE("inspect: what is not an output is an error naming it") {
  Scratch s;
  fs::create_directories(s / "empty");
  CHECK_THROWS_WITH(inspect(s / "empty", s / "store"),
                    "'" + (s / "empty") + "': not an artifacts output (no symlinks.tar, target.tar.zst or target/ inside)");
  write(s / "file.txt", "x");
  CHECK_THROWS_WITH(inspect(s / "file.txt", s / "store"),
                    "'" + (s / "file.txt") + "': not an artifacts output (expected a directory or a .tar.zst file)");
  CHECK_THROWS_WITH(inspect(s / "missing", s / "store"),
                    "reading artifacts '" + (s / "missing") + "': No such file or directory");
}
