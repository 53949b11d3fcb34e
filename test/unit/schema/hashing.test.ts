import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createRowProtector,
  hashSensitiveValue,
  protectRows,
  sensitiveColumnName,
} from '../../../src/schema/hashing.ts';

const SECRET = 'destination-hashing-secret';

describe('sensitive fields', () => {
  it.each([
    ['hmac', '+50253311399', createHmac('sha256', SECRET).update('+50253311399').digest('hex').slice(0, 15)],
    ['sha256', '+50253311399', createHash('sha256').update('+50253311399').digest('hex').slice(0, 15)],
    ['hmac', 'ümlaut', createHmac('sha256', SECRET).update('ümlaut', 'utf8').digest('hex').slice(0, 15)],
  ] as const)('%s of %j is the first 15 hex characters', (mode, value, expected) => {
    expect(hashSensitiveValue(value, { mode, secret: SECRET })).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{15}$/);
  });

  it('keys the HMAC: another secret gives another digest', () => {
    expect(hashSensitiveValue('x', { secret: 'a' })).not.toBe(hashSensitiveValue('x', { secret: 'b' }));
  });

  it('refuses HMAC without a secret, before touching any row', () => {
    expect(() => createRowProtector({ fields: ['phone'] })).toThrow(/hashing secret/);
  });

  it('replaces the raw field by `<field> *sensitive*`, leaving other fields and NULLs alone', () => {
    const rows = protectRows(
      [
        { caseid: '1', phone: '+111', Name: 'Ana' },
        { caseid: '2', phone: null, Name: 'Ben' },
        { caseid: '3', Name: 'Cy' },
      ],
      { fields: ['phone', 'name'], secret: SECRET },
    );
    expect(rows).toEqual([
      {
        caseid: '1',
        'phone *sensitive*': hashSensitiveValue('+111', { secret: SECRET }),
        'Name *sensitive*': hashSensitiveValue('Ana', { secret: SECRET }),
      },
      {
        caseid: '2',
        'phone *sensitive*': null,
        'Name *sensitive*': hashSensitiveValue('Ben', { secret: SECRET }),
      },
      { caseid: '3', 'Name *sensitive*': hashSensitiveValue('Cy', { secret: SECRET }) },
    ]);
    const serialized = JSON.stringify(rows);
    for (const raw of ['+111', 'Ana', 'Ben', '"Cy"']) expect(serialized).not.toContain(raw);
  });

  it('does not modify the input rows', () => {
    const input = { caseid: '1', phone: '+111' };
    protectRows([input], { fields: ['phone'], mode: 'sha256' });
    expect(input).toEqual({ caseid: '1', phone: '+111' });
  });

  it('names the column after the field', () => {
    expect(sensitiveColumnName('phone')).toBe('phone *sensitive*');
  });
});
