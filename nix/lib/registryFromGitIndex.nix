# registryFromGitIndex { indexUrl, rev, fetchurlExtraArgs ? { } }: the
# crateRegistries entry of a git index, its download template read from the
# index's config.json at `rev` (builtins.fetchGit, at evaluation).
{ registryFromDownloadUrl }:
{ indexUrl
, rev
, fetchurlExtraArgs ? { }
}:
let
  index = builtins.fetchGit { url = indexUrl; inherit rev; shallow = true; };
  configFile = "${index}/config.json";
  config = if builtins.pathExists configFile then builtins.fromJSON (builtins.readFile configFile)
    else throw "registryFromGitIndex: ${indexUrl} at ${rev} has no config.json";
in
registryFromDownloadUrl {
  inherit indexUrl fetchurlExtraArgs;
  dl = config.dl or (throw "registryFromGitIndex: ${indexUrl}'s config.json has no \"dl\" entry");
}
