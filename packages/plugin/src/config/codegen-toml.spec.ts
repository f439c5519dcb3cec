import { parseCodegenPlan } from './codegen-toml';

describe('parseCodegenPlan', () => {
  it('lists local model paths and the files each language generates', () => {
    const plan = parseCodegenPlan(
      `[[models]]
url = "https://wasmcloud.github.io/interfaces/idl/org.wasmcloud"
files = [ "wasmcloud-core.smithy", "wasmcloud-model.smithy" ]

[[models]]
path = "."
files = [ "factorial.smithy" ]

[[models]]
path = "../shared/models"

[html]
output_dir = "html"

[rust]
output_dir = "rust"

[[rust.files]]
path = "src/factorial.rs"
namespace = "org.wasmcloud.interface.factorial"
`,
      'factorial/codegen.toml',
    );
    expect(plan.modelPaths).toEqual(['./factorial.smithy', '../shared/models']);
    expect(plan.languages).toEqual({ html: { outputDir: 'html', files: [] }, rust: { outputDir: 'rust', files: ['src/factorial.rs'] } });
  });

  it('rejects a language without output_dir as a user error naming the file', () => {
    expect(() => parseCodegenPlan('[rust]\nx = 1\n', 'i/codegen.toml')).toThrow(
      expect.objectContaining({ isUserError: true, message: expect.stringContaining('i/codegen.toml') }),
    );
  });
});
