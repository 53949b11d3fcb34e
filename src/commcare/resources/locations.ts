import type { CommCareHttp } from '../http-client.ts';
import type { LocationV1, LocationV2 } from '../types.ts';

export function getLocationV1(http: CommCareHttp, locationId: string): Promise<LocationV1> {
  return http.getJson<LocationV1>(http.url(`api/v0.5/location/${encodeURIComponent(locationId)}/`));
}

export function getLocationV2(http: CommCareHttp, locationId: string): Promise<LocationV2> {
  return http.getJson<LocationV2>(http.url(`api/location/v2/${encodeURIComponent(locationId)}/`));
}
