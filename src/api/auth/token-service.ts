import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { ulid } from 'ulid'
import type { Database } from '../../platform/store/index.js'

/** Who a request acts as. */
export interface Principal {
  tokenId: string
  name: string
  role: string
}

/** API tokens: random, shown once at creation, stored only as a SHA-256 hash. */
export interface TokenService {
  /** Creates the first admin token when no token exists; returns it (once) or undefined. */
  ensureAdminToken(): Promise<string | undefined>
  create(name: string, role: string): Promise<string>
  verify(token: string): Promise<Principal | undefined>
}

const tokenPrefix = 'cct_'

/** Builds the token service over the metadata store. */
export function createTokenService(
  db: Kysely<Database>,
  now: () => Date = () => new Date(),
): TokenService {
  const create = async (name: string, role: string): Promise<string> => {
    const token = tokenPrefix + randomBytes(32).toString('base64url')
    await db
      .insertInto('api_tokens')
      .values({
        id: ulid(),
        name,
        token_hash: hashToken(token),
        role,
        created_at: now().toISOString(),
        last_used_at: null,
      })
      .execute()
    return token
  }

  return {
    create,
    async ensureAdminToken() {
      const existing = await db.selectFrom('api_tokens').select('id').limit(1).executeTakeFirst()
      return existing === undefined ? create('admin', 'admin') : undefined
    },
    async verify(token) {
      // A high-entropy random token needs no slow hash: SHA-256 lookup is safe and constant-cost.
      const row = await db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'role'])
        .where('token_hash', '=', hashToken(token))
        .executeTakeFirst()
      return row === undefined ? undefined : { tokenId: row.id, name: row.name, role: row.role }
    },
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
