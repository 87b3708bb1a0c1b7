// heirloom: CLI wiring only. Parse into option structs, call core, print one
// summary line. Exit codes: 0 success, 1 failure, 2 usage.
#include "core/explain.hpp"
#include "core/inspect.hpp"
#include "core/manifest.hpp"
#include "core/pack.hpp"
#include "core/unpack.hpp"
#include "util/error.hpp"
#include "util/parallel.hpp"
#include "util/store.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double mb(std::uint64_t bytes) { return static_cast<double>(bytes) / 1e6; }

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"heirloom: hand a cargo target dir down from one Nix derivation to the next"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("heirloom ") + heirloom::tool_version);
  bool quiet = false;
  std::string store_dir;
  unsigned jobs = 0;

  heirloom::PackOptions pack;
  std::string mode = "symlinks";
  auto* pack_cmd = app.add_subcommand("pack", "Pack a target dir into an artifacts output");
  pack_cmd->add_option("--target", pack.target, "The cargo target dir")->required();
  pack_cmd->add_option("--out", pack.out, "The output directory (created if missing)")->required();
  pack_cmd->add_option("--mode", mode, "symlinks (default) or zstd; crane's names use-symlink and use-zstd mean the same")
      ->check(CLI::IsMember({"symlinks", "zstd", "use-symlink", "use-zstd"}));
  pack_cmd->add_option("--prev", pack.prev, "The previous artifacts output (for dedup or layering)");
  pack_cmd->add_option("--zstd-level", pack.zstd_level, "zstd compression level")->check(CLI::Range(1, 19));

  heirloom::UnpackOptions unpack;
  heirloom::Policy::Globs globs;
  auto* unpack_cmd = app.add_subcommand("unpack", "Recreate a target dir from artifacts");
  unpack_cmd->add_option("--from", unpack.from, "The artifacts output (any format heirloom reads)")->required();
  unpack_cmd->add_option("--target", unpack.target, "The target dir to create or update")->required();
  unpack_cmd->add_option("--link", globs.link, "Link files whose path matches GLOB")->take_all();
  unpack_cmd->add_option("--materialize", globs.materialize, "Copy files whose path matches GLOB")->take_all();

  std::string inspect_path;
  bool json = false;
  auto* inspect_cmd = app.add_subcommand("inspect", "Describe an artifacts output");
  inspect_cmd->add_option("artifacts", inspect_path, "The artifacts output")->required();
  inspect_cmd->add_flag("--json", json, "Print JSON");

  // gc-staging: the staging dirs that killed unpacks left (core/unpack.hpp).
  std::vector<std::string> gc_targets;
  auto* gc_cmd = app.add_subcommand(
      "gc-staging", "Remove the staging dirs (.NAME.heirloom-XXXXXX) that killed unpacks left beside each DIR");
  gc_cmd->add_option("DIR", gc_targets, "A target dir (it need not exist) whose staging dirs are checked")
      ->required();
  gc_cmd->add_flag("--quiet,-q", quiet, "No summary line");

  // explain: which inherited units cargo recompiled, and why (core/explain).
  heirloom::ExplainOptions explain;
  bool explain_json = false, explain_summary = false;
  std::string explain_log;
  auto* explain_cmd = app.add_subcommand("explain", "Name each inherited unit cargo recompiled, and why");
  explain_cmd->add_option("--from", explain.from, "The artifacts output the target dir was inherited from")->required();
  explain_cmd->add_option("--target", explain.target, "The target dir after the build")->required();
  explain_cmd->add_flag("--json", explain_json, "Print JSON");
  explain_cmd->add_flag("--summary", explain_summary, "One line, and only when inherited units were recompiled");
  explain_cmd->add_option("--log", explain_log, "Also cargo's own reasons from a build log (cargo -v, or CARGO_LOG=cargo::core::compiler::fingerprint=info)");
  explain_cmd->add_option("--store-dir", store_dir, "The Nix store dir (default: $NIX_STORE or /nix/store)");

  for (auto* cmd : {pack_cmd, unpack_cmd, inspect_cmd}) {
    cmd->add_option("--store-dir", store_dir, "The Nix store dir (default: $NIX_STORE or /nix/store)");
    cmd->add_flag("--quiet,-q", quiet, "No summary line");
  }
  for (auto* cmd : {pack_cmd, unpack_cmd})
    cmd->add_option("--jobs,-j", jobs, "Worker threads (default: $NIX_BUILD_CORES or the CPU count)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  store_dir = heirloom::default_store_dir(store_dir);
  jobs = heirloom::default_jobs(jobs);
  auto t0 = Clock::now();
  try {
    if (*pack_cmd) {
      pack.mode = mode == "zstd" || mode == "use-zstd" ? heirloom::PackMode::zstd : heirloom::PackMode::symlinks;
      pack.store_dir = store_dir;
      pack.jobs = jobs;
      pack.progress = !quiet;
      auto s = heirloom::pack(pack);
      if (!quiet) {
        if (pack.mode == heirloom::PackMode::symlinks)
          std::fprintf(stderr,
                       "heirloom: packed %llu files (%llu stored, %.1f MB; %llu linked to older outputs, %llu of "
                       "them deduplicated), %llu dirs in %.3f s\n",
                       (unsigned long long)s.files, (unsigned long long)s.owned, mb(s.owned_bytes),
                       (unsigned long long)s.linked, (unsigned long long)s.deduplicated,
                       (unsigned long long)s.dirs, seconds_since(t0));
        else
          std::fprintf(stderr,
                       "heirloom: packed %llu files (%llu stored, %.1f MB, %llu left to the previous layer), "
                       "%llu dirs into %.1f MB of zstd in %.3f s\n",
                       (unsigned long long)s.files, (unsigned long long)s.owned, mb(s.owned_bytes),
                       (unsigned long long)s.unchanged, (unsigned long long)s.dirs, mb(s.archive_bytes),
                       seconds_since(t0));
      }
    } else if (*unpack_cmd) {
      unpack.store_dir = store_dir;
      unpack.jobs = jobs;
      unpack.policy = heirloom::Policy(globs);
      auto s = heirloom::unpack(unpack);
      if (!quiet)
        std::fprintf(stderr,
                     "heirloom: unpacked %s artifacts: %llu links, %llu copies (%.1f MB), %llu dirs%s in %.3f s\n",
                     s.format.c_str(), (unsigned long long)s.links, (unsigned long long)s.copies,
                     mb(s.copied_bytes), (unsigned long long)s.dirs,
                     s.layers > 0 ? (", " + std::to_string(s.layers) + " layers").c_str() : "",
                     seconds_since(t0));
    } else if (*gc_cmd) {
      std::uint64_t removed = 0, in_use = 0;
      bool failed = false;
      for (const auto& dir : gc_targets) {
        try {
          auto sweep = heirloom::sweep_staging(dir);
          removed += sweep.removed;
          in_use += sweep.in_use;
          for (const auto& e : sweep.errors)
            std::fprintf(stderr, "heirloom: error: %s\n", e.c_str());
          failed = failed || !sweep.errors.empty();
        } catch (const heirloom::Error& e) {
          std::fprintf(stderr, "heirloom: error: %s\n", e.what());
          failed = true;
        }
      }
      if (!quiet && !failed)
        std::fprintf(stderr, "heirloom: removed %llu staging dirs of dead unpacks, left %llu in use\n",
                     (unsigned long long)removed, (unsigned long long)in_use);
      return failed ? 1 : 0;
    } else if (*explain_cmd) {
      explain.store_dir = store_dir;
      auto e = heirloom::explain(explain);
      if (!explain_log.empty())
        e.cargo_log = heirloom::read_cargo_log(explain_log);
      if (explain_json) {
        std::cout << heirloom::explain_json(e).dump(2) << "\n";
      } else if (explain_summary) {
        auto line = heirloom::explain_summary(e);
        if (!line.empty())
          std::cout << line << "; each reason: heirloom explain --from " << explain.from << " --target "
                    << explain.target << "\n";
      } else {
        std::cout << heirloom::render_explain(e);
      }
    } else if (*inspect_cmd) {
      auto report = heirloom::inspect(inspect_path, store_dir);
      // A file name need not be UTF-8 (Linux names are bytes): such bytes
      // become U+FFFD in the JSON report instead of failing it.
      if (json)
        std::cout << heirloom::inspect_json(report).dump(2, ' ', false,
                                                         nlohmann::ordered_json::error_handler_t::replace)
                  << "\n";
      else
        std::cout << heirloom::render_inspect(report);
      if (!report.all_resolve()) {
        std::fprintf(stderr, "heirloom: error: '%s': %zu links do not resolve\n", inspect_path.c_str(),
                     report.dangling.size());
        return 1;
      }
    }
  } catch (const heirloom::Error& e) {
    std::fprintf(stderr, "heirloom: error: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "heirloom: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
