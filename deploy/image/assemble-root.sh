#!/usr/bin/env bash
# Assembles the image's root file system under $1 without any container registry: a Java runtime cut from the build
# JDK with jlink, the C libraries it links against taken from the build machine's Debian archive (apt-get download;
# dpkg-deb -x, no root needed), a passwd entry for the unprivileged user and a writable /tmp. Jib lays the result on
# `scratch` as one layer, under the application's layers (docs/adr/0003-an-image-without-a-registry.md).
set -euo pipefail
usage="usage: assemble-root.sh OUTPUT_DIRECTORY UID MODULES DATA_DIRECTORY"
out=${1:?$usage}
uid=${2:?$usage}
# the JDK modules of the runtime, comma-separated: each image names those its program and libraries use (a fixed
# list rather than jdeps over a long class path, which misses reflective and service-loaded use)
modules=${3:?$usage}
# where the unprivileged user may write (made writable by the image's build; a volume in production)
data=${4:?$usage}
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}

# /etc/passwd is written last; the runtime's module list beside it tells whether the runtime is still the one asked for
if [[ -x "$out/opt/java/bin/java" && -f "$out/etc/passwd" && "$(cat "$out.modules" 2> /dev/null)" == "$uid $modules $data" ]]
then
  echo "image root already assembled at $out"
  exit 0
fi
rm -rf "$out" "$out.modules"
mkdir -p "$out"

"$java_home/bin/jlink" --add-modules "$modules" --include-locales=en,fr \
  --strip-debug --no-man-pages --no-header-files --compress=2 --output "$out/opt/java"

# Debian's JDK keeps its trust store and security files as links into /etc; put the real files in the runtime.
for f in "$out"/opt/java/lib/security/* "$out"/opt/java/conf/security/java.security; do
  if [[ -L "$f" ]]; then
    target=$(readlink -f "$f")
    rm "$f"
    if [[ -f "$target" ]]; then cp "$target" "$f"; fi
  fi
done
find "$out/opt/java" -xtype l -print -delete

# The shared libraries the JVM links against, from the build machine's Debian release.
debs=$(mktemp -d)
trap 'rm -rf "$debs"' EXIT
chmod 755 "$debs" # apt's download user reads the directory when the build runs as root
download() { (cd "$debs" && apt-get download -qq libc6 libgcc-s1 libstdc++6 zlib1g > /dev/null 2>&1); }
# without package lists (a fresh build machine) apt knows no versions to download: read them first, as root
download || { [[ $(id -u) == 0 ]] && apt-get update -qq > /dev/null && download; } \
  || { echo "apt-get download failed: the image's C libraries come from the Debian archive" >&2; exit 1; }
for deb in "$debs"/*.deb; do
  dpkg-deb -x "$deb" "$out"
done
rm -rf "$out/usr/share/doc" "$out/usr/share/lintian" "$out/usr/share/gdb" "$out/usr/share/locale" \
  "$out/usr/share/gcc" "$out/usr/lib/x86_64-linux-gnu/gconv" "$out/sbin" "$out/usr/sbin" "$out/usr/bin" \
  "$out/etc/ld.so.conf.d" 2> /dev/null || true
# merged /usr: the dynamic linker is looked up at /lib64 and the libraries under /lib
if [[ ! -e "$out/lib64" && -d "$out/usr/lib64" ]]; then ln -s usr/lib64 "$out/lib64"; fi
if [[ ! -e "$out/lib" && -d "$out/usr/lib" ]]; then ln -s usr/lib "$out/lib"; fi

# Jib copies a link's target, not the link: make every link a relative one inside the tree first, so that no file of
# the build machine (an absolute link such as /lib64/ld-linux-x86-64.so.2) is read in its place.
while IFS= read -r link; do
  target=$(readlink "$link")
  if [[ "$target" == /* ]]; then
    ln -sfn "$(realpath --relative-to="$(dirname "$link")" -m "$out$target")" "$link"
  fi
done < <(find "$out" -type l)

mkdir -p "$out/etc" "$out/tmp" "$out/home/stockbridge" "$out/proc" "$out/sys" "$out/dev" "$out$data"
printf 'root:x:0:0:root:/root:/sbin/nologin\nstockbridge:x:%s:%s:Stockbridge:/home/stockbridge:/sbin/nologin\n' \
  "$uid" "$uid" > "$out/etc/passwd"
printf 'root:x:0:\nstockbridge:x:%s:\n' "$uid" > "$out/etc/group"
du -sh "$out" | sed 's/^/image root: /'
echo "$uid $modules $data" > "$out.modules"
