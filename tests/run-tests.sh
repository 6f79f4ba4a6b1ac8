#!/usr/bin/env bash
# Builds the solution (warnings are errors) and runs every test project; ends with a "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
configuration="${CONFIGURATION:-Debug}"
results="$(mktemp -d)"

dotnet build Prometei.sln -c "$configuration" -nologo -v q || exit 1

status=0
for project in tests/*Tests/*.csproj; do
  name="$(basename "$project" .csproj)"
  echo "== $name"
  dotnet test "$project" -c "$configuration" --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --blame-hang-timeout 10m || status=1
done

python3 - "$results" <<'PY' || true
import sys, glob, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
