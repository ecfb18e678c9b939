/**
 * A text field of a submitted form. A missing field — or a file where text was expected, which
 * these forms never send — reads as `fallback`.
 */
export function formString(form: FormData, name: string, fallback = ''): string {
  return entryString(form.get(name), fallback);
}

/** One form entry as text (a file reads as `fallback`). */
export function entryString(value: FormDataEntryValue | null, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}
