# A Nix value (an attribute set as builtins.fromTOML returns it) as TOML
# text: scalars of a table first, then its sub-tables as [a.b] sections,
# then lists of tables as [[a.b]] sections. Keys that are not bare
# (A-Z a-z 0-9 _ -) are quoted.
{ lib }:
let
  inherit (builtins) isAttrs isList isString isBool isInt isFloat toJSON attrNames filter all concatStringsSep;
  key = k: if builtins.match "[A-Za-z0-9_-]+" k != null then k else toJSON k;
  tableList = v: isList v && v != [ ] && all isAttrs v;
  isSection = v: isAttrs v || tableList v;
  value = v:
    if isString v then toJSON v
    else if isBool v then (if v then "true" else "false")
    else if isInt v || isFloat v then toString v
    else if isList v then "[" + concatStringsSep ", " (map value v) + "]"
    else if isAttrs v then "{ " + concatStringsSep ", " (map (k: "${key k} = ${value v.${k}}") (attrNames v)) + " }"
    else throw "writeTOML: cannot write a value of type ${builtins.typeOf v}";
  table = path: t:
    let
      names = attrNames t;
      scalars = filter (k: !(isSection t.${k})) names;
      tables = filter (k: isAttrs t.${k}) names;
      lists = filter (k: tableList t.${k}) names;
      header = p: concatStringsSep "." (map key p);
    in
    lib.concatMapStrings (k: "${key k} = ${value t.${k}}\n") scalars
    + lib.concatMapStrings (k: "\n[${header (path ++ [ k ])}]\n" + table (path ++ [ k ]) t.${k}) tables
    + lib.concatMapStrings (k: lib.concatMapStrings (e: "\n[[${header (path ++ [ k ])}]]\n" + table (path ++ [ k ]) e) t.${k}) lists;
in
contents: table [ ] contents
