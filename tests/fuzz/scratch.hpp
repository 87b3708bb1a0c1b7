// Shared by the artifacts fuzz targets: one scratch tree per process, the
// fuzz input laid out in it as an artifacts output, and the invariants
// checked after every input.
//
// Input format (so that one input can hold every part of an output):
// a sequence of records  [kind: 1 byte][length: 2 bytes, little endian][data]
//   0 symlinks.tar        1 references        2 heirloom.json
//   3 target.tar.zst (the newest layer)       4 target.index
//   5 the previous layer: OUT/target.tar.zst.prev -> PREV/target.tar.zst
//   6 an owned file: data = "<relative name>\0<contents>", at OUT/target/<name>
// A truncated record takes what is left; unknown kinds are skipped.
//
// Invariants, checked after every input whether heirloom succeeded or not:
//   - nothing under the scratch root changed outside the target dir
//     (heirloom's staging sibling included: it must be gone);
//   - every link in the target dir is absolute and lies in the store dir;
//   - after a failure the target dir (absent before) does not exist.
// A violation aborts with a message, which libFuzzer reports as a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>

namespace heirloom::fuzz {

class Scratch {
public:
  Scratch();
  ~Scratch();
  // Lays the input out as an artifacts output at out(); returns false when
  // the input holds nothing heirloom would recognise (still a valid run).
  void load(const std::uint8_t* data, std::size_t size);
  // Checks the invariants above; `failed`: heirloom threw an Error.
  void check(bool failed) const;
  // Removes everything load() and the run created.
  void reset();

  std::string store() const { return store_.string(); }
  std::string out() const { return out_.string(); }
  std::string target() const { return target_.string(); }

private:
  std::set<std::string> snapshot() const;

  std::filesystem::path root_, store_, out_, prev_, work_, target_;
  std::set<std::string> baseline_;
};

// Aborts with "heirloom-fuzz: invariant: <what>".
[[noreturn]] void violated(const std::string& what);

} // namespace heirloom::fuzz
