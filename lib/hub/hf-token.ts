// Where the Hugging Face token comes from. It is never printed, logged or
// written anywhere; errors mask it (hub-errors.ts).

/** HF_TOKEN, else HF_ACCESS_TOKEN (upstream's name), else undefined; blank counts as unset. */
export function tokenFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const key of ['HF_TOKEN', 'HF_ACCESS_TOKEN']) {
    const v = env[key]?.trim();
    if (v) return v;
  }
  return undefined;
}
