import { MemberAst, NodeValue, ShapeAst, SmithyAst, TargetRef, Traits } from './ast';
import { ParseError } from './errors';
import { preludeShapeNames } from './prelude-names';

/**
 * Smithy IDL (1.0 and 2.0) -> JSON AST, with the leniency of atelier (weld's parser):
 * commas are whitespace everywhere, `//!` is a plain comment, operation input/output may be any shape.
 * A character-level recursive-descent parser: the grammar is small and this keeps positions exact.
 */
export interface ParseOptions {
  /** Names of smithy.api shapes, for relative resolution (the prelude itself passes an empty set). */
  preludeNames?: ReadonlySet<string>;
}

const SIMPLE_TYPES = new Set([
  'blob',
  'boolean',
  'document',
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
]);
const AGGREGATE_TYPES = new Set(['list', 'set', 'map', 'structure', 'union']);
const MAX_DEPTH = 200;
/** The characters that end a run of plain text in a quoted string. */
const STRING_STOP = /["\\]/g;

/** A relative or absolute shape id waiting for the end of the file, when every local shape is known. */
interface PendingRef {
  name: string;
  pos: number;
  set(resolved: string): void;
}

class ShapeRefValue {
  constructor(
    readonly name: string,
    readonly pos: number,
  ) {}
}
type RawValue = null | boolean | number | string | ShapeRefValue | RawValue[] | { [key: string]: RawValue };

export function parseSmithy(text: string, file = '<input>', options: ParseOptions = {}): SmithyAst {
  return new Parser(text, file, options.preludeNames ?? preludeShapeNames()).parse();
}

class Parser {
  private pos = 0;
  private depth = 0;
  private docLines: string[] | undefined;
  private namespace: string | undefined;
  private version = '1.0';
  private readonly uses = new Map<string, string>();
  private readonly localNames = new Set<string>();
  private readonly refs: PendingRef[] = [];
  private readonly metadata: Record<string, NodeValue> = {};
  private readonly shapes: Record<string, ShapeAst> = {};
  private readonly applies: { target: string; pos: number; traits: [string, RawValue, number][] }[] = [];
  private inputSuffix = 'Input';
  private outputSuffix = 'Output';
  private lineStarts: number[] | undefined;

  constructor(
    private readonly src: string,
    private readonly file: string,
    private readonly prelude: ReadonlySet<string>,
  ) {}

  parse(): SmithyAst {
    this.ws();
    while (this.peek() === '$') this.controlStatement();
    while (this.keywordAhead('metadata')) this.metadataStatement();
    if (this.keywordAhead('namespace')) {
      this.pos += 'namespace'.length;
      this.requireSpace();
      this.namespace = this.namespaceId();
      this.ws();
      while (this.keywordAhead('use')) {
        this.pos += 3;
        this.requireSpace();
        const start = this.pos;
        const id = this.absoluteShapeId();
        if (!id.includes('#')) this.fail(start, `'use' needs an absolute shape id (namespace#Name), got '${id}'`);
        this.uses.set(id.slice(id.indexOf('#') + 1), id);
        this.ws();
      }
      while (this.pos < this.src.length) this.shapeOrApply();
    }
    if (this.pos < this.src.length) {
      this.fail(this.pos, this.namespace ? 'unexpected input' : "expected 'namespace' before shape statements");
    }
    for (const ref of this.refs) ref.set(this.resolve(ref.name));
    for (const apply of this.applies) {
      const target = this.resolve(apply.target);
      const traits = this.buildTraits(apply.traits);
      // A shape of this file gets the traits directly; others keep an "apply" entry for the model merge.
      const [root, member] = target.split('$');
      const local = this.shapes[root];
      const own = (o: object | undefined, k: string) => (o && hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined);
      const holder =
        local && local.type !== 'apply'
          ? ((member ? (own(local.members, member) ?? (['member', 'key', 'value'].includes(member) ? own(local, member) : undefined)) : local) as
              { traits?: Traits } | undefined)
          : undefined;
      if (holder) holder.traits = { ...(holder.traits ?? {}), ...traits };
      else if (this.shapes[target]?.type === 'apply') Object.assign(this.shapes[target].traits!, traits);
      else this.shapes[target] = { type: 'apply', traits };
    }
    const ast = { smithy: this.version } as SmithyAst;
    if (Object.keys(this.metadata).length) ast.metadata = this.metadata;
    ast.shapes = this.shapes;
    return ast;
  }

  // ---------- statements ----------

  private controlStatement(): void {
    this.pos++;
    const key = this.nodeObjectKey();
    this.ws();
    this.expect(':');
    this.ws();
    const value = this.nodeValue();
    if (key === 'version') {
      if (typeof value !== 'string' || !/^[12](\.\d+)?$/.test(value)) this.fail(this.pos, `unsupported $version ${JSON.stringify(value)}`);
      this.version = value === '2' ? '2.0' : value === '1' ? '1.0' : value;
    } else if (key === 'operationInputSuffix' && typeof value === 'string') this.inputSuffix = value;
    else if (key === 'operationOutputSuffix' && typeof value === 'string') this.outputSuffix = value;
    this.ws();
  }

  private metadataStatement(): void {
    this.pos += 'metadata'.length;
    this.requireSpace();
    const key = this.nodeObjectKey();
    this.ws();
    this.expect('=');
    this.ws();
    const value = this.plainNow(this.nodeValue());
    const prev = hasOwn(this.metadata, key) ? this.metadata[key] : undefined;
    // Smithy merges metadata arrays from several statements by concatenation.
    setOwn(this.metadata, key, Array.isArray(prev) && Array.isArray(value) ? [...prev, ...value] : value);
    this.ws();
  }

  private shapeOrApply(): void {
    if (this.keywordAhead('apply')) {
      this.docLines = undefined;
      this.pos += 5;
      this.requireSpace();
      const pos = this.pos;
      const target = this.shapeIdText();
      this.ws();
      const traits: [string, RawValue, number][] = [];
      if (this.peek() === '{') {
        this.pos++;
        this.ws();
        while (this.peek() === '@') {
          traits.push(this.trait());
          this.ws();
        }
        this.expect('}');
      } else {
        if (this.peek() !== '@') this.fail(this.pos, "expected a trait ('@...') after apply target");
        traits.push(this.trait());
      }
      this.applies.push({ target, pos, traits });
      this.ws();
      return;
    }
    const doc = this.takeDoc();
    const traits = this.traitStatements();
    const typeStart = this.pos;
    const type = this.identifier();
    this.requireSpace();
    const nameStart = this.pos;
    const name = this.identifier();
    if (this.localNames.has(name)) this.fail(nameStart, `shape '${name}' is defined twice`);
    this.localNames.add(name);
    const id = `${this.namespace}#${name}`;
    const shape: ShapeAst = { type };
    this.ws();
    if (SIMPLE_TYPES.has(type)) {
      this.mixins(shape);
    } else if (type === 'enum' || type === 'intEnum') {
      this.mixins(shape);
      this.enumBody(shape, type === 'intEnum');
    } else if (AGGREGATE_TYPES.has(type)) {
      if (this.keywordAhead('for')) {
        this.pos += 3;
        this.requireSpace();
        this.shapeIdText();
        this.ws();
      }
      this.mixins(shape);
      this.membersBody(shape, type, name);
    } else if (type === 'service' || type === 'resource') {
      this.mixins(shape);
      this.entityBody(shape, type);
    } else if (type === 'operation') {
      this.mixins(shape);
      this.operationBody(shape, name);
    } else {
      this.fail(typeStart, `unknown shape type '${type}'`);
    }
    this.setTraits(shape, traits, doc);
    this.shapes[id] = shape;
    this.ws();
  }

  private mixins(shape: ShapeAst): void {
    if (!this.keywordAhead('with')) return;
    this.pos += 4;
    this.ws();
    this.expect('[');
    this.ws();
    const list: TargetRef[] = [];
    while (this.peek() !== ']') {
      list.push(this.targetRef());
      this.ws();
    }
    this.pos++;
    shape.mixins = list;
    this.ws();
  }

  private membersBody(shape: ShapeAst, type: string, shapeName: string): void {
    this.expect('{');
    this.ws();
    const members: Record<string, MemberAst> = {};
    while (this.peek() !== '}') {
      if (this.pos >= this.src.length) this.fail(this.pos, `unterminated body of '${shapeName}'`);
      const doc = this.takeDoc();
      const traits = this.traitStatements();
      let elided = false;
      if (this.peek() === '$') {
        elided = true;
        this.pos++;
      }
      const nameStart = this.pos;
      const name = this.identifier();
      if (hasOwn(members, name)) this.fail(nameStart, `member '${name}' is defined twice in '${shapeName}'`);
      const member: MemberAst = { target: '' };
      this.ws();
      if (elided) {
        // `$id` elides the target; it comes from a resource or mixin and stays unresolved here.
        member.target = 'smithy.api#Document';
      } else {
        this.expect(':');
        this.ws();
        this.refInto(member, 'target');
        this.ws();
        if (this.peek() === '=') {
          this.pos++;
          this.ws();
          traits.push(['smithy.api#default', this.nodeValue(), this.pos]);
          this.ws();
        }
      }
      this.setTraits(member, traits, doc);
      setOwn(members, name, member);
    }
    this.pos++;
    if (type === 'list' || type === 'set') {
      if (!hasOwn(members, 'member') || Object.keys(members).length !== 1) this.fail(this.pos - 1, `${type} '${shapeName}' needs exactly one 'member'`);
      shape.member = members.member;
    } else if (type === 'map') {
      if (!hasOwn(members, 'key') || !hasOwn(members, 'value') || Object.keys(members).length !== 2)
        this.fail(this.pos - 1, `map '${shapeName}' needs 'key' and 'value'`);
      shape.key = members.key;
      shape.value = members.value;
    } else {
      shape.members = members;
    }
  }

  private enumBody(shape: ShapeAst, isInt: boolean): void {
    this.expect('{');
    this.ws();
    const members: Record<string, MemberAst> = {};
    while (this.peek() !== '}') {
      if (this.pos >= this.src.length) this.fail(this.pos, 'unterminated enum body');
      const doc = this.takeDoc();
      const traits = this.traitStatements();
      const name = this.identifier();
      this.ws();
      if (this.peek() === '=') {
        this.pos++;
        this.ws();
        traits.push(['smithy.api#enumValue', this.nodeValue(), this.pos]);
        this.ws();
      } else if (!isInt) {
        traits.push(['smithy.api#enumValue', name, this.pos]);
      }
      const member: MemberAst = { target: 'smithy.api#Unit' };
      this.setTraits(member, traits, doc);
      setOwn(members, name, member);
    }
    this.pos++;
    shape.members = members;
  }

  private entityBody(shape: ShapeAst, type: string): void {
    const start = this.pos;
    const body = this.nodeValue();
    if (!body || typeof body !== 'object' || Array.isArray(body) || body instanceof ShapeRefValue) {
      this.fail(start, `${type} body must be an object`);
    }
    for (const [key, value] of Object.entries(body)) {
      switch (key) {
        case 'version':
          shape.version = String(this.plainNow(value));
          break;
        case 'operations':
        case 'resources':
        case 'errors':
        case 'collectionOperations':
          shape[key] = this.refList(value, key, start);
          break;
        case 'create':
        case 'put':
        case 'read':
        case 'update':
        case 'delete':
        case 'list':
          shape[key] = this.singleRef(value, key, start);
          break;
        case 'identifiers':
        case 'properties': {
          const out: Record<string, TargetRef> = {};
          if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof ShapeRefValue) this.fail(start, `'${key}' must be an object`);
          for (const [k, v] of Object.entries(value)) out[k] = this.singleRef(v, key, start);
          shape[key] = out;
          break;
        }
        case 'rename': {
          const out: Record<string, string> = {};
          if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof ShapeRefValue) this.fail(start, "'rename' must be an object");
          for (const [k, v] of Object.entries(value)) {
            const renamed = String(this.plainNow(v));
            this.refs.push({ name: k, pos: start, set: (r) => (out[r] = renamed) });
          }
          shape.rename = out;
          break;
        }
        default:
          this.fail(start, `unknown ${type} property '${key}'`);
      }
    }
  }

  private operationBody(shape: ShapeAst, opName: string): void {
    this.expect('{');
    this.ws();
    while (this.peek() !== '}') {
      if (this.pos >= this.src.length) this.fail(this.pos, `unterminated operation '${opName}'`);
      const keyStart = this.pos;
      const key = this.identifier();
      this.ws();
      if (key !== 'input' && key !== 'output' && key !== 'errors') this.fail(keyStart, `unknown operation property '${key}'`);
      if (this.src.startsWith(':=', this.pos)) {
        if (key === 'errors') this.fail(keyStart, "'errors' cannot be an inline structure");
        this.pos += 2;
        this.ws();
        const doc = this.takeDoc();
        const traits = this.traitStatements();
        const name = opName + (key === 'input' ? this.inputSuffix : this.outputSuffix);
        this.localNames.add(name);
        const inline: ShapeAst = { type: 'structure' };
        traits.push([key === 'input' ? 'smithy.api#input' : 'smithy.api#output', {}, this.pos]);
        if (this.keywordAhead('for')) {
          this.pos += 3;
          this.requireSpace();
          this.shapeIdText();
          this.ws();
        }
        this.mixins(inline);
        this.membersBody(inline, 'structure', name);
        this.setTraits(inline, traits, doc);
        this.shapes[`${this.namespace}#${name}`] = inline;
        shape[key] = { target: `${this.namespace}#${name}` };
      } else {
        this.expect(':');
        this.ws();
        if (key === 'errors') {
          const start = this.pos;
          shape.errors = this.refList(this.nodeValue(), 'errors', start);
        } else {
          const ref: TargetRef = { target: '' };
          this.refInto(ref, 'target');
          shape[key] = ref;
        }
      }
      this.ws();
    }
    this.pos++;
  }

  // ---------- traits ----------

  private traitStatements(): [string, RawValue, number][] {
    const traits: [string, RawValue, number][] = [];
    while (this.peek() === '@') {
      traits.push(this.trait());
      this.ws();
    }
    return traits;
  }

  private trait(): [string, RawValue, number] {
    const start = this.pos;
    this.pos++;
    const name = this.shapeIdText();
    if (this.peek() !== '(') return [name, {}, start];
    this.pos++;
    this.ws();
    if (this.peek() === ')') {
      this.pos++;
      return [name, {}, start];
    }
    let value: RawValue;
    if (this.structureKeyAhead()) {
      const obj: { [key: string]: RawValue } = {};
      while (this.peek() !== ')') {
        if (this.pos >= this.src.length) this.fail(start, 'unterminated trait body');
        const key = this.nodeObjectKey();
        this.ws();
        this.expect(':');
        this.ws();
        setOwn(obj, key, this.nodeValue());
        this.ws();
      }
      value = obj;
    } else {
      value = this.nodeValue();
      this.ws();
    }
    this.expect(')');
    return [name, value, start];
  }

  /** True when the trait body starts `key:` (a structure without braces) rather than a single value. */
  private structureKeyAhead(): boolean {
    const save = this.pos;
    try {
      const c = this.peek();
      if (c === '"') this.quotedText();
      else if (isIdentStart(c)) this.identifier();
      else return false;
      this.ws();
      return this.peek() === ':';
    } catch {
      return false;
    } finally {
      this.pos = save;
    }
  }

  private setTraits(target: { traits?: Traits }, traits: [string, RawValue, number][], doc: string | undefined): void {
    const all = doc !== undefined ? [['smithy.api#documentation', doc, 0] as [string, RawValue, number], ...traits] : traits;
    if (!all.length) return;
    const out: Traits = {};
    target.traits = out;
    for (const [name, value, pos] of all) {
      // The value's references are queued first, so they are resolved before the trait is stored.
      const box: { v: NodeValue } = { v: null };
      this.toPlain(value, (v) => (box.v = v));
      this.refs.push({ name, pos, set: (r) => (out[r] = box.v) });
    }
  }

  private buildTraits(traits: [string, RawValue, number][]): Traits {
    const out: Traits = {};
    for (const [name, value] of traits) out[this.resolve(name)] = this.resolvedPlain(value);
    return out;
  }

  // ---------- node values ----------

  private nodeValue(): RawValue {
    const c = this.peek();
    if (++this.depth > MAX_DEPTH) this.fail(this.pos, 'values nested too deeply');
    try {
      if (c === '[') {
        this.pos++;
        this.ws();
        const arr: RawValue[] = [];
        while (this.peek() !== ']') {
          if (this.pos >= this.src.length) this.fail(this.pos, "unterminated array, expected ']'");
          arr.push(this.nodeValue());
          this.ws();
        }
        this.pos++;
        return arr;
      }
      if (c === '{') {
        this.pos++;
        this.ws();
        const obj: { [key: string]: RawValue } = {};
        while (this.peek() !== '}') {
          if (this.pos >= this.src.length) this.fail(this.pos, "unterminated object, expected '}'");
          const key = this.nodeObjectKey();
          this.ws();
          this.expect(':');
          this.ws();
          setOwn(obj, key, this.nodeValue());
          this.ws();
        }
        this.pos++;
        return obj;
      }
      if (c === '"') return this.src.startsWith('"""', this.pos) ? this.textBlock() : this.quotedText();
      if (c === '-' || isDigit(c)) return this.number();
      if (isIdentStart(c)) {
        const start = this.pos;
        const text = this.shapeIdText();
        if (text === 'true') return true;
        if (text === 'false') return false;
        if (text === 'null') return null;
        return new ShapeRefValue(text, start);
      }
      return this.fail(this.pos, c === '' ? 'unexpected end of file, expected a value' : `unexpected '${c}', expected a value`);
    } finally {
      this.depth--;
    }
  }

  private nodeObjectKey(): string {
    return this.peek() === '"' ? this.quotedText() : this.identifier();
  }

  private number(): number {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.src.slice(this.pos, this.pos + 400));
    if (!m) this.fail(this.pos, 'invalid number');
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private quotedText(): string {
    const start = this.pos;
    this.pos++;
    // Copies runs between quotes and escapes in one slice each: appending a character at a time
    // builds a rope of one-character strings (a 20 MB doc string took 20 s and 740 MB).
    const parts: string[] = [];
    for (;;) {
      STRING_STOP.lastIndex = this.pos;
      const m = STRING_STOP.exec(this.src);
      if (!m) this.fail(start, 'unterminated string');
      if (m!.index > this.pos) parts.push(this.src.slice(this.pos, m!.index));
      this.pos = m!.index + 1;
      if (m![0] === '"') return parts.join('');
      parts.push(this.escape());
    }
  }

  private escape(): string {
    const e = this.src[this.pos++];
    switch (e) {
      case '"':
      case '\\':
      case '/':
      case "'":
        return e;
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case '\n':
        return '';
      case '\r':
        if (this.src[this.pos] === '\n') this.pos++;
        return '';
      case 'u': {
        const hex = this.src.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(this.pos - 2, 'invalid \\u escape');
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        return this.fail(this.pos - 2, `invalid escape '\\${e ?? ''}'`);
    }
  }

  /** `"""` text block with incidental-whitespace stripping (Smithy IDL text blocks). */
  private textBlock(): string {
    const start = this.pos;
    this.pos += 3;
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
    if (this.peek() === '\r') this.pos++;
    if (this.peek() !== '\n') this.fail(start, 'a text block must start with a new line after """');
    this.pos++;
    const bodyStart = this.pos;
    for (;;) {
      if (this.pos >= this.src.length) this.fail(start, 'unterminated text block');
      if (this.src[this.pos] === '\\') {
        this.pos += 2;
        continue;
      }
      if (this.src.startsWith('"""', this.pos)) break;
      this.pos++;
    }
    const raw = this.src.slice(bodyStart, this.pos).replace(/\r\n?/g, '\n');
    this.pos += 3;
    const lines = raw.split('\n');
    const last = lines[lines.length - 1];
    const significant = lines.filter((l, i) => l.trim() !== '' || i === lines.length - 1);
    // A loop, not Math.min(...lines): spreading hundreds of thousands of lines overflows the stack.
    let indent = Infinity;
    significant.forEach((l, i) => {
      if (l.trim() !== '' || i === significant.length - 1) indent = Math.min(indent, l.length - l.trimStart().length);
    });
    const closingOnOwnLine = last.trim() === '';
    const stripped = lines.map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)).replace(/[ \t]+$/, ''));
    if (closingOnOwnLine) stripped[stripped.length - 1] = '';
    const joined = stripped.join('\n');
    // Escapes are interpreted after stripping, as the specification says.
    const parts: string[] = [];
    let i = 0;
    for (let bs = joined.indexOf('\\'); bs >= 0; bs = joined.indexOf('\\', i)) {
      parts.push(joined.slice(i, bs));
      const sub = new Parser(joined.slice(bs + 1, bs + 6), this.file, this.prelude);
      parts.push(sub.escape());
      i = bs + 1 + sub.pos;
    }
    parts.push(joined.slice(i));
    return parts.join('');
  }

  /** Converts a parsed value; shape ids inside are filled in when the file's references are resolved. */
  private toPlain(value: RawValue, set: (v: NodeValue) => void): void {
    if (value instanceof ShapeRefValue) {
      set(value.name);
      this.refs.push({ name: value.name, pos: value.pos, set });
    } else if (Array.isArray(value)) {
      const arr: NodeValue[] = [];
      set(arr);
      value.forEach((v, i) => this.toPlain(v, (x) => (arr[i] = x)));
    } else if (value && typeof value === 'object') {
      const obj: { [key: string]: NodeValue } = {};
      set(obj);
      for (const [k, v] of Object.entries(value)) this.toPlain(v, (x) => setOwn(obj, k, x));
    } else {
      set(value);
    }
  }

  /** The value with shape ids as written (for strings such as a service version). */
  private plainNow(value: RawValue): NodeValue {
    let out: NodeValue = null;
    this.toPlain(value, (v) => (out = v));
    return out;
  }

  /** The value with shape ids resolved now (after the whole file was read). */
  private resolvedPlain(value: RawValue): NodeValue {
    if (value instanceof ShapeRefValue) return this.resolve(value.name);
    if (Array.isArray(value)) return value.map((v) => this.resolvedPlain(v));
    if (value && typeof value === 'object') {
      const out: { [key: string]: NodeValue } = {};
      for (const [k, v] of Object.entries(value)) setOwn(out, k, this.resolvedPlain(v));
      return out;
    }
    return value;
  }

  private refList(value: RawValue, key: string, pos: number): TargetRef[] {
    if (!Array.isArray(value)) return this.fail(pos, `'${key}' must be a list of shape ids`);
    return value.map((v) => this.singleRef(v, key, pos));
  }

  private singleRef(value: RawValue, key: string, pos: number): TargetRef {
    const name = value instanceof ShapeRefValue ? value.name : typeof value === 'string' ? value : undefined;
    if (name === undefined) this.fail(pos, `'${key}' must name a shape`);
    const ref: TargetRef = { target: name };
    this.refs.push({ name, pos: value instanceof ShapeRefValue ? value.pos : pos, set: (r) => (ref.target = r) });
    return ref;
  }

  private targetRef(): TargetRef {
    const ref: TargetRef = { target: '' };
    this.refInto(ref, 'target');
    return ref;
  }

  private refInto<K extends string>(holder: Record<K, string>, key: K): void {
    const pos = this.pos;
    const name = this.shapeIdText();
    holder[key] = name;
    this.refs.push({ name, pos, set: (r) => (holder[key] = r) });
  }

  /**
   * Relative shape ids: a `use` import, then a shape of this file's namespace, then the prelude;
   * then the same, ignoring case, as atelier compares identifiers (mlinference's `u8` is `U8`).
   */
  private resolve(name: string): string {
    const dollar = name.indexOf('$');
    const member = dollar >= 0 ? name.slice(dollar) : '';
    const root = dollar >= 0 ? name.slice(0, dollar) : name;
    if (root.includes('#')) return name;
    const used = this.uses.get(root);
    if (used) return used + member;
    if (this.localNames.has(root)) return `${this.namespace}#${root}${member}`;
    if (this.prelude.has(root)) return `smithy.api#${root}${member}`;
    const lower = root.toLowerCase();
    for (const [k, v] of this.uses) if (k.toLowerCase() === lower) return v + member;
    for (const k of this.localNames) if (k.toLowerCase() === lower) return `${this.namespace}#${k}${member}`;
    for (const k of this.prelude) if (k.toLowerCase() === lower) return `smithy.api#${k}${member}`;
    return `${this.namespace}#${root}${member}`;
  }

  // ---------- lexical ----------

  /** Whitespace, commas and comments; `///` lines are kept as the pending documentation. */
  private ws(): void {
    const s = this.src;
    for (;;) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',') {
        this.pos++;
      } else if (c === '/' && s[this.pos + 1] === '/') {
        let end = s.indexOf('\n', this.pos);
        if (end < 0) end = s.length;
        if (s[this.pos + 2] === '/') {
          // atelier (weld) trims the whole leading indentation of a doc line, not only one space.
          const line = s
            .slice(this.pos + 3, end)
            .replace(/\r$/, '')
            .trimStart();
          (this.docLines ??= []).push(line);
        }
        this.pos = end;
      } else {
        return;
      }
    }
  }

  private takeDoc(): string | undefined {
    const doc = this.docLines?.join('\n');
    this.docLines = undefined;
    return doc;
  }

  private requireSpace(): void {
    const before = this.pos;
    this.ws();
    if (this.pos === before) this.fail(this.pos, 'expected whitespace');
  }

  private keywordAhead(word: string): boolean {
    return this.src.startsWith(word, this.pos) && !isIdentPart(this.src[this.pos + word.length] ?? '');
  }

  private peek(): string {
    return this.src[this.pos] ?? '';
  }

  private expect(c: string): void {
    if (this.src[this.pos] !== c) {
      const got = this.pos >= this.src.length ? 'end of file' : `'${this.src[this.pos]}'`;
      this.fail(this.pos, `expected '${c}', got ${got}`);
    }
    this.pos++;
  }

  private identifier(): string {
    const start = this.pos;
    const s = this.src;
    if (s[this.pos] === '_') while (s[this.pos] === '_') this.pos++;
    if (!isAlpha(s[this.pos] ?? '') && !(this.pos > start && isDigit(s[this.pos] ?? ''))) {
      this.pos = start;
      const got = start >= s.length ? 'end of file' : `'${s[start]}'`;
      this.fail(start, `expected an identifier, got ${got}`);
    }
    while (isIdentPart(s[this.pos] ?? '')) this.pos++;
    return s.slice(start, this.pos);
  }

  private namespaceId(): string {
    let ns = this.identifier();
    while (this.peek() === '.') {
      this.pos++;
      ns += '.' + this.identifier();
    }
    return ns;
  }

  private absoluteShapeId(): string {
    const ns = this.namespaceId();
    if (this.peek() !== '#') return ns;
    this.pos++;
    return `${ns}#${this.identifier()}`;
  }

  /** A shape id as written: `Name`, `ns.a#Name`, optionally `$member`. */
  private shapeIdText(): string {
    let id = this.absoluteShapeId();
    if (this.peek() === '$') {
      this.pos++;
      id += '$' + this.identifier();
    }
    return id;
  }

  private fail(pos: number, reason: string): never {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = 0; i < this.src.length; i++) if (this.src[i] === '\n') this.lineStarts.push(i + 1);
    }
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    throw new ParseError(this.file, lo + 1, pos - this.lineStarts[lo] + 1, reason);
  }
}

/** Own-property helpers: model keys such as `constructor` or `__proto__` are ordinary names here. */
function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}
function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function isAlpha(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
function isIdentStart(c: string): boolean {
  return isAlpha(c) || c === '_';
}
function isIdentPart(c: string): boolean {
  return isAlpha(c) || isDigit(c) || c === '_';
}
