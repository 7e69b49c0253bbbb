#!/usr/bin/env bash
# Rebuild the vendored front-end files from npm (no CDN at run time: hospital networks
# and these machines have no internet). Pin versions here; commit the result.
set -euo pipefail
FKUI_VERSION=6.44.0
HTMX_VERSION=2.0.10
AXE_VERSION=4.14.1
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm init -y >/dev/null
npm install --no-audit --no-fund "@fkui/design@$FKUI_VERSION" "htmx.org@$HTMX_VERSION" "axe-core@$AXE_VERSION" >/dev/null
v="$root/samsyn/static/vendor"
mkdir -p "$v/fkui" "$v/htmx" "$root/tests/browser/vendor"
cp node_modules/@fkui/design/lib/fkui.min.css node_modules/@fkui/design/LICENSE.md "$v/fkui/"
cp node_modules/htmx.org/dist/htmx.min.js "$v/htmx/"
cp node_modules/htmx.org/LICENSE "$v/htmx/LICENSE"
# axe-core is only for the browser test suite, never served to users.
cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE "$root/tests/browser/vendor/"
echo "Vendored @fkui/design $FKUI_VERSION, htmx.org $HTMX_VERSION, axe-core $AXE_VERSION"
