// Errors, in two tiers.
//
// Low-level helpers report failures by throwing `Error` with a message that
// already names the path and the reason ("opening 'x': No such file or
// directory"). The program layer catches it once, in main, prints
// "heirloom: error: <message>" and exits 1. Usage mistakes exit 2 (CLI11).
#pragma once

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace heirloom {

class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// "<what> '<path>': <strerror(err)>"
[[noreturn]] inline void throw_sys(int err, std::string_view what, std::string_view path) {
  throw Error(std::string(what) + " '" + std::string(path) + "': " + std::strerror(err));
}

[[noreturn]] inline void throw_at(std::string_view path, std::string_view reason) {
  throw Error("'" + std::string(path) + "': " + std::string(reason));
}

} // namespace heirloom
