import { describe, expect, it } from 'vitest';
import { fileNameProblem, folderOf, joinPath } from '../../renderer/files/browse-request.js';

describe('browse request helpers', () => {
  it('take the folder of a typed path, POSIX or Windows', () => {
    expect(folderOf('/home/e/clusters/customer.ctha.json')).toBe('/home/e/clusters');
    expect(folderOf('/customer.ctha.json')).toBe('/');
    expect(folderOf('C:\\Users\\e\\customer.ctha.json')).toBe('C:\\Users\\e');
    expect(folderOf('customer.ctha.json')).toBeUndefined();
    expect(folderOf(undefined)).toBeUndefined();
  });

  it('join a name to a folder with its own separator', () => {
    expect(joinPath('/home/e', 'x.json')).toBe('/home/e/x.json');
    expect(joinPath('/', 'x.json')).toBe('/x.json');
    expect(joinPath('C:\\Users\\e', 'x.json')).toBe('C:\\Users\\e\\x.json');
  });

  it('refuse a save name that is empty or a path', () => {
    expect(fileNameProblem('customer.ctha.json')).toBeUndefined();
    expect(fileNameProblem('  ')).toBe('Enter a file name.');
    expect(fileNameProblem('..')).toBe('Enter a file name.');
    expect(fileNameProblem('../etc/passwd')).toBe('A file name, not a path: pick the folder above.');
    expect(fileNameProblem('a\\b.json')).toBe('A file name, not a path: pick the folder above.');
  });
});
