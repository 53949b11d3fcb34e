import type { LocationV1, LocationV2, MobileWorker, WebUser } from '../../commcare/types.ts';
import type { SimLocation, SimProject, SimUser } from '../data/project.ts';
import { naiveMicros } from '../data/time.ts';

export function mobileWorker(user: SimUser, project: SimProject): MobileWorker {
  return {
    id: user.id,
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    default_phone_number: user.phoneNumbers[0] ?? null,
    email: user.email,
    eulas: '[]',
    phone_numbers: [...user.phoneNumbers],
    groups: [],
    locations: user.locationId ? [user.locationId] : [],
    primary_location: user.locationId,
    user_data: {
      commcare_project: project.domain,
      commcare_location_id: user.locationId ?? '',
      commcare_primary_case_sharing_id: user.locationId ?? '',
      chw_id: `13/${user.id.slice(0, 2)}/DFA`,
    },
    resource_uri: `/a/${project.domain}/api/user/v1/${user.id}/`,
  };
}

export function webUser(user: SimUser, project: SimProject): WebUser {
  return {
    id: user.id,
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    default_phone_number: user.phoneNumbers[0] ?? null,
    email: user.email,
    phone_numbers: [...user.phoneNumbers],
    role: user.locationId ? 'Field Supervisor' : 'Admin',
    permissions: { edit_data: true, edit_web_users: !user.locationId, view_reports: true },
    is_admin: !user.locationId,
    eulas: '[]',
    resource_uri: `/a/${project.domain}/api/web-user/v1/${user.id}/`,
    primary_location_id: user.locationId ?? '',
    assigned_location_ids: user.locationId ? [user.locationId] : [],
    profile: null,
    user_data: {},
    tableau_role: null,
    is_active_in_domain: true,
  };
}

/** v1 (§6): integer `id`, absolute URIs for `location_type` and `parent`, naive dates, decimals as strings. */
export function locationV1(location: SimLocation, project: SimProject, origin: string): LocationV1 {
  const type = project.locationTypes.find((t) => t.code === location.typeCode)!;
  const api = `${origin}/a/${project.domain}/api`;
  return {
    created_at: naiveMicros(location.createdAt),
    domain: project.domain,
    external_id: null,
    id: location.pk,
    last_modified: naiveMicros(location.lastModified),
    latitude: location.latitude,
    location_data: { ...location.locationData },
    location_id: location.locationId,
    location_type: `${api}/location_type/v1/${type.id}/`,
    longitude: location.longitude,
    name: location.name,
    parent: location.parentLocationId ? `${api}/location/v1/${location.parentLocationId}/` : null,
    site_code: location.siteCode,
    resource_uri: `${api}/location/v1/${location.locationId}/`,
  };
}

/** v2 (§6): type code and name inline, `parent_location_id` is `""` for a root. */
export function locationV2(location: SimLocation, project: SimProject): LocationV2 {
  const type = project.locationTypes.find((t) => t.code === location.typeCode)!;
  return {
    domain: project.domain,
    last_modified: naiveMicros(location.lastModified),
    latitude: location.latitude,
    location_data: { ...location.locationData },
    location_id: location.locationId,
    location_type_code: type.code,
    location_type_name: type.name,
    longitude: location.longitude,
    name: location.name,
    parent_location_id: location.parentLocationId ?? '',
    site_code: location.siteCode,
  };
}

export function locationType(type: SimProject['locationTypes'][number], project: SimProject, origin: string) {
  const api = `${origin}/a/${project.domain}/api`;
  const parent = project.locationTypes.find((t) => t.code === type.parentCode);
  return {
    id: type.id,
    domain: project.domain,
    name: type.name,
    code: type.code,
    parent: parent ? `${api}/location_type/v1/${parent.id}/` : null,
    administrative: type.code !== 'district',
    shares_cases: type.code === 'district',
    view_descendants: type.code !== 'district',
    resource_uri: `${api}/location_type/v1/${type.id}/`,
  };
}
