#!/usr/bin/env bash
# The whole-process benchmark of issue 15, in one invocation (hyperfine, release build):
#
#   1. the example build (report + tjänsteskrivelse, md + pdf) against the typst CLI of the
#      same version compiling the sources `build --format typ` writes (<slug>.typst/), and
#      against the pandoc route (pandoc on the tool's Markdown → typst → PDF);
#   2. `check` of event files of 10 000, 100 000 and 1 000 000 rows (examples/avvikelser_stor.rs);
#   3. a report of about 150 pages against typst alone on its sources;
#   4. 20 projects: one `build` with 20 --project against 20 builds one after the other.
#
# It prints hyperfine's tables and the ratios; docs/performance.md records a run.
#
#   cargo build --release && cargo build --example avvikelser_stor
#   TYPST=/path/to/typst PANDOC=/path/to/pandoc benches/run.sh
#
# TYPST: the typst CLI 0.15.1 (`cargo install typst-cli --version 0.15.1 --locked --root DIR`);
# PANDOC: pandoc 3 (its typst writer; Debian 12's pandoc 2.17 has none, the PyPI package
# pypandoc-binary ships pandoc 3.9). A missing tool skips its comparison. RUNS (default 7)
# sets the runs per command; BENCH_DIR (default target/bench) the scratch folder.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin=$root/target/release/berattelse
# The generator only writes a file: any build of it will do (the test build has one).
gen=${GEN:-$root/target/release/examples/avvikelser_stor}
[[ -x $gen ]] || gen=$root/target/debug/examples/avvikelser_stor
runs=${RUNS:-7}
work=${BENCH_DIR:-$root/target/bench}
typst=${TYPST:-$(command -v typst || true)}
pandoc=${PANDOC:-$(command -v pandoc || true)}
[[ -x $bin && -x $gen ]] || { echo "build first: cargo build --release && cargo build --example avvikelser_stor" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }

rm -rf "$work" && mkdir -p "$work/json"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "berattelse: $bin ($(stat -c %s "$bin") bytes); typst: ${typst:-none}; pandoc: ${pandoc:-none}"

bench() { # name, then hyperfine arguments
    local name=$1
    shift
    hyperfine --warmup 1 --runs "$runs" --style basic --export-json "$work/json/$name.json" "$@"
}

# 1. The example, and the typst sources it writes.
cp -r data-examples/exempelkommun "$work/ex" && rm -rf "$work/ex/out"
"$bin" build 2024 --project "$work/ex" --format md,pdf,typ --quiet
slug=kvalitets-och-patientsakerhetsberattelse-2024
sources=$work/ex/out/2024/$slug.typst
memo=$work/ex/out/2024/$slug-tjansteskrivelse.typst
compile() { # folder, main file, output
    echo "$typst compile --root $1 --font-path $1/fonts --ignore-system-fonts --features a11y-extras --pdf-standard a-2a,ua-1 $1/$2 $3"
}
echo "the typst CLI on the generated sources: $(compile "$sources" report.typ "$work/typst.pdf")"
example=("$bin build 2024 --project $work/ex --quiet")
if [[ -n $typst ]]; then
    example+=("$(compile "$sources" report.typ "$work/typst.pdf") && $(compile "$memo" tjansteskrivelse.typ "$work/memo.pdf")")
fi
if [[ -n $pandoc && -n $typst ]]; then
    PATH=$(dirname "$typst"):$PATH
    export PATH
    example+=("$pandoc $work/ex/out/2024/$slug.md -o $work/pandoc.pdf --pdf-engine=typst")
fi
bench example "${example[@]}"

# 2. Event files.
for rows in 10000 100000 1000000; do
    "$gen" "$work/events-$rows" "$rows" >/dev/null
done
# The generated project has data and no texts: check reads every row, then fails on the
# legal checklist (exit code 1), which is what is timed.
bench events -i \
    "$bin check 2024 --project $work/events-10000 --quiet" \
    "$bin check 2024 --project $work/events-100000 --quiet" \
    "$bin check 2024 --project $work/events-1000000 --quiet"
/usr/bin/time -f "check of 1 000 000 rows: %e s, %U s user, %M KB max RSS" "$bin" check 2024 --project "$work/events-1000000" --quiet >/dev/null 2>"$work/events.err" || true
tail -1 "$work/events.err"

# 3. About 150 pages: the example with every text five times as long.
cp -r data-examples/exempelkommun "$work/long" && rm -rf "$work/long/out"
python3 - "$work/long/texts" <<'EOF'
import pathlib, sys
for p in pathlib.Path(sys.argv[1]).rglob("*.md"):
    text = p.read_text(encoding="utf-8")
    # The paragraphs without headings, lists or tables, repeated: more pages, same outline.
    paragraphs = [b for b in text.split("\n\n") if b.strip() and b.lstrip()[0] not in "#-*|!<>0123456789"]
    if paragraphs:
        p.write_text(text.rstrip("\n") + "\n\n" + "\n\n".join(paragraphs * 5) + "\n", encoding="utf-8")
EOF
"$bin" build 2024 --project "$work/long" --format md,pdf,typ --quiet || true
long=("$bin build 2024 --project $work/long --quiet")
[[ -n $typst ]] && long+=("$(compile "$work/long/out/2024/$slug.typst" report.typ "$work/long.pdf") && $(compile "$work/long/out/2024/$slug-tjansteskrivelse.typst" tjansteskrivelse.typ "$work/long-memo.pdf")")
bench long "${long[@]}"
python3 - "$work/long/out/2024/$slug.pdf" <<'EOF'
import re, sys
data = open(sys.argv[1], "rb").read()
print("pages of the long report:", len(re.findall(rb"/Type\s*/Page[^s]", data)))
EOF

# 4. Twenty projects.
list=()
for i in $(seq -w 1 20); do
    cp -r "$work/ex" "$work/batch-$i" && rm -rf "$work/batch-$i/out"
    list+=(--project "$work/batch-$i")
done
bench batch \
    "for i in \$(seq -w 1 20); do $bin build 2024 --project $work/batch-\$i --quiet; done" \
    "$bin build 2024 ${list[*]} --quiet"

python3 - "$work/json" <<'EOF'
import json, pathlib, statistics, sys
d = pathlib.Path(sys.argv[1])
def med(name):
    return [statistics.median(r["times"]) for r in json.loads((d / f"{name}.json").read_text())["results"]]
print("\nmedians (s) and ratios")
ex = med("example")
print(f"example build {ex[0]:.3f}", end="")
if len(ex) > 1: print(f"; typst CLI {ex[1]:.3f}: berattelse/typst = {ex[0]/ex[1]:.2f}", end="")
if len(ex) > 2: print(f"; pandoc route {ex[2]:.3f}: pandoc/berattelse = {ex[2]/ex[0]:.2f}", end="")
print()
ev = med("events")
print("check of event files (10k, 100k, 1M rows): " + ", ".join(f"{t:.3f}" for t in ev))
lo = med("long")
print(f"~150-page report {lo[0]:.3f}" + (f"; typst alone {lo[1]:.3f}: ratio {lo[0]/lo[1]:.2f}" if len(lo) > 1 else ""))
b = med("batch")
print(f"20 projects: one after the other {b[0]:.3f}, in one build {b[1]:.3f}: {b[0]/b[1]:.2f}x faster")
EOF
