import { MemoryHost } from '../../src/discover/host';
import { kubernetesLoader } from '../../src/evaluate/kubernetes';
import { MAX_OBJECTS_PER_FILE } from '../../src/parsers/kubernetes/manifests';
import {
  documentsLargerThan,
  flowNestingBeyond,
  MAX_DOCUMENT_BYTES,
  MAX_DOCUMENTS,
  MAX_FLOW_NESTING,
} from '../../src/parsers/kubernetes/yaml';
import type { LoadResult } from '../../src/model';

async function load(path: string, text: string): Promise<LoadResult> {
  return kubernetesLoader.load([{ path, text }], new MemoryHost({ [path]: text }), {
    varFiles: [],
    parameterFiles: [],
  });
}

const pod = (i: number) =>
  `- {apiVersion: v1, kind: Pod, metadata: {name: p${i}}, spec: {containers: [{name: c, image: x}]}}\n`;
const podList = (n: number) =>
  'apiVersion: v1\nkind: List\nitems:\n' + Array.from({ length: n }, (_, i) => pod(i)).join('');

describe('limits of one manifest file', () => {
  it('checks the first objects of a huge List and notes where it stopped', async () => {
    const r = await load('all.yaml', podList(MAX_OBJECTS_PER_FILE + 10));
    expect(r.resources).toHaveLength(MAX_OBJECTS_PER_FILE);
    expect(r.errors).toEqual([]);
    expect(r.skipped).toEqual([
      {
        file: 'all.yaml',
        line: MAX_OBJECTS_PER_FILE + 4,
        limit: true,
        message: `more than ${MAX_OBJECTS_PER_FILE.toLocaleString('en-US')} Kubernetes objects in one file: the objects from line ${MAX_OBJECTS_PER_FILE + 4} on were not checked`,
      },
    ]);
  });

  it('reads the first documents of a file of a million and notes the rest', async () => {
    const text =
      '---\n'.repeat(1_000_000 - 2) + '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: late}\n';
    const r = await load('docs.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: first}\n' + text);
    expect(r.resources.map((x) => x.name)).toEqual(['first']);
    expect(r.skipped).toEqual([
      {
        file: 'docs.yaml',
        line: MAX_DOCUMENTS + 3,
        limit: true,
        message: `more than 10,000 YAML documents in one file: the documents from line ${MAX_DOCUMENTS + 3} on were not read`,
      },
    ]);
  });

  it('refuses a document larger than the document limit with its size, and reads the others', async () => {
    const big = podList(Math.ceil(MAX_DOCUMENT_BYTES / pod(0).length) + 1);
    const text = `apiVersion: v1\nkind: Namespace\nmetadata: {name: before}\n---\n${big}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: after}\n`;
    const r = await load('big.yaml', text);
    expect(r.resources.map((x) => x.name)).toEqual(['before', 'after']);
    expect(r.resources[1].range.line).toBe(text.split('\n').indexOf('metadata: {name: after}') - 1);
    expect(r.errors).toEqual([
      {
        file: 'big.yaml',
        line: 4,
        column: 1,
        message:
          'YAML document of 1.0 MB is larger than the 1 MB a document may be, and was not read: split it (a List into one document per object)',
      },
    ]);
  });

  it('refuses flow collections nested deeper than the parser can bear, at the bracket past the limit', async () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\ndata:\n  x: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n';
    const r = await load('deep.yaml', text);
    expect(r.errors).toEqual([
      {
        file: 'deep.yaml',
        line: 4,
        column: 6 + MAX_FLOW_NESTING,
        message: `YAML nested deeper than ${MAX_FLOW_NESTING} levels: the file was not read`,
      },
    ]);
  });

  it('counts flow nesting lexically: quoted brackets and comments do not count, each document starts again', () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(flowNestingBeyond(`a: ${deep(10)}\n`, 10)).toBeUndefined();
    expect(flowNestingBeyond(`a: ${deep(11)}\n`, 10)).toBe(13);
    expect(
      flowNestingBeyond(`a: "${'['.repeat(50)}"\nb: '${'{'.repeat(50)}'\n# ${'['.repeat(50)}\n`, 10),
    ).toBe(undefined);
    expect(flowNestingBeyond(`a: ${'['.repeat(8)}\n---\nb: ${'['.repeat(8)}\n`, 10)).toBeUndefined();
  });

  it('finds oversized documents between document markers', () => {
    expect(documentsLargerThan('a: 1\n---\nb: 2\n', 100)).toEqual([]);
    const text = `a: 1\n---\nb: ${'x'.repeat(200)}\n...\nc: 1\n`;
    expect(documentsLargerThan(text, 100)).toEqual([{ start: 5, end: text.indexOf('...') }]);
  });
});
