/** `apps'` for a name ending in s, `staging's` otherwise: how messages say an environment's apply. */
export function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}
