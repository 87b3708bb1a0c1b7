#include "launch.hpp"
#include "helpers.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>

using heirloom::shim::find_program;
using heirloom::shim::run_as_rustc;
using heirloom::shim::run_as_wrapper;
using V = std::vector<std::string>;

namespace {

// A scratch tree: a store holding an inherited rlib, a target dir whose
// deps/ links to it, and fake programs that record how they were run.
struct Fixture {
  testing::Scratch s;
  std::string store = s / "store";
  std::string deps = s / "t/deps";
  std::string rlib = deps + "/libfoo-1.rlib";

  Fixture() {
    std::string stored = testing::store_path(store, "gen1") + "/libfoo-1.rlib";
    testing::write(stored, "inherited");
    std::filesystem::create_directories(deps);
    std::filesystem::create_symlink(stored, rlib);
    // Records its argv (one per line) and exits 7.
    for (const char* name : {"rustc", "bin/sccache"})
      testing::write(s / name, "#!/bin/sh\nprintf '%s\\n' \"$0\" \"$@\" > \"$0.ran\"\nexit 7\n", 0755);
  }
  V args() const { return {"--crate-name", "foo", "src/lib.rs", "--crate-type", "lib", "--emit=link",
                           "-C", "extra-filename=-1", "--out-dir", deps}; }
  bool inherited() const { return std::filesystem::is_symlink(rlib); }
  std::string ran(const std::string& name) const {
    return std::filesystem::exists(s / (name + ".ran")) ? testing::read(s / (name + ".ran")) : "";
  }
};

struct Exit {
  int status = -1;     // exit status, -1 when killed
  std::string stderr;  // everything the child wrote there
};

// Runs `run(argv)` (it execs or exits) in a child with `env` set ("" unsets),
// stderr captured.
Exit in_child(const Fixture& f, V argv, std::vector<std::pair<const char*, std::string>> env,
              const std::function<void(int, char**)>& run) {
  std::string err_path = f.s / "stderr";
  std::fflush(nullptr);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::setenv("HEIRLOOM_STORE_DIR", f.store.c_str(), 1);
    for (auto& [k, v] : env)
      v.empty() ? ::unsetenv(k) : ::setenv(k, v.c_str(), 1);
    int fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 2);
    std::vector<char*> p;
    for (auto& a : argv)
      p.push_back(a.data());
    p.push_back(nullptr);
    run(static_cast<int>(argv.size()), p.data());
    ::_exit(99);  // run returned: it must not
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, testing::read(err_path)};
}

V with_front(V front, const V& rest) {
  front.insert(front.end(), rest.begin(), rest.end());
  return front;
}

std::string lines(const V& v) {
  std::string out;
  for (auto& a : v)
    out += a + "\n";
  return out;
}

std::string self_exe() { return std::filesystem::read_symlink("/proc/self/exe").string(); }

} // namespace

TEST_CASE("run_as_rustc: unlinks the inherited output, then runs rustc with the arguments unchanged") {
  Fixture f;
  auto e = in_child(f, with_front({"rustc"}, f.args()), {{"HEIRLOOM_RUSTC", f.s / "rustc"}}, run_as_rustc);
  CHECK(e.status == 7);
  CHECK(e.stderr == "");
  CHECK_FALSE(f.inherited());
  CHECK(f.ran("rustc") == lines(with_front({f.s / "rustc"}, f.args())));
}

TEST_CASE("run_as_rustc: unpredictable outputs warn once and run rustc anyway") {
  Fixture f;
  SECTION("an unknown option") {
    auto args = with_front({"--frobnicate"}, f.args());
    auto e = in_child(f, with_front({"rustc"}, args), {{"HEIRLOOM_RUSTC", f.s / "rustc"}}, run_as_rustc);
    CHECK(e.status == 7);
    CHECK(e.stderr == "heirloom-rustc: warning: unknown rustc option '--frobnicate'; "
                      "running rustc without unlinking inherited outputs\n");
    CHECK(f.ran("rustc") == lines(with_front({f.s / "rustc"}, args)));
  }
  SECTION("an unreadable argfile") {
    V args{"@" + (f.s / "missing")};
    auto e = in_child(f, with_front({"rustc"}, args), {{"HEIRLOOM_RUSTC", f.s / "rustc"}}, run_as_rustc);
    CHECK(e.status == 7);
    CHECK(e.stderr == "heirloom-rustc: warning: cannot read argument file '" + (f.s / "missing") +
                          "'; running rustc without unlinking inherited outputs\n");
    CHECK(f.ran("rustc") == lines(with_front({f.s / "rustc"}, args)));
  }
  CHECK(f.inherited());
}

TEST_CASE("run_as_rustc: a wrong HEIRLOOM_RUSTC is one error line, and nothing runs") {
  Fixture f;
  auto fails = [&](const std::string& real, const std::string& message) {
    auto e = in_child(f, with_front({"rustc"}, f.args()), {{"HEIRLOOM_RUSTC", real}}, run_as_rustc);
    CHECK(e.status == 1);
    CHECK(e.stderr == "heirloom-rustc: error: " + message + "\n");
  };
  fails("", "HEIRLOOM_RUSTC is not set; it must name the real rustc");
  fails(f.s / "none", "HEIRLOOM_RUSTC='" + (f.s / "none") + "': No such file or directory");
  fails(f.store, "HEIRLOOM_RUSTC='" + f.store + "' is not an executable file");
  fails(self_exe(), "HEIRLOOM_RUSTC='" + self_exe() + "' is this shim itself; it must name the real rustc");
  CHECK(f.inherited());
  CHECK(f.ran("rustc") == "");
}

TEST_CASE("run_as_wrapper: runs PROGRAM after unlinking") {
  Fixture f;
  V argv = with_front({"rustc-wrapper", f.s / "rustc"}, f.args());
  auto e = in_child(f, argv, {{"HEIRLOOM_RUSTC_WRAPPER_NEXT", ""}}, run_as_wrapper);
  CHECK(e.status == 7);
  CHECK(e.stderr == "");
  CHECK_FALSE(f.inherited());
  CHECK(f.ran("rustc") == lines(with_front({f.s / "rustc"}, f.args())));
}

TEST_CASE("run_as_wrapper: HEIRLOOM_RUSTC_WRAPPER_NEXT runs in its place, found on PATH") {
  Fixture f;
  V argv = with_front({"rustc-wrapper", f.s / "rustc"}, f.args());
  std::string path = f.s / "nothing-here" + ":" + (f.s / "bin") + ":/usr/bin:/bin";
  for (std::string next : {std::string("sccache"), f.s / "bin/sccache"}) {
    auto e = in_child(f, argv, {{"HEIRLOOM_RUSTC_WRAPPER_NEXT", next}, {"PATH", path}}, run_as_wrapper);
    CHECK(e.status == 7);
    CHECK(e.stderr == "");
    // ($0 of a script is the path exec'd: the one found on PATH.)
    CHECK(f.ran("bin/sccache") == lines(with_front({f.s / "bin/sccache", f.s / "rustc"}, f.args())));
    CHECK_FALSE(f.inherited());
    CHECK(f.ran("rustc") == "");
  }
}

TEST_CASE("run_as_wrapper: a wrong HEIRLOOM_RUSTC_WRAPPER_NEXT is one error line, and nothing is unlinked") {
  Fixture f;
  V argv = with_front({"rustc-wrapper", f.s / "rustc"}, f.args());
  auto fails = [&](const std::string& next, const std::string& message) {
    auto e = in_child(f, argv, {{"HEIRLOOM_RUSTC_WRAPPER_NEXT", next}, {"PATH", f.s / "bin"}}, run_as_wrapper);
    CHECK(e.status == 1);
    CHECK(e.stderr == "heirloom-rustc: error: HEIRLOOM_RUSTC_WRAPPER_NEXT='" + next + "'" + message + "\n");
  };
  fails("no-such-wrapper", ": no such executable on PATH");
  fails(f.s / "no-such-wrapper", ": no such executable");
  // The wrapper itself, by path or through a link on PATH: a loop.
  std::filesystem::create_symlink(self_exe(), f.s / "bin/rustc-wrapper");
  fails(self_exe(), " is this wrapper itself; it must name another wrapper, such as sccache");
  fails("rustc-wrapper", " is this wrapper itself; it must name another wrapper, such as sccache");
  CHECK(f.inherited());
  CHECK(f.ran("rustc") == "");
  CHECK(f.ran("bin/sccache") == "");
}

TEST_CASE("find_program") {
  testing::Scratch s;
  testing::write(s / "a/tool", "", 0755);
  testing::write(s / "b/tool", "", 0755);
  testing::write(s / "b/plain", "", 0644);
  CHECK(find_program("tool", s / "a" + ":" + (s / "b")) == s / "a/tool");
  CHECK(find_program("tool", s / "none" + "::" + (s / "b")) == s / "b/tool");
  CHECK(find_program("plain", s / "b") == std::nullopt);  // not executable
  CHECK(find_program("a", s.path()) == std::nullopt);     // a directory
  CHECK(find_program("x/y", "") == "x/y");                 // a path is used as given
  CHECK(find_program("", s / "a") == std::nullopt);
}
