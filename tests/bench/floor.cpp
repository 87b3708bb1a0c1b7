// The floor of an inherit: only the system calls that recreating a target
// dir with heirloom's policy cannot avoid, single-threaded, no archive to
// read and no policy to decide. The plan is read into memory first; only
// the system calls are timed.
//
// Usage: heirloom-bench-floor PLAN TARGET
// PLAN lines (tab-separated, in creation order, paths relative to TARGET):
//   d <path>                  mkdir
//   l <path> <link target>    symlink
//   c <path> <source file>    copy (copy_file_range; mode and mtime of the
//                             source: cargo compares mtimes, so the policy keeps them)
// Prints "floor <seconds> <dirs> <links> <copies>" on stdout.
//
// Usage: heirloom-bench-floor --exec PROGRAM ARGS...
// Only execs PROGRAM: the least any exec-based rustc wrapper can cost (the
// binary is linked statically, as the shim is).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

struct Step {
    char kind;
    std::string path;
    std::string arg;
};

[[noreturn]] void die(const std::string& path, const char* what) {
    std::fprintf(stderr, "heirloom-bench-floor: error: '%s': %s: %s\n", path.c_str(), what, std::strerror(errno));
    std::exit(1);
}

void copy_file(const std::string& from, const std::string& to) {
    int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) die(from, "open");
    struct stat st {};
    if (::fstat(in, &st) != 0) die(from, "fstat");
    int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (st.st_mode & 0777) | S_IWUSR);
    if (out < 0) die(to, "open");
    for (off_t left = st.st_size; left > 0;) {
        ssize_t n = ::copy_file_range(in, nullptr, out, nullptr, static_cast<size_t>(left), 0);
        if (n <= 0) die(from, "copy_file_range");
        left -= n;
    }
    struct timespec times[2] = {st.st_mtim, st.st_mtim};
    if (::futimens(out, times) != 0) die(to, "futimens");
    ::close(in);
    if (::close(out) != 0) die(to, "close");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc >= 3 && std::strcmp(argv[1], "--exec") == 0) {
        ::execv(argv[2], argv + 2);
        die(argv[2], "execv");
    }
    if (argc != 3) {
        std::fprintf(stderr, "usage: heirloom-bench-floor PLAN TARGET\n");
        return 2;
    }
    std::ifstream plan(argv[1]);
    if (!plan) die(argv[1], "cannot read the plan");
    std::vector<Step> steps;
    for (std::string line; std::getline(plan, line);) {
        if (line.size() < 3) continue;
        auto tab = line.find('\t', 2);
        steps.push_back({line[0], line.substr(2, tab == std::string::npos ? std::string::npos : tab - 2),
                         tab == std::string::npos ? std::string() : line.substr(tab + 1)});
    }
    std::string root = argv[2];
    std::vector<std::string> full;
    full.reserve(steps.size());
    for (const auto& s : steps) full.push_back(s.path.empty() ? root : root + "/" + s.path);

    std::size_t dirs = 0, links = 0, copies = 0;
    auto t0 = std::chrono::steady_clock::now();
    if (::mkdir(root.c_str(), 0755) != 0) die(root, "mkdir");
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const auto& s = steps[i];
        switch (s.kind) {
        case 'd':
            if (::mkdir(full[i].c_str(), 0755) != 0) die(full[i], "mkdir");
            ++dirs;
            break;
        case 'l':
            if (::symlink(s.arg.c_str(), full[i].c_str()) != 0) die(full[i], "symlink");
            ++links;
            break;
        case 'c':
            copy_file(s.arg, full[i]);
            ++copies;
            break;
        default:
            errno = EINVAL;
            die(argv[1], "unknown plan line");
        }
    }
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("floor %.6f %zu %zu %zu\n", seconds, dirs, links, copies);
    return 0;
}
