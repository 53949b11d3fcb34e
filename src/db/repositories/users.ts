import { AppError } from '../../core/errors.ts';
import type { Queryable } from '../pool.ts';

export interface User {
  id: string;
  email: string;
  createdAt: Date;
  lastLoginAt: Date | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new AppError('validation', `Not an email address: "${raw.trim()}"`);
  return email;
}

function toUser(row: Record<string, unknown>): User {
  return {
    id: row.id as string,
    email: row.email as string,
    createdAt: row.created_at as Date,
    lastLoginAt: (row.last_login_at as Date | null) ?? null,
  };
}

export function usersRepository(db: Queryable) {
  return {
    /** Adds a user who may log in; adding an existing email is an error naming it. */
    async add(rawEmail: string): Promise<User> {
      const email = normalizeEmail(rawEmail);
      const { rows } = await db.query(
        'INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO NOTHING RETURNING *',
        [email],
      );
      if (!rows[0]) throw new AppError('conflict', `A user with email ${email} already exists`);
      return toUser(rows[0]);
    },
    async findByEmail(rawEmail: string): Promise<User | undefined> {
      const { rows } = await db.query('SELECT * FROM users WHERE email = $1', [
        rawEmail.trim().toLowerCase(),
      ]);
      return rows[0] ? toUser(rows[0]) : undefined;
    },
    async findById(id: string): Promise<User | undefined> {
      const { rows } = await db.query('SELECT * FROM users WHERE id::text = $1', [id]);
      return rows[0] ? toUser(rows[0]) : undefined;
    },
    async list(): Promise<User[]> {
      const { rows } = await db.query('SELECT * FROM users ORDER BY email');
      return rows.map(toUser);
    },
  };
}
