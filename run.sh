#!/usr/bin/env bash
# Runs the app locally: installs the pinned Azurite if needed; the app starts it itself
# (UseDevelopmentStorage=true) and serves on http://localhost:7071 with the development mailbox.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules/azurite ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec dotnet run --project src/HateCase.App "$@"
