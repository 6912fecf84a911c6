#!/usr/bin/env bash
# System packages the e-invoice validation tests need (test/support/einvoice-validate.ts):
#   libxml2-utils           xmllint, for XSD validation against the UBL 2.5 schemas
#   libsaxonhe-java         Saxon-HE 9.9 (XSLT 2.0), runs the EN 16931 and Peppol BIS rules
#   openjdk-17-jdk-headless java + the single-file source launcher the Saxon batch runner uses
# Idempotent and quiet: installs only what is missing, so a second run costs a dpkg query.
set -euo pipefail

packages=(libxml2-utils libsaxonhe-java openjdk-17-jdk-headless)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "== installing system packages: ${missing[*]}"
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
