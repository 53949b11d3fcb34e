import type { Queryable } from '../pool.ts';

/** Where the next incremental Case API run starts: the last committed case's `indexed_on` and id. */
export interface Checkpoint {
  indexedOn: string;
  lastCaseId: string | null;
  updatedAt: Date;
}

export function checkpointsRepository(db: Queryable) {
  return {
    async get(sourceId: string): Promise<Checkpoint | undefined> {
      const { rows } = await db.query('SELECT * FROM checkpoints WHERE source_id = $1', [sourceId]);
      const row = rows[0];
      return row
        ? { indexedOn: row.indexed_on, lastCaseId: row.last_case_id, updatedAt: row.updated_at }
        : undefined;
    },
    async save(
      sourceId: string,
      checkpoint: { indexedOn: string; lastCaseId: string | null },
    ): Promise<void> {
      await db.query(
        `INSERT INTO checkpoints (source_id, indexed_on, last_case_id) VALUES ($1, $2, $3)
         ON CONFLICT (source_id) DO UPDATE SET indexed_on = $2, last_case_id = $3, updated_at = now()`,
        [sourceId, checkpoint.indexedOn, checkpoint.lastCaseId],
      );
    },
    async clear(sourceId: string): Promise<void> {
      await db.query('DELETE FROM checkpoints WHERE source_id = $1', [sourceId]);
    },
  };
}
