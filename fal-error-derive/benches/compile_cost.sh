#!/usr/bin/env bash
# Compile cost of `#[derive(FalError)]` against `#[derive(thiserror::Error)]`, in one run.
#
# Generates a 300-variant enum (unit variants, variants with 1 to 3 ctx fields, msg
# templates over the fields, a few transparent variants) twice: once with
# `#[derive(Debug, FalError)]` and `#[fal(msg = "...")]`, once with
# `#[derive(Debug, thiserror::Error)]` and `#[error("...")]` (both sides derive `Debug`
# and nothing else; no `#[from]`, which would make thiserror generate `From` impls that
# fal's side does not). Then, in interleaved pairs (the order alternating), it times each
# side and prints the median ratio fal/thiserror, of wall time and of CPU time (user +
# system of cargo and its children), with the spread (lowest-highest ratio) of the pairs:
#   - incremental `cargo build` after touching the enum's file
#   - `cargo check` after touching it
#   - release rebuild after touching it
#   - lines of LLVM IR of the enum's crate (debug)
#   - cold `cargo build` of `fal-error` (default features) against a crate on
#     thiserror 2 + serde + serde_json, each in a fresh target directory
#
# Usage: fal-error-derive/benches/compile_cost.sh [PAIRS] [COLD_PAIRS]
# COMPILE_COST_ONLY="incremental check release ir cold" runs only the parts named.
# Timings share the machine with whatever else runs: read the ratios, not the seconds.
set -euo pipefail

only=${COMPILE_COST_ONLY:-incremental check release ir cold}
runs() { [[ " $only " == *" $1 "* ]]; }
pairs=${1:-7}
cold_pairs=${2:-3}
repo=$(cd "$(dirname "$0")/../.." && pwd)
# COMPILE_COST_KEEP=DIR keeps the generated crates (and their targets) in DIR.
if [ -n "${COMPILE_COST_KEEP:-}" ]; then
  work=$COMPILE_COST_KEEP
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
export CARGO_TERM_COLOR=never

variants=300
transparent_every=50

generate() { # $1 = fal | thiserror
  local side=$1 i kind
  if [ "$side" = fal ]; then
    echo "use fal_error::FalError;"
  fi
  for inner in $(seq 0 $((variants / transparent_every - 1))); do
    if [ "$side" = fal ]; then
      echo "#[derive(Debug, FalError)] pub enum Inner$inner {"
      echo "  #[fal(msg = \"inner $inner a {0}\")] InnerA$inner(#[fal(ctx, rename = \"n\")] u32),"
      echo "  #[fal(status = 503, retryable = true)] InnerB$inner,"
      echo "}"
    else
      echo "#[derive(Debug, thiserror::Error)] pub enum Inner$inner {"
      echo "  #[error(\"inner $inner a {0}\")] InnerA$inner(u32),"
      echo "  #[error(\"Inner b$inner\")] InnerB$inner,"
      echo "}"
    fi
  done
  if [ "$side" = fal ]; then
    echo "#[derive(Debug, FalError)] pub enum Big {"
  else
    echo "#[derive(Debug, thiserror::Error)] pub enum Big {"
  fi
  for i in $(seq 0 $((variants - 1))); do
    if [ $((i % transparent_every)) -eq 0 ]; then
      local inner=$((i / transparent_every))
      if [ "$side" = fal ]; then
        echo "  #[fal(transparent)] T$i(Inner$inner),"
      else
        echo "  #[error(transparent)] T$i(Inner$inner),"
      fi
      continue
    fi
    kind=$((i % 4))
    local attr fields
    case $kind in
      0) attr="Variant $i failed"; fields="" ;;
      1) attr="Variant $i failed at {a}"; fields="a: u32" ;;
      2) attr="Variant $i failed at {a} with {b}"; fields="a: u32, b: String" ;;
      3) attr="Variant $i: {a}, {b}, {c:?}"; fields="a: u32, b: String, c: Vec<u8>" ;;
    esac
    if [ "$side" = fal ]; then
      local status=""
      [ $((i % 7)) -eq 0 ] && status=", status = 503, retryable = true"
      local fal_fields=""
      if [ -n "$fields" ]; then
        fal_fields="{ $(echo "$fields" | sed 's/\([a-z]\): /#[fal(ctx)] \1: /g') }"
      fi
      echo "  #[fal(msg = \"$attr\"$status)] V$i $fal_fields,"
    else
      local te_fields=""
      [ -n "$fields" ] && te_fields="{ $fields }"
      echo "  #[error(\"$attr\")] V$i $te_fields,"
    fi
  done
  echo "}"
}

crate() { # $1 = name, $2 = dependencies
  mkdir -p "$work/$1/src"
  cat >"$work/$1/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
$2

[workspace]
TOML
}

crate fal_enum "fal-error = { path = \"$repo/fal-error\" }"
crate thiserror_enum 'thiserror = "2"'
generate fal >"$work/fal_enum/src/lib.rs"
generate thiserror >"$work/thiserror_enum/src/lib.rs"
crate fal_runtime "fal-error = { path = \"$repo/fal-error\" }"
echo "pub use fal_error::FalError;" >"$work/fal_runtime/src/lib.rs"
crate baseline_runtime 'thiserror = "2"
serde = { version = "1", features = ["derive"] }
serde_json = "1"'
cat >"$work/baseline_runtime/src/lib.rs" <<'RS'
#[derive(Debug, thiserror::Error, serde::Serialize)]
#[error("baseline")]
pub struct Baseline;
pub fn body() -> String { serde_json::to_string(&Baseline).unwrap_or_default() }
RS
# Both sides resolve their dependencies once, with the workspace's lock file for fal-error.
cp "$repo/Cargo.lock" "$work/fal_enum/Cargo.lock"
cp "$repo/Cargo.lock" "$work/fal_runtime/Cargo.lock"

now() { date +%s.%N; }
calc() { awk "BEGIN { print $1 }"; }

# "wall cpu": the seconds `cargo $@` takes in crate $1 after touching its lib.rs, and the
# CPU seconds (user + system) it and its children use; on a shared machine the CPU time
# is the steadier of the two.
timed() {
  local dir=$1
  shift
  touch "$work/$dir/src/lib.rs"
  local TIMEFORMAT='%3R %3U %3S' times
  times=$( { time (cd "$work/$dir" && cargo "$@" --quiet >/dev/null 2>&1); } 2>&1)
  echo "$times" | awk '{ print $1, $2 + $3 }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
spread() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f", lo, hi }'; }

# Median over pairs of fal/thiserror, each pair timed back to back, order alternating.
ratio() { # $1 = label, $2... = cargo arguments
  local label=$1
  shift
  local walls=() cpus=() fals=() tes=() pair fal te
  for pair in $(seq 1 "$pairs"); do
    if [ $((pair % 2)) -eq 1 ]; then
      fal=$(timed fal_enum "$@")
      te=$(timed thiserror_enum "$@")
    else
      te=$(timed thiserror_enum "$@")
      fal=$(timed fal_enum "$@")
    fi
    walls+=("$(calc "${fal% *} / ${te% *}")")
    cpus+=("$(calc "${fal#* } / ${te#* }")")
    fals+=("${fal% *}")
    tes+=("${te% *}")
  done
  printf '%-28s %6.2fx wall (spread %s), %.2fx cpu (spread %s)   (median fal %.2f s, thiserror %.2f s, %d pairs)\n' \
    "$label" "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${walls[@]}" | spread)" \
    "$(printf '%s\n' "${cpus[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | spread)" \
    "$(printf '%s\n' "${fals[@]}" | median)" "$(printf '%s\n' "${tes[@]}" | median)" "$pairs"
}

echo "== warming both crates (dependencies, debug and release)"
for dir in fal_enum thiserror_enum; do
  (cd "$work/$dir" && cargo build --quiet && cargo build --release --quiet && cargo check --quiet)
done

echo "== ratios fal-error / thiserror (median of interleaved pairs)"
if runs incremental; then ratio "incremental cargo build" build; fi
if runs check; then ratio "cargo check" check; fi
if runs release; then ratio "release rebuild" build --release; fi

ir_lines() {
  local dir=$1
  rm -f "$work/$dir"/target/debug/deps/"$dir"-*.ll
  (cd "$work/$dir" && touch src/lib.rs && cargo rustc --lib --quiet -- --emit=llvm-ir >/dev/null 2>&1)
  cat "$work/$dir"/target/debug/deps/"$dir"-*.ll | wc -l
}
if runs ir; then
  fal_ir=$(ir_lines fal_enum)
  te_ir=$(ir_lines thiserror_enum)
  printf '%-28s %6.2fx   (fal %d lines, thiserror %d lines)\n' "LLVM IR lines" \
    "$(calc "$fal_ir / $te_ir")" "$fal_ir" "$te_ir"
fi

# A user's build compiles fal-error from the registry, without incremental compilation
# (cargo turns it on only for path dependencies, as fal-error is here): so does this one.
cold() { # $1 = crate
  local target=$work/cold-target
  rm -rf "$target"
  local TIMEFORMAT='%3R %3U %3S' times
  times=$( { time (cd "$work/$1" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=$target cargo build --quiet >/dev/null 2>&1); } 2>&1)
  echo "$times" | awk '{ print $1, $2 + $3 }'
}
if ! runs cold; then exit 0; fi
walls=()
cpus=()
fals=()
tes=()
for pair in $(seq 1 "$cold_pairs"); do
  if [ $((pair % 2)) -eq 1 ]; then
    fal=$(cold fal_runtime)
    te=$(cold baseline_runtime)
  else
    te=$(cold baseline_runtime)
    fal=$(cold fal_runtime)
  fi
  walls+=("$(calc "${fal% *} / ${te% *}")")
  cpus+=("$(calc "${fal#* } / ${te#* }")")
  fals+=("${fal% *}")
  tes+=("${te% *}")
done
printf '%-28s %6.2fx wall (spread %s), %.2fx cpu (spread %s)   (median fal-error %.2f s, thiserror+serde+serde_json %.2f s, %d pairs)\n' \
  "cold build of the runtime" "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${walls[@]}" | spread)" \
  "$(printf '%s\n' "${cpus[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | spread)" \
  "$(printf '%s\n' "${fals[@]}" | median)" "$(printf '%s\n' "${tes[@]}" | median)" "$cold_pairs"
