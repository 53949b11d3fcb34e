import type { FormNode, FormV1 } from '../../commcare/types.ts';
import type { SimForm } from '../data/forms.ts';
import { isoMicros, naiveMicros, parseMicros } from '../data/time.ts';

/** The v0.5 form object (§7), which is also the form forwarder's JSON. */
export function formV1(form: SimForm, domain: string): FormV1 {
  const meta = form.form.meta as FormNode;
  const naive = (value: unknown) => naiveMicros(parseMicros(String(value)) ?? 0);
  return {
    app_id: form.appId,
    archived: false,
    attachments: {
      'form.xml': {
        content_type: 'text/xml',
        length: 2048,
        url: `/a/${domain}/api/form/attachment/${form.formId}/form.xml`,
      },
    },
    build_id: form.buildId,
    domain,
    edited_by_user_id: null,
    edited_on: null,
    form: form.form,
    id: form.formId,
    indexed_on: isoMicros(form.receivedOn + 1_500_000),
    initial_processing_complete: true,
    is_phone_submission: true,
    metadata: {
      appVersion: meta.appVersion,
      app_build_version: meta.app_build_version,
      commcare_version: meta.commcare_version,
      deprecatedID: null,
      deviceID: meta.deviceID,
      doc_type: 'Metadata',
      geo_point: null,
      instanceID: form.formId,
      location: null,
      timeEnd: naive(meta.timeEnd),
      timeStart: naive(meta.timeStart),
      userID: form.userId,
      username: meta.username,
    },
    problem: null,
    received_on: isoMicros(form.receivedOn),
    resource_uri: `/a/${domain}/api/form/v1/${form.formId}/`,
    server_modified_on: isoMicros(form.receivedOn),
    submit_ip: '10.0.0.1',
    type: 'data',
    uiversion: '1',
    version: '42',
  };
}
