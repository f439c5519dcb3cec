import fc from 'fast-check';
import { SmithyAst, ShapeAst } from '../ast';
import { SmithyError } from '../errors';
import { loadModel } from '../model';
import { RustCompiler } from '../test-support/rustc';
import { generateRust } from './rust';
import { checkNamespace, checkRustIdent, checkRustPath, documentation, rustString } from './rust-text';

const NS = 'ex.hostile';

/** A model whose every free-text string is chosen by the test; generated with no_serde (msgpack only). */
function hostileModel(strings: { contractIds: string[]; doc: string; serialization: string[]; deprecated: string; version?: string }): SmithyAst {
  const shapes: Record<string, ShapeAst> = {};
  strings.contractIds.forEach((contractId, i) => {
    shapes[`${NS}#Svc${i}`] = {
      type: 'service',
      version: '0.1',
      operations: i === 0 ? [{ target: `${NS}#Op` }] : [],
      traits: {
        'org.wasmcloud.model#wasmbus': { contractId, actorReceive: true, providerReceive: true },
        'smithy.api#documentation': strings.doc,
      },
    };
  });
  shapes[`${NS}#Op`] = {
    type: 'operation',
    input: { target: `${NS}#Req` },
    output: { target: 'smithy.api#String' },
    traits: { 'smithy.api#documentation': strings.doc },
  };
  const members: Record<string, { target: string; traits: Record<string, unknown> }> = {};
  strings.serialization.forEach((name, i) => {
    members[`field${i}`] = { target: 'smithy.api#String', traits: { 'org.wasmcloud.model#serialization': { name }, 'smithy.api#documentation': strings.doc } };
  });
  shapes[`${NS}#Req`] = {
    type: 'structure',
    members: members as ShapeAst['members'],
    traits: { 'smithy.api#documentation': strings.doc, 'smithy.api#deprecated': { since: strings.deprecated, message: strings.deprecated } },
  };
  return { smithy: strings.version ?? '1.0', shapes };
}

const generate = (ast: SmithyAst) => generateRust(loadModel([ast]), { namespace: NS, params: { no_serde: true } });

/** main() printing each service's contract_id() as hex bytes, one per line. */
const printContractIds = (n: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      `for b in <gen::Svc${i}Sender<wasmbus_rpc::provider::ProviderTransport<'static>> as gen::Svc${i}>::contract_id().bytes() { print!("{:02x}", b); } println!();`,
  ).join('\n');

const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');

describe('Rust text helpers', () => {
  it("leave weld's plain ASCII text unchanged", () => {
    expect(rustString('wasmcloud:keyvalue')).toBe('"wasmcloud:keyvalue"');
    expect(documentation('A record\n\n  indented')).toBe('/// A record\n/// \n///   indented\n');
  });

  it('escape what would end a literal or a comment line', () => {
    expect(rustString('a"b\\c\nd\re\u0000\u202e')).toBe('"a\\"b\\\\c\\nd\\re\\u{0}\\u{202e}"');
    expect(documentation('a\r\nb\rc\u2028d')).toBe('/// a\n/// b\n/// c\\u{2028}d\n');
  });

  it('refuse names that are not identifiers, paths or namespaces', () => {
    expect(checkRustIdent('reset_all', 'x')).toBe('reset_all');
    expect(() => checkRustIdent('a(); evil()', '@rename on ex#Op')).toThrow(
      new SmithyError('@rename on ex#Op: "a(); evil()" is not a Rust identifier (letters, digits and _, not starting with a digit)'),
    );
    expect(checkRustPath('wasmbus_rpc::core', 'x')).toBe('wasmbus_rpc::core');
    expect(() => checkRustPath('a::b; evil', 'crate')).toThrow(SmithyError);
    expect(checkNamespace('org.example_1.calc', 'x')).toBe('org.example_1.calc');
    expect(() => checkNamespace('ex\nfn evil() {}', 'namespace')).toThrow(SmithyError);
  });
});

describe('generated Rust under hostile model strings (compiled with rustc)', () => {
  let rustc: RustCompiler;
  beforeAll(() => {
    rustc = new RustCompiler();
  });
  afterAll(() => rustc.dispose());

  const inject = (where: string) => `compile_error!("INJECTED via ${where}");`;
  const cases = {
    contractIds: [
      `x"; } ${inject('contractId')} fn f() -> &'static str { "`,
      `a\\" ${inject('contractId escape')} //`,
      `line\n} ${inject('contractId newline')} /*`,
      'bidi \u202e and nul \u0000 and cr \r',
    ],
    doc: `ok\n} ${inject('doc newline')}\nok\r} ${inject('doc cr')}\r\n*/ ${inject('doc close')} \u2028 ${inject('doc ls')}`,
    serialization: [`a")] ${inject('@serialization')} #[serde(rename="b`, 'q\\'],
    deprecated: `0.1") ] ${inject('@deprecated')} #[deprecated(note="`,
    version: `1.0"; ${inject('smithy version')} pub const X: &str = "`,
  };

  it('keeps every injected payload inside a literal or a comment', () => {
    const source = generate(hostileModel(cases));
    const result = rustc.compileLib(source);
    expect(result.stderr).not.toContain('INJECTED');
    expect(result).toEqual({ ok: true, stderr: '' });
    // The literals carry the model's exact bytes (rustc decodes them, not us).
    expect(rustc.runMain(printContractIds(cases.contractIds.length)).trim().split('\n')).toEqual(cases.contractIds.map(hex));
  });

  it('is an injection before the fix: the raw payload compiles to the injected code', () => {
    // The same payload pasted as weld pastes it is rejected by rustc with the injected error,
    // which is what makes the test above meaningful.
    const raw = `fn contract_id() -> &'static str { "${cases.contractIds[0]}" }`;
    expect(rustc.compileLib(raw).stderr).toContain('INJECTED via contractId');
  });

  it('round-trips arbitrary Unicode contract ids through rustc (property)', () => {
    // Any code point, with the characters that end literals and comments made frequent.
    const unit = fc.oneof(
      fc.constantFrom('"', '\\', '\n', '\r', '\u2028', '\u202e', '\0', '{', '}', '*/'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    );
    const text = (maxLength: number) => fc.string({ unit, maxLength }).filter((s) => !/[\ud800-\udfff]/.test(s));
    const ids = fc.sample(text(24), { numRuns: 24, seed: 19 }).filter((s) => s !== ''); // an empty contractId means none
    const docs = fc.sample(text(40), { numRuns: 1, seed: 20 })[0];
    const sers = fc.sample(text(16), { numRuns: 8, seed: 21 });
    const result = rustc.compileLib(generate(hostileModel({ contractIds: ids, doc: docs, serialization: sers, deprecated: docs })));
    expect(result).toEqual({ ok: true, stderr: '' });
    expect(rustc.runMain(printContractIds(ids.length)).trim().split('\n')).toEqual(ids.map(hex));
  });

  it('refuses a Rust @rename, a crate path or a file namespace that is not a name', () => {
    const op: SmithyAst = {
      smithy: '1.0',
      shapes: {
        [`${NS}#Svc`]: {
          type: 'service',
          version: '1',
          operations: [{ target: `${NS}#Op` }],
          traits: { 'org.wasmcloud.model#wasmbus': { actorReceive: true } },
        },
        [`${NS}#Op`]: { type: 'operation', traits: { 'org.wasmcloud.model#rename': [{ lang: 'Rust', name: 'x(&self); } fn evil() {' }] } },
      },
    };
    expect(() => generate(op)).toThrow(`@rename (lang "Rust") on ${NS}#Op: "x(&self); } fn evil() {" is not a Rust identifier`);
    const crate: SmithyAst = {
      smithy: '1.0',
      metadata: { package: [{ namespace: 'ex.other', crate: 'x::y; fn evil() {}' }] },
      shapes: { [`${NS}#A`]: { type: 'structure', members: { b: { target: 'ex.other#B' } } }, 'ex.other#B': { type: 'string' } },
    };
    expect(() => generate(crate)).toThrow(`metadata package crate of namespace 'ex.other': "x::y; fn evil() {}" is not a Rust path`);
    expect(() => generateRust(loadModel([]), { namespace: 'ex\nfn evil() {}' })).toThrow(
      '[[rust.files]] namespace: "ex\\nfn evil() {}" is not a Smithy namespace',
    );
  });
});
