import { rngFor, STREAM } from './random.ts';
import { type Micros, microsOf } from './time.ts';

export interface SimLocationType {
  id: number;
  name: string;
  code: string;
  parentCode: string | null;
}

export interface SimLocation {
  pk: number;
  locationId: string;
  name: string;
  siteCode: string;
  typeCode: string;
  parentLocationId: string | null;
  latitude: string | null;
  longitude: string | null;
  createdAt: Micros;
  lastModified: Micros;
  locationData: Record<string, string>;
}

export interface SimUser {
  id: string;
  /** Mobile workers: `<name>@<domain>.commcarehq.org`; web users: an email. */
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  phoneNumbers: string[];
  locationId: string | null;
  kind: 'mobile' | 'web';
}

export interface SimProject {
  domain: string;
  locationTypes: SimLocationType[];
  locations: SimLocation[];
  mobileWorkers: SimUser[];
  webUsers: SimUser[];
  /** Locations that own cases (the leaves). */
  districts: SimLocation[];
}

const FIRST = ['Amina', 'Jean-Luc', 'Zoë', 'Ngozi', 'Björn', 'Priya', 'José', 'Wanjiru', 'Łukasz', 'Thảo'];
const LAST = [
  'Okafor',
  "O'Brien",
  'Müller',
  'Ndlovu',
  'García',
  'Sharma',
  'Nguyễn',
  'Kamau',
  'Dubois',
  'Smith',
];
const REGIONS = ['Nord', 'Côte & Lagunes', 'Highlands'];
const DISTRICTS = ['Alpha', 'Bêta', 'Gamma'];
const CREATED = microsOf(new Date('2019-06-01T08:00:00Z'));

/** Users and a three-level location tree, all fixed by the seed. */
export function generateProject(seed: number, domain: string, adminUsername: string): SimProject {
  const rng = rngFor(seed, STREAM.project, 0);
  const locationTypes: SimLocationType[] = [
    { id: 1, name: 'Country', code: 'country', parentCode: null },
    { id: 2, name: 'Region', code: 'region', parentCode: 'country' },
    { id: 3, name: 'District', code: 'district', parentCode: 'region' },
  ];
  const locations: SimLocation[] = [];
  const add = (name: string, typeCode: string, parent: SimLocation | null): SimLocation => {
    const pk = locations.length + 1;
    const location: SimLocation = {
      pk,
      locationId: rng.hex(32),
      name,
      siteCode: name
        .toLowerCase()
        .normalize('NFD')
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_|_$/g, ''),
      typeCode,
      parentLocationId: parent?.locationId ?? null,
      latitude: rng.chance(0.7) ? (rng.next() * 20 - 10).toFixed(10) : null,
      longitude: rng.chance(0.7) ? (rng.next() * 40 + 10).toFixed(10) : null,
      createdAt: CREATED + pk * 1_000_123,
      lastModified: CREATED + pk * 1_000_123 + 17,
      locationData: typeCode === 'district' ? { pop: String(rng.int(1000, 90000)) } : {},
    };
    locations.push(location);
    return location;
  };
  const country = add('Demoland', 'country', null);
  const districts: SimLocation[] = [];
  for (const region of REGIONS) {
    const regionLocation = add(region, 'region', country);
    for (const district of DISTRICTS)
      districts.push(add(`${region} ${district}`, 'district', regionLocation));
  }
  const mobileWorkers: SimUser[] = [];
  for (let n = 0; n < 8; n += 1) {
    const first = FIRST[n % FIRST.length]!;
    const last = LAST[(n * 3) % LAST.length]!;
    const short = `${first}.${last}`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z.]/g, '');
    mobileWorkers.push({
      id: rng.hex(32),
      username: `${short}${n}@${domain}.commcarehq.org`,
      firstName: first,
      lastName: last,
      email: '',
      phoneNumbers: [`+2547${String(rng.int(10000000, 99999999))}`],
      locationId: districts[n % districts.length]!.locationId,
      kind: 'mobile',
    });
  }
  const webUsers: SimUser[] = [
    {
      id: rng.hex(32),
      username: adminUsername,
      firstName: 'Sim',
      lastName: 'Admin',
      email: adminUsername,
      phoneNumbers: [],
      locationId: null,
      kind: 'web',
    },
    {
      id: rng.hex(32),
      username: 'analyst@example.org',
      firstName: 'Ana',
      lastName: 'Lyst',
      email: 'analyst@example.org',
      phoneNumbers: ['+15555550123'],
      locationId: districts[0]!.locationId,
      kind: 'web',
    },
  ];
  return { domain, locationTypes, locations, mobileWorkers, webUsers, districts };
}

/** What the feed's `owner_name` and `*_username` columns show: a location name or a short username. */
export function shortUsername(username: string): string {
  const at = username.indexOf('@');
  return at === -1 ? username : username.slice(0, at);
}
