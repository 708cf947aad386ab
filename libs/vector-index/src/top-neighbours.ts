import type { Neighbour } from '@marquee/domain';

/** Keeps the k most similar neighbours offered, in a min-heap so each offer costs O(log k). */
export class TopNeighbours {
  private readonly heap: Neighbour[] = [];

  constructor(private readonly k: number) {}

  /** Similarity a candidate must beat to enter a full heap. */
  get threshold(): number {
    return this.heap.length < this.k ? -Infinity : this.heap[0].similarity;
  }

  offer(id: string, similarity: number): void {
    if (this.k <= 0) return;
    if (this.heap.length < this.k) {
      this.heap.push({ id, similarity });
      this.siftUp(this.heap.length - 1);
    } else if (similarity > this.heap[0].similarity) {
      this.heap[0] = { id, similarity };
      this.siftDown(0);
    }
  }

  /** Best first; equal similarities ordered by id so results are deterministic. */
  toSortedArray(): Neighbour[] {
    return [...this.heap].sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent].similarity <= heap[index].similarity) return;
      [heap[parent], heap[index]] = [heap[index], heap[parent]];
      index = parent;
    }
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && heap[left].similarity < heap[smallest].similarity) smallest = left;
      if (right < heap.length && heap[right].similarity < heap[smallest].similarity) smallest = right;
      if (smallest === index) return;
      [heap[smallest], heap[index]] = [heap[index], heap[smallest]];
      index = smallest;
    }
  }
}
