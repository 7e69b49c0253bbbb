#!/usr/bin/env sh
# Make sure the browser tests have a Chromium: Debian's package at /usr/bin/chromium (Playwright's
# own browser download is not used). Installs it with apt-get when missing and we are root.
# Without it the browser tests skip loudly; with REQUIRE_BROWSER=1 (CI) this script fails instead.
set -u
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "== Installing Debian's chromium for the browser tests"
  apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
    || echo "apt-get could not install chromium" >&2
fi
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
echo "!! No Chromium at $CHROMIUM: the browser tests (tests/browser) will be SKIPPED." >&2
echo "!! Install it with: sudo apt-get install chromium   (or set CHROMIUM=/path/to/chromium)" >&2
case "${REQUIRE_BROWSER:-}" in
  ""|0|false) exit 0 ;;
  *) echo "!! REQUIRE_BROWSER is set: failing." >&2; exit 1 ;;
esac
