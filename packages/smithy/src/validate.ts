import { ShapeAst } from './ast';
import { SmithyError } from './errors';
import { forEachRef, Model, namespaceOf } from './model';
import { protocolOf, services, sortedFields, TRAIT } from './wasmcloud';

export interface Problem {
  severity: 'error' | 'warning';
  shape?: string;
  message: string;
}

/**
 * What `wash validate` and weld's build check: unresolved references and trait ids,
 * @n numbering (all or none, unions numbered), @wasmbus protocol, and unions only under protocol "2".
 */
export function validateModel(model: Model): Problem[] {
  const problems: Problem[] = [];
  for (const [id, shape] of model.shapes) {
    if (namespaceOf(id) === 'smithy.api') continue;
    forEachRef(shape, (ref) => {
      if (!model.shapes.has(ref.target)) problems.push({ severity: 'error', shape: id, message: `${id} refers to unknown shape ${ref.target}` });
    });
    for (const p of typeReferenceProblems(model, id, shape)) problems.push(p);
    for (const holder of [shape, ...Object.values(shape.members ?? {}), shape.member, shape.key, shape.value]) {
      for (const traitId of Object.keys(holder?.traits ?? {})) {
        const def = model.shapes.get(traitId);
        if (!def) problems.push({ severity: 'error', shape: id, message: `${id} uses unknown trait @${traitId}` });
        else if (!def.traits?.[TRAIT])
          problems.push({ severity: 'error', shape: id, message: `${id} uses ${traitId} as a trait, but it is not declared with @trait` });
      }
    }
    if (shape.type === 'structure' || shape.type === 'union') {
      try {
        const { numbered, fields } = sortedFields(id, shape);
        if (shape.type === 'union' && !numbered && fields.length)
          problems.push({ severity: 'error', shape: id, message: `union ${id} must have numbered fields` });
      } catch (err) {
        problems.push({ severity: 'error', shape: id, message: (err as Error).message });
      }
    }
  }
  for (const svc of services(model)) {
    if (!svc.wasmbus || namespaceOf(svc.id) === 'smithy.api') continue;
    let protocol: string;
    try {
      protocol = protocolOf(svc.wasmbus, svc.id);
    } catch (err) {
      problems.push({ severity: 'error', shape: svc.id, message: (err as Error).message });
      continue;
    }
    if (svc.wasmbus.providerReceive && !svc.wasmbus.contractId) {
      problems.push({ severity: 'error', shape: svc.id, message: `${svc.id}: @wasmbus(providerReceive: true) needs a contractId` });
    }
    if (protocol !== '2') {
      const union = findUnion(model, svc.shape);
      if (union) {
        problems.push({
          severity: 'error',
          shape: svc.id,
          message: `service ${svc.id} uses union ${union} and must be declared @wasmbus{protocol: "2"}`,
        });
      }
    }
  }
  return problems;
}

/** Throws the first error as a SmithyError (for generate), after collecting all of them. */
export function assertValid(model: Model): void {
  const errors = validateModel(model).filter((p) => p.severity === 'error');
  if (errors.length) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem(s); run 'smithy validate')` : '';
    throw new SmithyError(errors[0].message + more);
  }
}

const ENTITY = new Set(['service', 'operation', 'resource']);

/** atelier CorrectTypeReferences: members hold data, services bind operations and resources. */
function typeReferenceProblems(model: Model, id: string, shape: ShapeAst): Problem[] {
  const out: Problem[] = [];
  const kind = (target: string) => model.shapes.get(target)?.type;
  const expect = (target: string, ok: (t: string) => boolean, what: string) => {
    const t = kind(target);
    if (t !== undefined && !ok(t))
      out.push({ severity: 'error', shape: id, message: `${id} refers to ${target}, ${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}, where ${what} is expected` });
  };
  const data = (t: string) => !ENTITY.has(t);
  for (const m of [shape.member, shape.key, shape.value, ...Object.values(shape.members ?? {})]) if (m) expect(m.target, data, 'a data shape');
  if (shape.type === 'operation') {
    for (const r of [shape.input, shape.output]) if (r) expect(r.target, data, 'a data shape');
    for (const r of shape.errors ?? []) expect(r.target, (t) => t === 'structure', 'an error structure');
  }
  for (const r of shape.operations ?? []) expect(r.target, (t) => t === 'operation', 'an operation');
  for (const r of shape.resources ?? []) expect(r.target, (t) => t === 'resource', 'a resource');
  return out;
}

function findUnion(model: Model, service: ShapeAst): string | undefined {
  const seen = new Set<string>();
  const stack: string[] = [];
  for (const op of service.operations ?? []) stack.push(op.target);
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const shape = model.shapes.get(id);
    if (!shape) continue;
    if (shape.type === 'union') return id;
    if (shape.type === 'operation') {
      if (shape.input) stack.push(shape.input.target);
      if (shape.output) stack.push(shape.output.target);
      continue;
    }
    forEachRef(shape, (r) => stack.push(r.target));
  }
  return undefined;
}

export { SmithyError };
