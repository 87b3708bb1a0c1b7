#include "parallel.hpp"

#include <cstdlib>
#include <string>

namespace heirloom {

unsigned default_jobs(unsigned requested) {
  if (requested > 0)
    return requested;
  if (const char* cores = std::getenv("NIX_BUILD_CORES")) {
    char* end = nullptr;
    unsigned long n = std::strtoul(cores, &end, 10);
    if (end != cores && *end == '\0' && n > 0 && n < 4096)
      return static_cast<unsigned>(n);
  }
  unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? n : 1;
}

} // namespace heirloom
