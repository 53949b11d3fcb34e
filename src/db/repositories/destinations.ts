import { randomSecret, type SecretBox } from '../../core/crypto.ts';
import { AppError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.ts';
import type { Queryable } from '../pool.ts';
import { type DestinationInput, destinationInput, parseInput } from '../validation.ts';

/** What may be shown anywhere: no secret, not even encrypted. */
export interface Destination {
  id: string;
  name: string;
  commcareUrl: string;
  projectSpace: string;
  commcareUsername: string;
  createdAt: Date;
}

/** Decrypted secrets, for the sync pipeline only. Never log this object. */
export interface DestinationWithSecrets extends Destination {
  commcareApiKey: string;
  databaseUrl: string;
  hashingSecret: string;
}

const PUBLIC_COLUMNS = 'id, name, commcare_url, project_space, commcare_username, created_at';

function toDestination(row: Record<string, unknown>): Destination {
  return {
    id: row.id as string,
    name: row.name as string,
    commcareUrl: row.commcare_url as string,
    projectSpace: row.project_space as string,
    commcareUsername: row.commcare_username as string,
    createdAt: row.created_at as Date,
  };
}

export function unknownDestination(id: string): AppError {
  return new AppError('not_found', `No destination with id ${id}`);
}

export function destinationsRepository(db: Queryable, box: SecretBox) {
  return {
    async create(raw: unknown, createdBy?: string): Promise<Destination> {
      const input: DestinationInput = parseInput(destinationInput, raw);
      const { rows } = await db.query(
        `INSERT INTO destinations (name, commcare_url, project_space, commcare_username,
           commcare_api_key_encrypted, database_url_encrypted, hashing_secret_encrypted, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (lower(name)) DO NOTHING
         RETURNING ${PUBLIC_COLUMNS}`,
        [
          input.name,
          input.commcareUrl,
          input.projectSpace,
          input.commcareUsername,
          box.encrypt(input.commcareApiKey),
          box.encrypt(input.databaseUrl),
          box.encrypt(randomSecret(32)),
          createdBy ?? null,
        ],
      );
      if (!rows[0]) throw new AppError('conflict', `A destination named "${input.name}" already exists`);
      return toDestination(rows[0]);
    },

    async list(): Promise<Destination[]> {
      const { rows } = await db.query(`SELECT ${PUBLIC_COLUMNS} FROM destinations ORDER BY lower(name)`);
      return rows.map(toDestination);
    },

    async get(id: string): Promise<Destination> {
      if (!isUuid(id)) throw unknownDestination(id);
      const { rows } = await db.query(`SELECT ${PUBLIC_COLUMNS} FROM destinations WHERE id = $1`, [id]);
      if (!rows[0]) throw unknownDestination(id);
      return toDestination(rows[0]);
    },

    async getWithSecrets(id: string): Promise<DestinationWithSecrets> {
      if (!isUuid(id)) throw unknownDestination(id);
      const { rows } = await db.query('SELECT * FROM destinations WHERE id = $1', [id]);
      const row = rows[0];
      if (!row) throw unknownDestination(id);
      return {
        ...toDestination(row),
        commcareApiKey: box.decrypt(row.commcare_api_key_encrypted),
        databaseUrl: box.decrypt(row.database_url_encrypted),
        hashingSecret: box.decrypt(row.hashing_secret_encrypted),
      };
    },
  };
}
