"""The wiki's pages, kept in SQLite or PostgreSQL through Twisted's adbapi."""

from twisted.enterprise import adbapi


def open_store(database):
    """A PageStore for a postgresql:// URL, or for an SQLite file at any other path."""
    if database.startswith("postgresql://"):
        # Up to five queries at once, each on a connection of its own (one per pool
        # thread). cp_reconnect: a connection PostgreSQL has closed is replaced.
        pool = adbapi.ConnectionPool(
            "psycopg", database, cp_min=1, cp_max=5, cp_reconnect=True
        )
        return PageStore(pool, "%s")
    # adbapi runs queries in a pool thread but closes the connection from the
    # reactor's thread at shutdown, which sqlite3 refuses unless check_same_thread
    # is False. One connection (one thread) is enough: SQLite lets one writer in
    # at a time anyway.
    pool = adbapi.ConnectionPool(
        "sqlite3", database, check_same_thread=False, cp_min=1, cp_max=1
    )
    return PageStore(pool, "?")


class PageStore:
    def __init__(self, pool, placeholder):
        self.pool = pool
        self.placeholder = placeholder  # sqlite3 takes ?, psycopg %s

    def sql(self, query):
        return query.replace("?", self.placeholder)

    def create(self):
        return self.pool.runOperation(
            "CREATE TABLE IF NOT EXISTS pages"
            " (name TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL)"
        )

    def titles(self):
        return self.pool.runQuery("SELECT name, title FROM pages ORDER BY name")

    async def get(self, name):
        """The page's (title, body), or None if there is no such page."""
        rows = await self.pool.runQuery(
            self.sql("SELECT title, body FROM pages WHERE name = ?"), (name,)
        )
        return rows[0] if rows else None

    def save(self, name, title, body):
        # The placeholders pass values to the database as data; they are never
        # spliced into the SQL.
        return self.pool.runOperation(
            self.sql(
                "INSERT INTO pages (name, title, body) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE"
                " SET title = excluded.title, body = excluded.body"
            ),
            (name, title, body),
        )
