#!/usr/bin/env bash
# Regenerates the pictures of the example report used by README.md and docs/guide.md from a
# fresh build, so they never show an older layout than the code makes.
#
#   docs/images/make.sh [path/to/berattelse]
#
# Needs pdftoppm (poppler-utils) and ImageMagick's `convert` (Debian: imagemagick).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-target/release/berattelse}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp -r data-examples/exempelkommun "$work/projekt"
"$bin" build 2024 --quiet --project "$work/projekt"
pdf="$work/projekt/out/2024/kvalitets-och-patientsakerhetsberattelse-2024.pdf"

# The page of a heading: the first page whose text starts a line with it.
page_of() {
    local n pages
    pages=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
    for ((n = 3; n <= pages; n++)); do # after the cover and the contents
        if pdftotext -layout -f "$n" -l "$n" "$pdf" - | grep -qE "^ *$1"; then
            echo "$n"
            return
        fi
    done
    echo "no page starts with: $1" >&2
    exit 1
}

render() { # page, output name, resolution
    pdftoppm -png -r "$3" -f "$1" -l "$1" -singlefile "$pdf" "$work/$2"
}

frame() { # a thin grey border and a margin, as a page on a desk
    "${CONVERT:-convert}" "$1" -bordercolor '#9aa7b4' -border 1 -bordercolor '#dde3e9' -border 12 "$1"
}

# README and guide: cover, contents and the risk analysis with its matrix.
avvikelser=$(page_of "Figur 1\\.")
render 1 cover 80
render 2 contents 80
render "$avvikelser" chapter 80
for p in cover contents chapter; do frame "$work/$p.png"; done
"${CONVERT:-convert}" "$work/cover.png" "$work/contents.png" "$work/chapter.png" +append \
    -colors 64 docs/images/example-pages.png

# Guide: a page with a chart of a registry over the years, at a size where it can be read.
chart=$(page_of "Figur 2\\.")
render "$chart" chart-page 110
frame "$work/chart-page.png"
"${CONVERT:-convert}" "$work/chart-page.png" -colors 128 docs/images/example-chart-page.png

ls -l docs/images/*.png
