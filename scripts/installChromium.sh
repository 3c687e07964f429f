#!/usr/bin/env bash
# Installs Debian's Chromium (used headless by the webview and e2e suites) when it is missing.
# Idempotent and silent when already installed; needs root (apt-get), as CI and sessions run here.
set -euo pipefail

if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi liberation; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "installChromium: /usr/bin/chromium is missing and this is not root; install the Debian package 'chromium' yourself." >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "installChromium: installing chromium and fonts from Debian..."
# The package lists may be absent or stale on a fresh machine.
$SUDO apt-get update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium fonts-liberation fontconfig >/dev/null
echo "installChromium: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium installed')"
