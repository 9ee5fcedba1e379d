import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CgActionsResponse, CgBillList, CgBillResponse } from '../../src/tracking/congress-client.js';
import { OsBill, OsBillList, OsJurisdiction } from '../../src/tracking/openstates-client.js';
import { type FakeCongress, startFakeCongress } from '../fakes/fake-congress.js';
import { type FakeOpenStates, startFakeOpenStates } from '../fakes/fake-openstates.js';
import { addStateBill, SESSIONS } from './tracking-fixtures.js';

/**
 * The fakes are only as good as their likeness: Open States' answers are checked against the schemas of
 * its published OpenAPI description, and Congress.gov's sample responses (published with its API
 * documentation) must parse with the same schemas the client uses on the fake's answers.
 */
const published = JSON.parse(
  readFileSync('test/fixtures/tracking/openstates-openapi-schemas.json', 'utf8'),
) as {
  schemas: Record<string, JsonSchema>;
};

interface JsonSchema {
  type?: string;
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** The subset of JSON Schema the OpenAPI document uses: type, properties, required, items, $ref, enum, anyOf, allOf. */
function violations(value: unknown, schema: JsonSchema, path = '$'): string[] {
  if (schema.$ref)
    return violations(value, published.schemas[schema.$ref.split('/').at(-1) ?? ''] ?? {}, path);
  if (schema.allOf) return schema.allOf.flatMap((s) => violations(value, s, path));
  if (schema.anyOf)
    return schema.anyOf.some((s) => violations(value, s, path).length === 0)
      ? []
      : [`${path}: matches no anyOf`];
  if (schema.enum && !schema.enum.includes(value)) return [`${path}: ${JSON.stringify(value)} not in enum`];
  const t = schema.type;
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  if (t === 'integer' && !Number.isInteger(value)) return [`${path}: expected integer`];
  if (t && t !== 'integer' && t !== actual) return [`${path}: expected ${t}, got ${actual}`];
  const out: string[] = [];
  if (actual === 'object' && schema.properties) {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in obj)) out.push(`${path}.${r}: required`);
    for (const [k, v] of Object.entries(obj))
      if (schema.properties[k]) out.push(...violations(v, schema.properties[k], `${path}.${k}`));
  }
  if (actual === 'array' && schema.items)
    (value as unknown[]).forEach((v, i) =>
      out.push(...violations(v, schema.items as JsonSchema, `${path}[${i}]`)),
    );
  return out;
}

let os: FakeOpenStates;
let cg: FakeCongress;
beforeAll(async () => {
  os = await startFakeOpenStates({ apiKey: 'k' });
  cg = await startFakeCongress({ apiKey: 'k' });
  addStateBill(
    os,
    {
      jurisdiction: 'tx',
      session: '89R',
      identifier: 'HB 149',
      title: 'A bill',
      otherIdentifiers: ['HB 1709'],
    },
    { date: '2025-03-14', description: 'Filed', classification: ['introduction'] },
  );
  os.sessions.tx = [SESSIONS.tx];
  cg.addBill({ congress: 119, type: 'hr', number: 4695, title: 'Facial Recognition Act of 2025' });
  cg.act('119/hr/4695', { date: '2025-07-23', text: 'Introduced in House', type: 'IntroReferral' });
});
afterAll(async () => {
  await os.stop();
  await cg.stop();
});

const get = async (url: string) =>
  (await (await fetch(url, { headers: { 'x-api-key': 'k' } })).json()) as Record<string, object>;

describe('the fakes match the published API descriptions', () => {
  it('GIVEN the fake Open States WHEN bills, a bill and a jurisdiction are asked for THEN each answer matches the published schema and the client parses it', async () => {
    const list = await get(
      `${os.url}/bills?jurisdiction=tx&session=89R&identifier=HB%20149&include=actions&per_page=20`,
    );
    expect(violations(list, { $ref: '#/components/schemas/BillList' })).toEqual([]);
    expect(OsBillList.safeParse(list).success).toBe(true);
    const id = [...os.bills.keys()][0];
    const one = await get(`${os.url}/bills/${id}?include=actions`);
    expect(violations(one, { $ref: '#/components/schemas/Bill' })).toEqual([]);
    expect(OsBill.safeParse(one).success).toBe(true);
    const jur = await get(`${os.url}/jurisdictions/tx?include=legislative_sessions`);
    expect(violations(jur, { $ref: '#/components/schemas/Jurisdiction' })).toEqual([]);
    expect(OsJurisdiction.safeParse(jur).success).toBe(true);
  });

  it('GIVEN the checker WHEN an answer lacks a required field THEN it names it (the check can fail)', () => {
    expect(
      violations(
        { results: [{ id: 'ocd-bill/x' }], pagination: {} },
        { $ref: '#/components/schemas/BillList' },
      ),
    ).toEqual(
      expect.arrayContaining(['$.results[0].identifier: required', '$.pagination.max_page: required']),
    );
  });

  it("GIVEN Congress.gov's published sample responses WHEN parsed with the client's schemas THEN they parse, as the fake's answers do", async () => {
    const sampleBill = JSON.parse(
      readFileSync('test/fixtures/tracking/congress-bill-117-hr-21.json', 'utf8'),
    );
    const sampleActions = JSON.parse(
      readFileSync('test/fixtures/tracking/congress-bill-117-hr-21-actions.json', 'utf8'),
    );
    expect(CgBillResponse.safeParse(sampleBill).success).toBe(true);
    expect(CgActionsResponse.safeParse(sampleActions).success).toBe(true);
    expect(CgBillResponse.safeParse(await get(`${cg.url}/bill/119/hr/4695?format=json`)).success).toBe(true);
    expect(
      CgActionsResponse.safeParse(await get(`${cg.url}/bill/119/hr/4695/actions?format=json`)).success,
    ).toBe(true);
    // The fake's bill has the sample's keys (those it sets), so code written against one reads the other.
    const fakeKeys = Object.keys((await get(`${cg.url}/bill/119/hr/4695?format=json`)).bill ?? {});
    expect(fakeKeys.filter((k) => !(k in sampleBill.bill))).toEqual([]);
  });

  it("GIVEN Congress.gov's published sample of a Congress's bill list WHEN parsed THEN it parses, as the fake's list does, with the same keys", async () => {
    const sample = JSON.parse(readFileSync('test/fixtures/tracking/congress-bill-list-117.json', 'utf8'));
    expect(CgBillList.safeParse(sample).success).toBe(true);
    const list = await get(`${cg.url}/bill/119?format=json&limit=250&offset=0`);
    expect(CgBillList.safeParse(list).success).toBe(true);
    const fakeKeys = Object.keys((list.bills as object[])[0] ?? {});
    expect(fakeKeys.filter((k) => !(k in sample.bills[0])).sort()).toEqual([]);
    expect(Object.keys(sample.bills[0]).filter((k) => !fakeKeys.includes(k))).toEqual([]);
  });

  it('GIVEN a renumbered bill WHEN the fake Open States is asked with include=other_identifiers THEN its old number is listed as the published schema has it, and only then', async () => {
    const id = [...os.bills.keys()][0] ?? '';
    const withIds = await get(`${os.url}/bills/${id}?include=other_identifiers`);
    expect(violations(withIds, { $ref: '#/components/schemas/Bill' })).toEqual([]);
    expect(OsBill.parse(withIds).other_identifiers).toEqual([{ identifier: 'HB 1709' }]);
    expect('other_identifiers' in (await get(`${os.url}/bills/${id}`))).toBe(false);
  });

  it('GIVEN no key or a wrong key WHEN either fake is asked THEN it refuses as the real API does', async () => {
    expect((await fetch(`${os.url}/bills?jurisdiction=tx`)).status).toBe(403);
    expect(
      (await fetch(`${os.url}/bills?jurisdiction=tx`, { headers: { 'x-api-key': 'wrong' } })).status,
    ).toBe(401);
    const missing = await fetch(`${cg.url}/bill/119/hr/4695`);
    expect(missing.status).toBe(403);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('API_KEY_MISSING');
  });
});
