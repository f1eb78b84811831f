// Hostile input on every route that takes any: each path parameter, query parameter and body field
// (at any depth) replaced in turn by wrong types, missing or extra fields, huge strings, unicode
// edge cases, NUL bytes, SQL and HTML payloads, path traversal, negative and enormous numbers;
// whole bodies that are not JSON, not objects, nested ten thousand deep or poisoning prototypes.
// Each request is sent by a person allowed to call the route (read from the authorisation table),
// so the values reach the route's own code. Never a 5xx; every refusal is application/problem+json
// and leaves the database as it was (rows and checksum of every table the request touched).
// Values the schema allows (an SQL or HTML payload is just text) may be accepted: pages show them
// as text (tests/e2e/trust.e2e.ts).
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '@tremplin/db';
import { setupApp } from '../helper.js';
import {
  buildRequest,
  CLASS_LIST,
  type JsonSchema,
  multipart,
  type Route,
  routesOf,
  validValue,
} from './requests.js';
import { takeSnapshot } from './snapshot.js';
import { buildWorld, ROLES, type RoleName, type World } from './world.js';

const ctx = setupApp();

const table = JSON.parse(
  readFileSync(new URL('./authorization-matrix.json', import.meta.url), 'utf8'),
) as { routes: Record<string, number[]> };

/** Who calls a route: someone it lets in, preferring someone it answers with success. */
function caller(route: Route): RoleName {
  const row = table.routes[route.key];
  if (!row) throw new Error(`${route.key} has no row in the authorisation table`);
  const order = [...ROLES.keys()].reverse();
  const ok = order.find((i) => row[i]! < 300);
  const reached = order.find((i) => row[i] === 400 || row[i] === 409);
  return ROLES[ok ?? reached ?? 0]!;
}

const SQL = [
  "' OR '1'='1' --",
  "'; DROP TABLE users; --",
  '1) UNION SELECT password_hash FROM users--',
];
const HTML = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '{{7*7}}${7*7}'];
const TRAVERSAL = ['../../../../etc/passwd', '..\\..\\windows\\win.ini', '/etc/shadow%00.pdf'];
const UNICODE = [
  'e\u0301le\u0300ve \u202Egnp.exe \u200B\u200D\uFEFF 😀👩🏽‍🔧 𝕋𝕣𝕖𝕞𝕡𝕝𝕚𝕟',
  'ﷺ Ｔｒｅｍｐｌｉｎ ǅ ß İ',
  '\uD800 lone surrogate',
];
const NUL = 'avant\u0000après';

interface Variant {
  label: string;
  /** A value the schema may allow (then the route may accept it); else it must be refused. */
  allowed: boolean;
  value: unknown;
}

const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T/,
  email: /^[^@\s]+@[^@\s]+$/,
};

/** Whether the schema lets this text through (lengths in code points, as the validator counts). */
function textAllowed(schema: JsonSchema, value: string): boolean {
  if (schema.enum) return schema.enum.includes(value);
  if (schema.const !== undefined) return schema.const === value;
  const length = [...value].length;
  if (length < (schema.minLength ?? 0) || length > (schema.maxLength ?? Infinity)) return false;
  if (schema.format && !FORMATS[schema.format]?.test(value)) return false;
  if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) return false;
  return (
    !value.includes('\u0000') &&
    !/[\uD800-\uDFFF]/.test(value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))
  );
}

/** The validator turns null into "" for text, 0 for numbers, false for yes/no. */
function nullAllowed(schema: JsonSchema): boolean {
  if (schema.nullable) return true;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'string') return textAllowed(schema, '');
  if (type === 'integer' || type === 'number') {
    return (schema.minimum ?? 0) <= 0 && (schema.maximum ?? 0) >= 0;
  }
  return type === 'boolean';
}

function stringVariants(schema: JsonSchema): Variant[] {
  const text = (label: string, value: string): Variant => ({
    label,
    value,
    allowed: textAllowed(schema, value),
  });
  return [
    ...SQL.map((v) => text('sql', v)),
    ...HTML.map((v) => text('html', v)),
    ...TRAVERSAL.map((v) => text('path traversal', v)),
    ...UNICODE.map((v) => text('unicode', v)),
    text('NUL byte', NUL),
    text('over its maximum length', 'x'.repeat((schema.maxLength ?? 100_000) + 1)),
    text('a megabyte', 'é'.repeat(512 * 1024)),
    { label: 'object', value: { $ne: null }, allowed: false },
    { label: 'array', value: ['a', 'b'], allowed: false },
    { label: 'null', value: null, allowed: nullAllowed(schema) },
  ];
}

function numberVariants(schema: JsonSchema): Variant[] {
  const within = (n: number) =>
    (schema.minimum === undefined || n >= schema.minimum) &&
    (schema.maximum === undefined || n <= schema.maximum) &&
    (schema.type !== 'integer' || Number.isInteger(n));
  return [
    { label: 'text', value: 'douze', allowed: false },
    { label: 'negative', value: -1, allowed: within(-1) },
    { label: 'enormous', value: 1e308, allowed: false },
    { label: 'past 2^63', value: 9_223_372_036_854_775_808, allowed: false },
    { label: 'fraction', value: 1.5, allowed: within(1.5) },
    { label: 'object', value: {}, allowed: false },
    { label: 'null', value: null, allowed: nullAllowed(schema) },
  ];
}

function variantsFor(schema: JsonSchema): Variant[] {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (schema.anyOf || schema.oneOf || schema.enum || schema.const !== undefined) {
    return [
      { label: 'unknown choice', value: 'pas-une-valeur', allowed: false },
      { label: 'object', value: {}, allowed: false },
      { label: 'sql', value: SQL[1], allowed: false },
    ];
  }
  switch (type) {
    case 'string':
      return stringVariants(schema);
    case 'integer':
    case 'number':
      return numberVariants(schema);
    case 'boolean':
      return [
        { label: 'text', value: 'peut-être', allowed: false },
        { label: 'object', value: {}, allowed: false },
      ];
    case 'array':
      return [
        { label: 'object', value: { 0: 'a' }, allowed: false },
        {
          label: 'ten thousand items',
          value: Array.from({ length: 10_000 }, () => validValue(schema.items ?? {})),
          allowed: schema.maxItems === undefined,
        },
        { label: 'array of nulls', value: [null, null], allowed: false },
      ];
    case 'object':
      return [
        { label: 'array', value: [], allowed: false },
        { label: 'text', value: 'objet', allowed: false },
      ];
    default:
      return [];
  }
}

interface Leaf {
  path: (string | number)[];
  schema: JsonSchema;
  required: boolean;
}

/** Every field of a body with the schema that describes it (arrays through their first item). */
function leaves(schema: JsonSchema, value: unknown, path: (string | number)[] = []): Leaf[] {
  if (Array.isArray(value) && schema.items && value.length > 0) {
    return [{ path, schema, required: true }, ...leaves(schema.items, value[0], [...path, 0])];
  }
  if (value && typeof value === 'object' && schema.properties) {
    const out: Leaf[] = path.length ? [{ path, schema, required: true }] : [];
    for (const [name, prop] of Object.entries(schema.properties)) {
      const required = (schema.required ?? []).includes(name);
      if (!(name in (value as object))) continue;
      out.push(
        ...leaves(prop, (value as Record<string, unknown>)[name], [...path, name]).map((leaf, i) =>
          i === 0 ? { ...leaf, required } : leaf,
        ),
      );
    }
    return out;
  }
  return [{ path, schema, required: true }];
}

function setAt(body: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

interface Case {
  label: string;
  allowed: boolean;
  url: string;
  payload?: string | Buffer;
  contentType?: string;
}

function casesFor(route: Route, world: World, role: RoleName): Case[] {
  const base = buildRequest(route, world, role);
  const [path, query = ''] = base.url.split('?') as [string, string?];
  const cases: Case[] = [];
  const json = (value: unknown) => JSON.stringify(value);
  const baseBody =
    base.payload !== undefined && !base.contentType ? json(base.payload) : base.payload;
  const withUrl = (label: string, allowed: boolean, url: string): Case => ({
    label,
    allowed,
    url,
    payload: baseBody as string | undefined,
    contentType: base.contentType ?? (baseBody !== undefined ? 'application/json' : undefined),
  });

  for (const param of route.params) {
    const values: [string, string][] = [
      ['sql', encodeURIComponent(SQL[0]!)],
      ['path traversal', '..%2F..%2F..%2Fetc%2Fpasswd'],
      ['NUL byte', 'abc%00def'],
      ['bad percent-encoding', '%E0%A4%A'],
      ['unknown identifier', '7d0c1f9e-0000-4000-8000-000000000000'],
      ['negative', '-1'],
      ['very long', 'a'.repeat(5000)],
    ];
    for (const [label, value] of values) {
      // An identifier nobody has may be answered 2xx by an idempotent route (nothing to do).
      const allowed = label === 'unknown identifier';
      const url = route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
        name === param.name ? value : encodeURIComponent(pathOf(base.url, route.path, name)),
      );
      cases.push(
        withUrl(`params.${param.name} ${label}`, allowed, url + (query ? `?${query}` : '')),
      );
    }
  }

  for (const param of route.query) {
    const others = new URLSearchParams(query);
    others.delete(param.name);
    const schema = param.schema;
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    const numeric = type === 'integer' || type === 'number';
    const allows = (value: string) =>
      type === 'string' || schema.enum ? textAllowed(schema, value) : false;
    const variants: [string, string, boolean][] = [
      ['sql', SQL[0]!, allows(SQL[0]!)],
      ['html', HTML[0]!, allows(HTML[0]!)],
      ['unicode', UNICODE[0]!, allows(UNICODE[0]!)],
      ['NUL byte', NUL, false],
      ['very long', 'x'.repeat(20_000), allows('x'.repeat(20_000))],
      ['enormous number', '1e309', allows('1e309')],
      [
        'negative',
        '-999999999999',
        allows('-999999999999') || (numeric && schema.minimum === undefined),
      ],
    ];
    for (const [label, value, allowed] of variants) {
      const qs = new URLSearchParams(others);
      qs.set(param.name, value);
      cases.push(withUrl(`query.${param.name} ${label}`, allowed, `${path}?${qs}`));
    }
    const twice = new URLSearchParams(others);
    twice.append(param.name, 'a');
    twice.append(param.name, 'b');
    cases.push(withUrl(`query.${param.name} given twice`, true, `${path}?${twice}`));
  }

  if (route.body && !base.contentType) {
    const body = base.payload ?? validValue(route.body);
    const send = (
      label: string,
      allowed: boolean,
      payload: string,
      contentType = 'application/json',
    ): Case => ({
      label,
      allowed,
      url: base.url,
      payload,
      contentType,
    });
    cases.push(send('body not JSON', false, '{"a": '));
    cases.push(send('body empty', false, ''));
    cases.push(send('body a list', false, '[]'));
    cases.push(send('body null', false, 'null'));
    cases.push(send('body as text/plain', false, json(body), 'text/plain'));
    cases.push(send('body with __proto__', false, '{"__proto__": {"isAdmin": true}}'));
    cases.push(
      send(
        'body with constructor.prototype',
        false,
        '{"constructor": {"prototype": {"isAdmin": true}}}',
      ),
    );
    cases.push(
      send('body nested ten thousand deep', false, '['.repeat(10_000) + ']'.repeat(10_000)),
    );
    if (route.body.additionalProperties === false && body && typeof body === 'object') {
      cases.push(
        send('body with an extra field', false, json({ ...body, trustExtraField: 'operator' })),
      );
    }
    for (const leaf of leaves(route.body, body)) {
      const name = `body.${leaf.path.join('.')}`;
      if (leaf.required && leaf.path.length > 0) {
        cases.push(send(`${name} missing`, false, json(setAt(body, leaf.path, undefined, true))));
      }
      for (const variant of variantsFor(leaf.schema)) {
        cases.push(
          send(
            `${name} ${variant.label}`,
            variant.allowed,
            json(setAt(body, leaf.path, variant.value)),
          ),
        );
      }
    }
  }
  return cases;
}

/** The value a path parameter has in the base request's URL. */
function pathOf(url: string, template: string, name: string): string {
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const pattern = new RegExp(
    `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '([^/?]+)')}`,
  );
  const match = url.match(pattern);
  return decodeURIComponent(match?.[names.indexOf(name) + 1] ?? '');
}

describe('hostile input', () => {
  it(
    'never gets a 5xx; every refusal is a problem and changes nothing',
    async () => {
      const world = await buildWorld(ctx);
      const snapshot = await takeSnapshot(ctx.handle.db);
      const failures: string[] = [];
      let calls = 0;
      let routesTried = 0;
      try {
        for (const route of routesOf(ctx.app)) {
          if (
            route.params.length + route.query.length === 0 &&
            !route.body &&
            !route.bodyTypes.length
          ) {
            continue;
          }
          routesTried++;
          const role = caller(route);
          const token = world.tokens[role];
          for (const c of casesFor(route, world, role)) {
            calls++;
            const response = await ctx.app.inject({
              method: route.method,
              url: c.url,
              headers: {
                ...(token ? { authorization: `Bearer ${token}` } : {}),
                ...(c.contentType ? { 'content-type': c.contentType } : {}),
              },
              ...(c.payload !== undefined ? { payload: c.payload } : {}),
            });
            const where = `${route.key} as ${role}, ${c.label}`;
            const status = response.statusCode;
            if (status >= 500) failures.push(`${where}: ${status}`);
            else if (status >= 400) {
              if (
                !String(response.headers['content-type']).startsWith('application/problem+json')
              ) {
                failures.push(`${where}: ${status} without a problem body`);
              }
              const changed = (await snapshot.changes()).filter(
                (t) => t.table !== 'login_failures',
              );
              if (changed.length > 0) {
                failures.push(
                  `${where}: refused with ${status} but changed ${changed.map((t) => t.table).join(', ')}`,
                );
              }
            } else if (!c.allowed) {
              failures.push(`${where}: accepted with ${status}`);
            }
            await snapshot.restore();
          }
        }
      } finally {
        await snapshot.drop();
      }
      console.info(`hostile input: ${calls} requests on ${routesTried} routes`);
      expect(calls).toBeGreaterThan(3000);
      expect(failures).toEqual([]);
    },
    60 * 60_000,
  );

  it(
    'keeps uploaded file names and class lists harmless: traversal, quotes, line breaks, NUL',
    async () => {
      const world = await buildWorld(ctx);
      const snapshot = await takeSnapshot(ctx.handle.db);
      const failures: string[] = [];
      const teacher = { authorization: `Bearer ${world.tokens.teacher}` };
      const { challenge, team } = world.ids;
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
      const names = [
        '../../../../etc/passwd.pdf',
        '..\\..\\windows\\system32\\evil.pdf',
        'affiche"; filename="evil.exe.pdf',
        'affiche\u0000.exe.pdf',
        '%2e%2e%2f%2e%2e%2fetc%2fpasswd.pdf',
        '<script>alert(1)</script>.pdf',
        '\u202Efdp.exe',
        '𝕋𝕣𝕖𝕞𝕡𝕝𝕚𝕟 😀.pdf',
        `${'a'.repeat(5000)}.pdf`,
      ];
      try {
        for (const name of names) {
          const upload = multipart({ text: 'Notre idée.' }, { name, bytes: pdf });
          const response = await ctx.app.inject({
            method: 'PUT',
            url: `/api/challenges/${challenge}/teams/${team}/submission`,
            headers: { ...teacher, 'content-type': upload.contentType },
            payload: upload.payload,
          });
          const where = `submission of ${JSON.stringify(name.slice(0, 60))}`;
          if (response.statusCode >= 500) failures.push(`${where}: ${response.statusCode}`);
          if (response.statusCode >= 400) {
            if ((await snapshot.changes()).length > 0)
              failures.push(`${where}: refused but changed`);
          } else {
            const [stored] = await queryRows<{ id: string; filename: string }>(
              ctx.handle.db,
              sql`select id, filename from challenge_files order by uploaded_at desc limit 1`,
            );
            if (!stored) {
              failures.push(`${where}: no file in the answer`);
            } else {
              if (/[\\/"\u202e]|\p{Cc}/u.test(stored.filename)) {
                failures.push(`${where}: stored as ${JSON.stringify(stored.filename)}`);
              }
              const download = await ctx.app.inject({
                method: 'GET',
                url: `/api/challenges/${challenge}/files/${stored.id}`,
                headers: teacher,
              });
              const header = String(download.headers['content-disposition']);
              if (
                download.statusCode !== 200 ||
                /[\r\n]/.test(header) ||
                !/^attachment; filename="[^"]*"; filename\*=UTF-8''[^"; ]+$/.test(header)
              ) {
                failures.push(`${where}: downloaded with ${download.statusCode} ${header}`);
              }
            }
          }
          await snapshot.restore();
        }

        const lists: [string, Buffer][] = [
          ['NUL in a name', Buffer.from(CLASS_LIST.replace('Hugo', 'Hu\u0000go'))],
          [
            'SQL in a name',
            Buffer.from(CLASS_LIST.replace('PETIT', "PETIT'); DROP TABLE students;--")),
          ],
          [
            'HTML in a name',
            Buffer.from(CLASS_LIST.replace('Hugo', '<img src=x onerror=alert(1)>')),
          ],
          [
            'a formula',
            Buffer.from(CLASS_LIST.replace('Hugo', '=HYPERLINK("http://evil.example")')),
          ],
          [
            'invalid UTF-8',
            Buffer.concat([Buffer.from(CLASS_LIST), Buffer.from([0xc3, 0x28, 0xff, 0xfe])]),
          ],
          ['binary garbage', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
          ['empty', Buffer.alloc(0)],
          ['only a header', Buffer.from('Nom,Prénom,Date de naissance,Classe\n')],
          ['six megabytes', Buffer.alloc(6 * 1024 * 1024, 'a')],
          ['a hundred thousand columns', Buffer.from(`${'x,'.repeat(100_000)}\n`)],
        ];
        for (const [label, payload] of lists) {
          for (const dryRun of ['true', 'false']) {
            const response = await ctx.app.inject({
              method: 'POST',
              url: `/api/classes/import/raw?dryRun=${dryRun}`,
              headers: { ...teacher, 'content-type': 'text/csv' },
              payload,
            });
            const where = `class list with ${label} (dryRun=${dryRun})`;
            if (response.statusCode >= 500) failures.push(`${where}: ${response.statusCode}`);
            else if (response.statusCode >= 400) {
              if ((await snapshot.changes()).length > 0)
                failures.push(`${where}: refused but changed`);
            } else if (dryRun === 'true' && (await snapshot.changes()).length > 0) {
              failures.push(`${where}: a dry run changed the database`);
            }
            await snapshot.restore();
          }
        }
      } finally {
        await snapshot.drop();
      }
      expect(failures).toEqual([]);
    },
    10 * 60_000,
  );
});
