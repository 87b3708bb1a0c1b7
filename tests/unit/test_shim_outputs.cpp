#include "argfile.hpp"
#include "outputs.hpp"
#include "helpers.hpp"

#include <catch2/catch.hpp>

using heirloom::shim::expand_argfiles;
using heirloom::shim::predict_outputs;
using V = std::vector<std::string>;

TEST_CASE("predict_outputs: probes write nothing") {
  CHECK(predict_outputs({"-vV"}).probe);
  CHECK(predict_outputs({"-", "--crate-name", "___", "--print=file-names", "--crate-type", "bin"}).probe);
  CHECK(predict_outputs({"--print", "sysroot"}).probe);
  CHECK(predict_outputs({"--version"}).probe);
}

TEST_CASE("predict_outputs: a cargo library unit") {
  V args{"--crate-name", "serde", "--edition=2018", "/src/serde/src/lib.rs", "--error-format=json",
         "--json=diagnostic-rendered-ansi,artifacts,future-incompat", "--crate-type", "lib",
         "--emit=dep-info,metadata,link", "-C", "opt-level=3", "-C", "metadata=abc", "-C",
         "extra-filename=-abc", "--out-dir", "/t/release/deps", "-L", "dependency=/t/release/deps"};
  auto p = predict_outputs(args);
  CHECK_FALSE(p.probe);
  CHECK(p.outputs == V{"/t/release/deps/serde-abc.d", "/t/release/deps/libserde-abc.rmeta",
                       "/t/release/deps/libserde-abc.rlib"});
}

TEST_CASE("predict_outputs: proc-macro, cdylib, staticlib, bin, --test") {
  auto pm = predict_outputs({"--crate-name", "derive", "src/lib.rs", "--crate-type", "proc-macro",
                             "--emit=dep-info,link", "-Cextra-filename=-1", "--out-dir", "d"});
  CHECK(pm.outputs == V{"d/derive-1.d", "d/libderive-1.so"});
  auto multi = predict_outputs({"--crate-name", "x", "lib.rs", "--crate-type", "cdylib,staticlib",
                                "--emit=link", "-C", "extra-filename=-2", "--out-dir=o"});
  CHECK(multi.outputs == V{"o/libx-2.so", "o/libx-2.a"});
  auto bin = predict_outputs({"--crate-name", "app", "main.rs", "--crate-type", "bin", "--emit=link",
                              "-C", "extra-filename=-3", "--out-dir", "o"});
  CHECK(bin.outputs == V{"o/app-3"});
  auto test = predict_outputs({"--crate-name", "app", "main.rs", "--test", "--emit=link", "--out-dir", "o"});
  CHECK(test.outputs == V{"o/app"});
  auto win = predict_outputs({"--crate-name", "app", "main.rs", "--crate-type", "bin", "--target",
                              "x86_64-pc-windows-msvc", "--out-dir", "o"});
  CHECK(win.outputs == V{"o/app.exe"});
}

TEST_CASE("predict_outputs: explicit paths and -o") {
  auto p = predict_outputs({"lib.rs", "--crate-type=rlib", "--emit", "metadata=/x/m.rmeta,link", "-o", "/y/libq.rlib"});
  CHECK(p.outputs == V{"/x/m.rmeta", "/y/libq.rlib"});
  auto d = predict_outputs({"my-tool.rs"});
  CHECK(d.outputs == V{"my_tool"});
}

TEST_CASE("expand_argfiles reads one argument per line") {
  testing::Scratch s;
  testing::write(s / "args", "--crate-name\nfoo\n--out-dir\n/o\r\n");
  std::string err;
  auto v = expand_argfiles({"a", "@" + (s / "args"), "b"}, err);
  REQUIRE(v);
  CHECK(*v == V{"a", "--crate-name", "foo", "--out-dir", "/o", "b"});
  CHECK_FALSE(expand_argfiles({"@" + (s / "missing")}, err));
  CHECK(err.find("missing") != std::string::npos);
}

// Found by fuzz-shim-args (tests/fuzz/regressions/shim-args): rustc refuses
// these command lines and writes nothing; an empty path must never be
// predicted (an empty stem joined to --out-dir names the directory itself).
TEST_CASE("predict_outputs: empty names and paths predict nothing") {
  CHECK(predict_outputs({""}).outputs.empty());
  CHECK(predict_outputs({".rs"}).outputs.empty());
  CHECK(predict_outputs({"--crate-name", "", "x.rs", "--out-dir", "/t"}).outputs.empty());
  CHECK(predict_outputs({"-o", "", "x.rs"}).outputs.empty());
  CHECK(predict_outputs({"--emit", "link=", "x.rs"}).outputs.empty());
  CHECK(predict_outputs({"--emit", "link=,dep-info", "x.rs"}).outputs == V{"x.d"});
}
