// util/archive: TarWriter's deterministic headers, TarReader's view of them,
// zstd framing, and the errors both throw (each naming the archive or file).
#include "helpers.hpp"
#include "util/archive.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>
#include <tuple>
#include <vector>

using namespace heirloom;
using testing::message_of;
using testing::read;
using testing::Scratch;
using testing::write;
namespace fs = std::filesystem;

namespace {

// A small archive: a dir, an executable, a file, a hard link, a long symlink.
void write_sample(const std::string& path, std::optional<Zstd> zstd, const std::string& src_dir,
                  std::int64_t mtime = 1) {
  write(src_dir + "/exe", "#!/bin/sh\n", 0755);
  write(src_dir + "/data", std::string(3000, 'd'));
  TarWriter tar(path, zstd, mtime);
  tar.add_directory("./");
  tar.add_directory("./release/");
  UniqueFd a(::open((src_dir + "/exe").c_str(), O_RDONLY | O_CLOEXEC));
  tar.add_file("./release/exe", 0755, 10, a.get(), src_dir + "/exe");
  UniqueFd b(::open((src_dir + "/data").c_str(), O_RDONLY | O_CLOEXEC));
  tar.add_file("./release/data", 0600, 3000, b.get(), src_dir + "/data");
  tar.add_hardlink("./release/data2", "./release/data");
  tar.add_symlink("./release/long", std::string(150, 'l'));
  tar.finish();
}

std::vector<TarEntry> entries_of(const std::string& path) {
  TarReader r(path);
  std::vector<TarEntry> out;
  while (auto e = r.next())
    out.push_back(*e);
  return out;
}

} // namespace

TEST_CASE("archive: what TarWriter writes, TarReader reads back field by field (plain and zstd)") {
  Scratch s;
  for (bool zstd : {false, true}) {
    INFO((zstd ? "zstd" : "plain"));
    std::string path = s / (zstd ? "a.tar.zst" : "a.tar");
    write_sample(path, zstd ? std::optional<Zstd>(Zstd{3, 2}) : std::nullopt, s / "src");
    auto es = entries_of(path);
    REQUIRE(es.size() == 6);
    CHECK(es[0].name == "./");
    CHECK(es[0].type == TarEntry::Type::directory);
    CHECK(es[0].mode == 0755);
    CHECK(es[2].name == "./release/exe");
    CHECK(es[2].type == TarEntry::Type::regular);
    CHECK(es[2].mode == 0755);  // from the execute bits
    CHECK(es[2].size == 10);
    CHECK(es[3].mode == 0644);  // 0600 without execute bits is written 0644
    CHECK(es[3].size == 3000);
    CHECK(es[4].type == TarEntry::Type::hardlink);
    CHECK(es[4].link == "./release/data");
    CHECK(es[5].type == TarEntry::Type::symlink);
    CHECK(es[5].mode == 0777);
    CHECK(es[5].link == std::string(150, 'l'));  // longer than ustar's 100 bytes: a pax record
    for (const auto& e : es) {
      CHECK(e.mtime == 1);
      CHECK(e.mtime_nsec == 0);
    }
  }
}

TEST_CASE("archive: the plain tar is ustar with pax records only where needed, padded to 10240 bytes") {
  Scratch s;
  write_sample(s / "a.tar", std::nullopt, s / "src", 1700000000);  // 9 blocks of entries
  std::string bytes = read(s / "a.tar");
  // 512-byte blocks ending in two zero blocks, with no padding to a 10240-byte record
  CHECK(bytes.size() % 512 == 0);
  CHECK(bytes.size() % 10240 != 0);
  CHECK(bytes.substr(bytes.size() - 1024) == std::string(1024, '\0'));
  CHECK(bytes.substr(257, 8) == std::string("ustar\0" "00", 8));
  CHECK(bytes.substr(0, 2) == "./");
  CHECK(bytes.substr(108, 8) == std::string("000000 \0", 8));  // uid 0
  CHECK(bytes.substr(116, 8) == std::string("000000 \0", 8));  // gid 0
  CHECK(bytes.substr(265, 32) == std::string(32, '\0'));  // no user name
  // the only pax header is the long link's, which carries no atime or ctime
  CHECK(bytes.find("linkpath=" + std::string(150, 'l')) != std::string::npos);
  CHECK(bytes.find("atime=") == std::string::npos);
  CHECK(bytes.find("ctime=") == std::string::npos);
  CHECK(bytes.find("PaxHeader/long") != std::string::npos);
  for (const auto& e : entries_of(s / "a.tar"))
    CHECK(e.mtime == 1700000000);
}

TEST_CASE("archive: the same entries give the same bytes, for any number of zstd workers") {
  Scratch s;
  write_sample(s / "p1.tar", std::nullopt, s / "src");
  write_sample(s / "p2.tar", std::nullopt, s / "src");
  CHECK(read(s / "p1.tar") == read(s / "p2.tar"));
  write_sample(s / "z1.tar.zst", Zstd{3, 1}, s / "src");
  write_sample(s / "z4.tar.zst", Zstd{3, 4}, s / "src");
  std::string z1 = read(s / "z1.tar.zst");
  CHECK(z1 == read(s / "z4.tar.zst"));
  CHECK(z1.substr(0, 4) == "\x28\xb5\x2f\xfd");  // one zstd frame
  // the frame header's descriptor has the content checksum flag (bit 2)
  CHECK((static_cast<unsigned char>(z1[4]) & 0x04) != 0);
  write_sample(s / "z19.tar.zst", Zstd{19, 1}, s / "src");
  CHECK(read(s / "z19.tar.zst") != z1);
}

TEST_CASE("archive: copy_data_to writes the entry's bytes") {
  Scratch s;
  write_sample(s / "a.tar.zst", Zstd{}, s / "src");
  TarReader r(s / "a.tar.zst");
  std::string got;
  while (auto e = r.next()) {
    if (e->name != "./release/data")
      continue;
    UniqueFd out(::open((s / "out").c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    CHECK(r.copy_data_to(out.get(), s / "out") == 3000);
  }
  CHECK(read(s / "out") == std::string(3000, 'd'));
}

TEST_CASE("archive: a zstd file larger than the decompression queue streams whole") {
  Scratch s;
  // 12 MiB of content: more than the eight 1 MiB chunks the feed queues ahead
  std::string big(12u << 20, '\0');
  for (std::size_t i = 0; i < big.size(); ++i)
    big[i] = static_cast<char>((i * 2654435761u) >> 13);
  write(s / "big", big);
  {
    TarWriter tar(s / "b.tar.zst", Zstd{1, 2}, 1);
    UniqueFd fd(::open((s / "big").c_str(), O_RDONLY | O_CLOEXEC));
    tar.add_file("./big", 0644, big.size(), fd.get(), s / "big");
    tar.add_directory("./after/");
    tar.finish();
  }
  TarReader r(s / "b.tar.zst");
  auto e = r.next();
  REQUIRE(e);
  UniqueFd out(::open((s / "out").c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  CHECK(r.copy_data_to(out.get(), s / "out") == big.size());
  auto after = r.next();
  REQUIRE(after);
  CHECK(after->name == "./after/");
  CHECK_FALSE(r.next());
  CHECK(read(s / "out") == big);
}

namespace {

// Reads every entry of `path` and its data (into s/sink): "(no error)" or
// the message of what was thrown.
std::string read_through(const Scratch& s, const std::string& path) {
  return message_of([&] {
    TarReader r(path);
    while (auto e = r.next()) {
      UniqueFd out(::open((s / "sink").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
      r.copy_data_to(out.get(), s / "sink");
    }
  });
}

// The threads of this process now (/proc/self/status).
int thread_count() {
  std::string status = read("/proc/self/status");
  auto at = status.find("\nThreads:");
  REQUIRE(at != std::string::npos);
  return std::stoi(status.substr(at + 9));
}

// An archive of one file `./f` with `content`, zstd level 1.
void write_one(const Scratch& s, const std::string& path, const std::string& content) {
  write(s / "content", content);
  TarWriter tar(path, Zstd{1, 1}, 1);
  UniqueFd fd(::open((s / "content").c_str(), O_RDONLY | O_CLOEXEC));
  tar.add_file("./f", 0644, content.size(), fd.get(), s / "content");
  tar.finish();
}

std::string noise(std::size_t n) {
  std::string out(n, '\0');
  std::uint64_t x = 88172645463325252u;
  for (auto& c : out) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    c = static_cast<char>(x);
  }
  return out;
}

} // namespace

TEST_CASE("archive: a small zstd file is decompressed in the reading thread, a large one on a thread of its own") {
  Scratch s;
  // Each 12 MiB decompressed: more than the eight chunks a decompressing
  // thread queues ahead, so such a thread would still be running, blocked.
  // Zeros: a few hundred bytes compressed; noise: as large compressed,
  // above the 256 KiB limit.
  std::string zeros(12u << 20, '\0');
  write_one(s, s / "small.tar.zst", zeros);
  std::string big = noise(12u << 20);
  write_one(s, s / "large.tar.zst", big);
  REQUIRE(fs::file_size(s / "small.tar.zst") < 4096);
  REQUIRE(fs::file_size(s / "large.tar.zst") > (512u << 10));
  int before = thread_count();
  for (auto [name, threads, content] : {std::tuple{"small.tar.zst", 0, zeros},
                                        std::tuple{"large.tar.zst", 1, big}}) {
    INFO(name);
    TarReader r(s / name);
    CHECK(thread_count() == before + threads);
    auto e = r.next();
    REQUIRE(e);
    UniqueFd out(::open((s / "out").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    CHECK(r.copy_data_to(out.get(), s / "out") == content.size());
    CHECK_FALSE(r.next());
    CHECK(read(s / "out") == content);
  }
  CHECK(thread_count() == before);
}

TEST_CASE("archive: a large zstd file's errors reach the reader from the decompressing thread") {
  Scratch s;
  write_one(s, s / "large.tar.zst", noise(1u << 20));
  std::string z = read(s / "large.tar.zst");
  CHECK(read_through(s, s / "large.tar.zst") == "(no error)");
  write(s / "trunc.tar.zst", z.substr(0, z.size() - 1000));
  CHECK(read_through(s, s / "trunc.tar.zst") == "bad archive '" + (s / "trunc.tar.zst") + "': truncated zstd data");
  std::string bad_sum = z;
  bad_sum.back() ^= 0x01;
  write(s / "sum.tar.zst", bad_sum);
  CHECK(read_through(s, s / "sum.tar.zst") ==
        "bad archive '" + (s / "sum.tar.zst") + "': zstd: Restored data doesn't match checksum");
}

TEST_CASE("archive: TarWriter's errors name the file") {
  Scratch s;
  write(s / "exists.tar", "x");
  CHECK(message_of([&] { TarWriter(s / "exists.tar", std::nullopt, 1); }) ==
        "creating '" + (s / "exists.tar") + "': File exists");
  write(s / "f", "12345");
  UniqueFd fd(::open((s / "f").c_str(), O_RDONLY | O_CLOEXEC));
  {
    TarWriter tar(s / "shrank.tar", std::nullopt, 1);
    CHECK(message_of([&] { tar.add_file("f", 0644, 6, fd.get(), s / "f"); }) ==
          "'" + (s / "f") + "': file shrank while it was packed");
  }
  {
    TarWriter tar(s / "grew.tar", std::nullopt, 1);
    CHECK(message_of([&] { tar.add_file("f", 0644, 4, fd.get(), s / "f"); }) ==
          "'" + (s / "f") + "': file grew while it was packed");
  }
}

TEST_CASE("archive: TarReader refuses what is not a whole tar, naming the archive") {
  Scratch s;
  CHECK(message_of([&] { TarReader r(s / "missing.tar"); }) ==
        "reading '" + (s / "missing.tar") + "': No such file or directory");

  write_sample(s / "a.tar.zst", Zstd{}, s / "src");
  std::string z = read(s / "a.tar.zst");
  CHECK(read_through(s, s / "a.tar.zst") == "(no error)");

  write(s / "trunc.tar.zst", z.substr(0, z.size() / 2));
  CHECK(read_through(s, s / "trunc.tar.zst") == "bad archive '" + (s / "trunc.tar.zst") + "': truncated zstd data");

  std::string bad_sum = z;
  bad_sum.back() ^= 0x01;  // the frame's last 4 bytes are the content checksum
  write(s / "sum.tar.zst", bad_sum);
  CHECK(read_through(s, s / "sum.tar.zst") ==
        "bad archive '" + (s / "sum.tar.zst") + "': zstd: Restored data doesn't match checksum");

  write(s / "magic.tar.zst", "\x28\xb5\x2f\xfd");
  CHECK_THAT(read_through(s, s / "magic.tar.zst"), Catch::StartsWith("bad archive '" + (s / "magic.tar.zst") + "': "));

  write(s / "junk.tar", std::string(1024, 'j'));
  CHECK_THAT(read_through(s, s / "junk.tar"), Catch::StartsWith("bad archive '" + (s / "junk.tar") + "': "));

  std::string plain;
  write_sample(s / "p.tar", std::nullopt, s / "src");
  plain = read(s / "p.tar");
  write(s / "ptrunc.tar", plain.substr(0, 1000));  // inside the second entry's header
  CHECK_THAT(read_through(s, s / "ptrunc.tar"), Catch::StartsWith("bad archive '" + (s / "ptrunc.tar") + "': "));
}

TEST_CASE("archive: TarReader::fail names the archive") {
  Scratch s;
  write_sample(s / "a.tar", std::nullopt, s / "src");
  TarReader r(s / "a.tar");
  CHECK(message_of([&] { r.fail("entry 'x': why"); }) == "bad archive '" + (s / "a.tar") + "': entry 'x': why");
  CHECK(r.path() == s / "a.tar");
}
