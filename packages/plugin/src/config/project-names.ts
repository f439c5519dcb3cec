import { PluginUserError } from '../utils/user-error';

/** One OCI repository path component (distribution's reference grammar). */
const OCI_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/**
 * The repository a project is pushed to, from its wasmcloud.toml `name`. wash has no rule for this
 * (its Makefiles set `PROJECT` by hand, `wash reg push` takes a full URL), and 13 of the 24 classic
 * examples have names such as "Hello World" or "KVCounter (TinyGo)". A name that already is a valid
 * component is only lowercased; otherwise every run of characters OCI does not allow becomes `-`:
 * `hello-world`, `kvcounter-tinygo`. Checked when the graph is built, not after build and sign.
 */
export function repositoryName(name: string, file = 'wasmcloud.toml'): string {
  const lower = name.trim().toLowerCase();
  if (OCI_COMPONENT.test(lower)) return lower;
  const sanitised = lower
    .replace(/[^a-z0-9._-]+/g, '-')
    // Separators OCI rejects (".-", "..", "___") collapse to one dash.
    .replace(/[._-]{2,}/g, (run) => (run === '__' || /^-+$/.test(run) ? run : '-'))
    .replace(/^[._-]+|[._-]+$/g, '');
  if (!OCI_COMPONENT.test(sanitised)) {
    throw new PluginUserError(`${file}: name "${name}" has no letters or digits to name an OCI repository; set name = "my-actor"`);
  }
  return sanitised;
}

/** Characters a project name can hold and still be typed unquoted in `nx run <project>:<target>`. */
const COMMAND_LINE_NAME = /^[A-Za-z0-9][A-Za-z0-9._@/-]*$/;

/**
 * The Nx project name for a wasmcloud.toml `name`: the name itself when it can be typed as is
 * (`KVCounter`, `hello_world`), else its repository name (`Hello World` -> `hello-world`), so
 * `nx run hello-world:push` pushes `<registry>/hello-world`.
 */
export function projectName(name: string, file?: string): string {
  return COMMAND_LINE_NAME.test(name) ? name : repositoryName(name, file);
}
