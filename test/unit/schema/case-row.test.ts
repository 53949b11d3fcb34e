import { describe, expect, it } from 'vitest';
import { type CaseLookups, caseToRow, shortUsername, xmlCaseToRow } from '../../../src/schema/case-row.ts';

// Shapes verbatim (or nearly) from commcare-api.md §3, §4 and §9.
const v1 = {
  case_id: '45WKYXQRFFU3AT4Y022EX7HF2',
  id: '45WKYXQRFFU3AT4Y022EX7HF2',
  domain: 'demo',
  closed: false,
  closed_by: null,
  date_closed: null,
  date_modified: '2012-03-13T18:21:52Z',
  indexed_on: '2012-04-05T23:56:41Z',
  indices: {},
  opened_by: '06414101dc45bcfdc963b8cb1a1ebdfd',
  properties: {
    case_name: 'ryan',
    case_type: 'programmer',
    date_opened: '2012-03-13T18:21:52Z',
    external_id: '45WKYXQRFFU3AT4Y022EX7HF2',
    gender: 'm',
    languages: 'python java',
    owner_id: 'loc-1',
    role: 'artisan',
  },
  server_date_modified: '2012-04-05T23:56:41Z',
  user_id: '06414101dc45bcfdc963b8cb1a1ebdfd',
  xform_ids: ['3HQEXR2S0GIRFY2GF40HAR7ZE'],
};

const v2 = {
  domain: 'queens-gambit',
  case_id: '79e25a30',
  case_type: 'patient',
  case_name: 'Elizabeth Harmon',
  external_id: '1',
  owner_id: 'loc-2',
  date_opened: '2020-03-19T14:31:34.133000Z',
  last_modified: '2020-03-19T14:31:34.133000Z',
  server_last_modified: '2020-03-19T14:31:35.133000Z',
  indexed_on: '2020-03-19T14:31:36.133000Z',
  closed: true,
  date_closed: '2020-04-01T00:00:00.000000Z',
  properties: { dob: '1948-11-02', visits: 3 },
  indices: { parent: { case_id: 'eb1a8c23', case_type: 'household', relationship: 'child' } },
};

const forwarderJson = {
  domain: 'demo',
  case_id: 'b0916685',
  user_id: 'd0e472a6',
  closed: false,
  xform_ids: ['afcb3026'],
  date_closed: null,
  date_modified: '2015-04-17T20:04:54.950000Z',
  server_date_modified: '2015-04-17T20:14:34.139959Z',
  properties: {
    case_name: 'Trees',
    case_type: 'mscase',
    owner_id: 'd0e472a6',
    external_id: null,
    date_opened: '2015-04-17T20:04:54.950',
    question1: 'Trees',
  },
  indices: {},
  attachments: {},
};

const lookups: CaseLookups = {
  ownerName: (id) => ({ 'loc-1': 'Namibia', 'loc-2': 'Fairfax County' })[id],
  username: (id) => (id === '06414101dc45bcfdc963b8cb1a1ebdfd' ? 'jdoe@demo.commcarehq.org' : undefined),
};

describe('caseToRow', () => {
  it('maps a v0.5/v1 case (metadata inside properties)', () => {
    expect(caseToRow(v1, lookups)).toEqual({
      caseid: '45WKYXQRFFU3AT4Y022EX7HF2',
      case_name: 'ryan',
      case_type: 'programmer',
      owner_id: 'loc-1',
      external_id: '45WKYXQRFFU3AT4Y022EX7HF2',
      opened_date: '2012-03-13T18:21:52Z',
      last_modified_date: '2012-03-13T18:21:52Z',
      server_last_modified_date: '2012-04-05T23:56:41Z',
      indexed_on_date: '2012-04-05T23:56:41Z',
      closed: 'false',
      closed_date: null,
      opened_by_user_id: '06414101dc45bcfdc963b8cb1a1ebdfd',
      closed_by_user_id: null,
      owner_name: 'Namibia',
      opened_by_username: 'jdoe',
      gender: 'm',
      languages: 'python java',
      role: 'artisan',
    });
  });

  it('maps a v2 case (metadata at the top level) with its index, leaving out what v2 does not carry', () => {
    const row = caseToRow(v2, lookups);
    expect(row).toEqual({
      caseid: '79e25a30',
      case_name: 'Elizabeth Harmon',
      case_type: 'patient',
      owner_id: 'loc-2',
      external_id: '1',
      opened_date: '2020-03-19T14:31:34.133000Z',
      last_modified_date: '2020-03-19T14:31:34.133000Z',
      server_last_modified_date: '2020-03-19T14:31:35.133000Z',
      indexed_on_date: '2020-03-19T14:31:36.133000Z',
      closed: 'true',
      closed_date: '2020-04-01T00:00:00.000000Z',
      owner_name: 'Fairfax County',
      'indices.household': 'eb1a8c23',
      dob: '1948-11-02',
      visits: '3',
    });
    expect(row).not.toHaveProperty('opened_by_user_id');
  });

  it('maps the case forwarder JSON', () => {
    const row = caseToRow(forwarderJson, {});
    expect(row).toMatchObject({
      caseid: 'b0916685',
      case_name: 'Trees',
      case_type: 'mscase',
      owner_id: 'd0e472a6',
      external_id: null,
      opened_date: '2015-04-17T20:04:54.950',
      last_modified_date: '2015-04-17T20:04:54.950000Z',
      server_last_modified_date: '2015-04-17T20:14:34.139959Z',
      closed: 'false',
      question1: 'Trees',
    });
    expect(row).not.toHaveProperty('owner_name'); // no lookup given: column left out, not nulled
  });

  it('names the index column by the identifier when the case type is missing', () => {
    expect(caseToRow({ case_id: 'x', indices: { host: { case_id: 'h' } } })).toEqual({
      caseid: 'x',
      'indices.host': 'h',
    });
  });

  it('lets fixed columns win over a property of the same name', () => {
    expect(caseToRow({ case_id: 'x', closed: false, properties: { closed: 'maybe', caseid: 'y' } })).toEqual({
      caseid: 'x',
      closed: 'false',
    });
  });

  it.each([
    ['jdoe@example.commcarehq.org', 'jdoe'],
    ['plain', 'plain'],
  ])('shortUsername(%s) = %s', (full, short) => expect(shortUsername(full)).toBe(short));
});

describe('xmlCaseToRow', () => {
  const xml = {
    '@_case_id': 'b0916685',
    '@_date_modified': '2015-04-17T16:04:54.950000Z',
    '@_user_id': 'd0e472a6',
    '@_xmlns': 'http://commcarehq.org/case/transaction/v2',
    create: { case_type: 'mscase', case_name: 'Trees', owner_id: 'loc-1' },
    update: { question1: 'Trees', height: '12' },
    index: { parent: { '@_case_type': 'household', '#text': 'hh-1' } },
    close: '',
  };

  it('maps the XML block alone when the case could not be fetched', () => {
    expect(xmlCaseToRow(xml, undefined, lookups)).toEqual({
      caseid: 'b0916685',
      case_name: 'Trees',
      case_type: 'mscase',
      owner_id: 'loc-1',
      last_modified_date: '2015-04-17T16:04:54.950000Z',
      closed: 'true',
      owner_name: 'Namibia',
      'indices.household': 'hh-1',
      question1: 'Trees',
      height: '12',
    });
  });

  it('lets the fetched case (current state) win and keeps what only the XML has', () => {
    const fetched = { ...v1, case_id: 'b0916685', properties: { ...v1.properties, case_name: 'Oaks' } };
    const row = xmlCaseToRow({ case: xml }, fetched, lookups);
    expect(row.case_name).toBe('Oaks');
    expect(row.server_last_modified_date).toBe('2012-04-05T23:56:41Z');
    expect(row.question1).toBe('Trees');
    expect(row.opened_by_username).toBe('jdoe');
  });
});
