import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../core/log.ts';
import type { CaseStore } from './data/case-store.ts';
import type { SimForm } from './data/forms.ts';
import { rngFor, STREAM } from './data/random.ts';
import { isoMicros } from './data/time.ts';
import { caseForwarderJson, caseForwarderXml } from './render/case-shapes.ts';
import { formV1 } from './render/form-shapes.ts';
import { formToXml } from './render/xml.ts';

export interface ForwarderOptions {
  /** The receiver, e.g. `http://127.0.0.1:3000/api/forwarding`. */
  url: string;
  /** "API Key" auth: sent verbatim as the whole Authorization header (`Bearer xyz` or just `xyz`). */
  authorization?: string;
  /** HQ's first format is the default: XML. */
  caseFormat?: 'xml' | 'json';
  formFormat?: 'xml' | 'json';
  /** HQ appends `?app_id=<app>` to form forwarding URLs by default. */
  appendAppId?: boolean;
  /** Real milliseconds per simulated hour of HQ's retry schedule (default 10 ms: 1 h, 3 h, 9 h … → 10, 30, 90 ms). */
  msPerHour?: number;
  /** Send every payload twice (HQ can register several records for one case and send the latest state each time). */
  duplicates?: boolean;
  /** Send each batch in a shuffled order. */
  reorder?: boolean;
  /** Forward every case the controls create, update or close. */
  autoForwardCases?: boolean;
  timeoutMs?: number;
}

export type DeliveryState = 'pending' | 'succeeded' | 'empty' | 'cancelled';

export interface DeliveryRecord {
  id: number;
  kind: 'case' | 'form';
  targetId: string;
  state: DeliveryState;
  attempts: Array<{ status?: number; error?: string }>;
}

export interface Forwarder {
  forwardCases(caseIds: string[]): void;
  forwardForms(formIds: string[]): void;
  readonly records: readonly DeliveryRecord[];
  /** Resolves when every record has succeeded or been cancelled. */
  idle(): Promise<void>;
  close(): void;
}

/** HQ's repeater rules (§9, the per-record `fire()` path): non-2xx → up to 6 sends; network failure → 4. */
const MAX_SENDS_SERVER_FAILURE = 6;
const MAX_SENDS_CLIENT_FAILURE = 4;

export function createForwarder(
  options: ForwarderOptions,
  deps: {
    store: CaseStore;
    domain: string;
    seed: number;
    formById: (formId: string) => SimForm | undefined;
    logger: Logger;
  },
): Forwarder {
  const records: DeliveryRecord[] = [];
  const inFlight = new Set<Promise<void>>();
  const msPerHour = options.msPerHour ?? 10;
  const controller = new AbortController();
  let shuffles = 0;
  const unsubscribe = options.autoForwardCases
    ? deps.store.onChange((ids) => forwarder.forwardCases(ids))
    : undefined;

  function payloadFor(
    record: DeliveryRecord,
  ): { body: string; headers: Record<string, string>; url: string } | undefined {
    if (record.kind === 'case') {
      // Generated at send time from the current state, as HQ does.
      const current = deps.store.byId(record.targetId);
      if (!current) return undefined;
      const xml = (options.caseFormat ?? 'xml') === 'xml';
      return {
        url: options.url,
        body: xml ? caseForwarderXml(current) : JSON.stringify(caseForwarderJson(current, deps.domain)),
        headers: {
          'Content-Type': xml ? 'text/xml' : 'application/json',
          'server-modified-on': isoMicros(current.serverLastModified),
        },
      };
    }
    const form = deps.formById(record.targetId);
    if (!form) return undefined;
    const xml = (options.formFormat ?? 'xml') === 'xml';
    const url = new URL(options.url);
    if (options.appendAppId ?? true) url.searchParams.set('app_id', form.appId);
    return {
      url: url.toString(),
      body: xml ? formToXml(form.form) : JSON.stringify(formV1(form, deps.domain)),
      headers: {
        'Content-Type': xml ? 'text/xml' : 'application/json',
        'received-on': isoMicros(form.receivedOn),
      },
    };
  }

  async function deliver(record: DeliveryRecord): Promise<void> {
    let waitHours = 1;
    for (;;) {
      const payload = payloadFor(record);
      if (!payload) {
        record.state = 'cancelled';
        return;
      }
      let clientFailure = false;
      try {
        const response = await fetch(payload.url, {
          method: 'POST',
          headers: {
            ...payload.headers,
            'User-Agent': 'python-requests/2.32.3',
            ...(options.authorization === undefined ? {} : { Authorization: options.authorization }),
          },
          body: payload.body,
          signal: AbortSignal.any([controller.signal, AbortSignal.timeout(options.timeoutMs ?? 10_000)]),
        });
        await response.arrayBuffer();
        record.attempts.push({ status: response.status });
        if (response.status >= 200 && response.status < 300) {
          record.state = response.status === 204 ? 'empty' : 'succeeded';
          return;
        }
      } catch (error) {
        if (controller.signal.aborted) return;
        clientFailure = true;
        record.attempts.push({ error: error instanceof Error ? error.message : String(error) });
      }
      const limit = clientFailure ? MAX_SENDS_CLIENT_FAILURE : MAX_SENDS_SERVER_FAILURE;
      if (record.attempts.length >= limit) {
        record.state = 'cancelled';
        deps.logger.warn({ record: record.id, kind: record.kind }, 'forwarder gave up on a payload');
        return;
      }
      // clamp(3 × time since last attempt, 1 h, 7 d): 1 h, 3 h, 9 h, 27 h, 81 h — compressed.
      try {
        await delay(waitHours * msPerHour, undefined, { signal: controller.signal });
      } catch {
        return;
      }
      waitHours = Math.min(168, Math.max(1, waitHours * 3));
    }
  }

  function enqueue(kind: 'case' | 'form', ids: string[]): void {
    const batch: DeliveryRecord[] = [];
    for (const targetId of ids) {
      const copies = options.duplicates ? 2 : 1;
      for (let n = 0; n < copies; n += 1) {
        const record: DeliveryRecord = {
          id: records.length + 1,
          kind,
          targetId,
          state: 'pending',
          attempts: [],
        };
        records.push(record);
        batch.push(record);
      }
    }
    if (options.reorder) {
      const rng = rngFor(deps.seed, STREAM.forwarder, shuffles++);
      shuffle(batch, () => rng.next());
    }
    // Records start one after another (so a receiver sees the batch's order), then retry independently.
    const run = (async () => {
      const started: Promise<void>[] = [];
      for (const record of batch) {
        const first = deliver(record);
        started.push(first);
        await Promise.race([first, delay(1)]);
      }
      await Promise.all(started);
    })();
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
  }

  const forwarder: Forwarder = {
    forwardCases: (caseIds) => enqueue('case', caseIds),
    forwardForms: (formIds) => enqueue('form', formIds),
    records,
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    close() {
      unsubscribe?.();
      controller.abort();
    },
  };
  return forwarder;
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
