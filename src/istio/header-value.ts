/**
 * Values of header operations (`headers.request.set`, `headers.response.add`, ...): Envoy reads them as format strings,
 * where `%VARIABLE%` or `%VARIABLE(args)%` is replaced and `%%` is a literal percent sign; istiod refuses values Envoy
 * could not parse, and values with control characters other than tab (istio/istio
 * `pkg/config/validation/validation.go` `ValidateHTTPHeaderValue`, `header_value_validator.go`).
 */
import { cachedVerdicts } from './verdict-cache';

/** Control characters other than horizontal tab. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** Where the scanner is within a format string. */
const enum Scan {
  /** Plain text. */
  Literal,
  /** In `%NAME`, after the opening `%`. */
  Name,
  /** After `%NAME(`, before the arguments. */
  ArgsStart,
  /** Before a quoted argument. */
  QuoteStart,
  /** Inside an argument. */
  Argument,
  /** After an argument, before `,` or `]`. */
  AfterArgument,
  /** After `]`, before `)`. */
  ArgsEnd,
  /** After `)`, before the closing `%`. */
  VariableEnd,
}

/** Why Envoy cannot use `value` as a header value, or undefined when it can (each value is parsed once). */
export const headerValueProblem: (value: string) => string | undefined = cachedVerdicts(parseProblem);

function parseProblem(value: string): string | undefined {
  if (CONTROL.test(value)) {
    return 'contains a control character';
  }
  let state = Scan.Literal;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    const next = i + 1 < value.length ? value[i + 1] : undefined;
    switch (state) {
      case Scan.Literal:
        if (ch !== '%') break;
        if (next === undefined) return "ends with a single '%' (write %% for a literal percent sign)";
        if (next === '%') {
          i++;
        } else {
          state = Scan.Name;
        }
        break;
      case Scan.Name:
        if (ch === '%') state = Scan.Literal;
        else if (ch === '(') state = Scan.ArgsStart;
        break;
      case Scan.ArgsStart:
        if (ch === '[') state = Scan.QuoteStart;
        else if (ch !== ' ') state = Scan.Argument;
        break;
      case Scan.AfterArgument:
        if (ch === ',') state = Scan.QuoteStart;
        else if (ch === ']') state = Scan.ArgsEnd;
        else if (ch !== ' ') return `has '${ch}' where ',' or ']' is expected in a %VARIABLE(...)% expression`;
        break;
      case Scan.QuoteStart:
        if (ch === '"') state = Scan.Argument;
        else if (ch !== ' ') return `has '${ch}' where '"' is expected in a %VARIABLE(...)% expression`;
        break;
      case Scan.Argument:
        if (ch === '\\') {
          if (next === undefined) return 'ends inside a backslash escape';
          i++;
        } else if (ch === ')') {
          state = Scan.VariableEnd;
        } else if (ch === '"') {
          state = Scan.AfterArgument;
        }
        break;
      case Scan.ArgsEnd:
        if (ch === ')') state = Scan.VariableEnd;
        else if (ch !== ' ') return `has '${ch}' where ')' is expected in a %VARIABLE(...)% expression`;
        break;
      case Scan.VariableEnd:
        if (ch === '%') state = Scan.Literal;
        else if (ch !== ' ') return `has '${ch}' where the closing '%' is expected`;
        break;
    }
  }
  return state === Scan.Literal ? undefined : 'has an unterminated %VARIABLE% expression (write %% for a literal percent sign)';
}
