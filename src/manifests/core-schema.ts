/**
 * The YAML 1.2 core schema for js-yaml, resolving plain scalars exactly as the `yaml` library's core schema does, so
 * that both read a manifest to the same values.
 *
 * js-yaml's own CORE_SCHEMA is its JSON schema with extras that `yaml` reads as strings (`0b101`, `-0x1F`, `+0o17`)
 * and without some floats that `yaml` reads as numbers (`-.5`, `+.5`); an explicit `!!float 1` is a number there and a
 * string in `yaml`. Here each tag accepts what `yaml` accepts, and a tag that does not resolve is an error, which
 * sends the text to `yaml` (for its value or its message). No timestamps, binary, sets, pairs or ordered maps.
 */
import { type Schema } from 'js-yaml';
import { jsYamlLibrary } from './yaml-library';

/** `~`, `null`, `Null`, `NULL` and the empty scalar. */
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOLEAN = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const OCTAL = /^0o[0-7]+$/;
const DECIMAL = /^[-+]?[0-9]+$/;
const HEXADECIMAL = /^0x[0-9a-fA-F]+$/;
/** `.inf`, `-.Inf`, `+.INF`, `.nan`, `.NaN`, `.NAN`. */
const SPECIAL_FLOAT = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXPONENT_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FIXED_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

let schema: Schema | undefined;

/** The schema, built (and js-yaml required) on the first call. */
export function coreSchema(): Schema {
  if (schema === undefined) {
    const { FAILSAFE_SCHEMA, Type } = jsYamlLibrary();
    // js-yaml passes `null` for an empty node, a string otherwise.
    const scalar = (tag: string, resolve: (text: string) => boolean, construct: (text: string) => unknown) =>
      new Type(`tag:yaml.org,2002:${tag}`, {
        kind: 'scalar',
        resolve: (text: string | null) => resolve(text ?? ''),
        construct: (text: string | null) => construct(text ?? ''),
      });
    schema = FAILSAFE_SCHEMA.extend({
      implicit: [
        scalar('null', (text) => NULL.test(text), () => null),
        scalar('bool', (text) => BOOLEAN.test(text), (text) => text[0] === 't' || text[0] === 'T'),
        scalar('int', (text) => OCTAL.test(text) || DECIMAL.test(text) || HEXADECIMAL.test(text), integerOf),
        scalar('float', (text) => SPECIAL_FLOAT.test(text) || EXPONENT_FLOAT.test(text) || FIXED_FLOAT.test(text), floatOf),
      ],
    });
  }
  return schema;
}

/** The value of an integer scalar, as `yaml` computes it (`parseInt`, so `-0` is -0 and huge numbers are Infinity). */
function integerOf(text: string): number {
  if (OCTAL.test(text)) {
    return parseInt(text.slice(2), 8);
  }
  return DECIMAL.test(text) ? parseInt(text, 10) : parseInt(text.slice(2), 16);
}

/** The value of a float scalar, as `yaml` computes it. */
function floatOf(text: string): number {
  if (!SPECIAL_FLOAT.test(text)) {
    return parseFloat(text);
  }
  if (text.slice(-3).toLowerCase() === 'nan') {
    return NaN;
  }
  return text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}
