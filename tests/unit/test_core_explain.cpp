#include "core/explain.hpp"
#include "core/pack.hpp"
#include "helpers.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace heirloom;
using testing::Scratch;
using testing::write;
namespace fs = std::filesystem;

namespace {

std::string fingerprint(const std::string& features, const std::string& rustflags = "[]",
                        const std::string& local = R"([{"CheckDepInfo":{"dep_info":"x"}}])") {
  return R"({"rustc":1,"features":")" + features + R"(","target":2,"profile":3,"path":4,"deps":[],"local":)" +
         local + R"(,"rustflags":)" + rustflags + R"(,"config":5,"compile_kind":0})";
}

const std::string env_a = R"([{"RerunIfEnvChanged":{"var":"MODE","val":"a"}}])";
const std::string env_b = R"([{"RerunIfEnvChanged":{"var":"MODE","val":"b"}}])";

// Generation 1: an old-layout lib, a build script run, an unchanged lib, and
// a new-layout unit (cargo's -Zbuild-dir-new-layout).
void gen1(const std::string& t) {
  write(t + "/release/.fingerprint/fnv-00000000000000aa/lib-fnv.json", fingerprint("[]"));
  write(t + "/release/.fingerprint/fnv-00000000000000aa/lib-fnv", "0123");
  write(t + "/release/.fingerprint/env-dep-00000000000000bb/run-build-script-build-script-build.json",
        fingerprint("[]", "[]", env_a));
  write(t + "/release/.fingerprint/same-00000000000000cc/lib-same.json", fingerprint("[]"));
  write(t + "/release/build/cfg-if/00000000000000dd/fingerprint/lib-cfg_if.json", fingerprint("[]"));
  write(t + "/release/deps/libfnv-00000000000000aa.rlib", "rlib");
}

std::string packed_gen1(Scratch& s) {
  gen1(s / "gen1");
  PackOptions po;
  po.target = s / "gen1";
  po.out = testing::store_path(s / "store", "gen1");
  po.store_dir = s / "store";
  pack(po);
  return po.out;
}

} // namespace

TEST_CASE("explain: nothing recompiled, nothing listed, the summary is silent") {
  Scratch s;
  std::string out = packed_gen1(s);
  gen1(s / "t");
  Explanation e = explain({out, s / "t", s / "store"});
  CHECK(e.inherited_units == 4);
  CHECK(e.recompiled.empty());
  CHECK(explain_summary(e).empty());
  CHECK(render_explain(e).find("no inherited unit was recompiled") == 0);
}

TEST_CASE("explain: a new hash matched by package and unit, an in-place rerun, a new unit, a torn file") {
  Scratch s;
  std::string out = packed_gen1(s);
  std::string t = s / "t";
  gen1(t);
  // fnv with a feature: a new unit hash beside the inherited one.
  write(t + "/release/.fingerprint/fnv-00000000000000ee/lib-fnv.json", fingerprint(R"([\"std\"])"));
  // the build script reran in place for an environment change.
  write(t + "/release/.fingerprint/env-dep-00000000000000bb/run-build-script-build-script-build.json",
        fingerprint("[]", "[]", env_b));
  // new layout, RUSTFLAGS.
  write(t + "/release/build/cfg-if/00000000000000ff/fingerprint/lib-cfg_if.json",
        fingerprint("[]", R"(["-C","debug-assertions=on"])"));
  // a dependency nothing inherited matches, and a file cargo did not finish.
  write(t + "/release/.fingerprint/anyhow-0000000000000011/lib-anyhow.json", fingerprint("[]"));
  write(t + "/release/.fingerprint/same-0000000000000022/lib-same.json", "{\"rustc\":");

  Explanation e = explain({out, t, s / "store"});
  REQUIRE(e.recompiled.size() == 3);
  CHECK(e.new_units == 1);
  std::string text = render_explain(e);
  CHECK(text.find("cfg-if (lib-cfg_if, release): RUSTFLAGS [] -> [\"-C\",\"debug-assertions=on\"]\n") !=
        std::string::npos);
  CHECK(text.find("env-dep (run-build-script-build-script-build, release): env MODE: a -> b\n") !=
        std::string::npos);
  CHECK(text.find("fnv (lib-fnv, release): features [] -> [\"std\"]\n") != std::string::npos);
  const auto& fnv = e.recompiled[2];
  CHECK(fnv.package == "fnv");
  CHECK(fnv.inherited_hash == "00000000000000aa");
  CHECK(fnv.hash == "00000000000000ee");
  CHECK_FALSE(fnv.in_place);
  CHECK(e.recompiled[1].in_place);
  std::string line = explain_summary(e);
  CHECK(line.find("heirloom: 3 inherited units recompiled: ") == 0);
  CHECK(line.find("fnv lib-fnv (features)") != std::string::npos);
  auto j = explain_json(e);
  CHECK(j["recompiled"][2]["changes"][0]["field"] == "features");
  CHECK(j["recompiled"][2]["changes"][0]["after"] == "[\"std\"]");
}

TEST_CASE("explain_summary: units of the same package, unit name and reason are one entry with a count") {
  Explanation e;
  RecompiledUnit check{"release", "mid", "lib-mid", "00000000000000aa", "00000000000000ab", false,
                       {{"path", "1", "2", "source path"}}};
  RecompiledUnit build = check;
  build.hash = "00000000000000ac";
  RecompiledUnit top{"release", "top", "lib-top", "00000000000000ba", "00000000000000bb", false,
                     {{"features", "[]", "[\"x\"]", "features [] -> [\"x\"]"}}};
  e.recompiled = {check, build, top};
  CHECK(explain_summary(e) == "heirloom: 3 inherited units recompiled: mid lib-mid (path) x2, top lib-top (features)");
  for (int i = 0; i < 7; ++i) {
    RecompiledUnit u = top;
    u.package = "p" + std::to_string(i);
    e.recompiled.push_back(u);
  }
  // six entries shown (7 of the 10 units), 3 left
  CHECK(explain_summary(e).find(", p3 lib-top (features) and 3 more") != std::string::npos);
}

TEST_CASE("explain: a missing target dir or output is one error naming it") {
  Scratch s;
  std::string out = packed_gen1(s);
  CHECK_THROWS_WITH(explain({out, s / "missing", s / "store"}), Catch::Contains(s / "missing"));
  fs::create_directories(s / "t");
  CHECK_THROWS_AS(explain({s / "store/nothing-here", s / "t", s / "store"}), Error);
}

TEST_CASE("read_cargo_log: cargo -v's Dirty lines and the fingerprint log's errors") {
  Scratch s;
  write(s / "build.log",
        "       Fresh cfg-if v1.0.0\n"
        "       Dirty app v0.1.0 (/src/app): the file `app/src/main.rs` has changed (1.5s, 2s after last build at 1s)\n"
        "[2026-12-01T23:44:50Z INFO  cargo::core::compiler::fingerprint] fingerprint error for fnv v1.0.7/Build/TargetInner { .. }\n"
        "[2026-12-01T23:44:50Z INFO  cargo::core::compiler::fingerprint]     err: RUSTFLAGS has changed: previously [], now [\"-C\"]\n"
        "   0.06s  INFO prepare_target{force=false}: cargo::core::compiler::fingerprint: fingerprint error for serde v1.0.152/Build/x\n"
        "   0.06s  INFO prepare_target{force=false}: cargo::core::compiler::fingerprint:     err: failed to read `/t/lib-serde`\n"
        "[x INFO  cargo::core::compiler::fingerprint] stale: changed \"/src/lib/src/lib.rs\"\n"
        "[x INFO  cargo::core::compiler::fingerprint] fingerprint error for lib v0.2.0 (/src/lib)/Build/x\n"
        "[x INFO  cargo::core::compiler::fingerprint]     err: current filesystem status shows we're outdated\n"
        "       Dirty app v0.1.0 (/src/app): the file `app/src/main.rs` has changed (1.5s, 2s after last build at 1s)\n");
  auto r = read_cargo_log(s / "build.log");
  REQUIRE(r.size() == 3);
  CHECK(r[0].package == "app");
  CHECK(r[0].version == "0.1.0");
  CHECK(r[0].reason.rfind("the file `app/src/main.rs` has changed", 0) == 0);
  CHECK(r[1].package == "fnv");
  CHECK(r[1].reason == "RUSTFLAGS has changed: previously [], now [\"-C\"]");
  CHECK(r[2].package == "lib");
  CHECK(r[2].reason == "changed \"/src/lib/src/lib.rs\"");
  CHECK_THROWS_AS(read_cargo_log(s / "missing.log"), Error);
}
