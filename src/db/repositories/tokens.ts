import { sha256Hex } from '../../core/crypto.ts';
import { newToken } from '../../core/ids.ts';
import type { Queryable } from '../pool.ts';

export interface DestinationToken {
  id: string;
  destinationId: string;
  tokenHint: string;
  createdAt: Date;
  lastAccessedAt: Date | null;
  revokedAt: Date | null;
}

function toToken(row: Record<string, unknown>): DestinationToken {
  return {
    id: row.id as string,
    destinationId: row.destination_id as string,
    tokenHint: row.token_hint as string,
    createdAt: row.created_at as Date,
    lastAccessedAt: (row.last_accessed_at as Date | null) ?? null,
    revokedAt: (row.revoked_at as Date | null) ?? null,
  };
}

/**
 * Webhook tokens are stored only as SHA-256 digests: a leaked app database does not let anyone post data.
 * The token itself is returned once, at creation.
 */
export function tokensRepository(db: Queryable) {
  return {
    async create(destinationId: string): Promise<{ token: string; record: DestinationToken }> {
      const token = newToken(32);
      const { rows } = await db.query(
        `INSERT INTO destination_tokens (destination_id, token_digest, token_hint) VALUES ($1, $2, $3) RETURNING *`,
        [destinationId, sha256Hex(token), token.slice(0, 6)],
      );
      return { token, record: toToken(rows[0]) };
    },

    /**
     * Finds the live token and touches `last_accessed_at` at most once a minute, so a burst of webhooks does not
     * turn every request into a write on the same row.
     */
    async authenticate(token: string): Promise<DestinationToken | undefined> {
      const { rows } = await db.query(
        `WITH found AS (
           SELECT * FROM destination_tokens WHERE token_digest = $1 AND revoked_at IS NULL
         ), touched AS (
           UPDATE destination_tokens t SET last_accessed_at = now()
           FROM found WHERE t.id = found.id
             AND (found.last_accessed_at IS NULL OR found.last_accessed_at < now() - interval '1 minute')
         )
         SELECT * FROM found`,
        [sha256Hex(token)],
      );
      return rows[0] ? toToken(rows[0]) : undefined;
    },

    async list(destinationId: string): Promise<DestinationToken[]> {
      const { rows } = await db.query(
        'SELECT * FROM destination_tokens WHERE destination_id = $1 ORDER BY created_at DESC',
        [destinationId],
      );
      return rows.map(toToken);
    },

    async revoke(destinationId: string, tokenId: string): Promise<void> {
      await db.query(
        'UPDATE destination_tokens SET revoked_at = now() WHERE destination_id = $1 AND id::text = $2 AND revoked_at IS NULL',
        [destinationId, tokenId],
      );
    },
  };
}
