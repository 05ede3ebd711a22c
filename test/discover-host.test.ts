import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FsHost } from '../src/discover/host';

describe('FsHost', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-host-')));
    fs.mkdirSync(path.join(cwd, 'infra', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(cwd, 'infra', 'b.tf'), 'b');
    fs.writeFileSync(path.join(cwd, 'infra', 'a.tf'), 'a');
    fs.mkdirSync(path.join(cwd, 'outside'));
    fs.writeFileSync(path.join(cwd, 'outside', 'c.tf'), 'c');
  });
  afterEach(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it('lists the files of a folder below its roots, sorted, as display paths', () => {
    const host = new FsHost(cwd, [path.join(cwd, 'infra')]);
    expect(host.listDir('infra')).toEqual(['infra/a.tf', 'infra/b.tf']);
    expect(host.listDir('./infra/')).toEqual(['infra/a.tf', 'infra/b.tf']);
    expect(host.listDir('outside')).toEqual([]);
    expect(host.readFile('outside/c.tf')).toBeUndefined();
    expect(host.readFile('infra/a.tf')).toBe('a');
  });

  it('lists a folder as it was when the scan first listed it; a list a caller changes is its own', () => {
    const host = new FsHost(cwd, [cwd]);
    const first = host.listDir('infra');
    first.push('infra/z.tf');
    fs.writeFileSync(path.join(cwd, 'infra', 'c.tf'), 'c');
    expect(host.listDir('infra')).toEqual(['infra/a.tf', 'infra/b.tf']);
    // The next scan has a host of its own.
    expect(new FsHost(cwd, [cwd]).listDir('infra')).toEqual(['infra/a.tf', 'infra/b.tf', 'infra/c.tf']);
  });
});
