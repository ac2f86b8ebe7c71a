// The .NET objects the emulated cmdlets return: files, hashes, services, drives, versions, encodings.
import type { VStat } from '../../fs/vfs.js';
import { dateTime, formatDate } from './datetime.js';
import { withView } from './format.js';
import { PsObject } from './values.js';

const ITEM_VIEW = {
  name: 'FileSystem',
  group: (item: PsObject) => `Directory: ${String(item.get('DirectoryName') ?? item.get('ParentPath') ?? '')}`,
  columns: [
    { header: 'Mode', value: (item: PsObject) => String(item.get('Mode')).padEnd(20) },
    {
      header: 'LastWriteTime',
      right: true,
      value: (item: PsObject) => formatDate(Number(item.get('LastWriteTimeMs')), 'M/d/yyyy  h:mm tt', false),
    },
    { header: 'Length', right: true, value: (item: PsObject) => (item.get('PSIsContainer') ? '' : String(item.get('Length'))) },
    { header: 'Name', value: (item: PsObject) => String(item.get('Name')) },
  ],
};

/** A FileInfo or DirectoryInfo for a canonical Windows path. */
export function fileItem(path: string, stat: VStat): PsObject {
  const isDir = stat.kind === 'dir';
  const cut = path.lastIndexOf('\\');
  const name = cut <= 2 && path.length <= 3 ? path : path.slice(cut + 1);
  const parent = cut <= 2 ? path.slice(0, 3) : path.slice(0, cut);
  const dot = name.lastIndexOf('.');
  const props: Record<string, string | number | boolean | PsObject | (() => PsObject)> = {
    Name: name,
    FullName: path,
    ...(isDir ? { Parent: parent } : { Length: stat.size, DirectoryName: parent, Extension: dot > 0 ? name.slice(dot) : '' }),
    BaseName: isDir || dot <= 0 ? name : name.slice(0, dot),
    Mode: isDir ? 'd-----' : '-a----',
    // An enum in .NET; as text (what -match sees) `Archive, ReparsePoint` for a symbolic link.
    Attributes: `${isDir ? 'Directory' : 'Archive'}${stat.reparsePoint ? ', ReparsePoint' : ''}`,
    Exists: true,
    PSIsContainer: isDir,
    ParentPath: parent,
    LastWriteTimeMs: stat.mtimeMs,
    LastWriteTime: () => dateTime(stat.mtimeMs, false),
    LastWriteTimeUtc: () => dateTime(stat.mtimeMs, true),
    LastAccessTimeUtc: () => dateTime(stat.atimeMs, true),
  };
  return withView(new PsObject(isDir ? 'System.IO.DirectoryInfo' : 'System.IO.FileInfo', props, {}, () => path), ITEM_VIEW);
}

/** Get-FileHash's result. */
export function fileHash(algorithm: string, hash: string, path: string): PsObject {
  return withView(new PsObject('Microsoft.Powershell.Utility.FileHash', { Algorithm: algorithm, Hash: hash, Path: path }), {
    name: 'FileHash',
    columns: ['Algorithm', 'Hash', 'Path'].map((header) => ({ header, value: (item: PsObject) => String(item.get(header)) })),
  });
}

/** A ServiceController (Status is Running or Stopped; the pending states show as such). */
export function serviceController(status: string): PsObject {
  return withView(
    new PsObject(
      'System.ServiceProcess.ServiceController',
      {
        Status: status,
        Name: 'cybertrace',
        ServiceName: 'cybertrace',
        DisplayName: 'Kaspersky CyberTrace Service',
        StartType: 'Automatic',
      },
      {},
      () => 'System.ServiceProcess.ServiceController',
    ),
    {
      name: 'Service',
      columns: ['Status', 'Name', 'DisplayName'].map((header) => ({ header, value: (item: PsObject) => String(item.get(header)) })),
    },
  );
}

/** A System.Version. */
export function version(major: number, minor: number, build: number, revision: number): PsObject {
  const parts = { Major: major, Minor: minor, Build: build, Revision: revision };
  // System.Version leaves out undefined (-1) build and revision numbers.
  const text = [major, minor, build, revision].filter((part) => part >= 0).join('.');
  return withView(new PsObject('System.Version', parts, {}, () => text), {
    name: 'Version',
    columns: Object.keys(parts).map((header) => ({ header, value: (item: PsObject) => String(item.get(header)) })),
  });
}

/** Get-PSDrive's answer for drive C. */
export function psDrive(usedBytes: number, freeBytes: number): PsObject {
  const gb = (bytes: number): string => (bytes / 2 ** 30).toFixed(2);
  return withView(
    new PsObject(
      'System.Management.Automation.PSDriveInfo',
      { Name: 'C', Used: usedBytes, Free: freeBytes, Provider: 'Microsoft.PowerShell.Core\\FileSystem', Root: 'C:\\', CurrentLocation: '' },
      {},
      () => 'C',
    ),
    {
      name: 'PSDrive',
      columns: [
        { header: 'Name', value: () => 'C' },
        { header: 'Used (GB)', right: true, value: (item: PsObject) => gb(Number(item.get('Used'))) },
        { header: 'Free (GB)', right: true, value: (item: PsObject) => gb(Number(item.get('Free'))) },
        { header: 'Provider', value: () => 'FileSystem' },
        { header: 'Root', value: () => 'C:\\' },
      ],
    },
  );
}

/** A System.Text.Encoding; `id` is what the console layer understands. */
export function encodingObject(id: 'cp437' | 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'ascii'): PsObject {
  const names: Record<typeof id, [string, string, number]> = {
    cp437: ['System.Text.SBCSCodePageEncoding', 'IBM437', 437],
    'utf-8': ['System.Text.UTF8Encoding', 'utf-8', 65001],
    'utf-8-bom': ['System.Text.UTF8Encoding', 'utf-8', 65001],
    'utf-16le': ['System.Text.UnicodeEncoding', 'utf-16', 1200],
    ascii: ['System.Text.ASCIIEncoding', 'us-ascii', 20127],
  };
  const [typeName, webName, codePage] = names[id];
  return new PsObject(typeName, { WebName: webName, CodePage: codePage, EncodingName: webName, LabEncodingId: id }, {}, () => typeName);
}
