// libFuzzer target: an artifacts output (any layout, see scratch.hpp) through
// heirloom inspect and its text rendering; inspect must write nothing.
#include "scratch.hpp"

#include "core/inspect.hpp"
#include "util/error.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static heirloom::fuzz::Scratch scratch("inspect");
  scratch.load(data, size);
  bool failed = false;
  try {
    auto report = heirloom::inspect(scratch.out(), scratch.store());
    (void)heirloom::render_inspect(report);
    // as `heirloom inspect --json` renders it (main.cpp)
    (void)heirloom::inspect_json(report).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  } catch (const heirloom::Error&) {
    failed = true;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "heirloom-fuzz: inspect threw a non-heirloom exception: %s\n", e.what());
    std::abort();
  }
  scratch.check(failed);
  scratch.reset();
  return 0;
}
