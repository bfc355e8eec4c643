/**
 * The text of a manifest file, read as kubectl reads it: UTF-8 (with or without a byte order mark), or UTF-16 with a
 * byte order mark. Anything else (an image, an archive, a compiled file, text in another encoding) is not a manifest,
 * and is refused with one line naming the file rather than parsed into a confusing YAML error.
 */
import { isUtf8 } from 'buffer';
import { ManifestError } from './manifest-error';

/**
 * The error for content that is not text.
 *
 * @param source - the file path as given by the user (or another label for the content).
 * @param reason - why, e.g. `it contains NUL bytes`.
 * @param inDirectory - true when the file was found in a directory rather than named.
 */
export function notTextError(source: string, reason: string, inDirectory: boolean): ManifestError {
  return new ManifestError({ source }, `is not a text file (${reason})`, inDirectory
    ? 'move it out of the directory, or rename it: every *.yaml, *.yml and *.json file in a directory is read (as kubectl reads them)'
    : 'give a YAML or JSON manifest');
}

/**
 * Decodes the bytes of a manifest file.
 *
 * @param bytes - the file's content.
 * @param source - the file path as given by the user, for messages.
 * @param inDirectory - true when the file was found in a directory rather than named (for the advice).
 * @returns the text, without a UTF-16 byte order mark (a UTF-8 one is kept: the parser skips it).
 * @throws ManifestError when the content holds NUL bytes or is neither UTF-8 nor UTF-16 with a byte order mark.
 */
export function manifestText(bytes: Buffer, source: string, inDirectory: boolean): string {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16 === undefined) {
    if (bytes.includes(0)) {
      throw notTextError(source, 'it contains NUL bytes', inDirectory);
    }
    if (!isUtf8(bytes)) {
      throw notTextError(source, 'it is not valid UTF-8', inDirectory);
    }
    return bytes.toString('utf8');
  }
  let text: string;
  try {
    text = new TextDecoder(utf16, { fatal: true }).decode(bytes);
  } catch {
    throw notTextError(source, `it starts with a UTF-16 byte order mark but is not valid ${utf16.toUpperCase()}`, inDirectory);
  }
  if (text.includes('\0')) {
    throw notTextError(source, 'it contains NUL characters', inDirectory);
  }
  return text;
}
