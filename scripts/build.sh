#!/usr/bin/env bash
# `npm run build`: compiles src/ to JavaScript in dist/, with source maps (the app runs with
# --enable-source-maps, so a stack trace in the logs names the TypeScript lines). Compiled into a
# fresh folder and swapped in only when the compile succeeded, so a failed build leaves the
# previous dist/ whole.
set -euo pipefail
cd "$(dirname "$0")/.."
# A build killed between the two moves below left the good copy in dist.old: put it back first.
if [ ! -d dist ] && [ -d dist.old ]; then mv dist.old dist; fi
rm -rf dist.next dist.old
node_modules/.bin/tsc -p tsconfig.build.json --outDir dist.next
cp src/adapters/simulator/page.html dist.next/adapters/simulator/
if [ -d dist ]; then mv dist dist.old; fi
mv dist.next dist
rm -rf dist.old
