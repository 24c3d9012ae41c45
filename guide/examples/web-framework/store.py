"""The wiki's pages, kept in an SQLite file through Twisted's adbapi."""

from twisted.enterprise import adbapi


class PageStore:
    def __init__(self, path):
        # adbapi runs queries in a pool thread but closes the connection from the
        # reactor's thread at shutdown, which sqlite3 refuses unless check_same_thread
        # is False. One connection (one thread) is enough: SQLite lets one writer in
        # at a time anyway.
        self.pool = adbapi.ConnectionPool(
            "sqlite3", path, check_same_thread=False, cp_min=1, cp_max=1
        )

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
            "SELECT title, body FROM pages WHERE name = ?", (name,)
        )
        return rows[0] if rows else None

    def save(self, name, title, body):
        # The ? placeholders pass values to SQLite as data; they are never spliced
        # into the SQL.
        return self.pool.runOperation(
            "INSERT OR REPLACE INTO pages (name, title, body) VALUES (?, ?, ?)",
            (name, title, body),
        )
