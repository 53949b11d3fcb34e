import { describe, expect, it } from 'vitest';
import { formToRows } from '../../../src/schema/form-rows.ts';

const submission = {
  app_id: 'effb341b',
  domain: 'corpora',
  id: 'f959449c',
  received_on: '2016-11-29T14:50:42.530616Z',
  form: {
    '#type': 'data',
    '@name': 'Household visit',
    '@xmlns': 'http://openrosa.org/formdesigner/4281EB62',
    case: { '@case_id': 'b6996b7b', update: { text: 'TEST', intval: 5 } },
    meta: {
      '@xmlns': 'http://openrosa.org/jr/xforms',
      appVersion: { '@xmlns': 'x', '#text': 'CommCare Android 2.31' },
      instanceID: 'f959449c',
      timeEnd: '2016-11-29T14:50:41.156000Z',
      userID: 'e7ad965c',
      username: 'testuser',
      geo_point: null,
    },
    text: 'TEST',
    consent: true,
    household: { size: '4', head: { name: 'Ana' } },
    members: [
      { name: 'Ana', age: '40' },
      { name: 'Ben', age: '9', vaccines: { vaccine: [{ kind: 'bcg' }, { kind: 'polio' }] } },
    ],
    pets: { name: 'Rex', kind: 'dog' },
  },
};

const common = {
  form_instance_id: 'f959449c',
  received_on: '2016-11-29T14:50:42.530616Z',
  app_id: 'effb341b',
  domain: 'corpora',
  meta_appVersion: 'CommCare Android 2.31',
  meta_instanceID: 'f959449c',
  meta_timeEnd: '2016-11-29T14:50:41.156000Z',
  meta_userID: 'e7ad965c',
  meta_username: 'testuser',
  meta_geo_point: null,
};

describe('formToRows', () => {
  it.each(['.', '', 'form'])(
    'flattens the root for json path %j, dotted paths only where leaf names clash',
    (path) => {
      expect(formToRows(submission, { jsonPath: path })).toEqual([
        {
          ...common,
          'case.update.text': 'TEST',
          intval: '5',
          text: 'TEST',
          consent: 'true',
          size: '4',
          'household.head.name': 'Ana',
          'pets.name': 'Rex',
          kind: 'dog',
        },
      ]);
    },
  );

  it('gives one row per repeat element with a deterministic form_row_id', () => {
    const rows = formToRows(submission, { jsonPath: 'members' });
    expect(rows).toEqual([
      { ...common, name: 'Ana', age: '40', form_row_id: 'f959449c_0' },
      { ...common, name: 'Ben', age: '9', form_row_id: 'f959449c_1' },
    ]);
    expect(formToRows(submission, { jsonPath: 'form.members' })).toEqual(rows);
  });

  it('treats a lone object at the path as a repeat with one entry', () => {
    expect(formToRows(submission, { jsonPath: 'pets' })).toEqual([
      { ...common, name: 'Rex', kind: 'dog', form_row_id: 'f959449c_0' },
    ]);
  });

  it('indexes nested repeats by every array crossed', () => {
    expect(
      formToRows(submission, { jsonPath: 'members.vaccines.vaccine' }).map((r) => r.form_row_id),
    ).toEqual(['f959449c_1_0', 'f959449c_1_1']);
  });

  it('returns no rows when the path is absent', () => {
    expect(formToRows(submission, { jsonPath: 'nothing.here' })).toEqual([]);
    expect(formToRows(null, { jsonPath: '.' })).toEqual([]);
  });
});
