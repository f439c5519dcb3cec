import { sign, Signed, watActorModule } from './fixtures';
import { FAMILIES } from './wat-actor';

export { bytes, text } from './fixtures';

/** A freshly signed WAT actor of one family, with the builtins claimed. */
export function FAMILIES_SIGNED(family: keyof typeof FAMILIES, caps: string[] = []): Promise<Signed> {
  return sign(watActorModule(FAMILIES[family]), { name: `wat-${family}`, caps });
}
