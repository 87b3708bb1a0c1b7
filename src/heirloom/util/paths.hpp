// Lexical checks on the names an archive asks us to create and on the
// targets of the links it asks for. Nothing here touches the disk.
//
// An entry name is safe when it is relative, non-empty, has no NUL, no empty,
// "." or ".." component, and stays within the length and depth bounds. A link
// target is allowed when it is absolute, canonical (the same checks), and lies
// strictly below one of the allowed roots.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace heirloom {

inline constexpr std::size_t max_path_length = 4000;
inline constexpr std::size_t max_path_depth = 128;

// Returns why `rel` is not a safe relative entry name, or nullopt when it is.
std::optional<std::string> unsafe_entry_reason(std::string_view rel);

// Returns why `target` may not be the target of a created link, or nullopt.
std::optional<std::string> disallowed_link_target_reason(std::string_view target,
                                                         const std::vector<std::string>& roots);

// True when a relative symlink stored at entry `rel` with target `target`
// resolves, lexically, to a path inside the tree.
bool relative_link_stays_inside(std::string_view rel, std::string_view target);

// Why a symlink entry at `rel` with link text `target` may not be created:
// an absolute target that `disallowed_link_target_reason` refuses, or a
// relative one that leaves the tree. nullopt when it may.
std::optional<std::string> symlink_entry_reason(std::string_view rel, std::string_view target,
                                                const std::vector<std::string>& roots);

// "a/b/c" -> "a/b"; "c" -> "".
std::string_view parent_of(std::string_view rel);
// "a/b/c" -> "c".
std::string_view base_of(std::string_view rel);

// Glob match of a whole relative path, where '*' and '?' also match '/'.
bool glob_match(std::string_view pattern, std::string_view path);

} // namespace heirloom
