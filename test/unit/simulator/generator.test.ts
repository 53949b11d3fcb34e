import { describe, expect, it } from 'vitest';
import { parseFormXml } from '../../../src/commcare/payloads/form-payload.ts';
import { CaseStore } from '../../../src/simulator/data/case-store.ts';
import { countTypeInRange, LONG_PROPERTY } from '../../../src/simulator/data/case-types.ts';
import { generateCase } from '../../../src/simulator/data/cases.ts';
import { generateForm } from '../../../src/simulator/data/forms.ts';
import { caseIdFor, caseIndexOf } from '../../../src/simulator/data/ids.ts';
import { generateProject } from '../../../src/simulator/data/project.ts';
import { isoMicros, parseMicros } from '../../../src/simulator/data/time.ts';
import { formToXml } from '../../../src/simulator/render/xml.ts';

const project = generateProject(5, 'demo', 'admin@example.com');

describe('deterministic generator', () => {
  it('case i is a pure function of seed and i', () => {
    expect(generateCase(5, project, 123)).toEqual(
      generateCase(5, generateProject(5, 'demo', 'admin@example.com'), 123),
    );
    expect(generateCase(5, project, 123).caseId).not.toBe(generateCase(6, project, 123).caseId);
  });

  it('ids look like UUIDs and map back to their index', () => {
    for (const i of [0, 1, 77, 999_999]) {
      const id = caseIdFor(5, i);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(caseIndexOf(5, id)).toBe(i);
    }
    expect(caseIndexOf(5, caseIdFor(6, 1))).toBeUndefined();
  });

  it('produces the realistic value kinds the pipeline must cope with', () => {
    const cases = Array.from({ length: 400 }, (_, i) => generateCase(5, project, i));
    const values = cases.flatMap((c) => Object.values(c.properties));
    expect(values).toContain('');
    expect(values.some((v) => /^0\d+$/.test(v))).toBe(true); // leading-zero codes
    expect(values.some((v) => /^\+2547\d{8}$/.test(v))).toBe(true);
    expect(values.some((v) => /^\d+\.\d$/.test(v))).toBe(true);
    expect(values.some((v) => /[<&"]/.test(v) && /[^\x00-\x7f]/.test(v))).toBe(true);
    expect(cases.some((c) => !('optional_remark' in c.properties) && c.caseType === 'patient')).toBe(true);
    expect(Buffer.byteLength(LONG_PROPERTY)).toBeGreaterThan(63);
    expect(cases.some((c) => c.closed)).toBe(true);
  });

  it('forms have nested groups and repeats shaped as HQ sends them, and survive XML', () => {
    const forms = Array.from({ length: 40 }, (_, i) => generateForm(5, project, generateCase(5, project, i)));
    const medications = forms.map((f) => f.form.medications).filter((m) => m !== undefined);
    expect(
      medications.some(
        (m) =>
          typeof m === 'object' && m !== null && Array.isArray((m as Record<string, unknown>).medication),
      ),
    ).toBe(true);
    expect(
      medications.some(
        (m) =>
          typeof m === 'object' && m !== null && !Array.isArray((m as Record<string, unknown>).medication),
      ),
    ).toBe(true);
    const form = forms[1]!;
    const parsed = parseFormXml(formToXml(form.form)).form;
    // Through XML everything becomes a string and null becomes empty, as in a real submission.
    const expected = JSON.parse(
      JSON.stringify(form.form, (_k, v) => (v === null ? '' : typeof v === 'number' ? String(v) : v)),
    );
    expect(parsed).toEqual(expected);
  });

  it('time helpers keep microseconds', () => {
    const us = parseMicros('2021-05-20T12:28:05.796001Z')!;
    expect(isoMicros(us)).toBe('2021-05-20T12:28:05.796001Z');
    expect(parseMicros('2021-05-20T12:28:05+00:00', false)).toBeUndefined();
  });
});

describe('CaseStore', () => {
  it('counts by type and range without visiting every case, matching a full walk', () => {
    const store = new CaseStore(5, project, 300, () => 2_000_000_000_000_000);
    store.update([caseIdFor(5, 10), caseIdFor(5, 11)]);
    store.create(5);
    for (const range of [
      {},
      { caseType: 'patient' },
      { caseType: 'household', from: 1_577_836_800_000_000 + 50 * 30_123_457 },
    ]) {
      expect(store.countOrdered(range)).toBe([...store.ordered(range)].length);
    }
    expect(countTypeInRange(0, 8, 'household')).toBe(2);
    expect(countTypeInRange(1, 5, 'household')).toBe(1);
  });

  it('moves changed cases to the end with one shared indexed_on', () => {
    const store = new CaseStore(5, project, 50, () => 2_000_000_000_000_000);
    const ids = store.update([caseIdFor(5, 3), caseIdFor(5, 7)], { notes: 'changed' });
    const order = [...store.ordered({})];
    expect(order.slice(-2).sort()).toEqual([3, 7]);
    expect(store.get(3)!.indexedOn).toBe(store.get(7)!.indexedOn);
    expect(store.byId(ids[0]!)!.properties.notes).toBe('changed');
  });
});
