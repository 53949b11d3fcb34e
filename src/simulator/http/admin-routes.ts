import { AppError } from '../../core/errors.ts';
import type { SimulatorControls } from '../controls.ts';
import { hqError, json, type Reply } from './reply.ts';
import type { SimRequest } from './request.ts';

/**
 * `/_simulator/…`: drive the simulator from curl or another process (no auth; it listens on loopback).
 *   GET    /_simulator/state
 *   POST   /_simulator/faults          {"kind": "rate_limit", "retryAfterSeconds": 1, "times": 2, "path": "/case/v2"}
 *   DELETE /_simulator/faults
 *   POST   /_simulator/cases/update    {"caseIds": [...]} or {"count": 10, "caseType": "patient"}, optional "properties"
 *   POST   /_simulator/cases/close     {"caseIds": [...]} or {"count": 3}
 *   POST   /_simulator/cases/create    {"count": 5}
 *   POST   /_simulator/forward         {"caseIds": [...], "formIds": [...]}  (needs a configured forwarder)
 */
export async function routeAdmin(request: SimRequest, controls: SimulatorControls): Promise<Reply> {
  const action = request.path.replace(/^\/_simulator\//, '').replace(/\/$/, '');
  let body: Record<string, unknown> = {};
  if (request.body.trim() !== '') {
    try {
      body = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      return hqError(400, 'body must be JSON');
    }
  }
  const target = (): string[] | number =>
    Array.isArray(body.caseIds) ? body.caseIds.map(String) : Number(body.count ?? 1);
  const caseType = typeof body.caseType === 'string' ? body.caseType : undefined;
  try {
    switch (`${request.method} ${action}`) {
      case 'GET state':
        return json(200, controls.state());
      case 'POST faults':
        controls.setFault(body as never);
        return json(201, { faults: controls.faults() });
      case 'DELETE faults':
        controls.clearFaults();
        return json(200, { faults: [] });
      case 'POST cases/update':
        return json(200, {
          caseIds: controls.updateCases(
            target(),
            body.properties as Record<string, string> | undefined,
            caseType,
          ),
        });
      case 'POST cases/close':
        return json(200, { caseIds: controls.closeCases(target(), caseType) });
      case 'POST cases/create':
        return json(200, { caseIds: controls.createCases(Number(body.count ?? 1)) });
      case 'POST forward': {
        const forwarder = controls.forwarder;
        if (!forwarder)
          return hqError(409, 'no forwarder configured (start with forwarder options / --forward-to)');
        if (Array.isArray(body.caseIds)) forwarder.forwardCases(body.caseIds.map(String));
        if (Array.isArray(body.formIds)) forwarder.forwardForms(body.formIds.map(String));
        return json(202, { queued: true });
      }
      default:
        return hqError(404, `unknown simulator action ${request.method} ${action}`);
    }
  } catch (error) {
    if (error instanceof AppError) return hqError(400, error.message);
    throw error;
  }
}
