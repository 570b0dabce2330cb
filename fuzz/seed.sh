#!/bin/sh
# Seeds the corpus of the lint_and_fix target: the repository's articles alone, and every
# built-in pack as raw TOML (an options byte, the pack, a 0xFF byte) before an article, in
# each format, with unsafe fixes, with the pack's examples run, and with rendering.
set -eu
cd "$(dirname "$0")"
out=corpus/lint_and_fix
mkdir -p "$out"
articles=../tests/fixtures/formats
for text in "$articles"/* ../examples/harbour-bridge.txt; do
    cp "$text" "$out/article-$(basename "$text")"
done
# Options byte: bit 0 raw pack, bits 1-2 format (0 text, 1 Markdown, 2 HTML), bit 3 unsafe
# fixes, bit 4 run the examples, bit 5 render.
for pack in ../rules/*.toml; do
    name=$(basename "$pack" .toml)
    for seed in '001 bridge.txt' '003 bridge.md' '005 bridge.html' '031 bridge.txt' '041 bridge.txt'; do
        set -- $seed
        { printf "\\$1"; cat "$pack"; printf '\377'; cat "$articles/$2"; } >"$out/pack-$name-$1"
    done
done
