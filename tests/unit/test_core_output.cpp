// read_output: each form it recognises, what it returns for chains that mix
// forms, and the inconsistencies it refuses.
#include "core/output.hpp"
#include "core/pack.hpp"
#include "core/unpack.hpp"
#include "helpers.hpp"
#include "util/archive.hpp"
#include "util/error.hpp"

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

// A zstd layer holding `files` (rel -> contents) under `names` as given.
void write_layer(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries) {
  fs::create_directories(fs::path(path).parent_path());
  TarWriter tar(path, Zstd{}, 1);
  for (const auto& [name, data] : entries) {
    if (name.ends_with("/")) {
      tar.add_directory(name);
      continue;
    }
    std::string tmp = path + ".data";
    write(tmp, data);
    UniqueFd fd(::open(tmp.c_str(), O_RDONLY | O_CLOEXEC));
    tar.add_file(name, 0644, data.size(), fd.get(), tmp);
    ::unlink(tmp.c_str());
  }
  tar.finish();
}

// A heirloom format-1 zstd output: entries under "target/".
void write_format1_output(const std::string& out) {
  write_layer(out + "/target.tar.zst",
              {{"target/", ""}, {"target/release/", ""}, {"target/release/liba-1.rlib", "a1"}});
  Manifest m;
  m.format = 1;
  m.mode = "zstd";
  m.files = 1;
  m.dirs = 1;
  write(out + "/heirloom.json", manifest_to_json(m));
  write(out + "/target.index", index_to_text({{"release", {'d', 0, 1}}, {"release/liba-1.rlib", {'f', 2, 1}}}));
  write(out + "/references", "");
}

PackOptions pack_opts(const std::string& target, const std::string& out, const std::string& store) {
  PackOptions po;
  po.target = target;
  po.out = out;
  po.store_dir = store;
  return po;
}

UnpackOptions unpack_opts(const std::string& from, const std::string& target, const std::string& store) {
  UnpackOptions uo;
  uo.from = from;
  uo.target = target;
  uo.store_dir = store;
  return uo;
}

} // namespace

TEST_CASE("layer_entry_rel: crane's names and heirloom format 1's") {
  Scratch s;
  write_layer(s / "l.tar.zst", {{"./", ""}});
  TarReader reader(s / "l.tar.zst");
  Layer crane{s / "l.tar.zst", LayerNames::relative, std::nullopt};
  Layer v1{s / "l.tar.zst", LayerNames::target_prefixed, std::nullopt};
  CHECK(layer_entry_rel(reader, crane, "./") == "");
  CHECK(layer_entry_rel(reader, crane, ".") == "");
  CHECK(layer_entry_rel(reader, crane, "./release/deps/liba-1.rlib") == "release/deps/liba-1.rlib");
  CHECK(layer_entry_rel(reader, crane, "./.rustc_info.json") == ".rustc_info.json");
  CHECK(layer_entry_rel(reader, crane, "release/") == "release");
  CHECK(layer_entry_rel(reader, v1, "target/") == "");
  CHECK(layer_entry_rel(reader, v1, "target/release/x") == "release/x");
  CHECK_THROWS_WITH(layer_entry_rel(reader, crane, "./../x"), Catch::Contains("'..' component"));
  CHECK_THROWS_WITH(layer_entry_rel(reader, crane, "/etc/x"), Catch::Contains("absolute name"));
  CHECK_THROWS_WITH(layer_entry_rel(reader, v1, "other/x"), Catch::Contains("outside the layer's 'target/' root"));
  CHECK(layer_entry_name("") == "./");
  CHECK(layer_entry_name("release/x") == "./release/x");
}

TEST_CASE("read_output: a heirloom format-1 zstd output still reads, through its target/ prefix") {
  Scratch s;
  std::string store = s / "store";
  std::string out = testing::store_path(store, "old");
  write_format1_output(out);
  Output o = read_output(out, store);
  CHECK(o.format == Format::zstd);
  REQUIRE(o.layers.size() == 1);
  CHECK(o.layers[0].names == LayerNames::target_prefixed);
  CHECK(o.chain_head == out + "/target.tar.zst");
  unpack(unpack_opts(out, s / "t", store));
  CHECK(read(s / "t/release/liba-1.rlib") == "a1");
  CHECK_FALSE(fs::exists(s / "t/target"));
}

TEST_CASE("read_output: a crane layer on a format-1 layer on a symlinks output") {
  Scratch s;
  std::string store = s / "store";
  std::string base = testing::store_path(store, "base", 'b');
  write(s / "t0/release/deps/libz-1.rlib", "z");
  pack(pack_opts(s / "t0", base, store));

  std::string mid = testing::store_path(store, "mid", 'c');
  write_format1_output(mid);
  fs::create_symlink(base, mid + "/target.tar.zst.prev");
  write(mid + "/references", base + "\n");
  // format 1's index lists its whole tree: the base's file is gone after it.
  std::string top = testing::store_path(store, "top", 'd');
  write_layer(top + "/target.tar.zst", {{"./", ""}, {"./release/", ""}, {"./release/libc-1.rlib", "c"}});
  fs::create_symlink(mid + "/target.tar.zst", top + "/target.tar.zst.prev");

  Output o = read_output(top, store);
  CHECK(o.format == Format::crane_zstd);
  REQUIRE(o.base.has_value());
  CHECK(o.base->files.size() == 1);
  REQUIRE(o.layers.size() == 2);
  CHECK(o.layers[0].names == LayerNames::target_prefixed);
  CHECK(o.layers[1].names == LayerNames::relative);

  UnpackStats st = unpack(unpack_opts(top, s / "t", store));
  CHECK(st.layers == 2);
  CHECK(read(s / "t/release/liba-1.rlib") == "a1");
  CHECK(read(s / "t/release/libc-1.rlib") == "c");
  CHECK_FALSE(fs::exists(s / "t/release/deps/libz-1.rlib"));
}

TEST_CASE("read_output refuses inconsistent outputs, naming the file") {
  Scratch s;
  std::string store = s / "store";
  std::string out = testing::store_path(store, "v1");
  write_format1_output(out);

  SECTION("a count that does not match the index") {
    write(out + "/target.index", index_to_text({{"release", {'d', 0, 1}}}));
    CHECK_THROWS_WITH(read_output(out, store), Catch::Contains(out + "/heirloom.json': says 1 files"));
  }
  SECTION("a missing index") {
    fs::remove(out + "/target.index");
    CHECK_THROWS_WITH(read_output(out, store), Catch::Contains(out + "/target.index': missing"));
  }
  SECTION("a .prev not listed in references") {
    std::string parent = testing::store_path(store, "p", 'p');
    write_layer(parent + "/target.tar.zst", {{"./", ""}});
    fs::create_symlink(parent + "/target.tar.zst", out + "/target.tar.zst.prev");
    CHECK_THROWS_WITH(read_output(out, store), Catch::Contains(out + "/references': does not list '" + parent));
  }
  SECTION("two layers whose .prev links point at each other") {
    std::string other = testing::store_path(store, "o", 'o');
    write_layer(other + "/target.tar.zst", {{"./", ""}});
    fs::create_symlink(other + "/target.tar.zst", out + "/target.tar.zst.prev");
    fs::create_symlink(out + "/target.tar.zst", other + "/target.tar.zst.prev");
    CHECK_THROWS_WITH(read_output(out, store), Catch::Contains("loops back on itself"));
  }
  SECTION("an archive entry the index does not list") {
    write_layer(s / "l.tar.zst", {{"target/", ""}, {"target/stray", "x"}});
    fs::rename(s / "l.tar.zst", out + "/target.tar.zst");
    CHECK_THROWS_WITH(unpack(unpack_opts(out, s / "t", store)), Catch::Contains("not in target.index"));
    CHECK_FALSE(fs::exists(s / "t"));
  }
  SECTION("a heirloom.json whose mode is not the layout's") {
    std::string sym = testing::store_path(store, "sym", 's');
    write(s / "t0/release/x.rlib", "x");
    pack(pack_opts(s / "t0", sym, store));
    write(sym + "/heirloom.json", read(out + "/heirloom.json"));
    CHECK_THROWS_WITH(read_output(sym, store), Catch::Contains(sym + "/heirloom.json': says mode 'zstd'"));
  }
}

TEST_CASE("pack zstd --prev: .prev to the parent's newest layer, or to a tree parent's directory") {
  Scratch s;
  std::string store = s / "store";
  write(s / "t/release/deps/liba-1.rlib", "a");
  std::string sym = testing::store_path(store, "sym", 's');
  PackOptions po = pack_opts(s / "t", sym, store);
  pack(po);
  unpack(unpack_opts(sym, s / "t2", store));
  write(s / "t2/release/deps/libb-1.rlib", "b");

  std::string z = testing::store_path(store, "z", 'z');
  po.target = s / "t2";
  po.out = z;
  po.prev = sym;
  po.mode = PackMode::zstd;
  PackStats st = pack(po);
  CHECK(st.unchanged == 1);
  CHECK(st.owned == 1);
  CHECK(fs::read_symlink(z + "/target.tar.zst.prev") == sym);
  CHECK(read(z + "/references") == sym + "\n");
  Output o = read_output(z, store);
  CHECK(o.base.has_value());
  CHECK(o.layers.size() == 1);
  UnpackOptions uo = unpack_opts(z, s / "t3", store);
  uo.policy = Policy({{}, {"*"}});
  unpack(uo);
  CHECK_FALSE(fs::is_symlink(s / "t3/release/deps/liba-1.rlib"));
  CHECK(read(s / "t3/release/deps/liba-1.rlib") == "a");
  CHECK(read(s / "t3/release/deps/libb-1.rlib") == "b");
}

TEST_CASE("read_output: a .prev to a zstd output's directory reads its chain") {
  Scratch s;
  std::string store = s / "store";
  std::string old = testing::store_path(store, "old");
  write_format1_output(old);
  std::string top = testing::store_path(store, "top", 't');
  write_layer(top + "/target.tar.zst", {{"./", ""}, {"./release/", ""}, {"./release/libt-1.rlib", "t"}});
  fs::create_symlink(old, top + "/target.tar.zst.prev");
  Output o = read_output(top + "/target.tar.zst", store);
  CHECK(o.format == Format::crane_zstd);
  CHECK_FALSE(o.base.has_value());
  REQUIRE(o.layers.size() == 2);
  CHECK(o.layers[0].archive == old + "/target.tar.zst");
  unpack(unpack_opts(top, s / "t", store));
  CHECK(read(s / "t/release/liba-1.rlib") == "a1");
  CHECK(read(s / "t/release/libt-1.rlib") == "t");
}
