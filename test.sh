#!/usr/bin/env bash
# Runs every test: installs the pinned Azurite from package.json, then the whole solution's tests.
set -euo pipefail
cd "$(dirname "$0")"
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
dotnet test HateCaseFunctions.sln --nologo "$@"
