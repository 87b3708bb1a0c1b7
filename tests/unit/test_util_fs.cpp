// util/fs: the tree walk's order and types, copies, comparison, atomic
// writes, link chains, tree removal, and the errors each throws (naming the
// path).
#include "helpers.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <dirent.h>

#include <cerrno>
#include <filesystem>
#include <functional>
#include <set>

using namespace heirloom;
using testing::message_of;
using testing::read;
using testing::Scratch;
using testing::write;
namespace fs = std::filesystem;

namespace {

} // namespace

TEST_CASE("walk_tree: bytewise order as archive names sort, each directory before its contents") {
  Scratch s;
  std::string r = s / "t";
  write(r + "/a/x", "x");
  write(r + "/a-b", "ab");
  write(r + "/a.b", "a.b");
  write(r + "/B", "upper");
  fs::create_directories(r + "/empty");
  fs::create_symlink("a/x", r + "/link");
  fs::create_symlink("/nonexistent/target", r + "/dangling");
  ::mkfifo((r + "/fifo").c_str(), 0644);
  ::link((r + "/a/x").c_str(), (r + "/hard").c_str());

  auto es = walk_tree(r);
  std::vector<std::string> rels;
  for (const auto& e : es)
    rels.push_back(e.rel);
  // "a-b" (0x2d) < "a.b" (0x2e) < "a/" (0x2f): the dir sorts with its slash
  CHECK(rels == std::vector<std::string>{"B", "a-b", "a.b", "a", "a/x", "dangling", "empty", "fifo", "hard", "link"});
  auto find = [&](const std::string& rel) {
    for (const auto& e : es)
      if (e.rel == rel)
        return e;
    FAIL("no entry " << rel);
    return TreeEntry{};
  };
  CHECK(find("a").type == FileType::directory);
  CHECK(find("a/x").type == FileType::regular);
  CHECK(find("a/x").size == 1);
  CHECK(find("a/x").nlink == 2);
  CHECK(find("hard").ino == find("a/x").ino);
  CHECK(find("link").type == FileType::symlink);  // not followed
  CHECK(find("dangling").type == FileType::symlink);
  CHECK(find("fifo").type == FileType::other);
  CHECK(find("a.b").size == 3);
  CHECK(S_ISREG(find("B").mode));
}

TEST_CASE("list_dir: every entry once with its type, across many getdents64 reads, without . and ..") {
  Scratch s;
  std::string r = s / "d";
  // 600 names of 100 bytes: several times the 8 KiB buffer.
  std::set<std::string> want;
  for (int i = 0; i < 600; ++i) {
    std::string name = std::to_string(i) + std::string(100, 'x');
    write(r + "/" + name, "");
    want.insert(name);
  }
  fs::create_directories(r + "/sub");
  fs::create_symlink("sub", r + "/link");
  UniqueFd fd(::open(r.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  REQUIRE(fd);
  std::vector<DirEntry> es;
  REQUIRE(list_dir(fd.get(), es));
  std::set<std::string> files;
  for (const auto& e : es) {
    CHECK(e.name != ".");
    CHECK(e.name != "..");
    if (e.name == "sub")
      CHECK(e.type == DT_DIR);
    else if (e.name == "link")
      CHECK(e.type == DT_LNK);
    else {
      CHECK(e.type == DT_REG);
      files.insert(e.name);
    }
  }
  CHECK(es.size() == 602);
  CHECK(files == want);
  // A descriptor that is no directory: false, errno set.
  UniqueFd file(::open((r + "/" + *want.begin()).c_str(), O_RDONLY | O_CLOEXEC));
  std::vector<DirEntry> none;
  errno = 0;
  CHECK_FALSE(list_dir(file.get(), none));
  CHECK(errno == ENOTDIR);
}

TEST_CASE("walk_tree: the same tree lists the same way every time, and errors name the path") {
  Scratch s;
  for (int i = 0; i < 50; ++i)
    write(s / ("t/d" + std::to_string(i % 7) + "/f" + std::to_string(i)), std::to_string(i));
  auto a = walk_tree(s / "t");
  auto b = walk_tree(s / "t");
  REQUIRE(a.size() == 57);
  for (std::size_t i = 0; i < a.size(); ++i)
    CHECK(a[i].rel == b[i].rel);
  CHECK(message_of([&] { walk_tree(s / "missing"); }) ==
        "opening directory '" + (s / "missing") + "': No such file or directory");
  write(s / "file", "f");
  CHECK(message_of([&] { walk_tree(s / "file"); }) == "opening directory '" + (s / "file") + "': Not a directory");
}

TEST_CASE("copy_file_at: contents, mode and mtime; an existing entry is replaced, never written through") {
  Scratch s;
  write(s / "src", "contents");
  write(s / "victim", "untouched");
  fs::create_directories(s / "d");
  UniqueFd dir(::open((s / "d").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  struct timespec mtime {1234567, 89};
  copy_file_at(s / "src", dir.get(), "exe", 0755, mtime, "shown/exe");
  struct stat st;
  REQUIRE(::stat((s / "d/exe").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0755);
  CHECK(st.st_mtim.tv_sec == 1234567);
  CHECK(st.st_mtim.tv_nsec == 89);
  CHECK(read(s / "d/exe") == "contents");

  fs::create_symlink(s / "victim", s / "d/link");
  copy_file_at(s / "src", dir.get(), "link", 0644, mtime, "shown/link");
  CHECK_FALSE(fs::is_symlink(fs::symlink_status(s / "d/link")));
  CHECK(read(s / "d/link") == "contents");
  CHECK(read(s / "victim") == "untouched");
  REQUIRE(::stat((s / "d/link").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0644);

  write(s / "empty", "");
  copy_file_at(s / "empty", dir.get(), "empty", 0644, mtime, "shown/empty");
  CHECK(fs::file_size(s / "d/empty") == 0);

  CHECK(message_of([&] { copy_file_at(s / "nope", dir.get(), "x", 0644, mtime, "shown/x"); }) ==
        "opening '" + (s / "nope") + "': No such file or directory");
  CHECK(message_of([&] { copy_file_at(s / "d", dir.get(), "x", 0644, mtime, "shown/x"); }) ==
        "'" + (s / "d") + "': not a regular file");
  CHECK_FALSE(fs::exists(s / "d/x"));
}

TEST_CASE("copy_contents: copies exactly `size` bytes, and says when the source is shorter") {
  Scratch s;
  std::string data(200000, 'q');
  data[123456] = 'Z';
  write(s / "src", data);
  UniqueFd in = open_or_throw(s / "src");
  UniqueFd out(::open((s / "dst").c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  copy_contents(in.get(), out.get(), data.size(), "dst");
  CHECK(read(s / "dst") == data);

  UniqueFd out2(::open((s / "dst2").c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  UniqueFd in2 = open_or_throw(s / "src");
  CHECK(message_of([&] { copy_contents(in2.get(), out2.get(), data.size() + 10, "shown/dst2"); }) ==
        "'shown/dst2': source file shrank while it was copied");
}

TEST_CASE("same_contents: size first, then bytes; the same inode is equal") {
  Scratch s;
  write(s / "a", "abcdef");
  write(s / "b", "abcdef");
  write(s / "c", "abcdeF");
  write(s / "d", "abcde");
  ::link((s / "a").c_str(), (s / "h").c_str());
  std::string big(300000, 'b');
  write(s / "big1", big);
  big[299999] = 'c';
  write(s / "big2", big);
  CHECK(same_contents(s / "a", s / "b"));
  CHECK_FALSE(same_contents(s / "a", s / "c"));
  CHECK_FALSE(same_contents(s / "a", s / "d"));
  CHECK(same_contents(s / "a", s / "h"));
  CHECK_FALSE(same_contents(s / "big1", s / "big2"));  // differs in the last chunk only
  CHECK(message_of([&] { same_contents(s / "a", s / "zz"); }) ==
        "opening '" + (s / "zz") + "': No such file or directory");
}

TEST_CASE("write_file_atomic and read_file") {
  Scratch s;
  write_file_atomic(s / "f", "one");
  CHECK(read_file(s / "f") == "one");
  write_file_atomic(s / "f", std::string("two\0three", 9));
  CHECK(read_file(s / "f") == std::string("two\0three", 9));
  CHECK_FALSE(fs::exists(s / "f.heirloom-tmp"));
  CHECK(message_of([&] { write_file_atomic(s / "no/dir/f", "x"); }) ==
        "creating '" + (s / "no/dir/f.heirloom-tmp") + "': No such file or directory");
  CHECK(message_of([&] { read_file(s / "missing"); }) ==
        "opening '" + (s / "missing") + "': No such file or directory");
  CHECK(read_file(s / "f").size() == 9);
}

TEST_CASE("resolve_link_chain follows relative and absolute hops to the final path") {
  Scratch s;
  write(s / "final", "f");
  fs::create_symlink(s / "final", s / "l1");     // absolute
  fs::create_symlink("l1", s / "l2");            // relative
  fs::create_directories(s / "sub");
  fs::create_symlink("../l2", s / "sub/l3");     // relative, up a level
  CHECK(resolve_link_chain(s / "sub/l3") == s / "final");
  CHECK(resolve_link_chain(s / "final") == s / "final");
  CHECK(resolve_link_chain(s / "not-there") == s / "not-there");
  fs::create_symlink(s / "gone", s / "dangling");
  CHECK(resolve_link_chain(s / "dangling") == s / "gone");
  fs::create_symlink("loop-b", s / "loop-a");
  fs::create_symlink("loop-a", s / "loop-b");
  CHECK(message_of([&] { resolve_link_chain(s / "loop-a"); }) ==
        "'" + (s / "loop-a") + "': too many levels of symbolic links");
}

TEST_CASE("absolute_path, path_exists, remove_tree_quietly") {
  Scratch s;
  CHECK(absolute_path("/a/./b/../c/") == "/a/c");
  CHECK(absolute_path("/") == "/");
  CHECK(absolute_path("rel/x") == (fs::current_path() / "rel/x").string());
  fs::create_symlink(s / "nowhere", s / "dangling");
  CHECK(path_exists(s / "dangling"));
  CHECK_FALSE(path_exists(s / "nowhere"));

  write(s / "ro/a/b/f", "x");
  ::chmod((s / "ro/a/b").c_str(), 0555);
  ::chmod((s / "ro/a").c_str(), 0555);
  remove_tree_quietly(s / "ro");
  CHECK_FALSE(fs::exists(s / "ro"));
  remove_tree_quietly(s / "never-existed");  // no error
}

namespace {

// The message of what `fn` throws, run as nobody (the owner of the trees
// below) in a child process when the test runs as root: root would remove a
// read-only tree without any chmod.
std::string as_nobody(const std::string& scratch, const std::function<void()>& fn) {
  if (::getuid() != 0)
    return testing::message_of(fn);
  int pipefd[2];
  REQUIRE(::pipe(pipefd) == 0);
  ::chown(scratch.c_str(), 65534, 65534);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(pipefd[0]);
    std::string msg = ::setgid(65534) == 0 && ::setuid(65534) == 0 ? testing::message_of(fn) : "setuid failed";
    (void)!::write(pipefd[1], msg.data(), msg.size());
    ::_exit(0);
  }
  ::close(pipefd[1]);
  std::string msg;
  char buf[512];
  for (ssize_t n; (n = ::read(pipefd[0], buf, sizeof buf)) > 0;)
    msg.append(buf, static_cast<std::size_t>(n));
  ::close(pipefd[0]);
  ::waitpid(pid, nullptr, 0);
  ::chown(scratch.c_str(), 0, 0);
  return msg;
}

void give_to_nobody(const std::string& root) {
  ::lchown(root.c_str(), 65534, 65534);
  for (auto& e : fs::recursive_directory_iterator(root))
    ::lchown(e.path().c_str(), 65534, 65534);
}

} // namespace

TEST_CASE("remove_tree_at: read-only trees as their owner, never through a link, errors name the path") {
  Scratch s;
  ::chmod(s.path().c_str(), 0755);
  UniqueFd dir(::open(s.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  write(s / "outside/keep", "kept");
  write(s / "t/ro/sub/f", "x", 0444);
  fs::create_directory_symlink(s / "outside", s / "t/ro/link");
  give_to_nobody(s / "t");
  ::chmod((s / "t/ro/sub").c_str(), 0555);
  ::chmod((s / "t/ro").c_str(), 0500);
  CHECK(as_nobody(s.path(), [&] { remove_tree_at(dir.get(), "t", s / "t"); }) == "(no error)");
  CHECK_FALSE(fs::exists(s / "t"));
  CHECK(read(s / "outside/keep") == "kept");  // the link was removed, not followed

  if (::getuid() == 0) {  // a directory its owner cannot change: root's, inside nobody's tree
    write(s / "u/theirs/f", "x");
    ::lchown((s / "u").c_str(), 65534, 65534);
    CHECK(as_nobody(s.path(), [&] { remove_tree_at(dir.get(), "u", s / "u"); }) ==
          "removing '" + (s / "u/theirs/f") + "': Permission denied");
  }
  remove_tree_at(dir.get(), "never-existed", s / "never-existed");  // no error
}
