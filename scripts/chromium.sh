#!/usr/bin/env bash
# Prints the path of a headless-capable Chromium for the browser tests, installing
# Debian's `chromium` package first when it is missing (needs root and apt; the
# package mirrors must answer). CHROMIUM_PATH overrides the search.
set -euo pipefail
if [[ -n "${CHROMIUM_PATH:-}" && -x "${CHROMIUM_PATH}" ]]; then echo "${CHROMIUM_PATH}"; exit 0; fi
for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
  if [[ -x "$candidate" ]]; then echo "$candidate"; exit 0; fi
done
if [[ "$(id -u)" != "0" ]] || ! command -v apt-get > /dev/null; then
  echo "No Chromium found: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq > /dev/null
apt-get install -y -qq --no-install-recommends chromium > /dev/null
echo /usr/bin/chromium
