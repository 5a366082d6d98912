#!/usr/bin/env bash
# The HTML form of every example in data-examples/ (and of the fixtures with every chart type
# and table kind), checked in headless Chromium with
# axe-core (check.mjs): no console errors or requests, headings, landmarks, tables and
# charts present, no accessibility violations. (The Word form is checked in LibreOffice by
# the test suite: tests/testsuite/publish.rs.)
# Needs: target/debug/berattelse (or $BERATTELSE), chromium, node and npm.
# With SCREENSHOT=path the first screen of exempelkommun's HTML is saved there
# (docs/images/example-html.png).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${BERATTELSE:-target/debug/berattelse}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; then
    (cd tests/browser && npm ci --no-audit --no-fund --silent)
fi

html=()
# exempelkommun first: its page is the one in the screenshot.
for example in data-examples/exempelkommun/ $(ls -d data-examples/*/ | grep -v /exempelkommun/); do
    name=$(basename "$example")
    # The avvikelserapport covers a half-year; the others the year.
    case "$name" in
        avvikelserapport-halvar) period=2024-H1 ;;
        *) period=2024 ;;
    esac
    "$bin" build "$period" --project "$example" --out "$work/$name" --format html --quiet
    for f in "$work/$name/$period"/*.html; do html+=("$f"); done
done
# Every chart type and the other table kinds, from the test fixtures.
for fixture in charts other; do
    "$bin" build 2024 --project "tests/fixtures/$fixture" --out "$work/$fixture" --format html --quiet
    html+=("$work/$fixture/2024"/*.html)
done

shot=()
if [ -n "${SCREENSHOT:-}" ]; then shot=(--screenshot "$SCREENSHOT"); fi
node tests/browser/check.mjs "${shot[@]}" "${html[@]}"

