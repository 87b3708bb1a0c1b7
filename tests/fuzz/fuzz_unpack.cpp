// libFuzzer target: an artifacts output (any layout, see scratch.hpp) through
// heirloom unpack into a scratch target dir, then the invariants.
#include "scratch.hpp"

#include "core/unpack.hpp"
#include "util/error.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static heirloom::fuzz::Scratch scratch("unpack");
  scratch.load(data, size);
  heirloom::UnpackOptions opts;
  opts.from = scratch.out();
  opts.target = scratch.target();
  opts.store_dir = scratch.store();
  opts.jobs = 1;
  bool failed = false;
  try {
    heirloom::unpack(opts);
  } catch (const heirloom::Error&) {
    failed = true;
  } catch (const std::exception& e) {
    // Every failure must reach the user as one line naming the path: only
    // heirloom::Error carries that.
    std::fprintf(stderr, "heirloom-fuzz: unpack threw a non-heirloom exception: %s\n", e.what());
    std::abort();
  }
  scratch.check(failed);
  scratch.reset();
  return 0;
}
