/** "DEESC.3 Naming the feeling, PEER.1 …": a competency code is never shown without its name. */
export const named = (ids: readonly string[], names: Record<string, string>) =>
  ids.map((id) => (names[id] ? `${id} ${names[id]}` : id)).join(', ');
