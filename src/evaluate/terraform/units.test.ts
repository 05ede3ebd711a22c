import type { FamilyUnit, SourceFile } from '../../model';
import { terraformUnits } from './units';

/** Entries as display paths, each unit as the paths of its entries. */
function unitsOf(files: Record<string, string>): string[][] {
  const entries: SourceFile[] = Object.entries(files).map(([path, text]) => ({ path, text }) as SourceFile);
  const host = { readFile: () => undefined, listDir: () => [] };
  return terraformUnits(entries, host).map((unit) =>
    (Array.isArray(unit) ? unit : (unit as FamilyUnit).entries).map((e) => e.path),
  );
}

describe('Terraform units', () => {
  it('links folders through calls, and tells roots by the calls outside comment lines', () => {
    expect(
      unitsOf({
        'a/main.tf': 'module "m" {\n  source = "../m"\n}\n',
        // Commented out: linked with m (a generous reading), but a root of its own.
        'b/main.tf': '# module "m" {\n#   source = "../m"\n# }\nresource "x" "y" {}\n',
        // Called from a file with a comment line.
        'c/main.tf': '# the shared module\nmodule "m" {\n  source = "../m"\n}\n',
        'm/main.tf': 'resource "x" "y" {}\n',
        // No `./` at all, a comment line: linked with nothing.
        'd/main.tf': '# a comment\nresource "x" "y" {}\n',
      }),
    ).toEqual([['a/main.tf', 'm/main.tf'], ['b/main.tf'], ['c/main.tf', 'm/main.tf'], ['d/main.tf']]);
  });
});
