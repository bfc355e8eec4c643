/**
 * Writing long text output (a route table of 200,000 rows, 200,000 findings) in chunks, so that the whole text never
 * exists as one string: joined, it would take as much memory again as the lines, and again when written out.
 */
import { CliIo } from './common';

/** The size of a chunk, in characters: large enough that writes cost nothing, small enough to hold many times. */
const CHUNK_CHARACTERS = 1_048_576;

/**
 * Writes `lines` to standard output, each followed by a newline, in chunks of about a megabyte: the same text as
 * `io.stdout(lines.join('\n') + '\n')` (nothing for no lines).
 */
export function writeLines(io: CliIo, lines: Iterable<string>): void {
  let chunk: string[] = [];
  let size = 0;
  for (const line of lines) {
    chunk.push(line);
    size += line.length + 1;
    if (size >= CHUNK_CHARACTERS) {
      io.stdout(`${chunk.join('\n')}\n`);
      chunk = [];
      size = 0;
    }
  }
  if (chunk.length > 0) {
    io.stdout(`${chunk.join('\n')}\n`);
  }
}
