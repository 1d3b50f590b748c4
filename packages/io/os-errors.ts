/**
 * OS error codes in plain words, and the CLI's exit code for each: 2 when the path the user gave
 * is wrong (no such folder, no permission, a folder where a file is expected, a read-only file
 * system), 1 when the machine is the problem (disk full, too many open files, an I/O error) — the
 * same command may succeed later without changing it.
 */
const PLAIN: Record<string, { text: string; exit: 1 | 2 }> = {
  ENOSPC: { text: 'disk full (no space left on the device)', exit: 1 },
  EDQUOT: { text: 'disk quota exceeded', exit: 1 },
  EACCES: { text: 'permission denied', exit: 2 },
  EPERM: { text: 'operation not permitted', exit: 2 },
  EISDIR: { text: 'is a folder, not a file', exit: 2 },
  ENOTDIR: { text: 'a part of the path is a file, not a folder', exit: 2 },
  EROFS: { text: 'read-only file system', exit: 2 },
  ENOENT: { text: 'no such file or folder', exit: 2 },
  EEXIST: { text: 'already exists', exit: 2 },
  ENAMETOOLONG: { text: 'path too long', exit: 2 },
  ELOOP: { text: 'too many levels of symbolic links', exit: 2 },
  EXDEV: { text: 'cannot move across file systems', exit: 2 },
  EINVAL: { text: 'not a writable file here', exit: 2 },
  EBUSY: { text: 'busy (in use by the system)', exit: 2 },
  EMFILE: { text: 'too many open files (raise `ulimit -n`)', exit: 1 },
  ENFILE: { text: 'too many open files in the system', exit: 1 },
  EIO: { text: 'input/output error (the device failed)', exit: 1 },
  EFBIG: { text: 'file too large for the file system', exit: 1 },
  EBADF: { text: 'the file was already closed', exit: 1 },
};

/** Plain words for an OS error code (the code in brackets); unknown codes give the OS message. */
export function osErrorText(code: string | undefined, cause?: unknown): string {
  const p = code ? PLAIN[code] : undefined;
  if (p) return `${p.text} (${code})`;
  const msg = (cause as Error)?.message;
  return msg ? msg.replace(/^[A-Z]+: /, '') : 'failed';
}

/** The CLI exit code for an OS error code: 2 for a bad path, 1 for the machine (see above); undefined for no OS error. */
export function osErrorExitCode(code: string | undefined): 1 | 2 | undefined {
  return code ? PLAIN[code]?.exit : undefined;
}

/** True for an error the OS raised (it has a known `code` such as ENOENT). */
export function isOsError(e: unknown): e is NodeJS.ErrnoException {
  const code = (e as NodeJS.ErrnoException)?.code;
  return typeof code === 'string' && code in PLAIN;
}
