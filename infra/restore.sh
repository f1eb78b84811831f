#!/usr/bin/env bash
# Restores a backup made by backup.sh into an EMPTY database (create it first), in one
# transaction: either everything is restored or nothing is. Refuses a database that already has
# Tremplin tables, so a restore never mixes with live data; to replace a database, restore into a
# new one, check it, then point DATABASE_URL at it.
#
#   createdb tremplin_restored
#   infra/restore.sh backups/tremplin-20261126T020000Z.dump postgres://tremplin@db/tremplin_restored
#
# The API started on the restored database applies any newer migrations itself.
set -euo pipefail

file="${1:?usage: restore.sh BACKUP_FILE TARGET_DATABASE_URL}"
target="${2:?usage: restore.sh BACKUP_FILE TARGET_DATABASE_URL}"
[ -r "$file" ] || { echo "restore.sh: cannot read $file" >&2; exit 2; }

tables=$(psql "$target" -XtAc "select count(*) from pg_tables where schemaname in ('public', 'drizzle')")
if [ "$tables" != "0" ]; then
  echo "restore.sh: the target database already has $tables tables; restore into an empty database" >&2
  exit 3
fi

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$target" "$file"
psql "$target" -XqAc "analyze" # fresh planner statistics, so searches use their indexes at once
echo "restored $file into the target database"
