#!/usr/bin/env bash
# Runs the app locally: installs the pinned Azurite if needed; the app starts it itself
# (UseDevelopmentStorage=true) and serves on http://localhost:7071 with the development mailbox.
# The function classes run in HateCase.LocalHost, without the Functions host. (`dotnet run` on the
# project would start Azure Functions Core Tools instead, if they are installed: see the README.)
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules/azurite ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
dotnet build src/HateCase.App --nologo -v quiet -clp:ErrorsOnly
cd src/HateCase.App
ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:7071}" \
  exec dotnet bin/Debug/net10.0/HateCase.App.dll "$@"
