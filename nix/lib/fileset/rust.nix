# fileset.rust path: every *.rs file below path.
{ lib }:
path: lib.fileset.fileFilter (file: file.hasExt "rs") path
