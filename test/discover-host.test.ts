import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discover } from '../src/discover';
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

  it('reads a file as it was when the scan first read it', () => {
    const host = new FsHost(cwd, [cwd]);
    expect(host.readFile('infra/a.tf')).toBe('a');
    expect(host.readFile('infra/c.tf')).toBeUndefined();
    fs.writeFileSync(path.join(cwd, 'infra', 'a.tf'), 'changed');
    fs.writeFileSync(path.join(cwd, 'infra', 'c.tf'), 'c');
    expect(host.readFile('./infra/a.tf')).toBe('a');
    expect(host.readFile(path.join(cwd, 'infra', 'c.tf'))).toBeUndefined();
    // The next scan has a host of its own.
    const next = new FsHost(cwd, [cwd]);
    expect([next.readFile('infra/a.tf'), next.readFile('infra/c.tf')]).toEqual(['changed', 'c']);
  });

  it("answers from discovery's listings for the folders it walked, and lists the others itself", async () => {
    fs.mkdirSync(path.join(cwd, '.hidden'));
    fs.writeFileSync(path.join(cwd, '.hidden', 'h.tf'), 'h');
    const found = await discover(['.'], { cwd });
    expect([...found.listings.keys()].sort()).toEqual(
      [cwd, path.join(cwd, 'infra'), path.join(cwd, 'infra', 'sub'), path.join(cwd, 'outside')].sort(),
    );
    // Written after discovery: a host from its listings sees the folder as discovery did.
    fs.writeFileSync(path.join(cwd, 'infra', 'c.tf'), 'c');
    const host = new FsHost(cwd, [cwd], found.listings);
    expect(host.listDir('infra')).toEqual(['infra/a.tf', 'infra/b.tf']);
    expect(host.readFile('infra/c.tf')).toBeUndefined();
    expect(host.readFile('infra/a.tf')).toBe('a');
    expect(host.listDir('.hidden')).toEqual(['.hidden/h.tf']);
    expect(host.readFile('.hidden/h.tf')).toBe('h');
    expect(new FsHost(cwd, [cwd]).listDir('infra')).toEqual(['infra/a.tf', 'infra/b.tf', 'infra/c.tf']);
  });

  describe('links', () => {
    let elsewhere: string;
    beforeEach(() => {
      elsewhere = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-elsewhere-')));
      fs.writeFileSync(path.join(elsewhere, 'secret.tf'), 'secret');
      fs.symlinkSync(path.join(elsewhere, 'secret.tf'), path.join(cwd, 'infra', 'out.tf'));
      fs.symlinkSync(elsewhere, path.join(cwd, 'infra', 'out-dir'));
      fs.symlinkSync(path.join(cwd, 'infra', 'a.tf'), path.join(cwd, 'infra', 'in.tf'));
      fs.symlinkSync(path.join(cwd, 'infra', 'sub'), path.join(cwd, 'infra', 'in-dir'));
      fs.writeFileSync(path.join(cwd, 'infra', 'sub', 'd.tf'), 'd');
    });
    afterEach(() => fs.rmSync(elsewhere, { recursive: true, force: true }));

    it('refuses a file or folder a link takes out of the roots, and reads one it keeps inside', () => {
      const host = new FsHost(cwd, [path.join(cwd, 'infra')]);
      expect(host.readFile('infra/out.tf')).toBeUndefined();
      expect(host.readFile('infra/out-dir/secret.tf')).toBeUndefined();
      expect(host.listDir('infra/out-dir')).toEqual([]);
      expect(host.readFile('infra/in.tf')).toBe('a');
      expect(host.readFile('infra/in-dir/d.tf')).toBe('d');
      expect(host.listDir('infra/in-dir')).toEqual(['infra/in-dir/d.tf']);
      // A folder's listing holds its files, not its links.
      expect(host.listDir('infra')).toEqual(['infra/a.tf', 'infra/b.tf']);
    });

    it('reads a file named as a root outside the scanned folders, and nothing beside it', () => {
      fs.writeFileSync(path.join(elsewhere, 'prod.tfvars'), 'x = 1');
      const host = new FsHost(cwd, [path.join(cwd, 'infra'), path.join(elsewhere, 'prod.tfvars')]);
      expect(host.readFile(path.join(elsewhere, 'prod.tfvars'))).toBe('x = 1');
      expect(host.readFile(path.join(elsewhere, 'secret.tf'))).toBeUndefined();
      expect(host.readFile('infra/out.tf')).toBeUndefined();
    });

    it('reads nothing that is not a file: folders, missing files, links to folders', () => {
      const host = new FsHost(cwd, [cwd]);
      expect(host.readFile('infra/sub')).toBeUndefined();
      expect(host.readFile('infra/in-dir')).toBeUndefined();
      expect(host.readFile('infra/missing.tf')).toBeUndefined();
      expect(host.readFile('missing/a.tf')).toBeUndefined();
      expect(host.listDir('infra/a.tf')).toEqual([]);
      expect(host.listDir('missing')).toEqual([]);
    });
  });
});
