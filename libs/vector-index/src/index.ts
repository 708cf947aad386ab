export { BruteForceVectorIndex, type BruteForceVectorIndexOptions } from './brute-force-vector-index';
export { HNSW_INDEX_FILES } from './hnsw-index-files';
export { HnswVectorIndex, type HnswVectorIndexOptions } from './hnsw-vector-index';
export { InvalidVectorError } from './vector-validation';
