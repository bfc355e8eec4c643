/**
 * Collects the engine case tables for the differential test against istiod: when `ORACLE_CASES_FILE` is set, each
 * case a table runs (its name, source, manifests as plain objects and request) is appended to that file as a JSON
 * line. Unset, nothing happens.
 */
import { appendFileSync } from 'fs';
import { parseAllDocuments } from 'yaml';
import { TrafficRequest } from '../../src/engine-entry';

/** Records one case when collecting. */
export function collectCase(name: string, source: string, manifests: string | readonly unknown[], request: TrafficRequest): void {
  const file = process.env.ORACLE_CASES_FILE;
  if (file === undefined || file === '') {
    return;
  }
  const objects = typeof manifests === 'string' ? parseAllDocuments(manifests).map((d) => d.toJS()).filter((o) => o !== null) : manifests;
  appendFileSync(file, `${JSON.stringify({ name, source, manifests: objects, request })}\n`);
}
