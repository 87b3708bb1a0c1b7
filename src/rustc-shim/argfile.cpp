#include "argfile.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>

namespace heirloom::shim {

namespace {

// POSIX reads, not iostreams: static libstdc++'s stream and locale set-up
// would cost every rustc call start-up time.
std::optional<std::string> read_file(const std::string& path) {
  std::string text;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return std::nullopt;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      ::close(fd);
      if (n < 0)
        return std::nullopt;
      return text;
    }
    text.append(buf, static_cast<std::size_t>(n));
  }
}

void append_words(std::vector<std::string>& out, const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
      ++i;
    std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])))
      ++i;
    if (i > start)
      out.push_back(text.substr(start, i - start));
  }
}

void append_lines(std::vector<std::string>& out, const std::string& text) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    out.push_back(std::move(line));
    if (nl == std::string::npos)
      break;
    start = nl + 1;
  }
}

} // namespace

std::optional<std::vector<std::string>> expand_argfiles(const std::vector<std::string>& args, std::string& error) {
  std::vector<std::string> out;
  out.reserve(args.size());
  for (const auto& a : args) {
    if (a.size() < 2 || a[0] != '@') {
      out.push_back(a);
      continue;
    }
    bool shell = a.starts_with("@shell:");
    std::string path = a.substr(shell ? 7 : 1);
    auto text = read_file(path);
    if (!text) {
      error = "cannot read argument file '" + path + "'";
      return std::nullopt;
    }
    if (shell)
      append_words(out, *text);
    else
      append_lines(out, *text);
  }
  return out;
}

} // namespace heirloom::shim
