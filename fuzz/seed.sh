#!/usr/bin/env bash
# Seed each fuzz target's corpus (fuzz/corpus/<target>/) from the example projects and the
# test fixtures, so libFuzzer starts from real files. Run from anywhere; idempotent.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$root/fuzz/corpus"
seed() { # target, files...
  local t=$1; shift
  mkdir -p "$corpus/$t"
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$corpus/$t/$(echo "$f" | sed "s#$root/##; s#/#_#g")"
  done
  return 0
}
ex="$root/data-examples"; fx="$root/tests/fixtures"
seed csv_table $(find "$ex" "$fx" -path '*/data/*' \( -name '*.csv' -o -name '*.tsv' -o -name '*.txt' \) ! -name 'avvikelser*')
seed csv_stream $(find "$ex" "$fx" -path '*/data/*' -name 'avvikelser*.csv')
seed xlsx $(find "$ex" "$fx" -name '*.xlsx')
seed yaml_config $(find "$ex" "$fx" -name 'berattelse.yaml')
seed yaml_catalogue $(find "$ex" "$fx" -name 'indikatorer.yaml') "$root/report-templates/indicators.yaml"
seed spanjson $(find "$ex" "$fx" -name '*.json' ! -path '*/out/*')
seed markdown_typst $(find "$ex" "$fx" -path '*/texts/*' -name '*.md')
mkdir -p "$corpus/number"
for n in "1 234,5" "−12" "12,5 %" "1.234.567,89" ".." "-" "ca 3" "1e3" "0,000001"; do
  printf '%s' "$n" > "$corpus/number/$(printf '%s' "$n" | md5sum | cut -c1-12)"
done
# project_check: the first byte chooses the file (see targets.rs); seed with each file as is.
mkdir -p "$corpus/project_check"
i=0
for f in berattelse.yaml data/nyckeltal.csv data/avvikelser.csv data/indikatorer.yaml data/mal.yaml \
         texts/sammanfattning.md data/kolada.json data/senior-alert.csv; do
  if [ -f "$ex/exempelkommun/$f" ]; then
    { printf "\\x$(printf '%02x' $i)"; cat "$ex/exempelkommun/$f"; } > "$corpus/project_check/seed-$i"
  fi
  i=$((i + 1))
done
# Fixed findings stay in their target's corpus.
for f in "$root"/fuzz/findings/*-*; do
  t=$(basename "$f"); t=${t%%-*}
  mkdir -p "$corpus/$t" && cp "$f" "$corpus/$t/finding-$(basename "$f")"
done
for t in "$corpus"/*; do echo "$(basename "$t"): $(ls "$t" | wc -l) seeds"; done
