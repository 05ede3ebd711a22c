import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runScan } from '../../src/engine/scan';

describe('onDiscovered', () => {
  it('tells, once, the bytes of source the scan reads (the CLI leans V8 heap growth on it)', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-discovered-'));
    const files: Record<string, string> = {
      'main.tf': 'resource "azurerm_kubernetes_cluster" "a" {\n  name = "a"\n}\n',
      'k8s/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n',
      'notes.txt': 'not source',
    };
    try {
      for (const [rel, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(cwd, rel)), { recursive: true });
        fs.writeFileSync(path.join(cwd, rel), text);
      }
      const told: number[] = [];
      await runScan({ cwd, paths: ['.'], onDiscovered: (bytes) => told.push(bytes) });
      expect(told).toEqual([files['main.tf'].length + files['k8s/pod.yaml'].length]);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});
