import { AppError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.ts';
import type { Queryable } from '../pool.ts';
import { assertExportUrlOnServer, parseInput, type SourceInput, sourceInput } from '../validation.ts';
import { unknownDestination } from './destinations.ts';

export type HashMode = 'hmac' | 'sha256';

export interface Source {
  id: string;
  destinationId: string;
  name: string;
  tableName: string;
  keyColumn: string;
  caseType: string | null;
  exportUrl: string | null;
  sensitiveFields: string[];
  hashMode: HashMode;
  typeOverrides: Record<string, string>;
  scheduled: boolean;
  cron: string | null;
  maxDeleteFraction: number;
  createdAt: Date;
}

/** A source with an export URL syncs from the feed; one with only a case type, through the Case API. */
export type SourceKind = 'feed' | 'case_api';

export function sourceKind(source: Pick<Source, 'exportUrl'>): SourceKind {
  return source.exportUrl ? 'feed' : 'case_api';
}

function toSource(row: Record<string, unknown>): Source {
  return {
    id: row.id as string,
    destinationId: row.destination_id as string,
    name: row.name as string,
    tableName: row.table_name as string,
    keyColumn: row.key_column as string,
    caseType: (row.case_type as string | null) ?? null,
    exportUrl: (row.export_url as string | null) ?? null,
    sensitiveFields: row.sensitive_fields as string[],
    hashMode: row.hash_mode as HashMode,
    typeOverrides: row.type_overrides as Record<string, string>,
    scheduled: row.scheduled as boolean,
    cron: (row.cron as string | null) ?? null,
    maxDeleteFraction: Number(row.max_delete_fraction),
    createdAt: row.created_at as Date,
  };
}

export function unknownSource(id: string): AppError {
  return new AppError('not_found', `No source with id ${id}`);
}

export function sourcesRepository(db: Queryable) {
  return {
    async create(raw: unknown): Promise<Source> {
      const input: SourceInput = parseInput(sourceInput, raw);
      if (!isUuid(input.destinationId)) throw unknownDestination(input.destinationId);
      const destination = await db.query('SELECT commcare_url FROM destinations WHERE id = $1', [
        input.destinationId,
      ]);
      if (!destination.rows[0]) throw unknownDestination(input.destinationId);
      if (input.exportUrl) assertExportUrlOnServer(input.exportUrl, destination.rows[0].commcare_url);
      const { rows } = await db.query(
        `INSERT INTO destination_sources (destination_id, name, table_name, key_column, case_type, export_url,
           sensitive_fields, hash_mode, scheduled, cron, max_delete_fraction)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (destination_id, lower(name)) DO NOTHING
         RETURNING *`,
        [
          input.destinationId,
          input.name,
          input.tableName,
          input.keyColumn,
          input.caseType ?? null,
          input.exportUrl ?? null,
          input.sensitiveFields,
          input.hashMode,
          input.scheduled,
          input.cron ?? null,
          input.maxDeleteFraction,
        ],
      );
      if (!rows[0]) {
        throw new AppError('conflict', `This destination already has a source named "${input.name}"`);
      }
      return toSource(rows[0]);
    },

    async get(id: string): Promise<Source> {
      if (!isUuid(id)) throw unknownSource(id);
      const { rows } = await db.query('SELECT * FROM destination_sources WHERE id = $1', [id]);
      if (!rows[0]) throw unknownSource(id);
      return toSource(rows[0]);
    },

    async list(destinationId?: string): Promise<Source[]> {
      const { rows } = destinationId
        ? await db.query('SELECT * FROM destination_sources WHERE destination_id = $1 ORDER BY lower(name)', [
            destinationId,
          ])
        : await db.query('SELECT * FROM destination_sources ORDER BY destination_id, lower(name)');
      return rows.map(toSource);
    },

    /** The source that receives forwarded cases of this type (design.md §7: none means "ignored"). */
    async findByCaseType(destinationId: string, caseType: string): Promise<Source | undefined> {
      const { rows } = await db.query(
        `SELECT * FROM destination_sources WHERE destination_id = $1 AND case_type = $2
         ORDER BY (export_url IS NULL) DESC, created_at LIMIT 1`,
        [destinationId, caseType],
      );
      return rows[0] ? toSource(rows[0]) : undefined;
    },

    async listScheduled(): Promise<Source[]> {
      const { rows } = await db.query(
        'SELECT * FROM destination_sources WHERE scheduled ORDER BY created_at',
      );
      return rows.map(toSource);
    },
  };
}
