export { BruteForceVectorIndex, type BruteForceVectorIndexOptions } from './brute-force-vector-index';
export { HnswVectorIndex, type HnswVectorIndexOptions } from './hnsw-vector-index';
export { InvalidVectorError } from './vector-validation';
