// Values an engine may have to pass as data to a remote shell; each one is code somewhere.
// Payloads that would run leave a canary: `ctha-canary` in the current directory (sh) or
// C:\ctha-canary.txt, or delete C:\canary.txt (PowerShell). A test asserts neither happened.

/** One hostile value and what it is. */
export interface HostileValue {
  readonly label: string;
  readonly value: string;
}

/** The file a POSIX payload would create in the working directory. */
export const POSIX_CANARY = 'ctha-canary';
/** The host-relative path a PowerShell payload would create on an emulated Windows host. */
export const WINDOWS_CANARY = 'C/ctha-canary.txt';
/** A file PowerShell payloads try to delete; it must survive. */
export const WINDOWS_VICTIM = 'C/canary.txt';

const mixed = `ab'"$\`\\é中🔥 `;

/** Every value both dialects must quote faithfully (or refuse, for NUL). */
export const HOSTILE_CORPUS: readonly HostileValue[] = [
  { label: 'empty string', value: '' },
  { label: 'single quote', value: "'" },
  { label: 'sh single-quote breakout', value: `'; touch ${POSIX_CANARY}; '` },
  { label: 'escaped single quote', value: "\\'" },
  { label: 'double-quote breakout', value: `"; touch ${POSIX_CANARY}; "` },
  { label: 'backslashes and trailing backslash', value: 'C:\\Program Files\\x\\' },
  { label: 'command substitution $()', value: `$(touch ${POSIX_CANARY})` },
  { label: '${IFS} word splitting', value: `a\${IFS}b;touch\${IFS}${POSIX_CANARY}` },
  { label: 'backticks', value: `\`touch ${POSIX_CANARY}\`` },
  { label: 'semicolon', value: `; touch ${POSIX_CANARY}` },
  { label: 'ampersand', value: `& touch ${POSIX_CANARY} &` },
  { label: 'and-list &&', value: `&& touch ${POSIX_CANARY}` },
  { label: 'pipe |', value: `| touch ${POSIX_CANARY}` },
  { label: 'or-list ||', value: `|| touch ${POSIX_CANARY}` },
  { label: 'redirect >', value: `> ${POSIX_CANARY}` },
  { label: 'redirect < and here-doc', value: `< /etc/passwd >> ${POSIX_CANARY} <<EOF` },
  { label: 'cmd %VAR%', value: '%USERNAME%' },
  { label: 'cmd %PATH%', value: '%PATH%;%%' },
  { label: 'cmd delayed !VAR!', value: '!PATH! !' },
  { label: 'PowerShell $env:PATH', value: '$env:PATH ${env:PATH}' },
  { label: 'PowerShell subexpression', value: '$(Set-Content -Path C:\\ctha-canary.txt -Value x)' },
  { label: 'PowerShell single-quote breakout', value: "'; Set-Content -Path C:\\ctha-canary.txt -Value x; Remove-Item C:\\canary.txt; '" },
  { label: 'PowerShell typographic-quote breakout', value: '’; Set-Content -Path C:\\ctha-canary.txt -Value x; ‘' },
  { label: 'typographic quotes of every kind', value: '‘ ’ ‚ ‛ “ ” „ ‟ it’s' },
  { label: 'PowerShell here-string', value: "@'\nhere\n'@" },
  { label: 'PowerShell comment and escape', value: '#x <# y #> `n `$' },
  { label: 'newline then command', value: `line1\ntouch ${POSIX_CANARY}\n` },
  { label: 'CRLF', value: 'a\r\nb\r\n' },
  { label: 'lone CR', value: 'a\rb' },
  { label: 'tabs', value: '\ta\tb\t' },
  { label: 'leading dash', value: '-rf' },
  { label: 'leading double dash', value: '--help' },
  { label: 'glob *', value: '*' },
  { label: 'glob ?', value: '?' },
  { label: 'glob class', value: '[a-z]*' },
  { label: 'tilde', value: '~' },
  { label: 'tilde user', value: '~root/.ssh' },
  { label: 'hash', value: '# not a comment' },
  { label: 'shell variables', value: '$HOME $0 $$ $? $1' },
  { label: 'brace expansion', value: '{a,b}' },
  { label: 'history expansion', value: '!! !-1' },
  { label: 'assignment-looking word', value: 'PATH=/tmp' },
  { label: 'reserved word', value: 'if' },
  { label: 'Cyrillic', value: 'Привет, мир' },
  { label: 'CJK', value: '中文字符' },
  { label: 'emoji with ZWJ', value: '🔥👩‍💻' },
  { label: 'everything at once', value: `'"\`$(x)\${y}%z%!w!;&|<>*?~#\n\r\té中🔥` },
  { label: 'long ASCII (2,000 characters)', value: 'A'.repeat(2_000) },
  { label: `very long mixed (${mixed.length * 1_500} UTF-16 units)`, value: mixed.repeat(1_500) },
  { label: 'NUL inside', value: 'a\0b' },
  { label: 'NUL alone', value: '\0' },
];

/** True for the values no command line can carry. */
export function holdsNul(entry: HostileValue): boolean {
  return entry.value.includes('\0');
}
