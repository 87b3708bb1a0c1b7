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
    reverseList = xs: let l = length xs; in b.genList (n: b.elemAt xs (l - n - 1)) l;
    last = xs: b.elemAt xs (length xs - 1);
    any = b.any;
    all = b.all;
    findFirst = pred: default: xs: let found = filter pred xs; in if found == [ ] then default else head found;

    hasPrefix = pre: s: substring 0 (stringLength pre) s == pre;
    hasSuffix = suf: s:
      let ls = stringLength s; lf = stringLength suf;
      in lf <= ls && substring (ls - lf) lf s == suf;
    hasInfix = infix: s: b.match ".*${escapeRegex infix}.*" s != null;
    removePrefix = pre: s: if hasPrefix pre s then substring (stringLength pre) (stringLength s) s else s;
    removeSuffix = suf: s: if hasSuffix suf s then substring 0 (stringLength s - stringLength suf) s else s;
    splitString = sep: s: filter b.isString (split (escapeRegex sep) s);
    # nixpkgs' set: "\\[{()^$?*+|." (a lone "]" or "}" is literal in
    # POSIX regexes, an escaped "}" is invalid).
    escapeRegex = replaceStrings
      [ "\\" "[" "{" "(" ")" "." "*" "+" "?" "^" "$" "|" ]
      [ "\\\\" "\\[" "\\{" "\\(" "\\)" "\\." "\\*" "\\+" "\\?" "\\^" "\\$" "\\|" ];
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
    hasAttrByPath = path: set:
      path == [ ] || (isAttrs set && set ? ${head path} && hasAttrByPath (tail path) set.${head path});
    recursiveUpdate = l: r: l // b.mapAttrs (n: v: if isAttrs v && isAttrs (l.${n} or null) then recursiveUpdate l.${n} v else v) r;
    importTOML = path: b.fromTOML (readFile path);
    platforms.linux = [ "x86_64-linux" "aarch64-linux" "i686-linux" "armv7l-linux" "riscv64-linux" ];
    warn = msg: b.trace "warning: ${msg}";
    assertMsg = pred: msg: pred || b.throw msg;
    warnIf = cond: msg: if cond then warn msg else id;
    nameValuePair = name: value: { inherit name value; };
    foldl = op: nul: list: b.foldl' op nul list;
    versionOlder = v1: v2: b.compareVersions v2 v1 == 1;
    groupBy = pred: list: b.foldl' (acc: x: let k = pred x; in acc // { ${k} = (acc.${k} or [ ]) ++ [ x ]; }) { } list;
    mapAttrs' = f: set: b.listToAttrs (map (n: f n set.${n}) (attrNames set));
    toLower = replaceStrings upperChars lowerChars;
    stringToCharacters = s: b.genList (i: substring i 1 s) (stringLength s);
    lowerChars = stringToCharacters "abcdefghijklmnopqrstuvwxyz";
    upperChars = stringToCharacters "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    listToAttrs = b.listToAttrs;
    intersectAttrs = b.intersectAttrs;
    isDerivation = x: isAttrs x && (x.type or null) == "derivation";
    isPath = b.isPath;
    zipAttrsWith = f: sets: b.zipAttrsWith f sets;
    escapeNixString = s: b.toJSON s;
    lists = { inherit optional optionals flatten unique last findFirst; hasPrefix = pre: l: b.length pre <= b.length l && b.genList (b.elemAt l) (b.length pre) == pre; };
    strings = { inherit concatStrings concatStringsSep concatMapStrings hasPrefix hasSuffix removePrefix removeSuffix escapeShellArg; };
    trivial = { inherit warn id const; };

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
        _isLibCleanSourceWith = true;
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
    # nixpkgs' lib.sources.sourceFilesBySuffices: every directory, and the
    # files whose name ends with one of `exts`.
    sourceFilesBySuffices = src: exts: cleanSourceWith {
      inherit src;
      filter = name: type: type == "directory" || any (ext: hasSuffix ext (baseNameOf (toString name))) exts;
    };
    sources = { inherit cleanSourceWith cleanSource cleanSourceFilter sourceFilesBySuffices; };

    # nixpkgs' lib.fileset, the functions heirloom uses, with the documented
    # semantics: a file set is a set of files (never directories) under some
    # path; a path coerces to the files under it (or the file itself) and must
    # exist; toSource copies the files of a set below `root` into the store,
    # with no directory that holds none of them.
    fileset =
      let
        isFileset = x: isAttrs x && (x._type or null) == "fileset";
        mk = files: { _type = "fileset"; _files = files; };
        # builtins.readFileType is newer than some daemons' Nix: a directory
        # is the path whose "/." exists.
        isDir = p: pathExists (toString p + "/.");
        # { "<absolute path>" = path; } of every non-directory below `path`.
        walk = path:
          b.foldl' (acc: name:
            let type = (b.readDir path).${name}; p = path + "/${name}"; in
            acc // (if type == "directory" then walk p else { ${toString p} = p; }))
            { } (attrNames (b.readDir path));
        coerce = fn: what: x:
          if isFileset x then x
          else if b.isPath x then
            (if !(pathExists x) then b.throw "lib.fileset.${fn}: ${what} (${toString x}) is a path that does not exist."
             else if isDir x then mk (walk x)
             else mk { ${toString x} = x; })
          else b.throw "lib.fileset.${fn}: ${what} is of type ${b.typeOf x}, but it should be a file set or a path instead.";
      in
      rec {
        unions = list:
          if !(isList list) then b.throw "lib.fileset.unions: Argument is of type ${b.typeOf list}, but it should be a list instead."
          else mk (foldl' (acc: x: acc // x._files) { } (b.genList (i: coerce "unions" "Element ${toString i} of the argument" (b.elemAt list i)) (length list)));
        union = a: c: unions [ a c ];
        intersection = a: c:
          let l = coerce "intersection" "First argument" a; r = coerce "intersection" "Second argument" c;
          in mk (b.intersectAttrs r._files l._files);
        difference = positive: negative:
          let p = coerce "difference" "First argument (positive set)" positive;
              n = coerce "difference" "Second argument (negative set)" negative;
          in mk (removeAttrs p._files (attrNames n._files));
        maybeMissing = path:
          if !(b.isPath path) then b.throw "lib.fileset.maybeMissing: Argument is of type ${b.typeOf path}, but it should be a path instead."
          else if !(pathExists path) then mk { } else coerce "maybeMissing" "Argument" path;
        # predicate gets { name, type, hasExt } for every file below path.
        fileFilter = predicate: path:
          if !(isFunction predicate) then b.throw "lib.fileset.fileFilter: First argument is of type ${b.typeOf predicate}, but it should be a function instead."
          else if !(b.isPath path) then b.throw "lib.fileset.fileFilter: Second argument is of type ${b.typeOf path}, but it should be a path instead."
          else if !(pathExists path) then b.throw "lib.fileset.fileFilter: Second argument (${toString path}) is a path that does not exist."
          else if !(isDir path) then b.throw "lib.fileset.fileFilter: Second argument (${toString path}) is a file, but it should be a directory instead."
          else
            let
              go = dir: b.foldl' (acc: name:
                let type = (b.readDir dir).${name}; p = dir + "/${name}"; in
                acc // (if type == "directory" then go p
                  else if predicate { inherit name type; hasExt = ext: hasSuffix ".${ext}" name; } then { ${toString p} = p; }
                  else { }))
                { } (attrNames (b.readDir dir));
            in mk (go path);
        toList = fs: attrValues (coerce "toList" "Argument" fs)._files;
        toSource = { root, fileset }:
          let
            fs = coerce "toSource" "`fileset`" fileset;
            rootStr = toString root;
            files = attrNames fs._files;
            outside = filter (f: !(hasPrefix (rootStr + "/") f)) files;
            parents = f: let d = dirOf f; in if d == rootStr || stringLength d <= stringLength rootStr then [ ] else [ d ] ++ parents d;
            dirs = b.listToAttrs (map (d: { name = d; value = true; }) (b.concatMap parents files));
          in
          if !(b.isPath root) then b.throw "lib.fileset.toSource: `root` is of type ${b.typeOf root}, but it should be a path instead."
          else if !(pathExists root) then b.throw "lib.fileset.toSource: `root` (${rootStr}) is a path that does not exist."
          else if !(isDir root) then b.throw "lib.fileset.toSource: `root` (${rootStr}) is a file, but it should be a directory instead."
          else if outside != [ ] then b.throw "lib.fileset.toSource: `fileset` could contain files in ${head outside}, which is not under the `root` (${rootStr})."
          else cleanSourceWith {
            name = "source";
            src = root;
            filter = p: t: if t == "directory" then dirs ? ${p} else fs._files ? ${p};
          };
      };

  };
in
lib
