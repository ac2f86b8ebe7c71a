// chmod mode operands: octal (`0644`) and symbolic (`u+x,go-w`, `a=r`).

/** Applies a chmod mode operand to a current mode; null when the operand is invalid. */
export function applyModeOperand(operand: string, current: number, isDir: boolean): number | null {
  if (/^[0-7]{1,4}$/.test(operand)) {
    const value = parseInt(operand, 8);
    // GNU chmod keeps a directory's setuid/setgid bits unless the operand names them (5+ digits).
    return isDir && operand.length < 4 ? (current & 0o6000) | value : value;
  }
  let mode = current & 0o7777;
  for (const clause of operand.split(',')) {
    const match = /^([ugoa]*)((?:[-+=][rwxXst]*)+)$/.exec(clause);
    if (!match) return null;
    const who = match[1] || 'a';
    const mask =
      (who.includes('u') || who.includes('a') ? 0o4700 : 0) |
      (who.includes('g') || who.includes('a') ? 0o2070 : 0) |
      (who.includes('o') || who.includes('a') ? 0o1007 : 0);
    for (const action of (match[2] ?? '').match(/[-+=][rwxXst]*/g) ?? []) {
      let bits = 0;
      for (const perm of action.slice(1)) {
        if (perm === 'r') bits |= 0o444;
        if (perm === 'w') bits |= 0o222;
        if (perm === 'x' || (perm === 'X' && (isDir || (current & 0o111) !== 0))) bits |= 0o111;
        if (perm === 's') bits |= 0o6000;
        if (perm === 't') bits |= 0o1000;
      }
      bits &= mask;
      if (action[0] === '+') mode |= bits;
      else if (action[0] === '-') mode &= ~bits;
      else mode = (mode & ~mask) | bits;
    }
  }
  return mode;
}
