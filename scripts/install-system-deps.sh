#!/usr/bin/env bash
# Install the Debian packages some tests need: a Java runtime (HermiT reasoner via owlready2),
# Virtuoso Open Source (remote-endpoint tests) and Chromium + ChromeDriver (browser tests of `wardkg serve`).
# Runs apt-get only as root and only for what is missing. With STRICT=1 (as in CI) it exits non-zero
# if anything could not be installed; otherwise the tests that need it skip with a visible reason.
set -u
need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
# a Japanese font, so that the browser tests' screenshots show the text instead of empty boxes
{ command -v fc-list >/dev/null 2>&1 && fc-list :lang=ja | grep -q .; } || need+=(fonts-ipafont-gothic)
if [ ${#need[@]} -eq 0 ]; then
  echo "system dependencies: all present"
  exit 0
fi
echo "system dependencies missing: ${need[*]}"
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "not root or no apt-get: cannot install ${need[*]}; the tests that need them will skip"
  [ "${STRICT:-0}" = 1 ] && exit 1
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || apt-get update -qq
if ! apt-get install -y -qq --no-install-recommends "${need[@]}" >/tmp/wardkg-apt.log 2>&1; then
  tail -20 /tmp/wardkg-apt.log
  echo "apt-get install failed for: ${need[*]}"
  [ "${STRICT:-0}" = 1 ] && exit 1
fi
exit 0
