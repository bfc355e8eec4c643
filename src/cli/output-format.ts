/**
 * `-o, --output <format>`, as kubectl and istioctl take it: `json` and `yaml` for data, `wide` for a table with more
 * columns, `log` for istioctl analyze's name of its default text. Each command accepts the formats that make sense
 * for it; no `-o` means the command's readable text.
 */
import { Option } from 'commander';
import { CliIo, UsageError } from './common';
import { yamlLibrary } from '../manifests/yaml-library';

/** A value of `-o`: `json` and `yaml` print data; `wide` is the text table with extra columns; `log` is istioctl analyze's default text. */
export type OutputFormat = 'json' | 'yaml' | 'wide' | 'log';

/** The options of a command with `-o` and the older `--json` (which means `-o json`, unless the command says otherwise). */
export interface OutputOptions {
  /** `-o, --output`, already checked and lower-cased. */
  readonly output?: OutputFormat;
  /** `--json`. */
  readonly json?: boolean;
}

/**
 * The `-o, --output <format>` option of a command, accepting `formats` (in any case, as istioctl does); another value
 * is a usage error naming the accepted ones.
 *
 * @param command - the command's name, for the message.
 * @param formats - the formats the command prints, e.g. `['json', 'yaml', 'wide']`.
 * @param description - what the formats print, for the help; a default sentence when omitted.
 */
export function outputOption(command: string, formats: readonly OutputFormat[], description?: string): Option {
  const accepted = listWords(formats);
  return new Option('-o, --output <format>', description ?? `output format: ${accepted} (default: readable text)`)
    .argParser((value: string): OutputFormat => {
      const format = formats.find((f) => f === value.trim().toLowerCase());
      if (format === undefined) {
        throw new UsageError(`-o, --output '${value}' is not an output format of ${command}; use ${accepted}`);
      }
      return format;
    });
}

/**
 * The `--json` option, kept beside `-o`: using both is a usage error.
 *
 * @param description - what `--json` prints.
 */
export function jsonOption(description: string): Option {
  return new Option('--json', description).conflicts('output');
}

/** The format a command prints: `-o`, else `json` for `--json`, else undefined for the readable text. */
export function outputFormat(options: OutputOptions): OutputFormat | undefined {
  return options.output ?? (options.json ? 'json' : undefined);
}

/**
 * Writes `value` as indented JSON or as YAML, with a final newline. The YAML holds the same data as the JSON: the
 * value goes through JSON first, so fields that JSON drops (undefined) are dropped, and shared objects are written
 * out in full rather than as YAML anchors and aliases.
 *
 * @param io - where to write.
 * @param format - `json` or `yaml`.
 * @param value - JSON-serializable data.
 */
export function writeData(io: CliIo, format: 'json' | 'yaml', value: unknown): void {
  const json = JSON.stringify(value, null, 2);
  io.stdout(format === 'json' ? `${json}\n` : yamlLibrary().stringify(JSON.parse(json), { lineWidth: 0 }));
}

/** `json or yaml`, `json, yaml or wide`. */
function listWords(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
