import { NodeValue, ShapeAst, SmithyAst, Traits } from './ast';
import { SmithyError } from './errors';
import { checkAst } from './json-ast';
import { parseSmithy } from './parser';
import { readInputText } from './read-input';
import { bundledAst, PRELUDE_FILES, smithyApiAst } from './prelude-names';

/** A merged, resolved model: every shape id absolute, `apply` statements folded into their targets. */
export interface Model {
  /** The IDL version weld reports ("1.0" unless a file declares another). */
  version: string;
  metadata: Record<string, NodeValue>;
  shapes: Map<string, ShapeAst>;
}

export type ModelInput = string | { file: string; text: string } | SmithyAst;

export interface LoadOptions {
  /** Add smithy.api and the bundled wasmCloud namespaces not defined by the inputs (default true). */
  prelude?: boolean;
}

/** Parses and merges model files (paths, in-memory texts or ASTs) into one Model. */
export function loadModel(inputs: ModelInput[], options: LoadOptions = {}): Model {
  const asts = inputs.map((input) => {
    if (typeof input === 'string') return parseSmithy(readText(input), input);
    if ('shapes' in input) return input;
    return parseSmithy(input.text, input.file);
  });
  return buildModel(asts, options);
}

function readText(file: string): string {
  return readInputText(file, 'model file');
}

export function buildModel(asts: SmithyAst[], options: LoadOptions = {}): Model {
  // ASTs built by callers get the checks a .json file gets (the parser's own output always passes).
  asts.forEach((ast, i) => checkAst(ast, `model input ${i + 1}`));
  const all = [...asts];
  if (options.prelude !== false) {
    const declared = new Set<string>();
    for (const ast of asts) for (const id of Object.keys(ast.shapes)) if (ast.shapes[id].type !== 'apply') declared.add(namespaceOf(id));
    all.push(smithyApiAst());
    for (const [ns, file] of Object.entries(PRELUDE_FILES)) {
      if (ns !== 'smithy.api' && !declared.has(ns)) all.push(bundledAst(file));
    }
  }
  const shapes = new Map<string, ShapeAst>();
  const applies: [string, Traits][] = [];
  const metadata: Record<string, NodeValue> = {};
  let version = '1.0';
  for (const ast of asts) if (ast.smithy > version) version = ast.smithy;
  for (const ast of all) {
    for (const [key, value] of Object.entries(ast.metadata ?? {})) {
      const prev = metadata[key];
      if (Array.isArray(prev) && Array.isArray(value)) metadata[key] = [...prev, ...value];
      else if (prev === undefined) metadata[key] = value;
      else if (JSON.stringify(prev) !== JSON.stringify(value)) throw new SmithyError(`metadata '${key}' is defined twice with different values`);
    }
    for (const [id, shape] of Object.entries(ast.shapes)) {
      if (shape.type === 'apply') {
        applies.push([id, shape.traits ?? {}]);
        continue;
      }
      const prev = shapes.get(id);
      if (prev && JSON.stringify(prev) !== JSON.stringify(shape)) throw new SmithyError(`shape ${id} is defined more than once`);
      // Shapes are copied so applying traits never changes a cached prelude or the caller's AST.
      shapes.set(id, structuredClone(shape));
    }
  }
  const model: Model = { version, metadata, shapes };
  fixCase(model);
  for (const [id, traits] of applies) applyTraits(model, fixId(model, id), traits);
  return model;
}

function applyTraits(model: Model, id: string, traits: Traits): void {
  const dollar = id.indexOf('$');
  const shapeId = dollar >= 0 ? id.slice(0, dollar) : id;
  const shape = model.shapes.get(shapeId);
  if (!shape) throw new SmithyError(`apply targets unknown shape ${id}`);
  let holder: { traits?: Traits } = shape;
  if (dollar >= 0) {
    const name = id.slice(dollar + 1);
    const own = shape.members && Object.prototype.hasOwnProperty.call(shape.members, name) ? shape.members[name] : undefined;
    const member = own ?? (name === 'member' ? shape.member : name === 'key' ? shape.key : name === 'value' ? shape.value : undefined);
    if (!member) throw new SmithyError(`apply targets unknown member ${id}`);
    holder = member;
  }
  holder.traits = { ...(holder.traits ?? {}), ...traits };
}

let lowerIndex: WeakMap<Model, Map<string, string>> = new WeakMap();

/** atelier compares identifiers ignoring case: an unknown id that matches a shape but for case means that shape. */
function fixId(model: Model, id: string): string {
  const dollar = id.indexOf('$');
  const root = dollar >= 0 ? id.slice(0, dollar) : id;
  if (model.shapes.has(root)) return id;
  let index = lowerIndex.get(model);
  if (!index) {
    index = new Map();
    for (const key of model.shapes.keys()) index.set(key.toLowerCase(), key);
    lowerIndex.set(model, index);
  }
  const found = index.get(root.toLowerCase());
  return found ? found + (dollar >= 0 ? id.slice(dollar) : '') : id;
}

function fixCase(model: Model): void {
  lowerIndex = new WeakMap();
  for (const shape of model.shapes.values()) {
    forEachRef(shape, (ref) => (ref.target = fixId(model, ref.target)));
    forEachTraitHolder(shape, (holder) => {
      if (!holder.traits) return;
      let changed = false;
      const out: Traits = {};
      for (const [k, v] of Object.entries(holder.traits)) {
        const fixed = fixId(model, k);
        if (fixed !== k) changed = true;
        out[fixed] = v;
      }
      if (changed) holder.traits = out;
    });
  }
}

/** Calls fn for every shape reference a shape holds (members, operation io, service bindings). */
export function forEachRef(shape: ShapeAst, fn: (ref: { target: string }) => void): void {
  for (const m of [shape.member, shape.key, shape.value]) if (m) fn(m);
  for (const m of Object.values(shape.members ?? {})) fn(m);
  for (const r of [shape.input, shape.output, shape.create, shape.put, shape.read, shape.update, shape.delete, shape.list]) if (r) fn(r);
  for (const list of [shape.operations, shape.resources, shape.errors, shape.collectionOperations, shape.mixins]) for (const r of list ?? []) fn(r);
  for (const rec of [shape.identifiers, shape.properties]) for (const r of Object.values(rec ?? {})) fn(r);
}

function forEachTraitHolder(shape: ShapeAst, fn: (holder: { traits?: Traits }) => void): void {
  fn(shape);
  for (const m of [shape.member, shape.key, shape.value]) if (m) fn(m);
  for (const m of Object.values(shape.members ?? {})) fn(m);
}

export function namespaceOf(id: string): string {
  const hash = id.indexOf('#');
  return hash >= 0 ? id.slice(0, hash) : '';
}

export function shapeName(id: string): string {
  const hash = id.indexOf('#');
  const dollar = id.indexOf('$');
  return id.slice(hash + 1, dollar >= 0 ? dollar : undefined);
}

/** The model as a JSON AST, optionally only the shapes of the given namespaces (prelude excluded by default). */
export function modelToJson(model: Model, options: { includePrelude?: boolean } = {}): SmithyAst {
  const shapes: Record<string, ShapeAst> = {};
  for (const id of [...model.shapes.keys()].sort()) {
    const ns = namespaceOf(id);
    if (!options.includePrelude && ns === 'smithy.api') continue;
    shapes[id] = model.shapes.get(id)!;
  }
  return { smithy: model.version, metadata: model.metadata, shapes };
}
