#include "options.hpp"

#include <string_view>

namespace heirloom::shim {

namespace {

enum class Takes { nothing, value };

// What an option tells about the files rustc writes.
enum class Means {
  nothing,      // no effect on output names (lints, search paths, cfg, ...)
  probe,        // rustc prints and exits: nothing is compiled
  out_dir,      // --out-dir DIR
  out_file,     // -o FILE
  crate_name,   // --crate-name NAME
  crate_types,  // --crate-type T[,T...]
  emits,        // --emit KIND[=PATH][,...]
  target,       // --target TRIPLE (file name suffixes)
  codegen,      // -C OPT[=VALUE]: only extra-filename names outputs
  test,         // --test: a test harness binary
};

struct RustcOption {
  char short_name;             // '\0' when there is none
  std::string_view long_name;  // "" when there is none
  Takes takes;
  Means means;
};

// Every option of rustc_session's `rustc_optgroups` (rustc 1.63 to 1.95),
// stable and unstable, plus a few that older or newer rustc versions have.
// Listing an option rustc does not know is harmless (rustc rejects it and
// writes nothing); missing one makes the shim fall back to not unlinking.
constexpr RustcOption rustc_options[] = {
    {'h', "help", Takes::nothing, Means::probe},
    {'V', "version", Takes::nothing, Means::probe},
    {'\0', "print", Takes::value, Means::probe},
    {'\0', "explain", Takes::value, Means::probe},
    {'o', "", Takes::value, Means::out_file},
    {'\0', "out-dir", Takes::value, Means::out_dir},
    {'\0', "crate-name", Takes::value, Means::crate_name},
    {'\0', "crate-type", Takes::value, Means::crate_types},
    {'\0', "emit", Takes::value, Means::emits},
    {'\0', "target", Takes::value, Means::target},
    {'C', "codegen", Takes::value, Means::codegen},
    {'\0', "test", Takes::nothing, Means::test},
    {'v', "verbose", Takes::nothing, Means::nothing},
    {'g', "", Takes::nothing, Means::nothing},
    {'O', "", Takes::nothing, Means::nothing},
    {'L', "", Takes::value, Means::nothing},
    {'l', "", Takes::value, Means::nothing},
    {'A', "allow", Takes::value, Means::nothing},
    {'W', "warn", Takes::value, Means::nothing},
    {'D', "deny", Takes::value, Means::nothing},
    {'F', "forbid", Takes::value, Means::nothing},
    {'Z', "", Takes::value, Means::nothing},
    {'\0', "force-warn", Takes::value, Means::nothing},
    {'\0', "cap-lints", Takes::value, Means::nothing},
    {'\0', "cfg", Takes::value, Means::nothing},
    {'\0', "check-cfg", Takes::value, Means::nothing},
    {'\0', "edition", Takes::value, Means::nothing},
    {'\0', "extern", Takes::value, Means::nothing},
    {'\0', "extern-location", Takes::value, Means::nothing},
    {'\0', "sysroot", Takes::value, Means::nothing},
    {'\0', "error-format", Takes::value, Means::nothing},
    {'\0', "json", Takes::value, Means::nothing},
    {'\0', "color", Takes::value, Means::nothing},
    {'\0', "diagnostic-width", Takes::value, Means::nothing},
    {'\0', "remap-path-prefix", Takes::value, Means::nothing},
    {'\0', "remap-path-scope", Takes::value, Means::nothing},
    {'\0', "env-set", Takes::value, Means::nothing},
    {'\0', "pretty", Takes::value, Means::nothing},
};

const RustcOption* find_long(std::string_view name) {
  for (const auto& o : rustc_options)
    if (!o.long_name.empty() && o.long_name == name)
      return &o;
  return nullptr;
}

const RustcOption* find_short(char c) {
  for (const auto& o : rustc_options)
    if (o.short_name != '\0' && o.short_name == c)
      return &o;
  return nullptr;
}

void append_split(std::vector<std::string>& out, std::string_view list) {
  while (!list.empty()) {
    auto comma = list.find(',');
    if (comma != 0)
      out.emplace_back(list.substr(0, comma));
    if (comma == std::string_view::npos)
      break;
    list.remove_prefix(comma + 1);
  }
}

void apply(RustcArgs& r, Means means, std::string_view value) {
  switch (means) {
  case Means::nothing: break;
  case Means::probe: r.probe = true; break;
  case Means::out_dir: r.out_dir = std::string(value); break;
  case Means::out_file: r.out_file = std::string(value); break;
  case Means::crate_name: r.crate_name = std::string(value); break;
  case Means::crate_types: append_split(r.crate_types, value); break;
  case Means::emits: append_split(r.emits, value); break;
  case Means::target: r.target = std::string(value); break;
  case Means::test: r.test = true; break;
  case Means::codegen:
    if (value.starts_with("extra-filename="))
      r.extra_filename = std::string(value.substr(15));
    break;
  }
}

void note_unknown(RustcArgs& r, std::string why) {
  if (r.unknown.empty())
    r.unknown = std::move(why);
}

} // namespace

RustcArgs parse_rustc_args(const std::vector<std::string>& args) {
  RustcArgs r;
  bool options_ended = false;
  // Takes the value of option `name` from the next argument, as getopts does
  // (whatever it looks like).
  auto next_value = [&](std::size_t& i, std::string_view name) -> std::optional<std::string_view> {
    if (i + 1 < args.size())
      return std::string_view(args[++i]);
    note_unknown(r, "option '" + std::string(name) + "' has no value");  // rustc refuses it
    return std::nullopt;
  };

  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (options_ended || a.size() < 2 || a[0] != '-') {  // an input; "-" is stdin
      if (a == "-")
        r.probe = true;  // cargo's probes read an empty crate from stdin
      else if (!r.input)
        r.input = std::string(a);
      continue;
    }
    if (a == "--") {
      options_ended = true;
      continue;
    }
    if (a[1] == '-') {  // --name, --name=value, --name value
      std::string_view name = a.substr(2);
      std::optional<std::string_view> attached;
      if (auto eq = name.find('='); eq != std::string_view::npos) {
        attached = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      const RustcOption* o = find_long(name);
      if (!o) {
        note_unknown(r, "unknown rustc option '" + std::string(a) + "'");
        continue;
      }
      if (o->takes == Takes::nothing) {
        if (attached)
          note_unknown(r, "option '--" + std::string(name) + "' takes no value");
        else
          apply(r, o->means, {});
        continue;
      }
      auto value = attached ? attached : next_value(i, a);
      if (value)
        apply(r, o->means, *value);
      continue;
    }
    // -X, -Xvalue, -X value, grouped flags (-vV).
    for (std::size_t j = 1; j < a.size(); ++j) {
      const RustcOption* o = find_short(a[j]);
      if (!o) {
        note_unknown(r, "unknown rustc option '-" + std::string(1, a[j]) + "' in '" + std::string(a) + "'");
        break;
      }
      if (o->takes == Takes::nothing) {
        apply(r, o->means, {});
        continue;
      }
      auto value = j + 1 < a.size() ? std::optional(a.substr(j + 1)) : next_value(i, std::string{'-', a[j]});
      if (value)
        apply(r, o->means, *value);
      break;
    }
  }
  return r;
}

} // namespace heirloom::shim
