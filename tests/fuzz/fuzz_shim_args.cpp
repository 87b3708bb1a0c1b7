// libFuzzer target: the rustc shim's output prediction. The input is a
// rustc command line, arguments separated by NUL bytes; it is also written
// to a file and read back as an @argfile.
#include "argfile.hpp"
#include "outputs.hpp"
#include "scratch.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> args;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= input.size(); ++i) {
    if (i == input.size() || input[i] == '\0') {
      args.push_back(input.substr(start, i - start));
      start = i + 1;
    }
  }
  auto prediction = heirloom::shim::predict_outputs(args);
  for (const auto& out : prediction.outputs)
    if (out.empty()) {
      std::fprintf(stderr, "heirloom-fuzz: an empty output path was predicted\n");
      std::abort();
    }
  if (prediction.probe && !prediction.outputs.empty()) {
    std::fprintf(stderr, "heirloom-fuzz: a probe predicted outputs\n");
    std::abort();
  }
  if (!prediction.unpredictable.empty() && (prediction.probe || !prediction.outputs.empty())) {
    std::fprintf(stderr, "heirloom-fuzz: an unpredictable command line predicted something\n");
    std::abort();
  }

  // A fixed path (scratch.hpp): it is one of the arguments expanded below.
  static const std::string argfile = [] {
    auto root = heirloom::fuzz::claim_scratch_root("shim-args");
    std::error_code ec;
    std::filesystem::create_directories(root, ec);
    if (ec)
      heirloom::fuzz::harness_failed("creating", root.native(), ec.value());
    return (root / "argfile").native();
  }();
  {
    std::ofstream f(argfile, std::ios::binary | std::ios::trunc);
    f << input;
    f.close();
    if (!f)
      heirloom::fuzz::harness_failed("writing", argfile, errno ? errno : EIO);
  }
  std::string error;
  for (const char* prefix : {"@", "@shell:"}) {
    auto expanded = heirloom::shim::expand_argfiles({"rustc", std::string(prefix) + argfile}, error);
    if (!expanded) {
      std::fprintf(stderr, "heirloom-fuzz: reading an existing argfile failed: %s\n", error.c_str());
      std::abort();
    }
    (void)heirloom::shim::predict_outputs(*expanded);
  }
  return 0;
}
