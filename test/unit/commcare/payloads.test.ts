import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCaseJson, parseCaseXml } from '../../../src/commcare/payloads/case-payload.ts';
import { parseFormJson, parseFormXml } from '../../../src/commcare/payloads/form-payload.ts';
import { parseForwardedPayload } from '../../../src/commcare/payloads/forwarded-payload.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/commcare/${name}`, import.meta.url), 'utf8');

describe('case payloads', () => {
  it('parses the §9 case JSON verbatim', () => {
    const parsed = parseCaseJson(fixture('forwarded-case.json'));
    expect(parsed).toMatchObject({ kind: 'case', format: 'json', partial: false });
    expect(parsed.case.case_id).toBe('b0916685-7247-4c44-b712-633d3d64e0c0');
    expect(parsed.case.properties).toMatchObject({
      case_type: 'mscase',
      question1: 'Trees',
      external_id: null,
    });
    expect(parsed.case.server_date_modified).toBe('2015-04-17T20:14:34.139959Z');
  });

  it('parses the §9 case XML into the case JSON shape, marked partial', () => {
    const parsed = parseCaseXml(fixture('forwarded-case.xml'));
    expect(parsed).toEqual({
      kind: 'case',
      format: 'xml',
      partial: true,
      case: {
        case_id: 'b0916685-7247-4c44-b712-633d3d64e0c0',
        date_modified: '2015-04-17T16:04:54.950000Z',
        user_id: 'd0e472a6b36dfd3ee5059222e12b8c1b',
        closed: false,
        properties: { case_type: 'mscase', case_name: 'Trees', owner_id: 'd0e472a6b36dfd3ee5059222e12b8c1b' },
        indices: {},
      },
    });
  });

  it('reads update, index and close blocks, keeping values as strings', () => {
    const xml = `<?xml version="1.0"?><n0:case xmlns:n0="http://commcarehq.org/case/transaction/v2" case_id="c1" date_modified="2024-01-01T00:00:00.000000Z" user_id="u1">
      <n0:update><n0:code>007</n0:code><n0:note>a &lt; b &amp; "c" &#233;</n0:note><n0:blank/></n0:update>
      <n0:index><n0:parent case_type="household" relationship="child">h1</n0:parent><n0:host case_type="x" relationship="extension">h2</n0:host><n0:gone case_type="y"/></n0:index>
      <n0:close/></n0:case>`;
    const parsed = parseCaseXml(xml).case;
    expect(parsed.closed).toBe(true);
    expect(parsed.properties).toEqual({ code: '007', note: 'a < b & "c" é', blank: '' });
    expect(parsed.indices).toEqual({
      parent: { case_type: 'household', case_id: 'h1', relationship: 'child' },
      host: { case_type: 'x', case_id: 'h2', relationship: 'extension' },
    });
  });

  it.each([
    ['not JSON', () => parseCaseJson('{nope'), /not valid JSON/],
    ['no case_id', () => parseCaseJson('{"properties": {}}'), /no case_id/],
    ['no properties', () => parseCaseJson('{"case_id": "x"}'), /no properties/],
    ['malformed XML', () => parseCaseXml('<case case_id="x"><update></case>'), /malformed XML/],
    ['wrong root', () => parseCaseXml('<data/>'), /expected <case>/],
    ['no case_id attribute', () => parseCaseXml('<case><create/></case>'), /no case_id/],
    [
      'a DTD (external entity)',
      () => parseCaseXml('<!DOCTYPE case [<!ENTITY x SYSTEM "file:///etc/passwd">]><case case_id="&x;"/>'),
      /DTD/,
    ],
  ])('rejects %s with a validation error', (_name, parse, reason) => {
    expect(parse).toThrow(
      expect.objectContaining({ code: 'validation', message: expect.stringMatching(reason) }),
    );
  });
});

describe('form payloads', () => {
  it('parses the §7 form JSON verbatim', () => {
    const parsed = parseFormJson(fixture('form-v1.json'));
    expect(parsed.formId).toBe('f959449c-8776-42ac-b776-3f564fafc331');
    expect(parsed.form['@name']).toBe('Case Update');
    expect(parsed.envelope?.received_on).toBe('2016-11-29T14:50:42.530616Z');
  });

  it('turns form XML into the §7 form object: #type, @attributes, #text, repeats as received', () => {
    const xml = `<?xml version='1.0' ?><data xmlns:jrm="http://dev.openrosa.org/jr" xmlns="http://openrosa.org/formdesigner/X" name="Visit" uiVersion="1" version="18">
      <q>007</q><empty/><tagged unit="kg">63.5</tagged>
      <grp><rep><v>1</v></rep><rep><v>2</v></rep></grp><one><rep><v>3</v></rep></one>
      <n0:case xmlns:n0="http://commcarehq.org/case/transaction/v2" case_id="c1"><n0:update><n0:text>TEST</n0:text></n0:update></n0:case>
      <meta xmlns="http://openrosa.org/jr/xforms"><instanceID>f1</instanceID><appVersion xmlns="http://commcarehq.org/xforms">2.53</appVersion></meta></data>`;
    const parsed = parseFormXml(xml);
    expect(parsed.formId).toBe('f1');
    expect(parsed.form).toEqual({
      '#type': 'data',
      '@xmlns': 'http://openrosa.org/formdesigner/X',
      '@name': 'Visit',
      '@uiVersion': '1',
      '@version': '18',
      q: '007',
      empty: '',
      tagged: { '@unit': 'kg', '#text': '63.5' },
      grp: { rep: [{ v: '1' }, { v: '2' }] },
      one: { rep: { v: '3' } },
      case: {
        '@case_id': 'c1',
        '@xmlns': 'http://commcarehq.org/case/transaction/v2',
        update: { text: 'TEST' },
      },
      meta: {
        '@xmlns': 'http://openrosa.org/jr/xforms',
        instanceID: 'f1',
        appVersion: { '@xmlns': 'http://commcarehq.org/xforms', '#text': '2.53' },
      },
    });
  });

  it.each([
    ['JSON without form', () => parseFormJson('{"id": "x"}'), /no "form" object/],
    ['XML without instanceID', () => parseFormXml('<data><meta/></data>'), /instanceID/],
    ['an entity bomb', () => parseFormXml('<!DOCTYPE d [<!ENTITY a "aaaa">]><data>&a;</data>'), /DTD/],
  ])('rejects %s', (_name, parse, reason) => {
    expect(parse).toThrow(
      expect.objectContaining({ code: 'validation', message: expect.stringMatching(reason) }),
    );
  });
});

describe('parseForwardedPayload', () => {
  it.each([
    ['forwarded-case.json', 'case', 'json'],
    ['forwarded-case.xml', 'case', 'xml'],
    ['form-v1.json', 'form', 'json'],
  ])('detects %s', (name, kind, format) => {
    expect(parseForwardedPayload(fixture(name))).toMatchObject({ kind, format });
  });

  it('detects form XML and bytes with a BOM', () => {
    const body = new TextEncoder().encode(
      '\uFEFF<data name="x"><meta><instanceID>i</instanceID></meta></data>',
    );
    expect(parseForwardedPayload(body)).toMatchObject({ kind: 'form', format: 'xml', formId: 'i' });
  });

  it('rejects anything else with a one-line reason', () => {
    expect(() => parseForwardedPayload('hello')).toThrow(/neither JSON nor XML/);
    expect(() => parseForwardedPayload('{"x": 1}')).toThrow(/neither a case/);
  });
});
