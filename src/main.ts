// Placeholder entry for `nest start`; the host bootstrap is written in the foundation issue.
export {};
