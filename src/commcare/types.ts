/**
 * The shapes CommCare HQ answers with, as documented in docs/commcare-api.md. Only the fields the product
 * reads are typed precisely; HQ may send more, so objects stay open where it matters.
 */

export interface CaseIndex {
  case_type: string;
  case_id: string;
  relationship: string;
}

/** Case API v2 object (§4): metadata at the top level, `properties` holds only case properties. */
export interface CaseV2 {
  domain: string;
  case_id: string;
  case_type: string;
  case_name: string | null;
  external_id: string | null;
  owner_id: string | null;
  date_opened: string | null;
  last_modified: string | null;
  server_last_modified: string | null;
  indexed_on: string;
  closed: boolean;
  date_closed: string | null;
  properties: Record<string, string>;
  indices: Record<string, CaseIndex>;
  is_deprecated?: boolean;
}

export interface CaseV2Page {
  matching_records: number;
  cases: CaseV2[];
  /** Absolute URL of the next page; absent on the last page. */
  next?: string;
}

export interface CaseV2Miss {
  case_id?: string;
  external_id?: string;
  error: string;
}

export interface CaseV2BulkResult {
  matching_records: number;
  missing_records: number;
  cases: Array<CaseV2 | CaseV2Miss>;
}

/** Case API v0.5/v1 object (§3): case_name, case_type, owner_id, date_opened, external_id live in `properties`. */
export interface CaseV1 {
  case_id: string;
  id: string;
  domain: string;
  closed: boolean;
  closed_by: string | null;
  date_closed: string | null;
  date_modified: string;
  indexed_on: string;
  indices: Record<string, CaseIndex>;
  opened_by: string | null;
  properties: Record<string, string | null>;
  resource_uri: string;
  server_date_modified: string;
  server_date_opened?: string;
  user_id: string | null;
  xform_ids: string[];
}

export interface TastypieMeta {
  limit: number;
  next: string | null;
  offset: number;
  previous: string | null;
  total_count: number;
}

export interface TastypieList<T> {
  meta: TastypieMeta;
  objects: T[];
}

export interface MobileWorker {
  id: string;
  username: string;
  first_name: string;
  last_name: string;
  default_phone_number: string | null;
  email: string;
  phone_numbers: string[];
  groups: string[];
  locations: string[];
  primary_location: string | null;
  user_data: Record<string, unknown>;
  resource_uri: string;
  [field: string]: unknown;
}

export interface WebUser {
  id: string;
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  role: string;
  is_admin: boolean;
  primary_location_id: string;
  assigned_location_ids: string[];
  resource_uri: string;
  [field: string]: unknown;
}

export interface LocationV1 {
  created_at: string;
  domain: string;
  external_id: string | null;
  id: number;
  last_modified: string;
  latitude: string | null;
  longitude: string | null;
  location_data: Record<string, string>;
  location_id: string;
  location_type: string;
  name: string;
  parent: string | null;
  site_code: string;
  resource_uri: string;
}

export interface LocationV2 {
  domain: string;
  last_modified: string;
  latitude: string | null;
  longitude: string | null;
  location_data: Record<string, string>;
  location_id: string;
  location_type_code: string;
  location_type_name: string;
  name: string;
  /** `""` (not null) for a root location. */
  parent_location_id: string;
  site_code: string;
}

/** A form's `form` object: XML turned into JSON (`@attr`, `#text`, `#type`; repeats are arrays or lone objects). */
export type FormValue = string | number | boolean | null | FormNode | FormNode[] | string[];
export interface FormNode {
  [key: string]: FormValue;
}

export interface FormV1 {
  id: string;
  domain: string;
  app_id: string | null;
  form: FormNode;
  received_on: string;
  indexed_on: string;
  server_modified_on: string;
  resource_uri?: string;
  [field: string]: unknown;
}
