/** ISO-8601 UTC with milliseconds: how the pipeline stores times (they sort as text). */
export const isoNow = (): string => new Date().toISOString();

export const isoIn = (ms: number): string => new Date(Date.now() + ms).toISOString();
