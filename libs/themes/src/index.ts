export { classTfIdf, contentWords, namesIn } from './class-tf-idf';
export { candidateKs, computeThemes, themeLabel, themeShares, type ThemeFilm, type ThemeSettings } from './compute-themes';
export { silhouetteScore } from './silhouette';
export { nearestCentroid, sphericalKMeans, type Clustering } from './spherical-k-means';
export { matchThemeIds } from './theme-matching';
