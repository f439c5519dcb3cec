import { NodeValue, ShapeAst, Traits } from '../ast';
import { toSnakeCase } from '../inflector';
import { Model, namespaceOf, shapeName } from '../model';
import { cmp, DOCUMENTATION, sortedFields, wasmbusOf } from '../wasmcloud';

/** weld names each page after the namespace: org.wasmcloud.core -> org_wasmcloud_core.html. */
export function htmlFileName(namespace: string): string {
  return `${toSnakeCase(namespace)}.html`;
}

/** Namespaces that get a page: all but the smithy.api prelude. */
export function documentedNamespaces(model: Model): string[] {
  const set = new Set<string>();
  for (const id of model.shapes.keys()) if (namespaceOf(id) !== 'smithy.api') set.add(namespaceOf(id));
  return [...set].sort(cmp);
}

/** One self-contained page: services with their operations first, then every other shape, with docs. */
export function generateHtml(model: Model, namespace: string): string {
  return Array.from(generateHtmlChunks(model, namespace)).join('');
}

/** generateHtml in pieces (a section at a time), for writing a large page without holding all of it. */
export function* generateHtmlChunks(model: Model, namespace: string): Generator<string> {
  const ids = [...model.shapes.keys()].filter((id) => namespaceOf(id) === namespace).sort(cmp);
  const svcs = ids.filter((id) => model.shapes.get(id)!.type === 'service');
  const ops = ids.filter((id) => model.shapes.get(id)!.type === 'operation');
  const data = ids.filter((id) => !['service', 'operation', 'resource'].includes(model.shapes.get(id)!.type));
  const pkg = Array.isArray(model.metadata.package)
    ? (model.metadata.package as NodeValue[]).find((p) => p && typeof p === 'object' && !Array.isArray(p) && p.namespace === namespace)
    : undefined;
  const nsDoc = pkg && typeof pkg === 'object' && !Array.isArray(pkg) && typeof pkg.doc === 'string' ? pkg.doc : '';
  yield `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(namespace)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 56rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
section { border-top: 1px solid #ddd; padding: .5rem 0; }
table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: .2rem .5rem; text-align: left; vertical-align: top; }
code { background: #f4f4f4; padding: 0 .2rem; }
</style>
</head>
<body>
`;
  let body = `<h1>${esc(namespace)}</h1>\n`;
  if (nsDoc) body += `<p>${esc(nsDoc)}</p>\n`;
  if (svcs.length) {
    body += '<h2>Services</h2>\n';
    for (const id of svcs) {
      const s = model.shapes.get(id)!;
      const wb = wasmbusOf(s.traits);
      body += `<section id="${anchor(id)}"><h3>${esc(shapeName(id))}</h3>\n${doc(s.traits)}`;
      if (wb) {
        const facts = [
          wb.contractId ? `contract <code>${esc(wb.contractId)}</code>` : '',
          wb.actorReceive ? 'actorReceive' : '',
          wb.providerReceive ? 'providerReceive' : '',
          `protocol ${esc(wb.protocol ?? '0')}`,
        ].filter(Boolean);
        body += `<p class="wasmbus">wasmbus: ${facts.join(', ')}</p>\n`;
      }
      body += '<ul>\n';
      for (const op of s.operations ?? []) body += `<li>${link(model, op.target)}</li>\n`;
      body += '</ul></section>\n';
      yield body;
      body = '';
    }
  }
  if (ops.length) {
    body += '<h2>Operations</h2>\n';
    for (const id of ops) {
      const op = model.shapes.get(id)!;
      body += `<section id="${anchor(id)}"><h3>${esc(shapeName(id))}</h3>\n${doc(op.traits)}`;
      body += `<p>input: ${op.input ? link(model, op.input.target) : '<em>none</em>'}<br>output: ${op.output ? link(model, op.output.target) : '<em>none</em>'}</p></section>\n`;
      yield body;
      body = '';
    }
  }
  if (data.length) {
    yield body + '<h2>Types</h2>\n';
    body = '';
    for (const id of data) yield dataShape(model, id, model.shapes.get(id)!);
  }
  yield `${body}</body>
</html>
`;
}

function dataShape(model: Model, id: string, shape: ShapeAst): string {
  let s = `<section id="${anchor(id)}"><h3>${esc(shapeName(id))} <small>${esc(shape.type)}</small></h3>\n${doc(shape.traits)}`;
  if (shape.type === 'structure' || shape.type === 'union') {
    let fields: { name: string; member: { target: string; traits?: Traits }; num?: number }[];
    try {
      fields = sortedFields(id, shape).fields;
    } catch {
      fields = Object.entries(shape.members ?? {}).map(([name, member]) => ({ name, member }));
    }
    if (fields.length) {
      s += '<table><tr><th>member</th><th>type</th><th>n</th><th>required</th><th>description</th></tr>\n';
      for (const f of fields) {
        const d = f.member.traits?.[DOCUMENTATION];
        s += `<tr><td>${esc(f.name)}</td><td>${link(model, f.member.target)}</td><td>${f.num ?? ''}</td><td>${f.member.traits?.['smithy.api#required'] !== undefined ? 'yes' : ''}</td><td>${typeof d === 'string' ? esc(d) : ''}</td></tr>\n`;
      }
      s += '</table>\n';
    }
  } else if (shape.member) {
    s += `<p>of ${link(model, shape.member.target)}</p>\n`;
  } else if (shape.key && shape.value) {
    s += `<p>${link(model, shape.key.target)} to ${link(model, shape.value.target)}</p>\n`;
  }
  return s + '</section>\n';
}

function link(model: Model, id: string): string {
  const name = esc(shapeName(id));
  if (!model.shapes.has(id) || namespaceOf(id) === 'smithy.api') return `<code>${name}</code>`;
  return `<a href="${esc(htmlFileName(namespaceOf(id)))}#${anchor(id)}"><code>${name}</code></a>`;
}

function anchor(id: string): string {
  return esc(shapeName(id));
}

function doc(traits: Traits | undefined): string {
  const d = traits?.[DOCUMENTATION];
  return typeof d === 'string' && d.trim() ? `<p>${esc(d).replace(/\n/g, '<br>\n')}</p>\n` : '';
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
