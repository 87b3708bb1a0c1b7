// parallel_for: run fn(i) for i in [0, n) on `jobs` threads.
//
// Work is handed out in small chunks from one atomic counter, so a thread
// that hits a directory of large files does not hold up the others. The
// first exception thrown by any worker stops the remaining work and is
// rethrown in the caller.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace heirloom {

template <class Fn>
void parallel_for(std::size_t n, unsigned jobs, Fn&& fn, std::size_t chunk = 16) {
  if (n == 0)
    return;
  jobs = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>((n + chunk - 1) / chunk)));
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;

  auto worker = [&] {
    while (!failed.load(std::memory_order_relaxed)) {
      std::size_t begin = next.fetch_add(chunk, std::memory_order_relaxed);
      if (begin >= n)
        return;
      std::size_t end = std::min(n, begin + chunk);
      try {
        for (std::size_t i = begin; i < end; ++i)
          fn(i);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error)
          error = std::current_exception();
        failed = true;
        return;
      }
    }
  };

  if (jobs == 1) {
    worker();
  } else {
    std::vector<std::jthread> threads;
    threads.reserve(jobs - 1);
    for (unsigned t = 1; t < jobs; ++t)
      threads.emplace_back(worker);
    worker();
  }
  if (error)
    std::rethrow_exception(error);
}

// Number of worker threads: an explicit value, else NIX_BUILD_CORES (when a
// positive number), else the number of CPUs.
unsigned default_jobs(unsigned requested);

} // namespace heirloom
