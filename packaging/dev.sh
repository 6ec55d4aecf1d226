#!/usr/bin/env bash
# Set up a development environment and then start the app or run the tests.
#
#   bash packaging/dev.sh app     # set up, then start BackCoach
#   bash packaging/dev.sh test    # set up, then run ruff, the import contracts (lint-imports),
#                                 # the type checker (mypy) and the whole test suite
#   bash packaging/dev.sh setup   # only set up (packaging/build.sh uses this)
#
# Setting up means: on Debian/Ubuntu, install the system packages Qt, speech and the tests
# need (only those missing; uses sudo when not root), then create .venv with Python 3.10+
# and install BackCoach into it with its test extra. Safe to run again: it only adds
# what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  espeak-ng libespeak-ng1 alsa-utils
  xvfb xdotool x11-utils libxss1 dbus-daemon trayer libxft2 imagemagick
  libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-xinerama0 libxcb-xkb1 libxcb-shape0 libxcb-randr0
  fonts-dejavu-core
  haskell-gtk-sni-tray-utils imagemagick
  desktop-file-utils appstream lintian binutils patchelf dpkg-dev debootstrap
  at-spi2-core python3-pyatspi
)

install_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || { echo "Not Debian-like: install espeak-ng and Qt's xcb libraries yourself."; return 0; }
  local missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing system packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

setup_venv() {
  local python="${PYTHON:-python3}"
  if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
  fi
  local stamp=.venv/.backcoach-installed
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[test]"
    touch "$stamp"
  fi
}

command="${1:-}"
case "$command" in
  app|test|setup) ;;
  *) echo "usage: bash packaging/dev.sh app|test|setup [args...]" >&2; exit 2 ;;
esac
shift
install_system_packages
setup_venv

if [ "$command" = setup ]; then
  exit 0
fi
if [ "$command" = app ]; then
  exec .venv/bin/backcoach "$@"
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports  # the layers: docs/layers.md
.venv/bin/mypy          # configured in pyproject.toml
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
