#include "options.hpp"

#include <catch2/catch.hpp>

using heirloom::shim::parse_rustc_args;
using V = std::vector<std::string>;

TEST_CASE("parse_rustc_args: the forms of a value") {
  for (const V& args : {V{"--out-dir=o", "x.rs"}, V{"--out-dir", "o", "x.rs"}}) {
    auto r = parse_rustc_args(args);
    CHECK(r.out_dir == "o");
    CHECK(r.input == "x.rs");
    CHECK(r.unknown.empty());
  }
  for (const V& args : {V{"-C", "extra-filename=-1"}, V{"-Cextra-filename=-1"}, V{"--codegen=extra-filename=-1"},
                        V{"--codegen", "extra-filename=-1"}})
    CHECK(parse_rustc_args(args).extra_filename == "-1");
  CHECK(parse_rustc_args({"-ofile"}).out_file == "file");
  CHECK(parse_rustc_args({"-o", "file"}).out_file == "file");
  // getopts keeps everything after a short option as its value.
  CHECK(parse_rustc_args({"-o=file"}).out_file == "=file");
}

TEST_CASE("parse_rustc_args: a value is the next argument, whatever it looks like") {
  auto r = parse_rustc_args({"--cfg", "--test", "--crate-name", "-vV", "x.rs"});
  CHECK_FALSE(r.test);
  CHECK_FALSE(r.probe);
  CHECK(r.crate_name == "-vV");
  CHECK(r.input == "x.rs");
  CHECK(parse_rustc_args({"-L", "a.rs", "b.rs"}).input == "b.rs");
}

TEST_CASE("parse_rustc_args: grouped short flags") {
  CHECK(parse_rustc_args({"-vV"}).probe);
  CHECK(parse_rustc_args({"-Vv"}).probe);
  auto r = parse_rustc_args({"-gO", "-vCextra-filename=-2", "x.rs"});
  CHECK(r.unknown.empty());
  CHECK(r.extra_filename == "-2");
}

TEST_CASE("parse_rustc_args: lists accumulate, the last single value wins") {
  auto r = parse_rustc_args({"--crate-type", "lib,,rlib", "--crate-type=bin", "--emit=link", "--emit", "dep-info",
                             "--crate-name", "a", "--crate-name", "b", "--target", "t1", "--target=t2", "x.rs"});
  CHECK(r.crate_types == V{"lib", "rlib", "bin"});
  CHECK(r.emits == V{"link", "dep-info"});
  CHECK(r.crate_name == "b");
  CHECK(r.target == "t2");
}

TEST_CASE("parse_rustc_args: probes") {
  for (const V& args : {V{"-V"}, V{"--version"}, V{"-h"}, V{"--help"}, V{"--print", "cfg"}, V{"--print=sysroot"},
                        V{"--explain", "E0308"}, V{"--explain=E0308"}, V{"-", "--crate-type", "lib"}}) {
    INFO(args[0]);
    CHECK(parse_rustc_args(args).probe);
  }
  CHECK_FALSE(parse_rustc_args({"-v", "x.rs"}).probe);
}

TEST_CASE("parse_rustc_args: `--` ends the options") {
  auto r = parse_rustc_args({"--", "-odd.rs", "--test"});
  CHECK(r.input == "-odd.rs");
  CHECK_FALSE(r.test);
  CHECK(r.unknown.empty());
}

TEST_CASE("parse_rustc_args: what it cannot read is reported, not guessed") {
  auto unknown = [](const V& args) { return parse_rustc_args(args).unknown; };
  CHECK(unknown({"--frobnicate", "x.rs"}) == "unknown rustc option '--frobnicate'");
  CHECK(unknown({"--frobnicate=1", "x.rs"}) == "unknown rustc option '--frobnicate=1'");
  CHECK(unknown({"-vq", "x.rs"}) == "unknown rustc option '-q' in '-vq'");
  CHECK(unknown({"x.rs", "--test=yes"}) == "option '--test' takes no value");
  CHECK(unknown({"x.rs", "--out-dir"}) == "option '--out-dir' has no value");
  CHECK(unknown({"x.rs", "-o"}) == "option '-o' has no value");
  CHECK(unknown({"x.rs", "-vL"}) == "option '-L' has no value");
  CHECK(unknown({"--frobnicate", "--other"}) == "unknown rustc option '--frobnicate'");  // the first one
  // A probe still is one: it writes nothing either way.
  auto r = parse_rustc_args({"--frobnicate", "-vV"});
  CHECK(r.probe);
  CHECK_FALSE(r.unknown.empty());
}

// cargo's own command lines (stable 1.95 and Debian's 1.63) read without
// an unknown option.
TEST_CASE("parse_rustc_args: cargo's command lines") {
  auto r = parse_rustc_args({"--crate-name", "build_script_build", "--edition=2021", "build.rs", "--error-format=json",
                             "--json=diagnostic-rendered-ansi,artifacts,future-incompat", "--crate-type", "bin",
                             "--emit=dep-info,link", "-C", "embed-bitcode=no", "-C", "debug-assertions=off",
                             "--check-cfg", "cfg(docsrs,test)", "--check-cfg", "cfg(feature, values())", "-C",
                             "metadata=f2c9", "-C", "extra-filename=-f2c9", "--out-dir", "/t/build/x-f2c9", "-C",
                             "strip=debuginfo", "-L", "dependency=/t/deps", "--extern", "cc=/t/deps/libcc-1.rlib",
                             "--cap-lints", "allow", "-Z", "unstable-options", "--diagnostic-width=100",
                             "-Aunused", "-W", "missing-docs", "--force-warn", "x", "-Dwarnings", "-F", "y",
                             "--cfg", "feature=\"std\"", "--target", "x86_64-unknown-linux-gnu", "--sysroot", "/s",
                             "--remap-path-prefix", "/a=/b", "--color", "never", "-lstatic=z", "--env-set", "A=B"});
  CHECK(r.unknown == "");
  CHECK(r.input == "build.rs");
  CHECK(r.out_dir == "/t/build/x-f2c9");
  CHECK(r.extra_filename == "-f2c9");
}
