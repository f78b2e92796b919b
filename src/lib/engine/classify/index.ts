// The typed-reply classifier: pure, offline. Import it lazily from the play page (it needs /content/cues.json).
export { classify, classifyWithScores, CONFIDENCE_THRESHOLD, type ClassifyInput } from './classify';
export { nearestChoice } from './nearest';
export type { Classification, CueLang, CueSet, Evidence } from './types';
