/** A credential's UUID at the end of what someone typed, scanned or pasted: a verification link, `urn:uuid:…` or the bare ID. */
const UUID_AT_END = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})[/?#]*$/i;

export function credentialUuidIn(text: string): string | undefined {
  return UUID_AT_END.exec(text.trim())?.[1].toLowerCase();
}
