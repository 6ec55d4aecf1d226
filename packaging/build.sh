#!/usr/bin/env bash
# Build BackCoach for users.
#
#   bash packaging/build.sh deb      # build/backcoach_<version>_<arch>.deb (bundled Python and Qt)
#   bash packaging/build.sh wheel    # build/dist-py/backcoach-<version>-py3-none-any.whl and sdist
#   bash packaging/build.sh bundle   # only the PyInstaller folder, build/dist/backcoach/
#
# Sets up .venv like packaging/dev.sh (plus PyInstaller, build and twine), then builds. The
# .deb is checked with lintian and the desktop entry and AppStream data with
# desktop-file-validate and appstreamcli; any error stops the build. See docs/packaging.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

APP_ID=io.github.backcoach.BackCoach
BUILD_TOOLS=(pyinstaller==6.22.3 build twine)
# Libraries BackCoach loads with ctypes (PyInstaller cannot see them) -> Debian packages.
# libespeak-ng1 only when the bundle has no espeak-ng of its own (the espeakng-loader package).
CTYPES_DEPENDS=(libx11-6 libxss1)

version() { .venv/bin/python -c 'import backcoach; print(backcoach.__version__)'; }

setup() {
  bash packaging/dev.sh setup
  local stamp=.venv/.backcoach-build-tools
  if [ ! -f "$stamp" ] || [ "$0" -nt "$stamp" ]; then
    .venv/bin/python -m pip install -q "${BUILD_TOOLS[@]}"
    touch "$stamp"
  fi
}

validate_desktop_files() {
  desktop-file-validate "packaging/$APP_ID.desktop"
  appstreamcli validate --no-net --explain "packaging/$APP_ID.metainfo.xml" >/dev/null \
    || appstreamcli validate --no-net --explain "packaging/$APP_ID.metainfo.xml"
}

build_bundle() {
  .venv/bin/python packaging/render_icons.py --check
  rm -rf build/dist/backcoach
  .venv/bin/pyinstaller --noconfirm --log-level WARN --distpath build/dist \
    --workpath build/pyinstaller packaging/backcoach.spec
}

# Libraries the bundle must keep: BackCoach's Python and Qt, newer than (or absent from) Debian 12.
OWN_LIBRARIES='^(libpython|libQt6|libpyside6|libshiboken6|libicu)'

# Delete from the bundle each library PyInstaller copied from a Debian package: the package will
# depend on that package instead (lintian: no embedded copies; security updates reach them).
use_system_libraries() {
  local internal=$1/_internal lib name
  for lib in "$internal"/*.so*; do
    name=${lib##*/}
    [ -L "$lib" ] || [[ $name =~ $OWN_LIBRARIES ]] && continue
    if dpkg -S "/usr/lib/$(gcc_triplet)/$name" >/dev/null 2>&1 \
      || dpkg -S "/lib/$(gcc_triplet)/$name" >/dev/null 2>&1; then
      rm "$lib"
    fi
  done
  # pyenv's Python points its extension modules at its own lib folder (RUNPATH); in the package
  # they find libpython in the bundle.
  find "$1" -name '*.so*' -type f | while read -r lib; do
    case "$(patchelf --print-rpath "$lib" 2>/dev/null)" in /*) patchelf --remove-rpath "$lib" ;; esac
  done
}

gcc_triplet() { dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu; }

# Print the Debian packages holding the libraries the bundle's programs and libraries link to
# directly (NEEDED) and do not carry; their own dependencies come with those packages.
system_depends() {
  local bundle=$1 soname path
  find "$bundle" -type f \( -name '*.so' -o -name '*.so.*' -o -name backcoach \) \
    -exec objdump -p {} + 2>/dev/null | awk '$1 == "NEEDED" {print $2}' | sort -u \
    | while read -r soname; do
        [ -n "$(find "$bundle" -name "$soname" -print -quit)" ] && continue
        path=$(ldconfig -p | awk -v so="$soname" '$1 == so && $0 ~ /x86-64|64bit/ {print $NF; exit}')
        [ -n "$path" ] || path=$(ldconfig -p | awk -v so="$soname" '$1 == so {print $NF; exit}')
        if [ -z "$path" ]; then echo "No system library $soname for the bundle" >&2; return 1; fi
        dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null \
          || dpkg -S "/usr$path" 2>/dev/null || { echo "No Debian package has $path" >&2; return 1; }
      done \
    | cut -d: -f1 | sort -u
}

build_deb() {
  validate_desktop_files
  build_bundle
  local ver arch pkg stage glibc
  ver=$(version)
  arch=$(dpkg --print-architecture)
  pkg="build/backcoach_${ver}_${arch}.deb"
  stage=build/deb-root
  rm -rf "$stage"
  mkdir -p "$stage/DEBIAN" "$stage/usr/lib" "$stage/usr/bin" "$stage/usr/share/doc/backcoach" \
    "$stage/usr/share/applications" "$stage/usr/share/metainfo" "$stage/usr/share/man/man1"
  cp -a build/dist/backcoach "$stage/usr/lib/backcoach"
  use_system_libraries "$stage/usr/lib/backcoach"
  ln -s ../lib/backcoach/backcoach "$stage/usr/bin/backcoach"
  install -m 0644 "packaging/$APP_ID.desktop" "$stage/usr/share/applications/"
  install -m 0644 "packaging/$APP_ID.metainfo.xml" "$stage/usr/share/metainfo/"
  mkdir -p "$stage/usr/share/icons"
  cp -r assets/icons/hicolor "$stage/usr/share/icons/"
  install -m 0644 packaging/deb/copyright "$stage/usr/share/doc/backcoach/copyright"
  gzip -9n -c packaging/deb/changelog > "$stage/usr/share/doc/backcoach/changelog.gz"
  gzip -9n -c packaging/deb/backcoach.1 > "$stage/usr/share/man/man1/backcoach.1.gz"
  install -m 0755 packaging/deb/postrm "$stage/DEBIAN/postrm"
  install -D -m 0644 packaging/deb/lintian-overrides "$stage/usr/share/lintian/overrides/backcoach"
  # Files and folders: root-owned, 0644/0755 (PyInstaller keeps the modes of the venv's files).
  find "$stage" -type d -exec chmod 0755 {} +
  find "$stage/usr" -type f -exec chmod 0644 {} +
  chmod 0755 "$stage/usr/lib/backcoach/backcoach"

  local depends
  glibc=$(dpkg-query -W -f='${Version}' libc6 | cut -d- -f1)
  local speech=()
  [ -n "$(find "$stage/usr/lib/backcoach" -path '*espeakng_loader*' -name 'libespeak-ng.so*' -print -quit)" ] \
    || speech=(libespeak-ng1)
  depends=$(
    {
      system_depends "$stage/usr/lib/backcoach"
      printf '%s\n' "${CTYPES_DEPENDS[@]}" "${speech[@]}"
    } | grep -v '^libc6$' | sort -u | paste -sd, | sed 's/,/, /g'
  )
  sed -e "s/@VERSION@/$ver/" -e "s/@ARCH@/$arch/" \
    -e "s/@DEPENDS@/libc6 (>= $glibc), $depends/" \
    -e "s/@SIZE@/$(du -sk --apparent-size "$stage/usr" | cut -f1)/" \
    packaging/deb/control.in > "$stage/DEBIAN/control"
  (cd "$stage" && find usr -type f -print0 | sort -z | xargs -0 md5sum) > "$stage/DEBIAN/md5sums"
  chmod 0644 "$stage/DEBIAN/control" "$stage/DEBIAN/md5sums"
  dpkg-deb --root-owner-group -Zxz --build "$stage" "$pkg" >/dev/null
  echo "Built $pkg ($(du -h "$pkg" | cut -f1)); Depends: libc6 (>= $glibc), $depends"
  lintian --tag-display-limit 0 --fail-on error "$pkg"
}

build_wheel() {
  rm -rf build/dist-py
  .venv/bin/python -m build --outdir build/dist-py . >/dev/null
  .venv/bin/twine check --strict build/dist-py/*
}

command="${1:-}"
case "$command" in
  deb) setup; build_deb ;;
  wheel) setup; build_wheel ;;
  bundle) setup; build_bundle ;;
  *) echo "usage: bash packaging/build.sh deb|wheel|bundle" >&2; exit 2 ;;
esac
