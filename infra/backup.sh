#!/usr/bin/env bash
# Backs up the Tremplin PostgreSQL database with pg_dump, custom format (compressed, restorable
# table by table with pg_restore), into BACKUP_DIR with the time in its name, then removes the
# backups older than BACKUP_KEEP_DAYS. Prints the path of the new file on its last line.
#
#   DATABASE_URL=postgres://tremplin@db/tremplin infra/backup.sh
#
# DATABASE_URL (required), BACKUP_DIR (./backups), BACKUP_KEEP_DAYS (30; 0 keeps everything).
# The dump is written under a temporary name and renamed when complete, so a backup that failed
# half-way never looks like a good one. pg_dump reads one consistent snapshot: run it while the
# platform is up.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL names the database to back up}"
dir="${BACKUP_DIR:-./backups}"
keep="${BACKUP_KEEP_DAYS:-30}"

mkdir -p "$dir"
chmod 700 "$dir"
file="$dir/tremplin-$(date -u +%Y%m%dT%H%M%SZ).dump"
partial="$file.partial"
trap 'rm -f "$partial"' EXIT

umask 077
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$partial" "$DATABASE_URL"
pg_restore --list "$partial" >/dev/null # the archive is readable end to end
mv "$partial" "$file"

if [ "$keep" -gt 0 ]; then
  find "$dir" -maxdepth 1 -name 'tremplin-*.dump' -type f -mtime +"$keep" -print -delete \
    | sed 's/^/removed old backup: /'
fi
echo "$file"
