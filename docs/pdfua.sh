#!/bin/sh
# Runs the machine-checkable PDF/UA-1 checks of `pdfua` (PyPI: pip install pdfua) on the PDF of
# every example: builds the examples with the debug binary, then checks each PDF. Exit status
# is pdfua's worst (0 = no findings). See docs/document.md, "Accessibility".
set -eu
cd "$(dirname "$0")/.."
bin=target/debug/berattelse
[ -x "$bin" ] || cargo build --quiet
command -v pdfua >/dev/null || { echo "pdfua not found: pip install pdfua" >&2; exit 5; }
$bin build 2024 --project data-examples/exempelkommun >/dev/null
$bin build 2024 --project data-examples/separata-berattelser >/dev/null
$bin build 2024-H1 --project data-examples/avvikelserapport-halvar >/dev/null
worst=0
for pdf in data-examples/*/out/*/*.pdf; do
    rc=0
    pdfua check "$pdf" || rc=$?
    [ "$rc" -gt "$worst" ] && worst=$rc
done
exit "$worst"
