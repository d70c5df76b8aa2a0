#!/bin/sh
# Temporal's persistence on the shared Postgres, run by the `temporal-schema` job of
# docker-compose.yml in the temporalio/admin-tools image (whose version matches the server's).
# Creates the two databases when missing, then applies every schema version the image ships:
# `setup-schema -v 0.0` only initialises version tracking on a new database, and `update-schema`
# skips versions already applied, so running it again (every `docker compose up`, or after raising
# the Temporal image tags) is safe and is how the schema is upgraded.
set -eu

: "${DB:=postgres12}"
: "${POSTGRES_SEEDS:?}"
: "${DB_PORT:=5432}"
: "${POSTGRES_USER:?}"
: "${SQL_PASSWORD:?}"
: "${DBNAME:=temporal}"
: "${VISIBILITY_DBNAME:=temporal_visibility}"
SCHEMA_ROOT=/etc/temporal/schema/postgresql/v12

sql_tool() {
  temporal-sql-tool --plugin "$DB" --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" "$@"
}

echo "waiting for Postgres at $POSTGRES_SEEDS:$DB_PORT"
tries=0
until nc -z "$POSTGRES_SEEDS" "$DB_PORT"; do
  tries=$((tries + 1))
  [ "$tries" -lt 60 ] || { echo "Postgres did not open $POSTGRES_SEEDS:$DB_PORT" >&2; exit 1; }
  sleep 1
done

setup() {
  database=$1
  schema_dir=$2
  if output=$(sql_tool --db "$database" create 2>&1); then
    echo "created database $database"
  else
    case "$output" in
      *"already exists"*) echo "database $database exists" ;;
      *) echo "$output" >&2; exit 1 ;;
    esac
  fi
  sql_tool --db "$database" setup-schema -v 0.0
  sql_tool --db "$database" update-schema -d "$schema_dir"
}

setup "$DBNAME" "$SCHEMA_ROOT/temporal/versioned"
setup "$VISIBILITY_DBNAME" "$SCHEMA_ROOT/visibility/versioned"
echo "Temporal schema is up to date in $DBNAME and $VISIBILITY_DBNAME"
