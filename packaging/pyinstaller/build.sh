#!/usr/bin/env bash
# Build Rapport as a one-folder app with PyInstaller, then prove it starts.
#
#   packaging/pyinstaller/build.sh [--plain] [--out DIR]
#
#   --plain    build without trimming (RAPPORT_TRIM=0), to measure what trimming saves
#   --out DIR  where build/ and dist/ go (default: build/pyinstaller in the checkout)
#
# Uses $PYTHON (default: python3) with PyInstaller installed: pip install -e '.[package]'.
# The result is DIR/dist/rapport/: run ./journal in it. On Linux the launcher files and
# install.sh are copied next to the executable: ./install.sh adds Rapport to the menu.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
python=${PYTHON:-python3}
out="$root/build/pyinstaller"
trim=1

while [ $# -gt 0 ]; do
    case "$1" in
        --plain) trim=0; shift ;;
        --out) out="$2"; shift 2 ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

if ! "$python" -c "import PyInstaller" 2>/dev/null; then
    echo "build.sh: PyInstaller is missing for $python; run: pip install -e '.[package]'" >&2
    exit 1
fi

version=$(cd "$root" && "$python" -c "import journal; print(journal.__version__)")
echo "Building Rapport $version (trim=$trim) into $out/dist/rapport"
rm -rf "$out/dist/rapport"
RAPPORT_TRIM=$trim "$python" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$out/dist" --workpath "$out/work" "$here/rapport.spec"

bundle="$out/dist/rapport"
if [ "$(uname -s)" = Linux ]; then
    cp "$root/packaging/linux/install.sh" "$root/packaging/linux/org.rapport.Rapport.desktop" \
        "$root/packaging/linux/org.rapport.Rapport.metainfo.xml" "$bundle/"
fi

# The frozen app must at least know its own version; build fails otherwise.
reported=$("$bundle/journal" --version)
if [ "$reported" != "Rapport $version" ]; then
    echo "build.sh: the bundle says '$reported', expected 'Rapport $version'" >&2
    exit 1
fi

size=$(du -sb "$bundle" | cut -f1)
echo "Built $bundle: $((size / 1024 / 1024)) MiB ($size bytes, $(find "$bundle" -type f | wc -l) files)"
