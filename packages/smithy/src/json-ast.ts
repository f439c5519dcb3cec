import { NodeValue, SmithyAst } from './ast';
import { terminalJson } from '@nx-wasmcloud/wascap/terminal-text';
import { SmithyError } from './errors';

/**
 * The JSON AST is read from files and URLs the user does not always control: before anything walks it,
 * its shape is checked (ids and member names are Smithy identifiers, references are objects with a
 * target, values nest no deeper than the IDL parser allows), so later code can neither overflow the
 * stack nor paste a non-identifier into generated source.
 */

/** Same cap as the IDL parser's nested values (parser.ts MAX_DEPTH). */
export const MAX_VALUE_DEPTH = 200;

const IDENT = '(?:_+[A-Za-z0-9]|[A-Za-z])[A-Za-z0-9_]*';
const IDENTIFIER = new RegExp(`^${IDENT}$`);
const SHAPE_ID = new RegExp(`^${IDENT}(?:\\.${IDENT})*#${IDENT}(?:\\$${IDENT})?$`);

const SHAPE_TYPES = new Set([
  'blob',
  'boolean',
  'string',
  'byte',
  'short',
  'integer',
  'long',
  'float',
  'double',
  'bigInteger',
  'bigDecimal',
  'timestamp',
  'document',
  'enum',
  'intEnum',
  'list',
  'set',
  'map',
  'structure',
  'union',
  'service',
  'operation',
  'resource',
  'apply',
]);

const REF_FIELDS = ['input', 'output', 'create', 'put', 'read', 'update', 'delete', 'list'] as const;
const REF_LISTS = ['operations', 'resources', 'errors', 'collectionOperations', 'mixins'] as const;
const MEMBER_FIELDS = ['member', 'key', 'value'] as const;
const REQUIRED_MEMBERS: Record<string, string[]> = { list: ['member'], set: ['member'], map: ['key', 'value'] };

/** Parses a `.json` model file: JSON, then the checks of checkAst. */
export function parseJsonAst(text: string, file: string): SmithyAst {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SmithyError(`${file}: not a Smithy JSON AST: ${(err as Error).message.split('\n')[0]}`);
  }
  return checkAst(value, file);
}

const shown = (v: unknown): string => {
  const s = typeof v === 'string' ? terminalJson(v) : typeof v;
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks that `value` is a JSON AST this package can walk safely; throws a one-line SmithyError naming `where`. */
export function checkAst(value: unknown, where: string): SmithyAst {
  const fail = (msg: string): never => {
    throw new SmithyError(`${where}: not a Smithy JSON AST: ${msg}`);
  };
  if (!isObject(value)) fail('the top level must be an object');
  const ast = value as Record<string, unknown>;
  if (ast.smithy !== undefined && typeof ast.smithy !== 'string') fail('"smithy" must be a version string');
  if (ast.metadata !== undefined) {
    if (!isObject(ast.metadata)) fail('"metadata" must be an object');
    checkDepth(ast.metadata as NodeValue, 'metadata', fail);
  }
  if (!isObject(ast.shapes)) fail('no "shapes" object');
  for (const [id, shape] of Object.entries(ast.shapes as Record<string, unknown>)) {
    if (!SHAPE_ID.test(id)) fail(`shape id ${shown(id)} is not namespace#Name`);
    if (!isObject(shape)) fail(`shape ${id} must be an object`);
    const s = shape as Record<string, unknown>;
    if (typeof s.type !== 'string' || !SHAPE_TYPES.has(s.type)) fail(`shape ${id} has an unknown type ${shown(s.type)}`);
    if (s.type !== 'apply' && id.includes('$')) fail(`shape id ${shown(id)} names a member; only "apply" may`);
    checkTraits(s.traits, id, fail);
    const target = (ref: unknown, at: string): void => {
      if (!isObject(ref) || typeof ref.target !== 'string' || !SHAPE_ID.test(ref.target))
        fail(`${at} needs {"target": "namespace#Name"}, got ${shown(isObject(ref) ? ref.target : ref)}`);
    };
    const member = (m: unknown, at: string): void => {
      target(m, at);
      checkTraits((m as Record<string, unknown>).traits, at, fail);
    };
    for (const f of MEMBER_FIELDS) if (s[f] !== undefined) member(s[f], `${id}$${f}`);
    for (const f of REQUIRED_MEMBERS[s.type as string] ?? []) if (s[f] === undefined) fail(`${s.type} ${id} needs "${f}"`);
    for (const f of REF_FIELDS) if (s[f] !== undefined) target(s[f], `${id} ${f}`);
    for (const f of REF_LISTS) {
      if (s[f] === undefined) continue;
      if (!Array.isArray(s[f])) fail(`${id} ${f} must be a list`);
      (s[f] as unknown[]).forEach((r, i) => target(r, `${id} ${f}[${i}]`));
    }
    for (const f of ['members', 'identifiers', 'properties'] as const) {
      if (s[f] === undefined) continue;
      if (!isObject(s[f])) fail(`${id} ${f} must be an object`);
      for (const [name, m] of Object.entries(s[f] as Record<string, unknown>)) {
        if (!IDENTIFIER.test(name)) fail(`${id} member name ${shown(name)} is not an identifier`);
        if (f === 'members') member(m, `${id}$${name}`);
        else target(m, `${id} ${f}.${name}`);
      }
    }
    if (s.version !== undefined && typeof s.version !== 'string') fail(`${id} version must be a string`);
    if (s.rename !== undefined && (!isObject(s.rename) || Object.values(s.rename).some((v) => typeof v !== 'string')))
      fail(`${id} rename must map shape ids to names`);
  }
  return value as unknown as SmithyAst;
}

function checkTraits(traits: unknown, at: string, fail: (msg: string) => never): void {
  if (traits === undefined) return;
  if (!isObject(traits)) fail(`traits of ${at} must be an object`);
  for (const [id, v] of Object.entries(traits as Record<string, unknown>)) {
    if (!SHAPE_ID.test(id)) fail(`trait id ${shown(id)} on ${at} is not namespace#Name`);
    checkDepth(v as NodeValue, `trait ${id} on ${at}`, fail);
  }
}

/** Without recursion, so a hostile depth cannot overflow the checker itself. */
function checkDepth(value: NodeValue, at: string, fail: (msg: string) => never): void {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > MAX_VALUE_DEPTH) fail(`${at} is nested more than ${MAX_VALUE_DEPTH} levels deep`);
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
}
