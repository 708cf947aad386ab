import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Plain CommonJS shared with the worker thread.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadStaticGraph, readGraph, graphMismatch, PLAIN_GRAPH } = require('./static-graph') as {
  loadStaticGraph: (file: string, options?: { kernel?: 'javascript' }) => StaticGraph | { reason: string };
  readGraph: (buf: Buffer) => Graph;
  graphMismatch: (graph: Graph) => string | undefined;
  PLAIN_GRAPH: string[];
};

interface StaticGraph {
  dimension: number;
  kernel: 'webassembly' | 'javascript';
  embed: (rows: { input_ids: number[]; attention_mask?: number[] }[]) => Float32Array;
}
interface Graph {
  nodes: { op: string; inputs: string[]; outputs: string[]; attributes: { name: string; i?: number; type?: number }[] }[];
  initializers: Map<string, { name: string; type: number; dims: number[]; raw: Buffer }>;
}

const BUNDLED = join(__dirname, '..', '..', '..', 'models', 'marquee-multilingual', 'onnx', 'model.onnx');
const describeIfBundled = existsSync(BUNDLED) ? describe : describe.skip;

/** Deterministic token rows over the vocabulary: short, long, repeated tokens, [PAD] and [UNK]. */
const rowsOver = (vocabulary: number): { input_ids: number[] }[] => {
  let state = 12345;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state;
  };
  const rows = [1, 2, 7, 40, 70, 150, 512].map((length) => ({ input_ids: Array.from({ length }, () => next() % vocabulary) }));
  rows.push({ input_ids: [5, 5, 5, 9, 9, 1, 0] }, { input_ids: [1] }, { input_ids: [0] });
  return rows;
};

describeIfBundled('the static graph mirrored in JavaScript (bundled model)', () => {
  let graph: Graph;
  let mirror: StaticGraph;
  beforeAll(() => {
    graph = readGraph(readFileSync(BUNDLED));
    mirror = loadStaticGraph(BUNDLED) as StaticGraph;
  });

  it('reads the nodes and tables of the bundled graph, which is the graph mirrored', () => {
    expect(graph.nodes.map((n) => n.op)).toEqual(PLAIN_GRAPH.map((line) => line.split(' ')[0]));
    expect(graph.initializers.get('concept_int8')?.dims).toEqual([expect.any(Number), 384]);
    expect(graphMismatch(graph)).toBeUndefined();
  });

  it('refuses a graph that differs in a node, an attribute or a constant', () => {
    const withNode = (i: number, change: (node: Graph['nodes'][number]) => Graph['nodes'][number]): Graph => ({
      ...graph,
      nodes: graph.nodes.map((node, j) => (j === i ? change(node) : node)),
    });
    expect(graphMismatch(withNode(17, (n) => ({ ...n, op: 'Mul' })))).toMatch(/node 17/);
    expect(graphMismatch(withNode(3, (n) => ({ ...n, attributes: [{ name: 'axis', i: 0, type: 2 }] })))).toMatch(/node 3/);
    expect(graphMismatch({ ...graph, nodes: graph.nodes.slice(1) })).toMatch(/nodes/);
    const initializers = new Map(graph.initializers);
    const one = graph.initializers.get('one')!;
    const two = Buffer.alloc(4);
    two.writeFloatLE(2);
    initializers.set('one', { ...one, raw: two });
    expect(graphMismatch({ ...graph, initializers })).toMatch(/constant one/);
  });

  it('gives the same vectors with the WebAssembly and the JavaScript kernel', () => {
    const fast = mirror;
    const plain = loadStaticGraph(BUNDLED, { kernel: 'javascript' }) as StaticGraph;
    expect(plain.kernel).toBe('javascript');
    const rows = rowsOver(graph.initializers.get('list_base')!.dims[0]);
    const a = fast.embed(rows);
    const b = plain.embed(rows);
    expect(a).toHaveLength(rows.length * 384);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst).toBeLessThan(1e-5);
    // a text with tokens has a vector; every text gets the same vector alone as in a batch
    expect(a.subarray(0, 384).some((x) => x !== 0)).toBe(true);
    expect(Array.from(fast.embed([rows[4]]))).toEqual(Array.from(a.subarray(4 * 384, 5 * 384)));
  });

  it('embeds a row without tokens as the zero vector and counts only the masked-in tokens', () => {
    expect(Array.from(mirror.embed([{ input_ids: [] }])).every((x) => x === 0)).toBe(true);
    // [PAD] (id 0) carries no weight and no language evidence: masked out it changes only the token count
    const [text] = rowsOver(1000).slice(4, 5);
    const plain = mirror.embed([text]);
    const padded = mirror.embed([{ input_ids: [...text.input_ids, 0, 0], attention_mask: [...text.input_ids.map(() => 1), 0, 0] }]);
    plain.forEach((x, d) => expect(padded[d]).toBeCloseTo(x, 6));
  });

  it('refuses token ids outside the vocabulary', () => {
    expect(() => mirror.embed([{ input_ids: [1e9] }])).toThrow(RangeError);
  });
});
