export { hashString, integerBetween, pick, seededRandom, type Random } from './seeded-random';
