/**
 * Helpers for the tests of loading manifests: the message of the ManifestError a load throws, and a fresh temporary
 * directory for each test to write manifest files into.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ManifestError } from '../../src/manifests';

/** The message of the ManifestError that `load` throws; fails the test when it throws something else or nothing. */
export function errorOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return (error as Error).message;
  }
  throw new Error('expected a ManifestError');
}

/** The temporary directory of the running test (see {@link useTempDir}). */
export interface TempDir {
  /** The directory, new for each test and removed after it. */
  readonly root: string;
  /** Writes `files` (relative path -> content) under {@link TempDir.root}, creating directories as needed. */
  write(files: Record<string, string>): void;
}

/**
 * Gives each test of the calling scope (a file or a `describe`) a new temporary directory named after `prefix`:
 * registers a `beforeEach` that creates it and an `afterEach` that restores the working directory (a test may
 * `process.chdir` into the directory) and removes it.
 */
export function useTempDir(prefix: string): TempDir {
  let root: string | undefined;
  let cwd: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    cwd = process.cwd();
  });
  afterEach(() => {
    process.chdir(cwd);
    fs.rmSync(root!, { recursive: true, force: true });
    root = undefined;
  });
  const dir: TempDir = {
    get root(): string {
      if (root === undefined) {
        throw new Error('useTempDir: the directory exists only while a test runs');
      }
      return root;
    },
    write(files: Record<string, string>): void {
      for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir.root, file)), { recursive: true });
        fs.writeFileSync(path.join(dir.root, file), content);
      }
    },
  };
  return dir;
}
