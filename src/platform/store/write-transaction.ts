import { sql, type Kysely } from 'kysely'

/**
 * Runs `work` in a transaction that takes the store's write lock at its start (SQLite's
 * `BEGIN IMMEDIATE`), waiting for it under the busy timeout. Kysely's `transaction()` begins
 * deferred: a transaction that reads before it writes is refused with SQLITE_BUSY, without
 * waiting, when another connection writes meanwhile. Read-modify-write work (alert grouping) that
 * several connections run on one file needs the lock first.
 */
export async function writeTransaction<DB, T>(
  db: Kysely<DB>,
  work: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn)
    try {
      const result = await work(conn)
      await sql`commit`.execute(conn)
      return result
    } catch (err) {
      // SQLite may have rolled back by itself (a failed commit, a full disk): the error that
      // matters is the original one, and the connection must not stay inside a transaction.
      await sql`rollback`.execute(conn).catch(() => undefined)
      throw err
    }
  })
}
