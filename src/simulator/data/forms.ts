import type { FormNode } from '../../commcare/types.ts';
import { caseTypeOf } from './case-types.ts';
import type { SimCase } from './cases.ts';
import { formIdFor } from './ids.ts';
import type { SimProject } from './project.ts';
import { rngFor, STREAM } from './random.ts';
import { isoMicros, type Micros } from './time.ts';

export const CASE_XMLNS = 'http://commcarehq.org/case/transaction/v2';
export const META_XMLNS = 'http://openrosa.org/jr/xforms';
export const FORM_TYPES = {
  household: { name: 'Household Registration', xmlns: 'http://openrosa.org/formdesigner/5A3F1B2C-HH-REG' },
  patient: { name: 'Patient Visit', xmlns: 'http://openrosa.org/formdesigner/9D0E7C41-PT-VISIT' },
} as const;
export const APP_ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
export const BUILD_ID = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

/** Form j is the submission that opened case j (`xform_ids` of case j). */
export interface SimForm {
  index: number;
  formId: string;
  caseId: string;
  appId: string;
  buildId: string;
  xmlns: string;
  name: string;
  receivedOn: Micros;
  userId: string;
  username: string;
  form: FormNode;
}

/**
 * The form that opened `opened` (the case as generated, before later changes). Values are strings as HQ sends
 * them, groups nest, and a repeat group is an array when it has several entries, an object when it has one.
 */
export function generateForm(seed: number, project: SimProject, opened: SimCase): SimForm {
  const rng = rngFor(seed, STREAM.formData, opened.index);
  const type = caseTypeOf(opened.index);
  const kind = FORM_TYPES[type];
  const formId = formIdFor(seed, opened.index);
  const worker =
    project.mobileWorkers.find((user) => user.id === opened.openedBy) ?? project.mobileWorkers[0]!;
  const receivedOn = opened.indexedOn - 400_000;
  const timeEnd = receivedOn - rng.int(2_000_000, 600_000_000);
  const timeStart = timeEnd - rng.int(30_000_000, 900_000_000);
  const caseBlock: FormNode = {
    '@case_id': opened.caseId,
    '@date_modified': isoMicros(timeEnd),
    '@user_id': worker.id,
    '@xmlns': CASE_XMLNS,
    create: { case_type: opened.caseType, case_name: opened.caseName, owner_id: opened.ownerId },
    update: { ...opened.properties },
  };
  const parent = opened.indices.parent;
  if (parent) {
    caseBlock.index = {
      parent: { '@case_type': parent.caseType, '@relationship': parent.relationship, '#text': parent.caseId },
    };
  }
  const questions: FormNode =
    type === 'patient'
      ? {
          patient_name: opened.caseName,
          visit_date: isoMicros(timeEnd).slice(0, 10),
          vitals: {
            weight_kg: opened.properties.weight_kg ?? '',
            temperature_c: (rng.int(355, 405) / 10).toFixed(1),
            blood_pressure: { systolic: String(rng.int(90, 160)), diastolic: String(rng.int(55, 100)) },
          },
          medications: repeat('medication', rng.int(0, 3), (n) => ({
            medication_name: rng.pick(['Amoxicillin', 'Paracétamol', 'ORS & Zinc', 'Iron <folic>']),
            dose_mg: String(rng.int(1, 20) * 50),
            position: String(n + 1),
          })),
          referral_reason: '',
          comments: opened.properties.notes ?? '',
        }
      : {
          household_name: opened.caseName,
          location: { gps: opened.properties.gps ?? '', village_code: opened.properties.village_code ?? '' },
          members: repeat('member', rng.int(1, 4), (n) => ({
            member_name: `${rng.pick(['Amina', 'Zoë', 'José', "D'Arcy"])} ${n + 1}`,
            member_age: String(rng.int(0, 90)),
          })),
        };
  const form: FormNode = {
    '#type': 'data',
    '@name': kind.name,
    '@uiVersion': '1',
    '@version': '42',
    '@xmlns': kind.xmlns,
    ...questions,
    case: caseBlock,
    meta: {
      '@xmlns': META_XMLNS,
      appVersion: 'CommCare Android, version "2.53.1"(464694). App v42. CommCare Version 2.53.1.',
      app_build_version: 42,
      commcare_version: '2.53.1',
      deviceID: `358001070${String(rng.int(100000, 999999))}`,
      geo_point: null,
      instanceID: formId,
      timeEnd: isoMicros(timeEnd),
      timeStart: isoMicros(timeStart),
      userID: worker.id,
      username: worker.username.split('@')[0]!,
    },
  };
  return {
    index: opened.index,
    formId,
    caseId: opened.caseId,
    appId: APP_ID,
    buildId: BUILD_ID,
    xmlns: kind.xmlns,
    name: kind.name,
    receivedOn,
    userId: worker.id,
    username: worker.username,
    form,
  };
}

/** CommCare's repeat-group shape: absent entries → empty group, one → object, several → array. */
function repeat(element: string, count: number, entry: (n: number) => FormNode): FormNode | string {
  if (count === 0) return '';
  const entries = Array.from({ length: count }, (_, n) => entry(n));
  return { [element]: entries.length === 1 ? entries[0]! : entries };
}
