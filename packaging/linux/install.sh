#!/bin/sh
# Put Rapport in the desktop's application menu: the launcher (.desktop), the AppStream
# metainfo and the icons, under a prefix (default ~/.local, for this user only).
#
#   packaging/linux/install.sh [--prefix DIR] [--exec COMMAND] [--uninstall]
#
# Works from a checkout (next to journal/) and from the PyInstaller bundle (build.sh
# copies this script next to the `journal` executable, and then the launcher runs it).
set -eu

APP_ID=org.rapport.Rapport
here=$(cd "$(dirname "$0")" && pwd)
prefix="${HOME}/.local"
exec_cmd=""
uninstall=0

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="$2"; shift 2 ;;
        --exec) exec_cmd="$2"; shift 2 ;;
        --uninstall) uninstall=1; shift ;;
        -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

if [ -d "$here/_internal/journal/resources/icons/app" ]; then      # the bundle
    icons="$here/_internal/journal/resources/icons/app"
    [ -n "$exec_cmd" ] || exec_cmd="$here/journal"
elif [ -d "$here/../../resources/icons/app" ]; then        # a checkout
    icons=$(cd "$here/../../resources/icons/app" && pwd)
    [ -n "$exec_cmd" ] || exec_cmd="journal"
else
    echo "install.sh: cannot find Rapport's icons next to this script" >&2
    exit 1
fi

share="$prefix/share"
sizes="16 22 24 32 48 64 128 256 512"

if [ "$uninstall" = 1 ]; then
    rm -f "$share/applications/$APP_ID.desktop" "$share/metainfo/$APP_ID.metainfo.xml" \
        "$share/icons/hicolor/scalable/apps/$APP_ID.svg"
    for size in $sizes; do
        rm -f "$share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
    done
    echo "Removed Rapport's launcher and icons from $share (your journal is untouched)."
    exit 0
fi

case "$exec_cmd" in
    *[\ \"\'\\\$\`\&\|]*) echo "install.sh: put the executable in a path without spaces or quotes" >&2
                      exit 2 ;;
esac

install -d "$share/applications" "$share/metainfo" "$share/icons/hicolor/scalable/apps"
sed "s|^Exec=journal\$|Exec=$exec_cmd|" "$here/$APP_ID.desktop" \
    > "$share/applications/$APP_ID.desktop"
chmod 644 "$share/applications/$APP_ID.desktop"
install -m 644 "$here/$APP_ID.metainfo.xml" "$share/metainfo/$APP_ID.metainfo.xml"
install -m 644 "$icons/$APP_ID.svg" "$share/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in $sizes; do
    install -D -m 644 "$icons/rapport-$size.png" \
        "$share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done

# Refresh the caches when the tools exist; desktops also notice on their own.
command -v update-desktop-database >/dev/null 2>&1 \
    && update-desktop-database -q "$share/applications" 2>/dev/null || true
command -v gtk-update-icon-cache >/dev/null 2>&1 \
    && gtk-update-icon-cache -q -t "$share/icons/hicolor" 2>/dev/null || true

echo "Installed Rapport's launcher in $share/applications (runs: $exec_cmd)."
