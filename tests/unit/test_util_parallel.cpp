// util/parallel: every index runs exactly once, the first exception wins and
// stops the rest, and default_jobs' sources in order.
#include "util/parallel.hpp"

#include <catch2/catch.hpp>

#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace heirloom;

TEST_CASE("parallel_for runs each index exactly once, for any n, jobs and chunk") {
  for (std::size_t n : {0u, 1u, 15u, 16u, 17u, 1000u}) {
    for (unsigned jobs : {1u, 2u, 8u}) {
      for (std::size_t chunk : {1u, 16u, 100u}) {
        INFO("n=" << n << " jobs=" << jobs << " chunk=" << chunk);
        std::vector<std::atomic<int>> hits(n);
        parallel_for(n, jobs, [&](std::size_t i) { hits[i].fetch_add(1); }, chunk);
        std::size_t once = 0;
        for (auto& h : hits)
          once += h.load() == 1;
        CHECK(once == n);
      }
    }
  }
}

TEST_CASE("parallel_for uses more than one thread when asked and there is enough work") {
  std::mutex mu;
  std::vector<std::thread::id> ids;
  std::atomic<int> running{0}, overlapped{0};
  parallel_for(64, 2, [&](std::size_t) {
    if (running.fetch_add(1) > 0)
      overlapped = 1;
    {
      std::lock_guard lock(mu);
      if (std::find(ids.begin(), ids.end(), std::this_thread::get_id()) == ids.end())
        ids.push_back(std::this_thread::get_id());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    running.fetch_sub(1);
  }, 1);
  CHECK(ids.size() == 2);
  // one job: the caller's thread only
  std::thread::id caller = std::this_thread::get_id(), seen;
  parallel_for(10, 1, [&](std::size_t) { seen = std::this_thread::get_id(); });
  CHECK(seen == caller);
}

TEST_CASE("parallel_for rethrows the first exception and stops handing out work") {
  SECTION("one job: the chunk stops at the throw, no later chunk starts") {
    std::atomic<std::size_t> ran{0}, max_seen{0};
    CHECK_THROWS_WITH(parallel_for(1000, 1, [&](std::size_t i) {
      ran.fetch_add(1);
      max_seen = std::max<std::size_t>(max_seen, i);
      if (i == 5)
        throw std::runtime_error("boom at 5");
    }), "boom at 5");
    CHECK(ran == 6);
    CHECK(max_seen == 5);
  }
  SECTION("many jobs: the one exception arrives unchanged, most work never runs") {
    std::atomic<std::size_t> ran{0};
    CHECK_THROWS_AS(parallel_for(100000, 4, [&](std::size_t i) {
      ran.fetch_add(1);
      if (i == 0)
        throw std::logic_error("first");
    }), std::logic_error);
    CHECK(ran < 100000);
  }
  SECTION("every index throws: one exception, of the kind thrown") {
    CHECK_THROWS_WITH(parallel_for(500, 8, [](std::size_t) { throw std::runtime_error("each"); }), "each");
  }
}

TEST_CASE("default_jobs: the request, else NIX_BUILD_CORES when a positive number, else the CPUs") {
  const char* old = std::getenv("NIX_BUILD_CORES");
  std::string saved = old ? old : "";
  unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
  ::setenv("NIX_BUILD_CORES", "3", 1);
  CHECK(default_jobs(7) == 7);
  CHECK(default_jobs(0) == 3);
  for (const char* bad : {"0", "", "x", "3x", "-2", "99999"}) {
    INFO(bad);
    ::setenv("NIX_BUILD_CORES", bad, 1);
    CHECK(default_jobs(0) == cpus);
  }
  ::unsetenv("NIX_BUILD_CORES");
  CHECK(default_jobs(0) == cpus);
  if (old)
    ::setenv("NIX_BUILD_CORES", saved.c_str(), 1);
}
