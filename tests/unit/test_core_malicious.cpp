// A table of hostile archives, each with the message unpack must refuse it
// with. The archives are written with libarchive itself, entry by entry, so
// that each holds exactly the one thing that is wrong with it.
#include "core/unpack.hpp"
#include "helpers.hpp"
#include "util/error.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <catch2/catch.hpp>

#include <filesystem>

using namespace heirloom;
namespace fs = std::filesystem;

namespace {

struct E {
  std::string name;
  char type;  // 'd' dir, 'l' symlink, 'f' file, 'h' hardlink, 'c' char device
  std::string link;
};

void write_tar(const std::string& path, const std::vector<E>& entries, bool zstd) {
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  if (zstd)
    archive_write_add_filter_zstd(a);
  REQUIRE(archive_write_open_filename(a, path.c_str()) == ARCHIVE_OK);
  for (const auto& e : entries) {
    archive_entry* ae = archive_entry_new();
    archive_entry_copy_pathname(ae, e.name.c_str());
    archive_entry_set_perm(ae, 0644);
    switch (e.type) {
    case 'd': archive_entry_set_filetype(ae, AE_IFDIR); break;
    case 'l': archive_entry_set_filetype(ae, AE_IFLNK); archive_entry_copy_symlink(ae, e.link.c_str()); break;
    case 'h': archive_entry_set_filetype(ae, AE_IFREG); archive_entry_copy_hardlink(ae, e.link.c_str()); break;
    case 'c': archive_entry_set_filetype(ae, AE_IFCHR); break;
    default: archive_entry_set_filetype(ae, AE_IFREG); archive_entry_set_size(ae, e.link.size());
    }
    archive_write_header(a, ae);
    if (e.type == 'f' && !e.link.empty())
      archive_write_data(a, e.link.data(), e.link.size());
    archive_entry_free(ae);
  }
  archive_write_close(a);
  archive_write_free(a);
}

struct Case {
  const char* what;
  bool zstd;
  std::vector<E> entries;
  const char* message;
};

} // namespace

TEST_CASE("unpack refuses each hostile archive with its message and leaves nothing behind") {
  testing::Scratch s;
  std::string store = s / "store";
  std::string parent = testing::store_path(store, "parent");
  testing::write(parent + "/target/f", "x");
  const std::string ok = parent + "/target/f";
  std::string long_name = "target/" + std::string(4100, 'n');

  std::vector<Case> cases = {
      {"dot-dot", false, {{"target/", 'd', ""}, {"target/../evil", 'l', ok}}, "name has a '..' component"},
      {"absolute", false, {{"/etc/evil", 'l', ok}}, "absolute name"},
      {"symlink then file through it", false,
       {{"target/", 'd', ""}, {"target/a", 'l', ok}, {"target/a/f", 'l', ok}},
       "its directory is not an earlier directory entry"},
      {"link outside the store", false, {{"target/", 'd', ""}, {"target/p", 'l', "/etc/passwd"}}, "lies outside"},
      {"link into the store via ..", false,
       {{"target/", 'd', ""}, {"target/p", 'l', store + "/../../etc/passwd"}}, "'..' component"},
      {"relative link leaving the tree", false,
       {{"target/", 'd', ""}, {"target/p", 'l', "../../../etc/passwd"}}, "leaves the tree"},
      {"oversized name", false, {{"target/", 'd', ""}, {long_name, 'l', ok}}, "longer than 4000 bytes"},
      {"regular file in a symlinks archive", false, {{"target/", 'd', ""}, {"target/f", 'f', "data"}},
       "holds only directories and symlinks"},
      {"duplicate entry", false, {{"target/", 'd', ""}, {"target/f", 'l', ok}, {"target/f", 'l', ok}},
       "duplicate entry"},
      {"zstd: file through a symlink", true,
       {{"target/", 'd', ""}, {"target/d", 'l', "."}, {"target/d/x", 'f', "pwned"}},
       "exists and is not a directory (refusing to write through it)"},
      {"zstd: dot-dot", true, {{"target/../../x", 'f', "pwned"}}, "name has a '..' component"},
      {"zstd: hard link to a missing entry", true, {{"target/", 'd', ""}, {"target/h", 'h', "target/nope"}},
       "not an earlier file"},
      {"zstd: hard link escaping", true, {{"target/", 'd', ""}, {"target/h", 'h', "/etc/passwd"}}, "absolute name"},
      {"zstd: device", true, {{"target/", 'd', ""}, {"target/dev", 'c', ""}}, "unsupported entry type"},
      {"zstd: link into the store to a directory", true,
       {{"./", 'd', ""}, {"./d", 'l', parent + "/target"}}, "is not a regular file"},
      {"zstd: dot-slash-dot-dot", true, {{"./", 'd', ""}, {"./../x", 'f', "pwned"}}, "name has a '..' component"},
      {"zstd: symlink outside the store", true, {{"target/", 'd', ""}, {"target/p", 'l', "/etc/passwd"}},
       "lies outside"},
  };

  for (const auto& c : cases) {
    INFO(c.what);
    std::string art = s / ("art-" + std::to_string(&c - cases.data()));
    fs::create_directories(art);
    write_tar(art + (c.zstd ? "/target.tar.zst" : "/symlinks.tar"), c.entries, c.zstd);
    UnpackOptions uo;
    uo.from = art;
    uo.target = s / "victim/target";
    uo.store_dir = store;
    REQUIRE_THROWS_AS(unpack(uo), Error);
    try {
      unpack(uo);
    } catch (const Error& e) {
      std::string msg = e.what();
      CHECK_THAT(msg, Catch::Contains(c.message));
      CHECK(msg.find('\n') == std::string::npos);
    }
    CHECK_FALSE(fs::exists(s / "victim"));
    CHECK_FALSE(fs::exists(s / "x"));
    CHECK_FALSE(fs::exists(parent + "/target/x"));
  }
}

TEST_CASE("truncated and corrupt archives are refused with the archive's path") {
  testing::Scratch s;
  std::string store = s / "store";
  std::string parent = testing::store_path(store, "parent");
  testing::write(parent + "/target/f", "x");
  std::vector<E> entries{{"target/", 'd', ""}};
  for (int i = 0; i < 50; ++i)
    entries.push_back({"target/f" + std::to_string(i), 'l', parent + "/target/f"});
  fs::create_directories(s / "good");
  write_tar(s / "good/symlinks.tar", entries, false);
  std::string bytes = testing::read(s / "good/symlinks.tar");

  testing::write(s / "trunc/symlinks.tar", bytes.substr(0, 3000));
  testing::write(s / "junk/symlinks.tar", std::string(4096, '\x7f'));
  std::string flipped = bytes;
  flipped[700] ^= 0x55;  // inside the first header's checksum-covered bytes
  testing::write(s / "flip/symlinks.tar", flipped);
  testing::write(s / "zjunk/target.tar.zst", std::string("\x28\xb5\x2f\xfd") + std::string(100, 'x'));

  for (std::string dir : {"trunc", "junk", "flip", "zjunk"}) {
    INFO(dir);
    UnpackOptions uo;
    uo.from = s / dir;
    uo.target = s / ("t-" + dir);
    uo.store_dir = store;
    CHECK_THROWS_WITH(unpack(uo), Catch::Contains("bad archive '" + (s / dir)));
    CHECK_FALSE(fs::exists(s / ("t-" + dir)));
  }
}

TEST_CASE("a missing .prev layer is an error naming it") {
  testing::Scratch s;
  fs::create_directories(s / "l2");
  write_tar(s / "l2/target.tar.zst", {{"target/", 'd', ""}}, true);
  fs::create_symlink(s / "gone/target.tar.zst", s / "l2/target.tar.zst.prev");
  UnpackOptions uo;
  uo.from = s / "l2";
  uo.target = s / "t";
  uo.store_dir = s / "store";
  CHECK_THROWS_WITH(unpack(uo), Catch::Contains("target.tar.zst.prev") && Catch::Contains("No such file"));
  CHECK_FALSE(fs::exists(s / "t"));
}
