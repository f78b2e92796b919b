// The customer's mood scale, apart from the schema so the play page can word a mood without loading valibot.
export const MOOD_MIN = -3;
export const MOOD_MAX = 3;
