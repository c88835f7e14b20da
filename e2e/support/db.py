"""Create or drop the throwaway E2E database: `python db.py create|drop URL`, where URL is
`postgresql://…/oe_e2e…` or `sqlite:////…/oe_e2e….sqlite3`.

Refuses any database whose name does not start with `oe_e2e`, so it can never touch real data.
"""

from __future__ import annotations

import sys
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo


def sqlite_file(action: str, url: str) -> None:
    """SQLite: the database is a file; 'create' and 'drop' both start from nothing."""
    path = Path(url.split(":///", 1)[1])
    if not path.name.startswith("oe_e2e"):
        sys.exit(f"refusing to touch database file {path}: E2E databases are named oe_e2e*")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def main(action: str, url: str) -> None:
    if url.startswith("sqlite:"):
        sqlite_file(action, url)
        return
    url = url.replace("postgresql+psycopg://", "postgresql://", 1)
    name = conninfo_to_dict(url).get("dbname") or ""
    if not name.startswith("oe_e2e"):
        sys.exit(f"refusing to touch database {name!r}: E2E databases are named oe_e2e*")
    admin = make_conninfo(url, dbname="postgres")
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if action == "create":
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("create", "drop"):
        sys.exit("usage: db.py create|drop DATABASE_URL")
    main(sys.argv[1], sys.argv[2])
