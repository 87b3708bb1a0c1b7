# The subset of nixpkgs' `lib` that heirloom's Nix code uses, with nixpkgs'
# names and meanings.
let
  b = builtins;
  lib = rec {
    inherit (b) attrNames attrValues elem filter foldl' head length map readFile toString
      concatStringsSep hasAttr isAttrs isFunction isList isString removeAttrs replaceStrings
      pathExists baseNameOf dirOf fromJSON toJSON match split substring stringLength tail;

    fix = f: let x = f x; in x;
    # nixpkgs' overlay composition: `g` sees the final set and the one before.
    extends = g: f: self: let super = f self; in super // g self super;
    # nixpkgs' makeScope: a package set built by `f self`, whose callPackage
    # sees the set itself (through newScope), with overrideScope applying an
    # overlay `final: prev: { … }` that every member then sees.
    makeScope = newScope: f:
      let
        self = f self // {
          newScope = scope: newScope (self // scope);
          callPackage = self.newScope { };
          overrideScope = g: makeScope newScope (extends g f);
          packages = f;
        };
      in
      self;
    id = x: x;
    const = x: _: x;
    flip = f: a: c: f c a;

    optional = cond: x: if cond then [ x ] else [ ];
    optionals = cond: xs: if cond then xs else [ ];
    optionalString = cond: s: if cond then s else "";
    optionalAttrs = cond: as: if cond then as else { };

    concatMapStringsSep = sep: f: xs: concatStringsSep sep (map f xs);
    concatMapStrings = f: xs: concatStringsSep "" (map f xs);
    concatStrings = concatStringsSep "";
    concatLists = b.concatLists;
    concatMap = b.concatMap;
    flatten = x: if b.isList x then b.concatMap flatten x else [ x ];
    unique = foldl' (acc: e: if elem e acc then acc else acc ++ [ e ]) [ ];
    last = xs: b.elemAt xs (length xs - 1);
    any = b.any;
    all = b.all;
    findFirst = pred: default: xs: let found = filter pred xs; in if found == [ ] then default else head found;

    hasPrefix = pre: s: substring 0 (stringLength pre) s == pre;
    hasSuffix = suf: s:
      let ls = stringLength s; lf = stringLength suf;
      in lf <= ls && substring (ls - lf) lf s == suf;
    removePrefix = pre: s: if hasPrefix pre s then substring (stringLength pre) (stringLength s) s else s;
    removeSuffix = suf: s: if hasSuffix suf s then substring 0 (stringLength s - stringLength suf) s else s;
    splitString = sep: s: filter b.isString (split (escapeRegex sep) s);
    escapeRegex = replaceStrings
      [ "\\" "[" "]" "{" "}" "(" ")" "." "*" "+" "?" "^" "$" "|" ]
      [ "\\\\" "\\[" "\\]" "\\{" "\\}" "\\(" "\\)" "\\." "\\*" "\\+" "\\?" "\\^" "\\$" "\\|" ];
    escapeShellArg = s: "'${replaceStrings [ "'" ] [ "'\\''" ] (toString s)}'";
    escapeShellArgs = xs: concatStringsSep " " (map escapeShellArg xs);
    makeBinPath = paths: concatStringsSep ":" (map (p: "${p}/bin") paths);
    makeSearchPath = sub: paths: concatStringsSep ":" (map (p: "${p}/${sub}") paths);
    getExe' = drv: name: "${drv}/bin/${name}";

    mapAttrs = b.mapAttrs;
    mapAttrsToList = f: as: map (n: f n as.${n}) (attrNames as);
    filterAttrs = pred: as: b.listToAttrs (b.concatMap (n: if pred n as.${n} then [ { name = n; value = as.${n}; } ] else [ ]) (attrNames as));
    genAttrs = names: f: b.listToAttrs (map (n: { name = n; value = f n; }) names);
    attrByPath = path: default: set:
      if path == [ ] then set
      else if isAttrs set && set ? ${head path} then attrByPath (tail path) default set.${head path}
      else default;
    recursiveUpdate = l: r: l // b.mapAttrs (n: v: if isAttrs v && isAttrs (l.${n} or null) then recursiveUpdate l.${n} v else v) r;
    importTOML = path: b.fromTOML (readFile path);
    platforms.linux = [ "x86_64-linux" "aarch64-linux" "i686-linux" "armv7l-linux" "riscv64-linux" ];
    warn = msg: b.trace "warning: ${msg}";
    assertMsg = pred: msg: pred || b.throw msg;

    # nixpkgs' callPackageWith without the override machinery: fills a
    # function's named arguments from `autoArgs`, then `args` win.
    callPackageWith = autoArgs: fn: args:
      let
        f = if b.isFunction fn then fn else import fn;
        auto = b.intersectAttrs (b.functionArgs f) autoArgs;
      in
      f (auto // args);

    # Sources, with nixpkgs' meaning: `filter path type` decides per entry
    # (type: "regular", "directory", "symlink", "unknown"); `src` may itself
    # be a filtered source.
    cleanSourceWith = { src, filter ? _: _: true, name ? null }:
      let
        orig = src.origSrc or src;
        origFilter = src.filter or (_: _: true);
        both = p: t: origFilter p t && filter p t;
        srcName = if name != null then name else src.name or "source";
      in
      {
        origSrc = orig;
        filter = both;
        name = srcName;
        outPath = toString (b.path { path = orig; name = srcName; filter = both; });
      };
    cleanSourceFilter = name: type:
      let base = baseNameOf (toString name);
      in !(type == "directory" && elem base [ ".git" ".svn" ".hg" "CVS" ])
        && !(hasSuffix "~" base) && !(match "^\\.sw[a-z]$" base != null)
        && !(type == "symlink" && hasPrefix "result" base);
    cleanSource = src: cleanSourceWith { filter = cleanSourceFilter; inherit src; };

  };
in
lib
