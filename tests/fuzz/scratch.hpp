// Shared by the fuzz targets: a scratch tree of their own at a fixed path,
// the fuzz input laid out in it as an artifacts output, and the invariants
// checked after every input.
//
// Input format (so that one input can hold every part of an output):
// a sequence of records  [kind: 1 byte][length: 2 bytes, little endian][data]
//   0 symlinks.tar        1 references        2 heirloom.json
//   3 target.tar.zst (the newest layer)       4 target.index
//   5 the previous layer: OUT/target.tar.zst.prev -> PREV/target.tar.zst
//   6 an owned file: data = "<relative name>\0<contents>", at OUT/target/<name>
// A truncated record takes what is left; unknown kinds are skipped. A record
// of the same kind again appends to the same file. An owned file that cannot
// be laid out as a regular file (absolute, `.`/`..`/empty components, its
// name or a parent already a file or directory of an earlier record, a name
// too long for the file system) is skipped, as heirloom's pack would never
// have written it: the harness itself never fails on an input.
//
// Determinism (the smoke run replays the same executions on every machine):
// the tree lives at /dev/shm/heirloom-fuzz-<target> (tmpfs: an input costs no disk
// I/O; ext4 spends most of the time of an input in its inode allocator when
// small trees are made and removed at this rate), never at a name with the pid
// or $TMPDIR in it, because libFuzzer feeds the bytes heirloom compares back
// into its mutations; a lock file beside it makes a second run of the same
// target wait; the umask is 022. mkdtemp(3) (heirloom's staging directory) is
// replaced by one that counts instead of drawing random names (scratch.cpp).
//
// Invariants, checked after every input whether heirloom succeeded or not:
//   - no entry was created or removed under the scratch root outside the
//     target dir (heirloom's staging sibling included: it must be gone).
//     Checked without walking the tree: load() sets the mtime of every
//     directory but the work dir to 1970, and a directory's mtime becomes
//     the current time whenever an entry in it is created, removed or
//     renamed; the work dir, which holds the target dir, is listed;
//   - every link in the target dir is absolute and lies in the store dir;
//   - after a failure the target dir (absent before) does not exist.
// A violation aborts with a message, which libFuzzer reports as a crash.
// Only a broken environment (the tree cannot be created or cleared, the disk
// is full) ends the run otherwise: "heirloom-fuzz: harness: ...", exit 2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace heirloom::fuzz {

// The scratch directory of fuzz target `name`, /dev/shm/heirloom-fuzz-<name>,
// locked for this process (waits while another process holds it) and
// removed: the caller creates it.
std::filesystem::path claim_scratch_root(const std::string& name);

// A file or directory load() created: reset() removes exactly those, and
// check() watches the directories.
struct Made {
  std::string path;
  bool dir;
};

class Scratch {
public:
  explicit Scratch(const std::string& name);
  ~Scratch();
  // Lays the input out as an artifacts output at out().
  void load(const std::uint8_t* data, std::size_t size);
  // Checks the invariants above; `failed`: heirloom threw an Error.
  void check(bool failed) const;
  // Removes everything load() and the run created. Called at the end of an
  // input, so that an input frees all it allocates (libFuzzer runs an input
  // again under LeakSanitizer whenever it made more allocations than frees).
  void reset();

  std::string store() const { return store_.string(); }
  std::string out() const { return out_.string(); }
  std::string target() const { return target_.string(); }

private:
  void self_test() const;

  std::filesystem::path root_, store_, out_, prev_, work_, target_;
  std::vector<Made> made_;            // what load() created, in order
  std::vector<std::string> watched_;  // directories whose mtime load() pinned
};

// Aborts with "heirloom-fuzz: invariant: <what>".
[[noreturn]] void violated(const std::string& what);

// Exits 2 with "heirloom-fuzz: harness: <what> '<path>': <strerror(err)>":
// the environment, not heirloom, failed.
[[noreturn]] void harness_failed(const std::string& what, const std::string& path, int err);

} // namespace heirloom::fuzz
